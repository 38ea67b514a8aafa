"""Disqus comments (its XML export): the comment system of most ABlog and many Jekyll blogs. No Sphinx,
no files written here.

An export holds the forum's threads (one per page that had a comment box: its address and title) and
its posts (the comments: message as HTML, date, author, thread, parent). Comments are matched to the
reports an earlier ``newsletter import`` of the blog wrote, by the import's ledger: the addresses it
recorded for each post, else the last part of the thread's address against the report's name. Deleted
and spam comments are never written; neither are e-mail addresses. The XML is read with defusedxml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from sphinx_newsletter.importing.files import as_date
from sphinx_newsletter.importing.markup import Conversion, html_to_markdown
from sphinx_newsletter.importing.model import MAX_COMMENTS_PER_POST, Comment, SourceError
from sphinx_newsletter.importing.wordpress import export_bytes, parse_export

DISQUS = "{http://disqus.com}"
INTERNALS = "{http://disqus.com/disqus-internals}"


@dataclass
class Thread:
    key: str  # Disqus's id of the thread
    link: str
    title: str
    identifier: str = ""  # the page's own identifier (often its address, or a path)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class DisqusExport:
    forum: str
    threads: dict[str, Thread] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)  # why -> how many

    def leave_out(self, why: str) -> None:
        self.left_out[why] = self.left_out.get(why, 0) + 1


def _text(element: Element | None, name: str) -> str:
    child = element.find(DISQUS + name) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def _yes(element: Element | None, name: str) -> bool:
    return _text(element, name).lower() == "true"


HOW_TO_EXPORT = "Disqus: Admin → Moderation → Export"
START = re.compile(rb"<(category|thread|post)\b")
DISQUS_ROOT = re.compile(rb'<disqus\b[^>]*\bxmlns="http://disqus.com"')
ROOT = (b'<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">%s</disqus>')


def read_root(path: Path) -> tuple[Element, list[str]]:
    """The export's root element, and what could not be read of it. An export whose XML is broken in
    one place (a hand-edited comment) is read element by element: each ``<category>``, ``<thread>`` and
    ``<post>`` on its own (with defusedxml, as the whole), and those that are not well-formed are named
    with their line, so that one broken comment does not cost all the others."""
    data = export_bytes(path)
    try:
        return parse_export(data, HOW_TO_EXPORT), []
    except SourceError as refusal:
        if "not well-formed" not in str(refusal) or not DISQUS_ROOT.search(data[:4096]):
            raise
        whole = refusal
    from defusedxml.ElementTree import ParseError

    root = Element(DISQUS + "disqus")
    broken: list[str] = []
    for line, name, element in _elements(data):
        try:
            root.extend(parse_export(ROOT % element, HOW_TO_EXPORT))
        except (SourceError, ParseError) as error:
            cause = error.__cause__ if isinstance(error.__cause__, ParseError) else error
            where = getattr(cause, "position", (1, 0))[0] - 1
            reason = re.search(r"\(([^()]*)\)", str(cause))
            broken.append(f"a <{name}> that is not well-formed XML at line {line + where}"
                          + (f" ({reason.group(1)})" if reason else ""))
    if not len(root):
        raise whole
    return root, broken


def _elements(data: bytes) -> Iterator[tuple[int, str, bytes]]:
    """Each top-level ``<category>``, ``<thread>`` and ``<post>`` of an export (its line, name and text),
    in one pass: an element without its end tag ends the reading (what follows is not told apart)."""
    position, line = 0, 1
    while match := START.search(data, position):
        name = match.group(1)
        end = data.find(b"</" + name + b">", match.end())
        if end < 0:
            return
        stop = end + len(name) + 3
        line += data.count(b"\n", position, match.start())
        yield line, name.decode(), data[match.start():stop]
        line += data.count(b"\n", match.start(), stop)
        position = stop


def read_disqus(path: Path) -> DisqusExport:
    """The threads and approved comments of a Disqus export."""
    root, broken = read_root(path)
    if root.tag != DISQUS + "disqus":
        raise SourceError(f"not a Disqus export: its root is not <disqus xmlns=\"http://disqus.com\"> ({HOW_TO_EXPORT})")
    export = DisqusExport(forum="")
    for why in broken:
        export.leave_out(why)
    for element in root.findall(DISQUS + "thread"):
        key = element.get(INTERNALS + "id", "")
        export.forum = export.forum or _text(element, "forum")
        if key:
            export.threads[key] = Thread(key, _text(element, "link"), " ".join(_text(element, "title").split()),
                                         _text(element, "id"))
    for element in root.findall(DISQUS + "post"):
        thread_element = element.find(DISQUS + "thread")
        thread = export.threads.get(thread_element.get(INTERNALS + "id", "") if thread_element is not None else "")
        key = element.get(INTERNALS + "id", "")
        if not key:
            export.leave_out("without Disqus's id of the comment (dsq:id)")
            continue
        if thread is None:
            export.leave_out("answering no thread of the export")
            continue
        if _yes(element, "isSpam"):
            export.leave_out("spam")
            continue
        if _yes(element, "isDeleted"):
            export.leave_out("deleted")
            continue
        day = as_date(_text(element, "createdAt"))
        author = element.find(DISQUS + "author")
        name = _text(author, "name") or _text(author, "username") or "Anonymous"
        conversion = Conversion(comment=True)
        body = html_to_markdown(_text(element, "message"), conversion)
        if day is None or not body.strip():
            export.leave_out("without a date or a message")
            continue
        if len(thread.comments) >= MAX_COMMENTS_PER_POST:
            export.leave_out(f"over {MAX_COMMENTS_PER_POST:,} on one page")
            continue
        parent = element.find(DISQUS + "parent")
        parent_key = parent.get(INTERNALS + "id", "") if parent is not None else ""
        thread.comments.append(Comment(key=f"dq-{key}", author=name, date=day, body=body,
                                       parent=f"dq-{parent_key}" if parent_key else None))
    return export


def normalised(address: str) -> str:
    """An address as pages are matched: no scheme, no ``www.``, no query or fragment, no trailing
    ``/``, ``index.html`` or ``.html``."""
    parts = urlsplit(address.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = re.sub(r"(?:/index)?\.html?$", "", parts.path).rstrip("/")
    return f"{host}{path}"


def last_part(address: str) -> str:
    """The page's name in its address: ``/2012/06/summit-recap/`` → ``summit-recap``."""
    path = re.sub(r"(?:/index)?\.html?$", "", urlsplit(address.strip()).path).rstrip("/")
    return path.rsplit("/", 1)[-1]

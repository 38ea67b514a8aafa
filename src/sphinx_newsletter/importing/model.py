"""What every source reader produces: posts with their comments, already in MyST markdown, and what it
left out and why. No Sphinx, no files written here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_newsletter.core.fields import WEB_URL, Invalid

KINDS = {"wordpress": "WordPress", "jekyll": "Jekyll", "hugo": "Hugo", "ablog": "ABlog", "disqus": "Disqus"}
"""What ``newsletter import`` reads, with the names its summary and feedback files use."""

MAX_COMMENTS_PER_POST = 5_000
"""As many entries as a feedback file shows (``feedback.model.MAX_ENTRIES``)."""
MAX_POSTS = 100_000


def reader_page(url: str | None, key: str, post: Post) -> str | None:
    """A commenter's web page as feedback keeps it (``core.fields.WEB_URL``: http or https); anything
    else is left out, and the editor told."""
    url = (url or "").strip()
    if not url:
        return None
    try:
        return str(WEB_URL.parse(url))
    except Invalid:
        post.notes.append(f"comment {key}: its author's address {url[:80]!r} is not http or https and is left out")
        return None


def failure(error: BaseException) -> str:
    """Why one post or comment could not be imported, for the summary (the rest of the import goes on)."""
    if isinstance(error, RecursionError):
        return "not imported: nested too deeply to convert (lists or quotes hundreds of levels deep)"
    return f"not imported: it could not be converted ({type(error).__name__}: {str(error)[:200]})"


class SourceError(ValueError):
    """An export or site folder that cannot be read at all; the message says why and what to do."""


@dataclass
class Comment:
    """A reader's comment as the source has it, body already converted to markdown."""

    key: str  # the source's stable id, made into the entry's id (its permalink)
    author: str
    date: dt.date
    body: str
    url: str | None = None
    parent: str | None = None  # the key of the comment it answers
    likes: int = 0


@dataclass
class Post:
    """A post that becomes a report. ``origin`` identifies it across imports (its address, or its path
    in the source), ``where`` says where it is in the source for messages."""

    origin: str
    where: str
    title: str
    date: dt.date
    body: str
    slug: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    event: str | None = None
    location: str | None = None
    draft: bool = False
    comments: list[Comment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what needs an editor's attention
    images: list[str] = field(default_factory=list)  # remote images, linked and not downloaded
    pictures: dict[str, Path | bytes] = field(default_factory=dict)  # a picture as the body names it -> its file
    # (of the blog's own folder) or its bytes (a notebook's output)
    addresses: tuple[str, ...] = ()  # other addresses of the post, which links from other posts may use
    identity: str = ""  # the post's stable id in its blog when ``origin`` is not unique (WordPress: its id)


@dataclass
class Skipped:
    """Something of the source that is not imported, and why."""

    where: str
    reason: str


@dataclass
class Source:
    """What a reader found: posts, and what it left out (pages, spam, pingbacks…)."""

    kind: str  # wordpress, jekyll, hugo, ablog
    identity: str = ""  # which blog: its address, else its export's or folder's name (the ledger's key)
    posts: list[Post] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    comments_left_out: dict[str, int] = field(default_factory=dict)  # why -> how many
    notes: list[str] = field(default_factory=list)  # about the source as a whole

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append(Skipped(where, reason))

    def leave_out(self, why: str, count: int = 1) -> None:
        self.comments_left_out[why] = self.comments_left_out.get(why, 0) + count

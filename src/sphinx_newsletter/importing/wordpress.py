"""Read a WordPress export (WXR 1.0–1.2, what Tools → Export writes) into posts and comments.

The export is untrusted: it is parsed with defusedxml (no DTD, no entities, nothing external), after
a size check. Posts become reports; pages, attachments, menu items and other post types do not (an
attachment's address serves ``[gallery]``). Drafts, pending, scheduled, private and password-protected
posts are "unpublished": skipped, or imported with ``draft: true`` (``--unpublished draft``); trashed
ones never. Comments: approved ones only (spam, trash and pending are never written anywhere), threaded
by ``comment_parent``; pingbacks and trackbacks are not reader comments and are left out (counted).
Emails and IP addresses are never read into anything written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from sphinx_newsletter.core.paths import UnsafeFile, read_regular_file
from sphinx_newsletter.importing.files import as_date
from sphinx_newsletter.importing.markup import Conversion, autop, blog_address, html_to_markdown, paragraphs_of
from sphinx_newsletter.importing.model import (
    MAX_COMMENTS_PER_POST,
    MAX_POSTS,
    Comment,
    Post,
    Source,
    SourceError,
    failure,
    reader_page,
)
from sphinx_newsletter.importing.shortcodes import wordpress_shortcodes

MAX_EXPORT_BYTES = 512 * 1024 * 1024
UNPUBLISHED = {"draft": "a draft", "pending": "pending review", "future": "scheduled"}
NEVER = {"trash": "in the trash", "auto-draft": "an automatic draft", "inherit": "a revision",
         "private": "private: never imported (its readers were chosen, and the repository is public)",
         "password": "password-protected: never imported (its readers were chosen, and the repository is public)"}
"""Never imported, whatever the flags: what WordPress shows nobody, or only to readers it chose."""
EVENT_KEYS = ("event", "newsletter_event", "conference")
LOCATION_KEYS = ("location", "newsletter_location", "geo_address", "venue")
LIKE_KEYS = ("likes", "_likes", "comment_like_count", "cld_like_count", "_comment_like_count")
"""Comment meta that plugins use for a comment's likes (WordPress itself keeps none)."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


class _Item:
    """The children of an ``<item>`` (or ``<wp:comment>``) by local name, with their namespace family."""

    def __init__(self, element: Element) -> None:
        self.element = element
        self.values: dict[str, str] = {}
        self.categories: list[tuple[str, str, str]] = []  # (domain, nicename, text)
        self.meta: dict[str, str] = {}
        self.comments: list[Element] = []
        for child in element:
            name, family = _local(child.tag), _family(_namespace(child.tag))
            if name == "category" and not family:
                self.categories.append((child.get("domain", ""), child.get("nicename", ""), child.text or ""))
            elif name in ("postmeta", "commentmeta"):
                key = value = ""
                for part in child:
                    if _local(part.tag) == "meta_key":
                        key = (part.text or "").strip()
                    elif _local(part.tag) == "meta_value":
                        value = part.text or ""
                if key:
                    self.meta[key] = value
            elif name == "comment" and family == "wp":
                self.comments.append(child)
            else:
                self.values.setdefault(f"{family}:{name}" if family else name, child.text or "")

    def get(self, key: str) -> str:
        return self.values.get(key, "")


def _family(namespace: str) -> str:
    if namespace.startswith(("http://wordpress.org/export/", "https://wordpress.org/export/")):  # WordPress.com: https
        return "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    return {"http://purl.org/rss/1.0/modules/content/": "content", "http://purl.org/dc/elements/1.1/": "dc",
            "http://wellformedweb.org/CommentAPI/": "wfw"}.get(namespace, "")


WORDPRESS_EXPORT = "Tools → Export"


def parse_export(data: bytes, how_to_export: str = WORDPRESS_EXPORT) -> Element:
    """The export's root element (defusedxml: a DTD, an entity or anything external is refused);
    ``how_to_export``: where the platform exports it again, for the messages."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise SourceError(f"refused: the export declares a DTD or entities ({type(error).__name__}); an export "
                          f"has none: export it again ({how_to_export})") from error
    except ParseError as error:
        declared = _declare_prefixes(data) if "unbound prefix" in str(error) else None
        if declared is not None:
            try:
                return fromstring(declared, forbid_dtd=True)
            except (DefusedXmlException, ParseError):
                pass
        raise SourceError(f"not well-formed XML ({error}): export it again ({how_to_export}), and do not edit "
                          "it by hand") from error


KNOWN_PREFIXES = {"atom": "http://www.w3.org/2005/Atom", "media": "http://search.yahoo.com/mrss/",
                  "georss": "http://www.georss.org/georss", "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
                  "sy": "http://purl.org/rss/1.0/modules/syndication/", "slash": "http://purl.org/rss/1.0/modules/slash/",
                  "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
"""Namespaces WordPress.com exports use without declaring them (``atom:link`` in the channel)."""
MAX_UNDECLARED = 32


def _declare_prefixes(data: bytes) -> bytes | None:
    """The export with the prefixes it uses but never declares declared on its root element, as
    WordPress and other importers read it (WordPress.com writes ``<atom:link>`` without ``xmlns:atom``):
    known ones with their namespace, others with one of their own. ``None`` when there is nothing to
    add, no ``<rss`` root, or more than a handful of them (a bound: this is a repair, not a parser)."""
    used = set(re.findall(rb"</?([A-Za-z_][\w.-]{0,40}):[A-Za-z_][\w.-]*[\s/>]", data))
    used |= set(re.findall(rb"\s([A-Za-z_][\w.-]{0,40}):[A-Za-z_][\w.-]*\s*=", data))
    declared = set(re.findall(rb"xmlns:([A-Za-z_][\w.-]*)\s*=", data)) | {b"xml", b"xmlns"}
    missing = sorted(used - declared)
    root = re.search(rb"<rss\b", data)
    if not missing or len(missing) > MAX_UNDECLARED or root is None:
        return None
    declarations = b"".join(
        b' xmlns:%s="%s"' % (prefix, KNOWN_PREFIXES.get(prefix.decode(), f"urn:newsletter:undeclared:{prefix.decode()}")
                            .encode()) for prefix in missing)
    return data[:root.end()] + declarations + data[root.end():]


_CODE = re.compile(r"(<pre\b.*?</pre\s*>)|<code\b([^>]*)>(.*?)</code\s*>", re.IGNORECASE | re.DOTALL)


def code_blocks(html: str) -> str:
    """``<code>`` that spans lines outside ``<pre>`` (a shell session pasted into the editor) as a code
    block, as the browser showed it with the theme's ``white-space``; otherwise its blank lines would
    split it into paragraphs and its ``# …`` lines become headings."""
    def block(match: re.Match[str]) -> str:
        if match.group(1) or "\n" not in match.group(3).strip("\n"):
            return match.group(0)
        return f"<pre><code{match.group(2)}>{match.group(3).strip(chr(10))}</code></pre>"

    return _CODE.sub(block, html)


def export_bytes(path: Path) -> bytes:
    """An export's bytes: a regular file, bounded; ``SourceError`` with the reason otherwise."""
    try:
        return read_regular_file(path, path.parent, MAX_EXPORT_BYTES)
    except UnsafeFile as refusal:
        raise SourceError(str(refusal)) from refusal
    except OSError as error:
        raise SourceError(f"cannot be read: {error.strerror}") from error


def read_export(path: Path) -> Element:
    """The root element of a WordPress export: its bytes (:func:`export_bytes`) parsed with defusedxml."""
    return parse_export(export_bytes(path))


def read_wordpress(path: Path, unpublished_as_drafts: bool = False, base_url: str | None = None) -> Source:
    root = read_export(path)
    channel = root.find("channel")
    if _local(root.tag) != "rss" or channel is None:
        raise SourceError("not a WordPress export (WXR): its root is not <rss><channel>")
    site = {f"{_family(_namespace(child.tag))}:{_local(child.tag)}": child for child in channel
            if _local(child.tag) in ("wxr_version", "base_blog_url", "base_site_url")}
    if "wp:wxr_version" not in site:
        raise SourceError("not a WordPress export (WXR): it has no <wp:wxr_version>")
    blog = blog_address(base_url or (site["wp:base_blog_url"].text if "wp:base_blog_url" in site else None)
                        or channel.findtext("link"))
    source = Source("wordpress", identity=blog or path.name)
    authors: dict[str, str] = {}
    for element in channel:
        if _local(element.tag) == "author" and _family(_namespace(element.tag)) == "wp":
            author = _Item(element)
            login = author.get("wp:author_login").strip()
            full = " ".join(part.strip() for part in (author.get("wp:author_first_name"),
                                                       author.get("wp:author_last_name")) if part.strip())
            authors[login] = author.get("wp:author_display_name").strip() or full or login
    items = [_Item(element) for element in channel if _local(element.tag) == "item"]
    if len(items) > MAX_POSTS:
        source.notes.append(f"the export holds {len(items):,} items: the first {MAX_POSTS:,} are read")
        items = items[:MAX_POSTS]
    attachments: dict[str, tuple[str, str]] = {}
    children: dict[str, list[str]] = {}
    for item in items:
        if item.get("wp:post_type") == "attachment":
            key = item.get("wp:post_id").strip()
            attachments[key] = (item.get("wp:attachment_url").strip() or item.get("guid").strip(),
                                " ".join(item.get("title").split()))
            children.setdefault(item.get("wp:post_parent").strip(), []).append(key)
    for index, item in enumerate(items, 1):
        try:
            post = _post(item, index, authors, attachments, children, blog, unpublished_as_drafts, source)
        except Exception as error:
            source.skip(f"item {index} ({' '.join(item.get('title').split())[:60] or 'untitled'})", failure(error))
            continue
        if post is not None:
            source.posts.append(post)
    return source


def _post(item: _Item, index: int, authors: dict[str, str], attachments: dict[str, tuple[str, str]],
          children: dict[str, list[str]], blog: str | None, unpublished_as_drafts: bool, source: Source) -> Post | None:
    title = " ".join(item.get("title").split())
    where = f"item {index} ({title[:60] or 'untitled'})"
    kind = item.get("wp:post_type").strip() or "post"
    if kind != "post":
        if kind != "attachment":
            source.skip(where, f"a {kind.replace('_', ' ')}, not a post: only posts become reports")
        return None
    status = item.get("wp:status").strip() or "publish"
    if item.get("wp:post_password").strip():
        status = "password"
    if status in NEVER:
        source.skip(where, NEVER[status] if ":" in NEVER[status] else f"{NEVER[status]}: not imported")
        return None
    draft = status != "publish"
    if draft and not unpublished_as_drafts:
        source.skip(where, f"{UNPUBLISHED.get(status, status)}: not imported (--unpublished draft imports it as a "
                           "draft)")
        return None
    date = as_date(item.get("wp:post_date")) or as_date(item.get("wp:post_date_gmt"))
    if date is None:
        source.skip(where, "it has no date (wp:post_date): give it one in WordPress and export again")
        return None
    key = item.get("wp:post_id").strip()
    link = item.get("link").strip()
    origin = item.get("guid").strip() or link or f"wordpress:{key}"  # the guid never changes, even on publishing
    conversion = Conversion(base_url=blog)
    content = item.get("content:encoded").replace("\x00", "").replace("\x01", "")
    content = code_blocks(wordpress_shortcodes(content, attachments, children.get(key, []), conversion))
    body = html_to_markdown(content if "<!-- wp:" in content else autop(content), conversion)
    if not title:
        title = f"Untitled post of {date}"
        conversion.note("the post has no title: one was made up from its date")
    tags, seen = [], set()
    for domain, nicename, text in item.categories:
        name = " ".join(text.split())
        if domain in ("category", "post_tag") and name and nicename != "uncategorized" and name.casefold() not in seen:
            seen.add(name.casefold())
            tags.append(name)
    excerpt = item.get("excerpt:encoded").strip()
    login = item.get("dc:creator").strip()
    post = Post(origin=origin, where=where, title=title, date=date, body=body,
                slug=unquote(item.get("wp:post_name").strip()), authors=(authors.get(login, login),) if login else (),
                tags=tuple(tags), summary=" ".join(paragraphs_of(excerpt)) or None,
                event=_meta(item, EVENT_KEYS), location=_meta(item, LOCATION_KEYS), draft=draft,
                addresses=tuple(dict.fromkeys(address for address in (link, origin) if address)),
                identity=f"post-{key}" if key else "")  # guids repeat when a post was duplicated
    if draft:
        conversion.note(f"{UNPUBLISHED.get(status, status)} in WordPress: imported as a draft")
    post.comments = _comments(item, date, blog, post, source)
    post.notes, post.images = conversion.notes + post.notes, conversion.images
    return post


def _meta(item: _Item, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = " ".join(item.meta.get(key, "").split())
        if value:
            return value
    return None


def _comments(item: _Item, post_date: dt.date, blog: str | None, post: Post, source: Source) -> list[Comment]:
    found = []
    for element in item.comments:
        comment = _Item(element)
        approved = comment.get("wp:comment_approved").strip()
        kind = comment.get("wp:comment_type").strip() or "comment"
        if kind in ("pingback", "trackback"):
            source.leave_out(f"{kind}s (not reader comments)")
            continue
        if approved != "1":
            source.leave_out({"spam": "spam", "trash": "in the trash", "post-trashed": "in the trash"}.get(
                approved, "not approved (pending)"))
            continue
        key = comment.get("wp:comment_id").strip()
        day = as_date(comment.get("wp:comment_date")) or as_date(comment.get("wp:comment_date_gmt"))
        if not key or day is None:
            source.leave_out("without an id or a date")
            continue
        conversion = Conversion(base_url=blog, comment=True)
        text = comment.get("wp:comment_content").replace("\x00", "")
        body = html_to_markdown(autop(text), conversion)
        if not body.strip():
            source.leave_out("empty")
            continue
        likes = next((int(comment.meta[name]) for name in LIKE_KEYS
                      if re.fullmatch(r"\d{1,9}", comment.meta.get(name, "").strip())), 0)
        url = reader_page(comment.get("wp:comment_author_url"), key, post)
        parent = comment.get("wp:comment_parent").strip()
        if day < post_date:
            post.notes.append(f"comment {key} is dated {day}, before the post: it is dated {post_date}")
        found.append(Comment(key=f"wp-{key}", author=" ".join(comment.get("wp:comment_author").split()) or "Anonymous",
                             date=max(day, post_date), body=body, url=url,
                             parent=f"wp-{parent}" if parent not in ("", "0") else None, likes=likes))
    if len(found) > MAX_COMMENTS_PER_POST:
        post.notes.append(f"{len(found):,} comments: the first {MAX_COMMENTS_PER_POST:,} are imported")
        found = found[:MAX_COMMENTS_PER_POST]
    return found

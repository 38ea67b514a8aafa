"""Read a Jekyll or Hugo site folder into posts, with its Staticman comments.

Jekyll: ``_posts/`` (``YYYY-MM-DD-slug.md``, ``.markdown`` or ``.html``) and, as unpublished posts,
``_drafts/``; YAML front matter; authors' names from ``_data/authors.yml``; the site's address from
``_config.yml`` (``url`` and ``baseurl``). Hugo: pages of ``content/<section>/`` with a date (page
bundles too), YAML (``---``), TOML (``+++``) or JSON front matter; ``draft: true`` is unpublished;
authors from ``data/authors``; the address from ``baseURL``. Bodies stay markdown; Liquid tags and
Hugo shortcodes are handled by ``shortcodes``, relative links and images are resolved against the
site's address (or kept as text), and HTML bodies are converted.

Staticman comments: one data file per comment (YAML, JSON or front matter) in the folder
``staticman.yml`` names (``_data/comments/{options.slug}`` by default, ``data/comments/…`` for Hugo),
one subfolder per post. Fields: ``_id``, ``name``, ``url``, ``message`` (markdown), ``date`` (ISO 8601
or a Unix time), and the reply fields of the threaded setups: ``replying_to_uid`` (the parent's
``_id``) or ``replying_to`` (the parent's ``_id``, or its number among the post's top-level comments,
as in Made Mistakes' templates). Staticman commits a comment once it is approved, so every file is a
published comment; e-mail hashes are never read into anything written.

The folder is untrusted: files are read without following links, bounded in size, and front matter
and data files are parsed with the newsletter's bounded YAML loader; the site's own configuration code
(plugins, ``conf.py``) is never run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from docutils import nodes

from sphinx_newsletter.core.paths import UnsafeFile
from sphinx_newsletter.importing.files import (
    MAX_DATA_BYTES,
    as_date,
    author_names,
    body_byline,
    load_data,
    local_pictures,
    read_text,
    split_front_matter,
    text_value,
    walk_files,
    words,
)
from sphinx_newsletter.importing.markup import (
    POST_LINK,
    Conversion,
    HeadingLevels,
    blog_address,
    commonmark,
    html_to_markdown,
    picture_address,
    unescape_markdown,
    web_address,
)
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
from sphinx_newsletter.importing.shortcodes import NOTE_END, fence_notes, note_start, static_shortcodes

POST_SUFFIXES = (".md", ".markdown", ".mdown", ".html")
DATA_SUFFIXES = (".yml", ".yaml", ".json", ".toml", ".md")
_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
"""Jekyll's configuration files, in the order Jekyll looks for them."""
MAX_AUTHOR_FILES = 1_000
"""Files read from a ``_data/authors/`` folder (one author each)."""


def _data_file(path: Path, root: Path) -> Any:
    """A data file of the site under ``root`` as Python values; ``None`` for a link, a folder, a missing file,
    one over the bound or one that does not parse."""
    try:
        return load_data(read_text(path, root, MAX_DATA_BYTES), path.suffix.lower())
    except (UnsafeFile, OSError, UnicodeDecodeError, ValueError):
        return None


def _jekyll_root(folder: Path) -> Path:
    """``folder``, or the folder above it when ``folder`` holds posts but no configuration and the folder
    above is the Jekyll site whose ``source:`` it is (``_config.yml`` in the repository's root saying
    ``source: src``, or ``.tmp/src`` that a build step copies ``src/`` to, and ``src/`` given): Jekyll reads
    the site so, with the blog's address from there."""
    if any((folder / name).is_file() for name in JEKYLL_CONFIGS) or not (folder / "_posts").is_dir():
        return folder
    for name in JEKYLL_CONFIGS:
        data = _data_file(folder.parent / name, folder.parent)
        source = text_value(data.get("source")) if isinstance(data, dict) else None
        if source and PurePosixPath(source).name == folder.name:  # src, or .tmp/src that a build step fills
            return folder.parent
    return folder


class StaticSite:
    """A Jekyll or Hugo site folder and what its configuration says (read as data, never run)."""

    def __init__(self, root: Path, base_url: str | None):
        if not root.is_dir():
            raise SourceError("not a folder: give the site's folder (the one with _config.yml or hugo.toml)")
        self.root = _jekyll_root(root.resolve())
        self.content = self.root  # where posts, drafts and data are
        self._included: dict[str, str | None] = {}
        jekyll = (self.root / "_posts").is_dir() or any((self.root / name).is_file() for name in JEKYLL_CONFIGS)
        self.kind = "jekyll" if jekyll else "hugo"
        if self.kind == "hugo" and not (self.root / "content").is_dir():
            raise SourceError("neither a Jekyll site (no _posts/ or _config.yml) nor a Hugo site (no content/)")
        self.config = self._config()
        source = text_value(self.config.get("source")) if self.kind == "jekyll" else None
        if source and not PurePosixPath(source).is_absolute() and ".." not in PurePosixPath(source).parts:
            inner = self.root / source  # Jekyll's `source:` (e.g. src/): posts and data live there
            if inner.is_dir() and not inner.is_symlink():
                self.content = inner.resolve()
        if self.kind == "jekyll" and not (self.content / "_posts").is_dir():
            found = [folder for folder in self.root.iterdir() if not folder.name.startswith(".") and
                     not folder.is_symlink() and (folder / "_posts").is_dir() and not (folder / "_posts").is_symlink()]
            if len(found) == 1:  # a `source:` folder that a build step fills (src/ and a .tmp/src it is copied to)
                self.content = found[0]
        self.base_url = blog_address(base_url or self._address())
        engine = text_value(self.config.get("markdown")) or "kramdown"  # Jekyll's markdown converter
        self.kramdown = self.kind == "jekyll" and engine.lower() == "kramdown"  # its abbreviations, attribute lists
        self.authors = self._authors()
        self.comments_folder = self._comments_folder()

    def data(self, relative: str) -> Any:
        return _data_file(self.root / relative, self.root)

    def include(self, name: str) -> str | None:
        """The text of ``_includes/<name>`` (a plain name, a regular file inside the site, bounded)."""
        relative = PurePosixPath(name)
        if (self.kind != "jekyll" or relative.is_absolute() or ".." in relative.parts or not relative.parts
                or relative.suffix.lower() not in (".md", ".markdown", ".html", ".txt")):
            return None
        if name not in self._included:
            path = self.content / "_includes" / relative.as_posix()
            try:
                self._included[name] = read_text(path, self.root, MAX_DATA_BYTES)
            except (UnsafeFile, OSError, UnicodeDecodeError):
                self._included[name] = None
        return self._included[name]

    def _config(self) -> dict[str, Any]:
        names = (list(JEKYLL_CONFIGS) if self.kind == "jekyll" else
                 ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml",
                  "config.json"])
        for name in names:
            data = self.data(name)
            if isinstance(data, dict):
                return data
        return {}

    def _address(self) -> str | None:
        if self.kind == "jekyll":
            url = text_value(self.config.get("url")) or ""
            address = url.rstrip("/") + "/" + (text_value(self.config.get("baseurl")) or "").strip("/")
        else:
            address = text_value(self.config.get("baseURL") or self.config.get("baseurl")) or ""
        return address

    def _authors(self) -> dict[str, str]:
        """Author key -> display name, from the site's data files."""
        found: dict[str, str] = {}
        folder = "_data" if self.kind == "jekyll" else "data"
        prefix = self.content.relative_to(self.root).as_posix() + "/"  # "./" when they are one
        tables = [self.data(f"{prefix}{folder}/authors{suffix}") for suffix in (".yml", ".yaml", ".toml", ".json")]
        authors_dir = self.content / folder / "authors"  # missing, or a link (data() reads through none): nothing
        tables.append({path.stem: self.data(path.relative_to(self.root).as_posix())
                       for path in walk_files(authors_dir, DATA_SUFFIXES)[:MAX_AUTHOR_FILES]})
        for table in tables:
            if not isinstance(table, dict):
                continue
            for key, value in table.items():
                name = text_value(value.get("name") or value.get("display_name")) if isinstance(value, dict) else \
                    text_value(value)
                if name:
                    found.setdefault(str(key), name)
        return found

    def _comments_folder(self) -> Path:
        staticman = self.data("staticman.yml")
        path = None
        if isinstance(staticman, dict):
            for settings in staticman.values():
                if isinstance(settings, dict) and isinstance(settings.get("path"), str):
                    path = settings["path"].split("{", 1)[0].strip("/")
                    break
        if path is None:
            return self.content / ("_data/comments" if self.kind == "jekyll" else "data/comments")
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts:
            relative = PurePosixPath("_data/comments")
        return self.root / relative.as_posix()

    def post_files(self) -> list[tuple[Path, bool]]:
        """Post files and whether each is unpublished by where it is (Jekyll's ``_drafts/``)."""
        if self.kind == "jekyll":
            posts = [(path, False) for path in walk_files(self.content / "_posts", POST_SUFFIXES)]
            return posts + [(path, True) for path in walk_files(self.content / "_drafts", POST_SUFFIXES)]
        content = self.root / "content"
        return [(path, False) for path in walk_files(content, POST_SUFFIXES)
                if len(path.relative_to(content).parts) >= 2 and not path.name.startswith("_index.")]


def read_static_site(root: Path, unpublished_as_drafts: bool = False, base_url: str | None = None) -> Source:
    site = StaticSite(root, base_url)
    source = Source(site.kind, identity=site.base_url or root.resolve().name)
    stems = {}
    for path, in_drafts in site.post_files()[:MAX_POSTS]:
        try:
            post = _post(site, path, in_drafts, unpublished_as_drafts, source)
        except Exception as error:
            source.skip(path.relative_to(site.root).as_posix(), failure(error))
            continue
        if post is not None:
            source.posts.append(post)
            stems[id(post)] = _stem(site, path)
    # each comment folder goes to one post: the one that names it best (its slug, then its file name, then
    # its file name without the date); a folder two posts name equally well goes to neither, and is named
    claims: dict[Path, list[tuple[int, Post]]] = {}
    for post in source.posts:
        for strength, folder in _comment_folders(site, post, stems[id(post)]):
            claims.setdefault(folder, []).append((strength, post))
            break
    for folder, claimants in claims.items():
        best = min(strength for strength, _ in claimants)
        winners = [post for strength, post in claimants if strength == best]
        if len(winners) > 1:
            source.notes.append(f"{folder.relative_to(site.root).as_posix()}: the comments of more than one post "
                                f"({', '.join(post.where for post in winners[:3])}) by its name: not imported; give "
                                "each post's comments a folder named after its slug")
            continue
        winners[0].comments = _comments(site, winners[0], folder, source)
    folder = site.comments_folder
    if folder.is_dir() and not folder.is_symlink():
        unclaimed = sorted(path.name for path in folder.iterdir() if path.is_dir() and not path.is_symlink()
                           and path not in claims)
        if unclaimed:
            shown = folder.relative_to(site.root).as_posix()
            source.notes.append(f"{shown}: {len(unclaimed)} comment folder(s) answer no imported post, and their "
                                f"comments are not imported: {', '.join(unclaimed[:5])}"
                                + (" …" if len(unclaimed) > 5 else ""))
    return source


def _stem(site: StaticSite, path: Path) -> str:
    """A post's name: its file's, or its folder's for a Hugo page bundle (``<name>/index.md``)."""
    return path.parent.name if path.stem == "index" and site.kind == "hugo" else path.stem


def _comment_folders(site: StaticSite, post: Post, stem: str) -> list[tuple[int, Path]]:
    """The comment folders that may be the post's, best first: its slug, its file name, its file name
    without the date."""
    found = []
    names = [post.slug, stem, re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)]
    dated = _DATED_NAME.match(stem)
    if dated:  # a folder named with the post's date in UTC, a day off its local date
        day = as_date(stem)  # the date the name starts with
        names += [f"{other.isoformat()}-{dated.group(4)}" for other in
                  ((day + dt.timedelta(days=1), day - dt.timedelta(days=1)) if day else ())]
    for strength, name in enumerate(names):
        candidate = site.comments_folder / name
        if name and "/" not in name and name not in (".", "..") and candidate.is_dir() and not candidate.is_symlink():
            found.append((strength, candidate))
    return found


_TRUE = frozenset({"true", "t", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "off", "0"})


def _flag(value: object) -> bool | None:
    """A front matter switch in every form Jekyll and Hugo accept (Hugo casts ``"true"``, ``1``, ``"t"``),
    or ``None`` when it is not one."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in _TRUE else False if word in _FALSE else None
    return None


def unpublished_reason(matter: dict[str, Any], date: dt.date | None, today: dt.date) -> str | None:
    """Why a static site would not publish a post (a draft, ``published: false``, scheduled for later,
    expired, never rendered), or ``None``. When in doubt the post counts as unpublished: the importer
    never publishes what its site did not."""
    if _flag(matter.get("draft")) or (matter.get("draft") is not None and _flag(matter.get("draft")) is None):
        return "a draft"
    published = matter.get("published")
    if _flag(published) is False or (published is not None and _flag(published) is None
                                      and as_date(published) is None):
        return "unpublished (published: false)"
    for key in ("publishDate", "publishdate", "pubdate", "pubDate", "published"):
        day = as_date(matter.get(key))  # a switch (true or false) is no date
        if day is not None and day > today:
            return f"scheduled for {day}"
    if date is not None and date > today:
        return f"scheduled for {date}"
    for key in ("expiryDate", "expirydate", "unpublishdate", "unpublishDate"):
        day = as_date(matter.get(key))  # a switch (true or false) is no date
        if day is not None and day <= today:
            return f"expired on {day}"
    for key in ("_build", "build"):
        build = matter.get(key)
        if isinstance(build, dict) and (build.get("render") == "never" or _flag(build.get("render")) is False):
            return "never rendered (build: render: never)"
    if _flag(matter.get("headless")):
        return "headless (never rendered)"
    return None


def _post(site: StaticSite, path: Path, in_drafts: bool, unpublished_as_drafts: bool, source: Source) -> Post | None:
    relative = path.relative_to(site.root).as_posix()
    try:
        matter, body = split_front_matter(read_text(path, site.root), hugo=site.kind == "hugo")
    except (UnsafeFile, OSError) as error:
        source.skip(relative, f"not read: {error}")
        return None
    except UnicodeDecodeError:
        source.skip(relative, "not UTF-8 text: save it as UTF-8 and import again")
        return None
    except ValueError as error:
        source.skip(relative, f"its front matter cannot be read: {error}")
        return None
    stem = _stem(site, path)
    dated = _DATED_NAME.match(stem)
    slug = text_value(matter.get("slug")) or (dated.group(4) if dated else stem)
    date = as_date(matter.get("date")) or (as_date(stem) if dated else None)  # the date the name starts with
    why = "a draft" if in_drafts else unpublished_reason(matter, date, dt.date.today())
    unpublished = why is not None
    if unpublished and not unpublished_as_drafts:
        source.skip(relative, f"{why}: not imported (--unpublished draft imports it as a draft)")
        return None
    if date is None:
        source.skip(relative, "it has no date (front matter 'date' or a YYYY-MM-DD- file name)")
        return None
    notes: list[str] = []
    author_value = matter.get("authors", matter.get("author"))
    single = text_value(author_value)
    keys = (tuple(name for item in words(author_value) for name in author_names(item))
            if isinstance(author_value, list) else author_names(single) if single else ())
    if not keys and path.suffix.lower() != ".html":
        keys = body_byline(body)  # the Kubernetes blogs' "**Author:** Ann Lee (Acme)" as their first line
        if keys:
            notes.append("the author was read from the byline that starts the post (it stays in the text: remove it "
                         "there if the page shows the names twice)")
    keys = keys or tuple(filter(None, [text_value(site.config.get("author")) if not isinstance(
        site.config.get("author"), dict) else text_value(site.config["author"].get("name"))]))
    addresses = (hugo_addresses(site, path, matter, date, text_value(matter.get("title")) or slug)
                 if site.kind == "hugo" else ())
    pictures = local_pictures(body, path, site.root, notes,  # beside the post (a Hugo page bundle's), or served
                              site_file=lambda address: served_file(site, path, addresses, address))
    conversion = Conversion(base_url=site.base_url, notes=notes, local=frozenset(pictures))
    title = text_value(matter.get("title"))
    if title is None:
        title = slug.replace("-", " ").capitalize()
        conversion.note("the post has no title: one was made from its file name")
    page = matter if site.kind == "jekyll" else None  # Liquid's {{ page.name }}
    if path.suffix.lower() == ".html":
        text = fence_notes(static_shortcodes(body, conversion, site.include,
                                             then=lambda html: html_to_markdown(html, conversion), page=page))
    else:
        text = fence_notes(markdown_body(static_shortcodes(body, conversion, site.include, page=page), conversion,
                                         kramdown=site.kramdown, heading_ids=site.kramdown or site.kind == "hugo"))
    post = Post(origin=relative, where=relative, title=title, date=date, body=text, slug=slug,
                addresses=addresses,
                authors=tuple(site.authors.get(key, key) for key in keys),
                tags=words(matter.get("tags")) + words(matter.get("categories", matter.get("category"))),
                summary=text_value(matter.get("excerpt") or matter.get("summary") or matter.get("description")),
                event=text_value(matter.get("event")), location=text_value(matter.get("location")),
                draft=unpublished)
    if unpublished:
        conversion.note("a draft in the site: imported as a draft")
    post.notes, post.images = conversion.notes + post.notes, conversion.images
    post.pictures = {target: file for target, file in pictures.items() if target in post.body}
    return post


def _urlize(text: str) -> str:
    """A path segment as Hugo's ``urlize`` makes it: lower case, spaces as hyphens, no punctuation."""
    return re.sub(r"[^\w\-.~]", "", re.sub(r"\s+", "-", text.strip().lower()))


def served_file(site: StaticSite, post: Path, addresses: tuple[str, ...], address: str) -> Path | None:
    """The file of the blog's folder the site served at ``address`` (``/…``), if it holds one: for Hugo a
    file of the post's own folder under its permalink, or of ``content/<language>/``, ``content/`` or
    ``static/``; for Jekyll a file of the site's source folder (it copies them where they are)."""
    relative = unquote(address).lstrip("/")
    if not relative or ".." in PurePosixPath(relative).parts:
        return None
    if site.kind == "jekyll":
        folders = [site.content]
    else:
        for own in addresses:  # a page bundle's resources are served under the page's address
            prefix = urlsplit(own).path.strip("/")
            if prefix and relative.startswith(prefix + "/"):
                return post.parent / relative[len(prefix) + 1:]
        content = site.root / "content"
        languages = site.config.get("languages")
        folders = [*(content / str(name) for name in (languages if isinstance(languages, dict) else ())), content,
                   site.root / "static"]
    for folder in folders:
        candidate = folder / relative
        if os.path.lexists(candidate):
            return candidate
    return None


def hugo_addresses(site: StaticSite, path: Path, matter: dict[str, Any], date: dt.date, title: str
                   ) -> tuple[str, ...]:
    """The addresses Hugo served a post at (links from other posts use them): its ``url``, its section's
    ``permalinks`` pattern (``:year``, ``:month``, ``:day``, ``:section``, ``:slug``, ``:title``,
    ``:filename``, ``:slugorfilename``, ``:contentbasename``), else its folders and slug, and its ``aliases``."""
    if not site.base_url:
        return ()
    parts = list(path.relative_to(site.root / "content").with_suffix("").parts)
    languages = site.config.get("languages")
    if len(parts) > 1 and isinstance(languages, dict) and parts[0] in languages:
        parts = parts[1:]  # content/<language>/…
    name = parts[-2] if parts[-1] == "index" and len(parts) > 1 else parts[-1]
    folders = parts[:-2] if parts[-1] == "index" else parts[:-1]
    section = folders[0] if folders else ""
    patterns = site.config.get("permalinks")
    pattern = patterns.get(section) if isinstance(patterns, dict) else None
    explicit = text_value(matter.get("url"))
    if explicit:
        found = [explicit]
    elif isinstance(pattern, str):
        values = {"year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}",
                  "section": section, "sections": "/".join(folders), "title": _urlize(title),
                  "slug": _urlize(text_value(matter.get("slug")) or title), "filename": name,
                  "slugorfilename": text_value(matter.get("slug")) or name, "contentbasename": name}
        found = [re.sub(r":(\w+)", lambda token: values.get(token.group(1), token.group(0)), pattern)]
    else:
        found = ["/".join([*folders, text_value(matter.get("slug")) or name]) + "/"]
    aliases = matter.get("aliases")
    found += [alias for alias in words(aliases) if isinstance(aliases, list)]
    return tuple(urljoin(site.base_url, address) for address in found if "{" not in address)


# -- markdown bodies -----------------------------------------------------------------------------------

_LINK = re.compile(r"(!?)\[((?:[^\[\]\n\\]|\n(?![ \t]*\n)|\\.|!?\[(?:[^\[\]\n\\]|\n(?![ \t]*\n)|\\.)*\]"
                   r"\([^)\n]*\))*)\]\(\s*<?([^)\s>]*)>?((?:\s+\"[^\"\n]*\")?)\s*\)")
"""A markdown link or image; its text may run over lines of one paragraph, as CommonMark's may."""
_HEADING = re.compile(r"^(#{1,6})(?=[ \t]|$)", re.MULTILINE)
_REFERENCE = re.compile(r"^( {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)<?(\S+?)>?([ \t].*)?$", re.MULTILINE)
"""A link reference definition; ``[^label]:`` is a footnote's (kramdown and MyST), whose text is no address."""


def markdown_body(text: str, conversion: Conversion, kramdown: bool = False, heading_ids: bool = False) -> str:
    """A markdown body with its link and image addresses made absolute or kept as text (outside code),
    and the excerpt mark taken out. A ``kramdown`` body (Jekyll's) shows as kramdown shows it: each
    ``*[name]: explanation`` line taken out and each use of the name an ``{abbr}`` role (its explanation a
    tooltip), attribute lists (``{: .info}``) and its table of contents (``{:toc}``) taken out, the
    ``{::nomarkdown}`` marks around HTML and ``{::comment}`` with its text too. With ``heading_ids`` (kramdown,
    and Hugo's Goldmark) a heading's ``{#id}`` is its id, as kramdown's ``{: #id}`` is the id of the block it
    stands by: each becomes a MyST target, ``(id)=``, before that heading or block, so links to it work."""
    conversion.kramdown = kramdown
    text = re.sub(r"^[ \t]*<!--\s*more\s*-->[ \t]*\n?", "", text, flags=re.MULTILINE | re.IGNORECASE)
    text = safe_html_blocks(whole_html_blocks(text, conversion), conversion)
    if kramdown:  # HTML that kramdown read as markdown (markdown="span") came back escaped: its footnote marks too
        notes = set(re.findall(r"^ {0,3}\[\^([^\]\s]+)\]:", text, flags=re.MULTILINE))
        text = re.sub(r"\\\[\\?\^([^\]\s\\]+)\\\]", lambda found: f"[^{found.group(1)}]" if found.group(1) in notes
                      else found.group(0), text)
    code: set[int] = set()  # lines of code blocks (fenced or indented, in lists and quotes too), left as they are
    html: set[int] = set()  # lines of HTML blocks
    found = []
    headings: list[str] = []
    repeated_rules: set[int] = set()  # a rule right after a rule: docutils cannot show two side by side
    targets: dict[int, list[str]] = {}  # ids, by the line their target goes before
    heading_lines: dict[int, str] = {}  # a heading's line, without its attributes
    blocks: list[list[int]] = []  # where each top-level block starts and ends
    lines = text.split("\n")
    previous = None
    previous_block = None
    for token in commonmark().parse(text):
        if token.level == 0 and token.nesting >= 0 and token.map and token.type != "inline":
            blocks.append(token.map)
        if token.type in ("fence", "code_block") and token.map:
            code.update(range(*token.map))
        elif token.type == "html_block" and token.map:
            html.update(range(*token.map))
        elif token.type == "heading_open" and token.markup.startswith("#"):
            found.append(int(token.tag[1]))
        if token.type == "inline" and previous is not None and previous.type == "heading_open":
            at = previous.map[0] if heading_ids and previous.map and previous.level == 0 else None
            attributes = _HEADING_ATTRIBUTES.search(token.content) if at is not None else None
            if at is not None and attributes and (not kramdown or re.fullmatch(r"#[\w:-]+", attributes.group(1))):
                line = lines[at]  # kramdown takes {#id} alone; Goldmark classes and values too
                heading_lines[at] = line[:line.rindex(attributes.group(0).strip())].rstrip()
                targets.setdefault(at, []).extend(re.findall(r"(?:^|\s)#([\w:-]+)", attributes.group(1))[:1])
                headings.append(token.content[:attributes.start()])
            else:
                headings.append(token.content)
        if token.type == "hr" and token.map and previous_block is not None and previous_block.type == "hr" \
                and token.level == previous_block.level:
            repeated_rules.update(range(*token.map))
        if token.nesting >= 0 and token.type != "inline":
            previous_block = token
        previous = token
    if repeated_rules:
        conversion.note("two horizontal rules in a row shown as one (a page cannot hold two side by side)")
    definitions = {number: abbreviation for number, line in enumerate(lines)
                   if kramdown and number not in code and (abbreviation := _ABBREVIATION.match(line))}
    attribute_lists = _attribute_list_lines(lines, code, conversion) if kramdown else set()
    boxes: dict[int, str] = {}  # a notice box's kind, by the line it opens before
    box_ends: set[int] = set()  # the lines a box closes before
    for start, end, written in _block_attributes(lines, attribute_lists, blocks):
        found_id = re.search(r"(?:^|[\s:])#([\w:-]+)", written)
        if found_id:
            targets.setdefault(start, []).append(found_id.group(1))
        kind = next((NOTICE_CLASSES[name] for name in re.findall(r"(?:^|[\s:])\.([\w-]+)", written)
                     if name in NOTICE_CLASSES), None)
        if kind and end is not None and start not in boxes:
            boxes[start] = kind
            box_ends.add(end)
    if len(definitions) > MAX_ABBREVIATIONS:  # one pattern of them all, tried at every character: bounded
        conversion.note(f"more than {MAX_ABBREVIATIONS} abbreviations: shown as the lines of text they are")
        definitions = {}
    conversion.abbreviations = {match.group(1): match.group(2) for match in definitions.values()}
    levels = HeadingLevels(found)
    conversion.anchors = frozenset(nodes.make_id(heading) for heading in headings) | {
        target for ids in targets.values() for target in ids}
    conversion.dead_labels = {_label(match.group(1)) for match in _REFERENCE.finditer(text)
                              if match.group(2).startswith("#") and match.group(2)[1:] not in conversion.anchors}
    parts: list[str] = []
    labels: list[str] = []  # targets and box marks, which stand in the text as placeholders until it is escaped
    run: list[str] = []
    run_in_html = False  # whether the lines of the run are an HTML block's (the blog's HTML: no abbreviation)

    def insert(*marks: str) -> None:  # as placeholders: MyST's target syntax is escaped in text
        if (run[-1] if run else parts[-1] if parts else "").strip():
            run.append("")
        for mark in marks:
            labels.append(mark)
            run.append(f"\x04{len(labels) - 1}\x04")

    for number, line in enumerate(lines):
        if number in box_ends or number in targets or number in boxes:  # a box ends; a heading or block starts
            insert(*([NOTE_END] if number in box_ends else []), *(f"({target})=" for target in targets.get(number, ())),
                   *([note_start(boxes[number])] if number in boxes else []))
        line = heading_lines.get(number, line)
        if number in repeated_rules or number in definitions or number in attribute_lists:
            continue
        if run and (number in code or (number in html) != run_in_html):  # a code block, or into or out of HTML
            parts.append(_links_outside_code("\n".join(run), conversion, levels, not run_in_html))
            run = []
        if number in code:
            parts.append(line)
        else:
            run_in_html = number in html
            run.append(line)
    if len(lines) in box_ends:
        insert(NOTE_END)
    if run:
        parts.append(_links_outside_code("\n".join(run), conversion, levels, not run_in_html))
    return _TARGET.sub(lambda match: labels[int(match.group(1))], "\n".join(parts)).strip() + "\n"


NOTICE_CLASSES = {"notice": "note", "notice--primary": "note", "notice--info": "note", "info": "note", "note": "note",
                  "notice--warning": "warning", "warning": "warning", "notice--danger": "danger", "danger": "danger",
                  "error": "danger", "notice--success": "tip", "success": "tip", "tip": "tip"}
"""kramdown classes that make a block a coloured box on the blog (Minimal Mistakes' notices, a blog's own
callouts), and the admonition each becomes."""


def _block_attributes(lines: list[str], attribute_lists: set[int],
                      blocks: list[list[int]]) -> Iterator[tuple[int, int | None, str]]:
    """kramdown's block attribute lists (``{: #id .class}``): the line the block they name starts at, the
    line its text ends before (``None``: not known), and the list. A list right below a block names that
    block (``blocks``: where each top-level block starts and ends), one right above a block the next one,
    and one between blank lines none; lists stacked on one another name the same block."""
    for number in sorted(attribute_lists):
        before = number - 1
        while before in attribute_lists:
            before -= 1
        if before >= 0 and lines[before].strip():
            block = next((start for start, end in blocks if start <= before < end), None)
            end: int | None = before + 1
        else:
            block = number + 1
            while block in attribute_lists:
                block += 1
            block = block if block < len(lines) and lines[block].strip() else None
            end = next((stop for start, stop in blocks if block is not None and start <= block < stop), None)
        if block is not None:
            yield block, end, lines[number]


_HEADING_ATTRIBUTES = re.compile(r"[ \t]+\{[ \t]*((?:[#.][\w:-]+|[\w-]+=\S+?)(?:[ \t]+(?:[#.][\w:-]+|[\w-]+=\S+?))*)"
                                 r"[ \t]*\}[ \t]*$")
"""A heading's attributes: ``{#id}`` (kramdown), ``{#id .class key=value}`` (Goldmark's, Hugo's)."""
_TARGET = re.compile("\x04(\\d+)\x04")


MAX_HTML_BLOCK_LINES = 2_000
"""How far an HTML block is followed to its end tag across blank lines."""


def whole_html_blocks(text: str, conversion: Conversion) -> str:
    """The body with each top-level HTML block that a blank line splits before its element ends (a
    ``<div>`` around a ``<pre>`` whose code has an empty line) converted to markdown whole. Jekyll's
    Kramdown reads such a block up to its end tag; CommonMark ends it at the blank line, so the rest
    of the element became text and a stray fence, and the unclosed ``<pre>`` took the page's code with
    it."""
    lines = text.split("\n")
    joined: list[tuple[int, int]] = []
    budget = len(lines) + MAX_HTML_BLOCK_LINES  # lines looked at in all: a post of unclosed blocks stays linear
    for token in commonmark().parse(text):
        if token.type != "html_block" or token.level != 0 or token.map is None:
            continue
        start, end = token.map
        opening = re.match(r"\s*<([A-Za-z][\w-]*)", lines[start])
        if opening is None or (joined and start < joined[-1][1]):
            continue
        name = opening.group(1).lower()
        tags = re.compile(rf"<(/?){re.escape(name)}\b[^>]*?(/?)>", re.IGNORECASE)
        depth = _depth(tags, "\n".join(lines[start:end]))
        for index in range(end, min(len(lines), end + MAX_HTML_BLOCK_LINES)):
            if depth <= 0 or budget <= 0:
                break
            budget -= 1
            depth += _depth(tags, lines[index])
            if depth <= 0:
                joined.append((start, index + 1))
    for start, end in reversed(joined):
        conversion.note("an HTML block with blank lines inside converted to markdown (MyST would end it at the "
                        "first blank line)")
        lines[start:end] = [html_to_markdown("\n".join(lines[start:end]), conversion).rstrip("\n"), ""]
    return "\n".join(lines)


def _depth(tags: re.Pattern[str], part: str) -> int:
    """How many of the element ``tags`` finds ``part`` opens and leaves open (negative: closes)."""
    return sum(-1 if match.group(1) else 0 if match.group(2) else 1 for match in tags.finditer(part))


def safe_html_blocks(text: str, conversion: Conversion) -> str:
    """The body with its raw HTML held to the site's HTML policy before the build sees it: an HTML
    block the policy would change (a script, an event handler, an iframe) is converted to markdown as
    WordPress HTML is (its text and links kept); a tag inside a paragraph loses what the policy would
    remove (``rel``, ``onclick``); relative addresses in kept HTML are joined to the blog's address."""
    from sphinx_newsletter.safety.html import clean_html, removed_parts

    lines = text.split("\n")
    tokens = commonmark().parse(text)
    for token in reversed(tokens):
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "html_block":
            block = "\n".join(lines[start:end])
            probe = block.replace(f'="{POST_LINK}', f'="/{POST_LINK}')  # a link to a post
            removed = removed_parts(probe, clean_html(probe))
            if removed:
                conversion.note(f"raw HTML converted to markdown (the site would remove {', '.join(removed[:3])})")
                lines[start:end] = [html_to_markdown(block, conversion).rstrip("\n"), ""]
            else:
                lines[start:end] = [_absolute_addresses(block, conversion)]
        elif token.type == "inline":
            for child in token.children or []:
                opening = re.match(r"<([A-Za-z][\w-]*)", child.content)
                if child.type != "html_inline" or opening is None:
                    continue
                name = opening.group(1)
                probe = child.content.replace(f'="{POST_LINK}', f'="/{POST_LINK}')
                cleaned = clean_html(f"{probe}</{name}>").replace(f'="/{POST_LINK}', f'="{POST_LINK}')
                closing = f"</{name.lower()}>"  # the cleaner writes names in lower case
                cleaned = cleaned[:-len(closing)] if cleaned.endswith(closing) else cleaned
                removed = removed_parts(probe, cleaned)
                if removed:
                    conversion.note(f"raw HTML: {', '.join(removed[:3])} removed, as the site would")
                replacement = _absolute_addresses(cleaned if removed else child.content, conversion)
                for index in range(start, end):
                    replaced = _replaced_outside_code(lines[index], child.content, replacement)
                    if replaced is not None:
                        lines[index] = replaced
                        break
    return "\n".join(lines)


_CODE_SPAN = re.compile(r"`+[^`\n]*?`+")


def _replaced_outside_code(line: str, old: str, new: str) -> str | None:
    """``line`` with its first ``old`` outside a code span replaced by ``new``; ``None`` when it has none."""
    spans = [match.span() for match in _CODE_SPAN.finditer(line)]
    position = line.find(old)
    while position >= 0:
        if not any(start <= position < end for start, end in spans):
            return line[:position] + new + line[position + len(old):]
        position = line.find(old, position + 1)
    return None


def _absolute_addresses(html: str, conversion: Conversion) -> str:
    """``href`` and ``src`` that are relative to the old site, joined to its address when it is known."""
    if not conversion.base_url:
        return html

    def join(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{urljoin(conversion.base_url, match.group(2))}"'

    return re.sub(r'\b(href|src)="(/[^"/][^"]*|/)"', join, html)


_BLOCK_ATTRIBUTES = re.compile(r"^ {0,3}\{:(?![:/])[^}\n]*\}[ \t]*$")
"""A line that is only a kramdown attribute list (``{: .info}``, ``{:#id}``) or its definition (``{:name: …}``)."""
_TABLE_OF_CONTENTS = re.compile(r"^ {0,3}\{:\s*toc\s*\}[ \t]*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_SPAN_ATTRIBUTES = re.compile(r"\{:(?![:/])[^}\n]*\}|\{::(?:nomarkdown|options)[^}\n]*\}|\{:/(?:nomarkdown)?\}")
_KRAMDOWN_COMMENT = re.compile(r"\n?\{::comment\}.*?\{:/(?:comment)?\}\n?", re.DOTALL)


def _attribute_list_lines(lines: list[str], code: set[int], conversion: Conversion) -> set[int]:
    """The lines of a kramdown body that are attribute lists (outside code), and the list a ``{:toc}`` turns
    into a table of contents (the page's theme lists its sections beside it)."""
    found: set[int] = set()
    for number, line in enumerate(lines):
        if number in code or not _BLOCK_ATTRIBUTES.match(line):
            continue
        found.add(number)
        if not _TABLE_OF_CONTENTS.match(line):
            continue
        listed = []  # the lines of the list just above (its items and their continuation lines)
        before = number - 1
        while before >= 0 and before not in code and lines[before].strip() and \
                (_LIST_ITEM.match(lines[before]) or lines[before][:1] in (" ", "\t")):
            listed.append(before)
            before -= 1
        if any(_LIST_ITEM.match(lines[at]) for at in listed):
            conversion.note("kramdown's table of contents left out: the page lists its sections beside it")
            found.update(listed)
    return found


_ABBREVIATION = re.compile(r"^ {0,3}\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*$")
"""kramdown's (and PHP Markdown Extra's) abbreviation: ``*[name]: explanation``, a tooltip on each use."""
MAX_ABBREVIATIONS = 1_000
"""Abbreviations a post may define (a real glossary: 71); past this, their lines stay text."""
MAX_ABBREVIATION_NAME = 100
"""Characters of an abbreviation's name; a longer one is not looked for."""


def _abbreviate(text: str, abbreviations: dict[str, str], spans: list[str]) -> str:
    """Each use of an abbreviation (a whole word, outside code spans, addresses, HTML tags and reference
    definitions) as an ``{abbr}`` role, kept aside in ``spans`` (MyST's syntax is escaped after this); its
    explanation is the tooltip's plain text (markdown's escapes and code marks taken off)."""
    usable = {name: " ".join(unescape_markdown(explanation).replace("`", "").split())
              for name, explanation in abbreviations.items()
              if not re.search(r"[`()\n]", name) and name.strip() and len(name) <= MAX_ABBREVIATION_NAME
              and explanation.replace("`", "").strip()}
    if not usable:
        return text
    names = "|".join(re.escape(name) for name in sorted(usable, key=len, reverse=True))
    skipped = r"\]\([^)\n]*\)|<[^>\n]*>|\x03\d+\x03|\b(?:https?|ftp|mailto):[^\s)>\]]+|^ {0,3}\[(?!\^)[^\]\n]+\]:.*$"
    pattern = re.compile(rf"({skipped})|(?<!\w)({names})(?!\w)", re.MULTILINE)

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(0)
        spans.append(f"{{abbr}}`{match.group(2)} ({usable[match.group(2)]})`")
        return f"\x03{len(spans) - 1}\x03"

    return pattern.sub(replace, text)


def _links_outside_code(text: str, conversion: Conversion, levels: HeadingLevels, abbreviate: bool = True) -> str:
    text = _HEADING.sub(lambda match: "#" * levels.next(len(match.group(1))), text)
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:  # code spans are left as they are, even inside a link's text
        spans.append(match.group(0))
        return f"\x03{len(spans) - 1}\x03"

    text = _CODE_SPAN.sub(keep, text.replace("\x03", ""))
    if conversion.kramdown:  # its comments, and the marks of attributes and raw HTML: no text of the page
        text = _SPAN_ATTRIBUTES.sub("", _KRAMDOWN_COMMENT.sub("", text))
    text = _REFERENCE.sub(lambda match: _reference(match, conversion),
                          _LINK.sub(lambda match: _link(match, conversion), text))
    for label in conversion.dead_labels:  # links to a place the page does not have: their text
        text = re.sub(r"\[([^\]\n]*)\]\[" + re.escape(label) + r"\]", r"\1", text, flags=re.IGNORECASE)
    if abbreviate and conversion.abbreviations:
        text = _abbreviate(text, conversion.abbreviations, spans)
    text = escape_myst_syntax(text)
    return re.sub(r"\x03(\d+)\x03", lambda match: spans[int(match.group(1))], text)


_MYST_LINE_SYNTAX = re.compile(r"^((?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)*[ \t]*)"
                               r"(%|\+\+\+|\(\S[^)\n]*\)=|:{3,})", re.MULTILINE)
"""What starts a block (after quote and list markers) and only MyST reads as markup."""
_LONE_DOLLAR = re.compile(r"(?<![\\$])\$(?!\$)")  # "$5 … $10"; "$$" is the blog's own math
_ROLE = re.compile(r"(?<!\\)\{([\w:+-]+)\}(?=`|\x03)")  # \x03: a code span, kept aside


def escape_myst_syntax(text: str) -> str:
    """Markdown of another blog (outside code) with what only MyST reads as markup escaped, so it shows
    as the blog showed it: a line starting with ``%`` (a comment), ``+++`` (a block break), ``(name)=``
    (a target) or ``:::`` (a fence), a lone ``$`` (math: "$5 … $10"), ``{name}`` before a backtick (a
    role). ``$$`` blocks are the blog's own math (kramdown, Hugo) and stay."""
    text = _MYST_LINE_SYNTAX.sub(lambda match: match.group(1) + "\\" + match.group(2), text)
    text = _LONE_DOLLAR.sub(r"\\$", text)
    return _ROLE.sub(r"\\{\1}", text)


def _link(match: re.Match[str], conversion: Conversion) -> str:
    image, text, url, title = match.groups()
    text = _LINK.sub(lambda inner: _link(inner, conversion), text)  # an image inside a link
    if url.startswith("#") and not image:  # a place on the same page: kept where the page has it
        return f"[{text}]({url}{title})" if url[1:] in conversion.anchors else text
    address = picture_address(url, conversion) if image else web_address(url, conversion)
    if address is None:
        if image:
            conversion.note(f"an image at {url[:80]!r} is shown as its text")  # the note before says why
            return f"[image: {text}]" if text else ""
        return text
    if image and not address.startswith(POST_LINK):
        conversion.image(address)
    return f"{image}[{text}]({address}{title})"


def _label(definition: str) -> str:
    """The label of a reference definition's ``[label]``."""
    found = re.match(r"\s*\[([^\]]+)\]", definition)
    return found.group(1) if found else definition


def _reference(match: re.Match[str], conversion: Conversion) -> str:
    label = " ".join(_label(match.group(1)).casefold().split())  # as CommonMark matches labels
    if label in conversion.defined_labels:
        return ""  # CommonMark uses a label's first definition and shows none of them (MyST warns on each)
    conversion.defined_labels.add(label)
    if match.group(2).startswith("#"):  # a place on the same page: kept where the page has it
        if match.group(2)[1:] in conversion.anchors:
            return match.group(0)
        conversion.dead_labels.add(_label(match.group(1)))
        return ""
    address = web_address(match.group(2), conversion)
    if address is None:
        return "\\" + match.group(0).lstrip()  # shown as the text it is
    return f"{match.group(1)}{address}{match.group(3) or ''}"


# -- Staticman comments --------------------------------------------------------------------------------


def _comments(site: StaticSite, post: Post, folder: Path, source: Source) -> list[Comment]:
    records = []
    for path in walk_files(folder, DATA_SUFFIXES)[:MAX_COMMENTS_PER_POST]:
        try:
            text = read_text(path, site.root, MAX_DATA_BYTES)
            data = split_front_matter(text)[0] if path.suffix == ".md" else load_data(text, path.suffix.lower())
        except (UnsafeFile, OSError, UnicodeDecodeError, ValueError) as error:
            post.notes.append(f"comment file {path.relative_to(site.root).as_posix()} not read: {error}")
            continue
        if isinstance(data, dict):
            records.append((path, data))
    comments = []
    top_level = []
    for path, data in sorted(records, key=lambda item: (str(as_date(item[1].get("date")) or ""), item[0].name)):
        day = as_date(data.get("date"))
        message = data.get("message", data.get("comment", data.get("body")))
        if day is None or not isinstance(message, str) or not message.strip():
            source.leave_out("without a date or a message")
            continue
        if data.get("hidden") not in (None, "", False, "false"):
            source.leave_out("hidden")
            continue
        key = text_value(data.get("_id")) or path.stem.removeprefix("comment-")
        parent = (text_value(data.get("replying_to_uid")) or text_value(data.get("reply_to"))
                  or text_value(data.get("replying_to")) or text_value(data.get("parent")))
        conversion = Conversion(base_url=site.base_url, comment=True)
        url = reader_page(text_value(data.get("url") or data.get("website")), key, post)
        comment = Comment(key=f"sm-{key}", author=text_value(data.get("name") or data.get("author")) or "Anonymous",
                          date=max(day, post.date), body=comment_markdown(message, conversion), url=url,
                          parent=parent)
        if not comment.body.strip():
            source.leave_out("empty")
            continue
        if not parent:
            top_level.append(comment)
        comments.append(comment)
    by_key = {comment.key: comment for comment in comments}
    for comment in comments:
        if comment.parent is None:
            continue
        if f"sm-{comment.parent}" in by_key and f"sm-{comment.parent}" != comment.key:
            comment.parent = f"sm-{comment.parent}"
        elif re.fullmatch(r"\d{1,6}", comment.parent) and 0 < int(comment.parent) <= len(top_level):
            comment.parent = top_level[int(comment.parent) - 1].key  # Made Mistakes: the parent's number
        else:
            comment.parent = None
    return comments


def comment_markdown(text: str, conversion: Conversion) -> str:
    """A commenter's markdown, rendered as a blog would and converted back: HTML, images and anything
    MyST would read as a directive or role become plain markdown."""
    return html_to_markdown(commonmark().render(text[:MAX_DATA_BYTES]), conversion)

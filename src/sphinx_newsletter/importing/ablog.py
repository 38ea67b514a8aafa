"""Read a Sphinx site's ABlog posts: reStructuredText with ``.. post::`` (or the file-wide ``:blogpost:
true`` fields), MyST markdown with a ``{post}`` directive or ``blogpost: true`` front matter, and every
file ``blog_post_pattern`` matches (how personal ABlog sites name their posts). A Jupyter notebook post
(MyST-NB) comes as MyST: its metadata as front matter, markdown cells as they are, code fenced, text
outputs as text, PNG and JPEG outputs as pictures; HTML and JavaScript outputs are left out and named.

The post's options give the date, tags, categories (as tags), authors, location and excerpt; authors'
and locations' names come from ``blog_authors`` and ``blog_locations``, a post that names none gets
``blog_default_author`` and ``blog_default_location`` as ABlog gives it, and the blog's address comes
from ``blog_baseurl``: all from ``conf.py``, read as data with :mod:`ast` (it is never run).

A MyST post's body is kept as it is, without its ``{post}`` block. A reStructuredText body is converted by
docutils into HTML and then markdown like a WordPress post, with docutils' own safety settings (no ``raw``, no
file inclusion); Sphinx's directives and roles that plain docutils does not know are kept as text (a literal
block, or the role's text) and named for the editor. ABlog keeps no comments (its sites use Disqus), so none
come.
"""

from __future__ import annotations

import ast
import base64
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import yaml

from sphinx_newsletter.core.paths import MAX_PICTURE_BYTES, UnsafeFile
from sphinx_newsletter.importing.directives import convert_directives
from sphinx_newsletter.importing.files import (
    MAX_PICTURES,
    as_date,
    local_pictures,
    read_text,
    split_front_matter,
    text_value,
    walk_files,
    words,
)
from sphinx_newsletter.importing.markup import Conversion, blog_address, fence, html_to_markdown
from sphinx_newsletter.importing.model import MAX_POSTS, Post, Source, SourceError, failure
from sphinx_newsletter.importing.staticsite import markdown_body
from sphinx_newsletter.safety.sources import MAX_REPORT_BYTES
from sphinx_newsletter.upstream import known_directive, known_role

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%b %d, %Y", "%B %d, %Y", "%d %b, %Y", "%d %B, %Y",
                "%b %d %Y", "%B %d %Y", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
SKIPPED_FOLDERS = {"_build", "_static", "_templates", "node_modules", "build"}
_RST_POST = re.compile(r"^\.\. post::[ \t]*(.*)$((?:\n[ \t]+:[\w-]+:.*$)*)", re.MULTILINE)
_MYST_POST = re.compile(r"^(`{3,}|:{3,})\{post\}[ \t]*([^\n]*)$(.*?)^\1[ \t]*$\n?", re.MULTILINE | re.DOTALL)
_FIELD = re.compile(r"^[ \t]*:([\w-]+):[ \t]*(.*)$", re.MULTILINE)
_FIELDS = re.compile(r"^(?:[ \t]*:[\w-]+:.*(?:\n|$))+", re.MULTILINE)
_TITLE = re.compile(r"^(?:([=\-`:'\"~^_*+#])\1{2,}\n)?(\S[^\n]*)\n([=\-`:'\"~^_*+#])\3{2,}[ \t]*$", re.MULTILINE)


CONF_NAMES = frozenset({"blog_authors", "blog_baseurl", "post_date_format", "blog_title", "blog_post_pattern",
                        "blog_default_author", "blog_locations", "blog_default_location"})
"""What the importer reads of an ABlog site's ``conf.py``."""


def _names(table: object) -> dict[str, str]:
    """``blog_authors`` or ``blog_locations``: key -> the name shown (the first item of its pair)."""
    names = {}
    for key, value in table.items() if isinstance(table, dict) else ():
        name = text_value(value[0] if isinstance(value, (tuple, list)) and value else value)
        if name:
            names[str(key)] = name
    return names


def _strings(value: object) -> list[str]:
    """A ``conf.py`` value ABlog takes as a string or a list of strings (other items ignored)."""
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, (list, tuple)) else []


def _defaults(value: object, names: dict[str, str]) -> tuple[str, ...]:
    """``blog_default_author`` or ``blog_default_location`` (a key, or a list of keys) as names."""
    keys = _strings(value)
    return tuple(names.get(key) or " ".join(key.split()) for key in keys[:20] if key.strip())


def conf_values(conf: Path, root: Path) -> dict[str, Any]:
    """Literal assignments of ``conf.py`` (``blog_authors``, ``blog_baseurl``, ``post_date_format``,
    ``blog_post_pattern``), read with :mod:`ast`, never run."""
    try:
        tree = ast.parse(read_text(conf, root, 1024 * 1024))
    except (UnsafeFile, OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
        return {}
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in CONF_NAMES:
                try:
                    values[name] = ast.literal_eval(node.value)
                except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                    continue
    return values


def post_date(value: str, extra_format: str | None) -> dt.date | None:
    """A post's date as ABlog reads it: the site's ``post_date_format``, the usual formats, then
    dateutil's parser (which ABlog itself falls back on: "Sept 24, 2016", "10-24-13")."""
    text = " ".join(value.split())
    for pattern in ((extra_format,) if isinstance(extra_format, str) else ()) + DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    day = as_date(text)
    if day is not None or not text or len(text) > 60:
        return day
    from dateutil import parser

    try:
        return parser.parse(text).date()
    except (ValueError, OverflowError, parser.ParserError):
        return None


def listed(value: str | None) -> tuple[str, ...]:
    return tuple(" ".join(part.split()) for part in (value or "").split(",") if part.strip())


def read_ablog(root: Path, unpublished_as_drafts: bool = False, base_url: str | None = None) -> Source:
    if not root.is_dir():
        raise SourceError("not a folder: give the Sphinx site's folder (the one with conf.py)")
    root = root.resolve()
    conf = conf_values(root / "conf.py", root) if (root / "conf.py").is_file() else {}
    address = blog_address(base_url or text_value(conf.get("blog_baseurl")))
    authors, locations = _names(conf.get("blog_authors")), _names(conf.get("blog_locations"))
    default_authors = _defaults(conf.get("blog_default_author"), authors)
    default_location = next(iter(_defaults(conf.get("blog_default_location"), locations)), None)
    source = Source("ablog", identity=address or root.resolve().name)
    patterns = post_patterns(conf.get("blog_post_pattern"))
    files = [path for path in walk_files(root, (".rst", ".md", ".ipynb"))
             if not set(path.relative_to(root).parts[:-1]) & SKIPPED_FOLDERS][:MAX_POSTS]
    for path in files:
        relative = path.relative_to(root).as_posix()
        by_pattern = any(pattern.fullmatch(relative) for pattern in patterns)
        try:
            text = read_text(path, root, MAX_NOTEBOOK_BYTES if path.suffix == ".ipynb" else MAX_REPORT_BYTES)
        except (UnsafeFile, OSError, UnicodeDecodeError) as error:
            source.skip(relative, f"not read: {error}")
            continue
        notes: list[str] = []
        outputs: dict[str, bytes] = {}
        if path.suffix == ".ipynb":
            try:
                text = notebook_text(text, notes, outputs)
            except ValueError as error:
                if by_pattern:
                    source.skip(relative, f"a notebook post that cannot be read: {error}")
                continue
        reader = _rst_post if path.suffix == ".rst" else _myst_post
        pictures: dict[str, Path | bytes] = {**local_pictures(text, path, root, notes), **outputs}
        try:
            post = reader(text, relative, Conversion(base_url=address, notes=notes, local=frozenset(pictures)),
                          conf.get("post_date_format"), source, by_pattern)
        except ValueError as error:
            source.skip(relative, f"not read: {error}")
            continue
        except Exception as error:
            source.skip(relative, failure(error))
            continue
        if post is None:
            continue
        if post.draft and not unpublished_as_drafts:
            source.skip(relative, "excluded from the blog (:exclude:) or a draft: not imported (--unpublished "
                                  "draft imports it as a draft)")
            continue
        post.pictures = {target: file for target, file in pictures.items() if target in post.body}
        post.authors = tuple(authors.get(author) or author for author in post.authors) or default_authors
        post.location = locations.get(post.location, post.location) if post.location else default_location
        source.posts.append(post)
    return source


MAX_PATTERNS = 50


def post_patterns(value: object) -> list[re.Pattern[str]]:
    """ABlog's ``blog_post_pattern`` (a glob or a list of globs, relative to the site's folder: ``*`` within
    a folder name, ``**`` across folders) as expressions over a file's path; at most 50 of them."""
    return [re.compile(_glob(pattern.strip().lstrip("/")[:200])) for pattern in _strings(value)[:MAX_PATTERNS]
            if pattern.strip()]


def _glob(pattern: str) -> str:
    """A glob as Python's ``glob(recursive=True)`` reads it, as a regular expression."""
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:[^/]+/)*")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return "".join(out)


MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024
"""A notebook post, outputs included."""
MAX_CELLS = 5_000
NOTEBOOK_FIELDS = ("title", "date", "tags", "category", "author", "location", "excerpt", "blogpost")
"""What a notebook's metadata gives its post (as a MyST post's front matter does)."""


def notebook_text(text: str, notes: list[str], outputs: dict[str, bytes]) -> str:
    """A Jupyter notebook (nbformat 4, as MyST-NB reads it) as a MyST post: its metadata as front matter,
    markdown cells as they are, code cells fenced in the kernel's language, text outputs as text, PNG and
    JPEG outputs as pictures (``outputs``, by the name the text gives them); other outputs (HTML and
    JavaScript could run scripts) are left out and said in ``notes``. ``ValueError`` when it is none."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"not JSON ({error})") from error
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list) or not isinstance(data.get("metadata", {}), dict):
        raise ValueError("not a Jupyter notebook (nbformat 4: cells and metadata)")
    metadata = data.get("metadata") or {}
    raw_kernel = metadata.get("kernelspec")
    kernel: dict[str, Any] = raw_kernel if isinstance(raw_kernel, dict) else {}
    language = text_value(kernel.get("language")) or "python"
    matter = {key: metadata[key] for key in NOTEBOOK_FIELDS if key in metadata  # "blogpost": true is JSON's true
              and (text_value(metadata[key]) or isinstance(metadata[key], (list, bool)))}
    parts = [f"---\n{yaml.safe_dump(matter, allow_unicode=True, sort_keys=False)}---\n"] if matter else []
    left_out: Counter[str] = Counter()
    first_markdown = True
    for cell in cells[:MAX_CELLS]:
        if not isinstance(cell, dict):
            continue
        source = _cell_text(cell.get("source"))
        kind = cell.get("cell_type")
        if kind == "markdown":
            parts.append(_without_front_matter(source) if first_markdown and matter else source)
            first_markdown = False
        elif kind == "code":
            if source.strip():
                parts.append(fence(source, language))
            for output in cell.get("outputs") or []:
                parts += _output(output, notes, outputs, left_out)
        else:
            left_out[f"{kind} cells"] += 1
    if len(cells) > MAX_CELLS:
        notes.append(f"the notebook has {len(cells):,} cells: the first {MAX_CELLS:,} are imported")
    notes += [f"{count} {what} of the notebook left out" for what, count in left_out.items()]
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def _cell_text(value: object) -> str:
    if isinstance(value, list):
        return "".join(item for item in value if isinstance(item, str))
    return value if isinstance(value, str) else ""


def _without_front_matter(text: str) -> str:
    """A first markdown cell that repeats the notebook's metadata as front matter (jupytext) without it."""
    try:
        return split_front_matter(text)[1] if text.startswith("---\n") else text
    except ValueError:
        return text


def _output(output: object, notes: list[str], outputs: dict[str, bytes], left_out: Counter[str]) -> list[str]:
    """An output as markdown: text as a text block, a PNG or JPEG as a picture, the rest left out."""
    if not isinstance(output, dict):
        return []
    if output.get("output_type") == "stream":
        text = _cell_text(output.get("text"))
        return [fence(text, "text")] if text.strip() else []
    if output.get("output_type") == "error":
        left_out["error outputs"] += 1
        return []
    raw_data = output.get("data")
    data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
    for kind, suffix, magic in (("image/png", ".png", b"\x89PNG\r\n\x1a\n"), ("image/jpeg", ".jpg", b"\xff\xd8\xff")):
        if isinstance(data.get(kind), (str, list)):
            encoded = re.sub(r"\s+", "", _cell_text(data[kind]))
            if len(encoded) > MAX_PICTURE_BYTES * 4 // 3 + 4:
                notes.append(f"an {kind} output is not imported: it is over {MAX_PICTURE_BYTES >> 20} MiB")
                return []
            try:
                picture = base64.b64decode(encoded, validate=True)
            except ValueError:
                picture = b""
            if not picture.startswith(magic):
                notes.append(f"an {kind} output is not imported: it is not a {suffix[1:].upper()} picture")
                return []
            if len(outputs) >= MAX_PICTURES:
                notes.append(f"an {kind} output is not imported: the post has more than {MAX_PICTURES} pictures")
                return []
            name = f"output-{len(outputs) + 1}{suffix}"
            outputs[name] = picture
            return [f"![Output {len(outputs)}]({name})"]
    if "text/plain" in data and not any(kind.startswith(("text/html", "application/")) for kind in data):
        text = _cell_text(data["text/plain"])
        return [fence(text, "text")] if text.strip() else []
    left_out[f"{', '.join(sorted(kind for kind in data if kind != 'text/plain')) or 'empty'} outputs"] += 1
    return []


def _options(block: str) -> dict[str, str]:
    return {match.group(1).lower(): match.group(2).strip() for match in _FIELD.finditer(block)}


def _post_from(options: dict[str, str], date_text: str, title: str | None, body: str, relative: str,
               date_format: str | None,
               conversion: Conversion, source: Source) -> Post | None:
    date = post_date(date_text, date_format)
    if date is None:
        source.skip(relative, f"its post date {date_text[:40]!r} cannot be read: write it as YYYY-MM-DD"
                    if date_text else "its post has no date, which makes it a draft in ABlog: give it one to "
                                      "import it")
        return None
    title = title or options.get("title")
    if not title:
        title = Path(relative).stem.replace("-", " ").capitalize()
        conversion.note("the post has no title: one was made from its file name")
    post = Post(origin=relative, where=relative, title=title, date=date, body=body,
                slug=Path(relative).stem if Path(relative).stem != "index" else Path(relative).parent.name,
                authors=listed(options.get("author")), tags=listed(options.get("tags")) + listed(
                    options.get("category")), summary=options.get("excerpt") or None,
                location=options.get("location") or None, draft="exclude" in options)
    post.notes, post.images = conversion.notes, conversion.images
    return post


def _rst_post(text: str, relative: str, conversion: Conversion, date_format: str | None,
              source: Source, by_pattern: bool = False) -> Post | None:
    """A reST post: a ``post`` directive, a ``:blogpost: true`` field list, or (``by_pattern``) a file
    ``blog_post_pattern`` matches, its fields at the top."""
    directive = _RST_POST.search(text)
    lead = _FIELDS.search(text)
    fields = _options(lead.group(0)) if lead and (by_pattern or ":blogpost:" in lead.group(0)) else {}
    if directive is None and fields.get("blogpost", "").lower() != "true" and not by_pattern:
        return None
    options = _options(directive.group(2)) if directive else fields
    date_text = directive.group(1).strip() if directive else fields.get("date", "")
    if directive:
        text = text[:directive.start()] + text[directive.end():]
    elif lead is not None:
        text = text[:lead.start()] + text[lead.end():]
    title_match = _TITLE.search(text)
    title = " ".join(title_match.group(2).split()) if title_match else None
    html = rst_to_html(text, conversion)
    return _post_from(options, date_text, title, html_to_markdown(html, conversion), relative, date_format,
                      conversion, source)


def _myst_post(text: str, relative: str, conversion: Conversion, date_format: str | None,
               source: Source, by_pattern: bool = False) -> Post | None:
    """A MyST post: a ``{post}`` block, ``blogpost: true`` in the front matter, or (``by_pattern``) a
    file ``blog_post_pattern`` matches."""
    matter, body = split_front_matter(text)
    directive = _MYST_POST.search(body)
    if directive is None and str(matter.get("blogpost", "")).lower() != "true" and not by_pattern:
        return None
    options = {str(key).lower(): ", ".join(words(value)) if isinstance(value, list) else text_value(value) or ""
               for key, value in matter.items() if text_value(value) or isinstance(value, list)}
    date_text = options.get("date", "")
    if directive:
        options.update(_options(directive.group(3)))
        date_text = directive.group(2).strip() or date_text
        body = body[:directive.start()] + body[directive.end():]
    heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", body, flags=re.MULTILINE)
    title = text_value(matter.get("title")) or (heading.group(1) if heading else None)
    if heading and not matter.get("title"):
        body = body[:heading.start()] + body[heading.end():]
    return _post_from(options, date_text, title, markdown_body(convert_directives(body, conversion), conversion),
                      relative, date_format, conversion, source)


# -- reStructuredText through docutils ----------------------------------------------------------------

TEXT_ROLES = {"ref", "doc", "term", "any", "numref", "download", "abbr", "envvar", "option", "token", "keyword"}
ERROR_LEVEL = 3  # docutils' ERROR: the level at which it leaves out what it could not read
DROPPED_DIRECTIVES = {"post", "postlist", "more", "highlight", "toctree", "index", "tags", "meta", "update-list"}


def rst_to_html(text: str, conversion: Conversion) -> str:
    """The body of a reStructuredText document as HTML (its title left out), docutils kept from raw
    HTML and from reading files; Sphinx's own markup kept as text."""
    from docutils import nodes
    from docutils.core import publish_doctree, publish_from_doctree
    from docutils.parsers.rst import Directive, directives, roles
    from docutils.writers.html5_polyglot import Writer as HTML5Writer
    from sphinx.util.docutils import docutils_namespace

    class Verbatim(Directive):
        """A directive docutils does not know: shown as the text it is."""

        has_content = True
        optional_arguments = 1
        final_argument_whitespace = True
        option_spec: ClassVar[dict[str, Callable[[str], Any]] | None] = None

        def run(self) -> list[nodes.Node]:
            conversion.note(f"directive '{self.name}' kept as text")
            return [nodes.literal_block(self.block_text, self.block_text)]

    class Dropped(Verbatim):
        def run(self) -> list[nodes.Node]:
            return []

    class Code(Verbatim):
        option_spec = {"linenos": directives.flag, "caption": directives.unchanged, "name": directives.unchanged,
                       "emphasize-lines": directives.unchanged, "lineno-start": directives.unchanged,
                       "dedent": directives.unchanged, "force": directives.flag}

        def run(self) -> list[nodes.Node]:
            language = (self.arguments or [""])[0].strip()
            code = "\n".join(self.content)
            return [nodes.literal_block(code, code, classes=["code", language] if language else ["code"])]

    class Titled(Verbatim):
        """Sphinx's seealso, versionadded, versionchanged and deprecated: an admonition with their words."""

        def run(self) -> list[nodes.Node]:
            words = {"seealso": "See also", "versionadded": "New in version {}",
                     "versionchanged": "Changed in version {}", "deprecated": "Deprecated since version {}"}
            argument = (self.arguments or [""])[0]
            version, _, text = ("", "", argument) if self.name == "seealso" else argument.partition("\n")
            title = words[self.name].format(version.strip()).strip()
            node = nodes.admonition()
            node += nodes.title(title, title)
            if text.strip():
                inline, _messages = self.state.inline_text(text, self.lineno)
                node += nodes.paragraph(text, "", *inline)
            self.state.nested_parse(self.content, self.content_offset, node)
            return [node]

    class Update(Verbatim):
        def run(self) -> list[nodes.Node]:
            node = nodes.admonition(classes=["admonition-update"])
            title = f"Update on {self.arguments[0]}" if self.arguments else "Update"
            node += nodes.title(title, title)
            self.state.nested_parse(self.content, self.content_offset, node)
            return [node]

    def text_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None,
                  content: Any = None) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        label = re.match(r"^(.*?)\s*<[^<>]*>$", text, flags=re.DOTALL)
        shown = (label.group(1) if label else text).lstrip("~!")
        return [nodes.Text(shown)], []

    def literal_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None,
                     content: Any = None) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [nodes.literal(rawtext, text.lstrip("~!"))], []

    with docutils_namespace():  # directives and roles registered for this conversion only
        for name in set(re.findall(r"^[ \t]*\.\.[ \t]+([\w:.+-]+)::", text, flags=re.MULTILINE)):
            known = known_directive(name)
            if name in DROPPED_DIRECTIVES:
                directives.register_directive(name, Dropped)
            elif name in ("code-block", "sourcecode"):
                directives.register_directive(name, Code)
            elif name == "update":
                directives.register_directive(name, Update)
            elif name in ("seealso", "versionadded", "versionchanged", "deprecated"):
                directives.register_directive(name, Titled)
            elif name in ("include", "raw") or not known:  # Sphinx's literalinclude is not docutils': not known
                directives.register_directive(name, Verbatim)
        for name in set(re.findall(r":([\w:.+-]+):`", text)):
            if known_role(name):
                continue
            role: Any = text_role if name.split(":")[-1] in TEXT_ROLES else literal_role  # the stubs want references
            roles.register_local_role(name, role)
        settings = {"raw_enabled": False, "file_insertion_enabled": False, "report_level": 5, "halt_level": 5,
                    "_disable_config": True, "syntax_highlight": "none", "math_output": "LaTeX",
                    "doctitle_xform": True, "sectsubtitle_xform": False, "initial_header_level": 2}
        document = publish_doctree(text, settings_overrides=settings)
        for message in list(document.findall(nodes.system_message)):
            kept = [child for child in message.children if isinstance(child, nodes.literal_block)]
            if message["level"] >= ERROR_LEVEL and kept:  # a heading or block docutils refused: its text stays
                conversion.note(f"reStructuredText docutils could not read is kept as text (line {message.get('line')}: "
                                f"{message.children[0].astext()})")
                message.replace_self(kept)
        writer = HTML5Writer()
        publish_from_doctree(document, writer=writer, settings_overrides=settings)
    return writer.parts["body"]

"""HTML to MyST markdown, for imported posts and comments (markdownify, with the newsletter's rules).

What the converter keeps: links, emphasis, lists, tables, images, figures, quotes and code (in a fence
longer than any backtick run inside it, with the language from the usual class names). What it changes:
text that MyST would read as markup (``$math$``, ``{role}``, ``:::`` fences, ``<html>``) is escaped, so
that it shows as the writer wrote it; headings start at ``##`` (the title is the page's ``#``); links keep
only addresses of the schemes reports may use and images only http and https ones (relative ones are
resolved against the blog's address when it is known); anything else keeps its text and is listed for the
editor. A comment links only over http, https and mailto, gets no images (a link instead) and no headings
(bold text): feedback bodies are plain markdown.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from sphinx_newsletter.core.urls import FEEDBACK_SCHEMES, SAFE_SCHEMES, url_scheme

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MAX_HTML_BYTES = 2 * 1024 * 1024
"""A post's HTML; a longer one is cut here, and the editor told."""
MAX_NESTING = 200
"""Deeper HTML is imported as plain text (the converter walks the tree recursively)."""

_SAFE_URL_CHARACTERS = ":/?#[]@!$&'*+,;=%~-._"
_LANGUAGE = re.compile(r"^[A-Za-z0-9_+#.-]{1,30}$")


@dataclass
class Conversion:
    """Where the markdown goes (``comment``: a feedback body), the blog's address for relative links,
    and what the editor should hear about."""

    base_url: str | None = None
    comment: bool = False
    notes: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    anchors: frozenset[str] = frozenset()  # the ids of the body's own headings (in-page links may point at them)
    dead_labels: set[str] = field(default_factory=set)  # reference labels whose target is nowhere on the page
    defined_labels: set[str] = field(default_factory=set)  # reference labels defined so far (CommonMark: the first wins)
    local: frozenset[str] = frozenset()  # the post's own pictures, as written: copied beside the report, kept relative
    abbreviations: dict[str, str] = field(default_factory=dict)  # kramdown's *[name]: explanation, of the body
    kramdown: bool = False  # the body is kramdown's (Jekyll's): its attribute lists and extensions are markup

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def image(self, url: str) -> None:
        if url not in self.images and url not in self.local:
            self.images.append(url)


def fence(text: str, info: str = "", character: str = "`") -> str:
    """A fenced block around ``text`` that no run of the fence character inside it can close."""
    if character == "`" and "`" in info:  # a backtick fence's info string cannot hold a backtick
        character = "~"
    longest = max((len(run) for run in re.findall(re.escape(character) + "+", text)), default=0)
    marker = character * max(3, longest + 1)
    return f"{marker}{info}\n{text.rstrip(chr(10))}\n{marker}"


def blog_address(value: object) -> str | None:
    """A blog's own address (an export's, a site's configuration, ``--base-url``) as relative links are
    joined to it: http or https with a host, ending in ``/``; ``None`` for anything else."""
    text = value.strip() if isinstance(value, str) else ""
    if not re.match(r"^https?://[^\s/?#@]+", text, flags=re.IGNORECASE):
        return None
    return text.rstrip("/") + "/"


POST_LINK = f"newsletter-import-post-{secrets.token_hex(12)}:"
"""A link to another imported post, by the name the source used; the writer makes it a relative path.
Its nonce is drawn anew in each run, so no export can write it (and a text that looks like it stays text)."""


def web_address(url: str, conversion: Conversion) -> str | None:
    """``url`` as an absolute address of a scheme reports may link to (a relative one joined to the blog's
    address), percent-encoded for a markdown link; ``None`` when it is none of these."""
    url = html.unescape(url or "").strip()
    if not url or url.startswith("#"):
        return None
    if re.search(r"\\?\{\\?[{%]", url):  # Liquid or Hugo the import could not work out (escaped or not)
        written = unescape_markdown(url.removeprefix(POST_LINK))  # as the blog wrote it
        conversion.note(f"an address made by the blog's templates ({written[:80]!r}) is kept as text")
        return None
    if url.startswith(POST_LINK) or url in conversion.local:
        return url  # a link to another imported post, or a picture beside the post: made paths by the writer
    if url.startswith("//"):
        url = "https:" + url
    scheme = urlsplit(url).scheme.lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url) else ""
    if not scheme:
        if not conversion.base_url:
            conversion.note(f"relative address {url[:80]!r} kept as text: give --base-url to link it")
            return None
        url = urljoin(conversion.base_url, url)
        scheme = urlsplit(url).scheme.lower()
    if scheme not in (FEEDBACK_SCHEMES if conversion.comment else SAFE_SCHEMES):
        conversion.note(f"a {scheme}: address is not linked (not a scheme {'comments' if conversion.comment else 'reports'} "
                        "may link to: SECURITY.md)")
        return None
    return quote(url, safe=_SAFE_URL_CHARACTERS)


def picture_address(url: str, conversion: Conversion) -> str | None:
    """``url`` as :func:`web_address` makes it, for a picture: an http or https address (or a file the
    writer places beside the post); ``None`` for any other."""
    address = web_address(url, conversion)
    if address is not None and address.startswith(POST_LINK):
        conversion.note(f"a picture at {address.removeprefix(POST_LINK)[:80]!r}, a post or page of the blog, is not shown")
        return None
    scheme = url_scheme(address) if address is not None else None
    if scheme not in (None, "http", "https"):
        conversion.note(f"a picture at a {scheme}: address is not shown (pictures are http or https)")
        return None
    return address


def escape_text(text: str) -> str:
    """Escapes beyond markdownify's own: what MyST's extensions would read as markup (math, roles,
    fences, field lists; a line-leading ``%`` is a comment, ``+++`` a block break, ``(name)=`` a target)."""
    text = text.replace("$", "\\$").replace("{", "\\{").replace("}", "\\}")
    text = text.replace(":::", "\\:::").replace("%", "\\%").replace("+++", "\\+++")
    text = re.sub(r"\((\S[^)\n]*)\)=", r"\\(\1)=", text)
    return re.sub(r"(^|\n):", r"\1\\:", text)


def _converter_class() -> type[Any]:
    from markdownify import MarkdownConverter

    # markdownify's stubs declare only its public methods; its convert_* hooks are how it is extended
    base: Any = MarkdownConverter

    class MystConverter(base):  # type: ignore[misc]
        def __init__(self, conversion: Conversion, levels: HeadingLevels, **options: Any) -> None:
            super().__init__(heading_style="ATX", bullets="-", escape_misc=True, newline_style="backslash",
                             table_infer_header=True, strip_document="strip", **options)
            self.conversion = conversion
            self.levels = levels

        def escape(self, text: str, parent_tags: set[str]) -> str:
            return escape_text(super().escape(text, parent_tags))

        def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
            if "_noformat" in parent_tags:
                return text
            href = web_address(el.get("href", ""), self.conversion)
            if not text.strip():
                return ""
            if href is None:
                return text
            if text.replace("\\_", "_") == html.unescape(el.get("href", "")).strip() and href.startswith("http"):
                return f"<{href}>"
            return f"[{text}]({href})"

        def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
            alt = " ".join((el.get("alt") or "").split()).replace("[", "\\[").replace("]", "\\]")
            src = picture_address(el.get("src", ""), self.conversion)
            if src is None:
                self.conversion.note(f"an image without a web address is shown as its text ({alt or 'no alt text'})")
                return f"[image: {alt}]" if alt else ""
            self.conversion.image(src)
            if self.conversion.comment or "_inline" in parent_tags:
                return f"[image: {alt or src}]({src})"
            return f"![{alt}]({src})"

        def convert_figure(self, el: Any, text: str, parent_tags: set[str]) -> str:
            image = el.find("img")
            if image is None or self.conversion.comment or len(el.find_all("img")) > 1:
                return f"\n\n{text.strip()}\n\n"  # a gallery: each of its images (and figures) as it comes
            src = picture_address(image.get("src", ""), self.conversion)
            caption = el.find("figcaption")
            caption_text = str(self.process_tag(caption, parent_tags)).strip() if caption is not None else ""
            if "_inline" in parent_tags:  # a table cell or a heading holds no block: the picture as a link
                return f" {self.convert_img(image, '', parent_tags)} {caption_text} "
            if src is None:
                return f"\n\n{self.convert_img(image, '', parent_tags)}\n\n{caption_text}\n\n"
            self.conversion.image(src)
            alt = " ".join((image.get("alt") or "").split())
            options = f":alt: {alt}\n" if alt else ""
            link = image.find_parent("a")
            target = web_address(link.get("href", ""), self.conversion) if link is not None else None
            if target and target.startswith(("http:", "https:")):
                options += f":target: {target}\n"  # the image links to its full size, or a page
            return "\n\n" + fence(f"{options}\n{caption_text}" if caption_text else options, "{figure} " + src) + "\n\n"

        def convert_figcaption(self, el: Any, text: str, parent_tags: set[str]) -> str:
            return f"\n\n{text.strip()}\n\n"

        def convert_hN(self, n: int, el: Any, text: str, parent_tags: set[str]) -> str:
            if self.conversion.comment:
                return f"\n\n**{text.strip()}**\n\n" if text.strip() else ""
            return str(super().convert_hN(self.levels.next(n), el, text, parent_tags))

        def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
            if not text:
                return ""
            language = code_language(el)
            return "\n\n" + fence(text.strip("\n"), language) + "\n\n"

        def _embedded(self, el: Any, text: str, parent_tags: set[str]) -> str:
            src = web_address(el.get("src") or el.get("data") or "", self.conversion)
            if src is None:
                return text
            self.conversion.note(f"embedded content ({el.name}) became a link: {src[:100]}")
            return f"\n\n[{text.strip() or 'Embedded content'}]({src})\n\n"

        convert_iframe = _embedded
        convert_embed = _embedded
        convert_object = _embedded

        def convert_audio(self, el: Any, text: str, parent_tags: set[str]) -> str:
            source = el if el.get("src") else el.find("source")
            return self._embedded(source, text or el.name, parent_tags) if source is not None else text

        convert_video = convert_audio

        def convert_aside(self, el: Any, text: str, parent_tags: set[str]) -> str:
            classes = el.get("class") or []
            if "admonition" not in classes:
                return f"\n\n{text.strip()}\n\n" if text.strip() else ""
            title = el.find(class_="admonition-title")
            heading = " ".join(title.get_text().split()) if title is not None else ""
            body = text.strip()
            if heading and body.startswith(heading):
                body = body[len(heading):].strip()
            kind = next((name for name in classes if name in ADMONITIONS), None)
            if self.conversion.comment:
                return f"\n\n**{heading}**\n\n{body}\n\n" if heading else f"\n\n{body}\n\n"
            info = "{" + kind + "}" if kind and heading.casefold() == kind.replace("seealso", "see also").casefold() \
                else "{admonition} " + (heading or "Note")
            return "\n\n" + fence(body, info) + "\n\n"

        def convert_div(self, el: Any, text: str, parent_tags: set[str]) -> str:
            if "admonition" in (el.get("class") or []):
                return self.convert_aside(el, text, parent_tags)
            return str(super().convert_div(el, text, parent_tags))

        def convert_span(self, el: Any, text: str, parent_tags: set[str]) -> str:
            if "literal" in (el.get("class") or []) and "_noformat" not in parent_tags:
                # Sphinx's inline literal: code, its text as it is (``text`` was escaped as prose)
                return str(self.convert_code(el, str(self.process_tag(el, {*parent_tags, "_noformat"})), parent_tags))
            return text

        def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
            if "_noformat" in parent_tags:  # in code: a line break is a newline, not markdown's backslash
                return "\n"
            return str(super().convert_br(el, text, parent_tags))

        def convert_sub(self, el: Any, text: str, parent_tags: set[str]) -> str:
            return text

        convert_sup = convert_sub

    return MystConverter


_CONVERTER: type[Any] | None = None
ADMONITIONS = {"note", "warning", "tip", "important", "caution", "danger", "error", "hint", "attention", "seealso"}


def code_language(element: Any) -> str:
    """The language of a ``<pre>`` (or its ``<code>``) from the class names highlighters use."""
    classes: list[str] = []
    for node in (element, element.find("code")):
        if node is not None:
            value = node.get("class") or []
            classes += value.split() if isinstance(value, str) else list(value)
    joined = " ".join(classes)
    brush = re.search(r"brush:\s*([\w+#-]+)", joined)
    if brush:
        return brush.group(1) if _LANGUAGE.match(brush.group(1)) else ""
    for name in classes:
        for prefix in ("language-", "lang-", "highlight-", "sourceCode-"):
            if name.startswith(prefix) and _LANGUAGE.match(name[len(prefix):]):
                return name[len(prefix):]
    if "code" in classes or "sourceCode" in classes:
        rest = [name for name in classes if name not in ("code", "sourceCode", "literal-block", "highlight")]
        if rest and _LANGUAGE.match(rest[0]):
            return rest[0]
    return ""


class HeadingLevels:
    """New levels for a body's headings, taken in order: from ``##`` down (the title is the page's
    ``#``), never more than one deeper than the heading before (``h2`` then ``h4`` become ``##`` then
    ``###``), at most ``######``."""

    def __init__(self, found: list[int]):
        self.rank = {level: min(6, rank) for rank, level in enumerate(sorted(set(found)), 2)}
        self.previous = 1

    def next(self, level: int) -> int:
        self.previous = min(self.rank.get(level, 6), self.previous + 1)
        return self.previous


def nesting_depth(markup: str) -> int:
    """How deep the tags of ``markup`` nest, counted from its start and end tags (void elements left out)."""
    depth = deepest = 0
    for closing, name in re.findall(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*>", markup):
        if name.lower() in VOID_ELEMENTS:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
                 "p", "li"}  # p and li close themselves often enough not to count


def html_to_markdown(markup: str, conversion: Conversion) -> str:
    """MyST markdown for ``markup`` (a post body after shortcodes and paragraphs, or a comment)."""
    global _CONVERTER
    if len(markup.encode("utf-8", "surrogatepass")) > MAX_HTML_BYTES:
        markup = markup[:MAX_HTML_BYTES]
        conversion.note(f"the text was cut at {MAX_HTML_BYTES >> 20} MiB")
    if nesting_depth(markup) > MAX_NESTING:
        conversion.note(f"HTML nested more than {MAX_NESTING} deep is imported as plain text")
        return plain_text(markup)
    if _CONVERTER is None:
        _CONVERTER = _converter_class()
    levels = HeadingLevels([int(level) for level in re.findall(r"<h([1-6])[\s>]", markup, flags=re.IGNORECASE)])
    try:
        text = _CONVERTER(conversion, levels).convert(markup)
    except RecursionError:
        conversion.note("HTML too deeply nested: imported as plain text")
        return plain_text(markup)
    return separators(text).strip() + "\n"  # markdownify keeps two newlines at most, except in code


def separators(text: str) -> str:
    """Horizontal rules as docutils takes them: never two in a row, never first or last, never right
    after a heading (a section cannot begin with one). Code is left as it is (``---`` lines in YAML)."""

    def outside_code(pattern: str, replacement: str, text: str) -> str:
        code: list[tuple[int, int]] | None = None  # found at the first match: most texts have no rule at all

        def replace(match: re.Match[str]) -> str:
            nonlocal code
            if code is None:
                code = code_ranges(text)
            if any(start <= match.start() < end for start, end in code):
                return match.group(0)
            return match.expand(replacement)

        return re.sub(pattern, replace, text, flags=re.MULTILINE)

    text = outside_code(r"^---\n(?:\n---\n)+", "---\n", text.strip("\n") + "\n")
    text = outside_code(r"^(#{1,6} [^\n]*\n)\n---\n", r"\1", text)
    return re.sub(r"\A(?:---\n\n?)+|(?:\n\n?---\n?)+\Z", "", text)  # a fence is never first or last


def paragraphs_of(markup: str) -> list[str]:
    """The text of ``markup`` as paragraphs, each on one line, tags and scripts left out."""
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", "", markup, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", "\n\n", text, flags=re.IGNORECASE)
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def plain_text(markup: str) -> str:
    """The text of ``markup`` as markdown that shows it exactly (every paragraph escaped)."""
    return "\n\n".join(escape_markdown(part) for part in paragraphs_of(markup)) + "\n"


def escape_markdown(text: str) -> str:
    """Every ASCII punctuation character escaped: ``text`` shows exactly as it is."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def unescape_markdown(text: str) -> str:
    """``text`` without markdown's backslash escapes of ASCII punctuation (what :func:`escape_markdown` adds)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


@lru_cache(maxsize=1)
def commonmark() -> MarkdownIt:
    """One CommonMark parser for the importer (a parser keeps no state between documents; making one
    was most of the time of a comment's conversion: 1.4 ms, against 0.2 ms for parsing it)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Where ``text`` (markdown) holds code: fenced and indented blocks, and code spans elsewhere, as
    character ranges."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    ranges: list[tuple[int, int]] = []
    block_lines: set[int] = set()
    for token in commonmark().parse(text):
        if token.type in ("fence", "code_block") and token.map:
            begin, end = token.map
            ranges.append((starts[begin], starts[min(end, len(starts) - 1)]))
            block_lines.update(range(begin, end))
    for number, line in enumerate(text.split("\n")):
        if number in block_lines or "`" not in line:
            continue
        for span in re.finditer(r"(`+)(?!`).*?(?<!`)\1(?!`)", line):
            ranges.append((starts[number] + span.start(), starts[number] + span.end()))
    return ranges


SPHINX_LANGUAGES = frozenset({"py", "python", "py3", "python3", "default", "pycon", "pycon3", "none", "rest", "c",
                              "guess"})
"""Languages Sphinx highlights without asking Pygments for them by name (``sphinx.highlighting``)."""
CODE_DIRECTIVES = ("{code-block}", "{code}", "{sourcecode}")
"""MyST's directives whose argument is a code block's language."""
_FENCE_LANGUAGE = re.compile(r"[^`~\n]*?(?:`{3,}|~{3,})[ \t]*"
                             rf"(?:(?:{'|'.join(map(re.escape, CODE_DIRECTIVES))})[ \t]+)?(?P<language>[^\s`{{][^\s`]*)")


@lru_cache(maxsize=256)
def known_language(name: str) -> bool:
    """Whether Sphinx's highlighter knows a code block's language (else the build warns, and shows it plain)."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    if name in SPHINX_LANGUAGES:
        return True
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True


def plain_unknown_languages(text: str) -> tuple[str, list[str]]:
    """``text`` (markdown) with each fenced block whose language Sphinx cannot highlight (``mermaid``,
    ``txt``, also as a ``{code-block}``'s argument: a build warning, and the code shown plain) marked
    ``text`` instead: the page shows the same code, and the strict build passes; ``lang-makefile`` and
    ``language-go`` (HTML's class names for a language) as the language they name. The languages so
    changed, in order. The code is untouched."""
    lines = text.split("\n")
    changed: list[str] = []
    for token in commonmark().parse(text):
        if token.type != "fence":
            continue
        words = token.info.split()
        at = 1 if words and words[0] in CODE_DIRECTIVES else 0  # ```{code-block} txt: the directive's argument
        if len(words) <= at or known_language(words[at]):
            continue
        assert token.map is not None  # a fence has its lines
        number = token.map[0]
        opening = _FENCE_LANGUAGE.match(lines[number])  # never another directive's {name}
        if opening is None or opening["language"] != words[at]:  # written with escapes: left as it is
            continue
        meant = re.sub(r"^lang(?:uage)?-", "", words[at])  # HTML's class for a code's language, as some blogs write it
        written = meant if meant != words[at] and known_language(meant) else "text"
        lines[number] = lines[number][:opening.start("language")] + written + lines[number][opening.end("language"):]
        changed.append(words[at])
    return "\n".join(lines), changed


def lexes(code: str, language: str) -> bool:
    """Whether Sphinx's highlighter reads ``code`` as ``language`` (a language it knows) without an error
    token; else the build warns, and highlights the code again leniently (``sphinx.highlighting``)."""
    from pygments.filters import ErrorToken
    from sphinx.highlighting import PygmentsBridge

    if language == "default":  # Sphinx's guess: a failure shows the code plain, without a word
        return True
    try:
        for _token in PygmentsBridge().get_lexer(code, language).get_tokens(code):
            pass
    except ErrorToken:
        return False
    return True


_SPLITS_LINES = re.compile(r"[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
"""What ``str.splitlines`` ends a line at besides a newline: MyST splits a directive's content so."""


def force_unlexed_code(text: str) -> tuple[str, list[str]]:
    """``text`` (markdown) with each fenced block in a language Sphinx knows whose code it cannot read as
    that language (a shell session marked ``json``, Python 2 marked ``python``: the build warns, then
    highlights it leniently) written as a ``{code-block}`` with its ``:force:`` option: the page shows the same
    highlighted code, and the strict build passes. Only a fence whose opening line holds nothing but its
    indent, its backticks or tildes and one language word is so written, and only when MyST reads the
    directive's code back unchanged (a text with a carriage return is left as it is). The languages so
    written, in order. The code is untouched."""
    if "\r" in text:  # markdown-it ends a line there too: its line numbers are not those of text.split
        return text, []
    lines = text.split("\n")
    changed: list[str] = []
    for token in commonmark().parse(text):
        words = token.info.split()
        if token.type != "fence" or len(words) != 1 or not known_language(words[0]) or lexes(token.content, words[0]):
            continue
        assert token.map is not None  # a fence has its lines
        number = token.map[0]
        opening = re.fullmatch(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<language>\S+)[ \t]*", lines[number])
        first = token.content.partition("\n")[0]
        if (opening is None or opening["language"] != words[0] or not first.strip()
                or first.lstrip().startswith(":") or _SPLITS_LINES.search(token.content)):
            continue  # in a quote or a list item's first line, escaped, or code MyST would read otherwise
        changed.append(words[0])
        lines[number] = f"{opening['indent']}{opening['fence']}{{code-block}} {words[0]}\n{opening['indent']}:force:"
    return "\n".join(lines), changed


# -- WordPress's paragraphs ----------------------------------------------------------------------

_BLOCKS = ("table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
           "blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
           "footer|nav|figure|figcaption|details|menu|summary|iframe|script|noscript|video|audio|object")
_OPENS_BLOCK = re.compile(rf"(<(?:{_BLOCKS})[\s/>])", re.IGNORECASE)
_CLOSES_BLOCK = re.compile(rf"(</(?:{_BLOCKS})>)", re.IGNORECASE)
_STARTS_BLOCK = re.compile(rf"^</?(?:{_BLOCKS})[\s/>]", re.IGNORECASE)
_KEEP_AS_IS = re.compile(r"<(pre|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def autop(text: str) -> str:
    """WordPress's paragraph convention (``wpautop``): blank lines separate paragraphs, a single line
    break is a ``<br>``, block elements stand alone; ``<pre>`` is left as it is."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\n\n\x00{len(kept) - 1}\x00\n\n"

    text = _KEEP_AS_IS.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CLOSES_BLOCK.sub(r"\1\n\n", _OPENS_BLOCK.sub(r"\n\n\1", text))
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_BLOCK.match(chunk) or re.fullmatch(r"\x00\d+\x00", chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + re.sub(r"\s*\n\s*", "<br />\n", chunk) + "</p>")
    joined = "\n".join(paragraphs)
    return re.sub(r"\x00(\d+)\x00", lambda match: kept[int(match.group(1))], joined)

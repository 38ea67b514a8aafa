"""The HTML output policy for pages a pull request can bring (reports): applied where HTML is made.

Every HTML builder (html, dirhtml, singlehtml, epub) gets a translator with :class:`GuardedHTML`
mixed in. While it writes a page that is not one of the site's own (see ``sources.SiteTrust``):

- **Author HTML is sanitised, not dropped.** Raw HTML from markdown goes through nh3 (the Ammonia
  sanitiser) with a GitHub-like allow-list: formatting, tables, images and links with safe URLs,
  ``details``/``summary`` stay; scripts, event handlers, ``style``, frames, forms and unsafe URL
  schemes go, with one ``newsletter.unsafe`` warning per piece of HTML that lost something, naming
  what. Markdown splits inline HTML into pieces (``<sub>``, text, ``</sub>``), so the page's author
  HTML is sanitised as one fragment in which everything Sphinx wrote stands as an opaque
  placeholder, put back afterwards byte for byte.
- MyST's own markup that it writes as raw HTML (hard breaks, strikethrough, task-list checkboxes)
  is known text, not author HTML, and passes unchanged.
- **Every URL attribute** the translator writes (``href``, ``src``, …), whatever syntax made the
  node (markdown, ``{eval-rst}``, a figure's ``:target:``, an extension), passes one scheme
  allow-list (``urls.SAFE_SCHEMES`` or relative); an unsafe one is left out, with a warning.
- **No spoofing**: the extension's own CSS classes (``nl-…``) are removed from anything the
  extension did not make.
- **Nothing reaches the page head**: meta tags written by a page (``.. meta::``) are left out.
- **Math**: ``\\href``/``\\url`` with an unsafe URL, macro definitions and ``\\require`` are taken out
  of TeX before MathJax sees it, and MathJax is configured with its ``ui/safe`` extension.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import nh3
from docutils import nodes

from sphinx_newsletter.core.marks import OWN, OWN_CLASS_PREFIX, TRAILER, TRUSTED_HTML
from sphinx_newsletter.core.urls import SAFE_SCHEMES, is_safe_url, url_scheme
from sphinx_newsletter.safety.sources import site_trust
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

    _Translator = HTML5Translator
else:
    _Translator = object

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS - {"map", "area"} | {"tfoot"})
"""Ammonia's default tags (GitHub's list, near enough), without image maps, with table footers.
SECURITY.md lists them; a test keeps the two the same."""
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "align", "role", "hidden"})
TAG_ATTRIBUTES = {
    **{tag: set(attributes) for tag, attributes in nh3.ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "details": {"open"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "align", "abbr"},
    "time": {"datetime"},
    "data": {"value"},
    "abbr": {"title"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "cite", "poster", "data", "background",
                            "longdesc", "usemap", "xlink:href", "ping", "manifest", "icon", "codebase", "archive"})

TASK_CHECKBOX = re.compile(r'<input class="task-list-item-checkbox" (?:checked="checked" )?(?:disabled="disabled" )?'
                           r'type="checkbox">')
"""MyST's task-list checkbox (one of ``MYST_MARKUP``)."""
MYST_MARKUP = re.compile(rf'<br />\n|\\\\\n|</?s>|{TASK_CHECKBOX.pattern}')
"""Raw output that MyST itself writes for hard breaks, strikethrough and task lists."""


def named_checkbox(node: nodes.raw) -> str:
    """MyST's checkbox named by its task's text (a checkbox with no name is announced as nothing more
    than "checkbox": axe rates it critical)."""
    siblings = node.parent.children if node.parent is not None else []
    words = [str(text) for sibling in siblings for text in sibling.findall(nodes.Text)
             if not isinstance(text.parent, nodes.raw)]  # the task's text, not the markup of raw HTML in it
    label = " ".join("".join(words).split())
    if not label:
        return node.astext()
    label = label if len(label) <= 120 else label[:119].rsplit(" ", 1)[0] + "…"
    return node.astext()[:-1] + f' aria-label="{html.escape(label, quote=True)}">'

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: placeholders for what Sphinx wrote
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if _OPEN in value or _CLOSE in value:
        return None  # the author's markup swallowed Sphinx's: handled by the fallback
    if attribute == "class":
        kept = [name for name in value.split() if not name.startswith(OWN_CLASS_PREFIX)]
        return " ".join(kept) or None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}},
    attribute_filter=_attribute_filter,
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


HTML_ELEMENTS = frozenset("""a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big
blink blockquote body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir
div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr
html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark marquee math menu
menuitem meta meter nav nobr noembed noframes noscript object ol optgroup option output p param picture plaintext
portal pre progress q rb rp rt rtc ruby s samp script search section select slot small source spacer span strike
strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var
video wbr xmp""".split())
"""Every element name HTML knows (current and obsolete): anything else written as a bare ``<Name>`` is
text that only looks like a tag."""
_LOOKALIKE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9_]*)>")
_NOSCRIPT = re.compile(r"<(/?)noscript\b[^>]*>", re.IGNORECASE)
_TEXTAREA = re.compile(r"<textarea\b[^>]*>(.*?)</textarea\s*>", re.IGNORECASE | re.DOTALL)
_IFRAME = re.compile(r"<iframe\b([^>]*)>(?:(.*?)</iframe\s*>)?", re.IGNORECASE | re.DOTALL)
EMBED_HOSTS = {"www.youtube.com": "YouTube", "youtube.com": "YouTube", "www.youtube-nocookie.com": "YouTube",
               "player.vimeo.com": "Vimeo", "vimeo.com": "Vimeo", "www.slideshare.net": "SlideShare",
               "speakerdeck.com": "Speaker Deck", "docs.google.com": "Google Docs", "open.spotify.com": "Spotify",
               "w.soundcloud.com": "SoundCloud", "www.dailymotion.com": "Dailymotion", "player.twitch.tv": "Twitch",
               "codepen.io": "CodePen"}
"""Hosts whose frames (videos, slides, documents) become a link to them: the page keeps what it pointed at."""


def browser_view(fragment: str) -> str:
    """Author HTML as a reader without scripts sees it, before the allow-list applies: ``<noscript>``'s
    content is shown (as markup, not as text), a ``<textarea>``'s text is shown as preformatted text, a
    frame from a video or slides host becomes a link to it, and a bare ``<Name>`` that is never closed and
    is no HTML element, or names one in mixed case as a type is named (``Vec<u8>``, ``AsRef<Path>``,
    ``<T>``, ``Result<Option>``), is the text it looks like."""
    fragment = _NOSCRIPT.sub(lambda match: f"<{match.group(1)}div>", fragment)
    fragment = _TEXTAREA.sub(lambda match: f"<pre>{html.escape(html.unescape(match.group(1)), quote=False)}</pre>",
                             fragment)  # its content is text (entities read, tags not)
    fragment = _IFRAME.sub(_frame_link, fragment)
    closed = {name.lower() for name in re.findall(r"</([A-Za-z][A-Za-z0-9_-]*)\s*>", fragment)}
    opened = {name.lower() for name in re.findall(r"<([A-Za-z][A-Za-z0-9_-]*)[\s/>]", fragment)}

    def literal(match: re.Match[str]) -> str:
        written = match.group(2)
        name = written.lower()
        as_html_writes_it = written.islower() or written.isupper()  # <option>, <BR>; not <Option>
        if (name in HTML_ELEMENTS and as_html_writes_it) or name in (opened if match.group(1) else closed):
            return match.group(0)
        return match.group(0).replace("<", "&lt;").replace(">", "&gt;")

    return _LOOKALIKE.sub(literal, fragment)


def _frame_link(match: re.Match[str]) -> str:
    source = re.search(r"""\bsrc\s*=\s*["']([^"']+)["']""", match.group(1), re.IGNORECASE)
    url = html.unescape(source.group(1)).strip() if source else ""
    host = urlsplit(url).hostname or ""
    if not url.startswith("https://") or host not in EMBED_HOSTS:
        return match.group(0)
    video = re.match(r"https://www\.youtube(?:-nocookie)?\.com/embed/([\w-]{1,64})", url)
    url = f"https://www.youtube.com/watch?v={video.group(1)}" if video else url
    title = re.search(r"""\btitle\s*=\s*["']([^"']+)["']""", match.group(1), re.IGNORECASE)
    text = html.escape(title.group(1) if title else f"{EMBED_HOSTS[host]}: {url}")
    return f'<a href="{html.escape(url)}">{text}</a>'


def clean_html(fragment: str) -> str:
    """``fragment`` as the policy allows it (after :func:`browser_view`)."""
    return _CLEANER.clean(browser_view(fragment))


class _Inventory(HTMLParser):
    """Start tags and their attributes, to say what the sanitiser took out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str]] = Counter()
        self.schemes: dict[tuple[str, str], str] = {}
        self.spoofed: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name)] += 1
            if name in URL_ATTRIBUTES and value and not is_safe_url(value):
                self.schemes[(tag, name)] = url_scheme(value) or "?"
            if name == "class" and value:
                self.spoofed.update(c for c in value.split() if c.startswith(OWN_CLASS_PREFIX))

    handle_startendtag = handle_starttag


def _inventory(html: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser


META_MESSAGE = "meta tags are not allowed in reports and are left out"
SWALLOW_MESSAGE = ("raw HTML is not well-formed (an unclosed quote or element) and would hide what follows; "
                   "it was cleaned on its own")


def own_class_message(spoofed: list[str]) -> str:
    return f"the class {', '.join(spoofed)} belongs to the newsletter's own markup and is removed"


def unsafe_url_message(value: str) -> str:
    return (f"link or source '{value}' is left out: links and sources are relative or use http, https, mailto, "
            "ftp, tel or another scheme SECURITY.md lists")


def swallows(html: str) -> bool:
    """Whether this piece of author HTML, sanitised together with what follows it, would hide what
    follows (an unclosed quote or comment, a ``<script>`` opened around markdown)."""
    marker = f"{_OPEN}0{_CLOSE}"
    return marker not in clean_html(html + marker)


def raw_html_message(removed: list[str]) -> str:
    return f"raw HTML: removed {'; '.join(removed)}"


def math_message(removed: list[str]) -> str:
    return (f"math: removed {', '.join(removed)} (links use the schemes SECURITY.md lists; macros and "
            "extensions cannot be defined in reports)")


def removed_parts(before: str, after: str) -> list[str]:
    """What sanitising ``before`` into ``after`` removed, in words (comments are not counted)."""
    old, new = _inventory(browser_view(before)), _inventory(after)
    removed = [f"<{tag}>" for tag, count in sorted(old.tags.items()) if count > new.tags[tag]]
    if old.spoofed:  # removed from the class even where other classes are kept
        removed.append(f"the newsletter's own class {', '.join(sorted(old.spoofed))}")
    for (tag, name), count in sorted(old.attributes.items()):
        if count > new.attributes[(tag, name)] and f"<{tag}>" not in removed and name != "class":
            scheme = old.schemes.get((tag, name))
            if scheme:
                removed.append(f"{name}={scheme}: on <{tag}> (not a scheme links may use)")
            else:
                removed.append(f"{name} on <{tag}>")
    return removed


class AuthorHTML(str):
    """A piece of the page body that is author HTML (to be sanitised), with its node for warnings."""

    node: nodes.Node

    def __new__(cls, text: str, node: nodes.Node) -> AuthorHTML:
        piece = super().__new__(cls, text.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd"))
        piece.node = node
        return piece


def sanitise_body(body: list[str]) -> list[str]:
    """``body`` (the translator's list of strings) with its :class:`AuthorHTML` pieces sanitised together.

    A piece that is not well-formed on its own terms (an unclosed quote, a ``<script>`` around
    markdown) would swallow what Sphinx wrote after it: that piece is then sanitised alone, and the
    rest together again, so nothing is lost and the well-formed pieces keep their nesting.
    """
    authored = [index for index, part in enumerate(body) if isinstance(part, AuthorHTML)]
    alone: dict[int, str] = {}
    isolated: set[int] = set()
    for index in authored:
        piece = body[index]
        assert isinstance(piece, AuthorHTML)
        alone[index] = clean_html(piece)
        removed = removed_parts(piece, alone[index])
        if removed:
            warn(raw_html_message(removed), NewsletterWarning.UNSAFE, location=piece.node)
        if swallows(piece):
            isolated.add(index)
            warn(SWALLOW_MESSAGE, NewsletterWarning.UNSAFE, location=piece.node)
    while True:
        chunks: list[str] = []
        owners: list[int] = []  # the author piece each chunk follows
        pieces: list[str] = []
        run: list[str] = []
        last = -1
        for index, part in enumerate(body):
            if index in alone and index not in isolated:
                if run:
                    pieces.append(f"{_OPEN}{len(chunks)}{_CLOSE}")
                    chunks.append("".join(run))
                    owners.append(last)
                    run = []
                pieces.append(part)
                last = index
            else:
                run.append(alone[index] if index in isolated else part)
        if run:
            pieces.append(f"{_OPEN}{len(chunks)}{_CLOSE}")
            chunks.append("".join(run))
            owners.append(last)
        found: set[int] = set()

        def put_back(match: re.Match[str], found: set[int] = found, chunks: list[str] = chunks) -> str:
            found.add(int(match.group(1)))
            return chunks[int(match.group(1))]

        together = _PLACEHOLDER.sub(put_back, clean_html("".join(pieces)))
        lost = [number for number in range(len(chunks)) if number not in found]
        if not lost:
            return [together]
        culprit = owners[lost[0]]  # well-formed alone, not together with the others
        isolated.add(culprit)
        warn(SWALLOW_MESSAGE, NewsletterWarning.UNSAFE, location=getattr(body[culprit], "node", None))


_VOID = re.compile(r'<(br|hr|img|wbr|col|input)((?:\s+[^\s=>"/]+(?:="[^"]*")?)*)\s*>')


def as_xhtml(html: str) -> str:
    """Sanitised HTML as XHTML (void elements closed) for EPUB's XML pages."""
    return _VOID.sub(r"<\1\2 />", html).replace("&nbsp;", "&#160;")


# -- math ------------------------------------------------------------------------------------

_MATH_URL = re.compile(r"\\(href|url)\s*\{((?:[^{}\\]|\\.)*)\}")
_MATH_CODE = re.compile(r"\\(def|edef|gdef|xdef|let|futurelet|newcommand|renewcommand|providecommand|"
                        r"newenvironment|renewenvironment|DeclareMathOperator|require|csname|class|cssId|style|"
                        r"data|unicode)(?![a-zA-Z])")


def neutral_math(tex: str) -> tuple[str, list[str]]:
    """TeX without links to unsafe URLs, macro definitions or extension loading, and what was taken out."""
    removed = []

    def link(match: re.Match[str]) -> str:
        if is_safe_url(match.group(2)) and "\\" not in match.group(2) and "#" not in match.group(2)[:1]:
            return match.group(0)
        removed.append(f"\\{match.group(1)}{{{match.group(2)}}}")
        return "\\text{}" if match.group(1) == "url" else "\\href{#}"

    tex = _MATH_URL.sub(link, tex)
    for match in _MATH_CODE.finditer(tex):
        removed.append(f"\\{match.group(1)}")
    tex = _MATH_CODE.sub(lambda match: f"\\text{{{match.group(1)}}}", tex)
    if re.search(r"\\(href|url)(?![a-zA-Z])\s*[^\s{]", tex):  # an argument without braces
        removed.append("\\href without braces")
        tex = re.sub(r"\\(href|url)(?![a-zA-Z])", r"\\text{\1}", tex)
    return tex, removed


MATHJAX_SAFE_OPTIONS = {"allow": {"URLs": "safe", "classes": "safe", "cssIDs": "safe", "styles": "safe"},
                        "safeProtocols": dict.fromkeys(sorted(SAFE_SCHEMES), True)}
MATHJAX_SAFE = {"loader": {"load": ["ui/safe"]}, "options": {"safeOptions": MATHJAX_SAFE_OPTIONS}}


# -- the translator ------------------------------------------------------------------------------


class GuardedHTML(_Translator):
    """Mixed into the HTML translator: the output policy for pages that are not the site's own."""

    def __init__(self, document: nodes.document, builder: Builder, *args: Any, **kwargs: Any) -> None:
        super().__init__(document, builder, *args, **kwargs)
        self._newsletter_trust = site_trust(builder.config)
        self._newsletter_xhtml = builder.name.startswith("epub")
        self._newsletter_meta = 0
        self._newsletter_untrusted: dict[str, bool] = {}
        self._newsletter_trailers: list[int] = []

    def _newsletter_guarded(self) -> bool:
        """Whether the document being written (singlehtml: the one inlined here) is untrusted."""
        docname = self.docnames[-1]
        guarded = self._newsletter_untrusted.get(docname)
        if guarded is None:
            guarded = self._newsletter_untrusted[docname] = not self._newsletter_trust.is_trusted(docname)
        return guarded

    def visit_document(self, node: nodes.document) -> None:
        super().visit_document(node)
        self._newsletter_meta = len(self.meta)

    def dispatch_visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Element) and node.get(TRAILER):  # the extension's markup after a report's text
            self._newsletter_trailers.append(len(self.body))
        super().dispatch_visit(node)

    def depart_document(self, node: nodes.document) -> None:
        if any(isinstance(part, AuthorHTML) for part in self.body):
            # sanitised in parts that end where the extension's markup after a report begins, so an element
            # the author left open cannot wrap the feedback thread or the pager (singlehtml: each report's)
            cuts = [0, *sorted(set(self._newsletter_trailers)), len(self.body)]
            body: list[str] = []
            for start, end in itertools.pairwise(cuts):
                part = self.body[start:end]
                body += sanitise_body(part) if any(isinstance(piece, AuthorHTML) for piece in part) else part
            self.body[:] = [as_xhtml(part) for part in body] if self._newsletter_xhtml else body
        if self._newsletter_guarded():
            del self.meta[self._newsletter_meta:]  # a page of a pull request writes nothing into the head
        super().depart_document(node)

    def visit_meta(self, node: nodes.meta) -> None:
        if self._newsletter_guarded():
            warn(META_MESSAGE, NewsletterWarning.UNSAFE, location=node)
            raise nodes.SkipNode
        super().visit_meta(node)

    def visit_raw(self, node: nodes.raw) -> None:
        html_output = "html" in node.get("format", "").split()
        if html_output and TASK_CHECKBOX.fullmatch(node.astext()):
            checkbox = named_checkbox(node)
            self.body.append(as_xhtml(checkbox) if self._newsletter_xhtml else checkbox)
            raise nodes.SkipNode
        if (html_output and not node.get(TRUSTED_HTML)
                and self._newsletter_guarded() and not MYST_MARKUP.fullmatch(node.astext())):
            self.body.append(AuthorHTML(node.astext(), node))
            raise nodes.SkipNode
        if self._newsletter_xhtml and html_output and MYST_MARKUP.fullmatch(node.astext()):
            self.body.append(as_xhtml(node.astext()))  # MyST writes its checkbox as HTML, not XHTML
            raise nodes.SkipNode
        super().visit_raw(node)

    def starttag(self, node: nodes.Element, tagname: str, suffix: str = "\n", empty: bool = False,
                 **attributes: Any) -> str:
        if self._newsletter_guarded():  # called for every tag: the common case costs two lookups
            classes = node.get("classes")
            if classes and not node.get(OWN):
                spoofed = [name for name in classes if name.startswith(OWN_CLASS_PREFIX)]
                if spoofed:
                    warn(own_class_message(spoofed), NewsletterWarning.UNSAFE, location=node)
                    node["classes"] = [name for name in classes if not name.startswith(OWN_CLASS_PREFIX)]
            if attributes:
                for name in [name for name in attributes if name.lower() in URL_ATTRIBUTES]:
                    value = str(attributes[name])
                    if not is_safe_url(value):
                        warn(unsafe_url_message(value), NewsletterWarning.UNSAFE, location=node)
                        del attributes[name]
        return super().starttag(node, tagname, suffix, empty, **attributes)

    def _newsletter_math(self, node: nodes.Element) -> None:
        if not self._newsletter_guarded():
            return
        tex, removed = neutral_math(node.astext())
        if removed:
            warn(math_message(removed), NewsletterWarning.UNSAFE, location=node)
            node.children = []
            node += nodes.Text(tex)

    def visit_math(self, node: nodes.math, math_env: str = "") -> None:
        self._newsletter_math(node)
        super().visit_math(node, math_env)

    def visit_math_block(self, node: nodes.math_block, math_env: str = "") -> None:
        self._newsletter_math(node)
        super().visit_math_block(node, math_env)


def guard_html_translator(app: Sphinx) -> None:
    """Mix :class:`GuardedHTML` into the builder's translator (after themes have set theirs)."""
    if app.builder.format != "html":
        return
    try:
        translator = app.registry.get_translator_class(app.builder)
    except AttributeError:
        return
    if issubclass(translator, GuardedHTML):
        return
    guarded = type(f"Guarded{translator.__name__}", (GuardedHTML, translator), {})
    app.set_translator(app.builder.name, guarded, override=True)


def configure_mathjax(app: Sphinx, config: Config) -> None:
    """Load MathJax's ``ui/safe`` extension with the same URL schemes (defence in depth)."""
    settings = dict(config.mathjax3_config or {})
    loader = dict(settings.get("loader", {}))
    loads = list(loader.get("load", []))
    if "ui/safe" not in loads:
        loader["load"] = [*loads, "ui/safe"]
    settings["loader"] = loader
    options = dict(settings.get("options", {}))
    options.setdefault("safeOptions", MATHJAX_SAFE_OPTIONS)
    settings["options"] = options
    config.mathjax3_config = settings


def escape_page_titles(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: nodes.document | None) -> None:
    """Themes print some plain-text context values unescaped (sphinx-book-theme's ``pagetitle`` in
    its print header, ``root_title`` in its sidebar): make every such value inert."""
    from markupsafe import Markup, escape

    for key in ("pagetitle", "root_title", "page_description"):
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)


def setup_html(app: Sphinx) -> None:
    app.connect("builder-inited", guard_html_translator, priority=900)
    app.connect("config-inited", configure_mathjax)
    app.connect("html-page-context", escape_page_titles, priority=950)

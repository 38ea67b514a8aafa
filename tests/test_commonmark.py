"""Fidelity: every CommonMark spec example, and a page of every MyST syntax extension the sample site
enables, built as a report and as a plain MyST page of the site: the HTML is the same, except for the
documented differences (SECURITY.md, "What the policy changes"), which only take out what the policy
does not allow.

The spec's examples are its public test data, as markdown-it-py ships them (``make spec`` fetches them
into ``.cache/``; ``COMMONMARK_SPEC`` names the file). Both pages of an example are parsed as a browser
parses them (html5lib) and compared as trees, so serialisation differences (``<br />`` or ``<br>``,
quoting, entities) do not count.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
from pathlib import Path

import html5lib
import pytest
from conftest import commonmark_part
from sphinx.application import Sphinx
from sphinx.config import eval_config_file
from sphinx.util.docutils import docutils_namespace
from sphinx.util.tags import Tags

REPO = Path(__file__).parent.parent
SPEC = Path(os.environ.get("COMMONMARK_SPEC", REPO / ".cache" / "commonmark.json"))
MYST_EXTENSIONS = eval_config_file(REPO / "conf.py", Tags())["myst_enable_extensions"]
"""The sample site's own MyST extensions (``MYST_PAGE`` exercises each of them)."""
SPHINX_TAGS = {"section", "article", "div", "span", "a", "p", "pre", "code", "em", "strong", "ul", "ol", "li",
               "blockquote", "hr", "img", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "h1", "h2",
               "h3", "h4", "h5", "h6", "br", "s", "input", "colgroup", "col", "figure", "figcaption", "aside", "sup",
               "sub", "cite", "caption", "math", "mi", "mo", "mn"}
"""Tags that Sphinx, MyST and the theme write for markdown themselves (kept on both sides)."""
SPHINX_ATTRIBUTES = {"class", "id", "href", "src", "alt", "title", "colspan", "rowspan", "width", "height", "start",
                     "type", "checked", "disabled", "role", "datetime", "aria-label", "style", "align"}
"""Attributes that Sphinx, MyST and the theme write themselves."""
URL_ATTRIBUTES = {"href", "src", "cite"}

# What the output policy keeps of a report's own HTML, written out here (not imported from the policy it
# tests, so that a change to the policy changes what this suite expects only by a change here too). No
# element or attribute in these lists runs a script or loads a page.
ALLOWED_TAGS = {
    "a", "abbr", "acronym", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite",
    "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "nav", "ol", "p", "pre", "q", "rp", "rt", "rtc", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr",
}
GLOBAL_ATTRIBUTES = {"align", "class", "dir", "hidden", "id", "lang", "role", "title"}
TABLE_PART = {"align", "char", "charoff"}
TAG_ATTRIBUTES = {
    "a": {"href", "hreflang", "name"}, "abbr": {"title"}, "bdo": {"dir"}, "blockquote": {"cite"},
    "col": TABLE_PART | {"span"}, "colgroup": TABLE_PART | {"span"}, "data": {"value"}, "del": {"cite", "datetime"},
    "details": {"open"}, "hr": {"align", "size", "width"}, "img": {"alt", "height", "loading", "src", "width"},
    "ins": {"cite", "datetime"}, "li": {"value"}, "ol": {"reversed", "start", "type"}, "q": {"cite"},
    "table": TABLE_PART | {"summary"}, "tbody": TABLE_PART, "tfoot": TABLE_PART, "thead": TABLE_PART,
    "td": {"align", "colspan", "headers", "rowspan"}, "th": {"abbr", "align", "colspan", "headers", "rowspan", "scope"},
    "time": {"datetime"}, "tr": TABLE_PART,
}
OWN_CLASS_PREFIX = "nl-"
"""The extension's own classes: a report may not borrow them."""


def is_safe_url(value: str) -> bool:
    """The URL allow-list, as a browser reads a scheme (entities decoded, control characters and spaces
    ignored): http, https, mailto, the schemes a browser hands to another program, and addresses without a
    scheme."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value))
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return scheme is None or scheme.group(1).lower() in {
        "http", "https", "mailto", "ftp", "ftps", "tel", "sms", "smsto", "mms", "irc", "ircs", "im", "xmpp", "sip",
        "news", "nntp", "webcal", "geo", "magnet", "bitcoin", "openpgp4fpr", "ssh", "mx", "url", "wtai"}

MYST_PAGE = """\
Syntax extensions the sample site enables.

:::{note}
A colon fence around a directive, with *markdown* inside.
:::

Term
: Its definition, with `code`.

~~struck through~~ and a hard break\\
here.

- [ ] open task
- [x] done task

Inline math $a^2 + b^2 = c^2$ and a block:

$$
e^{i\\pi} + 1 = 0
$$

:field: a field list
:another: with **strong** text
"""


def canonical(element, policy: bool) -> list:
    """A comparable form of an element's content: tags, kept attributes and collapsed text.

    With ``policy``, what the output policy documents taking out of author HTML is taken out first:
    elements outside the allow-list are unwrapped (``script``/``style`` with their content), attributes
    outside it dropped, URLs outside the scheme allow-list dropped, comments dropped, the newsletter's
    own classes dropped. Sphinx's ids and header links, which differ between a report and a page, are
    not compared; nor are section levels (a report's body headings nest under its title).
    """
    out: list = []
    text = (element.text or "")
    if text:
        out.append(text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else None
        tail = child.tail or ""
        classes = (child.get("class") or "").split() if tag else []
        if tag is None or (tag in ("script", "style") and policy) or "headerlink" in classes:  # a comment
            pass
        elif ((tag == "span" and (child.get("data-pagefind-filter") or child.get("data-pagefind-meta")))
              or "nl-search-words" in classes):
            pass  # what the search index reads of the report's front matter
        elif tag in ("div", "nav") and {"nl-byline", "nl-pager", "no-search"} & set((child.get("class") or "").split()):
            pass  # the newsletter's own byline and pager around the report (the pager in a div search skips)
        elif ((policy and tag not in ALLOWED_TAGS and tag not in SPHINX_TAGS) or tag == "section"
              or (tag == "span" and not child.attrib)):
            out.extend(canonical(child, policy))
        elif tag == "img":  # whether the file is copied is the file policy's business, not markdown's
            out.append(child.get("alt") or "")
        else:
            attributes = {}
            allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set())
            for name, value in sorted(child.attrib.items()):
                if name in ("id", "aria-level"):  # Sphinx's ids, and a report's headings sit one level deeper
                    continue
                if policy and name not in allowed and (tag not in SPHINX_TAGS or name not in SPHINX_ATTRIBUTES):
                    continue
                if policy and name in URL_ATTRIBUTES and not is_safe_url(value):
                    continue
                if name == "class":
                    value = " ".join(c for c in value.split() if not (policy and c.startswith(OWN_CLASS_PREFIX)))
                    if not value:
                        continue
                if name == "rel":
                    continue
                attributes[name] = value
            name = "h" if re.fullmatch(r"h[1-6]", tag) else tag
            out.append((name, tuple(sorted(attributes.items())), tuple(canonical(child, policy))))
        if tail:
            out.append(tail)
    merged: list = []
    for item in out:  # adjacent text joined, white space collapsed
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            merged.append(item)
    return [" ".join(item.split()) if isinstance(item, str) else item for item in merged
            if not (isinstance(item, str) and not item.strip())]


def article(path: Path, browser: bool = False):
    """The page's text: its article up to its last section (what html5lib rebuilds after that, an element
    the text left open, is the page's layout, not the text; a report closes such elements at its end).
    ``browser``: the page as a reader without scripts sees it (SECURITY.md, "What the policy changes",
    item 9: noscript's content shown, a textarea's as text, frames of video hosts as links, a bare
    ``<Name>`` that is no HTML element and never closed as text)."""
    from sphinx_newsletter.safety.html import browser_view

    text = path.read_text(encoding="utf-8")
    text = browser_view(text) if browser else text
    start, end = text.index('<article class="bd-article"'), text.rindex("</article>")  # the theme's article,
    document = html5lib.parse(opened_around_article(path, text) + text[start:end],  # where it is in the page
                              namespaceHTMLElements=False)
    page = next(element for element in document.iter("article"))
    indexed = next((child for child in page if child.get("data-pagefind-body") is not None), None)
    page = indexed if indexed is not None else page  # a report's text, as the search index reads it
    sections = [index for index, child in enumerate(page) if child.tag == "section"]
    for child in list(page)[sections[-1] + 1:] if sections else []:
        page.remove(child)
    return page


_OPENED: dict[Path, str] = {}


def opened_around_article(path: Path, text: str) -> str:
    """The elements open where the theme's article starts, as start tags (what a text's stray end tag
    closes in the page): the theme writes the same ones around every page of a folder, so html5lib reads
    one whole page per folder and the others from their article on (the page's header and sidebars were
    three quarters of what it parsed)."""
    if path.parent not in _OPENED:
        document = html5lib.parse(text, namespaceHTMLElements=False)
        parents = {child: parent for parent in document.iter() for child in parent}
        element, chain = next(document.iter("article")), []
        while element in parents:
            element = parents[element]
            chain.insert(0, element)
        _OPENED[path.parent] = "<!DOCTYPE html>" + "".join(
            f"<{element.tag}" + "".join(f' {name}="{html.escape(value)}"' for name, value in element.attrib.items())
            + ">" for element in chain)
    return _OPENED[path.parent]


def examples() -> list[dict]:
    if not SPEC.is_file():
        return []
    return json.loads(SPEC.read_text(encoding="utf-8"))


MALFORMED = {
    "0151": "an end tag without its start tag (</div>) would close the page's own markup",
    "0156": "an unfinished tag (<div id=\"foo\" with no '>') would swallow what follows",
    "0157": "an unfinished tag (<div class with no '>') would swallow what follows",
    "0158": "an unfinished tag (<div *???-&&&-<--- with no '>') would swallow what follows",
}
"""Examples whose HTML is malformed: in a plain page it breaks the page's own structure; a report drops
the malformed tag (SECURITY.md lists them). Strict: if one starts to match, the list is out of date."""

CASES = [pytest.param(f"{example['example']:04d}", example["markdown"], id=f"{example['example']:04d}",
                      marks=[pytest.mark.xfail(strict=True, reason=MALFORMED[f"{example['example']:04d}"])]
                      if f"{example['example']:04d}" in MALFORMED else [])
         for example in examples()] + [pytest.param("myst", MYST_PAGE, id="myst")]


def build_fidelity_site(folder: Path, cases: list) -> Path:
    srcdir = folder / "src"
    (srcdir / "reports" / "alpha").mkdir(parents=True)
    (srcdir / "plain").mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_newsletter"]\n'
        'newsletter_site_pages = ["index", "plain/*"]\n'
        'newsletter_cycles = [{"name": "alpha", "start": "2020-01-01", "end": "2020-12-31"}]\n'
        f"myst_enable_extensions = {MYST_EXTENSIONS!r}\n"
        'html_theme = "sphinx_book_theme"\n'
        'suppress_warnings = ["toc", "myst"]\n')
    (srcdir / "index.rst").write_text("Fidelity\n========\n")
    for case in cases:
        name, markdown = case.values
        title = f"Example {name}"
        (srcdir / "plain" / f"ex-{name}.md").write_text(f"# {title}\n\n{markdown}", encoding="utf-8")
        (srcdir / "reports" / "alpha" / f"ex-{name}.md").write_text(
            f"---\ntitle: {title}\nauthor: Spec\ndate: 2020-02-01\n---\n\n{markdown}", encoding="utf-8")
    out = folder / "out"
    with docutils_namespace():  # leave docutils' global registries as they were for the other tests
        app = Sphinx(srcdir, srcdir, out, folder / "doctrees", "html", status=io.StringIO(),
                     warning=io.StringIO(), freshenv=True)
        app.build()
    return out


@pytest.fixture(scope="module")
def fidelity_site(tmp_path_factory):
    """The site of a part of the examples (``conftest.commonmark_part``), built when a test first asks for it."""
    built: dict[int, Path] = {}

    def site(number: int) -> Path:
        if number not in built:
            cases = [case for case in CASES if commonmark_part(case.values[0]) == number]
            built[number] = build_fidelity_site(tmp_path_factory.mktemp(f"fidelity-{number}"), cases)
        return built[number]

    yield site
    for out in built.values():
        shutil.rmtree(out.parent, ignore_errors=True)


pytestmark = pytest.mark.skipif(not SPEC.is_file() and "COMMONMARK_SPEC" not in os.environ,
                                reason=f"no CommonMark spec data at {SPEC}: `make spec` (make test fetches it)")


@pytest.mark.parametrize(("name", "markdown"), CASES)
def test_a_report_renders_as_plain_myst(fidelity_site, name, markdown):
    out = fidelity_site(commonmark_part(name))
    report = canonical(article(out / "reports" / "alpha" / f"ex-{name}.html"), policy=False)
    plain = canonical(article(out / "plain" / f"ex-{name}.html", browser=True), policy=True)
    assert report == plain, markdown


def test_the_spec_data_is_there_and_whole():
    assert len(examples()) >= 650  # CommonMark 0.31 has 652 examples


def test_the_myst_page_exercises_every_extension_the_site_enables():
    markers = {"colon_fence": ":::{note}", "deflist": "\n: Its definition", "strikethrough": "~~",
               "tasklist": "- [x]", "dollarmath": "$$", "fieldlist": ":field:"}
    assert set(MYST_EXTENSIONS) <= set(markers), "add the new extension's syntax to MYST_PAGE"
    assert all(markers[name] in MYST_PAGE for name in MYST_EXTENSIONS)

"""What a report may take from the repository and change beyond its page, with verdicts written by hand: this
image is copied, that one refused with this message at this line, this caption kept, the toctree gone. The
builds run in this process on the real theme (each test makes the build it checks: ``make mutation`` runs, for
a mutant, the tests that ran its code); the hooks and helpers are called directly on a site built once.
``make mutation`` mutates the code these tests pin (``safety/files.py``, ``safety/structure.py``,
``safety/rest.py``)."""

from __future__ import annotations

import base64
import os
from pathlib import Path, PurePosixPath

import pytest
from conftest import build_here, warnings_during
from docutils import nodes
from docutils.core import publish_doctree
from sphinx.application import Sphinx

from sphinx_newsletter.core.marks import TRUSTED_HTML
from sphinx_newsletter.safety import files, rest, structure

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
SECRET = "[remote] url=https://token@example.org"
CONF = """\
extensions = ["sphinx_newsletter"]
project = "Files"
html_theme = "sphinx_book_theme"
newsletter_offline = False
newsletter_search = "sphinx"
newsletter_asset_dirs = ["shared"]
newsletter_site_pages = ["own"]
newsletter_cycles = [{"name": "alpha", "title": "Alpha", "start": "2020-01-01"}]
myst_enable_extensions = ["substitution", "strikethrough"]
"""
REPORT = """\
---
title: Files
author: Ann
date: 2020-02-01
---

![kept](pic.png) ![shared](../../shared/logo.png) ![svg](pic.svg) ![outside](../../conf.py)

![dot](../../.hidden/x.png) ![data](data:image/png;base64,AAAA) ![mail](mailto:a@example.org)

![remote](https://example.org/a.png) ![proto](//example.org/b.png) ![root](///.hidden/x.png)

[![linked refused](pic.svg)](https://example.org/target)

[![](pic.svg)](https://example.org/bare)

```{figure} pic.svg
:alt: figure alt

A caption with *emphasis*.

A legend.
```

{download}`the slides <slides.pdf>`, {download}`conf <../../conf.py>`, {download}`web <https://example.org/x.pdf>`,
{download}`git <///.git/config>` and {download}`path <https:../../.git/config>`

```{literalinclude} notes.txt
```

```{literalinclude} ../../conf.py
```

```{literalinclude} notes.txt
:diff: linked.txt
```

```{literalinclude} ///.git/config
```

```{toctree}
other
```

Hard break\\
here and ~~struck~~.

```{eval-rst}
.. image:: pic.svg
   :target: https://example.org/rst
```

[![remote linked](https://example.org/c.png)](https://example.org/page)

{download}`long <../../LONG.pdf>`

```{literalinclude} ../../LONG.txt
```
""".replace("LONG", "a" * 250)
OWN = "# Own\n\n![own](.hidden/x.png)\n"
REFUSED = "[newsletter.refused]"
SVG = "SVG, HTML and script files run scripts on the site's own address: export it as PNG or PDF"
OUTSIDE = "files must sit in reports/alpha/ or shared/: put the file next to the report"
ADDRESS = "write the address as https://host/path: Sphinx looks for anything else as a file"
LONG = "../../" + "a" * 194  # the first 200 characters of a long name
WARNINGS = [
    "WARNING: myst_enable_extensions: 'substitution' is turned off: it evaluates Jinja templates, which lets a report "
    "run code [newsletter.unsafe]",
    f"reports/alpha/r.md:31: WARNING: literalinclude '../../conf.py' is left out: {OUTSIDE} {REFUSED}",
    "reports/alpha/r.md:34: WARNING: literalinclude 'linked.txt' is left out: symbolic links are not followed: put the "
    f"file itself in the repository {REFUSED}",
    f"reports/alpha/r.md:38: WARNING: literalinclude '///.git/config' is left out: only text files are shown: .txt, "
    f".text, .log, .md, .rst, .py, .pyi, .sh, .bash, .zsh, .ps1, .bat, … {REFUSED}",
    "reports/alpha/r.md:41: WARNING: toctree contains reference to excluded document 'reports/alpha/other' "
    "[toc.excluded]",
    f"reports/alpha/r.md:57: WARNING: literalinclude '{LONG}' is left out: {OUTSIDE} {REFUSED}",
    f"reports/alpha/r.md:7: WARNING: image 'pic.svg' is left out: {SVG} {REFUSED}",
    f"reports/alpha/r.md:7: WARNING: image '../../conf.py' is left out: {OUTSIDE} {REFUSED}",
    f"reports/alpha/r.md:9: WARNING: image '../../.hidden/x.png' is left out: {OUTSIDE} {REFUSED}",
    f"reports/alpha/r.md:9: WARNING: image 'data:image/png;base64,AAAA' is left out: images are http or https URLs or "
    f"files, not data: {REFUSED}",
    f"reports/alpha/r.md:9: WARNING: image 'mailto:a@example.org' is left out: images are http or https URLs or files, "
    f"not mailto: {REFUSED}",
    f"reports/alpha/r.md:11: WARNING: image '//example.org/b.png' is left out: {ADDRESS} {REFUSED}",
    f"reports/alpha/r.md:11: WARNING: image '///.hidden/x.png' is left out: {ADDRESS} {REFUSED}",
    f"reports/alpha/r.md:13: WARNING: image 'pic.svg' is left out: {SVG} {REFUSED}",
    f"reports/alpha/r.md:15: WARNING: image 'pic.svg' is left out: {SVG} {REFUSED}",
    f"reports/alpha/r.md:17: WARNING: image 'pic.svg' is left out: {SVG} {REFUSED}",
    f"reports/alpha/r.md:25: WARNING: download '../../conf.py' is left out: {OUTSIDE} {REFUSED}",
    f"reports/alpha/r.md:26: WARNING: download '///.git/config' is left out: {ADDRESS} {REFUSED}",
    f"reports/alpha/r.md:26: WARNING: download 'https:../../.git/config' is left out: {ADDRESS} {REFUSED}",
    f"reports/alpha/r.md:49: WARNING: image 'pic.svg' is left out: {SVG} {REFUSED}",
    f"reports/alpha/r.md:55: WARNING: download '{LONG}' is left out: {OUTSIDE} {REFUSED}",
    "reports/alpha/other.rst:1: WARNING: not built: reports are MyST markdown files ending in '.md'; rename it to "
    "'other.md' [newsletter.misplaced]",
]


def write_site(folder: Path) -> Path:
    srcdir = folder / "site"
    texts = {"conf.py": CONF, "index.rst": "Files\n=====\n\n.. toctree::\n\n   own\n", "own.md": OWN,
             "reports/alpha/r.md": REPORT, "reports/alpha/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
             "reports/alpha/notes.txt": "line one\nline two\n", "reports/alpha/slides.pdf": "%PDF-1.4\n",
             "reports/alpha/other.rst": "Other\n=====\n", ".git/config": SECRET + "\n"}
    for name, text in texts.items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_text(text, encoding="utf-8")
    for name in ("reports/alpha/pic.png", "shared/logo.png", ".hidden/x.png"):
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_bytes(PNG)
    (srcdir / "reports/alpha/linked.txt").symlink_to("../../conf.py")
    return srcdir


def build(folder: Path, builder: str) -> tuple[Sphinx, list[str]]:
    """The site built afresh by ``builder`` in this process; its newsletter warnings, folder made relative."""
    return build_here(write_site(folder), folder, builder)


def every_file(out: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in out.rglob("*") if path.is_file())


def body(out: Path, name: str) -> str:
    text = (out / name).read_text(encoding="utf-8")
    return text[text.index('<article class="bd-article">'):text.index("</article>")]


def test_a_report_takes_only_the_files_the_policy_allows(tmp_path):
    app, warnings = build(tmp_path, "html")
    assert warnings == WARNINGS
    out = Path(app.outdir)
    assert sorted(path.name for path in (out / "_images").iterdir()) == ["logo.png", "pic.png", "x.png"]  # x: own page
    assert [path.name for path in (out / "_downloads").rglob("*") if path.is_file()] == ["slides.pdf"]
    assert "token@" not in every_file(out)
    page = body(out, "reports/alpha/r.html")
    for kept in ['<img alt="kept" src="../../_images/pic.png" />', '<img alt="shared" src="../../_images/logo.png" />',
                 '<span>svg</span>', '<span>outside</span>', '<span>dot</span> <span>data</span> <span>mail</span>',
                 '<img alt="remote" src="https://example.org/a.png" />', '<span>proto</span> <span>root</span>',
                 '<a class="reference external" href="https://example.org/target"><span>linked refused</span></a>',
                 '<a class="reference external" href="https://example.org/bare"><span>https://example.org/bare</span></a>',
                 '<span>figure alt</span></p>\n<p>A caption with <em>emphasis</em>.</p>\n<p>A legend.</p>',
                 '<code class="docutils literal notranslate"><span class="pre">conf</span></code>',
                 '<code class="docutils literal notranslate"><span class="pre">git</span></code>',
                 '<span class="n">line</span> <span class="n">one</span>', "here and <s>struck</s>.",
                 '<a class="reference external" href="https://example.org/rst"><span>https://example.org/rst</span></a>']:
        assert kept in page, kept
    assert 'href="https://example.org/x.pdf"' in page
    assert "toctree" not in page and "alpha/other" not in page + (out / "index.html").read_text(encoding="utf-8")
    assert '<img alt="own" src="_images/x.png" />' in (out / "own.html").read_text(encoding="utf-8")  # the site's own


def test_builders_that_would_fetch_remote_images_get_links(tmp_path):
    app, warnings = build(tmp_path, "epub")
    assert warnings == [WARNINGS[0], 'WARNING: conf value "epub_copyright" (or "copyright")should not be empty for EPUB3',
                        'WARNING: conf value "version" should not be empty for EPUB3', *WARNINGS[1:]]
    page = (Path(app.outdir) / "reports/alpha/r.xhtml").read_text(encoding="utf-8")
    assert '<a class="reference external" href="https://example.org/a.png">remote</a>' in page
    assert "<img" in page and 'src="https://' not in page  # no image is fetched
    assert '<a class="reference external" href="https://example.org/target"><span>linked refused</span></a>' in page
    assert '<a class="reference external" href="https://example.org/page"><span>remote linked</span></a>' in page
    assert "token@" not in every_file(Path(app.outdir))


# The hooks and helpers, called on a site built once


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Sphinx:
    folder = tmp_path_factory.mktemp("files")
    return build_here(write_site(folder), folder)[0]


def warnings_of(app: Sphinx, call) -> list[str]:
    return [line.replace(str(app.srcdir) + "/", "").replace(os.getcwd() + "/", "") for line in warnings_during(app, call)]


def test_what_sphinx_takes_as_an_address():
    assert files.sphinx_reads_as_remote("https://example.org/a.png")
    assert files.sphinx_reads_as_remote("pic.png?a=://b")
    for uri in ("//example.org/a.png", "///.git/config", "https:a.png", "pic.png", "mailto:a@example.org"):
        assert not files.sphinx_reads_as_remote(uri), uri


def paragraph(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def image(**attributes) -> nodes.image:
    return nodes.image("", **attributes)


DOCDIR = PurePosixPath("reports/alpha")


@pytest.mark.parametrize(("uri", "problem"), [
    ("https://example.org/a.png", None), ("HTTP://example.org/a.png", None), ("a.png?x=://y", None),
    ("pic.png", None), ("../../shared/logo.png", None), ("/shared/logo.png", None),
    ("ftp://example.org/a.png", "images are http or https URLs or files, not ftp:"),
    ("javascript://%0aalert(1)", "images are http or https URLs or files, not javascript:"),
    ("https:../../.hidden/x.png", ADDRESS), ("HTTP:pic.png", ADDRESS), ("//example.org/a.png", ADDRESS),
    ("\\\\example.org/a.png", ADDRESS), ("pic.svg", SVG), ("../../.hidden/x.png", OUTSIDE),
])
def test_an_image_is_kept_or_stands_in_for_its_alt_text(site, uri, problem):
    node = image(uri=uri, alt="the alt")
    holder = paragraph(nodes.Text("see "), node)
    holder.line = 4
    holder.source = "r.md"
    told = warnings_of(site, lambda: files.GuardFiles.guard_image(node, DOCDIR, Path(site.srcdir), ("shared",),
                                                                   (".png",)))
    if problem is None:
        assert told == [] and holder.children[1] is node
    else:
        assert told == [f"r.md:4: WARNING: image '{uri}' is left out: {problem} {REFUSED}"]
        assert holder.pformat() == '<paragraph>\n    see \n    <inline>\n        the alt\n'


def test_an_image_without_alt_text_stands_in_as_nothing(site):
    node = image(uri="pic.svg")
    holder = paragraph(nodes.Text("see "), node)
    holder.line = 4
    warnings_of(site, lambda: files.GuardFiles.guard_image(node, DOCDIR, Path(site.srcdir), (), (".png",)))
    assert holder.pformat() == "<paragraph>\n    see \n    <inline>\n"


def test_a_long_address_is_named_by_its_first_200_characters(site):
    uri = "ftp://example.org/" + "a" * 300
    node = image(uri=uri)
    paragraph(node).line = 1
    told = warnings_of(site, lambda: files.GuardFiles.guard_image(node, DOCDIR, Path(site.srcdir), (), (".png",)))
    assert told == [f"<unknown>:1: WARNING: image '{uri[:200]}' is left out: images are http or https URLs or files, "
                    f"not ftp: {REFUSED}"]


def test_a_long_download_is_named_by_its_first_200_characters(site):
    target = "../../" + "b" * 300
    node = files.addnodes.download_reference("", "", nodes.literal("", "x"), reftarget=target)
    paragraph(node).line = 2
    told = warnings_of(site, lambda: files.GuardFiles.guard_download(node, DOCDIR, Path(site.srcdir), (), (".pdf",)))
    assert told == [f"<unknown>:2: WARNING: download '{target[:200]}' is left out: files must sit in reports/alpha/: put "
                    f"the file next to the report {REFUSED}"]


@pytest.mark.parametrize(("target", "problem"), [
    ("https://example.org/x.pdf", None), ("slides.pdf", None), ("../../conf.py", OUTSIDE),
    ("///.git/config", ADDRESS), ("https:../../.git/config", ADDRESS), ("mailto:a@example.org", "downloads are http or "
                                                                       "https URLs or files, not mailto:"),
    ("notes.txt", "only these types are copied: .pdf"),
])
def test_a_download_is_kept_or_shown_as_its_text(site, target, problem):
    node = files.addnodes.download_reference("", "", nodes.literal("", "the slides"), reftarget=target)
    holder = paragraph(node)
    holder.line, holder.source = 9, "r.md"
    told = warnings_of(site, lambda: files.GuardFiles.guard_download(node, DOCDIR, Path(site.srcdir), ("shared",),
                                                                      (".pdf",)))
    if problem is None:
        assert told == [] and holder.children[0] is node
    else:
        assert told == [f"r.md:9: WARNING: download '{target}' is left out: {problem} {REFUSED}"]
        assert holder.pformat() == "<paragraph>\n    <literal>\n        the slides\n"


def test_a_stand_in_keeps_the_structure_valid():
    linked = image(uri="x.svg")
    link = nodes.reference("", "", linked, refuri="https://example.org/")
    section = nodes.section("", link)  # a link straight in a section: wrapped in a paragraph
    files._stand_in(linked, nodes.inline("", "alt"))
    assert section.pformat() == ('<section>\n    <paragraph>\n        <reference refuri="https://example.org/">\n'
                                 '            <inline>\n                alt\n')
    bare = image(uri="x.svg")
    inner = paragraph(nodes.reference("", "", bare, refuri="https://example.org/"))
    files._stand_in(bare, nodes.inline("", ""))
    assert inner.pformat() == ('<paragraph>\n    <reference refuri="https://example.org/">\n        <inline>\n'
                               '            https://example.org/\n')
    unlinked = image(uri="x.svg")
    anchor = paragraph(nodes.reference("", "", unlinked, refid="here"))  # no address: the link goes with the image
    files._stand_in(unlinked, nodes.inline("", "alt"))
    assert anchor.pformat() == "<paragraph>\n    <inline>\n        alt\n"
    alone = image(uri="x.svg")
    body_ = nodes.section("", alone)
    files._stand_in(alone, nodes.inline("", "alt"))
    assert body_.pformat() == "<section>\n    <paragraph>\n        <inline>\n            alt\n"
    pictured = image(uri="x.svg")
    figure = nodes.figure("", pictured, nodes.caption("", "", nodes.emphasis("", "Cap"), nodes.Text("tion")),
                          nodes.legend("", paragraph(nodes.Text("Legend")), paragraph(nodes.Text("More"))))
    holder = nodes.section("", figure)
    files._stand_in(pictured, nodes.inline("", "alt"))
    assert holder.pformat() == ("<section>\n    <paragraph>\n        <inline>\n            alt\n    <paragraph>\n"
                                "        <emphasis>\n            Cap\n        tion\n    <paragraph>\n        Legend\n"
                                "    <paragraph>\n        More\n")
    two = image(uri="x.svg")
    shared_link = paragraph(nodes.reference("", "", two, nodes.Text(" and text"), refid="x"))
    files._stand_in(two, nodes.inline("", "alt"))  # a link with more than the image keeps the rest
    assert shared_link.pformat() == ('<paragraph>\n    <reference refid="x">\n        <inline>\n            alt\n'
                                     '         and text\n')


def test_a_node_without_a_line_is_named_at_its_nearest_ancestors():
    node = image(uri="x")
    link = nodes.reference("", "", node)
    outer = paragraph(link)
    outer.line = 12
    node.line = 0
    assert files._with_line(node) is outer
    link.line = 11
    assert files._with_line(node) is link
    node.line = 3
    assert files._with_line(node) is node
    orphan = image(uri="x")
    assert files._with_line(orphan) is orphan


# What a report may change beyond its page


def test_code_running_myst_syntax_is_turned_off(site, monkeypatch):
    monkeypatch.setattr(site.config, "myst_enable_extensions", ["colon_fence", "substitution", "tasklist"])
    told = warnings_of(site, lambda: structure.disable_code_running_syntax(site, site.config))
    assert site.config.myst_enable_extensions == ["colon_fence", "tasklist"]
    assert told == ["WARNING: myst_enable_extensions: 'substitution' is turned off: it evaluates Jinja templates, "
                    "which lets a report run code [newsletter.unsafe]"]
    monkeypatch.setattr(site.config, "myst_enable_extensions", {"substitution", "deflist"})
    warnings_of(site, lambda: structure.disable_code_running_syntax(site, site.config))
    assert site.config.myst_enable_extensions == {"deflist"}
    monkeypatch.setattr(site.config, "myst_enable_extensions", ("deflist",))
    assert warnings_of(site, lambda: structure.disable_code_running_syntax(site, site.config)) == []
    assert site.config.myst_enable_extensions == ("deflist",)


def test_only_markdown_reports_are_read(site, monkeypatch):
    monkeypatch.setattr(site.config, "source_suffix", {".rst": "restructuredtext", ".md": "markdown",
                                                       ".ipynb": "notebook"})
    monkeypatch.setattr(site.config, "newsletter_reports_dir", "/tripsX/")
    monkeypatch.setattr(site.config, "exclude_patterns", ["_build", "tripsX/**.rst"])
    structure.exclude_non_markdown_reports(site, site.config)
    assert site.config.exclude_patterns == ["_build", "tripsX/**.rst", "tripsX/**.ipynb"]


def test_strikethrough_is_allowed_once(site, monkeypatch):
    monkeypatch.setattr(site.config, "suppress_warnings", ["ref.python"])
    structure.allow_strikethrough(site, site.config)
    structure.allow_strikethrough(site, site.config)
    assert site.config.suppress_warnings == ["ref.python", "myst.strikethrough"]


def raw_tree(docname: str) -> nodes.document:
    document = publish_doctree("text")
    document.append(nodes.raw("", "<br />\n", format="html"))  # MyST's hard break, first: the others still go
    document.append(nodes.raw("", "\\input{x}", format="latex"))
    document.append(nodes.raw("", "no format"))
    document.append(nodes.raw("", "<b>x</b>", format="html latex"))
    document.append(nodes.raw("", "<i>y</i>", format="html"))
    trusted = nodes.raw("", "<span>ours</span>", format="html")
    trusted[TRUSTED_HTML] = True
    document.append(trusted)
    for line, node in enumerate(document.findall(nodes.raw), start=3):
        node.source, node.line = f"{docname}.md", line
    return document


def test_builders_that_do_not_write_html_get_no_raw_output_from_reports(site, monkeypatch):
    monkeypatch.setattr(site.builder, "format", "latex")
    tree = raw_tree("reports/alpha/r")
    told = warnings_of(site, lambda: structure.keep_other_raw_out(site, tree, "reports/alpha/r"))
    assert [raw.astext() for raw in tree.findall(nodes.raw)] == ["<br />\n", "<span>ours</span>"]
    assert told == [f"reports/alpha/r.md:{line}: WARNING: raw latex output is not allowed in reports and is left out "
                    "[newsletter.unsafe]" for line in (4, 6)]  # the raw LaTeX nodes, each at its line
    own = raw_tree("own")
    structure.keep_other_raw_out(site, own, "own")
    assert len(list(own.findall(nodes.raw))) == 6
    monkeypatch.setattr(site.builder, "format", "html")
    html = raw_tree("reports/alpha/r")
    structure.keep_other_raw_out(site, html, "reports/alpha/r")
    assert len(list(html.findall(nodes.raw))) == 6


# reStructuredText's nodes given lines


def test_nodes_without_a_line_get_the_line_of_what_they_belong_to():
    first = paragraph(nodes.reference("", "link"), nodes.Text("x"))
    first.line = 99  # a line of the markdown around the fence: not one of the block's
    inner = nodes.emphasis("", "e")
    inner.line = 6
    second = paragraph(nodes.reference("", "", inner))
    second.line = 5
    meta = nodes.pending(None)
    third = nodes.container("", meta)
    rest.give_lines([first, nodes.Text("t"), second, third], range(3, 9), "r.md")
    assert (first.line, first[0].line, first.source, first[0].source) == (3, 3, "r.md", "r.md")
    assert (second.line, second[0].line, inner.line) == (5, 6, 6)  # its first descendant's line
    assert (third.line, meta.line) == (3, 3)
    sourced = paragraph()
    sourced.source = "elsewhere.md"
    unlined = nodes.section("", nodes.title("", "T"), paragraph(nodes.emphasis("", "x")))
    unlined[1][0].line = 7
    rest.give_lines([sourced, unlined], range(3, 9), "r.md")
    assert sourced.source == "elsewhere.md" and sourced.line == 3
    assert (unlined.line, unlined[0].line, unlined[1].line) == (7, 7, 7)

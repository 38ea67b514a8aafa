"""Offline editions (``publishing/offline.py``) with verdicts written by hand: this edition is made offline
with these reports in this order, made again after that change and not after this one, this failure told
so. One small site is built once on the real theme, in this process; each test calls the code it pins
itself (``make mutation`` runs, for a mutant, the tests that ran its code), the EPUB and PDF builds too."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import build_here, write_sources
from pypdf import PdfReader
from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging
from sphinx.util.console import strip_colors

from sphinx_newsletter import offline as offline_command
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.publishing import offline

CONF = """\
extensions = ["sphinx_newsletter"]
project = "Offline"
copyright = "2020, the editors"
html_theme = "sphinx_book_theme"
html_baseurl = "https://news.example.org/"
newsletter_offline = False
newsletter_cycles = [
    {"name": "alpha", "title": "Alpha", "start": "2020-01-01", "end": "2020-06-01", "status": "published",
     "published": "2020-06-05"},
    {"name": "gamma", "title": "Gamma", "start": "2020-06-01", "end": "2020-07-01", "status": "published",
     "published": "2020-07-05"},
    {"name": "beta", "title": "Beta", "start": "2020-07-01"},
]
newsletter_sections = [{"title": "Summits", "tags": ["summit"]}]
"""
SOURCES = {
    "conf.py": CONF,
    "index.rst": "Offline\n=======\n\nWelcome.\n",
    "reports/alpha/one.md": "---\ntitle: One\nauthor: Ann\ndate: 2020-02-01\n---\n\nOne, and [](../beta/four.md).\n",
    "reports/alpha/two.md": "---\ntitle: Two\nauthor: Bo\ndate: 2020-03-01\ntags: [summit]\n---\n\nTwo.\n",
    "reports/alpha/three.md": "---\ntitle: Three\nauthor: Bo\ndate: 2020-04-01\n---\n\nThree.\n",
    "reports/beta/four.md": "---\ntitle: Four\nauthor: Ann\ndate: 2020-08-01\n---\n\nFour.\n",
}
BOOK = ["reports/alpha/two", "reports/alpha/three", "reports/alpha/one"]  # its section first, then newest first


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Sphinx:
    folder = tmp_path_factory.mktemp("offline")
    built, warnings = build_here(write_sources(folder / "site", SOURCES), folder)
    assert built.statuscode == 0 and warnings == []
    return built


@pytest.fixture
def offline_on(app, monkeypatch):
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(app.config._newsletter_settings, offline=True))
    return app


# Where, what and when


def test_an_offline_edition_is_beside_its_page():
    assert offline.offline_file("alpha", "epub") == "editions/alpha.epub"
    assert offline.offline_file("alpha", "pdf") == "editions/alpha.pdf"


@pytest.mark.parametrize(("title", "root"), [
    ("Spring", "========\n Spring\n========\n"),
    ("Offline  — \n Alpha", "=================\n Offline — Alpha\n=================\n"),
    ("a: *b* `c` <d> [e] |f| _g_ \\h", "=" * 45 + "\n a\\: \\*b\\* \\`c\\` \\<d\\> \\[e\\] \\|f\\| \\_g\\_ \\\\h\n"
     + "=" * 45 + "\n"),
])
def test_the_book_root_is_the_edition_under_its_escaped_title(title, root):
    assert offline.book_root(title, "alpha") == f"{root}\n.. newsletter-edition:: alpha\n"


def test_offline_editions_need_the_setting_and_a_site_address_and_are_not_made_inside_one(app, monkeypatch):
    settings = app.config._newsletter_settings
    assert not offline.makes_offline_editions(app.config)  # the site says newsletter_offline = False
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, offline=True))
    assert offline.makes_offline_editions(app.config)
    monkeypatch.setattr(app.config, "html_baseurl", "")  # its links to the site would go nowhere
    assert not offline.makes_offline_editions(app.config)
    monkeypatch.setattr(app.config, "html_baseurl", "https://news.example.org/")
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, offline=True, book=["reports/alpha/one"]))
    assert not offline.makes_offline_editions(app.config)  # the offline build itself


def test_each_published_edition_with_reports_is_made_with_them_in_its_order(offline_on, monkeypatch):
    assert offline.offline_editions(offline_on) == {"alpha": BOOK}  # gamma has no report, beta is open
    monkeypatch.setattr(offline_on.builder, "name", "dirhtml")
    assert offline.offline_editions(offline_on) == {"alpha": BOOK}
    for name in ("singlehtml", "epub"):
        monkeypatch.setattr(offline_on.builder, "name", name)
        assert offline.offline_editions(offline_on) == {}


def test_a_site_without_offline_editions_has_none(app):
    assert offline.offline_editions(app) == {}


def test_the_digest_changes_with_what_the_edition_shows(offline_on, monkeypatch, tmp_path):
    digest = offline.pages_digest(offline_on, "alpha", BOOK)
    assert len(digest) == 64 and digest == offline.pages_digest(offline_on, "alpha", list(BOOK))
    assert offline.pages_digest(offline_on, "alpha", BOOK[::-1]) != digest  # another order
    assert offline.pages_digest(offline_on, "alpha", BOOK[:2]) != digest  # one report fewer
    assert offline.pages_digest(offline_on, "gamma", BOOK) != digest  # another edition page
    page = Path(offline_on.outdir) / "reports/alpha/one.html"
    kept = page.read_bytes()
    try:
        page.write_bytes(kept + b" ")
        assert offline.pages_digest(offline_on, "alpha", BOOK) != digest
        page.write_bytes(b"")
        empty = offline.pages_digest(offline_on, "alpha", BOOK)
        page.unlink()
        assert offline.pages_digest(offline_on, "alpha", BOOK) == empty  # a missing page reads as empty
    finally:
        page.write_bytes(kept)
    monkeypatch.setattr(offline_on.config, "html_baseurl", "https://elsewhere.example.org/")
    assert offline.pages_digest(offline_on, "alpha", BOOK) != digest  # its links to the site change
    monkeypatch.setattr(offline_on.config, "html_baseurl", "https://news.example.org/")
    monkeypatch.setattr(offline_on.extensions["sphinx_newsletter"], "version", "0.0.0-other")
    assert offline.pages_digest(offline_on, "alpha", BOOK) != digest  # another version of the extension
    monkeypatch.undo()
    css = tmp_path / "print.css"
    css.write_bytes(offline.PRINT_CSS.read_bytes() + b"\n")
    monkeypatch.setattr(offline, "PRINT_CSS", css)
    assert offline.pages_digest(offline_on, "alpha", BOOK) != digest  # another print style


# After an HTML build: made where the pages changed, removed where no longer published


@pytest.fixture
def made(offline_on, monkeypatch):
    """Each edition the next calls make, as (name, book); the files are written as the offline build would."""
    calls: list[tuple[str, list[str]]] = []

    def make(app, name, book):
        calls.append((name, book))
        for kind in offline.FORMATS:
            Path(app.outdir, offline.offline_file(name, kind)).write_text(kind, encoding="utf-8")

    monkeypatch.setattr(offline, "_make", make)
    outdir, digests = Path(offline_on.outdir), Path(offline_on.doctreedir, offline.DIGESTS)
    yield calls
    digests.unlink(missing_ok=True)
    for path in (outdir / "editions").glob("*.*"):
        if path.suffix in (".epub", ".pdf"):
            path.unlink()


def test_an_edition_is_made_once_then_again_only_when_its_pages_or_files_change(offline_on, made):
    digests = Path(offline_on.doctreedir, offline.DIGESTS)
    offline.make_offline_editions(offline_on, None)
    assert made == [("alpha", BOOK)]
    recorded = json.loads(digests.read_text("utf-8"))
    assert recorded == {"alpha": offline.pages_digest(offline_on, "alpha", BOOK)}
    assert digests.read_text("utf-8") == json.dumps(recorded, indent=1, sort_keys=True)
    os.utime(digests, ns=(1, 1))
    offline.make_offline_editions(offline_on, None)
    assert made == [("alpha", BOOK)]  # nothing changed: not made, the digests not written
    assert digests.stat().st_mtime_ns == 1
    Path(offline_on.outdir, "editions/alpha.pdf").unlink()
    offline.make_offline_editions(offline_on, None)
    assert made == [("alpha", BOOK)] * 2  # a file gone: made again
    digests.write_text(json.dumps({"alpha": "old"}), "utf-8")
    offline.make_offline_editions(offline_on, None)
    assert made == [("alpha", BOOK)] * 3  # its pages changed: made again
    assert json.loads(digests.read_text("utf-8")) == recorded


def test_unreadable_digests_make_every_edition_again(offline_on, made):
    digests = Path(offline_on.doctreedir, offline.DIGESTS)
    digests.write_text("{not json", "utf-8")
    offline.make_offline_editions(offline_on, None)
    assert made == [("alpha", BOOK)]
    assert list(json.loads(digests.read_text("utf-8"))) == ["alpha"]


def test_an_edition_no_longer_published_loses_its_files_and_digest(offline_on, made):
    outdir, digests = Path(offline_on.outdir), Path(offline_on.doctreedir, offline.DIGESTS)
    offline.make_offline_editions(offline_on, None)
    for kind in offline.FORMATS:
        (outdir / f"editions/old.{kind}").write_text(kind, encoding="utf-8")
    digests.write_text(json.dumps({**json.loads(digests.read_text("utf-8")), "old": "x", "never": "y"}), "utf-8")
    offline.make_offline_editions(offline_on, None)
    assert made == [("alpha", BOOK)]
    assert not (outdir / "editions/old.epub").exists() and not (outdir / "editions/old.pdf").exists()
    assert list(json.loads(digests.read_text("utf-8"))) == ["alpha"]
    assert (outdir / "editions/alpha.epub").is_file()


def test_a_site_without_offline_editions_keeps_an_empty_record(app, monkeypatch):
    digests = Path(app.doctreedir, offline.DIGESTS)
    digests.unlink(missing_ok=True)
    monkeypatch.setattr(offline, "_make", None)  # never called
    try:
        offline.make_offline_editions(app, None)
        assert digests.read_text("utf-8") == "{}"
        os.utime(digests, ns=(1, 1))
        offline.make_offline_editions(app, None)
        assert digests.stat().st_mtime_ns == 1
    finally:
        digests.unlink()


def test_an_edition_that_failed_is_told_at_its_page_and_made_again_next_time(offline_on, monkeypatch, made):

    digests = Path(offline_on.doctreedir, offline.DIGESTS)
    digests.unlink(missing_ok=True)
    monkeypatch.setattr(offline, "_make", lambda app, name, book: "no room left")
    offline.make_offline_editions(offline_on, None)  # failed the first time: there is no digest to forget
    assert json.loads(digests.read_text("utf-8")) == {}
    digests.write_text(json.dumps({"alpha": "old"}), "utf-8")
    told = io.StringIO()
    sphinx_logging.setup(offline_on, io.StringIO(), told)
    offline.make_offline_editions(offline_on, None)
    assert strip_colors(told.getvalue()).splitlines() == [
        "editions/alpha.rst:1: WARNING: offline editions: the alpha edition's EPUB and PDF "
        "were not made: no room left [newsletter.offline]"]
    assert json.loads(digests.read_text("utf-8")) == {}


@pytest.mark.parametrize("case", ["exception", "latex"])
def test_a_failed_build_or_another_format_makes_nothing(offline_on, made, monkeypatch, case):
    if case == "latex":
        monkeypatch.setattr(offline_on.builder, "format", "latex")
    Path(offline_on.doctreedir, offline.DIGESTS).unlink(missing_ok=True)  # the site's build wrote an empty one
    offline.make_offline_editions(offline_on, RuntimeError("failed") if case == "exception" else None)
    assert made == [] and not Path(offline_on.doctreedir, offline.DIGESTS).exists()


# One edition's process


@pytest.mark.parametrize(("result", "told"), [
    (subprocess.CompletedProcess([], 0, "", ""), None),
    (subprocess.CompletedProcess([], 1, "out\n", "no   cycle\n named\n"), "no cycle named"),
    (subprocess.CompletedProcess([], 1, "printed\n", ""), "printed"),
    (subprocess.CompletedProcess([], 3, "", ""), "exit status 3"),
    (subprocess.CompletedProcess([], 1, "", "x" * 700 + " end"), "x" * 596 + " end"),
    (subprocess.TimeoutExpired(["python"], 600), "Command '['python']' timed out after 600 seconds"),
    (OSError("no python"), "no python"),
])
def test_the_offline_process_says_why_it_failed(app, monkeypatch, result, told):
    ran = []

    def run(command, **options):
        ran.append((command, options))
        if isinstance(result, BaseException):
            raise result
        return result

    monkeypatch.setattr(offline.subprocess, "run", run)
    assert offline._make(app, "alpha", BOOK) == told
    titles = Path(app.doctreedir, "newsletter-offline-alpha-titles.json")
    assert ran == [([sys.executable, "-m", "sphinx_newsletter.offline", "--titles", str(titles), str(app.srcdir),
                     f"{app.outdir}/editions", "alpha", *BOOK],
                    {"capture_output": True, "text": True, "timeout": 600, "check": False,
                     "env": {**os.environ, "NO_COLOR": "1"}})]
    assert json.loads(titles.read_text("utf-8")) == {"reports/beta/four": "Four"}


def test_the_offline_build_is_given_the_titles_of_the_other_editions_reports(app, monkeypatch):
    assert offline.other_titles(app, "alpha") == {"reports/beta/four": "Four"}
    assert offline.other_titles(app, "beta") == {"reports/alpha/one": "One", "reports/alpha/two": "Two",
                                                 "reports/alpha/three": "Three"}
    given = {"reports/gamma/five": "Five", "reports/beta/four": "An older title"}  # a build of one edition's
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(app.config._newsletter_settings, site_titles=given))
    assert offline.other_titles(app, "alpha") == {"reports/gamma/five": "Five", "reports/beta/four": "Four"}
    reports = newsletter_domain(app.env).reports
    monkeypatch.setitem(reports, "reports/alpha/one", replace(reports["reports/alpha/one"], draft=True))
    monkeypatch.setitem(reports, "reports/alpha/two", replace(reports["reports/alpha/two"], title=""))
    assert offline.other_titles(app, "beta") == {"reports/gamma/five": "Five", "reports/beta/four": "An older title",
                                                 "reports/alpha/three": "Three"}  # no draft, no empty title


def test_the_offline_command_reads_the_titles_it_is_given(tmp_path, monkeypatch):
    made = []
    monkeypatch.setattr(offline_command, "make_offline_edition", lambda *arguments: made.append(arguments))
    titles = tmp_path / "titles.json"
    titles.write_text(json.dumps({"reports/beta/four": "Four", "reports/beta/five": 5}), "utf-8")
    assert offline_command.main(["--titles", str(titles), "site", "out", "alpha", "reports/alpha/one"]) == 0
    assert made == [(Path("site"), Path("out"), "alpha", ["reports/alpha/one"],
                     {"reports/beta/four": "Four", "reports/beta/five": "5"})]
    assert offline_command.main(["site", "out", "alpha", "reports/alpha/one"]) == 0
    assert made[-1] == (Path("site"), Path("out"), "alpha", ["reports/alpha/one"], {})
    assert offline_command.main(["--titles", str(tmp_path / "missing.json"), "site", "out", "alpha", "x"]) == 2
    assert offline_command.main(["--titles", str(titles), "site", "out", "alpha"]) == 2  # no report
    assert len(made) == 2


# The EPUB and the PDF, built here


def test_the_edition_is_made_as_epub_and_pdf_from_a_copy_of_the_site(app, tmp_path):
    out = tmp_path / "out"
    titles = {"reports/beta/four": "Four <four>"}  # the site's own build gives the other editions' titles
    assert offline_command.make_offline_edition(Path(app.srcdir), out, "alpha", BOOK, titles) is None
    assert sorted(path.name for path in out.iterdir()) == ["alpha.epub", "alpha.pdf"]  # the scratch folder is gone
    with zipfile.ZipFile(out / "alpha.epub") as book:
        documents = sorted(name for name in book.namelist() if name.endswith(".xhtml"))
        opf = book.read("content.opf").decode()
        one = book.read("reports/alpha/one.xhtml").decode()
    assert '<a class="reference external" href="https://news.example.org/reports/beta/four.html">Four &lt;four&gt;</a>' in one
    assert documents == ["index.xhtml", "nav.xhtml", *(f"{name}.xhtml" for name in sorted(BOOK))]  # the edition alone
    assert "<dc:title>Offline — Alpha</dc:title>" in opf
    hrefs = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    assert [hrefs[name] for name in re.findall(r'<itemref idref="([^"]+)"', opf)] == [
        "index.xhtml", *(f"{name}.xhtml" for name in BOOK)]  # the edition's page, then its reports in order
    pdf = PdfReader(out / "alpha.pdf")
    assert pdf.metadata.title == "Offline — Alpha"
    assert [page.extract_text().split("\n")[0] for page in pdf.pages[1:]] == ["Two", "Three", "One"]


def test_an_edition_that_cannot_be_built_says_which_build_failed(app, tmp_path, monkeypatch):
    monkeypatch.setattr(offline, "BOOK_ROOT", "missing")  # no root document: Sphinx cannot build the book
    failure = offline.build_book(Path(app.srcdir), tmp_path, "alpha", BOOK, "Offline — Alpha", "Alpha")
    assert failure == (f"the epub build failed: Sphinx is unable to load the master document ({app.srcdir}/missing.rst) "
                       "because it is not included in the custom include_patterns = ['missing.rst', "
                       "'reports/alpha/**']. Ensure that a pattern in include_patterns matches the master document.")
    assert list(tmp_path.iterdir()) == []


def test_a_build_that_ends_with_an_error_status_is_told_with_its_warnings(app, tmp_path, monkeypatch):
    def fail(self):
        self._warning.write("WARNING: \x1b[31mbroken\x1b[0m\n" + "w" * 700 + "end\n")
        self.statuscode = 1

    monkeypatch.setattr(Sphinx, "build", fail)
    assert offline.build_book(Path(app.srcdir), tmp_path, "alpha", BOOK, "T", "Alpha") == (
        "the epub build failed: " + "w" * 597 + "end")  # the last 600 characters


def test_a_long_refusal_by_sphinx_is_told_by_its_end(app, tmp_path, monkeypatch):
    from sphinx.errors import SphinxError

    def refuse(self):
        raise SphinxError("x" * 700 + "end")

    monkeypatch.setattr(Sphinx, "build", refuse)
    assert offline.build_book(Path(app.srcdir), tmp_path, "alpha", BOOK, "T", "Alpha") == (
        "the epub build failed: " + "x" * 597 + "end")
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_that_cannot_be_made_is_told_and_nothing_is_left(app, tmp_path, monkeypatch):
    def fail(page, pdf, title):
        raise ValueError("no fonts")

    monkeypatch.setattr(offline, "write_pdf", fail)
    assert offline_command.make_offline_edition(Path(app.srcdir), tmp_path, "alpha", BOOK) == (
        "the PDF could not be made (ValueError: no fonts)")
    assert list(tmp_path.iterdir()) == []  # neither file, nor the scratch folder


def test_without_weasyprint_nothing_is_built_and_the_fix_is_named(app, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    assert offline.build_book(Path(app.srcdir), tmp_path, "alpha", BOOK, "T", "Alpha") == (
        "WeasyPrint could not run (import of weasyprint halted; None in sys.modules): pip install "
        "'sphinx-newsletter[offline]' (it needs Pango), or set newsletter_offline = False")
    assert list(tmp_path.iterdir()) == []


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_the_pdf_fetches_only_pictures_of_its_own_build_that_decode(tmp_path, monkeypatch, caplog):
    from weasyprint.urls import URLFetcher

    fetched: list[str] = []
    real = URLFetcher.fetch

    def record(self, url, headers=None):
        fetched.append(url.rsplit("/", 1)[-1])
        return real(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", record)
    build = tmp_path / "build"
    build.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG)
    (build / "good.png").write_bytes(PNG)
    (build / "broken.png").write_bytes(PNG[:40])
    (build / "index.html").write_text(
        '<html><body><h1>Book</h1><img src="good.png"><img src="broken.png"><img src="../outside.png">'
        f'<img src="https://example.org/{"r" * 90}.png"><img src="data:image/png;base64,AAAA"></body></html>',
        encoding="utf-8")
    offline.write_pdf(build / "index.html", tmp_path / "book.pdf", "The title")
    assert fetched == ["good.png"]
    assert len(PdfReader(tmp_path / "book.pdf").pages[0].images) == 1  # the good picture, drawn
    remote = f"https://example.org/{'r' * 90}.png"
    assert f"ValueError: not fetched: {remote[:80]}\n" in caplog.text  # the address's first 80 characters
    pdf = PdfReader(tmp_path / "book.pdf")
    assert pdf.metadata.title == "The title" and pdf.pages[0].extract_text().startswith("Book")


def test_the_print_style_wins_over_the_pages_own(tmp_path):
    """The page's own style sheets are the author's and the print style a user's (WeasyPrint's cascade): it
    changes their rules only where it is !important. Here the pager's two links, a flex row on screens, stand
    one under the other in the PDF as print.css says; until then the PDF laid out every byline, tag list and
    pager as flex boxes, the slowest layout WeasyPrint has (a third of the time of a 400-report edition)."""
    import sphinx_newsletter

    build = tmp_path / "build"
    (build / "_static").mkdir(parents=True)
    shutil.copy(Path(sphinx_newsletter.__file__).parent / "static" / "newsletter.css", build / "_static")
    (build / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="_static/newsletter.css"></head><body><h1>Book</h1>'
        '<nav class="nl-pager"><a id="previous" class="nl-pager-previous" href="#a">Previous</a>'
        '<a id="next" class="nl-pager-next" href="#b">Next</a></nav></body></html>', encoding="utf-8")
    offline.write_pdf(build / "index.html", tmp_path / "book.pdf", "The title")
    destinations = PdfReader(tmp_path / "book.pdf").named_destinations
    assert destinations["previous"].top > destinations["next"].top  # one under the other, not side by side



def test_a_byline_that_wraps_ends_a_line_with_its_dot(tmp_path):
    """On paper the byline's facts are separated by a dot after each but the last, held to it: a line may end
    with a dot, and none starts with one (the screen's dots, placed before each fact, started the next line)."""
    import sphinx_newsletter

    build = tmp_path / "build"
    (build / "_static").mkdir(parents=True)
    shutil.copy(Path(sphinx_newsletter.__file__).parent / "static" / "newsletter.css", build / "_static")
    facts = "\n".join(f"<span>Fact-{number}-of-a-long-byline</span>" for number in range(1, 9))  # as the page has them
    (build / "index.html").write_text(
        f'<html><head><link rel="stylesheet" href="_static/newsletter.css"></head><body><h1>Book</h1>'
        f'<p class="nl-meta">{facts}</p></body></html>', encoding="utf-8")
    offline.write_pdf(build / "index.html", tmp_path / "book.pdf", "The title")
    lines = [line.strip() for line in PdfReader(tmp_path / "book.pdf").pages[0].extract_text().split("\n")]
    byline = [line for line in lines if "Fact" in line]
    assert len(byline) > 1 and " ".join(byline).count("·") == 7  # it wraps; seven dots between eight facts
    assert not any(line.startswith("·") for line in byline) and not byline[-1].endswith("·")

def test_a_picture_pillow_cannot_decode_is_refused(tmp_path):
    (tmp_path / "good.png").write_bytes(PNG)
    (tmp_path / "broken.png").write_bytes(PNG[:40])
    offline.decodes(tmp_path / "good.png")
    with pytest.raises(OSError):
        offline.decodes(tmp_path / "broken.png")


def test_the_sites_docutils_conf_holds_in_the_book_as_in_the_site(app, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(app.srcdir, site, ignore=shutil.ignore_patterns("_build"))
    (site / "docutils.conf").write_text("[general]\nid_prefix: x-\n", encoding="utf-8")
    out = tmp_path / "out"
    assert offline_command.make_offline_edition(site, out, "alpha", BOOK) is None
    with zipfile.ZipFile(out / "alpha.epub") as book:
        page = book.read("reports/alpha/one.xhtml").decode()
    assert '<section id="x-one">' in page

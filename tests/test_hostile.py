"""Hostile pull requests: every route a report, a feedback file or any other added file can take,
built with the site's real theme and extensions, in every builder that writes output.

The test root ``test-hostile`` holds the payloads (each calls ``alert(<number>)``); the fixture adds
what git cannot hold (a symbolic-link loop, a FIFO, a ``.git/config`` with a token, odd file names).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from inert import problems_in_html, problems_in_tree
from sphinx.application import Sphinx
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace

ROOT = Path(__file__).parent / "roots" / "test-hostile"
GIT_TOKEN = "GIT-SECRET-TOKEN"
CONF_TEXT = "Hostile reports, on the same extensions"
BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text")


def hostile_tree(folder: Path) -> Path:
    srcdir = folder / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / ".git").mkdir()
    (srcdir / ".git" / "config").write_text(f"[remote]\n  token = {GIT_TOKEN}\n")
    alpha = srcdir / "reports" / "alpha"
    os.symlink(".", alpha / "loop")
    os.symlink("../../conf.py", alpha / "linked.md")
    os.symlink("photo.png", alpha / "linked.png")
    (alpha / "uses-link.md").write_text("---\ntitle: Uses a link\nauthor: M\ndate: 2020-03-01\n---\n\n"
                                        "![l](linked.png)\n")
    os.mkfifo(alpha / "fifo.md")
    (alpha / "it's.md").write_text("---\ntitle: Quote\nauthor: M\ndate: 2020-03-02\n---\n\nQuote.\n")
    (srcdir / "top.md").write_text("# Top\n\n<script>alert(601)</script>\n")
    (srcdir / "report" / "alpha").mkdir(parents=True)
    (srcdir / "report" / "alpha" / "typo.md").write_text("# Typo\n\n<script>alert(602)</script>\n")
    (srcdir / "editions").mkdir()
    (srcdir / "editions" / "alpha.md").write_text("# Alpha\n\n<script>alert(603)</script>\n")
    return srcdir


def build(folder: Path, builder: str) -> tuple[Path, list[str]]:
    srcdir = hostile_tree(folder)
    out = folder / "out"
    warnings = io.StringIO()
    with docutils_namespace():  # leave docutils' global registries as they were for the other tests
        app = Sphinx(srcdir, srcdir, out, folder / "doctrees", builder, status=io.StringIO(), warning=warnings,
                     freshenv=True)
        app.build()
    text = strip_colors(warnings.getvalue()).replace(str(srcdir) + "/", "")
    return out, [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line], app


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    cache = {}

    def get(builder: str):
        if builder not in cache:
            cache[builder] = build(tmp_path_factory.mktemp(builder), builder)
        return cache[builder]

    return get


def test_the_inertness_check_can_fail():
    assert problems_in_html('<p><img src="x" onerror="alert(1)"></p>') == ["onerror attribute on <img>: alert(1)"]
    assert problems_in_html("<script>alert(2)</script>") == ["script runs alert(2)"]
    assert problems_in_html('<a href=" javascript:alert(3)">x</a>') == ["href= javascript:alert(3) on <a>"]
    assert problems_in_html('<meta http-equiv="Refresh" content="0">') == ["meta refresh"]
    assert problems_in_html("<iframe></iframe>") == ["<iframe> element"]


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_output_file_is_inert(built, builder):
    out, _, _ = built(builder)
    assert problems_in_tree(out) == {}
    everything = "".join(path.read_text(encoding="utf-8", errors="replace")
                         for path in out.rglob("*") if path.is_file() and path.suffix not in (".png", ".woff2"))
    assert GIT_TOKEN not in everything
    assert CONF_TEXT not in everything
    for marker in ("alert(601)", "alert(602)", "alert(603)", "alert(401)", "alert(402)"):
        assert marker not in everything, marker  # refused pages and files are not in any output


def test_latex_gets_no_author_raw_output(built):
    out, _, _ = built("latex")
    tex = (out / "hostile.tex").read_text(encoding="utf-8")
    assert "\\href{javascript" not in tex and "alert(307)" not in tex
    assert "Hard break here" in tex and "textless{}br" not in tex  # summaries are text, not markup


def test_epub_pages_are_well_formed_and_fetch_nothing(built):
    out, _, _ = built("epub")
    for page in out.rglob("*.xhtml"):
        ET.fromstring(page.read_bytes())  # XHTML: sanitised HTML is serialised as XML there
    assert not [path.name for path in (out / "_images").glob("*") if "fetch-me" in path.name]  # nothing fetched
    page = (out / "reports" / "alpha" / "urls.xhtml").read_text(encoding="utf-8")
    assert 'href="http://127.0.0.1:9/fetch-me.png"' in page  # a link instead of a download


def warning(lines: list[str], location: str, text: str) -> bool:
    return any(line.startswith(f"{location}: WARNING: ") and text in line for line in lines)


REFUSED_SOURCES = [
    ("reports/alpha/loop:1", "a symbolic link to a folder is not followed"),
    ("reports/alpha/linked.md:1", "a symbolic link is not followed"),
    ("reports/alpha/fifo.md:1", "not a regular file"),
    ("reports/alpha/it's.md:1", "the file name may only hold letters, digits"),
    ("top.md:1", "pages outside reports/ are the site's own and must be listed in newsletter_site_pages"),
    ("report/alpha/typo.md:1", "pages outside reports/ are the site's own"),
    ("editions/alpha.md:1", "pages outside reports/ are the site's own"),
]


@pytest.mark.parametrize(("location", "text"), REFUSED_SOURCES, ids=[r[0] for r in REFUSED_SOURCES])
def test_files_a_pull_request_may_not_add_are_not_built(built, location, text):
    out, warnings, _app = built("html")
    assert warning(warnings, location, f"not built: {text}")
    assert "[newsletter.refused]" in next(line for line in warnings if line.startswith(location))
    assert not (out / "top.html").exists() and not (out / "report").exists()
    assert "alert(603)" not in (out / "editions" / "alpha.html").read_text()  # the generated page stays


FILE_REFUSALS = [
    ("download '../../conf.py'", "files must sit in reports/alpha/"),
    ("download '../../.git/config'", "files must sit in reports/alpha/"),
    ("download '/conf.py'", "files must sit in reports/alpha/"),
    ("download 'page.html'", "SVG, HTML and script files run scripts"),
    ("image 'drawing.svg'", "SVG, HTML and script files run scripts"),
]


@pytest.mark.parametrize(("what", "why"), FILE_REFUSALS, ids=[f[0] for f in FILE_REFUSALS])
def test_files_outside_the_reports_folder_or_of_active_types_are_not_copied(built, what, why):
    out, warnings, _ = built("html")
    assert any(f"WARNING: {what} is left out: {why}" in line and "[newsletter.refused]" in line for line in warnings)
    assert warning(warnings, "reports/alpha/uses-link.md:7", "image 'linked.png' is left out: symbolic links")
    copied = {path.name for path in out.rglob("*") if path.parent.name in ("_images",) or "_downloads" in path.parts}
    assert copied & {"conf.py", "config", "page.html", "drawing.svg", "linked.png"} == set()
    assert "notes.txt" in copied and "photo.png" in copied  # honest files beside the report are copied


UNSAFE_CONTENT = [
    ("reports/alpha/raw-html.md:9", "raw HTML: removed <script>"),
    ("reports/alpha/raw-html.md:11", "raw HTML: removed onerror on <img>"),
    ("reports/alpha/raw-html.md:13", "raw HTML: removed href=javascript: on <a>"),
    ("reports/alpha/raw-html.md:15", "raw HTML: removed <iframe>"),
    ("reports/alpha/raw-html.md:17", "raw HTML: removed <button>; <form>; <input>"),
    ("reports/alpha/raw-html.md:19", "raw HTML: removed style on <div>"),
    ("reports/alpha/raw-html.md:21", "raw HTML: removed <meta>"),
    ("reports/alpha/raw-html.md:23", "raw HTML: removed the newsletter's own class nl-banner"),
    ("reports/alpha/urls.md:10", "link or source 'javascript:alert(303)' is left out: links and sources are relative"),
    ("reports/alpha/urls.md:10", "link or source 'data:text/html;base64,"),
    ("reports/alpha/urls.md:12", "link or source 'javascript:alert(305)'"),
    ("reports/alpha/urls.md:27", "link or source 'javascript:alert(308)'"),
    ("reports/alpha/urls.md:9", "meta tags are not allowed in reports and are left out"),
    ("reports/alpha/urls.md:18", "the class nl-feedback-entry belongs to the newsletter's own markup"),
    ("reports/alpha/urls.md:31", "math: removed \\href{javascript:alert(309)}, \\href{#1}, \\def"),
    ("reports/alpha/urls.md:35", "math: removed \\href{javascript:alert(311)}"),
    ("reports/alpha/urls.md:40", "link or source 'javascript://%0Aalert(313)' is left out"),
    ("feedback/alpha/honest.yaml:3", "feedback url 'javascript:alert(502)' is not an http or https address"),
]


@pytest.mark.parametrize(("location", "text"), UNSAFE_CONTENT, ids=[u[1][:40] for u in UNSAFE_CONTENT])
def test_what_is_removed_is_named_at_its_line(built, location, text):
    _, warnings, _ = built("html")
    assert warning(warnings, location, text), "\n".join(warnings)


def test_a_toctree_in_a_report_shows_in_its_page_and_nowhere_in_the_navigation(built):
    out, _, app = built("html")
    assert [docname for docname in app.env.toctree_includes if docname.startswith("reports/")] == []
    page = BeautifulSoup((out / "reports/alpha/urls.html").read_text(), "html.parser")
    shown = page.select_one("article div.toctree-wrapper")
    assert [(a.get("href"), a.get_text()) for a in shown.find_all("a")] == [("../../index.html", "Hostile"), (None, "Script")]
    assert "alert(313)" not in str(page)
    for other in ("index.html", "editions/alpha.html", "reports/alpha/urls.html"):
        navigation = BeautifulSoup((out / other).read_text(), "html.parser").select_one("nav.bd-docs-nav")
        assert "reports/alpha" not in str(navigation)  # the sidebar holds no report
    assert page.select_one("nav.bd-docs-nav a.current") is None  # the report is in no toctree
    assert page.select_one('link[rel="next"]') is None and page.select_one('link[rel="prev"]') is None


def test_honest_markup_is_kept_and_not_warned_about(built):
    out, warnings, _ = built("html")
    assert not [line for line in warnings if "honest.md" in line]
    body = BeautifulSoup((out / "reports/alpha/honest.html").read_text(), "html.parser").select_one("article")
    assert body.find("br") is not None and "Hard break" in body.get_text()
    assert body.find("s").get_text() == "Struck"
    assert [box.has_attr("checked") for box in body.select("input.task-list-item-checkbox")] == [True, False]
    assert body.find("sub").get_text() == "2" and body.find("small").get_text() == "small"
    assert body.select_one("td br") is not None
    assert body.find("img", src="https://example.org/pic.png") is not None
    assert body.find("details").find("summary").get_text() == "Details"


def test_sanitised_html_keeps_the_good_parts(built):
    out, _, _ = built("html")
    body = BeautifulSoup((out / "reports/alpha/raw-html.html").read_text(), "html.parser").select_one("article")
    assert body.find("a", href="https://example.org/") is not None
    assert body.find("img", src="https://example.org/a.png") is not None
    assert body.find("p", string="An official-looking notice.").get("class") is None
    assert body.find("details").find("strong").get_text() == "markdown"
    assert "A paragraph that an unclosed attribute tries to swallow." in body.get_text()  # nothing lost
    assert not body.select("[class*=nl-banner], [style], form, iframe, script, meta")


def test_titles_are_text_in_every_template(built):
    out, _, _ = built("html")
    title = "<img src=x onerror=alert(101)>"
    page = BeautifulSoup((out / "reports/alpha/titles.html").read_text(), "html.parser")
    assert title in page.select_one("#jb-print-docs-body h1").get_text()  # the book theme's print header
    assert title in page.title.get_text()
    card = BeautifulSoup((out / "editions/alpha.html").read_text(), "html.parser")
    assert any(title in a.get_text() for a in card.select(".nl-card-title a"))
    assert not card.select(".nl-card img, .nl-card svg, .nl-card script")


def test_feeds_switcher_search_and_sitemap_hold_text_only(built):
    out, _, _ = built("html")
    feed = ET.parse(out / "feeds" / "alpha.xml").getroot()
    titles = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(text and text.startswith("<img src=x onerror=alert(101)>") for text in titles)
    assert not list(feed.iter("script")) and not list(feed.iter("{http://www.w3.org/1999/xhtml}script"))
    switcher = BeautifulSoup((out / "reports/alpha/titles.html").read_text(), "html.parser").select(".nl-switcher")
    assert switcher and not switcher[0].select("script, img, svg")
    assert (out / "pagefind" / "pagefind-entry.json").is_file() and not (out / "searchindex.js").exists()
    page = BeautifulSoup((out / "reports/alpha/titles.html").read_text(), "html.parser")
    marks = page.select("[data-pagefind-filter], [data-pagefind-meta]")  # what the index reads: attribute values
    assert marks and all(not mark.contents and set(mark.attrs) <= {"data-pagefind-filter", "data-pagefind-meta",
                                                                    "data-value", "hidden"} for mark in marks)
    assert "<img src=x onerror=alert(101)> “Quotes” & ‘apostrophes’" in page.select_one("h1").get_text()
    script = (out / "_static" / "newsletter-search.js").read_text()
    assert "innerHTML" not in script and "textContent" in script  # results shown as text (the browser runs them)
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    urls = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert urls and all(re.fullmatch(r"https://hostile\.example/[\w./%-]*", url) for url in urls)


def test_the_mail_ready_issue_is_inert(built, tmp_path):
    from sphinx_newsletter.publishing.mail import write_issue

    _, _, app = built("html")
    cycle = app.env.domains["newsletter"].catalogue().cycles["alpha"]
    written = write_issue(app, cycle, cycle.end, tmp_path)
    html_issue = (tmp_path / "issue.html").read_text()
    assert problems_in_html(html_issue) == []
    assert "&lt;img src=x onerror=alert(101)&gt;" in html_issue
    text_issue = (tmp_path / "issue.txt").read_text()
    assert "<img src=x onerror=alert(101)> “Quotes” & ‘apostrophes’" in text_issue  # plain text is not HTML
    assert "&amp;" not in text_issue and "&lt;" not in text_issue
    assert len(written) == 3


NAME_WARNINGS = [
    ("reports/alpha/names.md:9", "control character U+0007 and any others are removed from the report"),
    ("reports/alpha/names.md:2", "'title': invisible control characters removed (U+0007 CONTROL, U+202C POP "
                                 "DIRECTIONAL FORMATTING, U+202E RIGHT-TO-LEFT OVERRIDE)"),
    ("reports/alpha/names.md:3", "'author': invisible control characters removed (U+0000 CONTROL, U+2066"),
    ("reports/alpha/names.md:6", "'tags': shortened to 60 characters; invisible control characters removed"),
]


@pytest.mark.parametrize(("location", "text"), NAME_WARNINGS, ids=[n[1][:20] for n in NAME_WARNINGS])
def test_names_are_normalised_at_their_line(built, location, text):
    _, warnings, _ = built("html")
    assert warning(warnings, location, text)
    assert "[newsletter.bad_value]" in next(line for line in warnings if line.startswith(location))


def test_generated_page_names_never_collide_or_overflow(built):
    out, _, _ = built("html")
    overview = BeautifulSoup((out / "tags" / "index.html").read_text(), "html.parser")
    assert overview.select_one("ul.nl-index-tags") is not None  # still the overview, not the tag 'index'
    tag_page = BeautifulSoup((out / "tags" / "index_.html").read_text(), "html.parser")
    assert tag_page.select_one("section.nl-term h1").get_text() == "index"
    assert (out / "events" / "index_.html").is_file()
    assert all(len(path.name.encode()) <= 130 for path in out.rglob("*"))
    page = BeautifulSoup((out / "reports" / "alpha" / "names.html").read_text(), "html.parser")
    shown = page.title.get_text() + page.select_one("h1").get_text() + page.select_one(".nl-byline").get_text()
    assert "Invoice gnp.exe and a bell" in shown and "Eve Hidden" in shown
    assert not {"\u202e", "\u202c", "\u2066", "\x07", "\x00"} & set(shown)
    ET.parse(out / "feeds" / "atom.xml")  # control characters would make lxml abort the feed


def test_security_md_lists_the_allow_list_the_code_uses():
    from sphinx_newsletter.core.urls import SAFE_SCHEMES
    from sphinx_newsletter.safety.html import ALLOWED_TAGS

    text = (Path(__file__).parent.parent / "SECURITY.md").read_text()
    kept = text[text.index("Kept: "):text.index("; on every element")]
    listed = set(re.findall(r"`([a-z0-9]+)`", re.sub(r"\([^)]*\)", "", kept)))
    listed |= {f"h{level}" for level in range(1, 7)}
    assert listed == set(ALLOWED_TAGS)
    for scheme in SAFE_SCHEMES:
        assert f"`{scheme}`" in text[text.index("URLs: relative"):]


def test_a_task_checkbox_is_named_by_its_task_and_the_name_is_only_text(project, build):
    srcdir = project("basic")
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + '\nmyst_enable_extensions = ["tasklist"]\n')
    (srcdir / "reports/gamma/tasks.md").write_text(
        '---\ntitle: Tasks\nauthor: Eve\ndate: 2021-02-01\n---\n\n'
        '- [x] review *the* "criteria" <b onclick="alert(1)">now</b>\n- [ ] \\" onfocus=alert(2) x="\n')
    app, _ = build(srcdir)
    page = BeautifulSoup((Path(app.outdir) / "reports/gamma/tasks.html").read_text(encoding="utf-8"), "html.parser")
    boxes = page.select("input.task-list-item-checkbox")
    assert [box.get("aria-label") for box in boxes] == [" ".join(box.parent.get_text().split()) for box in boxes]
    assert boxes[0]["aria-label"] == "review the “criteria” now" and "onfocus" in boxes[1]["aria-label"]
    assert all(set(box.attrs) <= {"class", "checked", "disabled", "type", "aria-label"} for box in boxes)


def test_reports_stay_untrusted_when_the_site_pages_pattern_matches_everything(built, tmp_path):
    """A broad newsletter_site_pages ('**', which also matches reports/…) trusts the site's own pages: a
    report is never one of them, so every report page is sanitised as before, and the pages in the
    reports folder, the editions and the feeds carry no payload."""
    srcdir = hostile_tree(tmp_path)
    out = tmp_path / "out"
    with docutils_namespace():
        app = Sphinx(srcdir, srcdir, out, tmp_path / "doctrees", "html", status=io.StringIO(), warning=io.StringIO(),
                     freshenv=True, confoverrides={"newsletter_site_pages": ["**"]})
        app.build()
    reports = out / "reports"
    default, _, _ = built("html")
    pages = sorted(path.relative_to(reports) for path in reports.rglob("*.html"))
    assert len(pages) > 5 and pages == sorted(path.relative_to(default / "reports")
                                              for path in (default / "reports").rglob("*.html"))
    assert problems_in_tree(reports) == {}
    assert {name: found for name, found in problems_in_tree(out).items()
            if name.startswith(("editions/alpha", "feeds/", "index", "tags/", "authors/"))} == {}
    trusted = (out / "top.html").read_text(encoding="utf-8")
    assert "alert(601)" in trusted  # the site's own page is trusted: the pattern did take effect

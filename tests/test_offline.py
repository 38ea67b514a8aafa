"""Offline editions: each published edition as an EPUB and a PDF (``publishing/offline.py``), made when an
HTML build finishes, linked from the edition's page and its mail, moderated and guarded as the site is."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import copy_sample_site, run, sphinx_build, warnings_of
from pypdf import PdfReader

from sphinx_newsletter.publishing.offline import book_root


def png(width: int = 4, height: int = 3) -> bytes:
    """A whole PNG picture (red), written here byte by byte."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def epub_text(path: Path) -> dict[str, str]:
    """Each XHTML document of an EPUB, by its name in the container."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xhtml")}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def feedback_authors(folder: Path) -> set[str]:
    """Every shown entry's author in a cycle's feedback files, replies too (read here, not by the code)."""
    found: set[str] = set()

    def walk(entries):
        for entry in entries:
            if entry.get("status", "shown") == "shown":
                found.add(entry["author"])
            walk(entry.get("replies", []))

    for path in folder.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text("utf-8")) or [])
    return found


def block_authors(folder: Path) -> set[str]:
    """The authors of the ``{feedback}`` blocks in a cycle's reports (the sample site's are all shown)."""
    return {line.removeprefix(":author:").strip() for path in folder.glob("*.md")
            for line in path.read_text("utf-8").splitlines() if line.startswith(":author:")}


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    srcdir = copy_sample_site(tmp_path_factory.mktemp("offline") / "site", offline=True)
    result = sphinx_build(srcdir, "-W")
    assert result.returncode == 0, result.stderr
    return srcdir


def test_each_published_edition_comes_as_epub_and_pdf_with_every_report_and_feedback_author(offline_site):
    editions = offline_site / "_build/html/editions"
    for cycle in ("diablo", "essex"):
        titles = [yaml.safe_load(path.read_text("utf-8").split("---")[1])["title"]
                  for path in sorted((offline_site / "reports" / cycle).glob("*.md"))]
        authors = feedback_authors(offline_site / "feedback" / cycle) | block_authors(offline_site / "reports" / cycle)
        assert titles and len(authors) == {"diablo": 3, "essex": 5}[cycle]  # every commenter, both sources
        documents = epub_text(editions / f"{cycle}.epub")
        book = " ".join(BeautifulSoup(text, "html.parser").get_text(" ") for text in documents.values())
        printed = " ".join(pdf_text(editions / f"{cycle}.pdf").split())
        for words in [*titles, *authors]:
            assert words in book, (cycle, words)
            assert " ".join(words.split()) in printed, (cycle, words)
        # one document a report, and the edition's page; nothing of the rest of the site
        assert sorted(documents) == sorted(["index.xhtml", "nav.xhtml", *(
            f"reports/{cycle}/{path.stem}.xhtml" for path in (offline_site / "reports" / cycle).glob("*.md"))])
    assert not (editions / "folsom.epub").exists() and not (editions / "folsom.pdf").exists()


def test_the_epub_lists_the_reports_in_the_editions_order_and_links_the_rest_to_the_site(offline_site):
    edition = BeautifulSoup((offline_site / "_build/html/editions/essex.html").read_text("utf-8"), "html.parser")
    order = [a["href"].removeprefix("../").removesuffix(".html") for a in edition.select(".nl-card-title a")]
    with zipfile.ZipFile(offline_site / "_build/html/editions/essex.epub") as book:
        navigation = BeautifulSoup(book.read("nav.xhtml"), "html.parser")
        first = BeautifulSoup(book.read("index.xhtml"), "html.parser")
        assert book.read("mimetype") == b"application/epub+zip"
    assert [a["href"].removesuffix(".xhtml") for a in navigation.select("nav a")][-len(order):] == order
    links = [a["href"] for a in first.select("a[href]")]
    assert "https://newsletter.openstack.example/tags/nova.html" in links
    assert "https://newsletter.openstack.example/feeds/essex.xml" in links
    assert not [link for link in links if not link.startswith(("https:", "mailto:", "reports/essex/", "#"))]


@pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs Java")
def test_the_epub_passes_epubcheck(offline_site):
    # a short run of the JVM: compiled by its quick compiler alone, with its simplest collector (the checks are
    # the same; 8.9 s of processor time against 13.9 s)
    java = {"JAVA_TOOL_OPTIONS": f"{os.environ.get('JAVA_TOOL_OPTIONS', '')} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
    result = subprocess.run([sys.executable, "-m", "epubcheck", str(offline_site / "_build/html/editions/essex.epub")],
                            capture_output=True, text=True, check=False, timeout=300, env={**os.environ, **java})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pdf_has_a_page_a_report_and_page_numbers(offline_site):
    reader = PdfReader(offline_site / "_build/html/editions/essex.pdf")
    reports = len(list((offline_site / "reports/essex").glob("*.md")))
    assert len(reader.pages) >= reports + 1
    assert reader.pages[1].extract_text().split()[-1] == "2"  # the page number, at its foot
    assert reader.metadata.title.startswith("OpenStack Community Newsletter — Essex")


def test_the_edition_page_links_its_offline_files_and_an_open_one_has_none(offline_site):
    html = offline_site / "_build/html"
    page = BeautifulSoup((html / "editions/essex.html").read_text("utf-8"), "html.parser")
    assert [a["href"] for a in page.select(".nl-offline a")] == ["essex.epub", "essex.pdf"]
    assert page.select_one(".nl-offline").get_text(" ", strip=True) == "Read it offline: EPUB · PDF"
    assert not BeautifulSoup((html / "editions/folsom.html").read_text("utf-8"), "html.parser").select(".nl-offline")


def test_an_unchanged_edition_is_not_made_again_and_one_no_longer_published_is_removed(tmp_path):
    srcdir = copy_sample_site(tmp_path / "site", offline=True)
    assert sphinx_build(srcdir).returncode == 0
    epub = srcdir / "_build/html/editions/essex.epub"
    made = epub.stat().st_mtime_ns
    os.utime(srcdir / "reports/folsom/europython-openstack.md")  # another edition's report: essex is untouched
    assert sphinx_build(srcdir).returncode == 0
    assert epub.stat().st_mtime_ns == made
    # feedback under an Essex report changes its pages: the offline edition is made again, with it
    feedback = srcdir / "feedback/essex/london-meetup.yaml"
    feedback.parent.mkdir(parents=True, exist_ok=True)
    with feedback.open("a", encoding="utf-8") as file:
        file.write("- author: Late Reader\n  date: 2012-06-01\n  body: Read it on the train.\n")
    assert sphinx_build(srcdir).returncode == 0
    assert "Late Reader" in " ".join(epub_text(epub).values()) and "Late Reader" in pdf_text(epub.with_suffix(".pdf"))
    (srcdir / "published/essex.json").unlink()  # Essex is open again: its offline files go, as a fresh build has none
    assert sphinx_build(srcdir).returncode == 0
    assert not epub.exists() and not epub.with_suffix(".pdf").exists()
    assert (srcdir / "_build/html/editions/diablo.epub").is_file()


def test_publish_puts_them_in_the_tree_and_the_mail_links_them(tmp_path):
    """The published tree holds the edition's EPUB and PDF, which its mail links, opened by the editor's note; in
    them, a link or a toctree entry without text of its own to another edition's report shows its title, as
    the site does."""
    srcdir = copy_sample_site(tmp_path / "site", offline=True)
    with (srcdir / "reports/folsom/europython-openstack.md").open("a", encoding="utf-8") as report:
        report.write("\nAs [](../essex/fosdem-cloud-devroom.md) said.\n\n```{toctree}\n../essex/london-meetup\n```\n")
    result = run("publish", "folsom", "--date", "2012-10-01", cwd=srcdir)
    assert result.returncode == 0, result.stdout + result.stderr
    tree = srcdir / "_build/publish/folsom"
    chapter = next(text for name, text in epub_text(tree / "editions/folsom.epub").items()
                   if "europython-openstack" in name)
    site = "https://newsletter.openstack.example/reports/essex/"
    assert {(a.get_text(), a["href"]) for a in BeautifulSoup(chapter, "html.parser").select("a[href]")
            if a["href"].startswith(site)} == {
        ("A weekend in the FOSDEM cloud devroom", site + "fosdem-cloud-devroom.html"),
        ("Fifty people, one room and too much pizza in London", site + "london-meetup.html")}
    # the editor's note opens both: its first sentence, as words (its markup rendered)
    first = (srcdir / "notes/folsom.md").read_text("utf-8").split(".")[0].replace("**", "")
    words = " ".join(first.split())
    book = " ".join(BeautifulSoup(epub_text(tree / "editions/folsom.epub")["index.xhtml"], "html.parser").get_text(" ").split())
    assert len(words) > 40 and words in book
    assert words in " ".join(pdf_text(tree / "editions/folsom.pdf").split())
    text = " ".join((tree / "issue.txt").read_text("utf-8").split())
    assert ("Read it offline: EPUB https://newsletter.openstack.example/editions/folsom.epub · "
            "PDF https://newsletter.openstack.example/editions/folsom.pdf") in text
    mail = BeautifulSoup((tree / "issue.html").read_text("utf-8"), "html.parser")
    assert "https://newsletter.openstack.example/editions/folsom.pdf" in [a["href"] for a in mail.select("a")]


HOSTILE_CONF = """
project = "Hostile"
extensions = ["sphinx_newsletter"]
html_theme = "sphinx_book_theme"
html_baseurl = "https://hostile.example/"
myst_enable_extensions = ["colon_fence"]
newsletter_cycles = [{"name": "spring", "title": "Spring", "start": "2024-01-01", "end": "2024-06-30",
                      "status": "published", "published": "2024-07-01"}]
exclude_patterns = ["_build"]
"""

HOSTILE_REPORT = """---
title: A spring summit
author: Mallory Writer
date: 2024-03-10
---

An honest paragraph with **bold** words and [a link](https://example.org/ok).

<script>document.title = "owned"</script>
<b onclick="steal()">clicked</b>

[a bad link](javascript:steal())

![a local picture](picture.png)

![a tracking pixel](https://tracker.example/pixel.png)

![a broken picture](broken.png)

```{raw} html
<iframe src="https://evil.example/frame"></iframe>
```
"""

HOSTILE_FEEDBACK = """- author: Visible Reader
  date: 2024-03-11
  body: Kind words about the summit.
- author: Secret Spammer
  date: 2024-03-12
  status: removed
  reason: spam
  body: BUY PILLS NOW <script>steal()</script>
- author: Hidden Person
  date: 2024-03-13
  status: hidden
  body: Words the editors hid.
"""


def test_offline_editions_are_guarded_and_moderated_as_the_site_is(tmp_path):
    srcdir = tmp_path / "hostile"
    (srcdir / "reports/spring").mkdir(parents=True)
    (srcdir / "feedback/spring").mkdir(parents=True)
    (srcdir / "conf.py").write_text(HOSTILE_CONF)
    (srcdir / "index.rst").write_text("Hostile\n=======\n\n.. newsletter-edition:: spring\n")
    (srcdir / "reports/spring/summit.md").write_text(HOSTILE_REPORT)
    (srcdir / "reports/spring/picture.png").write_bytes(png())
    (srcdir / "reports/spring/broken.png").write_bytes(png()[:60])  # cut short: no PDF renderer draws it
    (srcdir / "feedback/spring/summit.yaml").write_text(HOSTILE_FEEDBACK)
    result = sphinx_build(srcdir)
    assert result.returncode == 0, result.stderr
    assert "[newsletter.offline]" not in result.stderr
    epub = srcdir / "_build/html/editions/spring.epub"
    documents = epub_text(epub)
    report = BeautifulSoup(documents["reports/spring/summit.xhtml"], "html.parser")
    assert not report.select("script, iframe, [onclick]")
    assert not [a for a in report.select("a[href]") if not a["href"].startswith(("https:", "#", "../", "mailto:"))]
    assert not [img for img in report.select("img") if img["src"].startswith(("http:", "https:", "//"))]
    shown = " ".join(report.get_text(" ").split())
    assert "An honest paragraph with bold words" in shown and "Kind words about the summit." in shown
    for gone in ("BUY PILLS", "Secret Spammer", "Hidden Person", "Words the editors hid", "document.title"):
        assert gone not in shown and gone not in " ".join(documents.values()), gone
    with zipfile.ZipFile(epub) as book:
        assert any(name.endswith(".png") for name in book.namelist())  # the local picture travels with it
    printed = pdf_text(epub.with_suffix(".pdf"))
    pictures = [image.image.size for page in PdfReader(epub.with_suffix(".pdf")).pages for image in page.images]
    assert (4, 3) in pictures  # the report's own picture, drawn (WeasyPrint shares it with every page's resources)
    assert "Kind words about the summit." in printed and "An honest paragraph" in printed
    for gone in ("BUY PILLS", "Secret Spammer", "Hidden Person", "Words the editors hid"):
        assert gone not in printed, gone


def test_an_edition_that_cannot_be_made_is_a_typed_warning_naming_it(tmp_path, build, monkeypatch):
    srcdir = copy_sample_site(tmp_path / "site", offline=True)
    monkeypatch.setattr(sys, "executable", shutil.which("false") or "/bin/false")
    app, _ = build(srcdir)
    warnings = [line for line in warnings_of(app) if "[newsletter.offline]" in line]
    assert [line.split(":")[0] for line in warnings] == ["editions/diablo.rst", "editions/essex.rst"]
    assert "the essex edition's EPUB and PDF were not made" in warnings[1]
    assert json.loads((app.doctreedir / "newsletter-offline.json").read_text()) == {}


@pytest.mark.parametrize(("title", "root"), [
    ("Spring", "========\n Spring\n========\n"),
    ("News: *big* `x` <y> [z] |w| _v_", "=" * 46 + "\n"
     " News\\: \\*big\\* \\`x\\` \\<y\\> \\[z\\] \\|w\\| \\_v\\_\n" + "=" * 46 + "\n"),
])
def test_the_book_root_escapes_the_title(title, root):
    assert book_root(title, "spring") == f"{root}\n.. newsletter-edition:: spring\n"

"""Faithful: what honest writers put in markdown renders as plain MyST renders it, and a strict build
of such a site passes with no warning (on the site's real theme and extensions)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from conftest import warnings_of
from sphinx.testing.util import SphinxTestApp


@pytest.fixture(scope="module")
def honest(tmp_path_factory, rootdir):
    import shutil

    srcdir = tmp_path_factory.mktemp("honest") / "src"
    shutil.copytree(rootdir / "test-honest", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, warningiserror=True)
    app.build()
    yield app
    app.cleanup()


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def test_the_strict_build_passes_with_no_warning(honest):
    assert honest.statuscode == 0
    assert warnings_of(honest) == []


def test_markdown_and_html_that_writers_use_are_kept(honest):
    body = page(honest, "reports/alpha/markup").select_one("article")
    assert "Dark Souls." in body.get_text() and "Dark Souls.It" not in body.get_text()
    assert len(body.select("p br")) >= 2  # backslash and two-space hard breaks
    assert body.find("s").get_text() == "Cancelled"
    assert [box.has_attr("checked") for box in body.select("li input[type=checkbox]")] == [True, False]
    assert body.select_one("td br") is not None and body.select_one("td small").get_text() == "small print"
    assert body.find("sub").get_text() == "2" and body.find("sup").get_text() == "2"
    assert body.find("del").get_text() == "gone"
    assert body.find("a", href="https://example.org/slides").get_text() == "link in HTML"
    image = body.find("img", src="https://example.org/photo.jpg")
    assert image["alt"] == "The hall" and image["width"] == "300"
    details = body.find("details")
    assert details.find("summary").get_text() == "The full schedule" and details.find("strong").get_text() == "long"


def test_a_label_before_the_title_labels_the_page(honest):
    links = page(honest, "reports/alpha/linker").select("article a.reference.internal")
    targets = {link["href"] for link in links}
    assert len(targets) == 1 and targets.pop().startswith("markup.html#")
    anchor = links[0]["href"].split("#")[1]
    assert page(honest, "reports/alpha/markup").find(id=anchor).name in ("section", "span")


def test_a_file_beside_its_report_is_an_attachment_not_a_stray(honest):
    assert list(honest.outdir.glob("_downloads/*/notes.txt"))


def test_feedback_code_keeps_its_language(honest):
    code = page(honest, "reports/alpha/markup").select_one(".nl-feedback-body div[class^=highlight-]")
    assert code is not None and "highlight-python" in code["class"]


def cards_of(app) -> list[str]:
    return [a["href"].removeprefix("../").removesuffix(".html")
            for a in page(app, "editions/alpha").select(".nl-card-title a")]


def test_cards_feeds_and_sharing_use_the_title_the_page_shows(honest):
    shown = "Back from the summit — “what we learned”"
    assert page(honest, "reports/alpha/markup").select_one("h1").get_text().startswith(shown)
    cards = [a.get_text() for a in page(honest, "editions/alpha").select(".nl-card-title a")]
    assert shown in cards
    feed = ET.parse(honest.outdir / "feeds" / "alpha.xml").getroot()
    assert shown in [title.text for title in feed.iter("{http://www.w3.org/2005/Atom}title")]
    meta = page(honest, "reports/alpha/markup").find("meta", attrs={"name": "twitter:title"})
    assert meta["content"] == shown
    pagers = [a.get_text(" ", strip=True) for name in cards_of(honest) for a in page(honest, name).select(".nl-pager a")]
    assert any(shown in text for text in pagers)  # the pager of its neighbours names it as the page does

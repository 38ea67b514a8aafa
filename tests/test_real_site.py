"""The newsletter in this repository builds strictly, and lists every sample report."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import sphinx_build

REPO = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def strict_build(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("site")
    result = sphinx_build(REPO, "-W", "--keep-going", "-E", "-d", outdir / "doctrees", out=outdir / "html")
    return result, outdir / "html"


def test_strict_build_passes(strict_build):
    result, _ = strict_build
    assert result.returncode == 0, result.stderr


def test_every_sample_report_is_in_its_edition(strict_build):
    _, html = strict_build
    reports = sorted((REPO / "reports").glob("*/*.md"))
    assert len(reports) >= 6 and len({report.parent.name for report in reports}) >= 3
    for report in reports:
        edition = BeautifulSoup((html / "editions" / f"{report.parent.name}.html").read_text(), "html.parser")
        links = {a["href"] for a in edition.select(".nl-card-title a")}
        assert f"../reports/{report.parent.name}/{report.stem}.html" in links, report


def test_sitemap_feeds_and_sharing_metadata(strict_build):
    _, html = strict_build
    sitemap = (html / "sitemap.xml").read_text()
    assert "https://newsletter.openstack.example/reports/essex/boston-design-summit.html" in sitemap
    page = BeautifulSoup((html / "reports/essex/boston-design-summit.html").read_text(), "html.parser")
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", property="og:url")["content"].endswith("/reports/essex/boston-design-summit.html")
    assert page.find("meta", property="og:description")["content"].startswith("The Essex summit settled")
    assert (html / "feeds/essex.xml").is_file() and not (html / "_static/switcher.json").exists()


def test_no_empty_general_index(strict_build):
    _, html = strict_build
    assert not (html / "genindex.html").exists()
    front = BeautifulSoup((html / "index.html").read_text(), "html.parser")
    assert not front.select('a[href="genindex.html"]')


@pytest.mark.parametrize("social_cards", [False, True])
def test_no_note_about_a_package_the_site_does_not_use(tmp_path, social_cards):
    """sphinxext-opengraph imports its social-card code on every build: where matplotlib is installed, that
    imports matplotlib (a quarter of a second), and where it is not, it prints a note. The site turns social
    cards off, so neither happens; a site that turns them on still gets both. The stand-in matplotlib here
    notes that it was asked for, then says it is not installed."""
    import os
    import subprocess
    import sys

    from conftest import copy_sample_site

    site = copy_sample_site(tmp_path / "site")
    if social_cards:
        conf = site / "conf.py"
        conf.write_text(conf.read_text(encoding="utf-8").replace('ogp_social_cards = {"enable": False}',
                                                                 'ogp_social_cards = {"enable": True}'))
    shim = tmp_path / "no-matplotlib" / "matplotlib"
    shim.mkdir(parents=True)
    asked = tmp_path / "matplotlib-asked"
    (shim / "__init__.py").write_text(f"open({str(asked)!r}, 'w').close()\n"
                                      "raise ImportError('matplotlib is not installed here')\n")
    environment = dict(os.environ, PYTHONPATH=str(shim.parent))
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "dummy", "-q", ".", "_build/dummy"], cwd=site,
                            capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    note = "matplotlib is not installed, social cards will not be generated"
    assert (note in result.stdout + result.stderr) is social_cards
    assert asked.exists() is social_cards

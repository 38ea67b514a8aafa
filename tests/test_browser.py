"""The built site in a real browser: Debian's chromium driven by playwright over http on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"]

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason=f"no chromium at {CHROMIUM}: `make browser` installs Debian's package")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build_and_serve(srcdir: Path, out: Path):
    """Build ``srcdir`` into ``out`` and serve it on a free localhost port; yields its address."""
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(out.parent / "doctrees"),
                    str(srcdir), str(out)], check=True, capture_output=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    """The repository's site, built and served on a free localhost port."""
    yield from build_and_serve(REPO, tmp_path_factory.mktemp("browser") / "html")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_switcher_lists_editions_and_navigates(page, site_url):
    page.goto(site_url + "index.html")
    button = page.locator(".bd-sidebar-primary .version-switcher__button")
    button.wait_for()
    page.wait_for_function("document.querySelector('.version-switcher__button').innerText.includes('Folsom')")
    button.click()
    entries = page.locator(".bd-sidebar-primary .version-switcher__menu a")
    assert entries.all_inner_texts() == ["Folsom (current)", "Essex", "Diablo"]
    entries.filter(has_text="Essex").click()
    page.wait_for_url("**/editions/essex.html")
    assert page.locator("h1").first.inner_text().startswith("Essex edition")
    page.wait_for_function("document.querySelector('.version-switcher__button').innerText.includes('Essex')")


def test_switcher_from_a_report_page_goes_to_the_other_edition(page, site_url):
    page.goto(site_url + "reports/essex/london-meetup.html")
    page.wait_for_function("document.querySelector('.version-switcher__button').innerText.includes('Essex')")
    page.locator(".bd-sidebar-primary .version-switcher__button").click()
    page.locator(".bd-sidebar-primary .version-switcher__menu a", has_text="Diablo").click()
    page.wait_for_url("**/editions/diablo.html")


def test_edition_page_links_to_its_reports(page, site_url):
    page.goto(site_url + "editions/essex.html")
    links = page.locator(".nl-card-title a")
    assert links.count() == 3
    links.filter(has_text="Fifty people").click()
    page.wait_for_url("**/reports/essex/london-meetup.html")
    assert "Fifty people, one room" in page.locator("h1").first.inner_text()


def test_feedback_blocks_are_visible(page, site_url):
    page.goto(site_url + "reports/essex/boston-design-summit.html")
    thread = page.locator("section.nl-feedback")
    thread.scroll_into_view_if_needed()
    assert thread.is_visible()
    entries = thread.locator("article.nl-feedback-entry")
    assert entries.count() == 5
    assert entries.first.locator(".nl-feedback-author").first.inner_text() == "Marco Bellini"
    assert thread.locator(".nl-feedback-replies article").first.is_visible()


def test_search_finds_a_report_by_a_word_in_its_body(page, site_url):
    page.goto(site_url + "search.html?q=eventlet")
    result = page.locator("#search-results li a", has_text="EuroPython")
    result.first.wait_for()
    assert "reports/folsom/europython-openstack.html" in result.first.get_attribute("href")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(page, site_url, tmp_path, scheme):
    """Front page and an edition page; `make screenshots` saves them under docs/ for the README."""
    target = REPO / os.environ["NEWSLETTER_SCREENSHOTS"] if os.environ.get("NEWSLETTER_SCREENSHOTS") else tmp_path
    page.emulate_media(color_scheme=scheme)
    for name, path in (("front-page", "index.html"), ("edition-page", "editions/essex.html")):
        page.goto(site_url + path)
        page.wait_for_function("document.querySelector('.version-switcher__button').innerText.length > 0")
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        shot = target / f"{name}-{scheme}.png"
        page.screenshot(path=str(shot))
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20000


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    """The hostile test site (every payload calls alert()), built and served like the real one."""
    source = tmp_path_factory.mktemp("hostile") / "src"
    import shutil

    shutil.copytree(REPO / "tests" / "roots" / "test-hostile", source)
    yield from build_and_serve(source, source.parent / "html")


HOSTILE_PAGES = ["reports/alpha/titles.html", "reports/alpha/raw-html.html", "reports/alpha/urls.html",
                 "reports/alpha/honest.html", "reports/alpha/names.html", "editions/alpha.html", "tags/index.html",
                 "authors/index.html", "events/index.html", "index.html",
                 "search.html?q=onerror", "search.html?q=alert"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_no_payload_runs_in_a_real_browser(page, hostile_url, path):
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(hostile_url + path, wait_until="load")
    if path.startswith("search"):
        page.locator("#search-results").wait_for()
        page.wait_for_function("document.querySelector('#search-results').innerText.length > 20")
    for link in page.locator("article a[href]").all()[:15]:  # hovering runs no handler either
        link.hover(timeout=2000, force=True)
    page.emulate_media(media="print")  # the theme's print header shows the title
    assert dialogs == []
    assert not [url for url in requests if "evil" in url or url.startswith("javascript:")]
    assert page.evaluate("document.querySelectorAll('iframe, object, embed, form[action*=evil]').length") == 0

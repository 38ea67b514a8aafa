"""The built site in a real browser: Debian's chromium driven by playwright over http on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update", "--process-per-site"]

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason=f"no chromium at {CHROMIUM}: `make browser` installs Debian's package")


sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from serving import QuietHandler  # noqa: E402  (served as the hosts a newsletter is published on serve it)


def build_and_serve(srcdir: Path, out: Path):
    """Build ``srcdir`` into ``out`` and serve it on a free localhost port; yields its address."""
    # a process of its own: a fork from this one (sphinx-sitemap's Manager) would inherit playwright's threads
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
    """The repository's site (with Folsom in progress: ``conftest.copy_sample_site``), built and served on
    a free localhost port."""
    from conftest import copy_sample_site

    folder = tmp_path_factory.mktemp("browser")
    yield from build_and_serve(copy_sample_site(folder / "site"), folder / "html")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


_IN_FLIGHT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""The requests each tracked page has made and not yet seen answered (or fail)."""


def track_requests(page):
    """Keep count of the requests ``page`` makes, for :func:`settle`."""
    in_flight = _IN_FLIGHT.setdefault(page, set())
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    return page


def settle(page) -> None:
    """Wait until ``page`` is loaded, has every request it made answered and its fonts in, and, on the search
    page, shows its answer: what waiting for half a second without a request gave, without the half second
    (one of every five seconds of the browser tests) and without missing a slower request. A page that is not
    tracked waits for the network to be quiet."""
    page.wait_for_load_state("load")
    if page not in _IN_FLIGHT:
        page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    if "search.html?" in page.url:
        page.wait_for_function("""() => {
            const status = document.querySelector('.nl-search-status');
            const list = document.querySelector('#search-results');
            return status && status.textContent.trim() !== '' && list && !list.hasAttribute('aria-busy'); }""")
    deadline = time.monotonic() + 15
    while _IN_FLIGHT.get(page):
        assert time.monotonic() < deadline, f"requests unanswered: {[request.url for request in _IN_FLIGHT[page]]}"
        page.wait_for_timeout(10)


@pytest.fixture(scope="module")
def tabs(browser):
    """One browser context for the module's tests that take a ``page``: a page loaded in a context of its own cost
    the browser 0.39 s of processor time, in a new tab of a shared context 0.18 s (`--process-per-site` lets the
    tabs of one site share their renderer)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(tabs):
    """A new tab, in which the site is as a first visit finds it but for the browser's cache: after the test,
    the storage of the sites its tabs showed (the theme's colour mode), the cookies and the routes it set are
    cleared, and its tabs closed. A test that measures what a first visit fetches takes ``fresh_page``."""
    page = track_requests(tabs.new_page())
    page.set_default_timeout(15000)
    yield page
    for tab in tabs.pages:
        if tab.url.startswith("http"):
            tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        tab.close()
    tabs.clear_cookies()
    tabs.unroute_all()


@pytest.fixture
def fresh_page(browser):
    """A tab in a browser context of its own: nothing cached."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = track_requests(context.new_page())
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_switcher_lists_editions_and_navigates_from_the_keyboard(page, site_url):
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(site_url + "index.html")
    switcher = page.locator(".bd-sidebar-primary .nl-switcher")
    summary = switcher.locator("summary")
    assert "Folsom (current)" in summary.inner_text()
    summary.focus()
    page.keyboard.press("Enter")  # the disclosure opens from the keyboard
    entries = switcher.locator("a")
    assert entries.all_inner_texts() == ["Folsom (current)", "Essex", "Diablo"]
    entries.filter(has_text="Essex").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/editions/essex.html")
    assert page.locator("h1").first.inner_text().startswith("Essex edition")
    assert "Essex" in page.locator(".bd-sidebar-primary .nl-switcher summary").inner_text()
    assert failed == []  # no request that fails (the theme's switcher probed pages that do not exist)


def test_switcher_links_open_in_a_new_tab(page, site_url):
    page.goto(site_url + "reports/essex/london-meetup.html")
    link = page.locator(".bd-sidebar-primary .nl-switcher a", has_text="Diablo")
    href = link.get_attribute("href")
    assert href == "../../editions/diablo.html"
    other = page.context.new_page()
    response = other.goto(site_url + "reports/essex/" + href)  # what "open in new tab" loads
    assert response.status == 200 and other.locator("h1").first.inner_text().startswith("Diablo edition")
    other.close()


def test_the_sidebar_is_reachable_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(site_url + "editions/essex.html")
    switcher = page.locator(".nl-switcher").first
    assert not switcher.is_visible()  # the sidebar is folded away on a phone
    toggles = page.locator(".primary-toggle")
    visible = [toggles.nth(index) for index in range(toggles.count()) if toggles.nth(index).is_visible()]
    assert visible, "no visible menu button"
    visible[0].click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.locator(".nl-switcher summary").wait_for(state="visible")
    dialog.locator(".nl-switcher summary").click()
    dialog.locator(".nl-switcher a", has_text="Diablo").click()
    page.wait_for_url("**/editions/diablo.html")
    page.keyboard.press("Escape")
    context.close()


AXE = os.environ.get("AXE_CORE", str(REPO / ".cache/axe-core/axe.min.js"))
AXE_PAGES = ["index.html", "editions/essex.html", "reports/essex/boston-design-summit.html", "tags/nova.html",
             "editions/index.html", "reports/folsom/europython-openstack.html"]


@pytest.mark.skipif(not os.path.isfile(AXE), reason=f"no axe-core at {AXE}: `make axe` fetches it from npm")
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violations(page, site_url, path):
    """axe-core (WCAG 2 A and AA rules) finds no serious or critical violation, in light and dark mode."""
    page.goto(site_url + path)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'")
        assert (scheme, axe_violations(page)) == (scheme, [])


@pytest.fixture(scope="module")
def published_issue(tmp_path_factory) -> Path:
    """The Essex edition of a copy of the sample site, published again: its issue.html."""
    from conftest import NEWSLETTER, copy_sample_site

    site = copy_sample_site(tmp_path_factory.mktemp("issue") / "site")
    # a process of its own: this one serves pages from a thread and drives the browser
    assert subprocess.run([NEWSLETTER, "publish", "essex"], cwd=site, capture_output=True).returncode == 0
    return site / "_build/publish/essex/issue.html"


@pytest.mark.skipif(not os.path.isfile(AXE), reason=f"no axe-core at {AXE}: `make axe` fetches it from npm")
def test_the_mail_ready_issue_has_no_serious_accessibility_violations(page, published_issue):
    page.goto(published_issue.as_uri())
    for scheme in ("light", "dark"):  # a mail client's dark mode: the issue keeps its own colours
        page.emulate_media(color_scheme=scheme)
        assert (scheme, axe_violations(page)) == (scheme, [])


def axe_violations(page, impacts: tuple[str, ...] | None = ("serious", "critical")) -> list[tuple[str, str, list[str]]]:
    """Violations of these impacts (``None``: any), once the page is settled (loaded, fonts in, no colour
    transition half-way: the theme fades colours when the scheme applies, and a busy machine catches it
    mid-way)."""
    if not page.evaluate("typeof axe !== 'undefined'"):  # the page's first run: settle it once
        settle(page)
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
        page.add_script_tag(path=AXE)
    page.evaluate("document.fonts.ready.then(() => new Promise(drawn => requestAnimationFrame("
                  "() => requestAnimationFrame(() => drawn(true)))))")  # a frame drawn in the scheme asked for
    result = page.evaluate("""async () => {
        const found = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a",
                                                                                "wcag21aa"]}});
        return found.violations.map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(" "))]);
    }""")
    return [tuple(item) for item in result if impacts is None or item[1] in impacts]


def test_edition_page_links_to_its_reports(page, site_url):
    page.goto(site_url + "editions/essex.html")
    links = page.locator(".nl-card-title a")
    assert links.count() == 3
    links.filter(has_text="Fifty people").click()
    page.wait_for_url("**/reports/essex/london-meetup.html")
    assert "Fifty people, one room" in page.locator("h1").first.inner_text()


def test_an_edition_page_reads_as_an_issue(page, site_url):
    """Its contents ("In this issue") beside it, each entry leading to its story on the page; the first
    story the lead, its headline larger; the editions before and after it at its foot, in the order of
    the cycles (the theme's own previous and next links, which follow the table of contents, hidden)."""
    page.goto(site_url + "editions/essex.html")
    contents = page.get_by_role("navigation", name="In this issue")
    assert contents.is_visible() and contents.locator("xpath=ancestor::*[contains(@class, 'bd-sidebar-secondary')]").count() == 1
    titles = page.locator(".nl-edition .nl-card-title a").all_inner_texts()
    entries = contents.locator("a")
    assert entries.all_inner_texts() == titles and len(titles) == 3
    for index in range(entries.count()):
        story = page.locator(entries.nth(index).get_attribute("href"))
        assert story.locator(".nl-card-title").inner_text() == titles[index]
    entries.nth(2).click()
    page.wait_for_function("location.hash === '#report-london-meetup'")
    assert page.locator("#report-london-meetup").is_visible()
    sizes = page.locator(".nl-edition .nl-card-title").evaluate_all(
        "titles => titles.map(title => parseFloat(getComputedStyle(title).fontSize))")
    assert page.locator(".nl-card").first.get_attribute("class").split() == ["nl-card", "nl-lead"]
    assert sizes[0] > 1.2 * max(sizes[1:])
    editions = page.get_by_role("navigation", name="Other editions")
    assert editions.get_by_role("link", name="Previous edition Diablo edition").get_attribute("href").endswith("diablo.html")
    assert editions.get_by_role("link", name="Next edition Folsom edition").get_attribute("href").endswith("folsom.html")
    assert not page.locator(".prev-next-footer").is_visible()
    page.goto(site_url + "editions/index.html")  # elsewhere, the theme's links stay
    assert page.locator(".prev-next-footer").is_visible()
    assert page.get_by_role("navigation", name="In this issue").count() == 0


def test_a_wrapped_byline_has_no_dangling_dot(browser, site_url):
    """On a phone the byline's facts wrap: the dot before the first fact of each line is clipped, so no
    line starts or ends with one; every other fact has its dot in the gap before it."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "editions/essex.html")
    lines = page.locator(".nl-meta").first.evaluate("""meta => {
        const box = meta.getBoundingClientRect();
        return Array.from(meta.children, span => {
            const rect = span.getBoundingClientRect();
            const dot = rect.left + parseFloat(getComputedStyle(span, '::before').left);
            return [Math.round(rect.left - box.left), dot < box.left, getComputedStyle(span, '::before').content];
        }); }""")
    context.close()
    starts = [visible_dot for offset, visible_dot, _content in lines if offset == 0]
    assert len(starts) >= 2, lines  # the facts wrapped onto more than one line
    assert all(clipped for clipped in starts)  # each line's first dot lies outside the clipped box
    assert all(not clipped for offset, clipped, _content in lines if offset > 0)
    assert {content for _offset, _clipped, content in lines} == {'"·"'}


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
        page.locator(".nl-switcher summary").first.wait_for()
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


def test_a_comment_permalink_and_the_pager_work_in_the_browser(page, site_url):
    page.goto(site_url + "reports/essex/boston-design-summit.html")
    permalink = page.locator("article.nl-feedback-entry .nl-permalink").nth(1)
    anchor = permalink.get_attribute("href")
    permalink.click()
    assert page.evaluate("location.hash") == anchor
    assert page.evaluate(f"document.querySelector('{anchor}').getBoundingClientRect().top") < 300  # scrolled to it
    page.goto(site_url + "reports/essex/boston-design-summit.html" + anchor)  # a shared link lands there too
    assert page.evaluate(f"document.querySelector('{anchor}').getBoundingClientRect().top") < 300
    next_link = page.locator(".nl-pager-next")
    title = next_link.inner_text().split("\n")[-1].strip()
    next_link.click()
    page.wait_for_load_state()
    assert title in page.locator("h1").first.inner_text()


def test_subscribe_links_lead_to_the_feeds(page, site_url):
    for path in ("index.html", "editions/essex.html"):
        page.goto(site_url + path)
        links = page.locator(".nl-edition .nl-subscribe a[type='application/atom+xml']")
        assert links.count() == 2
        for index in range(links.count()):
            response = page.request.get(page.evaluate(
                f"document.querySelectorAll('.nl-subscribe a[type=\"application/atom+xml\"]')[{index}].href"))
            assert response.status == 200 and b"<feed" in response.body()
        assert page.evaluate("document.querySelectorAll('meta[name=viewport]').length") == 1


def test_leave_feedback_opens_the_issue_form_with_the_report(page, site_url):
    from urllib.parse import parse_qs, urlsplit

    opened = []
    page.context.route("https://github.com/**", lambda route: (opened.append(route.request.url),
                                                                route.fulfill(status=200, body="form")))
    page.goto(site_url + "reports/essex/boston-design-summit.html")
    page.locator("a.nl-leave-feedback-link").click()
    page.wait_for_url("https://github.com/**")
    parts = urlsplit(opened[-1])
    params = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert parts.path == "/openstack/newsletter/issues/new"
    assert params["template"] == "feedback.yml" and params["report"] == "reports/essex/boston-design-summit.md"
    page.goto(site_url + "reports/essex/boston-design-summit.html")
    reply = page.locator("article.nl-feedback-entry a.nl-reply").first
    entry_id = page.locator("article.nl-feedback-entry").first.get_attribute("id")
    reply.click()
    page.wait_for_url("https://github.com/**")
    assert parse_qs(urlsplit(opened[-1]).query)["reply_to"] == [entry_id]


class Transfer:
    """Bytes a page's loading took over the network (compressed bodies and headers, as the browser counts
    them; its search worker's fetches included); a file the browser kept and the server confirmed counts
    its 304."""

    def __init__(self, page):
        self.finished: list = []
        page.on("requestfinished", lambda request: self.finished.append(request))

    def measure(self) -> tuple[int, dict[str, int]]:
        """The bytes in all, and by address."""
        sizes = {}
        for request in self.finished:
            size = request.sizes()
            sizes[request.url] = sizes.get(request.url, 0) + size["responseBodySize"] + size["responseHeadersSize"]
        return sum(sizes.values()), sizes

    def load(self, page, url: str, ready: str | None = None) -> tuple[int, dict[str, int]]:
        """Load ``url`` until the network is idle (and ``ready``, a selector, is there)."""
        self.finished.clear()
        page.goto(url)
        if ready:
            page.locator(ready).first.wait_for()
        page.wait_for_load_state("networkidle")
        return self.measure()


def test_a_report_is_light_on_a_first_visit_and_the_next_page_lighter(fresh_page, site_url):
    """A report page with a tip (an admonition's icon) on a first visit, then another report from the
    cache: no icon script or font, no search index, within the issue's budgets (250 KB, then 30 KB)."""
    page = fresh_page
    transfer = Transfer(page)
    first, urls = transfer.load(page, site_url + "reports/folsom/europython-openstack.html")
    assert page.locator(".admonition.tip").count() == 1
    fetched = [url for url in urls if "fontawesome" in url or url.endswith((".woff", ".woff2")) or "searchindex" in url]
    assert fetched == []
    assert 40_000 < first <= 250_000, first
    second, _ = transfer.load(page, site_url + "reports/essex/boston-design-summit.html")
    assert 2_000 < second <= 30_000, second


ICONS = [".bd-header-article .primary-toggle .fa-bars", ".bd-header-article .theme-switch-button .fa-sun",
         ".admonition.tip .admonition-title"]


def test_the_theme_icons_are_drawn_without_an_icon_font(page, site_url):
    page.goto(site_url + "reports/folsom/europython-openstack.html")
    page.emulate_media(color_scheme="light")
    page.evaluate("localStorage.setItem('mode', 'light')")
    page.reload()
    for selector in ICONS:
        element = page.locator(selector).first
        pseudo = "::after" if "admonition" in selector else "::before"
        drawn = element.evaluate(f"""element => {{
            const style = getComputedStyle(element, '{pseudo}');
            return [style.maskImage || style.webkitMaskImage, parseFloat(style.width), style.fontFamily]; }}""")
        assert "svg" in drawn[0] and drawn[1] > 8 and "Awesome" not in drawn[2], (selector, drawn)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_one_search_control_and_no_controls_a_reader_does_not_use(browser, site_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + "reports/essex/london-meetup.html")
    searches = page.locator(".search-button__button")
    visible = [index for index in range(searches.count()) if searches.nth(index).is_visible()]
    assert len(visible) == 1
    assert page.locator(".btn-fullscreen-button, .dropdown-download-buttons, [title='Download this page']").count() == 0
    context.close()


CHROME_PAGES = ["index.html", "editions/essex.html", "reports/essex/boston-design-summit.html", "tags/index.html",
                "authors/index.html", "search.html?q=summit"]


def test_no_console_error_and_a_favicon_on_every_kind_of_page(page, site_url):
    errors, failed = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    for path in CHROME_PAGES:
        page.goto(site_url + path)
        settle(page)
        icon = page.locator("link[rel='icon']")
        assert icon.count() == 1
        assert page.request.get(icon.evaluate("link => link.href")).status == 200
    assert errors == [] and failed == []


EVERY_EXTENSION = """\
---
title: What the Folsom summit asked of us
author: Li Wei
date: 2012-06-20
tags: [design-summit]
---

The sessions ended with a list of what each of us takes home.

:::{note}
A colon fence around a note, with *markdown* inside.
:::

Incubation
: A cycle spent proving a project works with the others, with `code` in it.

~~Nova volumes~~ Cinder, as of this cycle, and a hard break\\
here.

- [ ] review the incubation criteria
- [x] write this report

Inline math $a^2 + b^2 = c^2$ and a block:

$$
e^{i\\pi} + 1 = 0
$$

:room: Room 3
:sessions: **eight** in two days
"""

THREAD = """\
- author: Marco Bellini
  date: 2012-06-21
  likes: 2
  body: |
    Thanks. Slides at https://example.org/slides and the plan:

    - first the criteria
    - then the votes
  replies:
    - author: Li Wei
      date: 2012-06-22
      body: Yes, *first* the criteria.
      replies:
        - author: Priya Raman
          date: 2012-06-23
          body: Agreed.
- author: Spammer
  date: 2012-06-24
  status: hidden
  body: Buy now.
- author: Troll
  date: 2012-06-25
  status: removed
  reason: a personal attack
  body: Something unkind.
  replies:
    - author: Tom Okafor
      date: 2012-06-26
      body: Let us keep it civil.
"""


@pytest.fixture(scope="module")
def readers_url(tmp_path_factory):
    """The sample site with a report that uses every MyST extension the site enables and a thread with
    nested, hidden and removed entries, built and served."""
    from conftest import copy_sample_site

    site = copy_sample_site(tmp_path_factory.mktemp("readers") / "site")
    (site / "reports/folsom/every-extension.md").write_text(EVERY_EXTENSION, encoding="utf-8")
    (site / "feedback/folsom").mkdir(parents=True, exist_ok=True)
    (site / "feedback/folsom/every-extension.yaml").write_text(THREAD, encoding="utf-8")
    yield from build_and_serve(site, site.parent / "html")


@pytest.mark.skipif(not os.path.isfile(AXE), reason=f"no axe-core at {AXE}: `make axe` fetches it from npm")
@pytest.mark.parametrize("path", ["reports/folsom/every-extension.html", "search.html?q=summit"])
def test_no_accessibility_violation_of_any_impact(page, readers_url, path):
    """axe-core (WCAG 2 A and AA) finds nothing, whatever its impact, in light and dark mode: on a report
    using every MyST extension the site enables with its thread, and on the search page with results."""
    page.goto(readers_url + path)
    if path.startswith("search"):
        page.locator("#search-results li").first.wait_for()
    else:
        assert page.locator("input.task-list-item-checkbox").count() == 2
        assert page.locator("article.nl-removed").count() == 1 and page.locator(".nl-feedback-replies").count() == 3
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'")
        assert (scheme, axe_violations(page, impacts=None)) == (scheme, [])


def test_the_front_page_leads_with_the_edition_on_a_phone(browser, site_url):
    """On a 390×844 screen, without scrolling: the current edition's name (a link to it) and its first
    report. The page's title names the site once."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "index.html")
    assert page.title() == "OpenStack Community Newsletter"
    name = page.locator(".nl-edition-name a")
    assert name.inner_text() == "Folsom edition" and name.get_attribute("href") == "editions/folsom.html"
    first_report = page.locator(".nl-edition .nl-card-title").first
    for element in (name, first_report):
        box = element.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, (element, box)
    context.close()


def test_search_answers_from_pieces_of_the_index_with_filters(fresh_page, site_url):
    """Pagefind: a result shows its title (a link), edition, date and an excerpt with the words found;
    filters by edition, tag and author narrow the results; the query fetches pieces of the index, not
    the whole of it."""
    page = fresh_page
    transfer = Transfer(page)
    sent, urls = transfer.load(page, site_url + "search.html?q=summit", ready="#search-results li.nl-search-result")
    results = page.locator("#search-results li.nl-search-result")
    boston = page.locator("li.nl-search-result",
                          has=page.get_by_role("link", name="Back from the design summit in Boston", exact=True))
    assert boston.locator("h2 a").get_attribute("href").endswith("reports/essex/boston-design-summit.html")
    assert boston.locator(".nl-search-meta").inner_text() == "Essex · 8 October 2011"  # as the pages write it
    assert "summit" in boston.locator(".nl-search-excerpt mark").first.inner_text().lower()
    assert not [url for url in urls if "searchindex" in url]
    searched = sum(size for url, size in urls.items() if "/pagefind/" in url)  # the engine and the index's pieces
    assert any("/pagefind/index/" in url for url in urls) and 20_000 < searched < 150_000, searched
    assert sent < 300_000, sent
    count = results.count()
    page.select_option("select[name=edition]", "Essex")
    settled(page)
    assert "edition=Essex" in page.url and 0 < results.count() < count
    assert [meta.startswith("Essex") for meta in results.locator(".nl-search-meta").all_inner_texts()] == [
        True] * results.count()  # the Essex report and the Essex edition's page
    page.select_option("select[name=edition]", "")
    page.select_option("select[name=author]", "Li Wei")  # while the search without a filter is on its way
    settled(page)
    assert [title.inner_text() for title in results.locator("h2").all()] == [
        "Folsom design summit, from the Quantum track"]  # the one report by Li Wei


def settled(page) -> None:
    """The search page has shown the results of the last search asked (each search marks the list busy
    until its own results replace the last ones; one overtaken by a later search shows nothing)."""
    page.wait_for_function("!document.querySelector('#search-results').hasAttribute('aria-busy')")


def _edition_site() -> dict[str, str]:
    """Twelve reports on a summit in the newest edition, three in the one before, and four earlier editions
    of one report each on something else."""
    earlier = [{"name": f"a{number}", "title": f"Early {number}", "start": f"201{5 + number}-01-01"}
               for number in range(1, 5)]
    sources = {
        "conf.py": 'extensions = ["sphinx_newsletter"]\nproject = "Pieces"\nhtml_theme = "sphinx_book_theme"\n'
                   "newsletter_offline = False\nnewsletter_search_index_reports = 1\n"
                   f"newsletter_cycles = {earlier!r} + "
                   '[{"name": "old", "title": "Old", "start": "2020-01-01"},\n'
                   '                     {"name": "new", "title": "New", "start": "2021-01-01"}]\n',
        "index.rst": "Pieces\n======\n\nWelcome.\n"}
    for number in range(12):
        sources[f"reports/new/n{number:02d}.md"] = (
            f"---\ntitle: New summit day {number}\nauthor: Ann\ndate: 2021-02-{number + 1:02d}\n---\n\n"
            f"The summit, day {number}.\n")
    for number in range(3):
        sources[f"reports/old/o{number}.md"] = (
            f"---\ntitle: Old summit day {number}\nauthor: Bo\ndate: 2020-02-{number + 1:02d}\n---\n\n"
            f"The summit, day {number}, long ago.\n")
    for number in range(1, 5):
        sources[f"reports/a{number}/quiet.md"] = (
            f"---\ntitle: A quiet year {number}\nauthor: Cy\ndate: 201{5 + number}-03-01\n---\n\nNothing much.\n")
    return sources


@pytest.fixture(scope="module")
def editions_url(tmp_path_factory):
    from conftest import write_sources

    folder = tmp_path_factory.mktemp("pieces")
    yield from build_and_serve(write_sources(folder / "site", _edition_site()), folder / "html")


def edition_indexes(urls) -> list[str]:
    """The editions whose index a page fetched (its entry file, at least)."""
    return sorted({url.split("/pagefind/editions/")[1].split("/")[0] for url in urls
                   if "/pagefind/editions/" in url and "/pagefind-entry.json" in url})


def test_search_fetches_an_editions_index_only_when_it_needs_its_results(fresh_page, editions_url):
    """The newest edition's reports answer first; the edition before is fetched when the reader asks for
    more results (its reports then follow the ones shown), or filters by it (then alone)."""
    page = fresh_page
    transfer = Transfer(page)
    _sent, urls = transfer.load(page, editions_url + "search.html?q=summit", ready="li.nl-search-result")
    results = page.locator("#search-results li.nl-search-result h2")
    first = results.all_inner_texts()
    assert [title.startswith("New summit day") for title in first] == [True] * 10
    assert edition_indexes(urls) == ["new"]
    status = page.locator(".nl-search-status")
    assert status.inner_text() == "12 results so far: earlier editions are searched when you ask for more results"
    transfer.finished.clear()
    page.get_by_role("button", name="Show more results").click()
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 15")
    page.wait_for_load_state("networkidle")
    titles = results.all_inner_texts()
    assert titles[:10] == first and len(set(titles)) == 15
    assert [title.split()[0] for title in titles[10:]] == ["New"] * 2 + ["Old"] * 3  # the newest edition's first
    assert status.inner_text() == "15 results so far: earlier editions are searched when you ask for more results"
    _sent, urls = transfer.measure()
    assert edition_indexes(urls) == ["a2", "a3", "a4", "old"]  # up to four editions' at a time
    assert not [url for url in urls if url.endswith((".pagefind", "pf_meta")) and "/editions/new/" in url]
    other = page.context.browser.new_context().new_page()
    other_transfer = Transfer(other)
    _sent, urls = other_transfer.load(other, editions_url + "search.html?q=summit&edition=Old",
                                      ready="li.nl-search-result")
    assert sorted(other.locator("li.nl-search-result h2").all_inner_texts()) == [
        "Old summit day 0", "Old summit day 1", "Old summit day 2"]
    assert edition_indexes(urls) == ["old"]
    assert other.locator(".nl-search-status").inner_text() == "3 results"
    other.context.close()


def test_a_word_in_no_report_fetches_four_editions_at_a_time(fresh_page, editions_url):
    page = fresh_page
    transfer = Transfer(page)
    transfer.load(page, editions_url + "search.html?q=zeppelin")
    page.locator(".nl-search-status").filter(has_text=" ").wait_for()
    page.wait_for_load_state("networkidle")
    assert edition_indexes(transfer.measure()[1]) == ["a3", "a4", "new", "old"]
    status = page.locator(".nl-search-status")
    assert status.inner_text() == (
        "Nothing found in the latest editions: earlier editions are searched when you ask for more results")
    transfer.finished.clear()
    page.get_by_role("button", name="Show more results").click()
    page.wait_for_function("document.querySelector('.nl-search-status').innerText.startsWith('Nothing found.')")
    page.wait_for_load_state("networkidle")
    assert edition_indexes(transfer.measure()[1]) == ["a1", "a2"]
    assert page.locator(".nl-search-more").count() == 0

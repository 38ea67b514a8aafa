"""Site template overrides, other builders, and settings errors."""

from __future__ import annotations

import pytest
from conftest import html, warnings_of


def test_site_templates_override_the_extensions(project, build):
    app, _ = build(project("override"))
    byline = html(app, "reports/alpha/meetup").select_one(".site-byline")
    assert byline.get_text() == "Written by Grace Hopper & Alan Turing for Alpha"
    assert html(app, "editions/alpha").select(".nl-card")  # templates not overridden stay the extension's


@pytest.mark.parametrize("theme", ["basic", "sphinx_book_theme"])
def test_templates_escape_report_text(project, build, theme):
    """In every template, the book theme's edition contents ("In this issue") too."""
    srcdir = project("basic")
    (srcdir / "reports/gamma/markup.md").write_text(
        '---\ntitle: "<img src=x onerror=alert(1)>"\nauthor: "<b>Eve</b>"\ndate: 2021-02-01\n'
        'tags: ["<script>alert(2)</script>"]\nsummary: "<i>sum</i>"\n---\n\nBody.\n')
    app, _ = build(srcdir, confoverrides={"html_theme": theme})
    if theme == "sphinx_book_theme":
        contents = html(app, "editions/gamma").select_one("nav.nl-contents")
        assert "<img src=x onerror=alert(1)>" in [link.get_text() for link in contents.select("a")]
    for page in ("editions/gamma", "reports/gamma/markup", "tags/index"):
        soup = html(app, page)
        assert soup.find("img", onerror=True) is None
        assert soup.find("script", string=lambda text: text and "alert" in text) is None
        assert soup.find("b", string="Eve") is None


@pytest.mark.parametrize("buildername", ["text", "singlehtml", "latex", "epub", "man", "dirhtml"])
def test_other_builders_build_the_listings(project, build, buildername):
    app, _ = build(project("basic"), buildername)
    assert warnings_of(app) == []
    if buildername == "text":
        edition = " ".join((app.outdir / "editions/gamma.txt").read_text().split())
        assert "Spring sprint — By Ada Lovelace · 2021-03-05" in edition.replace("*", "")
        assert "in progress" in edition
        byline = " ".join((app.outdir / "reports/alpha/meetup.txt").read_text().split())
        assert "By Grace Hopper, Alan Turing · 2020-04-01 · Spring Meetup · Tags: meetup · Alpha edition" in byline
    if buildername == "dirhtml":
        assert (app.outdir / "tags/compute/index.html").exists()


def test_malformed_cycles_are_reported_and_left_out(project, build):
    cycles = [{"name": "alpha", "start": "2020-01-01", "end": "2020-06-30"},
              {"name": "Beta Cycle", "start": "2020-07-01"},
              {"name": "gamma", "start": "2021-01-01", "end": "2020-01-01"},
              {"name": "delta", "start": "2021-01-01", "status": "closed"},
              {"name": "alpha", "start": "2022-01-01"}]
    app, _ = build(project("basic"), confoverrides={"newsletter_cycles": cycles})
    warnings = warnings_of(app)
    for message in ["newsletter_cycles[1] left out: name 'Beta Cycle' must be lowercase letters, digits, '-' or '_'",
                    "newsletter_cycles[2] left out: cycle 'gamma' ends (2020-01-01) before it starts (2021-01-01)",
                    "newsletter_cycles[3] left out: cycle 'delta' has status 'closed'; use one of open, published",
                    "newsletter_cycles[4] left out: cycle 'alpha' is listed twice"]:
        assert any(f"WARNING: {message}" in line and "[newsletter.config]" in line for line in warnings), message
    assert any("folder 'beta' names no release cycle" in line for line in warnings)


def test_directive_with_unknown_cycle_warns(project, build):
    srcdir = project("basic")
    (srcdir / "extra.rst").write_text(":orphan:\n\nExtra\n=====\n\n.. newsletter-edition:: zeta\n\n"
                                      ".. newsletter-index:: colours\n")
    app, _ = build(srcdir, confoverrides={"newsletter_site_pages": ["extra"]})
    assert ("extra.rst:6: WARNING: newsletter-edition: no cycle named 'zeta'; configured cycles: alpha, beta, "
            "gamma [newsletter.directive]") in warnings_of(app)
    assert ("extra.rst:8: WARNING: newsletter-index: 'colours' is not one of tags, authors, events "
            "[newsletter.directive]") in warnings_of(app)


def test_a_theme_overrides_newsletter_templates_and_text_stays_escaped(project, build):
    """Listing templates are looked up as the builder looks up templates: the site's, then the theme's,
    then the extension's; they are still rendered with autoescaping (Sphinx's own environment has none)."""
    srcdir = project("basic")
    theme = srcdir / "_themes" / "newsy"
    (theme / "newsletter").mkdir(parents=True)
    (theme / "theme.conf").write_text("[theme]\ninherit = basic\n")
    (theme / "newsletter" / "byline.html").write_text('<p class="themed-byline">{{ report.title }}</p>\n')
    report = srcdir / "reports/alpha/kickoff.md"
    report.write_text(report.read_text().replace("title: Kickoff summit notes", "title: Kickoff <b>notes</b>"))
    app, _ = build(srcdir, confoverrides={"html_theme": "newsy", "html_theme_path": ["_themes"]})
    byline = html(app, "reports/alpha/kickoff").select_one("p.themed-byline")
    assert byline is not None and byline.get_text() == "Kickoff <b>notes</b>" and byline.find("b") is None


def _lightened(**settings):
    from types import SimpleNamespace

    from sphinx_newsletter.adapters.light_pages import FAVICON, lighten_pages

    config = SimpleNamespace(**{"html_theme": "sphinx_book_theme", "html_theme_options": {}, "html_context": {},
                                "html_favicon": None, **settings})  # conf.py's values as Sphinx reads them
    lighten_pages(None, config)
    return config, FAVICON


def test_light_pages_are_defaults_a_site_can_override():
    """The book theme's download and full-screen buttons and its header search go, the colour mode is
    'auto' and the site gets a favicon, unless the site's conf.py says otherwise."""
    config, favicon = _lightened()
    assert config.html_theme_options == {"use_download_button": False, "use_fullscreen_button": False,
                                         "navbar_persistent": [],
                                         "secondary_sidebar_items": ["page-toc", "newsletter-contents"]}
    assert config.html_context == {"default_mode": "auto"} and config.html_favicon == favicon
    config, _ = _lightened(html_theme_options={"use_download_button": True}, html_context={"default_mode": "dark"},
                           html_favicon="_static/ours.png")
    assert config.html_theme_options["use_download_button"] is True
    assert config.html_context["default_mode"] == "dark" and config.html_favicon == "_static/ours.png"
    config, _ = _lightened(html_theme="pydata_sphinx_theme")  # the book theme's options would be refused
    assert config.html_theme_options == {} and config.html_context == {"default_mode": "auto"}
    config, _ = _lightened(html_theme="alabaster")
    assert config.html_theme_options == {} and config.html_context == {}


def test_the_theme_files_no_page_loads_are_not_published(project, build):
    """The icon script the layout leaves out, the source maps and the theme's message catalogues stay in
    the theme's package; every theme file a page names is in the output, and so are the icon fonts a
    site's own icons may still use."""
    app, _ = build(project("basic"), confoverrides={"html_theme": "sphinx_book_theme"})
    static = app.outdir / "_static"
    published = {path.relative_to(static).as_posix() for path in static.rglob("*") if path.is_file()}
    assert [name for name in published if name.endswith(".map") or name.startswith("locales/")
            or name == "scripts/fontawesome.js"] == []
    assert {"scripts/bootstrap.js.LICENSE.txt", "vendor/fontawesome/webfonts/fa-solid-900.woff2"} <= published
    named = set()
    for pagename in ("index", "editions/gamma", "reports/alpha/meetup", "search"):
        soup = html(app, pagename)
        named.update(element.get(attribute, "").partition("?")[0] for element in soup.select("script[src], link[href]")
                     for attribute in ("src", "href"))
    theme_files = {name.split("_static/", 1)[1] for name in named if "_static/" in name}
    assert "styles/pydata-sphinx-theme.css" in theme_files and theme_files <= published


def test_each_story_of_an_edition_has_an_id_of_its_own():
    from sphinx_newsletter.adapters.render import card_anchors

    assert card_anchors(["reports/a/Boston Summit", "reports/a/sub/boston-summit", "reports/a/été", "reports/a/¿?"]) == {
        "reports/a/Boston Summit": "report-boston-summit", "reports/a/sub/boston-summit": "report-boston-summit-2",
        "reports/a/été": "report-été", "reports/a/¿?": "report-untitled"}

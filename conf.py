"""Sphinx configuration of the OpenStack community newsletter (the sample site)."""

project = "OpenStack Community Newsletter"
author = "The OpenStack community"
copyright = "2011–2012, the newsletter's contributors"

extensions = ["sphinx_newsletter", "sphinxext.opengraph", "sphinx_sitemap"]

# The published address: feeds, the sitemap, OpenGraph and the mail-ready issue link to it.
html_baseurl = "https://newsletter.openstack.example/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
sitemap_url_scheme = "{link}"

# The site's own pages (trusted); every other page outside reports/ is refused.
newsletter_site_pages = ["index"]

# Release cycles: one edition each. Windows run from one release to the next. Whether an edition is
# published, and when, is what `newsletter publish` recorded in published/<cycle>.json.
newsletter_cycles = [
    {"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-22"},
    {"name": "essex", "title": "Essex", "start": "2011-09-22", "end": "2012-04-05"},
    {"name": "folsom", "title": "Folsom", "start": "2012-04-05", "end": "2012-09-27"},
]
# OpenStack releases every six months: once Folsom is published, the next cycle opens by itself.
newsletter_cadence = {"months": 6}

# Edition pages group their reports into these sections (others follow, in date order).
newsletter_sections = [
    {"title": "Design summits", "tags": ["design-summit"]},
    {"title": "Conferences", "tags": ["conference"]},
    {"title": "Meetups", "tags": ["meetup"]},
]

# Readers without git leave feedback through the repository's issue form (.github/ISSUE_TEMPLATE/).
newsletter_repository_url = "https://github.com/openstack/newsletter"

# The mailing list the mail-ready issue goes to, and where readers subscribe.
newsletter_email_from = "OpenStack Community Newsletter <newsletter@openstack.example>"
newsletter_email_to = "community@lists.openstack.example"
newsletter_list_id = "OpenStack Community Newsletter <newsletter.lists.openstack.example>"
newsletter_list_unsubscribe = "mailto:community-unsubscribe@lists.openstack.example"
newsletter_subscribe_url = "https://lists.openstack.example/community/subscribe"

myst_enable_extensions = ["colon_fence", "deflist", "strikethrough", "tasklist", "dollarmath", "fieldlist"]
templates_path = ["_templates"]
html_static_path = ["_static"]
exclude_patterns = ["_build", ".venv", ".pytest_cache", "**/.pytest_cache", "README.md", "CONTRIBUTING.md", "feedback",
                    "BENCHMARKS.md", "tests", "docs", "src", ".github", "schema", "benchmarks", "published", ".cache",
                    "SECURITY.md", "ARCHITECTURE.md", "IMPORTING.md", "FIDELITY.md", "MUTATION.md", "mutants"]

html_theme = "sphinx_book_theme"
html_use_index = False  # the newsletter has tag, author and event pages; Sphinx's general index is empty
html_title = "OpenStack Community Newsletter"
html_sidebars = {"**": ["navbar-logo.html", "version-switcher.html", "search-button-field.html",
                        "sbt-sidebar-nav.html"]}
html_theme_options = {
    "show_navbar_depth": 1,
    "home_page_in_toc": True,
    "show_toc_level": 2,
}

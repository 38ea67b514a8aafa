"""Hostile reports, on the same extensions and theme as the real site."""

extensions = ["sphinx_newsletter", "sphinxext.opengraph", "sphinx_sitemap"]
project = "Hostile"
copyright = "2020, the test authors"
html_baseurl = "https://hostile.example/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
newsletter_site_pages = ["index"]
newsletter_cycles = [
    {"name": "alpha", "title": "Alpha", "start": "2020-01-01", "end": "2020-12-31"},
]
myst_enable_extensions = ["colon_fence", "deflist", "strikethrough", "tasklist", "dollarmath"]
html_theme = "sphinx_book_theme"
html_sidebars = {"**": ["navbar-logo.html", "version-switcher.html", "search-button-field.html",
                        "sbt-sidebar-nav.html"]}
exclude_patterns = ["_build", "feedback"]

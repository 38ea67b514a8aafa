"""Honest reports that use what markdown writers use, on the real site's theme and extensions."""

extensions = ["sphinx_newsletter", "sphinxext.opengraph", "sphinx_sitemap"]
project = "Honest"
copyright = "2020, the test authors"
html_baseurl = "https://honest.example/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
newsletter_site_pages = ["index"]
newsletter_cycles = [{"name": "alpha", "title": "Alpha", "start": "2020-01-01", "end": "2020-12-31"}]
myst_enable_extensions = ["colon_fence", "deflist", "strikethrough", "tasklist", "dollarmath", "fieldlist"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build", "feedback"]

"""A site with a third-party extension (sphinx-design), the book theme and MyST's common extensions:
the parity corpus, where `newsletter check --strict` must fail exactly where `sphinx-build -W` fails."""

project = "Parity newsletter"
extensions = ["sphinx_newsletter", "sphinx_design"]
newsletter_cycles = [{"name": "one", "title": "One", "start": "2021-01-01", "end": "2021-12-31"}]
newsletter_site_pages = ["index"]
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
html_theme = "sphinx_book_theme"

"""A site with a third-party extension (sphinx-design), the book theme and MyST's common extensions:
the parity corpus, where `newsletter check --strict` must fail exactly where `sphinx-build -W` fails. The site
silences two kinds of warning, which the check must not tell either; strikethrough is one the extension
silences itself."""

project = "Parity newsletter"
extensions = ["sphinx_newsletter", "sphinx_design"]
newsletter_cycles = [{"name": "one", "title": "One", "start": "2021-01-01", "end": "2021-12-31"}]
newsletter_site_pages = ["index"]
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "strikethrough"]
suppress_warnings = ["myst.header", "newsletter.unknown_key"]
html_theme = "sphinx_book_theme"
myst_heading_anchors = 4

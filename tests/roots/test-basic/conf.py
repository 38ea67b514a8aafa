project = "Test newsletter"
extensions = ["sphinx_newsletter"]
version = "1"
copyright = "2020, the test authors"
newsletter_cycles = [
    {"name": "alpha", "title": "Alpha", "start": "2020-01-01", "end": "2020-06-30",
     "status": "published", "published": "2020-07-02"},
    {"name": "beta", "title": "Beta", "start": "2020-06-30", "end": "2020-12-31", "status": "published"},
    {"name": "gamma", "title": "Gamma", "start": "2020-12-31", "end": "2021-06-30"},
]
html_theme = "basic"

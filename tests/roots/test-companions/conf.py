project = "Companions"
extensions = ["sphinx_newsletter", "sphinx.ext.todo", "sphinx_design"]
newsletter_cycles = [{"name": "spring", "title": "Spring", "start": "2024-03-01"}]
newsletter_site_pages = ["todos"]
todo_include_todos = True
myst_enable_extensions = ["colon_fence"]
html_theme = "sphinx_book_theme"

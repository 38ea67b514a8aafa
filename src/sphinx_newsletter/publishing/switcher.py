"""A version switcher between editions, with pydata-sphinx-theme's ``version-switcher`` component.

Put the component where the theme shows it, e.g. for sphinx-book-theme::

    html_sidebars = {"**": ["navbar-logo.html", "version-switcher.html",
                            "search-button-field.html", "sbt-sidebar-nav.html"]}

The extension writes ``_static/switcher.json`` from ``newsletter_cycles`` (newest edition first,
the current one marked) and tells each page which edition it belongs to. The theme resolves an
entry's ``url`` against the page, so a page ``depth`` folders down reads ``switcher-<depth>.json``,
whose links climb back to the root; serve the site over http (``python -m http.server``).
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from sphinx_newsletter.adapters.config import get_cycles
from sphinx_newsletter.adapters.render import edition_pagename
from sphinx_newsletter.core.settings import current_cycle

MAX_DEPTH = 6
NO_SWITCHER_BUILDERS = frozenset({"singlehtml", "epub"})


def switcher_file(depth: int) -> str:
    return "_static/switcher.json" if depth == 0 else f"_static/switcher-{depth}.json"


def switcher_entries(app: Sphinx, prefix: str) -> list[dict]:
    cycles = get_cycles(app.config)
    current = current_cycle(cycles)
    return [{"name": f"{cycle.title} (current)" if cycle is current else cycle.title,
             "version": cycle.name,
             "url": prefix + app.builder.get_target_uri(edition_pagename(cycle.name)),
             "preferred": cycle is current}
            for cycle in reversed(cycles.values())]


def page_edition(app: Sphinx, pagename: str) -> str:
    """The edition a page belongs to: a report's or an edition page's cycle, else the current one."""
    report = app.env.domains["newsletter"].reports.get(pagename)
    cycles = get_cycles(app.config)
    if report is not None and report.cycle in cycles:
        return report.cycle
    for name in cycles:
        if pagename == edition_pagename(name):
            return name
    current = current_cycle(cycles)
    return current.name if current else ""


def _depth(app: Sphinx, pagename: str) -> int:
    """How many folders down the page's output file sits."""
    root = app.builder.get_target_uri(app.config.root_doc)
    return app.builder.get_relative_uri(pagename, app.config.root_doc).removesuffix(root).count("../")


def tell_page_its_edition(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name in NO_SWITCHER_BUILDERS or not get_cycles(app.config):
        return
    context["theme_switcher"] = {"json_url": switcher_file(min(_depth(app, pagename), MAX_DEPTH)),
                                 "version_match": page_edition(app, pagename)}


def write_switcher_files(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or app.builder.name in NO_SWITCHER_BUILDERS:
        return
    for depth in range(MAX_DEPTH + 1):
        text = json.dumps(switcher_entries(app, "../" * depth), indent=2, ensure_ascii=False) + "\n"
        path = Path(app.outdir) / switcher_file(depth)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def setup_switcher(app: Sphinx) -> None:
    app.connect("html-page-context", tell_page_its_edition, priority=400)  # before the theme reads it
    app.connect("build-finished", write_switcher_files)

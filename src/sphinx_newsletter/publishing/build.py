"""The build of one edition for ``newsletter publish``, through Sphinx's public API: a fresh HTML build of
a copy of the site with ``newsletter_publish`` set to the edition (the site's other editions left out),
strict (any warning refuses the edition)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace, patch_docutils


def build_edition(source: Path, out: Path, doctrees: Path, cycle: str, watch: Callable[[Sphinx], None] | None = None,
                  *, titles: Mapping[str, str] | None = None) -> tuple[Sphinx, str | None]:
    """Build ``source`` into ``out`` (``watch`` is given the application first), ``titles`` being those of the
    other editions' reports (by page name, for links to them); the application, and the warnings when there
    are any (or the build failed), else ``None``."""
    warnings = io.StringIO()
    with patch_docutils(source), docutils_namespace():
        app = Sphinx(source, source, out, doctrees, "html", status=io.StringIO(), warning=warnings,
                     confoverrides={"newsletter_publish": cycle, "newsletter_site_titles": dict(titles or {})},
                     freshenv=True)
        if watch is not None:
            watch(app)
        app.build()
    told = strip_colors(warnings.getvalue())  # Sphinx colours them for a terminal; publish prints them anywhere
    return app, (told or "the build failed\n") if app.statuscode or told.strip() else None

"""Page-level tidiness for readers and crawlers: one viewport meta tag per page, and (with
``sphinx-sitemap``) a sitemap of content pages only, with percent-encoded addresses.

The basic theme writes a viewport tag, docutils adds one to the page's meta tags and
pydata-sphinx-theme a third; the extension keeps the basic theme's. Search, the general index and
the module index are not content: they are left out of the sitemap.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

NOT_CONTENT = ("search.html", "genindex.html", "py-modindex.html", "search/", "genindex/", "py-modindex/")
_VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*>')
_LOC = re.compile(r"<loc>([^<]*)</loc>")
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def content_pages_only(app: Sphinx, config: Config) -> None:
    """Keep search and index pages out of the sitemap; no general index unless the site asks for one
    (reports hold no index entries, so it would be an empty page in the navigation)."""
    if hasattr(config, "sitemap_excludes"):
        config.sitemap_excludes = [*config.sitemap_excludes,
                                   *(name for name in NOT_CONTENT if name not in config.sitemap_excludes)]
    if "html_use_index" not in config._raw_config:
        config.html_use_index = False


def one_viewport(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Drop docutils' viewport tag from the page's meta tags (the layout writes its own)."""
    if "metatags" in context:
        context["metatags"] = _VIEWPORT.sub("", context["metatags"])


def encode_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Percent-encode the sitemap's addresses (a tag page named in any script is a valid URL)."""
    name = getattr(app.config, "sitemap_filename", None)
    if exception or not name or app.builder.format != "html":
        return
    path = Path(app.outdir) / name
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    encoded = _LOC.sub(lambda match: f"<loc>{quote(match.group(1), safe=URL_SAFE)}</loc>", text)
    if encoded != text:
        path.write_text(encoded, encoding="utf-8")


def setup_sitemap(app: Sphinx) -> None:
    app.connect("config-inited", content_pages_only)
    app.connect("html-page-context", one_viewport, priority=900)
    app.connect("build-finished", encode_sitemap, priority=900)  # after sphinx-sitemap writes it

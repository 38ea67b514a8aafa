"""Page-level tidiness for readers and crawlers: one viewport meta tag per page, and (with
``sphinx-sitemap``) a sitemap of content pages only, with percent-encoded addresses.

The basic theme writes a viewport tag, docutils adds one to the page's meta tags and
pydata-sphinx-theme a third; the extension keeps the basic theme's. Search, the general index and
the module index are not content: they are left out of the sitemap.
"""

from __future__ import annotations

import json
import queue
import re
from fnmatch import translate
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes

from sphinx_newsletter.upstream import collect_sitemap_in_a_queue, conf_sets

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

NOT_CONTENT = ("search.html", "genindex.html", "py-modindex.html", "search/", "genindex/", "py-modindex/")
_VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*>')
_LOC = re.compile(r"<loc>([^<]*)</loc>")
_URL = re.compile(r"<url>.*?</url>", re.DOTALL)
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
SITEMAP_ENTRIES = "newsletter-sitemap.json"
"""In the doctree folder: each page's sitemap entry, as the last build listed it."""


def content_pages_only(app: Sphinx, config: Config) -> None:
    """Keep search and index pages out of the sitemap; no general index unless the site asks for one
    (reports hold no index entries, so it would be an empty page in the navigation)."""
    if hasattr(config, "sitemap_excludes"):
        config.sitemap_excludes = [*config.sitemap_excludes,
                                   *(name for name in NOT_CONTENT if name not in config.sitemap_excludes)]
    if not conf_sets(config, "html_use_index"):
        config.html_use_index = False


def one_viewport(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: nodes.document | None) -> None:
    """Drop docutils' viewport tag from the page's meta tags (the layout writes its own)."""
    if "metatags" in context:
        context["metatags"] = _VIEWPORT.sub("", context["metatags"])


def _site_url(config: Config) -> str:
    """The address ``sphinx-sitemap`` joins pages to (without one it writes no sitemap)."""
    return str(getattr(config, "site_url", None) or config.html_baseurl)


def page_locations(app: Sphinx) -> set[str]:
    """The sitemap address of every page the site has now, as ``sphinx-sitemap`` spells it."""
    from sphinx_newsletter.adapters.output import site_pagenames

    config = app.builder.config
    suffix = ".html" if config.html_file_suffix is None else config.html_file_suffix
    site_url = _site_url(config)
    lang = f"{config.language}/" if config.language else ""
    version = f"{config.version}/" if config.version else ""
    excluded = re.compile("|".join(translate(pattern) for pattern in getattr(config, "sitemap_excludes", []))
                          or r"(?!)")
    found = set()
    for pagename in site_pagenames(app.env):
        if app.builder.name == "dirhtml":
            link = "" if pagename == "index" else pagename[:-6] + "/" if pagename.endswith("/index") else pagename + "/"
        else:
            link = pagename + suffix
        if not excluded.match(link):
            found.add(quote(site_url + config.sitemap_url_scheme.format(lang=lang, version=version, link=link),
                            safe=URL_SAFE))
    return found


def encode_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Percent-encode the sitemap's addresses (a tag page named in any script is a valid URL), and list
    every page of the site once, in the order of its address. ``sphinx-sitemap`` lists the pages the
    build wrote, which after an incremental build are only the ones that changed: the others keep the
    entry the last build gave them (kept in the doctree folder), and removed pages lose theirs."""
    name = getattr(app.config, "sitemap_filename", None)
    if exception or not name or app.builder.format != "html" or not _site_url(app.builder.config):
        return
    path = Path(app.outdir) / name
    if not path.is_file():
        return
    kept = Path(app.doctreedir) / SITEMAP_ENTRIES
    try:
        previous = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    text = path.read_text(encoding="utf-8")
    encoded = _LOC.sub(lambda match: f"<loc>{quote(match.group(1), safe=URL_SAFE)}</loc>", text)
    start, end = encoded.find("<url>"), encoded.rfind("</url>") + len("</url>")
    written = {match.group(1): url for url in _URL.findall(encoded) if (match := _LOC.search(url))}
    entries = {loc: written.get(loc) or previous.get(loc) or f"<url><loc>{loc}</loc></url>"
               for loc in sorted(page_locations(app))}
    if start == -1:
        start = end = encoded.rfind("</urlset>")
    encoded = encoded[:start] + "".join(entries.values()) + encoded[end:]
    if encoded != text:
        path.write_text(encoded, encoding="utf-8")
    if entries != previous:
        kept.write_text(json.dumps(entries, indent=0), encoding="utf-8")


def _stop_manager(links: Any) -> None:
    manager = getattr(links, "_manager", None)  # the proxy's owner: multiprocessing names no public way
    if manager is not None:
        manager.shutdown()


def collect_in_process(app: Sphinx, config: Config) -> None:
    """``sphinx-sitemap`` collects the pages in a ``multiprocessing`` manager's queue, whose server process it
    starts for every build and never stops: a process that builds many sites (the tests, a preview server)
    gathers one idle server per build until memory runs out. A build that writes in one process collects in a
    plain queue instead, and starts no server; the manager of a parallel build (its workers are other
    processes) is stopped when the build ends."""
    if app.parallel <= 1:
        collect_sitemap_in_a_queue(app)


def stop_collecting(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if links is not None and not isinstance(links, queue.Queue):
        _stop_manager(links)
        app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]


def setup_sitemap(app: Sphinx) -> None:
    app.connect("config-inited", content_pages_only)
    app.connect("config-inited", collect_in_process)  # emitted when every extension is set up
    app.connect("build-finished", stop_collecting, priority=999)  # after the sitemap is written and mended
    app.connect("html-page-context", one_viewport, priority=900)
    app.connect("build-finished", encode_sitemap, priority=900)  # after sphinx-sitemap writes it

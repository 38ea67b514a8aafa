"""An incremental build leaves the same output as a fresh one.

Sphinx writes the pages of the documents it read, and never removes a page whose document is gone;
``sphinx-sitemap`` lists only the pages written by the current build. The newsletter records, in the
doctree folder, which files each page, image and download of a build became; at the end of the next
build the files of pages, terms, images and downloads that are no longer there are removed (never
through a symbolic link, never outside the output folder). ``publishing.sitemap`` gives the sitemap
back the pages a build did not need to write.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.publishing.switcher import NO_SWITCHER_BUILDERS

MANIFEST = "newsletter-output.json"
"""In the doctree folder: the output folder and the files the last build's pages became."""


def site_pagenames(env: BuildEnvironment) -> set[str]:
    """Every page the site has now: its documents, and the page of every tag, author and event."""
    terms = newsletter_domain(env).catalogue().terms.values()
    return {*env.found_docs, *(term.pagename for taxonomy in terms for term in taxonomy.values())}


def _page_files(app: Sphinx, builder: StandaloneHTMLBuilder) -> set[str]:
    """The files (relative to the output folder) the site's documents, generated pages, images and
    downloads have now (a document's source copy is found from its name when it is gone)."""
    env = app.env
    pages = site_pagenames(env)
    if builder.name == "html":  # what StandaloneHTMLBuilder.get_outfilename gives, without a Path a page
        suffix = builder.out_suffix
        files = {f"{pagename}{suffix}" for pagename in pages}
    else:
        outdir = os.fspath(app.outdir)
        files = {os.path.relpath(builder.get_outfilename(pagename), outdir).replace(os.sep, "/") for pagename in pages}
    files.update(f"{builder.imagedir}/{name}" for _, name in env.images.values())
    files.update(f"_downloads/{name}" for _, name in env.dlfiles.values())
    return files


def _source_copies(app: Sphinx, docname: str) -> list[str]:
    """Where the source copy of ``docname`` may be, for each source suffix the site reads."""
    link_suffix = app.config.html_sourcelink_suffix
    return [f"_sources/{docname}{suffix}{'' if suffix == link_suffix else link_suffix}"
            for suffix in app.config.source_suffix]


def remove_stale_output(app: Sphinx, exception: Exception | None) -> None:
    """Remove what the last build wrote for pages, terms, images and downloads that no longer exist."""
    builder = app.builder
    if exception or not isinstance(builder, StandaloneHTMLBuilder) or builder.name in NO_SWITCHER_BUILDERS:
        return  # another builder's files are not known here: nothing is removed
    manifest = Path(app.doctreedir) / MANIFEST
    outdir = os.path.realpath(app.outdir)
    now, docs = _page_files(app, builder), set(app.env.found_docs)
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    before, documents = set(previous.get("files", [])), set(previous.get("docs", []))
    if previous.get("outdir") == outdir:
        gone = sorted(before - now) + [copy for docname in sorted(documents - docs)
                                       for copy in _source_copies(app, docname)]
        for relative in gone:
            remove_output_file(outdir, relative)
    if previous.get("outdir") != outdir or before != now or documents != docs:
        manifest.write_text(json.dumps({"outdir": outdir, "files": sorted(now), "docs": sorted(docs)}, indent=0),
                            encoding="utf-8")


def remove_output_file(outdir: str, relative: str) -> None:
    """Remove ``outdir/relative`` if it is a regular file reached without links, then its emptied folders
    (``outdir`` absolute)."""
    outdir = os.path.realpath(outdir)
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return
    path = outdir
    for part in parts:
        path = os.path.join(path, part)
        if os.path.islink(path):
            return
    if not os.path.isfile(path):
        return
    os.unlink(path)
    folder = os.path.dirname(path)
    while folder != outdir and folder.startswith(outdir + os.sep):
        try:
            os.rmdir(folder)  # only when empty
        except OSError:
            break
        folder = os.path.dirname(folder)


def setup_output(app: Sphinx) -> None:
    app.connect("build-finished", remove_stale_output, priority=950)

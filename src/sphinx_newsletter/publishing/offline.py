"""Offline editions: each published edition also as an EPUB and a PDF (``editions/<cycle>.epub`` and
``.pdf`` beside its page), for reading on a train or a plane.

Both come from Sphinx's own builders run over a copy of the site that holds the edition alone (as
``newsletter publish`` builds it), with the edition's page as the root document and its reports, in
the edition's order, as its table of contents (``newsletter_book``; ``adapters/listings.py``):

- the EPUB is Sphinx's EPUB 3 builder's, with every page through the same output guard as the site;
- the PDF is WeasyPrint's rendering of the single-page HTML builder's page (a plain theme: the book
  theme's layout is for screens), with ``publishing/print.css``; WeasyPrint fetches nothing but
  the files of that build (remote images are never fetched, as on the site).

Links to what the offline edition does not hold (tag, author and event pages, feeds, other editions)
go to the site (``html_baseurl``). An HTML build makes the offline editions when it finishes
(``make_offline_editions``), in a separate process per edition (``python -m sphinx_newsletter.offline``,
which makes the copy): a Sphinx run inside another would share its logging and docutils' registries.
An edition is made again only when the pages it is made from changed (their digest is kept beside the
doctrees); the files of an edition that is no longer published are removed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from sphinx.errors import SphinxError
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace, patch_docutils

from sphinx_newsletter.adapters.config import get_settings
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.catalogue import edition_pagename
from sphinx_newsletter.publishing.other_editions import report_titles
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

FORMATS = ("epub", "pdf")
BOOK_ROOT = "index"
"""The root document of the offline build: the edition's page, written at the top of the copy (EPUB
readers take the root document's folder as the book's)."""
DIGESTS = "newsletter-offline.json"
"""Beside the doctrees: each offline edition's digest of the pages it was made from."""
TIMEOUT = 600
PRINT_CSS = Path(__file__).with_name("print.css")


def offline_file(cycle_name: str, kind: str) -> str:
    """Where an offline edition is, in the site's HTML build: beside the edition's page."""
    return f"{edition_pagename(cycle_name)}.{kind}"


def book_root(title: str, cycle_name: str) -> str:
    """The root document of an edition's offline build (reStructuredText; the title is the editors', from
    ``conf.py``, its markup characters escaped)."""
    shown = re.sub(r"([\\`*_|<>\[\]:])", r"\\\1", " ".join(title.split()))
    bar = "=" * (len(shown) + 2)
    return f"{bar}\n {shown}\n{bar}\n\n.. newsletter-edition:: {cycle_name}\n"


def build_book(source: Path, out: Path, cycle_name: str, book: list[str], title: str, version: str,
               titles: dict[str, str] | None = None) -> str | None:
    """Make ``<cycle>.epub`` and ``<cycle>.pdf`` in ``out`` from ``source`` (a copy of the site holding
    the edition alone, its root document written by :func:`book_root`; ``titles``: the other editions'
    reports', for links to them): why they were not made, or ``None``. The builds' warnings are the site
    build's own, which already reported them: they are not a failure here."""
    from sphinx.application import Sphinx

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # WeasyPrint missing, or Pango: nothing is built
        return (f"WeasyPrint could not run ({error}): pip install 'sphinx-newsletter[offline]' (it needs Pango), "
                "or set newsletter_offline = False")
    scratch = out / f".{cycle_name}-offline"
    shutil.rmtree(scratch, ignore_errors=True)
    folders = sorted({name.rpartition("/")[0] for name in book})  # one: reports/<cycle>
    overrides: dict[str, Any] = {
        "newsletter_publish": cycle_name, "newsletter_book": book, "newsletter_offline": False,
        "newsletter_site_titles": dict(titles or {}),
        "root_doc": BOOK_ROOT, "include_patterns": [f"{BOOK_ROOT}.rst", *(f"{folder}/**" for folder in folders)],
        "version": version, "release": version, "epub_basename": cycle_name, "epub_title": title, "html_theme": "epub",
        "html_theme_options": {}, "html_sidebars": {},
    }
    told = io.StringIO()
    try:
        for builder in ("epub", "singlehtml"):
            try:
                with patch_docutils(source), docutils_namespace():
                    app = Sphinx(source, source, scratch / builder, scratch / "doctrees", builder,
                                 status=io.StringIO(), warning=told, confoverrides=overrides,
                                 freshenv=builder == "epub")
                    app.build()
            except SphinxError as error:  # told to the editor in one line, not as a traceback
                return f"the {builder} build failed: {str(error)[-600:]}"
            if app.statuscode:
                return f"the {builder} build failed: {strip_colors(told.getvalue()).strip()[-600:]}"
        epub = scratch / "epub" / f"{cycle_name}.epub"
        pdf = scratch / f"{cycle_name}.pdf"
        try:
            write_pdf(scratch / "singlehtml" / f"{BOOK_ROOT}.html", pdf, title)
        except Exception as error:
            return f"the PDF could not be made ({type(error).__name__}: {error})"
        for made in (epub, pdf):
            os.replace(made, out / made.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return None


def write_pdf(page: Path, pdf: Path, title: str) -> None:
    """The single-page build's ``page`` as a PDF titled ``title``, fetching only the files of that build."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    root = page.parent.resolve()

    class LocalFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve()
            if parts.scheme != "file" or not path.is_relative_to(root):
                raise ValueError(f"not fetched: {url[:80]}")
            if path.suffix.lower() in RASTER_IMAGES:
                decodes(path)  # a picture WeasyPrint cannot draw is left out (its text shows), not the PDF
            return super().fetch(url, headers)

    document = HTML(filename=str(page), url_fetcher=LocalFiles(allowed_protocols={"file"})).render(
        stylesheets=[CSS(filename=str(PRINT_CSS))])
    document.metadata.title = title
    document.write_pdf(str(pdf))


RASTER_IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff"})


def decodes(path: Path) -> None:
    """Raise unless ``path`` is a picture Pillow decodes whole (within its limit on pixels)."""
    from PIL import Image

    with Image.open(path) as picture:
        picture.load()


def makes_offline_editions(config: Config) -> bool:
    """Whether the site's published editions come offline too: ``newsletter_offline``, and an address for
    their links to the site (``html_baseurl``); not in the offline build itself."""
    settings = get_settings(config)
    return settings.offline and not settings.book and bool(config.html_baseurl)


def offline_editions(app: Sphinx) -> dict[str, list[str]]:
    """The published editions an HTML build makes offline, each with its reports in the edition's order."""
    if not makes_offline_editions(app.config) or app.builder.name not in ("html", "dirhtml"):
        return {}
    catalogue = newsletter_domain(app.env).catalogue()
    return {name: [report.docname for _title, members in catalogue.grouped[name] for report in members]
            for name, cycle in catalogue.cycles.items() if cycle.is_published and catalogue.editions.get(name)}


def pages_digest(app: Sphinx, cycle_name: str, book: list[str]) -> str:
    """A digest of the written pages an offline edition shows (its page and its reports), of the
    extension's version and of the print style sheet: what the offline edition is made anew for."""
    version = app.extensions["sphinx_newsletter"].version
    digest = hashlib.sha256(f"{version}\n{app.config.html_baseurl}\n".encode() + PRINT_CSS.read_bytes())
    for docname in [edition_pagename(cycle_name), *book]:
        page = Path(app.builder.get_outfilename(docname))  # type: ignore[attr-defined]  # an HTML builder's
        digest.update(docname.encode() + b"\0" + (page.read_bytes() if page.is_file() else b"") + b"\0")
    return digest.hexdigest()


def make_offline_editions(app: Sphinx, exception: Exception | None) -> None:
    """After an HTML build: each published edition's EPUB and PDF made where its pages changed, and
    those of editions no longer published removed."""
    if exception is not None or app.builder.format != "html":
        return
    editions = offline_editions(app)
    digests_path = Path(app.doctreedir, DIGESTS)
    try:
        digests: dict[str, str] = json.loads(digests_path.read_text("utf-8"))
    except (OSError, ValueError):
        digests = {}
    before = dict(digests)
    outdir = Path(app.outdir)
    for gone in sorted(set(digests) - set(editions)):
        for kind in FORMATS:
            Path(outdir, offline_file(gone, kind)).unlink(missing_ok=True)
        del digests[gone]
    wanted = {}
    for name, book in editions.items():
        digest = pages_digest(app, name, book)
        if digest != digests.get(name) or not all(Path(outdir, offline_file(name, kind)).is_file() for kind in FORMATS):
            wanted[name] = (book, digest)
    with ThreadPoolExecutor(max_workers=max(1, min(len(wanted), os.cpu_count() or 1))) as pool:
        results = dict(zip(wanted, pool.map(lambda name: _make(app, name, wanted[name][0]), wanted), strict=True))
    for name, failure in results.items():
        if failure is None:
            digests[name] = wanted[name][1]
        else:
            digests.pop(name, None)
            warn(f"offline editions: the {name} edition's EPUB and PDF were not made: {failure}",
                 NewsletterWarning.OFFLINE, location=f"{app.env.doc2path(edition_pagename(name), False)}:1")
    if digests != before or not digests_path.is_file():
        digests_path.write_text(json.dumps(digests, indent=1), "utf-8")  # read back as a mapping: its order is of no matter


def other_titles(app: Sphinx, cycle_name: str) -> dict[str, str]:
    """The titles of the reports of the editions other than ``cycle_name``, by page name, that this build
    knows (its own, and those it was given when it is itself the build of one edition); drafts left out."""
    titles = dict(get_settings(app.config).site_titles)
    titles.update(report_titles(newsletter_domain(app.env).reports.items(), cycle_name))
    return titles


def _make(app: Sphinx, cycle_name: str, book: list[str]) -> str | None:
    """Run ``python -m sphinx_newsletter.offline`` for one edition: why it failed, or ``None``."""
    folder = Path(app.outdir, offline_file(cycle_name, "epub")).parent
    titles = Path(app.doctreedir, f"newsletter-offline-{cycle_name}-titles.json")
    titles.write_text(json.dumps(other_titles(app, cycle_name)), "utf-8")
    command = [sys.executable, "-m", "sphinx_newsletter.offline", "--titles", str(titles), str(app.srcdir), str(folder),
               cycle_name, *book]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False,
                                env={**os.environ, "NO_COLOR": "1"})
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if result.returncode != 0:
        return " ".join((result.stderr or result.stdout).split())[-600:] or f"exit status {result.returncode}"
    return None


def setup_offline(app: Sphinx) -> None:
    app.connect("build-finished", make_offline_editions, priority=980)  # before Pagefind indexes (990)

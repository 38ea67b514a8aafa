"""``newsletter import``: one blog (an export, a site folder, a Disqus export) into the site, usable from
Python. :func:`import_blog` reads the source, plans every report and feedback file with the checks the
build makes (``checking.text_problems``), writes them unless it is a dry run, and returns the outcome;
:class:`ImportRefused` says why nothing was imported and what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sphinx_newsletter.checking import Site, text_problems
from sphinx_newsletter.core.paths import UnsafeFile
from sphinx_newsletter.importing import writer
from sphinx_newsletter.importing.model import Source, SourceError


class ImportRefused(Exception):
    """Nothing (or, after ``stopped``, not everything) was imported; ``code`` is the exit status (2: the
    arguments, 1: the source or the site)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Imported:
    outcome: writer.Outcome
    source: Source

    def summary(self, dry_run: bool) -> list[str]:
        return writer.summary(self.outcome, self.source, dry_run)


def read_blog(kind: str, origin: Path, unpublished_as_drafts: bool, base_url: str | None) -> Source:
    """The posts of a WordPress export, a Jekyll or Hugo site, or an ABlog site."""
    if kind == "wordpress":
        from sphinx_newsletter.importing.wordpress import read_wordpress

        return read_wordpress(origin, unpublished_as_drafts, base_url)
    if kind in ("jekyll", "hugo"):  # one reader: the folder says which it is
        from sphinx_newsletter.importing.staticsite import read_static_site

        return read_static_site(origin, unpublished_as_drafts, base_url)
    from sphinx_newsletter.importing.ablog import read_ablog

    return read_ablog(origin, unpublished_as_drafts, base_url)


def import_blog(site: Site, kind: str, origin: Path, *, since: dt.date | None = None, late: bool = False,
                unpublished_as_drafts: bool = False, base_url: str | None = None, dry_run: bool = False,
                progress: Callable[[str], None] = lambda message: None) -> Imported:
    """Import ``origin`` (of ``kind``, one of ``model.KINDS``) into ``site``; ``progress(message)`` hears
    each step."""
    if site.config_problems:
        raise ImportRefused("fix conf.py first: " + "; ".join(site.config_problems))
    from sphinx_newsletter.importing.markup import blog_address

    if base_url and blog_address(base_url) is None:
        raise ImportRefused("--base-url must be an http or https address", 2)
    try:
        import dateutil  # noqa: F401
        import defusedxml  # noqa: F401
        import markdownify  # noqa: F401
    except ImportError as error:
        raise ImportRefused(f"{error.name} is missing: pip install 'sphinx-newsletter[import]'", 2) from error
    try:
        if kind == "disqus":
            from sphinx_newsletter.importing.disqus import read_disqus

            export = read_disqus(origin)
            progress(f"Read {sum(len(thread.comments) for thread in export.threads.values())} comment(s) on "
                     f"{len(export.threads)} page(s) from {origin}; matching them to reports…")
        else:
            source = read_blog(kind, origin, unpublished_as_drafts, base_url)
            progress(f"Read {len(source.posts)} post(s) from {origin}; checking them…")
    except SourceError as error:
        raise ImportRefused(f"{origin}: {error}") from error
    try:
        if kind == "disqus":
            outcome, source = writer.plan_disqus(site, export)
        else:
            outcome = writer.plan(site, source, lambda texts, files: text_problems(site, texts, files), since,
                                  late)
    except ValueError as error:
        raise ImportRefused(str(error)) from error
    if outcome.refusal:
        raise ImportRefused(f"refused: {outcome.refusal}")
    if not dry_run:
        try:
            writer.write(site, outcome)
        except (ValueError, OSError, UnsafeFile) as error:
            raise ImportRefused(f"stopped: {error}") from error
    return Imported(outcome, source)

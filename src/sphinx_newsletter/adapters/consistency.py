"""Checks that need every report at once (``core.site.check_site``), as build warnings, and the
drafts left out of editions, as a note in the build log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinx_newsletter.adapters.config import get_settings
from sphinx_newsletter.core.site import check_site
from sphinx_newsletter.warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def check_all_reports(app: Sphinx, env: BuildEnvironment) -> None:
    reports = env.domains["newsletter"].reports
    drafts = sorted(str(env.doc2path(r.docname, False)) for r in reports.values() if r.draft)
    if drafts and not app.config.newsletter_show_drafts:
        logger.info("newsletter: %d draft(s) left out of editions: %s", len(drafts), ", ".join(drafts))
    shown = {docname: (env.doc2path(docname, False).as_posix(), report) for docname, report in reports.items()}
    for path, problem in check_site(Path(app.srcdir), get_settings(app.config), shown,
                                    lambda docname: docname in env.found_docs):
        warn(problem.text, problem.subtype, location=f"{path}:{problem.line}")


def setup_consistency(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_all_reports)

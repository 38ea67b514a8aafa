"""Checks that need every report at once (``core.site.check_site``), as build warnings. Drafts are not
built outside the preview (``safety.sources.leave_out_drafts`` names them), but they still exist: their
feedback files answer a report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_newsletter.adapters.config import get_settings
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.report import is_draft
from sphinx_newsletter.editorial.site import check_site
from sphinx_newsletter.warnings_ import tell

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

def check_all_reports(app: Sphinx, env: BuildEnvironment) -> None:
    reports = newsletter_domain(env).reports
    shown = {docname: (env.doc2path(docname, False).as_posix(), report) for docname, report in reports.items()}
    srcdir = Path(app.srcdir)

    def has_report(docname: str) -> bool:
        if docname in env.found_docs:
            return True
        path = srcdir / f"{docname}.md"
        return path.is_file() and not path.is_symlink() and is_draft(path.read_text(encoding="utf-8", errors="replace"))

    for path, problem in check_site(srcdir, get_settings(app.config), shown, has_report):
        tell(problem, f"{path}:{problem.line}")


def setup_consistency(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_all_reports)

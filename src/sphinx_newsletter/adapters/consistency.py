"""Checks that need every report at once: duplicates, and files in the reports folder
that would never be built."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinx_newsletter.adapters.config import get_cycles
from sphinx_newsletter.core.report import duplicate_problem, find_duplicates, stray_file_problem
from sphinx_newsletter.publishing.manifest import missing_published_reports
from sphinx_newsletter.warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".rst", ".markdown", ".mdown", ".mkd", ".txt", ".ipynb", ".myst"})


def stray_report_files(reports_dir: Path) -> list[Path]:
    """Text files under the reports folder that are not ``.md`` reports, so would be lost. A file
    that a report beside it names (a download, ``notes.txt``) is an attachment, not a stray."""
    if not reports_dir.is_dir():
        return []
    candidates = sorted(path for path in reports_dir.rglob("*")
                        if path.is_file() and not path.is_symlink() and path.suffix.lower() in TEXT_SUFFIXES)
    named: dict[Path, str] = {}

    def siblings_text(folder: Path) -> str:
        if folder not in named:
            named[folder] = "\n".join(report.read_text(encoding="utf-8", errors="replace")
                                       for report in sorted(folder.glob("*.md")) if report.is_file()
                                       and not report.is_symlink())
        return named[folder]

    return [path for path in candidates if path.name not in siblings_text(path.parent)]


def check_all_reports(app: Sphinx, env: BuildEnvironment) -> None:
    reports = env.domains["newsletter"].reports
    drafts = sorted(str(env.doc2path(r.docname, False)) for r in reports.values() if r.draft)
    if drafts and not app.config.newsletter_show_drafts:
        logger.info("newsletter: %d draft(s) left out of editions: %s", len(drafts), ", ".join(drafts))
    for first, later in find_duplicates(reports.values()):
        problem = duplicate_problem(later, str(env.doc2path(first.docname, False)))
        warn(problem.text, problem.subtype, location=(later.docname, problem.line))
    srcdir = Path(app.srcdir)
    for shown, problem in missing_published_reports(srcdir, srcdir / app.config.newsletter_published_dir,
                                                    get_cycles(app.config)):
        warn(problem.text, problem.subtype, location=f"{shown}:{problem.line}")
    for path in stray_report_files(srcdir / app.config.newsletter_reports_dir):
        problem = stray_file_problem(path)
        warn(problem.text, problem.subtype, location=f"{path}:{problem.line}")


def setup_consistency(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_all_reports)

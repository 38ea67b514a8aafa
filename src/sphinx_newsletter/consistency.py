"""Checks that need every report at once: duplicates, and files in the reports folder
that would never be built."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .model import REPORT_SUFFIX, find_duplicates
from .warnings_ import NewsletterWarning, warn

TEXT_SUFFIXES = frozenset({".rst", ".markdown", ".mdown", ".mkd", ".txt", ".ipynb", ".myst"})


def stray_report_files(reports_dir: Path) -> list[Path]:
    """Text files under the reports folder that are not ``.md`` reports, so would be lost."""
    if not reports_dir.is_dir():
        return []
    return sorted(path for path in reports_dir.rglob("*")
                  if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES)


def check_all_reports(app: Sphinx, env: BuildEnvironment) -> None:
    reports = env.domains["newsletter"].reports
    for first, later in find_duplicates(reports.values()):
        warn(f"same title and date as {env.doc2path(first.docname, False)} in the same cycle: "
             "change the title, or remove one of the two reports",
             NewsletterWarning.DUPLICATE, location=(later.docname, later.title_line))
    for path in stray_report_files(Path(app.srcdir) / app.config.newsletter_reports_dir):
        warn(f"not built: reports are MyST markdown files ending in '{REPORT_SUFFIX}'; "
             f"rename it to '{path.stem}{REPORT_SUFFIX}'", NewsletterWarning.MISPLACED, location=f"{path}:1")


def setup_consistency(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_all_reports)

"""Checks that need every report at once, written once: the build (``adapters/consistency.py``),
``newsletter check`` and ``newsletter publish`` call :func:`check_site` and differ only in which of its
problems they show. No Sphinx here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx_newsletter.core.notes import note_problems
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.publication import missing_published_reports, unreadable_records
from sphinx_newsletter.core.report import Report, duplicate_problem, find_duplicates, stray_file_problem
from sphinx_newsletter.core.settings import Settings
from sphinx_newsletter.feedback.model import stray_feedback_files

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


def check_site(srcdir: Path, settings: Settings, reports: dict[str, tuple[str, Report]],
               has_report: Callable[[str], bool]) -> list[tuple[str, Problem]]:
    """Problems across reports, each with the path it is shown at: duplicates (at the later report),
    reports a manifest lists that are gone, text files in the reports folder that would never be
    built, feedback files that answer no report, editors' notes' problems. ``reports`` maps docnames to (shown path, report);
    ``has_report(docname)`` says whether a report exists."""
    problems: list[tuple[str, Problem]] = []
    for first, later in find_duplicates(report for _, report in reports.values()):
        problems.append((reports[later.docname][0], duplicate_problem(later, reports[first.docname][0])))
    problems += missing_published_reports(srcdir, srcdir / settings.published_dir, settings.cycles)
    problems += unreadable_records(srcdir, srcdir / settings.published_dir)

    def shown(path: Path) -> str:
        return path.relative_to(srcdir).as_posix()

    problems += [(shown(path), stray_file_problem(path)) for path in stray_report_files(srcdir / settings.reports_dir)]
    problems += [(shown(path), problem) for path, problem in stray_feedback_files(
        srcdir / settings.feedback_dir, settings.reports_dir, has_report)]
    problems += note_problems(srcdir, settings)
    return problems

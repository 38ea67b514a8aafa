"""Checks that need every report at once, written once: the build (``adapters/consistency.py``),
``newsletter check`` and ``newsletter publish`` call :func:`check_site` and differ only in which of its
problems they show. No Sphinx here."""

from __future__ import annotations

import math
import subprocess
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.publication import missing_published_reports, unreadable_records
from sphinx_newsletter.core.report import Report, duplicate_problem, find_duplicates, stray_file_problem
from sphinx_newsletter.core.settings import Section, Settings
from sphinx_newsletter.core.text import singular_key
from sphinx_newsletter.editorial.notes import note_problems
from sphinx_newsletter.feedback.model import stray_feedback_files

TEXT_SUFFIXES = frozenset({".rst", ".markdown", ".mdown", ".mkd", ".txt", ".ipynb", ".myst", ".mdx", ".md"})


def not_built(path: Path) -> bool:
    """A text file the build would pass over: another markup's suffix, ``.md`` in another case
    (``.MD``, ``.Md``), or no suffix at all."""
    return path.suffix != ".md" and (path.suffix.lower() in TEXT_SUFFIXES or not path.suffix)


def stray_report_files(reports_dir: Path) -> list[Path]:
    """Text files under the reports folder that are not ``.md`` reports, so would be lost. A file
    that a report beside it names (a download, ``notes.txt``), or that a report names in the folder of
    its own name (``tools.md`` naming ``tools/deploy.yml``: where the import copies a post's files), is
    an attachment, not a stray."""
    if not reports_dir.is_dir():
        return []
    candidates = sorted(path for path in reports_dir.rglob("*")  # the name first: a report is not looked at
                        if not_built(path) and not path.name.startswith(".") and path.is_file()
                        and not path.is_symlink())
    named: dict[Path, str] = {}

    def siblings_text(folder: Path) -> str:
        if folder not in named:
            named[folder] = "\n".join(report.read_text(encoding="utf-8", errors="replace")
                                       for report in sorted(folder.glob("*.md")) if report.is_file()
                                       and not report.is_symlink())
        return named[folder]

    owners: dict[Path, str] = {}

    def own_report_text(folder: Path) -> str:
        report = folder.with_suffix(".md")
        if folder not in owners:
            owners[folder] = (report.read_text(encoding="utf-8", errors="replace")
                              if report.is_file() and not report.is_symlink() else "")
        return owners[folder]

    return [path for path in candidates if path.name not in siblings_text(path.parent)
            and f"{path.parent.name}/{path.name}" not in own_report_text(path.parent)]


def arrival(srcdir: Path, settings: Settings, paths: tuple[str, str]) -> int | None:
    """Which of two reports was there first (0 or 1), or ``None`` when that cannot be told: a report in a
    publication record came before one that is not; else the one git added earlier (a file git does not
    track yet came last)."""
    from sphinx_newsletter.core.records import read_record

    published = {path for name in settings.all_cycles
                 for record in [read_record(srcdir / settings.published_dir, name)] if record for path in record.reports}
    recorded = [path in published for path in paths]
    if recorded[0] != recorded[1]:
        return 0 if recorded[0] else 1
    added = [_git_added(srcdir, path) for path in paths]
    first, second = added
    if first is None or second is None or first == second:
        return None
    return 0 if first < second else 1


def _git_added(srcdir: Path, path: str) -> float | None:
    """When git first saw ``path`` (seconds), infinity when git does not track it, ``None`` without git."""
    try:
        result = subprocess.run(["git", "-C", str(srcdir), "log", "--diff-filter=A", "--format=%ct", "--", path],
                                capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None  # not a repository
    stamps = result.stdout.split()
    return float(stamps[-1]) if stamps else math.inf


def check_site(srcdir: Path, settings: Settings, reports: dict[str, tuple[str, Report]],
               has_report: Callable[[str], bool]) -> list[tuple[str, Problem]]:
    """Problems across reports, each with the path it is shown at: duplicates (at the later report),
    reports a manifest lists that are gone, text files in the reports folder that would never be
    built, feedback files that answer no report, editors' notes' problems. ``reports`` maps docnames to (shown path, report);
    ``has_report(docname)`` says whether a report exists."""
    problems: list[tuple[str, Problem]] = []
    for one, other in find_duplicates(report for _, report in reports.values()):
        paths = (reports[one.docname][0], reports[other.docname][0])
        order = arrival(srcdir, settings, paths)
        if order is None:  # which came first cannot be told: both are named
            problems.append((paths[0], duplicate_problem(one, paths[1], known=False)))
            problems.append((paths[1], duplicate_problem(other, paths[0], known=False)))
        else:
            later, first = (other, paths[0]) if order == 0 else (one, paths[1])
            problems.append((reports[later.docname][0], duplicate_problem(later, first)))
    problems += missing_published_reports(srcdir, srcdir / settings.published_dir, settings.cycles)
    problems += unreadable_records(srcdir, srcdir / settings.published_dir)

    def shown(path: Path) -> str:
        return path.relative_to(srcdir).as_posix()

    problems += [(shown(path), stray_file_problem(PurePosixPath(path)))
                 for path in stray_report_files(srcdir / settings.reports_dir)]
    problems += [(shown(path), problem) for path, problem in stray_feedback_files(
        srcdir / settings.feedback_dir, settings.reports_dir, has_report)]
    problems += note_problems(srcdir, settings)
    problems += similar_tags(reports, settings.sections)
    return problems


class TagSpellings(NamedTuple):
    """How a site spells each tag, by ``singular_key``."""

    used: dict[str, Counter[str]]  # each spelling, with how many reports use it
    spelt: dict[str, str]  # the spelling to write: newsletter_sections' own, else the most used (then alphabetical)
    from_sections: frozenset[str]  # the keys whose spelling newsletter_sections gives


def tag_spellings(tag_lists: Iterable[Iterable[str]], sections: Sequence[Section]) -> TagSpellings:
    """How the site spells its tags, from each report's tags and ``newsletter_sections``: the one rule
    of the build's warning (:func:`similar_tags`) and of ``newsletter new``."""
    used: dict[str, Counter[str]] = defaultdict(Counter)
    for tags in tag_lists:
        for tag in tags:
            used[singular_key(tag)][tag] += 1
    spelt = {key: min(counts, key=lambda spelling: (-counts[spelling], spelling)) for key, counts in used.items()}
    sectioned = {singular_key(tag): tag for section in sections for tag in section.tags}
    return TagSpellings(used, spelt | sectioned, frozenset(sectioned))


def similar_tags(reports: dict[str, tuple[str, Report]], sections: Sequence[Section]) -> list[tuple[str, Problem]]:
    """Each report's tag that is another tag of the site spelt another way (case, spaces, punctuation, a
    plural), with the spelling to write (:func:`tag_spellings`)."""
    spellings = tag_spellings((report.tags for _path, report in reports.values()), sections)
    problems = []
    for path, report in sorted(reports.values(), key=lambda item: item[0]):
        for tag in report.tags:
            key = singular_key(tag)
            best = spellings.spelt[key]
            if tag == best:
                continue
            count = spellings.used[key][best]
            where = "as newsletter_sections in conf.py has it" if key in spellings.from_sections else (
                f"as {count} report{'s' if count > 1 else ''} spell it")
            problems.append((path, Problem(report.tags_line, W.TAG, f"tag '{tag}' is '{best}' spelt another way "
                                                                    f"({where}): write '{best}'")))
    return problems

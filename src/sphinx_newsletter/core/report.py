"""The report model and its validator.

One validator serves the Sphinx build and the ``newsletter check`` command, so each
message is written once. Nothing here imports Sphinx's application: a report is
checked from its path, its front matter and the configured cycles.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from sphinx_newsletter.core.fields import BOOLEAN, CORRECTIONS, DATE, Correction, Invalid, Kind, names, tags, text
from sphinx_newsletter.core.frontmatter import FrontMatter, read_front_matter
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.settings import Cycle, current_cycle, cycle_for_date
from sphinx_newsletter.core.text import clean_text


@dataclass(frozen=True)
class Field:
    """A front matter field: what it means (the schema's description), its kind (the validator's rules
    and the schema's), and the longest text it keeps."""

    help: str
    kind: Kind
    max_length: int | None = None


FIELDS = {
    "title": Field("The report's title, shown as the page title", text(200), 200),
    "author": Field("The author's name (or a list of names)", names(100), 100),
    "authors": Field("The authors' names (or one name)", names(100), 100),
    "date": Field("The day the report was written, YYYY-MM-DD, inside its cycle's window", DATE),
    "event": Field("The summit, meetup or conference", text(120, nullable=True), 120),
    "location": Field("Where the event took place", text(120, nullable=True), 120),
    "tags": Field("Topics, as a list", tags(60), 60),
    "summary": Field("One or two sentences for the edition page and feeds (default: the first paragraph)",
                     text(1000, nullable=True), 1000),
    "draft": Field("true keeps the report out of editions", BOOLEAN),
    "origin": Field("Where the report was first published (its address, or its path in the blog it came from); "
                    "newsletter import writes it and recognises the report by it when it imports again",
                    text(300, nullable=True), 300),
    "corrections": Field("Corrections made after the edition was published, a new one at the end: "
                         "[{date: YYYY-MM-DD, note: what changed and why}]", CORRECTIONS),
}
"""The front matter a report may have; the validator below and ``schema.report_schema`` both read it."""
UNSAFE_KEYS = {
    "myst": "sets MyST parser options for this file",
    "mystnb": "sets notebook options for this file",
    "substitutions": "defines Jinja substitutions, which can run code",
    "html_meta": "writes raw HTML meta tags",
}
REPORT_SUFFIX = ".md"


REPORT_LEFT_OUT = "the report is left out of its edition until this is fixed"


@dataclass
class Report:
    """A trip report as the newsletter sees it."""

    docname: str
    cycle: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    event: str | None = None
    location: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    origin: str | None = None
    draft: bool = False
    corrections: tuple[Correction, ...] = ()
    corrections_line: int = 1
    title_line: int = 1
    tags_line: int = 1
    feedback_count: int = 0
    commenters: tuple[str, ...] = ()  # readers who left feedback, in thread order
    comments: tuple[tuple[str, str, dt.date, str], ...] = ()  # shown entries: (id, author, date, markdown body)
    feedback_file: bool = False  # whether feedback/<cycle>/<slug>.yaml existed when the report was read
    in_report_feedback: tuple[Any, ...] = ()  # the entries of its own {feedback} blocks (feedback.model.FeedbackEntry)
    thread: tuple[Any, ...] = ()  # what its page shows of its thread (feedback.model.ShownEntry), for the writer
    redacted: tuple[tuple[int, str], ...] = ()  # (line, replacement) of hidden and removed feedback blocks
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return any(problem.blocking for problem in self.problems)

    @property
    def sort_key(self) -> tuple[int, str, str]:
        """Newest first, then by title and name so that equal dates list the same way every time."""
        return (-(self.date.toordinal() if self.date else 0), (self.title or "").casefold(), self.docname)


_DRAFT_KEY = re.compile(r"^draft[ \t]*:", re.MULTILINE)


def is_draft(text: str) -> bool:
    """Whether a report's front matter says ``draft: true``, as the validator reads it (the YAML is
    parsed only when a ``draft:`` line is there). Drafts are built only in the preview."""
    if not _DRAFT_KEY.search(text[:64 * 1024]):
        return False
    matter = read_front_matter(text)
    return matter.error is None and matter.data.get("draft") is True


def _parsed(key: str, value: Any) -> Any:
    """``value`` read as ``FIELDS[key]`` says, or ``None`` when it does not fit."""
    try:
        return FIELDS[key].kind.parse(value)
    except Invalid:
        return None


class _Checker:
    """Collects problems while it reads one report."""

    def __init__(self, report: Report, matter: FrontMatter):
        self.report = report
        self.matter = matter

    def add(self, key: str | None, subtype: W, message: str, blocking: bool = False) -> None:
        line = self.matter.line_of(key) if key else 1
        self.report.problems.append(Problem(line, subtype, message, REPORT_LEFT_OUT if blocking else None))


def _check_location(check: _Checker, relative: PurePosixPath, reports_dir: str, cycles: dict[str, Cycle]) -> None:
    folders = ", ".join(f"{reports_dir}/{name}/" for name in cycles) or "(none configured)"
    if relative.suffix != REPORT_SUFFIX:
        check.add(None, W.MISPLACED, f"reports are MyST markdown files ending in '{REPORT_SUFFIX}'; "
                                     f"rename this file to '{relative.stem}{REPORT_SUFFIX}'", blocking=True)
    if len(relative.parts) != 2:
        check.add(None, W.MISPLACED, f"reports go in {reports_dir}/<cycle>/<slug>.md; "
                                     f"move this file into one of: {folders}", blocking=True)
        return
    folder = relative.parts[0]
    if folder not in cycles:
        check.add(None, W.UNKNOWN_CYCLE, f"folder '{folder}' names no release cycle; move the file into one "
                                         f"of {folders} or add '{folder}' to newsletter_cycles in conf.py",
                  blocking=True)
        return
    check.report.cycle = folder


def _clean_fields(check: _Checker, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its text fields made plain and bounded, warning at the line of each change."""
    cleaned = dict(data)
    for key, length in ((key, spec.max_length) for key, spec in FIELDS.items() if spec.max_length):
        value = data.get(key)
        notes: list[str] = []
        if isinstance(value, str):
            cleaned[key], notes = clean_text(value, length)
        elif isinstance(value, list):
            items = []
            for item in value:
                if isinstance(item, str):
                    item, item_notes = clean_text(item, length)
                    notes += [note for note in item_notes if note not in notes]
                items.append(item)
            cleaned[key] = items
        if notes:
            check.add(key, W.BAD_VALUE, f"'{key}': {'; '.join(notes)}")
    return cleaned


def _check_fields(check: _Checker, data: dict[str, Any]) -> None:
    report = check.report
    data = _clean_fields(check, data)
    for key in data:
        if key in FIELDS:
            continue
        if key in UNSAFE_KEYS:
            check.add(key, W.UNSAFE, f"'{key}' {UNSAFE_KEYS[key]} and is ignored in reports; remove it")
            continue
        close = difflib.get_close_matches(str(key), FIELDS, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(FIELDS)}"
        check.add(key, W.UNKNOWN_KEY, f"unknown front matter key '{key}' is ignored; {hint}")

    report.title = _parsed("title", data["title"]) if data.get("title") is not None else None
    if report.title is None:
        if "title" in data and data["title"] not in (None, ""):
            check.add("title", W.BAD_VALUE, "title must be text, e.g. 'title: Back from the summit'", blocking=True)
        else:
            check.add("title", W.MISSING_FIELD, "missing 'title': add e.g. 'title: Back from the summit'",
                      blocking=True)
    report.title_line = check.matter.line_of("title")
    report.tags_line = check.matter.line_of("tags")

    if "author" in data and "authors" in data:
        check.add("authors", W.BAD_VALUE, "use either 'author' or 'authors', not both", blocking=True)
    author_key = "authors" if "authors" in data else "author"
    value = data.get(author_key)
    authors = _parsed(author_key, value) if value not in (None, "", []) else None
    if authors is None:
        if value not in (None, "", []):
            check.add(author_key, W.BAD_VALUE, f"'{author_key}' must be a name or a list of names, "
                                               "e.g. 'authors: [Jane Doe, Li Wei]'", blocking=True)
        else:
            check.add(author_key, W.MISSING_FIELD, "missing 'author': add e.g. 'author: Jane Doe'", blocking=True)
    else:
        report.authors = authors

    if data.get("date") in (None, ""):
        check.add("date", W.MISSING_FIELD, "missing 'date': add e.g. 'date: 2011-10-08'", blocking=True)
    else:
        report.date = _parsed("date", data["date"])
        if report.date is None:
            check.add("date", W.BAD_VALUE, f"date {data['date']!r} is not a valid date: write it as YYYY-MM-DD, "
                                           "e.g. 'date: 2011-10-08'", blocking=True)

    for key in ("event", "location", "summary", "origin"):
        if data.get(key) is not None:  # an empty 'event:' is no event
            value = _parsed(key, data[key])
            if value is None:
                check.add(key, W.BAD_VALUE, f"'{key}' must be text; the value is ignored")
            setattr(report, key, value)

    tags = data.get("tags")
    if tags is not None:
        if not isinstance(tags, list):
            check.add("tags", W.BAD_VALUE, f"tags must be a list, e.g. 'tags: [nova, design-summit]'; "
                                           f"{tags!r} is ignored")
        else:
            items = [_safe_text(tag) for tag in tags]
            if not all(items):
                check.add("tags", W.BAD_VALUE, "each tag must be a word or phrase; empty or nested tags are ignored")
            if len(set(map(repr, tags))) != len(tags):
                check.add("tags", W.BAD_VALUE, "a tag is listed twice; it is kept once")
            report.tags = tuple(dict.fromkeys(item for item in items if item))

    if data.get("corrections") is not None:
        report.corrections_line = check.matter.line_of("corrections")
        corrections = _parsed("corrections", data["corrections"])
        if corrections is None:
            check.add("corrections", W.BAD_VALUE, "corrections must be a list of entries with a date and a note, "
                                                  "e.g. 'corrections: [{date: 2012-10-05, note: Fixed the "
                                                  "speaker's name}]'", blocking=True)
        else:
            report.corrections = corrections

    draft = data.get("draft", False)
    if _parsed("draft", draft) is None:
        check.add("draft", W.BAD_VALUE, f"draft must be true or false, not {draft!r}")
    else:
        report.draft = draft


def _safe_text(value: Any) -> str | None:
    try:
        return str(FIELDS["title"].kind.parse(value))
    except Invalid:
        return None


def _check_cycle_window(check: _Checker, reports_dir: str, cycles: dict[str, Cycle]) -> None:
    """A report's date lies in its folder's cycle; a late report (dated in an edition that is already
    published) goes into the edition in progress and keeps its date. Advice never points back."""
    report = check.report
    if report.cycle is None or report.date is None:
        return
    cycle = cycles[report.cycle]
    if cycle.contains(report.date):
        return
    right = cycle_for_date(cycles, report.date)
    if right is not None and right.is_published and not cycle.is_published and report.date < cycle.start:
        return  # a late report of a published edition, in the edition in progress
    if right is None:
        fix = "no configured cycle covers that date; check the date"
    elif not right.is_published:
        fix = f"move the file to {reports_dir}/{right.name}/"
    else:
        latest = current_cycle(cycles)
        fix = (f"the {right.title} edition is published: move the file to {reports_dir}/{latest.name}/, the edition "
               "in progress, which takes late reports (keep the date)" if latest and not latest.is_published
               else f"the {right.title} edition is published; add an open cycle to conf.py for late reports")
    check.add("date", W.WRONG_CYCLE, f"date {report.date} falls outside the {cycle.title} cycle "
                                     f"({cycle.window}): {fix}")


def validate_report(docname: str, relative: PurePosixPath, matter: FrontMatter, cycles: dict[str, Cycle],
                    reports_dir: str = "reports") -> Report:
    """Read one report: ``relative`` is its path inside the reports folder."""
    report = Report(docname=docname)
    check = _Checker(report, matter)
    _check_location(check, relative, reports_dir, cycles)
    if matter.error:
        report.problems.append(Problem(matter.error.line, W.LIMIT if matter.error.limit else W.FRONT_MATTER,
                                       matter.error.message, REPORT_LEFT_OUT, matter.error.column))
    elif not matter.present:
        check.add(None, W.FRONT_MATTER, "no front matter: start the file with a '---' line, the fields title, "
                                        "author and date, and another '---' line", blocking=True)
    else:
        _check_fields(check, matter.data)
        _check_cycle_window(check, reports_dir, cycles)
    return report


SKELETON = """\
Start with a short paragraph: where you went, when, and why it mattered. It becomes the
summary on the edition page unless you add a `summary:` line to the front matter.

## What happened

The sessions, talks or conversations worth sharing. Use `##` headings for sections.

## What I took home

What changes for the project or the community, and what you will do next.
"""
"""The body ``newsletter new`` writes: an example for the contributor to replace."""
_SKELETON_SENTENCES = ("Start with a short paragraph: where you went, when, and why it mattered",
                       "The sessions, talks or conversations worth sharing.",
                       "What changes for the project or the community")


def skeleton_problems(text: str) -> list[Problem]:
    """The example text of ``newsletter new`` left in a report (``text``: the whole file)."""
    for sentence in _SKELETON_SENTENCES:
        position = text.find(sentence)
        if position >= 0:
            line = text.count("\n", 0, position) + 1
            return [Problem(line, W.TEMPLATE_TEXT, "the example text that 'newsletter new' wrote is still here: "
                                                   "replace it with your report")]
    return []


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str) -> tuple[str, list[Problem]]:
    """The report's whole text without control characters, which have no place in markdown and make
    XML outputs (feeds, EPUB) invalid, and the problem naming the first one."""
    match = _CONTROL.search(text)
    if match is None:
        return text, []
    line = text.count("\n", 0, match.start()) + 1
    return _CONTROL.sub("", text), [Problem(line, W.BAD_VALUE, f"control character U+{ord(match.group()):04X} "
                                                               "and any others are removed from the report")]


def duplicate_problem(later: Report, first_path: str, known: bool = True) -> Problem:
    """The problem of a report that repeats another's title and date (``known``: it came later; else
    which came first cannot be told, and both are named)."""
    return Problem(later.title_line, W.DUPLICATE, f"same title and date as {first_path} in the same cycle"
                                                  f"{'' if known else ' (which came first cannot be told)'}: "
                                                  "change the title, or remove one of the two reports")


def stray_file_problem(path: PurePosixPath) -> Problem:
    return Problem(1, W.MISPLACED, f"not built: reports are MyST markdown files ending in '{REPORT_SUFFIX}'; "
                                   f"rename it to '{path.stem}{REPORT_SUFFIX}'")


def undecodable_problem(error: UnicodeDecodeError, subtype: W = W.FRONT_MATTER,
                        consequence: str = REPORT_LEFT_OUT) -> Problem:
    return Problem(1, subtype, f"not UTF-8 text ({error.reason} at byte {error.start}): "
                                      "save the file as UTF-8", consequence)


def find_duplicates(reports: Iterable[Report]) -> list[tuple[Report, Report]]:
    """Pairs (first, later) of reports in one cycle with the same title and date."""
    seen: dict[tuple[str, str, dt.date], Report] = {}
    pairs = []
    for report in sorted(reports, key=lambda r: r.docname):
        if report.cycle is None or report.title is None or report.date is None:
            continue
        key = (report.cycle, report.title.casefold(), report.date)
        if key in seen:
            pairs.append((seen[key], report))
        else:
            seen[key] = report
    return pairs

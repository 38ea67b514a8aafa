"""Publication records: which editions went out, when, and what they held. No Sphinx here.

``newsletter publish <cycle>`` writes ``published/<cycle>.json`` (commit it): the publication date,
each report of the edition with a hash of its file, and the corrections recorded for each. The record
is the one source of truth for a cycle's state and date: ``Settings`` reads it (``recorded_dates``),
so the build, ``newsletter check``, ``newsletter cycles`` and every page agree.

A published edition does not change silently:

- a report added to its folder is an error that names the open cycle to move it to;
- a changed report is an error, unless it carries a new entry under ``corrections:`` in its front
  matter (what changed and why, and when): the correction is shown on the report page, updates the
  report in the feeds, and ``newsletter publish`` records it (publishing the edition again, or the
  next one), after which the report is held to its corrected text;
- a recorded correction cannot be removed, and a removed report is an error.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from sphinx_newsletter.core.paths import read_regular_file, write_regular_file
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.records import (
    MAX_RECORD_BYTES,
    RECORD_SUFFIX,
    Record,
    Send,
    file_digest,
    read_record,
    record_path,
)
from sphinx_newsletter.core.report import REPORT_LEFT_OUT, Report
from sphinx_newsletter.core.settings import Cycle, current_cycle


def write_record(published_dir: Path, cycle: Cycle, published: dt.date, reports: dict[str, bytes],
                 corrections: dict[str, int], note_digest: str | None = None, sends: tuple[Send, ...] = ()) -> Path:
    """Write the record of an edition: its reports as they are now, their corrections, its note, and the
    times its issue went to the list."""
    path = record_path(published_dir, cycle.name)
    data: dict[str, object] = {"cycle": cycle.name, "published": published.isoformat(),
                               "reports": {name: file_digest(content) for name, content in sorted(reports.items())}}
    counted = {name: count for name, count in sorted(corrections.items()) if count}
    if counted:
        data["corrections"] = counted
    if note_digest is not None:
        data["note"] = note_digest
    if sends:
        data["sent"] = [send.as_json() for send in sends]
    write_regular_file(path, Path(published_dir).parent, json.dumps(data, indent=2) + "\n")
    return path


def record_send(published_dir: Path, record: Record, send: Send) -> Path:
    """Add ``send`` to the edition's record (``record``, as read), leaving the rest as it is."""
    path = record_path(published_dir, record.cycle)
    data = json.loads(read_regular_file(path, Path(published_dir).parent, MAX_RECORD_BYTES).decode("utf-8"))
    data["sent"] = [item.as_json() for item in (*record.sends, send)]
    write_regular_file(path, Path(published_dir).parent, json.dumps(data, indent=2) + "\n")
    return path


def correction_advice(today: dt.date | None = None) -> str:
    day = (today or dt.date.today()).isoformat()
    return ("add a correction to its front matter, e.g. 'corrections: [{date: " + day
            + ", note: What changed and why}]'")


def frozen_problems(report: Report, path: str, data: bytes, record: Record | None,
                    cycles: dict[str, Cycle], read_file: Callable[[], bytes] | None = None) -> list[Problem]:
    """Problems of a report (at ``path``, with these bytes) against its edition's record. ``data`` may be
    the text as the build read it, encoded again; when it does not match the record, ``read_file()`` gives
    the file's own bytes (a BOM or CRLF line ends, which reading the text took out)."""
    if record is None:
        return []
    edition = cycles[report.cycle].title if report.cycle in cycles else record.cycle
    if path not in record.reports:
        open_cycle = current_cycle({name: c for name, c in cycles.items() if not c.is_published})
        where = (f"move it to {path.split('/')[0]}/{open_cycle.name}/ (the open {open_cycle.title} edition takes "
                 "late reports; keep its date)") if open_cycle else "add an open cycle to conf.py for it"
        return [Problem(1, W.FROZEN, f"the {edition} edition was published on {record.published} and is "
                                     f"frozen: {where}", REPORT_LEFT_OUT)]
    recorded = record.corrections.get(path, 0)
    if len(report.corrections) < recorded:
        return [Problem(report.corrections_line, W.FROZEN, f"{recorded} correction(s) were recorded for this "
                                                           "report and corrections stay: restore the removed one")]
    problems = [Problem(report.corrections_line, W.BAD_VALUE,
                        f"the correction of {correction.date} is dated before the {edition} edition was "
                        f"published ({record.published}): date it on the day of the correction")
                for correction in report.corrections[recorded:] if correction.date < record.published]
    if (len(report.corrections) == recorded and file_digest(data) != record.reports[path]
            and (read_file is None or file_digest(read_file()) != record.reports[path])):
        problems.append(Problem(1, W.FROZEN, f"changed after the {edition} edition was published on "
                                             f"{record.published}: undo the edit, or {correction_advice()}",
                                error=True))
    return problems


def pending_corrections(report: Report, path: str, record: Record | None) -> int:
    """How many of the report's corrections its edition's record does not hold yet."""
    if record is None:
        return 0
    return max(0, len(report.corrections) - record.corrections.get(path, 0))


def missing_published_reports(srcdir: Path, published_dir: Path, cycles: dict[str, Cycle]) -> list[tuple[str, Problem]]:
    """Reports listed in a record whose file is gone."""
    missing = []
    for cycle in cycles.values():
        record = read_record(published_dir, cycle.name)
        if record is None:
            continue
        for path in sorted(record.reports):
            if not (srcdir / path).is_file():
                shown = str(record_path(published_dir, cycle.name).relative_to(srcdir))
                missing.append((shown, Problem(1, W.FROZEN, f"{path} was published in the {cycle.title} edition "
                                                            f"on {record.published} and is missing: restore it")))
    return missing


def unreadable_records(srcdir: Path, published_dir: Path) -> list[tuple[str, Problem]]:
    """Files in the records folder that are not a record ``newsletter publish`` wrote (a link, a pipe,
    a file too large, not JSON, or naming another cycle than its file name)."""
    if not published_dir.is_dir() or published_dir.is_symlink():
        return []
    problems = []
    for path in sorted(published_dir.iterdir()):
        record = read_record(published_dir, path.stem) if path.suffix == RECORD_SUFFIX else None
        if record is None or record.cycle != path.stem:
            problems.append((path.relative_to(srcdir).as_posix(), Problem(
                1, W.REFUSED, "not a publication record that newsletter publish wrote (a link, a special or large "
                              "file, not JSON, or a record of another cycle): it is ignored; restore it from git or "
                              "remove it")))
    return problems

"""Publication records and frozen editions with verdicts written by hand: this record is written so, this
change to a published report is refused with that message. No site is built; ``make mutation`` mutates the
code these tests pin (``core/publication.py``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

import pytest

from sphinx_newsletter.core.fields import Correction
from sphinx_newsletter.core.publication import (
    correction_advice,
    frozen_problems,
    missing_published_reports,
    pending_corrections,
    record_send,
    unreadable_records,
    write_record,
)
from sphinx_newsletter.core.records import Record, Send, read_record
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.core.settings import parse_cycles

CYCLES = parse_cycles([
    {"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-22", "status": "published"},
    {"name": "essex", "title": "Essex", "start": "2011-09-22", "end": "2012-04-05"},
    {"name": "folsom", "title": "Folsom", "start": "2012-04-05"},
])
PUBLISHED = dt.date(2011, 9, 30)
LEFT_OUT = "the report is left out of its edition until this is fixed"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_record_written_as_json_a_reviewer_can_read(tmp_path):
    published = tmp_path / "published"
    path = write_record(published, CYCLES["diablo"], PUBLISHED, {"reports/diablo/b.md": b"B", "reports/diablo/a.md": b"A"},
                        {"reports/diablo/b.md": 2, "reports/diablo/a.md": 0}, note_digest="abc",
                        sends=(Send(dt.datetime(2011, 10, 1, 9, 0, tzinfo=dt.timezone.utc), "list@example.org", "<m@x>"),))
    assert path == published / "diablo.json"
    assert path.read_text(encoding="utf-8") == json.dumps({
        "cycle": "diablo", "published": "2011-09-30",
        "reports": {"reports/diablo/a.md": sha(b"A"), "reports/diablo/b.md": sha(b"B")},
        "corrections": {"reports/diablo/b.md": 2}, "note": "abc",
        "sent": [{"sent": "2011-10-01T09:00:00+00:00", "to": "list@example.org", "message_id": "<m@x>"}]}, indent=2) + "\n"


def test_a_plain_record_has_no_empty_parts(tmp_path):
    path = write_record(tmp_path / "published", CYCLES["diablo"], PUBLISHED, {}, {"reports/diablo/a.md": 0})
    assert json.loads(path.read_text()) == {"cycle": "diablo", "published": "2011-09-30", "reports": {}}


def test_a_send_is_added_and_the_rest_left_as_it_is(tmp_path):
    published = tmp_path / "published"
    write_record(published, CYCLES["diablo"], PUBLISHED, {"reports/diablo/a.md": b"A"}, {}, note_digest="n")
    path = published / "diablo.json"
    path.write_text(path.read_text().replace('"note": "n"', '"note": "n", "kept": "as written"'))
    first = Send(dt.datetime(2011, 10, 1, 9, 0, tzinfo=dt.timezone.utc), "a@example.org", "<1@x>")
    again = Send(dt.datetime(2011, 10, 2, 9, 0, tzinfo=dt.timezone.utc), "a@example.org", "<2@x>", "a typo")
    record_send(published, read_record(published, "diablo"), first)
    record_send(published, read_record(published, "diablo"), again)
    data = json.loads(path.read_text())
    assert data["kept"] == "as written" and data["note"] == "n"
    assert data["sent"] == [{"sent": "2011-10-01T09:00:00+00:00", "to": "a@example.org", "message_id": "<1@x>"},
                            {"sent": "2011-10-02T09:00:00+00:00", "to": "a@example.org", "message_id": "<2@x>",
                             "reason": "a typo"}]
    assert path.read_text().endswith("}\n") and '\n  "sent": [\n' in path.read_text()


def test_the_advice_for_a_correction_dates_it_today():
    assert correction_advice(dt.date(2012, 1, 2)) == (
        "add a correction to its front matter, e.g. 'corrections: [{date: 2012-01-02, note: What changed and why}]'")
    assert dt.date.today().isoformat() in correction_advice()


def report(corrections: int = 0, cycle: str = "diablo") -> Report:
    return Report(f"reports/{cycle}/a", cycle=cycle, corrections_line=6,
                  corrections=tuple(Correction(dt.date(2011, 10, day), f"fix {day}") for day in range(1, corrections + 1)))


def record(corrections: int = 0, data: bytes = b"text") -> Record:
    return Record("diablo", PUBLISHED, {"reports/diablo/a.md": sha(data)},
                  {"reports/diablo/a.md": corrections} if corrections else {})


def told(problems) -> list[tuple]:
    return [(problem.line, problem.subtype.value, problem.message, problem.consequence, problem.error)
            for problem in problems]


def test_an_unchanged_report_and_an_unpublished_edition_are_fine():
    assert frozen_problems(report(), "reports/diablo/a.md", b"text", record(), CYCLES) == []
    assert frozen_problems(report(), "reports/diablo/a.md", b"other", None, CYCLES) == []


def test_a_report_added_to_a_published_edition_is_sent_to_the_open_one():
    assert told(frozen_problems(report(), "reports/diablo/new.md", b"x", record(), CYCLES)) == [
        (1, "frozen", "the Diablo edition was published on 2011-09-30 and is frozen: move it to reports/folsom/ (the "
                      "open Folsom edition takes late reports; keep its date)", LEFT_OUT, False)]
    closed = {name: cycle for name, cycle in CYCLES.items() if name == "diablo"}
    assert told(frozen_problems(report(), "reports/diablo/new.md", b"x", record(), closed))[0][2] == (
        "the Diablo edition was published on 2011-09-30 and is frozen: add an open cycle to conf.py for it")
    unknown = frozen_problems(report(cycle="gone"), "reports/diablo/new.md", b"x", record(), CYCLES)
    assert told(unknown)[0][2].startswith("the diablo edition was published on 2011-09-30")


def test_a_changed_report_needs_a_correction(monkeypatch):
    [problem] = frozen_problems(report(), "reports/diablo/a.md", b"edited", record(), CYCLES)
    assert (problem.line, problem.subtype.value, problem.consequence, problem.error) == (1, "frozen", None, True)
    assert problem.message == ("changed after the Diablo edition was published on 2011-09-30: undo the edit, or add a "
                               "correction to its front matter, e.g. 'corrections: [{date: "
                               f"{dt.date.today().isoformat()}, note: What changed and why}}]'")
    assert frozen_problems(report(1), "reports/diablo/a.md", b"edited", record(), CYCLES) == []


def test_the_file_s_own_bytes_are_compared_when_the_text_differs():
    with_bom = b"\xef\xbb\xbftext"
    assert frozen_problems(report(), "reports/diablo/a.md", b"text-as-read", record(data=with_bom), CYCLES,
                           read_file=lambda: with_bom) == []
    assert len(frozen_problems(report(), "reports/diablo/a.md", b"text-as-read", record(data=with_bom), CYCLES,
                               read_file=lambda: b"other")) == 1


def test_a_recorded_correction_stays():
    assert told(frozen_problems(report(1), "reports/diablo/a.md", b"edited", record(2), CYCLES)) == [
        (6, "frozen", "2 correction(s) were recorded for this report and corrections stay: restore the removed one",
         None, False)]
    assert frozen_problems(report(2), "reports/diablo/a.md", b"edited", record(2, b"edited"), CYCLES) == []
    assert len(frozen_problems(report(2), "reports/diablo/a.md", b"again", record(2, b"edited"), CYCLES)) == 1


def test_a_new_correction_is_dated_on_or_after_publication():
    early = Report("reports/diablo/a", cycle="diablo", corrections_line=6,
                   corrections=(Correction(dt.date(2011, 9, 29), "too early"), Correction(PUBLISHED, "same day")))
    assert told(frozen_problems(early, "reports/diablo/a.md", b"edited", record(), CYCLES)) == [
        (6, "bad_value", "the correction of 2011-09-29 is dated before the Diablo edition was published (2011-09-30): "
                         "date it on the day of the correction", None, False)]
    recorded = frozen_problems(early, "reports/diablo/a.md", b"edited", record(1), CYCLES)
    assert recorded == []  # the first correction is recorded already: only new ones are dated


@pytest.mark.parametrize(("corrections", "recorded", "pending"), [(0, 0, 0), (2, 0, 2), (3, 1, 2), (1, 2, 0)])
def test_corrections_not_recorded_yet(corrections, recorded, pending):
    assert pending_corrections(report(corrections), "reports/diablo/a.md", record(recorded)) == pending
    assert pending_corrections(report(corrections), "reports/diablo/a.md", None) == 0


def test_a_published_report_that_is_gone(tmp_path):
    published = tmp_path / "published"
    write_record(published, CYCLES["diablo"], PUBLISHED, {"reports/diablo/b.md": b"B", "reports/diablo/a.md": b"A"}, {})
    (tmp_path / "reports" / "diablo").mkdir(parents=True)
    (tmp_path / "reports" / "diablo" / "b.md").write_text("B")
    (tmp_path / "reports" / "diablo" / "gone.md").mkdir()  # a folder is not the file
    missing = missing_published_reports(tmp_path, published, CYCLES)
    assert [(shown, problem.line, problem.subtype.value, problem.message) for shown, problem in missing] == [
        ("published/diablo.json", 1, "frozen", "reports/diablo/a.md was published in the Diablo edition on 2011-09-30 "
                                               "and is missing: restore it")]


def test_files_in_the_records_folder_that_are_no_record(tmp_path):
    published = tmp_path / "published"
    write_record(published, CYCLES["diablo"], PUBLISHED, {}, {})
    write_record(published, CYCLES["essex"], PUBLISHED, {}, {})
    (published / "essex.json").rename(published / "folsom.json")  # a record of another cycle
    (published / "notes.txt").write_text("x")
    (published / "broken.json").write_text("{")
    os.symlink(published / "diablo.json", published / "linked.json")
    problems = unreadable_records(tmp_path, published)
    message = ("not a publication record that newsletter publish wrote (a link, a special or large file, not JSON, or a "
               "record of another cycle): it is ignored; restore it from git or remove it")
    assert [(shown, problem.line, problem.subtype.value, problem.message) for shown, problem in problems] == [
        (f"published/{name}", 1, "refused", message) for name in ("broken.json", "folsom.json", "linked.json",
                                                                  "notes.txt")]
    assert unreadable_records(tmp_path, tmp_path / "none") == []
    os.symlink(published, tmp_path / "linked-folder")
    assert unreadable_records(tmp_path, tmp_path / "linked-folder") == []


def test_every_recorded_edition_is_looked_through(tmp_path):
    published = tmp_path / "published"
    write_record(published, CYCLES["essex"], PUBLISHED, {"reports/essex/a.md": b"A"}, {})  # diablo has no record
    assert [shown for shown, _ in missing_published_reports(tmp_path, published, CYCLES)] == ["published/essex.json"]


def test_a_file_beside_a_record_is_no_record_of_its_own(tmp_path):
    published = tmp_path / "published"
    write_record(published, CYCLES["diablo"], PUBLISHED, {}, {})
    (published / "diablo.txt").write_text("x")
    assert [shown for shown, _ in unreadable_records(tmp_path, published)] == ["published/diablo.txt"]

"""The parser parses; the domain collects (``process_doc``): a report reaches the domain through its
doctree and is taken off it, every page's listings are noted where Sphinx collects, and a published
report is held to its record without reading its file a second time."""

from __future__ import annotations

import datetime as dt
import pickle

from sphinx_newsletter.adapters.nodes import REPORT_ATTRIBUTE
from sphinx_newsletter.core.publication import frozen_problems
from sphinx_newsletter.core.records import Record, file_digest
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.core.settings import Cycle

ESSEX = Cycle(name="essex", title="Essex", start=dt.date(2011, 10, 1), end=dt.date(2012, 4, 5), status="published",
              published=dt.date(2012, 4, 12))
PATH = "reports/essex/summit.md"
LF = "---\ntitle: Summit\n---\n\nText.\n"
CRLF = LF.replace("\n", "\r\n")


def report() -> Report:
    return Report(docname="reports/essex/summit", title="Summit", cycle="essex")


def record(text: str) -> Record:
    return Record("essex", ESSEX.published, {PATH: file_digest(text.encode())})


def untouched() -> bytes:
    raise AssertionError("the file was read again although its text matched the record")


def test_text_that_matches_the_record_is_not_read_again():
    assert frozen_problems(report(), PATH, LF.encode(), record(LF), {"essex": ESSEX}, untouched) == []


def test_a_file_whose_line_ends_reading_changed_is_read_again_and_passes():
    """Sphinx reads CRLF as LF: the text differs from the record, the file's own bytes do not."""
    assert frozen_problems(report(), PATH, LF.encode(), record(CRLF), {"essex": ESSEX}, CRLF.encode) == []


def test_an_edited_report_is_frozen_by_its_bytes():
    edited = LF.replace("Text.", "Text, edited.")
    problems = frozen_problems(report(), PATH, edited.encode(), record(LF), {"essex": ESSEX}, edited.encode)
    assert [(problem.subtype.value, problem.error) for problem in problems] == [("frozen", True)]


def test_no_doctree_keeps_the_report_its_parser_handed_over(built_sample_site):
    doctrees = sorted((built_sample_site / "_build/html/.doctrees/reports").rglob("*.doctree"))
    assert doctrees
    for path in doctrees:
        assert REPORT_ATTRIBUTE not in pickle.loads(path.read_bytes()).attributes, path


def test_the_domain_holds_each_report_and_the_pages_that_show_listings(built_sample_site):
    environment = pickle.loads((built_sample_site / "_build/html/.doctrees/environment.pickle").read_bytes())
    domain = environment.domaindata["newsletter"]
    reports = {path.relative_to(built_sample_site).with_suffix("").as_posix()
               for path in (built_sample_site / "reports").rglob("*.md")}
    assert set(domain["reports"]) == reports
    assert all(domain["listing_docs"][name] == {f"pager:{name}"} for name in reports)
    assert "edition:essex" in domain["listing_docs"]["editions/essex"]
    assert any(key.startswith("edition:") for key in domain["listing_docs"]["index"])

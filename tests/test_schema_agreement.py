"""The JSON Schemas and the validator come from one declaration (``core.fields``) and agree: for a table
of front matter and feedback entries (each written as YAML and read the way the build reads it), each
with its verdict written by hand, the schema accepts and the validator passes exactly the valid ones."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import jsonschema
import pytest
import yaml

from sphinx_newsletter.core.frontmatter import read_front_matter
from sphinx_newsletter.core.report import validate_report
from sphinx_newsletter.core.settings import Cycle
from sphinx_newsletter.editorial.schema import feedback_schema, report_schema
from sphinx_newsletter.feedback.model import read_feedback_file

CYCLES = {"alpha": Cycle("alpha", "Alpha", dt.date(1900, 1, 1), None)}
BASE = {"title": "Back from the summit", "author": "Jane Doe", "date": "2011-10-08"}
ENTRY = {"author": "Priya Raman", "date": "2011-10-12", "body": "Good summary."}

TEXTS = [("plain", "Boston", True), ("number", 2011, True), ("float", 1.5, True), ("empty", "", False),
         ("blank", "   ", False), ("bool", True, False), ("list", ["a"], False), ("mapping", {"a": 1}, False),
         ("rtl override", "a\u202eb", False), ("bell", "a\x07b", False), ("zero-width joiner", "a\u200db", True),
         ("accents", "Zürich – Genève", True), ("emoji", "👩‍💻 meetup", True)]
REPORT_CASES = [
    # the six disagreements the issue found, now agreements
    ("duplicate tags", {**BASE, "tags": ["nova", "nova"]}, False),
    ("numeric title", {**BASE, "title": 2011}, True),
    ("numeric author", {**BASE, "author": 42}, True),
    ("empty event", {**BASE, "event": None}, True),
    *[(f"title {name}", {**BASE, "title": value}, valid) for name, value, valid in TEXTS],
    *[(f"author {name}", {**BASE, "author": value}, valid or name == "list") for name, value, valid in TEXTS],  # a list: authors
    *[(f"event {name}", {**BASE, "event": value}, valid) for name, value, valid in TEXTS],
    *[(f"location {name}", {**BASE, "location": value}, valid) for name, value, valid in TEXTS],
    *[(f"summary {name}", {**BASE, "summary": value}, valid) for name, value, valid in TEXTS],
    *[(f"tag {name}", {**BASE, "tags": [value]}, valid) for name, value, valid in TEXTS],
    ("authors list", {**{k: v for k, v in BASE.items() if k != "author"}, "authors": ["Jane", "Li Wei"]}, True),
    ("authors one name", {**{k: v for k, v in BASE.items() if k != "author"}, "authors": "Jane"}, True),
    ("authors empty list", {**{k: v for k, v in BASE.items() if k != "author"}, "authors": []}, False),
    ("author list", {**BASE, "author": ["Jane", "Li"]}, True),
    ("author and authors", {**BASE, "authors": ["Li Wei"]}, False),
    ("no author", {k: v for k, v in BASE.items() if k != "author"}, False),
    ("no title", {k: v for k, v in BASE.items() if k != "title"}, False),
    ("no date", {k: v for k, v in BASE.items() if k != "date"}, False),
    ("date 2011-02-30", {**BASE, "date": "2011-02-30"}, False),
    ("date 11-10-08", {**BASE, "date": "11-10-08"}, False),
    ("date with time", {**BASE, "date": "2011-10-08T10:00"}, False),
    ("date number", {**BASE, "date": 20111008}, False),
    ("tags string", {**BASE, "tags": "nova, swift"}, False),
    ("tags empty", {**BASE, "tags": []}, True),
    ("tags several", {**BASE, "tags": ["nova", "swift", "design summit"]}, True),
    ("tag too long", {**BASE, "tags": ["x" * 61]}, False),
    ("tag as long as allowed", {**BASE, "tags": ["x" * 60]}, True),
    ("title too long", {**BASE, "title": "t" * 201}, False),
    ("title null", {**BASE, "title": None}, False),
    ("author null", {**BASE, "author": None}, False),
    ("authors with an empty name", {**{k: v for k, v in BASE.items() if k != "author"}, "authors": ["Jane", ""]}, False),
    ("title as long as allowed", {**BASE, "title": "t" * 200}, True),
    ("correction note as long as allowed", {**BASE, "corrections": [{"date": "2012-10-05", "note": "n" * 500}]}, True),
    ("correction note one too long", {**BASE, "corrections": [{"date": "2012-10-05", "note": "n" * 501}]}, False),
    ("correction without a note", {**BASE, "corrections": [{"date": "2012-10-05"}]}, False),
    ("draft true", {**BASE, "draft": True}, True),
    ("draft string", {**BASE, "draft": "yes"}, False),
    ("draft number", {**BASE, "draft": 1}, False),
    ("unknown key", {**BASE, "sumary": "typo"}, False),
    ("myst key", {**BASE, "myst": {"enable_extensions": ["substitution"]}}, False),
    ("html_meta key", {**BASE, "html_meta": {"refresh": "0"}}, False),
]
ENTRY_CASES = [
    ("likes as text", {**ENTRY, "likes": "3"}, True),
    ("url without slashes", {**ENTRY, "url": "https:x"}, False),
    ("likes", {**ENTRY, "likes": 3}, True),
    ("likes zero", {**ENTRY, "likes": 0}, True),
    ("likes negative", {**ENTRY, "likes": -1}, False),
    ("likes float", {**ENTRY, "likes": 2.5}, False),
    ("likes bool", {**ENTRY, "likes": True}, False),
    ("likes words", {**ENTRY, "likes": "three"}, False),
    ("url https", {**ENTRY, "url": "https://example.org/jane"}, True),
    ("url http host only", {**ENTRY, "url": "http://example.org"}, True),
    ("url javascript", {**ENTRY, "url": "javascript:alert(1)"}, False),
    ("url with space", {**ENTRY, "url": 'https://ok.example/" onmouseover="x'}, False),
    ("url relative", {**ENTRY, "url": "/jane"}, False),
    ("url number", {**ENTRY, "url": 42}, False),
    ("url mailto", {**ENTRY, "url": "mailto:jane@example.org"}, False),
    ("no author", {k: v for k, v in ENTRY.items() if k != "author"}, False),
    ("no date", {k: v for k, v in ENTRY.items() if k != "date"}, False),
    ("no body", {k: v for k, v in ENTRY.items() if k != "body"}, False),
    ("blank body", {**ENTRY, "body": "  "}, False),
    ("numeric author", {**ENTRY, "author": 7}, True),
    ("bad date", {**ENTRY, "date": "yesterday"}, False),
    ("unknown field", {**ENTRY, "mood": "happy"}, False),
    ("reply", {**ENTRY, "replies": [{**ENTRY, "date": "2011-10-13"}]}, True),
    ("reply without author", {**ENTRY, "replies": [{"date": "2011-10-13", "body": "x"}]}, False),
    ("replies not a list", {**ENTRY, "replies": "none"}, False),
]


def front_matter_problems(data: dict) -> list:
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\nBody.\n"
    report = validate_report("reports/alpha/x", PurePosixPath("alpha/x.md"), read_front_matter(text), CYCLES)
    return report.problems


def entry_problems(entry: dict) -> list:
    def walk(entries):
        for item in entries:
            yield from item.problems
            yield from walk(item.replies)

    parsed = read_feedback_file(yaml.safe_dump([entry], allow_unicode=True, sort_keys=False))
    return [*parsed.problems, *walk(parsed.entries)]


def accepted(schema: dict, instance) -> bool:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return validator.is_valid(instance)


def test_the_table_is_large_enough():
    assert len(REPORT_CASES) + len(ENTRY_CASES) >= 100


@pytest.mark.parametrize(("name", "data", "valid"), REPORT_CASES, ids=[case[0] for case in REPORT_CASES])
def test_front_matter_schema_and_validator_agree(name, data, valid):
    """Both give the verdict written in the table (not only the same one: they come from one declaration)."""
    problems = front_matter_problems(data)
    assert accepted(report_schema(), data) is valid
    assert (problems == []) is valid, problems


@pytest.mark.parametrize(("name", "entry", "valid"), ENTRY_CASES, ids=[case[0] for case in ENTRY_CASES])
def test_feedback_schema_and_validator_agree(name, entry, valid):
    problems = entry_problems(entry)
    assert accepted(feedback_schema(), [entry]) is valid
    assert (problems == []) is valid, problems


@pytest.mark.parametrize(("name", "data", "valid"), [
    ("duplicate tags", {**BASE, "tags": ["nova", "nova"]}, False),
    ("numeric title", {**BASE, "title": 2011}, True),
    ("numeric author", {**BASE, "author": 42}, True),
    ("empty event", {**BASE, "event": None}, True),
])
def test_the_reported_disagreements_are_settled(name, data, valid):
    assert accepted(report_schema(), data) is valid
    assert (front_matter_problems(data) == []) is valid


@pytest.mark.parametrize(("name", "entry", "valid"), [
    ("likes as text", {**ENTRY, "likes": "3"}, True),
    ("url without slashes", {**ENTRY, "url": "https:x"}, False),
])
def test_the_reported_feedback_disagreements_are_settled(name, entry, valid):
    assert accepted(feedback_schema(), [entry]) is valid
    assert (entry_problems(entry) == []) is valid

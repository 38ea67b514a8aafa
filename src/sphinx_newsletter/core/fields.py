"""Kinds of values in front matter and feedback, each declared once: how the validator reads a value
and the JSON Schema that editors check it with come from the same :class:`Kind`.

Why not pydantic: the validator must say *where* (the YAML line of each key) and *what to change*
in the newsletter's own words, warn and go on rather than reject a whole document, and keep a
cleaned value where it can (a shortened title). A small table of kinds does that, and derives the
schema from the same rules; a test feeds both the same table of inputs and checks they agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sphinx_newsletter.core.settings import parse_date

INVISIBLE = ("\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e"
             "\\u2066-\\u2069\\ufeff")
"""Characters a text field may not hold (controls, direction overrides), as a regex class body."""
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
WEB_URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+([/?#][^\s]*)?$"
"""A reader's web page: http or https, a host, then anything without spaces."""
DIGITS_PATTERN = r"^[0-9]{1,9}$"


class Invalid(ValueError):
    """A value that does not fit its kind; the message says how (the validator adds the fix)."""


@dataclass(frozen=True)
class Kind:
    """A kind of value: its JSON Schema and how the validator reads it (``parse`` raises
    :class:`Invalid`; an absent or null value never reaches it)."""

    schema: dict[str, Any]
    parse: Callable[[Any], Any]


def _text(max_length: int) -> Callable[[Any], str]:
    """Invisible characters and length are the validator's clean-up (``safety.text.clean_text``), which
    warns and keeps the cleaned text; the schema rejects what the clean-up would warn about."""
    def parse(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid("must be text")
        text = str(value)
        if not text.strip():
            raise Invalid("is empty")
        return " ".join(text.split())
    return parse


def text_schema(max_length: int, nullable: bool = False) -> dict[str, Any]:
    string = {"type": "string", "pattern": "\\S", "maxLength": max_length, "not": {"pattern": f"[{INVISIBLE}]"}}
    return {"anyOf": [string, {"type": "number"}, *([{"type": "null"}] if nullable else [])]}


def text(max_length: int, nullable: bool = False) -> Kind:
    """Text on one line (a number counts as text: ``title: 2011``); ``nullable``: an empty value is no value."""
    return Kind(text_schema(max_length, nullable), _text(max_length))


def _names(max_length: int) -> Callable[[Any], tuple[str, ...]]:
    one = _text(max_length)

    def parse(value: Any) -> tuple[str, ...]:
        if isinstance(value, list):
            if not value:
                raise Invalid("is an empty list")
            return tuple(one(item) for item in value)
        return (one(value),)
    return parse


def names(max_length: int) -> Kind:
    """A name, or a list of names."""
    item = text_schema(max_length)
    return Kind({"anyOf": [*item["anyOf"], {"type": "array", "items": item, "minItems": 1}]}, _names(max_length))


def _tags(max_length: int) -> Callable[[Any], tuple[str, ...]]:
    one = _text(max_length)

    def parse(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise Invalid("must be a list")
        items = [one(item) for item in value]
        if len(set(map(repr, value))) != len(value):
            raise Invalid("lists a tag twice")
        return tuple(dict.fromkeys(items))
    return parse


def tags(max_length: int) -> Kind:
    return Kind({"type": "array", "items": text_schema(max_length), "uniqueItems": True}, _tags(max_length))


def _date(value: Any) -> dt.date:
    if not isinstance(value, (str, dt.date)) or (isinstance(value, str) and not re.match(DATE_PATTERN, value)):
        raise Invalid("is not a date in YYYY-MM-DD form")
    try:
        return parse_date(value)
    except ValueError as error:
        raise Invalid("is not a date in YYYY-MM-DD form") from error


DATE = Kind({"type": "string", "pattern": DATE_PATTERN, "format": "date"}, _date)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("must be true or false")
    return value


BOOLEAN = Kind({"type": "boolean"}, _boolean)


def _count(value: Any) -> int:
    if isinstance(value, str) and re.match(DIGITS_PATTERN, value):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid("must be a whole number, 0 or more")
    return value


COUNT = Kind({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": DIGITS_PATTERN}]}, _count)
"""A whole number, 0 or more; digits in a string count (directive options are strings)."""


def _web_url(value: Any) -> str:
    if not isinstance(value, str) or not re.match(WEB_URL_PATTERN, value):
        raise Invalid("is not an http or https address")
    return value


WEB_URL = Kind({"type": "string", "pattern": WEB_URL_PATTERN}, _web_url)


def _markdown(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("must be text")
    return value


MARKDOWN = Kind({"type": "string", "pattern": "\\S"}, _markdown)
"""Markdown text of any length (a feedback body)."""


@dataclass(frozen=True)
class Correction:
    """A correction of a published report: the day it was made and what changed, and why."""

    date: dt.date
    note: str


CORRECTION_NOTE_LENGTH = 500


def _corrections(value: Any) -> tuple[Correction, ...]:
    if not isinstance(value, list) or not value:
        raise Invalid("must be a list of corrections, each with a date and a note")
    note = _text(CORRECTION_NOTE_LENGTH)
    found = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"date", "note"}:
            raise Invalid("lists a correction without exactly a date and a note")
        if item["note"] is None:
            raise Invalid("lists a correction with an empty note")
        text = note(item["note"])
        if re.search(f"[{INVISIBLE}]", str(item["note"])) or len(str(item["note"])) > CORRECTION_NOTE_LENGTH:
            raise Invalid(f"lists a note with invisible control characters or over {CORRECTION_NOTE_LENGTH} "
                          "characters")
        found.append(Correction(_date(item["date"]), text))
    return tuple(found)


CORRECTIONS = Kind({"type": "array", "minItems": 1, "items": {
    "type": "object", "additionalProperties": False, "required": ["date", "note"],
    "properties": {"date": {"type": "string", "pattern": DATE_PATTERN, "format": "date"},
                   "note": text_schema(CORRECTION_NOTE_LENGTH)}}}, _corrections)
"""Corrections of a published report, a new one added at the end:
``[{date: 2012-10-05, note: What changed and why}]``."""

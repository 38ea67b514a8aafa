"""JSON Schemas for report front matter and feedback files, generated from the validator's own field
tables (``model.FIELDS``, ``feedback_model.ENTRY_FIELDS``, whose kinds are declared once in
``core.fields``), so editors can complete and check what the build will accept."""

from __future__ import annotations

import json
from typing import Any

from sphinx_newsletter.core.report import FIELDS
from sphinx_newsletter.feedback.model import ENTRY_FIELDS

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _properties(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: {"description": field.help, **field.kind.schema} for name, field in fields.items()}


def report_schema() -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": "https://sphinx-newsletter.invalid/schema/report-front-matter.schema.json",
        "title": "Trip report front matter",
        "description": "The YAML between the '---' lines at the top of reports/<cycle>/<slug>.md",
        "type": "object",
        "properties": _properties(FIELDS),
        "required": ["title", "date"],
        "oneOf": [{"required": ["author"]}, {"required": ["authors"]}],
        "additionalProperties": False,
    }


def feedback_schema() -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": "https://sphinx-newsletter.invalid/schema/feedback.schema.json",
        "title": "Reader feedback file",
        "description": "feedback/<cycle>/<slug>.yaml: a list of feedback entries for one report",
        "type": "array",
        "items": {"$ref": "#/$defs/entry"},
        "$defs": {"entry": {"type": "object", "properties": _properties(ENTRY_FIELDS),
                            "required": ["author", "date", "body"], "additionalProperties": False}},
    }


SCHEMAS = {"report-front-matter": report_schema, "feedback": feedback_schema}


def schema_text(name: str) -> str:
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False) + "\n"

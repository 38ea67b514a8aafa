"""One reader's feedback, submitted without git, turned into an entry of a feedback file. No Sphinx here.

A submission comes from the repository's issue form (``.github/ISSUE_TEMPLATE/feedback.yml``), as the
GitHub issue's JSON (the REST resource, or a webhook payload holding it under ``issue``), or from the
command line. Issue text is untrusted: it is read as data, never run, and the entry it becomes goes
through the same checks as every feedback entry before the file is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sphinx_newsletter.core.frontmatter import PlainDumper

NO_RESPONSE = "_No response_"
FORM_LABELS = {"Report": "report", "In reply to": "reply_to", "Your name": "author", "Your web page": "url",
               "Your comment": "body"}
"""The issue form's labels and field ids, as ``.github/ISSUE_TEMPLATE/feedback.yml`` has them."""
MAX_ISSUE_BYTES = 256 * 1024


class Refused(ValueError):
    """A submission that does not become an entry, and why (a sentence that says what to do)."""


@dataclass
class Submission:
    report: str
    author: str
    date: dt.date
    body: str
    url: str | None = None
    reply_to: str | None = None
    likes: int = 0


def form_labels(form: Path) -> dict[str, str]:
    """Label -> field id of the site's feedback form (the defaults when it has none)."""
    try:
        data = yaml.safe_load(form.read_text(encoding="utf-8")) if form.is_file() else None
    except (OSError, yaml.YAMLError):
        data = None
    labels = {field.get("attributes", {}).get("label"): field.get("id") for field in (data or {}).get("body", [])
              if isinstance(field, dict) and field.get("id")}
    return {label: field_id for label, field_id in labels.items() if isinstance(label, str)} or dict(FORM_LABELS)


def form_fields(body: str, labels: dict[str, str]) -> dict[str, str]:
    """The answers in an issue form's rendered body (``### Label`` then the answer), by field id."""
    fields: dict[str, str] = {}
    current, lines = None, []
    for line in body.replace("\r\n", "\n").split("\n") + ["### "]:
        heading = re.match(r"^### (.*)$", line)
        if heading:
            if current is not None:
                value = "\n".join(lines).strip()
                if value and value != NO_RESPONSE:
                    fields[current] = value
            current, lines = labels.get(heading.group(1).strip()), []
        else:
            lines.append(line)
    return fields


def from_issue(payload, labels: dict[str, str]) -> Submission:
    """A submission from a GitHub issue's JSON (or a webhook payload with the issue under ``issue``)."""
    issue = payload.get("issue", payload) if isinstance(payload, dict) else None
    if not isinstance(issue, dict) or not isinstance(issue.get("body"), str):
        raise Refused("not a GitHub issue: give the issue's JSON (gh issue view N --json body,createdAt,reactionGroups,"
                      " or the REST API's issue) or a webhook payload")
    fields = form_fields(issue["body"], labels)
    created = str(issue.get("created_at") or issue.get("createdAt") or "")
    try:
        day = dt.date.fromisoformat(created[:10])
    except ValueError as error:
        raise Refused("the issue has no creation date (created_at)") from error
    reactions = issue.get("reactions") if isinstance(issue.get("reactions"), dict) else {}
    likes = sum(value for key, value in reactions.items() if key in ("+1", "heart") and isinstance(value, int)
                and value > 0)
    for key in ("report", "author", "body"):
        if not fields.get(key):
            raise Refused(f"the issue's form has no {key}: it is not a feedback submission, or the form was changed")
    return Submission(fields["report"], fields["author"], day, fields["body"], fields.get("url"),
                      fields.get("reply_to"), likes)


def entry_text(submission: Submission) -> str:
    """The entry as YAML, one list item in the feedback file's own style (the body as a literal block)."""
    entry: dict = {"author": submission.author, "date": submission.date}
    if submission.reply_to:
        entry["reply_to"] = submission.reply_to
    if submission.likes:
        entry["likes"] = submission.likes
    if submission.url:
        entry["url"] = submission.url
    entry["body"] = submission.body.strip() + "\n"
    return entries_yaml([entry])


class _EntryDumper(PlainDumper):
    """Multi-line text as a literal block (``body: |``), as people write feedback files."""


_EntryDumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def entries_yaml(entries: list[dict]) -> str:
    """Feedback entries (``replies`` nested) as the list items of a feedback file."""
    return yaml.dump(entries, Dumper=_EntryDumper, sort_keys=False, allow_unicode=True, width=1000)

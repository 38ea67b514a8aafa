"""One reader's feedback, submitted without git, turned into an entry of a feedback file. No Sphinx here.

A submission comes from the repository's issue form (``.github/ISSUE_TEMPLATE/feedback.yml``), as the
GitHub issue's JSON (the REST resource, or a webhook payload holding it under ``issue``), or from the
command line. Issue text is untrusted: it is read as data, never run, and the entry it becomes goes
through the same checks as every feedback entry before the file is written.

The gate (SECURITY.md, "Feedback intake"): the form's answers are found by the form's own structure,
each of its headings once and in its order, so a comment cannot forge the fields after it; the consent
box must be checked; the issue must carry the approval label (or the editor says ``--approved``); an
issue edited after its approval is refused; each entry records its source (the issue's address) and
the same source is never added twice; likes count each person once, and are bounded.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sphinx_newsletter.core.frontmatter import PlainDumper

NO_RESPONSE = "_No response_"
APPROVAL_LABEL = "feedback: approved"
"""The label an editor puts on a feedback issue that may be published."""
MAX_ISSUE_BYTES = 256 * 1024
MAX_LIKES = 10_000
"""Likes taken from one issue at most (a reaction count is a number GitHub gives, but bounded here)."""
ISSUE_ADDRESS = re.compile(r"^https://github\.com/(?P<repository>[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100})/issues/"
                           r"(?P<number>[1-9][0-9]{0,9})$")
LIKED = ("THUMBS_UP", "HEART")
"""The reactions that count as a like (GraphQL's names; the REST summary's are ``+1`` and ``heart``)."""


class Refused(ValueError):
    """A submission that does not become an entry, and why (a sentence that says what to do)."""


@dataclass(frozen=True)
class FormField:
    """One field of the issue form: GitHub renders it as ``### <label>`` and the answer below it."""

    id: str
    label: str
    kind: str = "input"
    required_boxes: tuple[str, ...] = ()  # checkboxes that must be checked (consent)


DEFAULT_FORM = (
    FormField("report", "Report"), FormField("reply_to", "In reply to"), FormField("author", "Your name"),
    FormField("url", "Your web page"), FormField("body", "Your comment", "textarea"),
    FormField("consent", "Publication", "checkboxes",
              ("My name and comment may be published with the report, under the site's license.",)),
)
"""The fields of ``.github/ISSUE_TEMPLATE/feedback.yml`` as this project ships it."""
READER_FIELDS = {"report": "Report", "reply_to": "In reply to", "author": "Your name", "url": "Your web page",
                 "body": "Your comment", "date": "the issue's date", "likes": "the reactions",
                 "source": "the issue's address", "id": "the new comment's id"}


@dataclass
class Submission:
    report: str
    author: str
    date: dt.date
    body: str
    url: str | None = None
    reply_to: str | None = None
    likes: int = 0
    source: str | None = None  # the issue's address: the same source is never added twice


@dataclass(frozen=True)
class IssueHistory:
    """What the workflow asks GitHub about an issue besides its payload (the GraphQL answer of
    ``feedback.yml``): when its text was last edited, when it was approved, who liked it."""

    edited_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    likers: frozenset[str] | None = None


def read_form(form: Path | None) -> tuple[FormField, ...]:
    """The fields of the site's feedback form in their order (markdown blocks render nothing), or the
    shipped form's when the site has none that can be read."""
    try:
        data = yaml.safe_load(form.read_text(encoding="utf-8")) if form is not None and form.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    fields = []
    for item in (data.get("body") if isinstance(data, dict) else None) or []:
        if not isinstance(item, dict) or item.get("type") == "markdown":
            continue
        raw_attributes = item.get("attributes")
        attributes: dict[str, Any] = raw_attributes if isinstance(raw_attributes, dict) else {}
        label, field_id = attributes.get("label"), item.get("id")
        if not isinstance(label, str) or not isinstance(field_id, str):
            return DEFAULT_FORM
        boxes = tuple(str(option.get("label")) for option in attributes.get("options") or []
                      if isinstance(option, dict) and option.get("required") and isinstance(option.get("label"), str))
        fields.append(FormField(field_id, label.strip(), str(item.get("type")), boxes))
    return tuple(fields) or DEFAULT_FORM


def form_fields(body: str, form: tuple[FormField, ...]) -> dict[str, str]:
    """The answers of an issue form's rendered body, by field id. GitHub writes each field as
    ``### <label>``, a blank line and the answer, in the form's order: a line that starts with ``### ``
    is a field's heading only where the next field's heading is due, and any other is refused (it would
    let a comment forge the fields after it). Required boxes must be checked."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    labels = [field.label for field in form]
    answers: dict[str, list[str]] = {}
    current: FormField | None = None
    for number, line in enumerate(lines, 1):
        heading = re.match(r"^### (.*)$", line)
        if heading is None:
            if current is not None:
                answers[current.id].append(line)
            elif line.strip():
                raise Refused(f"line {number} of the issue comes before the form's first heading "
                              f"'### {labels[0]}': open the issue from the report's 'Leave feedback' link")
            continue
        label = heading.group(1).strip()
        due = form[len(answers)] if len(answers) < len(form) else None
        if due is not None and label == due.label:
            current = due
            answers[current.id] = []
        elif label in labels:
            raise Refused(f"line {number} of the issue repeats the form's heading '### {label}' (or puts it out "
                          "of order): a comment cannot hold the form's own headings; remove that line from the "
                          "comment and ask an editor to approve it again")
        else:
            raise Refused(f"line {number} of the issue has the heading '### {label[:80]}', which is not one of the "
                          "form's: a comment cannot hold lines that start with '### '; write that heading in bold "
                          "(**like this**) and ask an editor to approve it again")
    missing = [field.label for field in form if field.id not in answers]
    if missing:
        raise Refused(f"the issue's form has no '### {missing[0]}': it is not a feedback submission, or the form "
                      "was changed; open a new issue from the report's 'Leave feedback' link")
    fields = {}
    for field in form:
        value = "\n".join(answers[field.id]).strip()
        if field.kind == "checkboxes":
            checked = {match.group(1).strip() for match in re.finditer(r"^- \[[xX]\] (.*)$", value, re.MULTILINE)}
            for box in field.required_boxes:
                if box.strip() not in checked:
                    raise Refused(f"the box '{box}' is not checked: without it the comment cannot be published; "
                                  "check it in the issue and ask an editor to approve it again")
        if value and value != NO_RESPONSE:
            fields[field.id] = value
    return fields


def _moment(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def read_history(payload: object) -> IssueHistory:
    """The GraphQL answer ``feedback.yml`` records (``repository.issue``: ``lastEditedAt``, the label
    events, the reactions with their people)."""
    issue: Any = payload
    for key in ("data", "repository", "issue"):
        issue = issue.get(key) if isinstance(issue, dict) else None
    if not isinstance(issue, dict):
        raise Refused("the issue's history is not GitHub's GraphQL answer (data.repository.issue)")
    approvals = [_moment(node.get("createdAt")) for node in (issue.get("timelineItems") or {}).get("nodes") or []
                 if isinstance(node, dict) and isinstance(node.get("label"), dict)
                 and node["label"].get("name") == APPROVAL_LABEL]
    author = (issue.get("author") or {}).get("login") if isinstance(issue.get("author"), dict) else None
    likers = frozenset(node["user"]["login"] for node in (issue.get("reactions") or {}).get("nodes") or []
                       if isinstance(node, dict) and node.get("content") in LIKED and isinstance(node.get("user"), dict)
                       and isinstance(node["user"].get("login"), str) and node["user"]["login"] != author)
    return IssueHistory(_moment(issue.get("lastEditedAt")), max((moment for moment in approvals if moment),
                                                                default=None), likers)


def issue_source(issue: dict[str, Any]) -> str | None:
    """The issue's address on GitHub (``html_url``; gh's ``url``; the REST API's ``url`` turned into it)."""
    for key in ("html_url", "url"):
        value = issue.get(key)
        if isinstance(value, str):
            value = re.sub(r"^https://api\.github\.com/repos/", "https://github.com/", value)
            if ISSUE_ADDRESS.match(value):
                return value
    return None


def from_issue(payload: object, form: tuple[FormField, ...], repository: str = "", approved: bool = False,
               history: IssueHistory | None = None) -> Submission:
    """A submission from a GitHub issue's JSON (or a webhook payload with the issue under ``issue``),
    through the gate: the form's structure, consent, approval (the label, or ``approved`` from the
    editor), no edit after approval, an issue of the site's ``repository`` when one is set."""
    issue = payload.get("issue", payload) if isinstance(payload, dict) else None
    if not isinstance(issue, dict) or not isinstance(issue.get("body"), str):
        raise Refused("not a GitHub issue: give the issue's JSON (gh api repos/OWNER/REPO/issues/N, or the REST "
                      "API's issue) or a webhook payload")
    source = issue_source(issue)
    if repository and source is not None and not source.startswith(repository.rstrip("/") + "/issues/"):
        raise Refused(f"{source} is not an issue of {repository.rstrip('/')}: feedback comes from the site's own "
                      "repository")
    labels = {label.get("name") if isinstance(label, dict) else label for label in issue.get("labels") or []
              if isinstance(label, (dict, str))}
    if not approved and APPROVAL_LABEL not in labels:
        raise Refused(f"the issue has no '{APPROVAL_LABEL}' label: an editor approves a comment by applying it "
                      "(or, on the command line, with --approved)")
    if history is not None and history.edited_at and history.approved_at and history.edited_at > history.approved_at:
        raise Refused(f"the issue was edited ({_stamp(history.edited_at)}) after it was approved "
                      f"({_stamp(history.approved_at)}): an editor must read it again and apply the "
                      f"'{APPROVAL_LABEL}' label again")
    fields = form_fields(issue["body"], form)
    created = str(issue.get("created_at") or issue.get("createdAt") or "")
    try:
        day = dt.date.fromisoformat(created[:10])
    except ValueError as error:
        raise Refused("the issue has no creation date (created_at)") from error
    for key in ("report", "author", "body"):
        if not fields.get(key):
            label = next((field.label for field in form if field.id == key), key)
            raise Refused(f"the issue's form has no answer under '### {label}': write one and ask an editor to "
                          "approve it again")
    return Submission(fields["report"], fields["author"], day, fields["body"], fields.get("url"),
                      fields.get("reply_to"), _likes(issue, history), source)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _likes(issue: dict[str, Any], history: IssueHistory | None) -> int:
    """Each person who liked the issue once (👍 or ❤️, not its author); from the REST summary alone,
    the larger of the two counts (the same people may have given both)."""
    if history is not None and history.likers is not None:
        return min(len(history.likers), MAX_LIKES)
    raw_reactions = issue.get("reactions")
    reactions: dict[str, Any] = raw_reactions if isinstance(raw_reactions, dict) else {}
    counts = [value for key, value in reactions.items() if key in ("+1", "heart") and isinstance(value, int)
              and not isinstance(value, bool) and value > 0]
    return min(max(counts, default=0), MAX_LIKES)


def entry_lines(submission: Submission, entry_id: str | None) -> tuple[str, dict[int, str]]:
    """The entry as YAML, one list item in the feedback file's own style (the body as a literal block),
    and which reader's field each of its lines holds (for messages that speak of the form, not the file)."""
    entry: dict[str, Any] = {"author": submission.author, "date": submission.date}
    if entry_id:
        entry["id"] = entry_id
    if submission.reply_to:
        entry["reply_to"] = submission.reply_to
    if submission.likes:
        entry["likes"] = submission.likes
    if submission.url:
        entry["url"] = submission.url
    if submission.source:
        entry["source"] = submission.source
    entry["body"] = submission.body.strip() + "\n"
    text = entries_yaml([entry])
    fields, current = {}, "author"
    for number, line in enumerate(text.split("\n"), 1):
        key = re.match(r"^[- ] (\w+):", line)
        if key and key.group(1) in entry:
            current = key.group(1)
        fields[number] = current
    return text, fields


class _EntryDumper(PlainDumper):
    """Multi-line text as a literal block (``body: |``), as people write feedback files."""

    def represent_text(self, value: str) -> yaml.ScalarNode:
        node = super().represent_text(value)
        if "\n" in value and node.style is None:
            node.style = "|"
        return node


def entries_yaml(entries: list[dict[str, Any]]) -> str:
    """Feedback entries (``replies`` nested) as the list items of a feedback file."""
    return yaml.dump(entries, Dumper=_EntryDumper, sort_keys=False, allow_unicode=True, width=1000)

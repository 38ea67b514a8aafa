"""Reader feedback as data: entries from ``feedback`` directives and from feedback files.

A feedback file ``feedback/<cycle>/<slug>.yaml`` answers ``reports/<cycle>/<slug>.md``::

    - author: Jane Doe
      date: 2011-10-09
      likes: 3
      url: https://example.org/jane
      body: |
        Thanks for the write-up.
      replies:
        - author: Li Wei
          date: 2011-10-10
          body: Agreed.

Both sources give ``FeedbackEntry`` objects and the same problems; nothing here imports Sphinx.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sphinx_newsletter.core.fields import COUNT, DATE, MARKDOWN, WEB_URL, Invalid, Kind, text
from sphinx_newsletter.core.frontmatter import (
    FEEDBACK_LIMITS,
    FrontMatterLoader,
    yaml_advice,
    yaml_limit_error,
    yaml_mark,
)
from sphinx_newsletter.core.paths import UnsafeFile, read_regular_file
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.report import Field
from sphinx_newsletter.core.settings import parse_date
from sphinx_newsletter.core.text import clean_text
from sphinx_newsletter.core.urls import url_scheme

STATUSES = ("shown", "hidden", "removed")


def _status(value: object) -> str:
    if not isinstance(value, str) or value not in STATUSES:
        raise Invalid(f"must be one of {', '.join(STATUSES)}")
    return value


STATUS = Kind({"enum": list(STATUSES)}, _status)
ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"


def _id(value: object) -> str:
    if not isinstance(value, str) or not re.match(ID_PATTERN, value):
        raise Invalid("must be lowercase letters, digits and '-', at most 80")
    return value


ID = Kind({"type": "string", "pattern": ID_PATTERN}, _id)

ENTRY_FIELDS = {
    "author": Field("The reader's name", text(100), 100),
    "date": Field("The day of the feedback, YYYY-MM-DD, not before the report", DATE),
    "likes": Field("How many readers liked it", COUNT),
    "url": Field("The reader's web page (http or https)", WEB_URL),
    "body": Field("The comment, in markdown without HTML, images or directives", MARKDOWN),
    "status": Field("Moderation: shown (the default); hidden (not shown, not counted); removed (shown as removed "
                    "by the editors, with the reason; its replies stay)", STATUS),
    "reason": Field("Why the editors removed or hid it (shown with a removed entry)", text(200), 200),
    "id": Field("An id of your choosing for this entry's permalink (comment-<id>): lowercase letters, digits "
                "and '-'; by default one is made from the date and the name", ID),
    "reply_to": Field("The id of the entry this answers (its permalink, comment-<date>-<name>), instead of "
                      "nesting it under 'replies'", text(200), 200),
    "source": Field("Where the comment came from (the feedback issue's address, or the imported comment's): "
                    "the same source is added once", WEB_URL),
    "replies": Field("Replies, each an entry of the same shape",
                     Kind({"type": "array", "items": {"$ref": "#/$defs/entry"}}, list)),
}
"""A feedback entry's fields; ``validate_entry`` and ``schema.feedback_schema`` both read them."""
ENTRY_KEYS = tuple(ENTRY_FIELDS)
OPTION_KEYS = ("author", "date", "likes", "url", "id", "status", "reason", "reply_to", "source")
FEEDBACK_SUFFIX = ".yaml"


@dataclass
class FeedbackEntry:
    """One reader's comment (with likes), and the replies to it."""

    author: str | None = None
    date: dt.date | None = None
    likes: int = 0
    url: str | None = None
    body: str = ""
    body_line: int = 1  # the file line of the body's first line
    date_line: int = 1
    replies: list[FeedbackEntry] = field(default_factory=list)
    line: int = 1
    problems: list[Problem] = field(default_factory=list)
    reply_to: str | None = None  # the id of the entry this answers (resolved when the thread is assembled)
    reply_to_line: int = 1
    status: str = "shown"  # moderation: shown, hidden or removed
    reason: str | None = None
    id: str | None = None  # an id its author chose (the permalink is comment-<id>)
    in_reply_to: FeedbackEntry | None = None  # set when a too-deep reply is shown flat
    source: str | None = None  # where it came from (a feedback issue, an imported comment)
    source_line: int = 1
    id_line: int = 1

    @property
    def blocked(self) -> bool:
        return any(problem.blocking for problem in self.problems)

    def count(self) -> int:
        """This entry (unless the editors removed it) and all replies below it."""
        return (self.status == "shown") + sum(reply.count() for reply in self.replies)


@dataclass(frozen=True, slots=True)
class ShownEntry:
    """What a report's page shows of one entry, kept from reading to writing: the build makes an entry's
    nodes as the page is written (a thousand comments' nodes were 10 MB of a build's peak when every
    doctree read held them). A removed entry keeps neither its text nor its author. Here, in the model: the check
    cache keeps each report's entries, and reading it back loads this module, not the markup's (MyST, docutils)."""

    anchor: str
    author: str
    date: dt.date | None
    likes: int
    url: str
    removed: bool
    reason: str | None
    body: str
    body_line: int
    in_reply_to: tuple[str, str] | None  # (anchor, author) of the entry a reply shown flat answers
    replies: tuple[ShownEntry, ...]


def safe_url(url: str, schemes: Collection[str]) -> bool:
    """Whether ``url`` names one of ``schemes`` (read as a browser reads it: ``safety.urls``); a
    relative or scheme-relative URL does not."""
    return url_scheme(url) in schemes


def clean_name(name: str) -> str:
    """A display name without invisible control characters (bidi overrides), on one line, bounded."""
    return clean_text(name, 100)[0]


FEEDBACK_LEFT_OUT = "this feedback is left out until it is fixed"
FILE_UNREAD = "no feedback from this file is shown"


def _blocked(entry: FeedbackEntry, line: int, subtype: W, message: str) -> None:
    entry.problems.append(Problem(line, subtype, message, FEEDBACK_LEFT_OUT))


def validate_entry(values: dict[str, Any], lines: dict[str, int], entry_line: int, known: tuple[str, ...],
                   how: str) -> FeedbackEntry:
    """Check one entry's fields. ``how`` shows how a field is written (``:author: Jane`` or ``author: Jane``)."""
    entry = FeedbackEntry(line=entry_line)

    def line_of(key: str) -> int:
        return lines.get(key, entry_line)

    def spelled(key: str, example: str) -> str:
        return how.format(key=key, value=example)

    for key in values:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
            entry.problems.append(Problem(line_of(key), W.UNKNOWN_KEY, f"unknown feedback field '{key}' is "
                                                                       f"ignored; {hint}"))

    author = values.get("author")
    entry.author = clean_name(str(author)) if isinstance(author, (str, int, float)) else None
    if not entry.author:
        _blocked(entry, line_of("author"), W.MISSING_FIELD,
                 f"feedback has no author: add {spelled('author', 'Jane Doe')}")

    raw_date = values.get("date")
    if raw_date in (None, ""):
        _blocked(entry, line_of("date"), W.MISSING_FIELD, f"feedback has no date: add {spelled('date', '2011-10-09')}")
    else:
        try:
            entry.date = parse_date(raw_date)
        except ValueError:
            _blocked(entry, line_of("date"), W.BAD_VALUE, f"feedback date {raw_date!r} is not a valid date: "
                                                         f"write {spelled('date', '2011-10-09')}")
    entry.date_line = line_of("date")

    likes = values.get("likes", 0)
    try:
        entry.likes = COUNT.parse(likes)
    except Invalid:
        entry.problems.append(Problem(line_of("likes"), W.BAD_VALUE, f"likes must be a whole number, 0 or more, "
                                                                     f"not {likes!r}; counted as 0"))

    chosen = values.get("id")
    entry.id_line = line_of("id")
    if chosen not in (None, ""):
        try:
            entry.id = ID.parse(chosen)
        except Invalid:
            entry.problems.append(Problem(line_of("id"), W.BAD_VALUE, f"id {chosen!r} must be lowercase letters, "
                                                                      "digits and '-' (at most 80); a made-up id is "
                                                                      "used instead"))
    status = values.get("status")
    if status not in (None, ""):
        try:
            entry.status = STATUS.parse(status)
        except Invalid:
            _blocked(entry, line_of("status"), W.BAD_VALUE, f"status {status!r} is not one of {', '.join(STATUSES)}: "
                                                           f"write {spelled('status', 'hidden')}")
    reason = values.get("reason")
    if reason not in (None, ""):
        entry.reason = clean_text(str(reason), 200)[0]

    reply_to = values.get("reply_to")
    if reply_to not in (None, ""):
        entry.reply_to, notes = clean_text(str(reply_to), 200)
        entry.reply_to_line = line_of("reply_to")
        if notes:
            entry.problems.append(Problem(entry.reply_to_line, W.BAD_VALUE, f"'reply_to': {'; '.join(notes)}"))

    source = values.get("source")
    if source not in (None, ""):
        entry.source_line = line_of("source")
        try:
            entry.source = WEB_URL.parse(source.strip() if isinstance(source, str) else source)
        except Invalid:
            entry.problems.append(Problem(entry.source_line, W.BAD_VALUE, f"source {source!r} is not an http or "
                                                                          "https address; it is ignored"))
    url = values.get("url")
    if url not in (None, ""):
        try:
            entry.url = WEB_URL.parse(url.strip() if isinstance(url, str) else url)
        except Invalid:
            entry.problems.append(Problem(line_of("url"), W.UNSAFE, f"feedback url {url!r} is not an http or "
                                                                    "https address and is left out"))
    return entry


def check_not_older(entries: list[FeedbackEntry], report_date: dt.date | None) -> None:
    """Feedback cannot come before the report it answers (nor a reply before its parent)."""
    for entry in entries:
        if entry.date and report_date and entry.date < report_date:
            entry.problems.append(Problem(entry.date_line, W.BAD_VALUE, f"feedback dated {entry.date} is older "
                                                                        f"than what it answers ({report_date}); "
                                                                        "check the date"))
        check_not_older(entry.replies, entry.date or report_date)


def require_body(entry: FeedbackEntry, body: str, line: int) -> None:
    """Keep ``body`` (leading blank lines too, so line numbers stay true); ``line`` is where an
    empty body is reported."""
    entry.body = body.rstrip()
    if not entry.body.strip():
        _blocked(entry, line, W.MISSING_FIELD, "feedback has no text: write the comment below its options")


MAX_REPLY_DEPTH = 8
"""Replies nested deeper than this are shown at this depth (a thread stays readable and bounded)."""
MAX_ENTRIES = 5_000
"""Feedback entries (replies included) shown from one source (a report or a feedback file)."""


def bound_entries(entries: list[FeedbackEntry]) -> list[Problem]:
    """Flatten replies deeper than :data:`MAX_REPLY_DEPTH` into that level and keep at most
    :data:`MAX_ENTRIES` entries, in the order written; say what was done."""
    problems: list[Problem] = []
    stack = [(entry, 1) for entry in reversed(entries)]
    while stack:
        entry, depth = stack.pop()
        if depth == MAX_REPLY_DEPTH - 1 and any(reply.replies for reply in entry.replies):
            flat: list[FeedbackEntry] = []
            pending: list[tuple[FeedbackEntry, FeedbackEntry | None]] = [(reply, None) for reply in entry.replies]
            while pending:
                reply, parent = pending.pop(0)
                flat.append(reply)
                reply.in_reply_to = parent  # shown flat, with "in reply to" the entry it answers
                pending[:0] = [(answer, reply) for answer in reply.replies]
                reply.replies = []
            entry.replies = flat
            problems.append(Problem(flat[0].line, W.LIMIT, f"replies nested more than {MAX_REPLY_DEPTH} deep are "
                                                           f"shown at the {MAX_REPLY_DEPTH}th level"))
        stack.extend((reply, depth + 1) for reply in reversed(entry.replies))
    kept_count, dropped = 0, []

    def keep(items: list[FeedbackEntry]) -> list[FeedbackEntry]:
        nonlocal kept_count
        kept = []
        for item in items:
            if kept_count >= MAX_ENTRIES:
                dropped.append(item)
                continue
            kept_count += 1
            item.replies = keep(item.replies)
            kept.append(item)
        return kept

    entries[:] = keep(entries)
    if dropped:
        problems.append(Problem(dropped[0].line, W.LIMIT, f"more than {MAX_ENTRIES:,} feedback entries: the rest are "
                                                          "left out; move older feedback to an archive"))
    return problems


# -- feedback files ------------------------------------------------------------------------


@dataclass
class FeedbackFile:
    entries: list[FeedbackEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _entries_from_nodes(loader: FrontMatterLoader, sequence: yaml.SequenceNode
                        ) -> tuple[list[FeedbackEntry], list[Problem]]:
    entries: list[FeedbackEntry] = []
    problems: list[Problem] = []
    for item in sequence.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(line, W.FEEDBACK_FILE, "each feedback entry must be 'key: value' lines "
                                                           "starting with '- author:'", FEEDBACK_LEFT_OUT))
            continue
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        replies_node = None
        for key_node, value_node in item.value:
            key = str(key_node.value)
            lines[key] = key_node.start_mark.line + 1
            if key == "replies":
                replies_node = value_node
                continue
            try:
                values[key] = loader.construct_object(value_node, deep=True)
            except ValueError:  # e.g. an integer of thousands of digits
                problems.append(Problem(lines[key], W.LIMIT, f"'{key}' cannot be read: quote it, or shorten it; "
                                                             "it is ignored"))
        entry = validate_entry(values, lines, line, ENTRY_KEYS, "'{key}: {value}'")
        body = values.get("body")
        body_node = next((value for key, value in item.value if key.value == "body"), None)
        entry.body_line = lines.get("body", line) + (1 if getattr(body_node, "style", None) in ("|", ">") else 0)
        require_body(entry, body if isinstance(body, str) else "", lines.get("body", line))
        if replies_node is not None:
            if isinstance(replies_node, yaml.SequenceNode):
                entry.replies, reply_problems = _entries_from_nodes(loader, replies_node)
                problems += reply_problems
            else:
                entry.problems.append(Problem(lines["replies"], W.BAD_VALUE, "replies must be a list of entries; "
                                                                             "they are left out"))
        entries.append(entry)
    return entries, problems


def read_feedback_file(text: str) -> FeedbackFile:
    """Entries of a feedback file, with the 1-based line of every entry and field."""
    result = FeedbackFile()
    limit = yaml_limit_error(text, FEEDBACK_LIMITS)
    if limit is not None:
        result.problems.append(Problem(limit.line, W.LIMIT, limit.message, FILE_UNREAD, limit.column))
        return result
    loader = FrontMatterLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return result
        if not isinstance(root, yaml.SequenceNode):
            result.problems.append(Problem(root.start_mark.line + 1, W.FEEDBACK_FILE,
                                           "a feedback file is a list of entries, each starting with '- author:'",
                                           FILE_UNREAD))
            return result
        result.entries, result.problems = _entries_from_nodes(loader, root)
    except yaml.MarkedYAMLError as error:
        mark = yaml_mark(error)
        message = " ".join(part for part in (error.context, error.problem) if part)
        advice = yaml_advice(error, text)
        result.problems.append(Problem(mark.line + 1 if mark else 1, W.FEEDBACK_FILE, f"YAML syntax error: {message}"
                                       + (f"; {advice}" if advice else ""), FILE_UNREAD, mark.column if mark else None))
    finally:
        loader.dispose()
    return result


def feedback_files(folder: Path, reports_dir: str) -> list[tuple[Path, str | None]]:
    """Every file in the feedback folder (hidden ones left out), in order, with the report it answers:
    ``reports/<cycle>/<slug>`` for ``<cycle>/<slug>.yaml``, ``None`` for a file without that suffix."""
    reports_dir = reports_dir.strip("/")
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            if name.startswith("."):
                continue
            path = Path(root, name)
            relative = path.relative_to(folder).as_posix()
            answers = f"{reports_dir}/{relative[:-len(FEEDBACK_SUFFIX)]}" if name.endswith(FEEDBACK_SUFFIX) else None
            found.append((path, answers))
    return sorted(found)


def stray_feedback_files(folder: Path, reports_dir: str, has_report: Callable[[str], bool]
                         ) -> list[tuple[Path, Problem]]:
    """Files in the feedback folder that will never be shown: misnamed, or answering no report
    (``has_report(docname)`` says whether ``reports/<cycle>/<slug>`` exists)."""
    strays = []
    for path, docname in feedback_files(folder, reports_dir):
        if docname is None:
            strays.append((path, Problem(1, W.FEEDBACK_FILE, f"feedback files end in '{FEEDBACK_SUFFIX}'; "
                                                             f"rename it to '{path.stem}{FEEDBACK_SUFFIX}'")))
        elif not has_report(docname):
            strays.append((path, Problem(1, W.FEEDBACK_FILE, f"no report at {docname}.md for this feedback; "
                                                             "name the file after the report it answers")))
    return strays


def feedback_file_source(path: Path, root: Path, shown: str) -> tuple[str, bytes | UnsafeFile] | None:
    """What ``assemble_thread`` takes of a feedback file: its shown path and its bytes, or why it is
    not read (a link, a pipe, too large); ``None`` when there is no such file."""
    if not os.path.lexists(path):
        return None
    try:
        return shown, read_regular_file(path, root, FEEDBACK_LIMITS[0])
    except UnsafeFile as refusal:
        return shown, refusal

"""One report's feedback thread, assembled from both sources, with every problem found on the way.

Used by the build (which turns problems into warnings, and the thread into nodes as a page is written) and by
``newsletter check`` (which prints the problems), so both report the same things.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sphinx_newsletter.core.catalogue import slugify
from sphinx_newsletter.core.paths import UnsafeFile
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.report import undecodable_problem
from sphinx_newsletter.feedback.markup import body_problems
from sphinx_newsletter.feedback.model import (
    FILE_UNREAD,
    FeedbackEntry,
    ShownEntry,
    bound_entries,
    check_not_older,
    read_feedback_file,
)


@dataclass
class Thread:
    """Shown entries oldest first, each with its source (``None``: the report; else the file's path)."""

    entries: list[tuple[FeedbackEntry, str | None]] = field(default_factory=list)
    problems: list[tuple[str | None, Problem]] = field(default_factory=list)
    anchors: dict[int, str] = field(default_factory=dict)  # id(entry) -> its stable id
    seen: dict[tuple[object, ...], FeedbackEntry] = field(default_factory=dict)  # every entry read, by its source or text

    @property
    def count(self) -> int:
        return sum(entry.count() for entry, _ in self.entries)


def shown_entries(thread: Thread) -> tuple[ShownEntry, ...]:
    """The thread as its page shows it (replies below their entry, depth bounded when assembled)."""

    def shown(entry: FeedbackEntry) -> ShownEntry:
        removed = entry.status == "removed"
        answered = entry.in_reply_to
        return ShownEntry(
            anchor=thread.anchors[id(entry)], author="" if removed else entry.author or "", date=entry.date,
            likes=0 if removed else entry.likes, url="" if removed else entry.url or "", removed=removed,
            reason=entry.reason if removed else None, body="" if removed else entry.body,
            body_line=entry.body_line,
            in_reply_to=((thread.anchors[id(answered)], "" if answered.status == "removed" else answered.author or "")
                         if answered is not None and id(answered) in thread.anchors else None),
            replies=tuple(shown(reply) for reply in entry.replies))

    return tuple(shown(entry) for entry, _source in thread.entries)


def assemble_thread(from_report: list[FeedbackEntry], feedback_file: tuple[str, bytes | UnsafeFile] | None,
                    report_date: dt.date | None) -> Thread:
    """Merge the report's blocks with the feedback file (its shown path and bytes), oldest first, with the
    problems of each entry and body (the bodies' nodes are made as the page is written: ``ShownEntry``)."""
    thread = Thread()
    sources: list[tuple[list[FeedbackEntry], str | None]] = [(from_report, None)]
    if feedback_file is not None:
        path, data = feedback_file
        if isinstance(data, UnsafeFile):
            thread.problems.append((path, Problem(1, W.REFUSED, f"not read: {data}", FILE_UNREAD)))
            data = b""
        try:
            parsed = read_feedback_file(data.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            thread.problems.append((path, undecodable_problem(error, W.FEEDBACK_FILE, FILE_UNREAD)))
        else:
            thread.problems += [(path, problem) for problem in parsed.problems]
            sources.append((parsed.entries, path))
    for entries, source in sources:
        thread.problems += [(source, problem) for problem in bound_entries(entries)]
        check_not_older(entries, report_date)
        thread.entries += [(entry, source) for entry in entries if _keep(thread, entry, source)]
    thread.entries.sort(key=lambda pair: pair[0].date or dt.date.min)
    sources_of = {id(entry): source for top, source in thread.entries for entry in walk_entries([top])}
    thread.anchors, conflicts = entry_anchors([entry for entry, _source in thread.entries])
    thread.problems += [(sources_of.get(id(entry)), problem) for entry, problem in conflicts]
    _attach_replies(thread)
    for entry in walk_entries([entry for entry, _source in thread.entries]):  # no removed reader's name shown
        if entry.status == "removed":
            digest = hashlib.sha256(thread.anchors[id(entry)].encode()).hexdigest()[:10]
            thread.anchors[id(entry)] = f"comment-removed-{digest}"
    for entry, source in thread.entries:  # replies that reply_to put deeper than the limit: shown at it
        thread.problems += [(source, problem) for problem in bound_entries([entry])]
    return thread


def walk_entries(entries: Iterable[FeedbackEntry]) -> Iterator[FeedbackEntry]:
    """Each entry, then its replies, depth first (without recursion: a chain of ``reply_to`` entries can
    be thousands deep before it is bounded)."""
    stack = list(entries)[::-1]
    while stack:
        entry = stack.pop()
        yield entry
        stack.extend(entry.replies[::-1])


DATED_ID = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|undated)-")


def derived_base(entry: FeedbackEntry) -> str:
    """``<date>-<name>``: the id an entry gets unless a same-day entry by the same person has it."""
    return f"{entry.date.isoformat() if entry.date else 'undated'}-{slugify(entry.author or '') or 'reader'}"


def entry_anchors(entries: list[FeedbackEntry]) -> tuple[dict[int, str], list[tuple[FeedbackEntry, Problem]]]:
    """A stable id for each entry and reply, and the chosen ids refused.

    An id its author (or ``newsletter feedback add``) wrote comes first, unless another entry wrote it
    before, or it has the shape of a made-up id (``<date>-<name>``) that is not the entry's own: an id is
    never taken from another reader. Every other entry's id is made from its date and name
    (``comment-2011-10-09-jane-doe``); a second one on the same day by the same person adds a digest of
    its text, so adding an entry never renames another. Where an entry sits in the thread does not
    change its id."""
    anchors: dict[int, str] = {}
    conflicts: list[tuple[FeedbackEntry, Problem]] = []
    taken: set[str] = set()
    for entry in walk_entries(entries):
        if not entry.id:
            continue
        own = derived_base(entry)
        if f"comment-{entry.id}" in taken:
            why = "another entry of this thread has it"
        elif DATED_ID.match(entry.id) and entry.id != own and not entry.id.startswith(own + "-"):
            why = f"an id that starts with a date is made from the entry's own date and name ({own})"
        else:
            anchors[id(entry)] = f"comment-{entry.id}"
            taken.add(anchors[id(entry)])
            continue
        conflicts.append((entry, Problem(entry.id_line, W.DUPLICATE, f"id '{entry.id}' is refused: {why}; a made-up "
                                                                   "id is used instead; choose another")))
    for entry in sorted(walk_entries(entries), key=lambda item: item.date or dt.date.min):
        if id(entry) in anchors:
            continue
        base = f"comment-{derived_base(entry)}"
        anchor = base
        if anchor in taken:
            digest = hashlib.sha256(f"{entry.author}\n{entry.body.strip()}".encode()).hexdigest()
            anchor, number = f"{base}-{digest[:6]}", 1
            while anchor in taken:
                number += 1
                anchor = f"{base}-{digest[:6]}-{number}"
        taken.add(anchor)
        anchors[id(entry)] = anchor
    return anchors, conflicts


def _attach_replies(thread: Thread) -> None:
    """Entries written with ``reply_to: <id>`` go under the entry with that id."""
    by_anchor = {anchor: entry for entry in walk_entries([entry for entry, _ in thread.entries])
                 for anchor in [thread.anchors.get(id(entry))] if anchor}
    kept = []
    for entry, source in thread.entries:
        if entry.reply_to:
            target = by_anchor.get(entry.reply_to)
            if target is not None and target is not entry and not _is_below(target, entry):
                target.replies = sorted([*target.replies, entry], key=lambda reply: reply.date or dt.date.min)
                continue
            thread.problems.append((source, Problem(
                entry.reply_to_line, W.BAD_VALUE, f"reply_to '{entry.reply_to}' names no entry of this thread; an "
                                                  "entry's id is the end of its permalink, e.g. "
                                                  "comment-2011-10-09-jane-doe; shown as a comment of its own")))
        kept.append((entry, source))
    thread.entries = kept


def _is_below(entry: FeedbackEntry, ancestor: FeedbackEntry) -> bool:
    """Whether ``entry`` is a reply (at any depth) of ``ancestor`` (walked without recursion: a chain of
    reply_to entries can be thousands deep before it is bounded)."""
    pending = list(ancestor.replies)
    while pending:
        reply = pending.pop()
        if reply is entry:
            return True
        pending += reply.replies
    return False


def _keep(thread: Thread, entry: FeedbackEntry, source: str | None) -> bool:
    """Record an entry's problems (its body's too); whether it is shown (replies likewise). A second
    entry of one source (a feedback issue added twice), or a second copy of one comment without an id,
    is not."""
    thread.problems += [(source, problem) for problem in entry.problems]
    key = (("source", entry.source) if entry.source else ("id", entry.id) if entry.id
           else ("text", entry.author, entry.date, entry.body.strip()))
    if not entry.blocked and key[0] != "id" and key in thread.seen:
        what = entry.source if entry.source else f"the same comment by {entry.author} on {entry.date}"
        thread.problems.append((source, Problem(entry.source_line if entry.source else entry.line, W.DUPLICATE,
                                                f"{what} is already in this thread: this copy is not shown; "
                                                "remove it")))
        return False
    if not entry.blocked:
        thread.seen[key] = entry
    if entry.blocked or entry.status == "hidden":  # hidden by the editors: neither shown nor counted
        return False
    if entry.status != "removed":  # a removed entry is shown without its text; its replies stay
        thread.problems += [(source, problem) for problem in body_problems(entry.body, entry.body_line)]
    entry.replies = sorted((reply for reply in entry.replies if _keep(thread, reply, source)),
                           key=lambda reply: reply.date or dt.date.min)
    return True

"""One report's feedback thread, assembled from both sources, with every problem found on the way.

Used by the build (which turns the thread into nodes and problems into warnings) and by
``newsletter check`` (which prints the problems), so both report the same things.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes

from sphinx_newsletter.core.frontmatter import FEEDBACK_LIMITS
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.report import Problem, undecodable_problem
from sphinx_newsletter.feedback.markup import body_problems, render_body
from sphinx_newsletter.feedback.model import (
    FILE_UNREAD,
    FeedbackEntry,
    bound_entries,
    check_not_older,
    read_feedback_file,
)
from sphinx_newsletter.safety.paths import UnsafeFile, read_regular_file


@dataclass
class Thread:
    """Shown entries oldest first, each with its source (``None``: the report; else the file's path)."""

    entries: list[tuple[FeedbackEntry, str | None]] = field(default_factory=list)
    problems: list[tuple[str | None, Problem]] = field(default_factory=list)
    bodies: dict[int, list[nodes.Node]] = field(default_factory=dict)
    render: bool = True

    @property
    def count(self) -> int:
        return sum(entry.count() for entry, _ in self.entries)

    def body(self, entry: FeedbackEntry) -> list[nodes.Node]:
        return self.bodies[id(entry)]


def feedback_file_source(path: Path, root: Path, shown: str) -> tuple[str, bytes | UnsafeFile] | None:
    """What ``assemble_thread`` takes of a feedback file: its shown path and its bytes, or why it is
    not read (a link, a pipe, too large); ``None`` when there is no such file."""
    if not os.path.lexists(path):
        return None
    try:
        return shown, read_regular_file(path, root, FEEDBACK_LIMITS[0])
    except UnsafeFile as refusal:
        return shown, refusal


def assemble_thread(from_report: list[FeedbackEntry], feedback_file: tuple[str, bytes | UnsafeFile] | None,
                    report_date: dt.date | None, render: bool = True) -> Thread:
    """Merge the report's blocks with the feedback file (its shown path and bytes), oldest first;
    ``render=False`` finds the same problems without building the bodies' nodes."""
    thread = Thread(render=render)
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
    thread.entries.sort(key=lambda pair: pair[0].date)
    return thread


def _keep(thread: Thread, entry: FeedbackEntry, source: str | None) -> bool:
    """Record an entry's problems and render its body; whether it is shown (replies likewise)."""
    thread.problems += [(source, problem) for problem in entry.problems]
    if entry.blocked:
        return False
    if thread.render:
        body = render_body(entry.body, entry.body_line)
        thread.problems += [(source, problem) for problem in body.problems]
        thread.bodies[id(entry)] = body.nodes
    else:
        thread.problems += [(source, problem) for problem in body_problems(entry.body, entry.body_line)]
    entry.replies = sorted((reply for reply in entry.replies if _keep(thread, reply, source)),
                           key=lambda reply: reply.date)
    return True

"""``newsletter feedback add``, as a library function: :func:`add_feedback` turns a reader's submission
(an issue form's answers, or the command's options) into a new entry at the end of the report's feedback
file, checked as the build checks the thread (the report's own ``{feedback}`` blocks as the site's Sphinx
reads them, and the file with the new entry); refused when the same source was added before.

    from sphinx_newsletter.checking import Site
    from sphinx_newsletter.intake import add_feedback
    added = add_feedback(Site(Path(".")), submission)  # feedback.submission.Submission
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sphinx_newsletter.checking import Site
from sphinx_newsletter.core.paths import read_regular_file
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.report import REPORT_SUFFIX
from sphinx_newsletter.feedback.model import FEEDBACK_SUFFIX, FeedbackEntry
from sphinx_newsletter.feedback.submission import Submission
from sphinx_newsletter.feedback.thread import Thread


@dataclass
class AddedFeedback:
    path: Path  # the feedback file
    text: str  # its text with the new entry at the end
    anchor: str  # the new entry's id (its permalink's fragment)
    docname: str  # the report's page


def report_of(site: Site, given: str) -> PurePosixPath:
    """The report a submission names: its path (``reports/<cycle>/<slug>.md``) or its page's address on
    the site (``https://…/reports/<cycle>/<slug>.html``, the folder form of dirhtml, or without the site)."""
    from sphinx_newsletter.feedback.submission import Refused

    value = given.strip()
    base = str(site.namespace.get("html_baseurl") or "").rstrip("/")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        if not base or not value.startswith(base + "/"):
            raise Refused(f"{value[:200]!r} is not an address of this site{f' ({base}/)' if base else ''}: give the "
                          f"report's address on the site, or its path, {site.reports_dir}/<cycle>/<slug>.md")
        value = value[len(base) + 1:]
    value = re.split(r"[?#]", value, maxsplit=1)[0]
    if value.endswith(".html"):
        value = value[:-len(".html")] + REPORT_SUFFIX
    elif value.endswith("/"):
        value = value.rstrip("/") + REPORT_SUFFIX
    elif not PurePosixPath(value).suffix and value.startswith(site.reports_dir + "/"):
        value += REPORT_SUFFIX
    return PurePosixPath(value)


def add_feedback(site: Site, submission: Submission) -> AddedFeedback:
    """The feedback file for the submission's report and its text with the new entry at the end (with
    its id recorded), after the build's checks; refused when the same source was added before."""
    from sphinx_newsletter.feedback.submission import READER_FIELDS, Refused, entry_lines
    from sphinx_newsletter.feedback.thread import assemble_thread, walk_entries

    report = report_of(site, submission.report)
    reports = PurePosixPath(site.reports_dir)
    if (report.is_absolute() or ".." in report.parts or len(report.parts) != len(reports.parts) + 2
            or report.parts[:len(reports.parts)] != reports.parts or report.suffix != REPORT_SUFFIX):
        raise Refused(f"{str(report)[:200]!r} is not a report: give its path, {site.reports_dir}/<cycle>/<slug>.md, "
                      "or its address on the site")
    source = site.confdir / report.as_posix()
    if not source.is_file() or source.is_symlink() or site.shown(source) in site.refusals:
        raise Refused(f"there is no report at {report}")
    relative = PurePosixPath(*report.parts[len(reports.parts):])
    target = site.feedback_path / relative.with_suffix(FEEDBACK_SUFFIX)
    existing = ""
    if os.path.lexists(target):
        existing = read_regular_file(target, site.confdir, 4 * 1024 * 1024).decode("utf-8-sig")
    existing += "\n" if existing and not existing.endswith("\n") else ""
    start = existing.count("\n") + 1
    # the same checks as the build: the thread of the report's own blocks (as the site's Sphinx reads
    # them) and the file with the new entry
    from sphinx_newsletter.adapters.site_reading import SiteReader

    docname = report.with_suffix("").as_posix()
    with SiteReader(site.confdir) as reader:
        parsed = reader.read([docname]).reports.get(docname)
    if parsed is None:
        raise Refused(f"there is no report at {report}")
    in_report = parsed.in_report_feedback
    shown = site.shown(target)

    def thread_of(content: str) -> Thread:
        return assemble_thread(copy.deepcopy(list(in_report)), (shown, content.encode("utf-8")), parsed.date)

    before = thread_of(existing)
    if submission.source:
        first = before.seen.get(("source", submission.source))
        if first is not None:
            where = before.anchors.get(id(first))
            raise Refused(f"{submission.source} was already added as {where}" if where else
                          f"{submission.source} was already added, and the editors hid it")
    known = sorted(set(before.anchors.values()))
    if submission.reply_to and submission.reply_to not in known:
        listed = ", ".join(known[:20]) + (", …" if len(known) > 20 else "") if known else "none yet"
        raise Refused(f"reply_to '{submission.reply_to[:100]}' names no comment under this report; the comments "
                      f"there are: {listed}")

    def new_entry(thread: Thread) -> FeedbackEntry | None:
        return next((entry for top, path in thread.entries if path == shown for entry in walk_entries([top])
                     if entry.line >= start), None)

    text, fields = entry_lines(submission, None)
    anchor = None
    first_try = thread_of(existing + text)
    entry = new_entry(first_try)
    if entry is not None:
        anchor = first_try.anchors[id(entry)]
        if len(anchor) - len("comment-") <= 80:
            text, fields = entry_lines(submission, anchor[len("comment-"):])
    after = thread_of(existing + text)
    old = {(problem.line, problem.text) for path, problem in before.problems if path == shown} if existing else set()
    new = [problem for path, problem in after.problems
           if path == shown and (problem.line >= start or (problem.line, problem.text) not in old)]
    if new:
        def told(problem: Problem) -> str:
            if problem.line < start:  # the file as a whole (a limit)
                return f"{shown}: {problem.text}"
            field_name = fields.get(problem.line - start + 1, "body")
            if field_name == "body":
                body_start = next(line for line, name in sorted(fields.items()) if name == "body")
                return f"Your comment, line {max(problem.line - start + 1 - body_start, 1)}: {problem.text}"
            return f"{READER_FIELDS.get(field_name, field_name)}: {problem.text}"
        raise Refused("; ".join(told(problem) for problem in new))
    entry = new_entry(after)
    return AddedFeedback(target, existing + text, after.anchors[id(entry)] if entry is not None else anchor or "",
                         report.with_suffix("").as_posix())

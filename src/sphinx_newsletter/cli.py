"""The ``newsletter`` command, for contributors and for CI: it parses arguments and prints; the work is
done by library functions (``checking``, ``importing``, ``publishing``).

    newsletter new "Title" [--author NAME] [--date YYYY-MM-DD] [--event E] [--location L]
                           [--tags a,b] [--cycle NAME]
    newsletter check [PATH ...] [--format text|github] [--strict]
    newsletter cycles
    newsletter publish CYCLE [--out DIR]
    newsletter send CYCLE [--to ADDRESS] [--dry-run] [--again REASON] [--skip-sent]
    newsletter feedback add --issue ISSUE.json | --report PATH --author NAME --body TEXT
    newsletter import wordpress|jekyll|hugo|ablog SOURCE [--dry-run] [--since DATE] [--late]
                      [--unpublished skip|draft] [--base-url URL]
    newsletter schema report-front-matter|feedback

``check`` reads the given reports as the build reads them, through the site's own Sphinx
(``checking``), and prints ``path:line: severity: message [type.subtype]``. It exits 1 when a report
has an error (it would be left out of its edition, or Sphinx calls it an error), or with ``--strict``
any problem (as ``sphinx-build -W`` would).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sphinx_newsletter.checking import (
    Site,
    check_paths,
    format_problem,
    report_files,
)
from sphinx_newsletter.core.paths import (
    UnsafeFile,
    read_regular_file,
    write_regular_file,
)
from sphinx_newsletter.core.settings import parse_date
from sphinx_newsletter.editorial.schema import SCHEMAS, schema_text
from sphinx_newsletter.importing.model import KINDS as IMPORT_KINDS
from sphinx_newsletter.progress import SphinxProgress


def check(args: argparse.Namespace) -> int:
    site = Site(Path(args.confdir))
    site.watch = SphinxProgress()  # bars for the Sphinx it starts, on a terminal
    for message in site.config_problems:
        print(f"conf.py: error: {message} [newsletter.config]", file=sys.stderr)
    checked = check_paths(site, [Path(path) for path in args.paths], use_cache=not args.no_cache)
    for path, problem in checked.problems:
        print(format_problem(site, path, problem, args.format))
    sys.stdout.flush()
    if args.format == "text":
        print(f"{checked.reports} report(s) checked: {checked.errors} error(s), "
              f"{len(checked.problems) - checked.errors} warning(s)", file=sys.stderr)
    failed = checked.errors or site.config_problems or (args.strict and checked.problems)
    return 1 if failed else 0


def cycles(args: argparse.Namespace) -> int:
    site = Site(Path(args.confdir))
    counts = Counter(path.parent.name for path in report_files(site.reports_path)
                     if path.parent.parent == site.reports_path)
    for cycle in site.cycles.values():
        status = f"published {cycle.published}" if cycle.is_published else "open"
        print(f"{cycle.name:<12} {cycle.title:<16} {cycle.window:<28} {status:<22} {counts[cycle.name]} report(s)"
              + (" (opened by newsletter_cadence; name it in newsletter_cycles)" if cycle.provisional else ""))
    return 0


def new(args: argparse.Namespace) -> int:
    """Write a new report in the edition its date belongs to (``scaffold.new_report``) and print its path."""
    from sphinx_newsletter.scaffold import NewRefused, git_user_name, new_report

    site = Site(Path(args.confdir))
    try:
        day = parse_date(args.date) if args.date else dt.date.today()
    except ValueError as error:
        print(f"newsletter new: --date: {error}", file=sys.stderr)
        return 2
    authors = args.author or [name for name in [git_user_name()] if name]
    tags = (args.tags or "").split(",")
    try:
        written = new_report(site, args.title, authors, day, args.cycle, args.event, args.location, tags)
    except NewRefused as refusal:
        print(f"newsletter new: {refusal}", file=sys.stderr)
        return refusal.code
    if written.late_from is not None:
        late = written.late_from
        print(f"newsletter new: the {late.title} edition was published on {late.published}; the report goes into "
              f"the {written.cycle.title} edition in progress as a late report (its date stays {day})",
              file=sys.stderr)
    for given, tag, known in written.respelt:
        print(f"newsletter new: tag '{given}' written as '{tag}'" + (", as the site spells it" if known else
              " (a new tag, written as its slug)"), file=sys.stderr)
    print(site.shown(written.path))
    return 0


def publish(args: argparse.Namespace) -> int:
    """Strictly check one edition, build it alone, write its mail-ready issue and record the publication
    (``publish.publish_edition``)."""
    from sphinx_newsletter.publish import PublishRefused, publish_edition

    site = Site(Path(args.confdir))
    site.watch = SphinxProgress()  # bars for the Sphinx it starts, on a terminal
    try:
        done = publish_edition(site, args.cycle, Path(args.out) if args.out else None, args.date, progress)
    except PublishRefused as refusal:
        print(f"newsletter publish: {refusal}", file=sys.stderr)
        return refusal.code
    print(f"Published the {done.cycle.title} edition of {done.published} ({done.reports} reports"
          + (f", {done.new_corrections} new correction(s)" if done.new_corrections is not None else "")
          + f") into {site.shown(done.out)}/")
    for path in [done.out / "index.html", *done.written]:
        print(f"  {site.shown(path)}")
    print(f"Commit {site.shown(done.record)}: it records the publication and freezes the edition.")
    now = Site(site.confdir).cycles  # as the record just written makes them
    opened = next((cycle for cycle in now.values() if cycle.provisional and not cycle.is_published
                   and cycle.start >= (done.cycle.end or done.published)), None)
    if opened is not None:
        print(f"The next edition is open: '{opened.name}' ({opened.window}), by newsletter_cadence; new reports go to "
              f"{site.reports_dir}/{opened.name}/. To name it, add it to newsletter_cycles in conf.py, e.g. "
              f"{{\"name\": \"grizzly\", \"title\": \"Grizzly\", \"start\": \"{opened.start}\""
              + (f", \"end\": \"{opened.end}\"" if opened.end else "") + "}, and move its folder if it has one.")
    elif all(cycle.is_published for cycle in now.values()):
        print("No edition is in progress now: add the next cycle to newsletter_cycles in conf.py, or set "
              "newsletter_cadence (e.g. {\"months\": 6}) so that the next one opens by itself.")
    return 0


def send(args: argparse.Namespace) -> int:
    """Post a published edition's mail-ready issue to its list over SMTP (``send.send_edition``); the
    server comes from the environment. ``--dry-run`` says what would go where; ``--to`` sends a test copy."""
    from sphinx_newsletter.send import SendRefused, send_edition

    site = Site(Path(args.confdir))
    site.watch = SphinxProgress()  # bars for the Sphinx it starts, on a terminal
    try:
        sent = send_edition(site, args.cycle, to=args.to, again=args.again, dry_run=args.dry_run,
                            skip_sent=args.skip_sent, tell=progress)
    except SendRefused as refusal:
        print(f"newsletter send: {refusal}", file=sys.stderr)
        return refusal.code
    if sent is None:
        return 0
    where = str(sent.server) if sent.server else "the server NEWSLETTER_SMTP_HOST names (not set here)"
    what = f"'{sent.subject}' ({sent.size:,} bytes) from {sent.sender} to {sent.to} through {where}"
    if sent.dry_run:
        print(f"Would send {what}" + (" (a test copy, not recorded)" if sent.test else ""))
        return 0
    print(f"Sent {what}.")
    if sent.record is not None:
        print(f"Commit {site.shown(sent.record)}: it records the send, so the issue is not sent twice.")
    return 0


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def feedback_add(args: argparse.Namespace) -> int:
    """Add one reader's feedback (a GitHub issue from the feedback form, or options) to the report's
    feedback file, after the same checks as the build; refuse with the reason otherwise. On success it
    prints the file, then the new entry's id and permalink."""
    from sphinx_newsletter.feedback.submission import (
        Refused,
        Submission,
        from_issue,
        read_form,
        read_history,
    )
    from sphinx_newsletter.intake import add_feedback

    site = Site(Path(args.confdir))
    try:
        if args.issue:
            history = read_history(_json_file(args.history)) if args.history else None
            submission = from_issue(_json_file(args.issue), read_form(site.confdir / ".github/ISSUE_TEMPLATE/feedback.yml"),
                                    site.settings.repository_url, args.approved, history)
        else:
            if not (args.report and args.author and args.body):
                raise Refused("give --issue FILE, or --report, --author and --body")
            submission = Submission(args.report, args.author, parse_date(args.date) if args.date else dt.date.today(),
                                    args.body, args.url, args.reply_to, int(args.likes or 0), args.source)
        added = add_feedback(site, submission)
        write_regular_file(added.path, site.confdir, added.text)
    except (Refused, UnsafeFile, ValueError, OSError, RecursionError) as error:
        print(f"newsletter feedback add: refused: {error}", file=sys.stderr)
        return 1
    print(site.shown(added.path))
    print(f"id: {added.anchor}")
    base = str(site.namespace.get("html_baseurl") or "")
    page = f"{added.docname}.html#{added.anchor}"
    print(f"permalink: {base.rstrip('/') + '/' + page if base else page}")
    return 0


def _json_file(path: str) -> Any:
    """A JSON file given on the command line (an issue, its history), bounded."""
    from sphinx_newsletter.feedback.submission import MAX_ISSUE_BYTES

    absolute = Path(os.path.abspath(path))
    return json.loads(read_regular_file(absolute, absolute.parent, MAX_ISSUE_BYTES).decode("utf-8"))


def import_blog(args: argparse.Namespace) -> int:
    """Import a blog's posts as reports and its comments as feedback (``importing.blog.import_blog``),
    checked as the build checks them; ``--dry-run`` writes nothing."""
    from sphinx_newsletter.importing.blog import ImportRefused, import_blog

    name = f"newsletter import {args.kind}"
    site = Site(Path(args.confdir))
    site.watch = SphinxProgress()  # bars for the Sphinx it starts, on a terminal
    if site.config_problems:
        for message in site.config_problems:
            print(f"conf.py: error: {message} [newsletter.config]", file=sys.stderr)
        print(f"{name}: fix conf.py first", file=sys.stderr)
        return 1
    try:
        since = parse_date(args.since) if args.since else None
    except ValueError as error:
        print(f"{name}: --since: {error}", file=sys.stderr)
        return 2
    try:
        imported = import_blog(site, args.kind, Path(args.source), since=since, late=args.late,
                               unpublished_as_drafts=args.unpublished == "draft", base_url=args.base_url,
                               dry_run=args.dry_run, progress=progress)
    except ImportRefused as refusal:
        print(f"{name}: {refusal}", file=sys.stderr)
        return refusal.code
    print("\n".join(imported.summary(args.dry_run)))
    return 0


def schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(args.name))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command ``argv`` names (default: the process's arguments); the exit status."""
    return run_command(parse_arguments(argv))


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line ``argv`` parsed: ``run`` is the command's function (argparse exits on an error)."""
    parser = argparse.ArgumentParser(prog="newsletter", description="Write and check trip reports of a Sphinx "
                                                                    "newsletter.")
    parser.add_argument("--confdir", default=".", help="folder holding conf.py (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)

    new_parser = commands.add_parser("new", help="write a new report with its front matter")
    new_parser.add_argument("title")
    new_parser.add_argument("--author", action="append", help="author's name (repeat for several; "
                                                              "default: git config user.name)")
    new_parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
    new_parser.add_argument("--event")
    new_parser.add_argument("--location")
    new_parser.add_argument("--tags", help="comma-separated, e.g. nova,design-summit")
    new_parser.add_argument("--cycle", help="default: the cycle whose window holds the date")
    new_parser.set_defaults(run=new)

    check_parser = commands.add_parser("check", help="validate reports and feedback without building")
    check_parser.add_argument("paths", nargs="*", help="reports, feedback files or folders (default: all)")
    check_parser.add_argument("--format", choices=("text", "github"), default="text",
                              help="github: GitHub Actions annotations")
    check_parser.add_argument("--strict", action="store_true", help="fail on warnings too, like sphinx-build -W")
    check_parser.add_argument("--no-cache", action="store_true", help="check every report afresh (the findings of "
                                                                      "unchanged reports are otherwise reused)")
    check_parser.set_defaults(run=check)

    cycles_parser = commands.add_parser("cycles", help="list release cycles with their windows and report counts")
    cycles_parser.set_defaults(run=cycles)

    publish_parser = commands.add_parser("publish", help="check an edition strictly, build it alone, write its "
                                                         "mail-ready issue and record the publication")
    publish_parser.add_argument("cycle")
    publish_parser.add_argument("--out", help="where publish trees go (default: _build/publish)")
    publish_parser.add_argument("--date", help="the publication date, YYYY-MM-DD (default: today; an edition "
                                               "published before keeps its date)")
    publish_parser.set_defaults(run=publish)

    send_parser = commands.add_parser("send", help="post a published edition's mail-ready issue to its list over "
                                                   "SMTP (the server from NEWSLETTER_SMTP_* in the environment)")
    send_parser.add_argument("cycle")
    send_parser.add_argument("--to", help="send a test copy to this address instead (not recorded)")
    send_parser.add_argument("--dry-run", action="store_true", help="say what would be sent where; send nothing")
    send_parser.add_argument("--again", metavar="REASON", help="send an issue already sent once more, for this reason "
                                                               "(recorded)")
    send_parser.add_argument("--skip-sent", action="store_true", help="an issue already sent is skipped, not refused "
                                                                       "(the Publish workflow)")
    send_parser.set_defaults(run=send)

    feedback_parser = commands.add_parser("feedback", help="reader feedback without git")
    feedback_commands = feedback_parser.add_subparsers(dest="feedback_command", required=True)
    add_parser = feedback_commands.add_parser("add", help="add one reader's feedback to the report's feedback file, "
                                                          "from a GitHub issue (the feedback form) or from options")
    add_parser.add_argument("--issue", help="the issue's JSON (REST resource or webhook payload), e.g. from "
                                            "`gh api repos/OWNER/REPO/issues/N`")
    add_parser.add_argument("--report", help="the report's path, reports/<cycle>/<slug>.md")
    add_parser.add_argument("--author")
    add_parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
    add_parser.add_argument("--body", help="the comment, in markdown")
    add_parser.add_argument("--url", help="the reader's web page (http or https)")
    add_parser.add_argument("--reply-to", help="the id of the entry answered (the end of its permalink)")
    add_parser.add_argument("--likes", type=int, default=0)
    add_parser.add_argument("--source", help="where the comment came from (an address); the same source is added once")
    add_parser.add_argument("--approved", action="store_true",
                            help="the editor approves this issue (otherwise it needs the 'feedback: approved' label)")
    add_parser.add_argument("--history", help="GitHub's GraphQL answer about the issue (its last edit, its label "
                                              "events, its reactions), as the Feedback workflow records it")
    add_parser.set_defaults(run=feedback_add)

    import_parser = commands.add_parser("import", help="import an existing blog: posts become reports, comments "
                                                       "feedback")
    import_parser.add_argument("kind", choices=tuple(IMPORT_KINDS),
                               help="wordpress: an export file (Tools → Export); jekyll or hugo: a Jekyll or Hugo "
                                    "site folder (Staticman comments); ablog: a Sphinx site folder with ABlog posts; "
                                    "disqus: a Disqus export (comments for the reports an earlier import wrote)")
    import_parser.add_argument("source", help="the export file or the site folder")
    import_parser.add_argument("--dry-run", action="store_true", help="say what would be imported; write nothing")
    import_parser.add_argument("--since", help="only posts dated on or after this day, YYYY-MM-DD")
    import_parser.add_argument("--unpublished", choices=("skip", "draft"), default="skip",
                               help="drafts, scheduled and private posts: skip them (the default), or import them "
                                    "with draft: true")
    import_parser.add_argument("--late", action="store_true",
                               help="put posts dated in a published edition into the edition in progress, as late "
                                    "reports (without it the import refuses them)")
    import_parser.add_argument("--base-url", help="the blog's address, for relative links and images (a WordPress "
                                                  "export gives its own)")
    import_parser.set_defaults(run=import_blog)

    schema_parser = commands.add_parser("schema", help="print a JSON Schema for editors")
    schema_parser.add_argument("name", choices=tuple(SCHEMAS))
    schema_parser.set_defaults(run=schema)

    return parser.parse_args(argv)


def run_command(args: argparse.Namespace) -> int:
    """Run the command parsed into ``args``; the exit status."""
    try:
        return int(args.run(args))
    except BrokenPipeError:  # e.g. `newsletter check | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""``newsletter publish``, as a library function: :func:`publish_edition` checks one edition strictly
(the one check, ``checking.find_problems``), builds it alone into a self-contained tree
(``publishing.build.build_edition``, Sphinx's public API), writes its mail-ready issue and records the
publication (``published/<cycle>.json``): the one record of the edition's state, date, reports and
corrections. Publishing an edition again records its corrections.

    from sphinx_newsletter.checking import Site
    from sphinx_newsletter.publish import publish_edition
    done = publish_edition(Site(Path(".")), "folsom")
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.checking import Findings, Site, copy_site, find_problems, format_problem
from sphinx_newsletter.core.paths import UnsafeFile, first_link
from sphinx_newsletter.core.publication import write_record
from sphinx_newsletter.core.records import read_record, record_path
from sphinx_newsletter.core.report import REPORT_SUFFIX
from sphinx_newsletter.core.settings import Cycle, Settings, parse_date
from sphinx_newsletter.editorial.notes import note_path, read_note

PUBLISH_IGNORE = ("_build", ".venv", ".git", "__pycache__", ".pytest_cache", "node_modules")
"""What the copy of the site an edition is built from leaves out (besides other editions)."""


class PublishRefused(Exception):
    """Why an edition is not published; ``code`` is the command's exit status (2: a usage error)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Published:
    """What publishing an edition did."""

    cycle: Cycle
    published: dt.date
    out: Path  # the edition's self-contained tree
    reports: int  # how many reports it lists
    new_corrections: int | None  # corrections recorded since it was last published (None: first time)
    written: list[Path]  # the mail-ready issue's files
    record: Path  # published/<cycle>.json


def publish_trees(site: Site) -> Path:
    """Where ``newsletter publish`` builds each edition's tree by default (``<cycle>/`` in it)."""
    return site.confdir / "_build" / "publish"


def publish_edition(site: Site, name: str, out: Path | None = None, date: str | None = None,
                    tell: Callable[[str], None] = lambda message: None) -> Published:
    """Publish the edition of cycle ``name`` into ``out`` (``_build/publish/<cycle>`` by default) on
    ``date`` (ISO; today by default); ``tell`` receives progress, notes and the problems found. Raises
    :class:`PublishRefused` with the reason when the edition cannot be published."""
    cycle = site.cycles.get(name)
    if cycle is None:
        raise PublishRefused(f"no cycle named '{name}'; cycles: {', '.join(site.cycles)}", 2)
    if not site.namespace.get("html_baseurl"):
        raise PublishRefused("set html_baseurl in conf.py: the issue and the feeds link to the site")
    if site.config_problems:
        for message in site.config_problems:
            tell(f"conf.py: error: {message} [newsletter.config]")
        raise PublishRefused(f"refusing to publish the {cycle.title} edition: fix conf.py first")
    record = read_record(site.published_path, cycle.name)
    try:
        published = record.published if record else cycle.published or (parse_date(date) if date else dt.date.today())
    except ValueError as error:
        raise PublishRefused(f"--date: {error}", 2) from None
    tell(f"Checking the {cycle.title} edition…")
    refusal, findings = edition_refusal(site, cycle, tell)
    link = first_link(record_path(site.published_path, cycle.name), site.confdir)
    if link is not None and not refusal:
        refusal = f"{site.shown(link)} is a symbolic link: the record is never written through a link; remove it"
    if refusal:
        raise PublishRefused(f"refusing to publish the {cycle.title} edition: {refusal}")
    for message in mail_setting_notes(site.settings):
        tell(f"newsletter publish: note: {message}")
    out = (out or publish_trees(site)) / cycle.name
    try:
        from sphinx_newsletter.publishing.build import build_edition
        from sphinx_newsletter.publishing.mail import write_issue
        from sphinx_newsletter.publishing.other_editions import report_titles
    except ImportError as error:
        raise PublishRefused(f"{error.name} is missing: pip install 'sphinx-newsletter[publish]'", 2) from None

    edition = {shown: report for shown, report in findings.reports.values() if report.cycle == cycle.name}
    contents = {shown: (site.confdir / shown).read_bytes() for shown in edition}
    corrections = {shown: len(report.corrections) for shown, report in edition.items()}
    note = read_note(site.confdir, site.settings, cycle.name)
    note_digest = note.digest if note is not None else None
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "source"
        tell(f"Building the {cycle.title} edition ({len(edition)} reports)…")
        copy_edition(site, cycle.name, source)
        # the build sees the edition as it will be recorded: published on that day, with these corrections
        write_record(source / site.published_dir, cycle, published, contents, corrections, note_digest)
        if out.exists():
            shutil.rmtree(out)
        titles = report_titles(((docname, report) for docname, (_shown, report) in findings.reports.items()),
                               cycle.name)  # for links to them
        app, warnings = build_edition(source, out, Path(scratch) / "doctrees", cycle.name, site.watch, titles=titles)
        if warnings is not None:
            tell(warnings.replace(str(source) + "/", "").rstrip("\n"))
            shutil.rmtree(out, ignore_errors=True)
            raise PublishRefused(f"refusing to publish the {cycle.title} edition: its strict build failed")
        tell("Writing the mail-ready issue…")
        # published again with new corrections: the issue goes out as a correction, a mail of its own
        new_corrections = sum(corrections.values()) - (sum(record.corrections.values()) if record else 0)
        corrected = (parse_date(date) if date else dt.date.today()) if record and new_corrections else None
        written = write_issue(app, cycle, published, out, corrections_since(site, findings, cycle, published),
                              corrected)
        listed = newsletter_domain(app.env).catalogue().editions[cycle.name]
    try:
        recorded = write_record(site.published_path, cycle, published, contents, corrections, note_digest,
                                record.sends if record else ())
    except UnsafeFile as error:
        raise PublishRefused(f"the record is not written: {error}") from None
    return Published(cycle, published, out, len(listed), new_corrections if record else None, written, recorded)


def copy_edition(site: Site, cycle_name: str, target: Path) -> None:
    """Copy the site into ``target`` for a build of one edition: its other editions' reports and feedback
    left out."""
    copy_site(site, target, PUBLISH_IGNORE, frozenset(f"{folder}/{other}" for other in site.cycles if other != cycle_name
                                                      for folder in (site.reports_dir, site.feedback_dir)))


def mail_setting_notes(settings: Settings) -> list[str]:
    """Settings the mail-ready issue's headers come from that are unset."""
    unset = [(settings.email_to, "newsletter_email_to", "To:"),
             (settings.list_id, "newsletter_list_id", "List-Id:"),
             (settings.list_unsubscribe, "newsletter_list_unsubscribe", "List-Unsubscribe:")]
    return [f"{name} is not set in conf.py, so the issue has no {header} header" for value, name, header in unset
            if not value]


def corrections_since(site: Site, findings: Findings, cycle: Cycle, published: dt.date) -> list[dict[str, Any]]:
    """Corrections the issue of ``cycle`` lists: those of its own reports (when it is published again),
    and those of other editions' reports made since the edition before it was published."""
    earlier = [other.published for other in site.cycles.values()
               if other.is_published and other.name != cycle.name and other.published and other.published < published]
    since = max(earlier, default=dt.date.min)
    listed = []
    for shown, report in findings.reports.values():
        for correction in report.corrections:
            if report.cycle == cycle.name or since < correction.date <= published:
                listed.append({"path": shown, "docname": report.docname, "title": report.title,
                               "edition": site.cycles[report.cycle].title if report.cycle in site.cycles else "",
                               "date": correction.date, "note": correction.note})
    return sorted(listed, key=lambda item: (item["date"], item["path"]))


def edition_refusal(site: Site, cycle: Cycle, tell: Callable[[str], None]) -> tuple[str | None, Findings]:
    """Why an edition cannot be published yet (errors, drafts, no reports), or ``None``; and what the
    check found (every report of the site read, for the corrections the issue lists)."""
    paths = sorted((site.reports_path / cycle.name).glob(f"*{REPORT_SUFFIX}"))
    folder = f"{site.reports_dir}/{cycle.name}/"
    note = note_path(site.confdir, site.settings, cycle.name).relative_to(site.confdir).as_posix()
    findings = find_problems(site, paths, lambda path, checked: path.startswith(folder) or path == note)
    if findings.problems:
        for path, problem in sorted(findings.problems, key=lambda item: (item[0], item[1].line)):
            tell(format_problem(site, path, problem, "text"))
        return f"fix the {len(findings.problems)} problem(s) above", findings
    drafts = [shown for shown, report in findings.reports.values() if report.draft and report.cycle == cycle.name]
    if drafts:
        return (f"it has drafts ({', '.join(sorted(drafts))}): finish them (draft: false) or move them to an open "
                "cycle", findings)
    if not paths:
        return f"it has no reports in {site.reports_dir}/{cycle.name}/", findings
    return None, findings

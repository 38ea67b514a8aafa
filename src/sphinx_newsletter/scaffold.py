"""``newsletter new``: a new report with its front matter, in the edition its date belongs to.

A report dated in a published edition goes into the edition in progress as a late report (its date
stays); a name Windows reserves, an existing file or a symbolic link on the way is refused. Usable from
Python: :func:`new_report` returns what it wrote, or raises :class:`NewRefused` with the reason and the
fix.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sphinx_newsletter.checking import Site, report_files
from sphinx_newsletter.core.catalogue import report_slug
from sphinx_newsletter.core.frontmatter import read_front_matter
from sphinx_newsletter.core.paths import UnsafeFile, read_regular_file, windows_reserved, write_regular_file
from sphinx_newsletter.core.report import REPORT_SUFFIX, SKELETON
from sphinx_newsletter.core.settings import Cycle, current_cycle, cycle_for_date
from sphinx_newsletter.core.text import singular_key, tag_key
from sphinx_newsletter.editorial.site import tag_spellings


class NewRefused(Exception):
    """No report was written: the message says why and what to do; ``code`` is the exit status (2: the
    arguments, 1: the file)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class NewReport:
    path: Path  # the report written
    cycle: Cycle  # the edition it went into
    late_from: Cycle | None = None  # the published edition its date falls in, when it went in late
    respelt: list[tuple[str, str, bool]] = field(default_factory=list)
    """(tag as given, as written, whether the site used it already), for each tag written otherwise."""


MAX_READ = 2 * 1024 * 1024
"""The largest report whose tags ``new`` learns (the build reads none larger)."""


def site_tags(site: Site) -> dict[str, str]:
    """How the site spells each tag, by ``singular_key`` (``editorial.site.tag_spellings``, as the build's
    warning has it), from its reports' front matter."""
    return tag_spellings(report_tags(site), site.settings.sections).spelt


def report_tags(site: Site) -> Iterator[list[str]]:
    """Each report's tags, as its front matter lists them."""
    for path in report_files(site.reports_path):
        try:
            data = read_regular_file(path, site.confdir, MAX_READ)
        except (UnsafeFile, OSError):
            continue
        tags = read_front_matter(data.decode("utf-8", errors="replace")).data.get("tags")
        yield [tag.strip() for tag in tags if isinstance(tag, str) and tag.strip()] if isinstance(tags, list) else []


def spelt_as_the_site(site: Site, tags: list[str]) -> list[tuple[str, str, bool]]:
    """Each tag given, as the site spells it (a tag the site does not use yet as its slug: 'Design Summit'
    -> 'design-summit'), and whether the site used it already."""
    known = site_tags(site)
    return [(tag, known.get(singular_key(tag), tag_key(tag)), singular_key(tag) in known)
            for tag in tags if tag_key(tag)]


def git_user_name() -> str | None:
    """The author git knows (``git config user.name``), if any."""
    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def _cycle(site: Site, day: dt.date, title: str, cycle_name: str | None) -> tuple[Cycle, Cycle | None]:
    """The edition the report goes into, and the published one its date falls in when it goes in late."""
    windows = "; ".join(f"{c.name} ({c.window})" for c in site.cycles.values()) or "none configured"
    found = cycle_for_date(site.cycles, day)
    in_progress = current_cycle(site.cycles)
    if in_progress is not None and in_progress.is_published:
        in_progress = None
    if cycle_name:
        cycle = site.cycles.get(cycle_name)
        if cycle is None:
            raise NewRefused(f"no cycle named '{cycle_name}'; cycles: {windows}")
        if cycle.is_published:
            where = (f"newsletter new {shlex.quote(title)} --date {day} --cycle {in_progress.name}"
                     if in_progress else "add an open cycle to newsletter_cycles in conf.py")
            raise NewRefused(f"the {cycle.title} edition was published on {cycle.published} and takes no new "
                             f"reports; use: {where}")
        late = found is not None and found.is_published and in_progress is not None and day < in_progress.start
        if not cycle.contains(day) and not (late and cycle == in_progress):
            raise NewRefused(f"{day} is outside the {cycle.title} cycle ({cycle.window}); give a --date inside it, "
                             "or leave out --cycle")
        return cycle, None
    if found is None and in_progress is None and site.cycles:
        raise NewRefused(f"no cycle covers {day}, and no edition is in progress: add the next cycle to "
                         "newsletter_cycles in conf.py, or set newsletter_cadence (e.g. {'months': 6}) so that the "
                         "next one opens by itself")
    if found is None and in_progress is not None and in_progress.end is not None and day > in_progress.end:
        after = ("the next one opens by itself (newsletter_cadence)" if in_progress.provisional
                 else "add the next cycle to newsletter_cycles in conf.py")
        raise NewRefused(f"no cycle covers {day}: the {in_progress.title} edition in progress ends on "
                         f"{in_progress.end}; publish it (newsletter publish {in_progress.name}) and {after}, or "
                         "give a --date inside a cycle")
    if found is None:
        raise NewRefused(f"no cycle covers {day}; give --date or --cycle. Cycles: {windows}")
    if found.is_published:
        if in_progress is None:
            raise NewRefused(f"the {found.title} edition was published on {found.published}, and no edition is in "
                             "progress: add an open cycle to newsletter_cycles in conf.py, or set newsletter_cadence "
                             "(e.g. {'months': 6}) so that the next one opens by itself")
        return in_progress, found
    return found, None


def new_report(site: Site, title: str, authors: list[str], day: dt.date, cycle_name: str | None = None,
               event: str | None = None, location: str | None = None, tags: list[str] | None = None) -> NewReport:
    """Write ``reports/<cycle>/<slug>.md`` with its front matter and the skeleton of a report."""
    cycle, late_from = _cycle(site, day, title, cycle_name)
    if not authors:
        raise NewRefused("give --author 'Your Name' (git config user.name is not set)")
    slug = report_slug(title)
    path = site.reports_path / cycle.name / f"{slug}{REPORT_SUFFIX}"
    if windows_reserved(path.name):
        raise NewRefused(f"{site.shown(path)} is a name Windows reserves (the repository could not be checked out "
                         "there): choose another title", 1)
    if os.path.lexists(path):
        raise NewRefused(f"{site.shown(path)} already exists; choose another title or edit that file", 1)
    matter: dict[str, Any] = {"title": title}
    matter.update({"author": authors[0]} if len(authors) == 1 else {"authors": authors})
    matter["date"] = day
    matter.update({key: value for key, value in (("event", event), ("location", location)) if value})
    spelt = spelt_as_the_site(site, [tag.strip() for tag in tags or []]) if tags else []
    matter["tags"] = list(dict.fromkeys(written for _given, written, _known in spelt))
    front_matter = yaml.safe_dump(matter, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1000)
    try:
        write_regular_file(path, site.confdir, f"---\n{front_matter}---\n\n{SKELETON}", exclusive=True)
    except UnsafeFile as error:
        raise NewRefused(str(error), 1) from error
    return NewReport(path, cycle, late_from, [item for item in spelt if item[0] != item[1]])

"""Published editions are frozen: a manifest records what went out, and the checks hold to it.

``newsletter publish <cycle>`` writes ``published/<cycle>.json`` (commit it) listing each report of
the edition with a hash of its file. From then on a report added to that cycle is an error that
names the open cycle to use instead, and a changed or removed report is a warning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.report import REPORT_LEFT_OUT, Problem, Report
from sphinx_newsletter.core.settings import Cycle, current_cycle


@dataclass(frozen=True)
class Manifest:
    cycle: str
    published: dt.date
    reports: dict  # report path (relative to the source folder) -> sha256 of its bytes


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_path(published_dir: Path, cycle: str) -> Path:
    return published_dir / f"{cycle}.json"


@lru_cache(maxsize=64)
def _read_manifest(path: str, mtime_ns: int) -> Manifest | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Manifest(data["cycle"], dt.date.fromisoformat(data["published"]), dict(data["reports"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_manifest(published_dir: Path, cycle: str) -> Manifest | None:
    """The cycle's manifest, if it was published (read once per change of the file)."""
    path = manifest_path(published_dir, cycle)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    return _read_manifest(str(path), mtime)


def write_manifest(published_dir: Path, cycle: Cycle, published: dt.date, reports: dict[str, bytes]) -> Path:
    path = manifest_path(published_dir, cycle.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"cycle": cycle.name, "published": published.isoformat(),
            "reports": {name: file_digest(content) for name, content in sorted(reports.items())}}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def frozen_problems(report: Report, path: str, data: bytes, manifest: Manifest | None,
                    cycles: dict[str, Cycle]) -> list[Problem]:
    """Problems of a report (at ``path``, with these bytes) against its edition's manifest."""
    if manifest is None:
        return []
    edition = cycles[report.cycle].title if report.cycle in cycles else manifest.cycle
    if path not in manifest.reports:
        open_cycle = current_cycle({name: c for name, c in cycles.items() if not c.is_published
                                    and name != manifest.cycle})
        where = (f"date it inside the open {open_cycle.title} cycle ({open_cycle.window}) and move it to "
                 f"{path.split('/')[0]}/{open_cycle.name}/") if open_cycle else "add an open cycle to conf.py for it"
        return [Problem(1, W.FROZEN, f"the {edition} edition was published on {manifest.published} and is "
                                     f"frozen: {where}", REPORT_LEFT_OUT)]
    if file_digest(data) != manifest.reports[path]:
        return [Problem(1, W.FROZEN, f"changed after the {edition} edition was published on {manifest.published}; "
                                     "published editions do not change: undo the edit, or write a correction "
                                     "in the current edition")]
    return []


def missing_published_reports(srcdir: Path, published_dir: Path, cycles: dict[str, Cycle]) -> list[tuple[str, Problem]]:
    """Reports listed in a manifest whose file is gone."""
    missing = []
    for cycle in cycles.values():
        manifest = read_manifest(published_dir, cycle.name)
        for path in sorted(manifest.reports) if manifest else ():
            if not (srcdir / path).is_file():
                shown = str(manifest_path(published_dir, cycle.name).relative_to(srcdir))
                missing.append((shown, Problem(1, W.FROZEN, f"{path} was published in the {cycle.title} edition "
                                                            f"on {manifest.published} and is missing: restore it")))
    return missing

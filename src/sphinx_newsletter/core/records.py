"""The publication records as files: reading ``published/<cycle>.json`` (bounded, no links followed)
and each edition's recorded date. What a record means for reports is ``core.publication``'s; this
module sits below the settings, which take each cycle's state and date from the records."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sphinx_newsletter.core.paths import UnsafeFile, read_regular_file

RECORD_SUFFIX = ".json"


@dataclass(frozen=True)
class Send:
    """One time ``newsletter send`` posted the edition's issue to its list."""

    sent: dt.datetime  # when the server took it (UTC)
    to: str  # the list's address
    message_id: str  # the Message-ID (a correction is a mail of its own, with its own)
    reason: str | None = None  # why it was sent again (``--again``)

    def as_json(self) -> dict[str, str]:
        data = {"sent": self.sent.isoformat(timespec="seconds"), "to": self.to, "message_id": self.message_id}
        return data | ({"reason": self.reason} if self.reason else {})


@dataclass(frozen=True)
class Record:
    """What ``newsletter publish`` wrote for one edition (and ``newsletter send`` added)."""

    cycle: str
    published: dt.date
    reports: dict[str, str]  # report path (relative to the source folder) -> sha256 of its bytes
    corrections: dict[str, int] = field(default_factory=dict)  # report path -> number of corrections recorded
    note: str | None = None  # sha256 of the editor's note, when the edition had one
    sends: tuple[Send, ...] = ()  # each time its issue went to the list, oldest first


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_path(published_dir: Path, cycle: str) -> Path:
    return published_dir / f"{cycle}{RECORD_SUFFIX}"


MAX_RECORD_BYTES = 4 * 1024 * 1024
MAX_SENDS = 1000


@lru_cache(maxsize=64)
def _read_record(path: str, mtime_ns: int) -> Record | None:
    """The record at ``path``; ``None`` when it is not one (a link, a pipe, too large, not JSON)."""
    try:
        data = json.loads(read_regular_file(Path(path), Path(path).parent, MAX_RECORD_BYTES).decode("utf-8"))
        corrections = {str(key): int(value) for key, value in dict(data.get("corrections", {})).items()}
        note = data.get("note")
        sends = tuple(Send(dt.datetime.fromisoformat(str(item["sent"])), str(item["to"]), str(item["message_id"]),
                           str(item["reason"]) if item.get("reason") else None)
                      for item in list(data.get("sent", []))[:MAX_SENDS])
        return Record(str(data["cycle"]), dt.date.fromisoformat(data["published"]), dict(data["reports"]),
                      corrections, str(note) if note else None, sends)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnsafeFile, RecursionError):
        return None


def read_record(published_dir: Path, cycle: str) -> Record | None:
    """The cycle's record, if it was published (read once per change of the file)."""
    path = record_path(published_dir, cycle)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    return _read_record(str(path), mtime)


def recorded_dates(published_dir: Path) -> dict[str, dt.date]:
    """The publication date of each recorded edition, by cycle name (for ``Settings.from_values``)."""
    if not published_dir.is_dir():
        return {}
    dates = {}
    for path in sorted(published_dir.glob(f"*{RECORD_SUFFIX}")):
        record = read_record(published_dir, path.stem)
        if record is not None and record.cycle == path.stem:
            dates[record.cycle] = record.published
    return dates

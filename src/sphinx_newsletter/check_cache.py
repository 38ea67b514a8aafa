"""What ``newsletter check`` found in each report, kept so that checking again reads only what changed
(as ruff and mypy keep theirs). ``newsletter check --no-cache`` does without it.

An entry is used only when everything its findings came from is as it was: the report's bytes and
path, its feedback file, ``conf.py``, the publication records, the versions of Python and of the
packages that check (the newsletter, Sphinx, docutils, MyST, markdown-it), and the files of the site's
extensions and of the newsletter's own code.
The files a report's reading looked at (the parts it includes, images, downloads, found or not) are
looked at again on every run: an entry is used only when each is as it was.

A report and its feedback file are known by their state (inode, type, size, modification and change
times) when both are as the entry saw them, and by their bytes otherwise: an unchanged report is not read
(1,000 reports: about 0.06 s less). A change always moves the inode's change time, which no program can set
back; a file that changed less than a clock tick (``CLOCK_TICK_NS``) before its state was taken could
change again with the same times, so such an entry is checked by its bytes the next time (as git treats
a "racily clean" file).

The file is a log: the entries of the site, then what each later check changed, appended (a check of one
changed report in a thousand does not write the thousand again); after ``MAX_ADDITIONS`` additions it
is written anew. A tail cut short (a check stopped while writing) is left out, and the next check that
changes anything writes the file anew.

The cache is a pickle, and loading a pickle runs code: it lives outside the repository, in the user's
own cache folder (``$NEWSLETTER_CACHE_DIR``, else ``$XDG_CACHE_HOME/sphinx-newsletter``, else
``~/.cache/sphinx-newsletter``), one file per site, private to the user. A pull request cannot put one
there; a file that cannot be read as one is ignored and written anew. A folder that another user can write
or that is a link, and a file that is a link or not the user's own, are neither read nor written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from importlib import metadata, util
from importlib.machinery import ModuleSpec
from pathlib import Path

from sphinx_newsletter.core.paths import cache_folder, private_folder
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.report import Report

CACHE_VERSION = 3
MAX_ADDITIONS = 32
CLOCK_TICK_NS = 2_000_000_000
"""The coarsest clock of a common file system (FAT's two seconds; ext4's is a few milliseconds)."""
MAX_CACHE_BYTES = 256 * 1024 * 1024
PACKAGES = ("sphinx-newsletter", "sphinx", "docutils", "myst-parser", "markdown-it-py", "mdit-py-plugins", "nh3", "pygments",
            "sphinx-book-theme", "pydata-sphinx-theme", "linkify-it-py",
            "pyyaml")


@dataclass
class Entry:
    """The findings of one report: the report as read, its problems (by shown path: the report, its
    feedback file, the parts it includes), and the state of every file its reading looked at."""

    key: str
    report: Report
    problems: list[tuple[str, Problem]]
    files: dict[str, tuple[int, int] | None]
    sources: SourceStates | None = None  # the report's and its feedback file's, when they can be trusted


def site_check_part(report: Report) -> Report:
    """What an entry keeps of a report: what the site-wide checks read (its front matter, where each field
    is, its problems), without its summary and feedback (1,000 generated reports: 2.1 MB of cache, 0.47 MB without)."""
    return replace(report, summary=None, commenters=(), comments=(), in_report_feedback=(), thread=(), redacted=())


State = tuple[int, int, int, int, int]
SourceStates = tuple[State | None, ...]


def source_states(paths: Iterable[str]) -> SourceStates:
    """Each file's type, inode, size, modification and change times (not through a final link), ``None``
    when there is none."""
    states: list[State | None] = []
    for path in paths:
        try:
            info = os.lstat(path)
        except OSError:
            states.append(None)
            continue
        states.append((info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(states)


def file_states(paths: Iterable[str]) -> dict[str, tuple[int, int] | None]:
    """Each file's modification time and size, ``None`` when there is none."""
    states: dict[str, tuple[int, int] | None] = {}
    for path in paths:
        try:
            info = os.stat(path)
            states[path] = (info.st_mtime_ns, info.st_size)
        except OSError:
            states[path] = None
    return states


MAX_EXTENSION_FILES = 2000
"""A site extension's package is looked through up to this many files (a larger one: its version)."""


def _newest_file(spec: ModuleSpec | None) -> str:
    """Where a site extension's top-level package lives and when any of its Python files last changed
    (a submodule holds the directives as often as ``__init__.py``); for a single module, its file."""
    if spec is None or spec.origin is None:
        raise ValueError("no such module")
    folders = list(spec.submodule_search_locations or [])
    if not folders:
        return f"{spec.origin}:{os.stat(spec.origin).st_mtime_ns}"
    newest, count = 0, 0
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                if name.endswith(".py"):
                    newest = max(newest, os.stat(os.path.join(root, name)).st_mtime_ns)
                    count += 1
            if count > MAX_EXTENSION_FILES:
                return f"{folders}:{newest}:many"
    return f"{folders}:{newest}"


def _versions(extensions: object) -> list[str]:
    """The checking packages' versions, and for each of the site's other extensions where its package is
    and when any of its files was last written (which an upgrade or an edit changes). Finding the distribution of a module
    (``packages_distributions``) would read every installed package's metadata: 60 ms on every check."""
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}==?")
    versioned = {name.replace("-", "_") for name in PACKAGES} | {"myst_parser", "markdown_it", "mdit_py_plugins"}
    for extension in extensions if isinstance(extensions, (list, tuple)) else ():
        top = str(extension).split(".")[0]
        if top in versioned:  # its package's version says it
            continue
        try:
            found.append(f"{extension}@{_newest_file(util.find_spec(top))}")
        except (ImportError, AttributeError, TypeError, ValueError, OSError):
            found.append(f"{extension}@?")
    package = Path(__file__).parent  # its own code too: an editable install changes without a new version
    found.append(f"code:{max(path.stat().st_mtime_ns for path in package.rglob('*.py'))}")
    return found


def site_fingerprint(confdir: Path, published: Path, extensions: object) -> str:
    """What every entry of a site depends on besides its own files."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\n{sys.version}\n".encode())
    digest.update("\n".join(_versions(extensions)).encode())
    for path in [confdir / "conf.py", *sorted(published.glob("*.json"))]:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def _usable(info: os.stat_result, size: int) -> bool:
    """Whether a cache file of ``size`` bytes with this state may be used: a regular file, the user's own,
    within the bound."""
    return (stat.S_ISREG(info.st_mode) and size <= MAX_CACHE_BYTES
            and not (hasattr(os, "getuid") and info.st_uid != os.getuid()))


class CheckCache:
    """The entries of one site, by the report's shown path; read once, written once at the end."""

    def __init__(self, confdir: Path, fingerprint: str, folder: Path | None = None):
        self.started = time.time_ns()  # before any file's state is taken
        self.path = (folder or cache_folder()) / f"check-{hashlib.sha256(str(confdir).encode()).hexdigest()[:20]}.pickle"
        self.fingerprint = fingerprint
        self.entries: dict[str, Entry] = {}
        self.changes: dict[str, Entry | None] = {}  # what this check adds to the file (None: taken out)
        self.additions = -1  # how many additions the file holds after its entries; -1: none to add to
        self._load()

    def _load(self) -> None:
        if not private_folder(self.path.parent):  # another user could put a pickle there, or swap one in
            return
        try:
            descriptor = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(descriptor, "rb") as stream:
                info = os.fstat(stream.fileno())  # the file read, not the one a name pointed to before
                if not _usable(info, info.st_size):
                    return
                fingerprint, entries = pickle.load(stream)
                if fingerprint != self.fingerprint or not isinstance(entries, dict):
                    return
                self.entries, self.additions = entries, 0
                while stream.tell() < info.st_size:
                    fingerprint, changes = pickle.load(stream)
                    if fingerprint != self.fingerprint or not isinstance(changes, dict):
                        self.additions = MAX_ADDITIONS  # an addition of another site's state: written anew next
                        break
                    self._apply(changes)
                    self.additions += 1
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            if self.additions >= 0:  # what was read before it is kept; what is added next would follow the bad
                self.additions = MAX_ADDITIONS  # tail, never to be read: the file is written anew instead

    def _apply(self, changes: dict[str, Entry | None]) -> None:
        for shown, entry in changes.items():
            if entry is None:
                self.entries.pop(shown, None)
            else:
                self.entries[shown] = entry

    def trusted(self, states: SourceStates) -> SourceStates | None:
        """``states`` when every file's last change is a clock tick older than this check's start (the
        same times then mean the same file), else ``None``."""
        limit = self.started - CLOCK_TICK_NS
        return None if any(state is not None and max(state[3], state[4]) >= limit for state in states) else states

    def unchanged(self, shown: str, states: SourceStates) -> Entry | None:
        """The entry of ``shown`` if its report and feedback file are in the states it was made from."""
        entry = self.entries.get(shown)
        if entry is None or entry.sources is None or entry.sources != states or file_states(entry.files) != entry.files:
            return None
        return entry

    def key(self, shown: str, data: bytes, feedback: bytes | None) -> str:
        digest = hashlib.sha256(shown.encode() + b"\0" + data)
        digest.update(b"\0none" if feedback is None else b"\0" + feedback)
        return digest.hexdigest()

    def get(self, shown: str, key: str) -> Entry | None:
        entry = self.entries.get(shown)
        if entry is None or entry.key != key or file_states(entry.files) != entry.files:
            return None
        return entry

    def put(self, shown: str, entry: Entry) -> None:
        self.entries[shown] = self.changes[shown] = entry

    def save(self, keep: Callable[[str], bool]) -> None:
        """Add what changed, taking out the entries whose report ``keep(shown)`` no longer holds: appended to
        the file, or the file written anew (atomically, private to the user)."""
        for shown in [shown for shown in self.entries if not keep(shown)]:
            del self.entries[shown]
            self.changes[shown] = None
        if not self.changes:
            return
        try:
            if 0 <= self.additions < MAX_ADDITIONS and self._append():
                return
            if not private_folder(self.path.parent, make=True):
                return  # a folder others can write, or a link: nothing is kept where it could be swapped
            handle, scratch = tempfile.mkstemp(dir=self.path.parent, prefix=".check-", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((self.fingerprint, self.entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(scratch, self.path)
        except OSError:
            return  # no cache folder to write to: the next check starts from nothing, as this one did

    def _append(self) -> bool:
        """Add this check's changes to the end of the file read (in one write); ``False`` when it is not
        the user's own regular file any more."""
        data = pickle.dumps((self.fingerprint, self.changes), protocol=pickle.HIGHEST_PROTOCOL)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "wb") as stream:
            info = os.fstat(stream.fileno())
            if not _usable(info, info.st_size + len(data)):
                return False
            stream.write(data)
        return True

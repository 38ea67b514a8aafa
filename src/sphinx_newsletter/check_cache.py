"""What ``newsletter check`` found in each report, kept so that checking again reads only what changed
(as ruff and mypy keep theirs). ``newsletter check --no-cache`` does without it.

An entry is used only when everything its findings came from is as it was: the report's bytes and
path, its feedback file, ``conf.py``, the publication records, the versions of Python and of the
packages that check (the newsletter, Sphinx, docutils, MyST, markdown-it), and the files of the site's
extensions and of the newsletter's own code.
The files a report's reading looked at (the parts it includes, images, downloads, found or not) are
looked at again on every run: an entry is used only when each is as it was.

The cache is a pickle, and loading a pickle runs code: it lives outside the repository, in the user's
own cache folder (``$NEWSLETTER_CACHE_DIR``, else ``$XDG_CACHE_HOME/sphinx-newsletter``, else
``~/.cache/sphinx-newsletter``), one file per site, private to the user. A pull request cannot put one
there; a file that cannot be read as one is ignored and written anew.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata, util
from importlib.machinery import ModuleSpec
from pathlib import Path

from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.report import Report

CACHE_VERSION = 2
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


def cache_folder() -> Path:
    if os.environ.get("NEWSLETTER_CACHE_DIR"):
        return Path(os.environ["NEWSLETTER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sphinx-newsletter"


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


class CheckCache:
    """The entries of one site, by the report's shown path; read once, written once at the end."""

    def __init__(self, confdir: Path, fingerprint: str, folder: Path | None = None):
        self.path = (folder or cache_folder()) / f"check-{hashlib.sha256(str(confdir).encode()).hexdigest()[:20]}.pickle"
        self.fingerprint = fingerprint
        self.entries: dict[str, Entry] = {}
        self.changed = False
        self._load()

    def _load(self) -> None:
        try:
            info = self.path.stat()
            if info.st_size > MAX_CACHE_BYTES or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
                return
            with self.path.open("rb") as stream:
                fingerprint, entries = pickle.load(stream)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return
        if fingerprint == self.fingerprint and isinstance(entries, dict):
            self.entries = entries

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
        self.entries[shown] = entry
        self.changed = True

    def save(self, keep: Callable[[str], bool]) -> None:
        """Write the entries whose report ``keep(shown)`` still holds (atomically, private to the user)."""
        entries = {shown: entry for shown, entry in self.entries.items() if keep(shown)}
        if not self.changed and len(entries) == len(self.entries):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, scratch = tempfile.mkstemp(dir=self.path.parent, prefix=".check-", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((self.fingerprint, entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(scratch, self.path)
        except OSError:
            return  # no cache folder to write to: the next check starts from nothing, as this one did

"""The importer's own record of what it imported from a blog, committed with the site. No Sphinx here.

``imported/<kind>-<blog>.json`` maps each post's stable id in its blog (WordPress's guid, a Jekyll or
Hugo post's path, an ABlog post's document) to the report it became and the ids of the comments
imported with it. It is the one identity of an imported post: a value in a report (``origin:``) is
what a pull request can write, the ledger is what only the importer writes. It is also the memory of
the editors' decisions: a report or a comment the ledger holds but the site no longer does was deleted
by the editors, and a later import does not bring it back.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_newsletter.core.catalogue import slugify
from sphinx_newsletter.core.paths import UnsafeFile, read_regular_file, write_regular_file

LEDGER_DIR = "imported"
MAX_LEDGER_BYTES = 64 * 1024 * 1024


class LedgerError(ValueError):
    """A ledger that cannot be read: the import stops rather than forget what the editors decided."""


@dataclass
class LedgerPost:
    report: str  # the report's path in the site, as the import wrote it
    comments: list[str] = field(default_factory=list)  # the entry ids of the comments imported
    addresses: list[str] = field(default_factory=list)  # the post's addresses in its blog (Disqus finds it by them)


@dataclass
class Ledger:
    path: Path
    source: str  # the blog: its kind and address (or its file or folder name)
    posts: dict[str, LedgerPost] = field(default_factory=dict)

    @staticmethod
    def path_of(confdir: Path, kind: str, identity: str) -> Path:
        """Where the ledger of the blog ``identity`` of this ``kind`` lives."""
        source = f"{kind} {identity}"
        name = f"{kind}-{slugify(identity)[:60].strip('-') or 'blog'}-{hashlib.sha256(source.encode()).hexdigest()[:8]}"
        return confdir / LEDGER_DIR / f"{name}.json"

    @classmethod
    def load(cls, confdir: Path, kind: str, identity: str) -> Ledger:
        """The ledger of the blog ``identity`` (empty when it was never imported)."""
        path = cls.path_of(confdir, kind, identity)
        if not os.path.lexists(path):
            return cls(path, f"{kind} {identity}")
        return cls.from_data(path, f"{kind} {identity}", _read(confdir, path))

    @classmethod
    def from_data(cls, path: Path, source: str, data: object) -> Ledger:
        """The ledger of ``source`` from the JSON read at ``path``; ``LedgerError`` when it is not one."""
        ledger = cls(path, source)
        posts = data.get("posts") if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(posts, dict) or data.get("source") != source:
            raise LedgerError(f"{LEDGER_DIR}/{path.name} is not the import ledger of {source}: restore it from git")
        for key, value in posts.items():
            if isinstance(value, dict) and isinstance(value.get("report"), str):
                comments = [item for item in value.get("comments") or [] if isinstance(item, str)]
                addresses = [item for item in value.get("addresses") or [] if isinstance(item, str)]
                ledger.posts[str(key)] = LedgerPost(value["report"], comments, addresses)
        return ledger

    def text(self) -> str:
        return json.dumps({"source": self.source, "posts": {
            key: {"report": post.report, "comments": sorted(set(post.comments)),
                  **({"addresses": sorted(set(post.addresses))} if post.addresses else {})}
            for key, post in sorted(self.posts.items())}}, indent=1, ensure_ascii=False) + "\n"

    def write(self, confdir: Path) -> None:
        write_regular_file(self.path, confdir, self.text())


def _read(confdir: Path, path: Path) -> object:
    try:
        return json.loads(read_regular_file(path, confdir, MAX_LEDGER_BYTES).decode("utf-8"))
    except (UnsafeFile, OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise LedgerError(f"{LEDGER_DIR}/{path.name} cannot be read ({error}): restore it from git; without it "
                          "the import would bring back what the editors deleted") from error


def all_ledgers(confdir: Path) -> list[Ledger]:
    """Every blog's ledger in the site (for a comment system that served several, such as Disqus); a
    file that is not one, or not where its blog's ledger lives, is passed over."""
    folder = confdir / LEDGER_DIR
    found: list[Ledger] = []
    if not folder.is_dir() or folder.is_symlink():
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            data = _read(confdir, path)
            source = data.get("source") if isinstance(data, dict) else None
            if isinstance(source, str) and " " in source and Ledger.path_of(confdir, *source.split(" ", 1)) == path:
                found.append(Ledger.from_data(path, source, data))
        except LedgerError:
            continue
    return found

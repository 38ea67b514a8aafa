"""File names and file reads that a pull request cannot turn against the build (no Sphinx here).

A name is safe in a URL, a page name and the theme's JavaScript when it holds letters (any
script), digits, ``_``, ``-`` and ``.`` only, and does not start with ``.`` or ``-``. A file is
read only when it is a regular file reached without symbolic links, and only up to a size.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

SAFE_NAME = re.compile(r"(?![.-])[\w.-]+")


def is_safe_name(name: str) -> bool:
    return bool(SAFE_NAME.fullmatch(name)) and ".." not in name and unicodedata.is_normalized("NFC", name)


def safe_path(relative: str) -> bool:
    """Whether every part of a ``/``-separated relative path is a safe name."""
    return all(is_safe_name(part) for part in relative.split("/"))


class UnsafeFile(Exception):
    """A file that is not read, and why (a sentence that ends with what to do)."""


def read_regular_file(path: Path, root: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` (inside ``root``), refusing links, special files and large files.

    Raises :class:`UnsafeFile` with the reason; ``OSError`` when the file is missing.
    """
    root = os.fspath(root)
    current = root
    for part in os.path.relpath(path, root).split(os.sep):
        current = os.path.join(current, part)
        if os.path.islink(current):
            raise UnsafeFile("a symbolic link is not followed: put the file itself in the repository")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("not a regular file (a pipe, socket or device): remove it")
        if info.st_size > max_bytes:
            raise UnsafeFile(f"over {max_bytes // 1024 // 1024} MiB: split it up or archive older entries")
        return stream.read(info.st_size + 1)  # a file that grows meanwhile is read to its size at the check

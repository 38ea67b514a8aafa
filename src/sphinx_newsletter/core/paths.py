"""File names and file reads that a pull request cannot turn against the build (no Sphinx here).

A name is safe in a URL, a page name and the theme's JavaScript when it holds letters (any
script), digits, ``_``, ``-`` and ``.`` only, and does not start with ``.`` or ``-``. A file is
read only when it is a regular file reached without symbolic links, and only up to a size.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import unicodedata
from pathlib import Path, PurePosixPath

from sphinx_newsletter.core.marks import GENERATED_MARKER

ASSET_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".txt", ".csv", ".zip", ".gz", ".odp",
               ".odt", ".ods", ".pptx", ".docx", ".xlsx", ".ics")
"""The file types a report may attach or show as an image (``newsletter_asset_types`` adds to them)."""


SAFE_NAME = re.compile(r"(?![.-])[\w.-]+")


def is_safe_name(name: str) -> bool:
    return bool(SAFE_NAME.fullmatch(name)) and ".." not in name and unicodedata.is_normalized("NFC", name)


WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                              *(f"lpt{n}" for n in range(10)), "com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³"})
"""Names Windows reserves for devices, with any suffix (``con.md``, ``aux.yaml``): a repository that holds
one cannot be checked out there."""


def windows_reserved(name: str) -> bool:
    """Whether a file name is one Windows reserves (its part before the first dot, in any case, with
    trailing spaces and dots ignored)."""
    return name.split(".", 1)[0].rstrip(" .").casefold() in WINDOWS_RESERVED


def safe_path(relative: str) -> bool:
    """Whether every part of a ``/``-separated relative path is a safe name."""
    return all(is_safe_name(part) for part in relative.split("/"))


class UnsafeFile(Exception):
    """A file that is not read, and why (a sentence that ends with what to do)."""


def first_link(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str | None:
    """The first symbolic link between ``root`` and ``path``, ``path`` itself included (which need not
    exist yet; a dangling link counts), or ``None``."""
    current: str = os.fspath(root)
    for part in os.path.relpath(path, root).split(os.sep):
        current = os.path.join(current, part)
        if os.path.islink(current):
            return current
    return None


def link_on_the_way(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether a symbolic link lies between ``root`` and ``path``, ``path`` itself included."""
    return first_link(path, root) is not None


def write_regular_file(path: str | os.PathLike[str], root: str | os.PathLike[str], data: bytes | str,
                       exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` inside ``root``, making its folders, never through a symbolic link: a
    link anywhere on the way (the file itself included, even one that points nowhere) refuses the write
    with :class:`UnsafeFile` naming the file and the link. ``exclusive`` refuses an existing file too.

    Every file the newsletter's tools write (generated pages, ``new``, ``publish``, ``import``,
    ``feedback add``) goes through here: a committed link cannot redirect a trusted write."""
    path, root = os.path.abspath(path), os.path.abspath(root)
    relative = os.path.relpath(path, root)
    if relative == os.curdir or relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        raise UnsafeFile(f"{path} is not written: it is outside {root}")
    link = first_link(path, root)
    if link is not None:
        raise UnsafeFile(f"{relative} is not written: {os.path.relpath(link, root)} is a symbolic link; remove it "
                         "(the newsletter's tools never write through a link)")
    current = root
    for part in relative.split(os.sep)[:-1]:
        current = os.path.join(current, part)
        try:
            os.mkdir(current)
        except FileExistsError:
            if os.path.islink(current) or not os.path.isdir(current):
                raise UnsafeFile(f"{relative} is not written: {os.path.relpath(current, root)} is not a folder; "
                                 "remove it") from None
    flags = (os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | (os.O_EXCL if exclusive else os.O_TRUNC))
    try:
        descriptor = os.open(path, flags, 0o644)
    except FileExistsError:
        raise UnsafeFile(f"{relative} is not written: it exists already") from None
    except OSError as error:  # ELOOP: a link put there meanwhile
        raise UnsafeFile(f"{relative} is not written: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise UnsafeFile(f"{relative} is not written: it is not a regular file; remove it")
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)


def page_name(path: str, suffixes: tuple[str, ...]) -> str | None:
    """``path`` without the source suffix it ends with (``../essex/summit.md``: ``../essex/summit``);
    ``None`` when it ends with none of ``suffixes``."""
    suffix = next((suffix for suffix in suffixes if path.endswith(suffix)), None)
    return None if suffix is None else path[:len(path) - len(suffix)]


def is_generated_page(path: Path | str) -> bool:
    """Whether ``path`` is a page the extension wrote for an edition or a term (its first line says so; a
    link or any other non-file is not)."""
    if os.path.islink(path) or not os.path.isfile(path):
        return False
    with open(path, encoding="utf-8", errors="replace") as stream:
        return stream.readline().startswith(GENERATED_MARKER)


def read_regular_file(path: Path, root: Path, max_bytes: int) -> bytes:
    """The bytes of ``path`` (inside ``root``), refusing links, special files and large files.

    Raises :class:`UnsafeFile` with the reason; ``OSError`` when the file is missing.
    """
    if link_on_the_way(path, root):
        raise UnsafeFile("a symbolic link is not followed: put the file itself in the repository")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("not a regular file (a pipe, socket or device): remove it")
        if info.st_size > max_bytes:
            size = f"{max_bytes >> 20} MiB" if max_bytes >= 1 << 20 else f"{max_bytes >> 10} KiB"
            raise UnsafeFile(f"over {size}: split it up or archive older entries")
        return stream.read(info.st_size)  # a file that grows meanwhile is read to its size at the check


# -- which files a report may have copied into the site (used by safety.files and newsletter check)

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
MAX_PICTURE_BYTES = 10 * 1024 * 1024
"""A picture ``newsletter import`` copies beside a report (from the blog's folder, or a notebook's
output): at most 10 MiB."""
ACTIVE_TYPES = (".svg", ".svgz", ".html", ".htm", ".xhtml", ".xml", ".js", ".mjs")


LITERAL_TYPES = (".txt", ".text", ".log", ".md", ".rst", ".py", ".pyi", ".sh", ".bash", ".zsh", ".ps1", ".bat",
                 ".yaml", ".yml", ".json", ".toml", ".ini", ".cfg", ".conf", ".env", ".properties", ".c", ".h",
                 ".cc", ".cpp", ".hpp", ".go", ".rs", ".java", ".kt", ".scala", ".rb", ".pl", ".php", ".lua",
                 ".sql", ".csv", ".tsv", ".diff", ".patch", ".tf", ".hcl", ".proto", ".graphql", ".r", ".jl",
                 ".swift", ".cs", ".fs", ".hs", ".ml", ".ex", ".exs", ".erl", ".clj", ".dockerfile", ".mk",
                 ".cmake", ".gradle", ".j2", ".tpl", ".ts", ".tsx", ".jsx", ".js", ".mjs", ".css", ".scss",
                 ".html", ".htm", ".xml", ".svg")
"""Files a report may show as text with ``literalinclude`` (shown, never served: scripts and markup too)."""


def literal_problem(target: str, docdir: PurePosixPath, srcdir: Path, allowed_dirs: tuple[str, ...]) -> str | None:
    """Why ``literalinclude`` may not show ``target`` (as written in a report in ``docdir``), or ``None``:
    a regular text file of a known kind in the report's own folder (or an allowed one), reached without
    links; its text is shown, escaped, and the file itself is never copied into the site."""
    if not target.lower().endswith(LITERAL_TYPES):
        return f"only text files are shown: {', '.join(LITERAL_TYPES[:12])}, …"
    return asset_problem(target, docdir, srcdir, allowed_dirs, LITERAL_TYPES, shown_as_text=True)


INCLUDE_TYPES = (".txt", ".inc", ".myst", ".markdown")
"""Files ``{include}`` reads as MyST (a ``.md`` file beside a report is a report of its own)."""


def include_problem(target: str, literal: bool, docdir: PurePosixPath, srcdir: Path,
                    allowed_dirs: tuple[str, ...]) -> str | None:
    """Why ``{include}`` may not insert ``target`` (as written in a report in ``docdir``), or ``None``: with
    ``:literal:`` or ``:code:``, what ``literalinclude`` may show; otherwise a regular text part of a known
    kind in the report's own folder (or an allowed one), reached without links, read as MyST under the
    same output policy as the report."""
    if literal:
        return literal_problem(target, docdir, srcdir, allowed_dirs)
    where = asset_problem(target, docdir, srcdir, allowed_dirs, INCLUDE_TYPES + LITERAL_TYPES, shown_as_text=True)
    if where is not None:  # where the file is comes first: a part from elsewhere is refused whatever its type
        return where
    if target.lower().endswith(".md"):
        return "a .md file beside a report is a report of its own: name the part .txt or .inc"
    if not target.lower().endswith(INCLUDE_TYPES):
        return (f"only MyST parts named {', '.join(INCLUDE_TYPES)} are included (add :literal: to show another "
                "text file as it is)")
    return None


MAX_INCLUDE_BYTES = 2 * 1024 * 1024
"""A part is bounded as a report is."""
MAX_INCLUDE_DEPTH = 3
"""Parts may include parts, this deep."""


def include_refusal(target: str, literal: bool, docdir: PurePosixPath, srcdir: Path,
                    allowed_dirs: tuple[str, ...], including: tuple[str, ...]) -> tuple[str, str | None]:
    """The absolute path of the part ``{include}`` names (as written in a report in ``docdir``), and why
    it may not be included by the last of ``including`` (the report, then the parts being included), or
    ``None``: ``include_problem``'s reasons, then a part that includes itself, nests too deep or is too
    large. The build's renderer and ``newsletter check`` both ask here."""
    path = os.path.normpath(os.path.join(srcdir, joined_target(target, docdir)))
    problem = include_problem(target, literal, docdir, srcdir, allowed_dirs)
    if problem is None and any(os.path.normpath(os.path.abspath(outer)) == path for outer in including):
        problem = "the part includes itself"
    elif problem is None and len(including) > MAX_INCLUDE_DEPTH:
        problem = f"parts nest at most {MAX_INCLUDE_DEPTH} deep"
    elif problem is None:
        with contextlib.suppress(OSError):
            if os.stat(path).st_size > MAX_INCLUDE_BYTES:
                problem = f"parts are at most {MAX_INCLUDE_BYTES // 1024 // 1024} MB"
    return path, problem


def image_types_of(types: tuple[str, ...]) -> tuple[str, ...]:
    """The attachment types an image may have: the image types, and any type a site added."""
    return tuple(t for t in types if t in IMAGE_TYPES or t not in ASSET_TYPES)


def joined_target(target: str, docdir: PurePosixPath | str) -> str:
    """A file a document in ``docdir`` names, relative to the source folder (not yet normalised): a
    site-absolute ``/x`` from the source folder, anything else from the document's folder."""
    return target.lstrip("/") if target.startswith("/") else f"{docdir}/{target}"


def asset_problem(target: str, docdir: PurePosixPath, srcdir: Path, allowed_dirs: tuple[str, ...],
                  types: tuple[str, ...], shown_as_text: bool = False) -> str | None:
    """Why the local file ``target`` (as written in a document in folder ``docdir``, relative to the
    source folder) may not be copied into the site, or ``None`` when it may."""
    if "*" in target or "?" in target:
        return "name the file itself, without wildcards"
    joined = joined_target(target, docdir)
    parts: list[str] = []
    for part in joined.split("/"):
        if part == "..":
            if not parts:
                return "it is outside the source folder"
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    relative = "/".join(parts)
    folders = [str(docdir), *(folder.strip("/") for folder in allowed_dirs)]
    if not any(relative.startswith(folder + "/") for folder in folders if folder):
        where = " or ".join(f"{folder}/" for folder in folders)
        if target.startswith("/") and len(parts) > 1:  # a site-wide folder, as a static site has (/assets/x.png)
            return (f"files must sit in {where}: put the file next to the report, or allow the site's folder "
                    f"with newsletter_asset_dirs = [\"{parts[0]}\"] in conf.py")
        return f"files must sit in {where}: put the file next to the report"
    if not all(is_safe_name(part) for part in parts):
        return "hidden files and names with other signs than letters, digits, '-', '_' and '.' are not copied"
    if relative.lower().endswith(ACTIVE_TYPES) and not shown_as_text:
        return "SVG, HTML and script files run scripts on the site's own address: export it as PNG or PDF"
    if not relative.lower().endswith(types):
        return f"only these types are copied: {', '.join(types)}"
    path = os.fspath(srcdir)
    for part in parts:
        path = os.path.join(path, part)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return None  # missing: Sphinx says so itself
        if stat.S_ISLNK(mode):
            return "symbolic links are not followed: put the file itself in the repository"
    if not stat.S_ISREG(mode):
        return "it is not a regular file"
    return None


def cache_folder() -> Path:
    """The user's own cache folder for the newsletter: ``$NEWSLETTER_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/sphinx-newsletter``, else ``~/.cache/sphinx-newsletter``."""
    if os.environ.get("NEWSLETTER_CACHE_DIR"):
        return Path(os.environ["NEWSLETTER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sphinx-newsletter"


def private_folder(folder: Path, make: bool = False) -> bool:
    """Whether ``folder`` is a folder only the user can write, not a link: where what is loaded may be
    code (compiled templates, a pickle); with ``make``, made first if missing (private to the user).
    Without user ids (Windows) the user's own profile folder is taken as private."""
    try:
        if make:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    return not hasattr(os, "getuid") or (info.st_uid == os.getuid() and not info.st_mode & 0o022)

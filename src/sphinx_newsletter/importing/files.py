"""Reading another site's files and values: bounded, without following links, as data (YAML with the
newsletter's limits, TOML, JSON), and the plain values a post's fields are taken from. Shared by the
Jekyll and Hugo reader and the ABlog reader."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from sphinx_newsletter.core.frontmatter import FRONT_MATTER_LIMITS, FrontMatterLoader, yaml_limit_error
from sphinx_newsletter.core.paths import (
    IMAGE_TYPES,
    INCLUDE_TYPES,
    LITERAL_TYPES,
    MAX_INCLUDE_BYTES,
    MAX_PICTURE_BYTES,
    link_on_the_way,
    read_regular_file,
)
from sphinx_newsletter.core.urls import url_scheme
from sphinx_newsletter.importing.model import MAX_POSTS
from sphinx_newsletter.safety.sources import MAX_REPORT_BYTES

MAX_DATA_BYTES = 256 * 1024
"""A data file: a site's configuration, authors, one comment."""


def read_text(path: Path, root: Path, limit: int = MAX_REPORT_BYTES) -> str:
    """A file of the site, refused when it is a link, not a regular file, or over ``limit``."""
    return read_regular_file(path, root, limit).decode("utf-8-sig").replace("\r\n", "\n")


TEXT_KEYS = frozenset({"title", "name", "display_name", "author", "message", "comment", "body", "summary",
                       "description", "excerpt", "location", "event"})
"""Keys whose values are text people typed (a title, a name, a comment)."""
RETYPED = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                     "tag:yaml.org,2002:null"})


class _ImportLoader(FrontMatterLoader):
    """Another blog's YAML: safe, and the string tags Python 2's PyYAML wrote (``!!python/unicode``,
    ``!!python/str``: Staticman on old Jekyll sites) read as the plain strings they are; every other
    tag is refused as before.

    A plain value of a ``TEXT_KEYS`` key that YAML 1.1 reads as a boolean, a number or null is read as the
    text it is: Staticman writes what its form took unquoted, so a commenter named No was ``false`` and a
    comment that says Yes was ``true`` (Jekyll shows them so); a title 1.10 was 1.1. An empty value and
    ``~`` stay none; flags and counts (``hidden``, ``draft``, ``likes``) stay typed."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        for key, value in node.value:
            if (isinstance(key, yaml.ScalarNode) and key.value in TEXT_KEYS and isinstance(value, yaml.ScalarNode)
                    and not value.style and value.tag in RETYPED and value.value not in ("", "~")):  # plain: '' or None
                mapping[key.value] = value.value
        return mapping


def _plain_string(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(None, None, f"{node.tag} on a non-string", node.start_mark)
    return str(loader.construct_scalar(node))


for _tag in ("tag:yaml.org,2002:python/unicode", "tag:yaml.org,2002:python/str"):
    _ImportLoader.add_constructor(_tag, _plain_string)


def load_yaml(text: str) -> Any:
    """YAML with the newsletter's bounds (size, depth, values; no tags but Python 2's string tags).
    Anchors and aliases are read (honest blogs use them), and only plain values are ever taken from
    what they build (``text_value``, ``words``), so an alias that multiplies a structure is never walked."""
    limit = yaml_limit_error(text, FRONT_MATTER_LIMITS, aliases=True)
    if limit is not None:
        raise ValueError(limit.message)
    loader = _ImportLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        raise ValueError(f"YAML syntax error: {getattr(error, 'problem', None) or error}") from error
    finally:
        loader.dispose()


def load_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    if len(text) > FRONT_MATTER_LIMITS[0]:
        raise ValueError(f"over {FRONT_MATTER_LIMITS[0] >> 10} KiB")
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        raise ValueError(f"TOML syntax error: {error}") from error


def load_data(text: str, suffix: str) -> Any:
    """A data file or front matter block as Python values (YAML, TOML or JSON), bounded."""
    if suffix == ".toml":
        return load_toml(text)
    if suffix == ".json":
        if len(text) > FRONT_MATTER_LIMITS[0] or text.count("[") + text.count("{") > FRONT_MATTER_LIMITS[2]:
            raise ValueError("too large")
        try:
            return json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            raise ValueError(f"JSON syntax error: {error}") from error
    return load_yaml(text)


def split_front_matter(text: str, hugo: bool = False) -> tuple[dict[str, Any], str]:
    """Front matter (YAML ``---``, TOML ``+++`` or JSON ``{``) and the body. ``hugo``: as Hugo reads it, a
    first line that starts with ``---`` opens YAML, and the rest of that line is the YAML's first line
    (``------`` is then YAML's own document marker)."""
    first, newline, rest = text.partition("\n")
    for fence, suffix in (("---", ".yml"), ("+++", ".toml")):
        if newline and (first in (fence, fence + " ") or (hugo and suffix == ".yml" and first.startswith(fence))):
            end = re.search(rf"^{re.escape(fence)}[ \t]*$", rest, flags=re.MULTILINE)
            if end is None:
                raise ValueError(f"front matter opened with {fence} is never closed")
            data = load_data(first[len(fence):] + "\n" + rest[:end.start()], suffix) or {}
            return data if isinstance(data, dict) else {}, rest[end.end():].lstrip("\n")
    if text.startswith("{"):
        closing = _json_object_end(text[:FRONT_MATTER_LIMITS[0]])
        if closing:
            data = load_data(text[:closing], ".json")
            return data if isinstance(data, dict) else {}, text[closing:].lstrip("\n")
    return {}, text


def _json_object_end(text: str) -> int:
    """Where the JSON object ``text`` starts with ends (the index after its closing brace), braces inside
    its strings not counted; 0 when it does not end in ``text``."""
    depth, in_string, escaped = 0, False, False
    for index, character in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "{}":
            depth += 1 if character == "{" else -1
            if depth == 0:
                return index + 1
    return 0


def as_date(value: object) -> dt.date | None:
    """A date from front matter or a comment: a date, an ISO string, or a Unix time (s or ms)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1e14:
        seconds = value / 1000 if value > 1e11 else value
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{9,13}", text):
            return as_date(int(text))
        match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                return None
    return None


def words(value: object) -> tuple[str, ...]:
    """Tags or categories: a list, or a string of space-separated words (Jekyll's way)."""
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(" ".join(str(item).split()) for item in value if isinstance(item, (str, int, float))
                     and not isinstance(item, bool) and str(item).strip())
    return ()


def text_value(value: object) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return " ".join(str(value).split())
    return None


_NAME_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")
_NAME_PARTS = re.compile(r"(\(|\)|,|;|&|\s+and\s+|\s+/\s+)")


def _top_level_split(text: str, separators: re.Pattern[str]) -> list[str]:
    """``text`` split where ``separators`` match outside parentheses."""
    parts, current, depth = [], "", 0
    for piece in _NAME_PARTS.split(text):
        if piece in ("(", ")"):
            depth = max(0, depth + (1 if piece == "(" else -1))
        elif depth == 0 and piece and separators.fullmatch(piece):
            parts.append(current)
            current = ""
            continue
        current += piece
    return [*parts, current]


def author_names(value: str) -> tuple[str, ...]:
    """The people a byline string names, as the blog showed them: a markdown link as its text, several
    people apart at semicolons, "and", "&", " / ", and at commas where each part is a whole name (two
    words, or a link: "Lee, Ann" is one person), never inside an organisation's parentheses
    (``Jason (Jay) Smith (Google Cloud)`` is one)."""
    text = _NAME_LINK.sub(r"\1", value)
    by_comma = _top_level_split(text, re.compile(","))
    whole = bool(_NAME_LINK.search(value)) or all(
        len(re.sub(r"\([^)]*\)", " ", part).split()) >= 2 for part in by_comma)
    pieces = by_comma if whole else [text]
    names = [name for piece in pieces for name in _top_level_split(piece, re.compile(r";|&|\s+and\s+|\s+/\s+"))]
    return tuple(name for name in (" ".join(text.split()) for text in names) if name)


MAX_BYLINE = 300
"""Characters of a first line read as a byline, as shown (a link as its text; a longer one is prose)."""
MAX_BYLINE_SOURCE = 3000
"""Characters of a first line read as a byline, as written (addresses included)."""
_BYLINE = re.compile(r"[ ]{0,3}(?:(?P<mark>\*\*|__)(?:authors?|by|written by)(?:[ \t]+(?:&|and)[ \t]+[A-Za-z]+)?"
                     r"(?::(?P=mark)|(?P=mark):)|(?P<plain>(?-i:By))(?=[ \t]))[ \t]*(?P<names>\S.*?)\s*", re.IGNORECASE)
_PLAIN_NAME = re.compile(r"[^\W\d_][^.!?]*")
"""A name after a plain "By" (a link's text, as ``author_names`` gives it): a letter first, no sentence's end."""


def body_byline(body: str) -> tuple[str, ...]:
    """The people a post's first paragraph names when it is a byline of one line (``**Author:** Ann Lee
    (Acme)``, ``**Authors & Interviewers:** [Ann](…), [Bo](…)``, ``By Ann Lee and Bo Chen``: the
    Kubernetes blogs' way), else no one. The line stays in the body: its links and words are the post's."""
    lines = body.split("\n")
    start = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    end = next((number for number in range(start, len(lines)) if not lines[number].strip()), len(lines))
    if end - start != 1 or len(lines[start]) > MAX_BYLINE_SOURCE or len(_NAME_LINK.sub(r"\1", lines[start])) > MAX_BYLINE:
        return ()
    matched = _BYLINE.fullmatch(lines[start])
    if matched is None:
        return ()
    names = author_names(matched["names"])
    if matched["plain"] and not all(_PLAIN_NAME.fullmatch(name) and name[0].isupper() for name in names):
        return ()
    return names


MAX_PICTURES = 100
"""Pictures copied for one post."""
PICTURE_TARGETS = (re.compile(r"!\[[^\]\n]*\]\(\s*<?([^\s)>]+)"),
                    re.compile(r"^[ \t]*(?:`{3,}|:{3,}|~{3,})\{(?:image|figure)\}[ \t]+(\S+)", re.MULTILINE),
                    re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"'<>]+)["']""", re.IGNORECASE),
                    re.compile(r"^[ \t]*\.\.[ \t]+(?:image|figure)::[ \t]+(\S+)", re.MULTILINE))


PART_TARGETS = (re.compile(r"^[ \t]*(?:`{3,}|:{3,}|~{3,})\{(?:include|literalinclude)\}[ \t]+(\S+)", re.MULTILINE),
                re.compile(r"^[ \t]*\.\.[ \t]+(?:include|literalinclude)::[ \t]+(\S+)", re.MULTILINE))
"""Text files a post includes (``{include}``, ``{literalinclude}``), copied beside its report as pictures are."""
LOCAL_TARGETS = PICTURE_TARGETS + PART_TARGETS
SOURCE_TYPES = (".md", ".rst", ".ipynb")
"""Never copied beside a report: in ``reports/`` a source file is a report of its own."""


def local_pictures(body: str, post: Path, root: Path, notes: list[str],
                   site_file: Callable[[str], Path | None] | None = None) -> dict[str, Path]:
    """The pictures a post's body shows, and the text files it includes, from files of its own blog
    (relative addresses), by the address as written: each a regular file inside ``root`` reached through
    no link; a picture a raster image (``IMAGE_TYPES``: no SVG, which runs scripts), at most
    ``MAX_PICTURE_BYTES``; an included file a text file the file policy lets a report show
    (``LITERAL_TYPES``, ``INCLUDE_TYPES``; no source file), at most ``MAX_INCLUDE_BYTES``. What is left
    out is said in ``notes``. ``site_file`` gives the file of the blog's folder an address on the site
    (``/blog/photo.png``) serves, if any: such a raster picture is copied too (any other stays the old
    site's)."""
    found: dict[str, Path] = {}
    targets = {match.group(1): kind for kind, patterns in (("picture", PICTURE_TARGETS), ("part", PART_TARGETS))
               for pattern in patterns for match in pattern.finditer(body)}
    for target, kind in targets.items():
        if url_scheme(target) is not None or target.startswith(("#", "{")) or "{{" in target:
            continue  # an address on the web (linked to it, as before), or made by templates
        if target.startswith("/"):  # an address on the old site: its file when the blog's folder has it
            served = site_file(target.split("#")[0].split("?")[0]) if site_file and kind == "picture" else None
            if served is None or served.suffix.lower() not in IMAGE_TYPES or not os.path.lexists(served):
                continue
            path = Path(os.path.normpath(served))
        else:
            path = Path(os.path.normpath(post.parent / target.split("#")[0].split("?")[0]))
        suffix = path.suffix.lower()
        limit = MAX_PICTURE_BYTES if kind == "picture" else MAX_INCLUDE_BYTES
        why = None
        if os.path.commonpath([path, root]) != os.fspath(root):
            why = "it is outside the blog's folder"
        elif not os.path.lexists(path):
            continue  # the build names a missing file itself
        elif link_on_the_way(path, root):
            why = "it is a symbolic link"
        elif kind == "picture" and suffix not in IMAGE_TYPES:
            why = f"only pictures are copied ({', '.join(IMAGE_TYPES)}); SVG runs scripts: export it as PNG"
        elif kind == "part" and (suffix in SOURCE_TYPES or suffix not in LITERAL_TYPES + INCLUDE_TYPES):
            why = (f"a {suffix} file beside a report would be read as a report of its own" if suffix in SOURCE_TYPES
                   else f"only text files are included ({', '.join(LITERAL_TYPES[:12])}, …)")
        elif not path.is_file():
            why = "it is not a regular file"
        elif path.stat().st_size > limit:
            why = f"it is over {limit >> 20} MiB"
        elif len(found) >= MAX_PICTURES:
            why = f"the post shows more than {MAX_PICTURES} pictures and files"
        if why:
            notes.append(f"{'picture' if kind == 'picture' else 'included file'} {target[:120]} is not copied: {why}")
            continue
        found[target] = path
    return found


def walk_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``folder`` with one of ``suffixes``, without following links or entering dot-folders."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        found += [Path(root, name) for name in sorted(names) if name.lower().endswith(suffixes)]
        if len(found) > MAX_POSTS:
            break
    return found

"""YAML front matter, parsed with the line number of every key.

Sphinx's own metadata turns values into strings and docutils reads ``author`` and
``date`` as bibliographic fields, so reports keep their front matter to themselves.
Dates stay strings here (no YAML timestamps) so that a bad date gets our message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterLoader(_BaseLoader):
    """Safe YAML without implicit timestamps."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
"""YAML's line breaks besides the line feed and the carriage return."""


class PlainDumper(yaml.SafeDumper):
    """YAML the newsletter writes (front matter, feedback entries): a value used twice is written out
    twice, never as an anchor and alias, which the loader above refuses."""

    def ignore_aliases(self, data: object) -> bool:
        return True

    def represent_text(self, value: str) -> yaml.ScalarNode:
        """A string double-quoted when it holds a line break other than a line feed or a carriage return (NEL,
        U+2028, U+2029): PyYAML writes those as they are in a plain or block scalar, and YAML reads each back as a
        line feed."""
        style = '"' if _OTHER_BREAKS.search(value) else None
        return self.represent_scalar("tag:yaml.org,2002:str", value, style=style)


PlainDumper.add_representer(str, lambda dumper, value: dumper.represent_text(value))


_FIELD = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[\w-]+):[ \t]+(?P<value>\S.*?)\s*$")


def _quoted(value: str) -> str:
    """``value`` as one YAML string: in the quotes it does not hold (a value quoted already, but with
    the same quote inside, keeps its text and changes its quotes)."""
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return "'" + value.replace("'", "''") + "'"


def _left_open(error: yaml.MarkedYAMLError) -> str:
    """What the YAML left open, as the parser says it ("quote", "list"), or ""."""
    context = error.context or ""
    if "scanning a quoted scalar" in context and "end of stream" in (error.problem or ""):
        return "quote"
    return "list" if "flow sequence" in context else ""


def yaml_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where to point a contributor: where a quote or a list left open was opened (the parser finds out
    only at the end), else where the parser stopped."""
    return (error.context_mark if _left_open(error) else None) or error.problem_mark or error.context_mark


def yaml_advice(error: yaml.MarkedYAMLError, text: str) -> str:
    """How to fix the YAML mistakes people make most, from the parser's error on ``text`` ("" when the
    mistake is not one of them): a value with ': ' or a leading quote, '@' or '`' that needs quotes, a
    tab, a quote or a list left open."""
    lines = text.split("\n")
    problem = error.problem or ""
    mark = error.problem_mark
    line = lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""
    opened = error.context_mark.line if error.context_mark is not None else None
    field = _FIELD.match(line)
    fixed = f"{field['lead']}{field['key']}: {_quoted(field['value'])}" if field else ""
    if "mapping values are not allowed" in problem and field:
        return f"a value with ': ' in it needs quotes: {fixed}"
    if (("expected <block end>" in problem or "did not find expected key" in problem)
            and field and field["value"][0] in "\"'" and mark is not None and mark.line == opened):
        return f"a value that starts with a quote must end with it; quote the whole value: {fixed}"
    character = line[mark.column] if mark is not None and 0 <= mark.column < len(line) else ""
    if ("cannot start any token" in problem and character == "\t") or "tab character" in problem:
        return "YAML separates and indents with spaces, not tabs: replace the tab with a space"
    if "cannot start any token" in problem and character in ("@", "`", "%") and field:
        return f"a value that starts with {character} needs quotes: {fixed}"
    left_open = _left_open(error)
    if not left_open or opened is None:
        return ""
    if left_open == "quote":
        return f"the quote opened in '{lines[opened].strip()}' is not closed: end the value with it"
    return f"the list opened with [ in '{lines[opened].strip()}' needs a closing ]"


FRONT_MATTER_LIMITS = (64 * 1024, 16, 2_000)
"""Front matter: at most 64 KiB, 16 levels deep, 2,000 values."""
FEEDBACK_LIMITS = (4 * 1024 * 1024, 64, 400_000)
"""A feedback file: at most 4 MiB, 64 levels deep (30 levels of replies), 400,000 values."""


def yaml_limit_error(text: str, limits: tuple[int, int, int], first_line: int = 1,
                     aliases: bool = False) -> FrontMatterError | None:
    """Whether ``text`` asks for more than a newsletter needs: anchors and aliases (which multiply
    a small file into gigabytes, or a list that contains itself), deep nesting, too many values.
    Read as a stream of events, so nothing is built before the answer is known. ``aliases``: allowed
    (another blog's front matter, read by ``newsletter import``, which takes only plain values from it)."""
    max_bytes, max_depth, max_nodes = limits
    if (len(text) < max_nodes and "&" not in text and "*" not in text
            and text.count("\n") + text.count("[") + text.count("{") + text.count("- ") < max_depth - 1):
        return None  # too short to hold that many values, too flat to nest that deep, no anchors
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return FrontMatterError(first_line, 0, f"over {max_bytes // 1024} KiB: split it up or shorten it", True)
    loader = _BaseLoader(text)
    depth = count = 0
    try:
        while loader.check_event():
            event: yaml.Event = loader.get_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
            mark = event.start_mark
            line, column = (first_line + mark.line, mark.column) if mark else (first_line, 0)
            if not aliases and (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)):
                return FrontMatterError(line, column, "YAML anchors and aliases (&name, *name) "
                                                                        "are not allowed: write the value out", True)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    return FrontMatterError(line, column,
                                            f"nested more than {max_depth} levels deep: flatten it", True)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent,
                                  yaml.AliasEvent)):
                count += 1
                if count > max_nodes:
                    return FrontMatterError(line, 0, f"more than {max_nodes:,} values: split it up", True)
    except yaml.YAMLError:
        return None  # a syntax error: the parser says where, with its own message
    finally:
        loader.dispose()
    return None


DELIMITER = "---"
CLOSERS = ("---", "...")


@dataclass
class FrontMatterError:
    line: int
    column: int
    message: str
    limit: bool = False  # over a bound (size, depth, values, anchors) rather than malformed


@dataclass
class FrontMatter:
    """What a report's front matter block holds.

    ``block_lines`` counts the lines of the block with its delimiters (0 when absent);
    ``lines`` maps each top-level key to its 1-based line in the file.
    """

    present: bool = False
    block_lines: int = 0
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    error: FrontMatterError | None = None

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def read_front_matter(text: str) -> FrontMatter:
    """Split and parse the front matter at the top of ``text``."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != DELIMITER:
        return FrontMatter()
    for index in range(1, len(lines)):
        if lines[index].rstrip() in CLOSERS:
            break
    else:
        return FrontMatter(
            present=True,
            error=FrontMatterError(1, 0, "front matter is not closed: add a line '---' after the last field"),
        )
    matter = FrontMatter(present=True, block_lines=index + 1)
    yaml_text = "\n".join(lines[1:index])
    first_line = 2  # the YAML starts on the file's second line
    limit = yaml_limit_error(yaml_text, FRONT_MATTER_LIMITS, first_line)
    if limit is not None:
        matter.error = limit
        return matter
    loader = FrontMatterLoader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = yaml_mark(error)
        context = error.context or ""
        if error.context_mark and mark and error.context_mark.line != mark.line:
            context += f" (from line {first_line + error.context_mark.line})"
        message = " ".join(part for part in (context, error.problem) if part)
        advice = yaml_advice(error, yaml_text)
        matter.error = FrontMatterError(first_line + (mark.line if mark else 0), mark.column if mark else 0,
                                        f"YAML syntax error: {message}" + (f"; {advice}" if advice else ""))
        return matter
    except yaml.YAMLError as error:
        matter.error = FrontMatterError(first_line, 0, f"YAML error: {error}")
        return matter
    except ValueError:  # e.g. an integer of more digits than Python converts
        matter.error = FrontMatterError(first_line, 0, "a value cannot be read: quote it, or shorten it", True)
        return matter
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        matter.error = FrontMatterError(first_line, 0, "front matter must be 'key: value' lines, "
                                                       f"not a {type(data).__name__}")
        return matter
    matter.data = data
    matter.lines = {
        str(key_node.value): first_line + key_node.start_mark.line for key_node, _ in (node.value if node else ())
    }
    return matter


def blank_front_matter(text: str, matter: FrontMatter, title: str | None = None) -> str:
    """``text`` with the front matter block turned into empty lines, so line numbers stay true
    and MyST never sees per-file settings (``myst:``, ``substitutions:``, ``html_meta:``).

    With ``title``, the block's first line becomes that title as a level-1 heading
    (markdown-escaped), so a body whose headings start at ``##`` nests under it.
    """
    if not matter.block_lines:
        return text
    lines = text.lstrip("\ufeff").split("\n")
    heading = ""
    if title is not None and matter.block_lines >= 2:
        heading = "# " + re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(title.split()))
    return heading + "\n" * matter.block_lines + "\n".join(lines[matter.block_lines:])

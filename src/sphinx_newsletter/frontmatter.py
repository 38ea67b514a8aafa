"""YAML front matter, parsed with the line number of every key.

Sphinx's own metadata turns values into strings and docutils reads ``author`` and
``date`` as bibliographic fields, so reports keep their front matter to themselves.
Dates stay strings here (no YAML timestamps) so that a bad date gets our message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterLoader(_BaseLoader):
    """Safe YAML without implicit timestamps."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

DELIMITER = "---"
CLOSERS = ("---", "...")


@dataclass
class FrontMatterError:
    line: int
    column: int
    message: str


@dataclass
class FrontMatter:
    """What a report's front matter block holds.

    ``block_lines`` counts the lines of the block with its delimiters (0 when absent);
    ``lines`` maps each top-level key to its 1-based line in the file.
    """

    present: bool = False
    block_lines: int = 0
    data: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
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
    loader = FrontMatterLoader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        context = error.context or ""
        if error.context_mark and mark and error.context_mark.line != mark.line:
            context += f" (from line {first_line + error.context_mark.line})"
        message = " ".join(part for part in (context, error.problem) if part)
        matter.error = FrontMatterError(first_line + (mark.line if mark else 0), mark.column if mark else 0,
                                        f"YAML syntax error: {message}")
        return matter
    except yaml.YAMLError as error:
        matter.error = FrontMatterError(first_line, 0, f"YAML error: {error}")
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

"""Directives of a MyST blog's own extensions, which a newsletter site does not load, converted to what
they show (ABlog's, MyST-NB's, sphinx-design's, and the titled admonitions of the ``mystmd`` engine).

Left as they were, each is an unknown directive in the strict build and shows nothing. Converted:

- ``{code-cell} python`` (MyST-NB): a code fence in that language, without the cell's options;
- ``{socialpost} URL`` (a blog's embed of a social-media post): a link to the post;
- ``{postlist}`` (ABlog's list of the blog's posts): left out and named (the editions list reports);
- ``{grid}``, ``{grid-item}``, ``{grid-item-card}``, ``{card}``: their content, a card's title in bold;
- ``{dropdown} Title`` and ``{tab-item} Title``: an ``{admonition}`` with that title;
- ``{note} Title`` (a title as ``mystmd`` reads it; MyST-Parser would make it the first line of the
  body and warn): ``{admonition} Title`` with the ``note`` class.

Directives holding markdown (admonitions and the ones above) are converted inside too; code and every
other directive is left exactly as written. Depth and size are bounded by the report's own bounds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

from sphinx_newsletter.core.urls import url_scheme
from sphinx_newsletter.importing.markup import Conversion, fence

ADMONITIONS = frozenset({"note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error",
                         "seealso", "todo"})
UNWRAPPED = frozenset({"grid", "grid-item", "tab-set"})
CARDS = frozenset({"grid-item-card", "card"})
TITLED = frozenset({"dropdown", "tab-item"})
LISTS = frozenset({"postlist", "update-list"})
HOLD_MARKDOWN = ADMONITIONS | UNWRAPPED | CARDS | TITLED | {"admonition", "container", "div", "margin", "sidebar",
                                                            "topic", "epigraph"}
NOTEBOOK_LANGUAGES = {"ipython3": "python", "ipython": "python", "python3": "python", "ipython2": "python"}
MAX_DEPTH = 8
_DIRECTIVE = re.compile(r"^\{([\w-]+)\}[ \t]*(.*)$")
_OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """MyST's block structure as the importer reads it (one parser: it keeps no state between documents)."""
    return MarkdownIt("commonmark").use(colon_fence_plugin)


def convert_directives(text: str, conversion: Conversion, depth: int = 0) -> str:
    """``text`` with the directives above converted (block by block; everything else as written)."""
    if "{" not in text or depth > MAX_DEPTH:
        return text
    lines = text.split("\n")
    replaced: list[tuple[int, int, str]] = []
    for token in _parser().parse(text):
        if token.type not in ("fence", "colon_fence") or not token.map:
            continue
        match = _DIRECTIVE.match(token.info.strip())
        if match is None:
            continue
        start, end = token.map  # an unclosed fence runs to the end of the text, and is closed when converted
        if token.level and not _indented_alone(lines[start:end], token.markup):
            continue  # in a quote, or on a list item's first line: its lines hold more than the block
        name, argument = match.group(1), match.group(2).strip()
        new = _converted(name, argument, token.content, token.markup, conversion, depth)
        if new is not None:
            replaced.append((start, end, new))
    for start, end, new in reversed(replaced):  # at the fence's own indentation (in a list, a definition)
        indent = lines[start][:len(lines[start]) - len(lines[start].lstrip())]
        lines[start:end] = [indent + line if line.strip() else line for line in new.split("\n")]
    return "\n".join(lines)


def _indented_alone(block: list[str], markup: str) -> bool:
    """Whether a nested fence's lines (``block``) are the block alone, indented by spaces (in a list item
    or a definition), so that they can be replaced at that indentation."""
    first = block[0]
    indent = first[:len(first) - len(first.lstrip(" "))]
    return first[len(indent):].startswith(markup) and all(
        line.startswith(indent) or not line.strip() for line in block)


def _split_options(content: str) -> tuple[dict[str, str], list[str], str]:
    """A directive's options (``:key: value`` lines, or a ``---`` YAML block: its lines kept as written),
    and its body."""
    lines = content.split("\n")
    options: dict[str, str] = {}
    written: list[str] = []
    if lines and lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        end = next(number for number, line in enumerate(lines[1:], 1) if line.strip() == "---")
        return options, lines[:end + 1], "\n".join(lines[end + 1:])
    while lines and (match := _OPTION.match(lines[0])):
        options[match.group(1)] = match.group(2).strip()
        written.append(lines.pop(0))
    return options, written, "\n".join(lines)


def _quoted(line: str) -> str:
    """An option line whose value starts with ``#`` (``:start-at: # Deploy``), its value quoted."""
    match = _OPTION.match(line)
    if match is None or not match.group(2).startswith("#"):
        return line
    value = match.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return f':{match.group(1)}: "{value}"'


def _converted(name: str, argument: str, content: str, markup: str, conversion: Conversion,
               depth: int) -> str | None:
    """The block's new text, or ``None`` to leave it as written."""
    options, written, body = _split_options(content)
    if name not in HOLD_MARKDOWN | LISTS | {"code-cell", "socialpost"}:
        quoted = [_quoted(line) for line in written]
        if quoted == written:
            return None
        conversion.note("an option value starting with # (text to mystmd, a comment to MyST-Parser) was quoted")
        return _block(markup, name, argument, [*quoted, body])
    if name == "code-cell":
        conversion.note("a notebook code cell ({code-cell}) became a code block (its outputs are not in the post)")
        language = NOTEBOOK_LANGUAGES.get(argument.lower(), argument)
        return fence(body, language if re.fullmatch(r"[\w+#.-]{1,40}", language) else "")
    if name == "socialpost":
        address = argument or body.strip()
        if url_scheme(address) in ("http", "https") and not re.search(r"[\s<>]", address):
            conversion.note("an embedded social-media post ({socialpost}) became a link to it")
            return f"<{address}>"
        conversion.note("an embedded social-media post ({socialpost}) without a web address is left out")
        return ""
    if name in LISTS:
        conversion.note(f"ABlog's list of the blog's posts ({{{name}}}) is left out: the editions list the reports")
        return ""
    inner = convert_directives(body, conversion, depth + 1)
    if name in UNWRAPPED:
        return inner.strip("\n")
    if name in CARDS:
        title = argument or options.get("header", "")
        link = options.get("link", "")
        if title and url_scheme(link) in ("http", "https"):
            title = f"[{title}](<{link}>)"
        return (f"**{title}**\n\n" if title else "") + inner.strip("\n")
    if not inner.strip() and name in ADMONITIONS | TITLED | {"admonition"}:
        conversion.note(f"a {{{name}}} block left empty by what was left out of it is left out too")
        return ""
    classes = options.get("class", "").split()
    if name in TITLED:
        kind, title = name, argument or ("Details" if name == "dropdown" else "")
    elif name in ADMONITIONS and argument:
        kind, title = name, argument
    else:
        return None if inner == body else _block(markup, name, argument, [*written, inner])
    if written and written[0].strip() == "---":  # options as YAML: kept as written
        options_text = written
    else:
        options_text = [f":class: {' '.join(dict.fromkeys([kind, *classes]))}",
                        *(line for line in written if not line.startswith(":class:"))]
    return _block(markup, "admonition", title, [*options_text, inner])


def _block(markup: str, name: str, argument: str, lines: list[str]) -> str:
    """A directive's block: its fence (``markup``), name and argument, then ``lines``."""
    return f"{markup}{{{name}}}{' ' + argument if argument else ''}\n" + "\n".join(lines).rstrip("\n") + f"\n{markup}"

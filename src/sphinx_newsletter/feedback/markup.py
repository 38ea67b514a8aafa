"""Reader feedback bodies: CommonMark with the dangerous parts taken out.

Bodies are parsed by markdown-it (CommonMark, raw HTML off) and turned into a short list of plain
docutils nodes: paragraphs, emphasis, code, lists, quotes and links to http, https or mailto
addresses. Bare addresses are links, as GitHub makes them (``https://…``, ``www.…``, e-mail
addresses; not a bare ``example.com``); an image is a link to it named by its alt text, never an
image. Raw HTML stays visible as text, a link to any other scheme becomes text, and directive
fences are shown as code; nothing else reaches the page.
A ``{feedback}`` fence inside a directive's body is a reply (see ``entry_from_block``). Option
lines of replies, and of every block ``newsletter check`` reads, go through MyST's own option
parser, so a value reads the same everywhere (``:author: 'Jane'`` is Jane) and fails the same way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from textwrap import dedent

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin

from sphinx_newsletter.core.marks import OWN_MARK
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.urls import FEEDBACK_SCHEMES
from sphinx_newsletter.feedback.model import (
    FEEDBACK_LEFT_OUT,
    OPTION_KEYS,
    FeedbackEntry,
    require_body,
    safe_url,
    validate_entry,
)
from sphinx_newsletter.upstream import TokenizeError, is_option_line, options_to_tokens


@lru_cache(maxsize=1)
def restricted_markdown() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": True}).use(colon_fence_plugin).enable("linkify")
    linkify = parser.linkify
    assert linkify is not None  # markdown-it found linkify-it-py (a dependency)
    linkify.add("ftp:", None).add("//", None)  # bare addresses: http(s), www. and e-mail only
    parser.validateLink = lambda url: True  # type: ignore[method-assign]  # every link reaches us, to be warned of
    return parser


_BARE_LINK = re.compile(r"(?i)(https?://|www\.)")
"""How a bare address that GitHub links begins (an e-mail address aside): linkify also finds
``example.com`` or ``setup.py``, which GitHub leaves as text."""


@lru_cache(maxsize=1)
def block_markdown() -> MarkdownIt:
    """Block structure only (no inline parsing): enough, and quick, to find ``{feedback}`` fences."""
    return MarkdownIt("commonmark", {"html": False}).use(colon_fence_plugin).disable("inline")


_PLAIN = r"[\w.@+/%=?&~,-]|:(?=[^\s])"
_SIMPLE_OPTION = re.compile(rf"^\s*:(?P<key>[^\W_][\w-]*): +(?P<value>[^\W_](?:{_PLAIN})*(?: +[\w.@+/%=?&~,-](?:{_PLAIN})*)*)"
                            r" *$")
"""An option line whose value is a plain scalar of words, numbers, dates, addresses and URLs: MyST's
option parser reads it as this value, unchanged (a test compares the two on generated lines)."""


@dataclass
class Block:
    """A ``{feedback}`` block as written: its options, its body and the file line each starts on."""

    line: int
    options: dict[str, str] = field(default_factory=dict)
    option_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass
class RenderedBody:
    nodes: list[nodes.Node] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_block(text: str, line: int) -> Block:
    """A block from the text between its fences (``line``: the opening fence's file line), its
    options (``:key: value`` lines, or a ``---`` block) split off and read as MyST reads them: when they
    cannot be read, none of them count."""
    lines = text.split("\n")
    if text.startswith("---"):  # MyST's YAML-style block: to a line starting with '---', or to the end
        closing = next((index for index, part in enumerate(lines[1:], 1) if part.startswith("---")), None)
        if closing is None:
            option_lines, body, body_offset = lines[1:], [], len(lines)
        else:
            remainder = lines[closing].lstrip("-").removeprefix(" ")
            option_lines = lines[1:closing]
            body = [remainder, *lines[closing + 1:]] if remainder else lines[closing + 1:]
            body_offset = closing if remainder else closing + 1
        block = Block(line, body="\n".join(body), body_line=line + 1 + body_offset)
        return _read_options(block, dedent("\n".join(option_lines)), line + 2)
    count = 0
    while count < len(lines) and is_option_line(lines[count]):
        count += 1
    block = Block(line, body="\n".join(lines[count:]), body_line=line + 1 + count)
    simple = [_SIMPLE_OPTION.match(option) for option in lines[:count]]
    matches = [match for match in simple if match is not None]
    if len(matches) == len(simple):  # what MyST's option parser reads them as, without running it (faster)
        for index, match in enumerate(matches):
            block.options[match["key"]] = match["value"]
            block.option_lines[match["key"]] = line + 1 + index
        return block
    return _read_options(block, "\n".join(option.lstrip()[1:] for option in lines[:count]), line + 1)


def _read_options(block: Block, text: str, first_line: int) -> Block:
    """``block`` with the options in ``text`` (whose first line is file line ``first_line``)."""
    try:
        tokens, _ = options_to_tokens(text)
    except TokenizeError as error:
        block.problems.append(Problem(first_line + error.problem_mark.line, W.BAD_VALUE,
                                      f"feedback options cannot be read ({error.problem}); put a value that starts "
                                      "with a quote in single quotes, e.g. :author: '\"Jim\" Smith'",
                                      FEEDBACK_LEFT_OUT))
        return block
    for key, value in tokens:
        block.options[key.value] = value.value if value is not None else ""
        block.option_lines[key.value] = first_line + key.start.line
    return block


def entry_from_block(block: Block) -> FeedbackEntry:
    """A feedback entry from a directive block: its options, and a body that may hold replies."""
    entry = validate_entry(block.options, block.option_lines, block.line, OPTION_KEYS, "':{key}: {value}'")
    if block.problems:  # its options could not be read: what they hold is unknown, not missing (one message)
        entry.problems = [problem for problem in entry.problems if problem.subtype is not W.MISSING_FIELD]
    entry.problems[:0] = block.problems
    body, replies = extract_replies(block.body, block.body_line)
    require_body(entry, body, block.line)
    entry.body_line = block.body_line
    entry.replies = [entry_from_block(reply) for reply in replies]
    return entry


def extract_replies(text: str, first_line: int) -> tuple[str, list[Block]]:
    """The body with its ``{feedback}`` fences blanked out (line numbers stay true), and those replies."""
    if "{feedback}" not in text:
        return text, []
    lines = text.split("\n")
    replies = []
    for token in block_markdown().parse(text):
        if token.level == 0 and token.type in ("fence", "colon_fence") and token.info.strip() == "{feedback}":
            start, end = token.map or (0, 0)
            replies.append(read_block(token.content, first_line + start))
            lines[start:end] = [""] * (end - start)
    return "\n".join(lines), replies


def link_problem(href: str, line: int) -> Problem | None:
    if safe_url(href, FEEDBACK_SCHEMES):
        return None
    return Problem(line, W.UNSAFE, f"link to '{href}' is not an http, https or mailto address; only its text is shown")


def fence_problem(info: str, line: int) -> Problem | None:
    if not info.strip().startswith("{"):
        return None
    name = info.strip()[1:].split("}", 1)[0]
    return Problem(line, W.UNSAFE, f"directives are not available in reader feedback; '{{{name}}}' is shown as text")


_MAY_WARN = re.compile(r"[\[<{]")
"""A body without these has no link (inline, reference or autolink) and no directive fence: nothing
``render_body`` warns about."""


def body_problems(text: str, first_line: int) -> list[Problem]:
    """What ``render_body`` warns about (for ``newsletter check``): the same walk, skipped for a body
    that cannot hold a problem."""
    return render_body(text, first_line).problems if _MAY_WARN.search(text) else []


def render_body(text: str, first_line: int) -> RenderedBody:
    """Docutils nodes for a feedback body whose first line is file line ``first_line``."""
    result = RenderedBody()
    converter = _Converter(result, first_line)
    tree = SyntaxTreeNode(restricted_markdown().parse(text))
    for child in tree.children:
        result.nodes.extend(converter.block(child))
    return result


class _Converter:
    def __init__(self, result: RenderedBody, first_line: int):
        self.result = result
        self.first_line = first_line

    def line(self, node: SyntaxTreeNode) -> int:
        return self.first_line + (node.map[0] if node.map else 0)

    def block(self, node: SyntaxTreeNode) -> list[nodes.Node]:
        kind = node.type
        if kind == "paragraph":
            return [nodes.paragraph("", "", *self.inlines(node.children[0]))]
        if kind == "heading":
            return [nodes.paragraph("", "", nodes.strong("", "", *self.inlines(node.children[0])))]
        if kind in ("bullet_list", "ordered_list"):
            listing: nodes.Element = nodes.bullet_list() if kind == "bullet_list" else nodes.enumerated_list()
            for item in node.children:
                listing += nodes.list_item("", *[n for child in item.children for n in self.block(child)])
            return [listing]
        if kind == "blockquote":
            return [nodes.block_quote("", *[n for child in node.children for n in self.block(child)])]
        if kind in ("fence", "colon_fence", "code_block"):
            return self.fence(node)
        return []  # thematic breaks and anything unexpected are left out

    def fence(self, node: SyntaxTreeNode) -> list[nodes.Node]:
        problem = fence_problem(node.info or "", self.line(node))
        if problem:
            self.result.problems.append(problem)
        block = nodes.literal_block(node.content, node.content)
        language = (node.info or "").strip().split(" ", 1)[0]
        if re.fullmatch(r"[\w+#.-]{1,40}", language):
            block["language"] = language
        return [block]

    def inlines(self, inline: SyntaxTreeNode) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for child in inline.children:
            kind = child.type
            if kind == "text":
                out.append(nodes.Text(child.content))
            elif kind in ("softbreak", "hardbreak"):
                out.append(nodes.Text("\n" if kind == "hardbreak" else " "))
            elif kind == "code_inline":
                out.append(nodes.literal(child.content, child.content))
            elif kind == "em":
                out.append(nodes.emphasis("", "", *self.inlines(child)))
            elif kind == "strong":
                out.append(nodes.strong("", "", *self.inlines(child)))
            elif kind == "link":
                out.extend(self.link(child, inline))
            elif kind == "image":
                out.extend(self.image(child, inline))
            else:
                out.extend(self.inlines(child) if child.children else [nodes.Text(child.content)])
        return _joined(out)

    def link(self, link: SyntaxTreeNode, inline: SyntaxTreeNode) -> list[nodes.Node]:
        href = str(link.attrs.get("href", ""))
        text = self.inlines(link)
        if link.markup == "linkify" and not (href.startswith("mailto:") or _BARE_LINK.match(link.children[0].content)):
            return text
        return self.reference(href, text, inline)

    def image(self, image: SyntaxTreeNode, inline: SyntaxTreeNode) -> list[nodes.Node]:
        """A link to the image, named by its alt text (or its address): comments show no images."""
        href = str(image.attrs.get("src", ""))
        text = self.inlines(image) or [nodes.Text(href)]
        return self.reference(href, text, inline, classes=["nl-feedback-image-link"])

    def reference(self, href: str, text: list[nodes.Node], inline: SyntaxTreeNode,
                  classes: Sequence[str] = ()) -> list[nodes.Node]:
        problem = link_problem(href, self.line(inline))
        if problem is None:
            return [nodes.reference("", "", *text, refuri=href, classes=["nl-feedback-link", *classes], **OWN_MARK)]
        self.result.problems.append(problem)
        return text


def _joined(parts: list[nodes.Node]) -> list[nodes.Node]:
    """``parts`` with each run of text nodes made one: a long comment's lines (a text node and a line
    break each) would otherwise be tens of thousands of nodes that every transform of the build walks
    (a 4 MiB comment of short lines: 12 s for its page)."""
    joined: list[nodes.Node] = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, nodes.Text):
            run.append(str(part))
            continue
        if run:
            joined.append(nodes.Text("".join(run)))
            run = []
        joined.append(part)
    if run:
        joined.append(nodes.Text("".join(run)))
    return joined


def nodes_html(parts: Sequence[nodes.Node]) -> str:
    """HTML of the nodes ``render_body`` makes (an editor's note in a listing or a mail): only those
    node types, every text escaped, links as ``render_body`` kept them (http, https, mailto)."""
    out = []
    for node in parts:
        if isinstance(node, nodes.Text):
            out.append(html.escape(str(node)))
            continue
        tag = _HTML_TAGS.get(type(node))
        inner = nodes_html(node.children)
        if isinstance(node, nodes.reference):
            out.append(f'<a href="{html.escape(node["refuri"])}">{inner}</a>')
        elif isinstance(node, nodes.literal_block):
            out.append(f"<pre><code>{html.escape(node.astext())}</code></pre>")
        elif tag:
            out.append(f"<{tag}>{inner}</{tag}>")
        else:
            out.append(inner)
    return "".join(out)


def nodes_text(parts: Sequence[nodes.Node], indent: str = "") -> str:
    """Plain text of the nodes ``render_body`` makes (an editor's note in a mail's text part): blocks
    apart, list items marked, each link's address after its text (``text <address>``)."""
    blocks = []
    for node in parts:
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            lines = []
            items = [child for child in node.children if isinstance(child, nodes.list_item)]
            for number, item in enumerate(items, 1):
                mark = f"{number}. " if isinstance(node, nodes.enumerated_list) else "- "
                text = nodes_text(item.children, indent + " " * len(mark))
                lines.append(indent + mark + text[len(indent) + len(mark):])
            blocks.append("\n".join(lines))
        elif isinstance(node, nodes.literal_block):
            blocks.append("\n".join(indent + "    " + line for line in node.astext().splitlines()))
        elif isinstance(node, nodes.block_quote):
            blocks.append(nodes_text(node.children, indent + "> "))
        else:
            blocks.append(indent + _inline_text(node))
    return "\n\n".join(blocks)


def _inline_text(node: nodes.Node) -> str:
    if isinstance(node, nodes.Text):
        return re.sub(r"\s+", " ", str(node)) if "\n" in str(node) else str(node)  # a line break: a space
    text = "".join(_inline_text(child) for child in node.children)
    if isinstance(node, nodes.reference):
        address = node["refuri"].removeprefix("mailto:")
        return text if text == address else f"{text} <{node['refuri']}>"
    return text


_HTML_TAGS = {nodes.paragraph: "p", nodes.emphasis: "em", nodes.strong: "strong", nodes.literal: "code",
              nodes.bullet_list: "ul", nodes.enumerated_list: "ol", nodes.list_item: "li",
              nodes.block_quote: "blockquote"}

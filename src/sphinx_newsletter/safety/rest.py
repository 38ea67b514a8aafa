"""reStructuredText inside ``{eval-rst}``: what it can ask for, and where.

``{eval-rst}`` reaches the whole reST directive set: meta tags, links of any scheme, any class. The
HTML translator (``safety.html.GuardedHTML``) refuses those where the page is written; this module
gives the nodes reST leaves without a line (links, meta tags, an image's ``:target:``) the line of
what they belong to, in the build and in ``newsletter check`` alike, and tells ``newsletter check``
what the translator will refuse, in the translator's words. No Sphinx here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from docutils import nodes

from sphinx_newsletter.core.marks import OWN, OWN_CLASS_PREFIX
from sphinx_newsletter.core.urls import is_safe_url


def give_lines(children: Iterable[nodes.Node], lines: range, source: str) -> None:
    """Give every element whose line is not one of ``lines`` (the ``{eval-rst}`` fence's, first the
    fence) the line of its first descendant that has one, else of its parent, else the fence's; and
    the report's ``source``. reST leaves links and meta tags without a line, or with a line of the
    markdown around the fence."""

    def known(node: nodes.Element) -> int | None:
        return node.line if node.line in lines else None

    def stamp(node: nodes.Element, inherited: int) -> None:
        node.source = node.source or source
        if known(node) is None:
            node.line = next((known(inner) for inner in node.findall(nodes.Element) if known(inner)), None) or inherited
        for child in node.children:
            if isinstance(child, nodes.Element):
                stamp(child, node.line)

    for child in children:
        if isinstance(child, nodes.Element):
            stamp(child, lines.start)


@dataclass(frozen=True)
class Refusal:
    """What the HTML translator will leave out of a reST node: ``kind`` is ``meta``, ``class`` or ``url``."""

    line: int
    kind: str
    value: str = ""


@dataclass(frozen=True)
class LocalFile:
    """An image or a download the reST asks for (checked against the file policy)."""

    line: int
    kind: str  # "image" or "download"
    target: str


def rest_findings(children: Iterable[nodes.Node]) -> Iterator[Refusal | LocalFile]:
    """What the output policy will refuse in these nodes, and the files they ask for, in document order."""
    for child in children:
        if not isinstance(child, nodes.Element):
            continue
        for node in child.findall(nodes.Element):
            line = node.line or 0
            if isinstance(node, nodes.meta):
                yield Refusal(line, "meta")
                continue
            spoofed = [name for name in node.get("classes", ()) if name.startswith(OWN_CLASS_PREFIX)]
            if spoofed and not node.get(OWN):
                yield Refusal(line, "class", ", ".join(spoofed))
            if isinstance(node, nodes.reference) and "refuri" in node and not is_safe_url(node["refuri"]):
                yield Refusal(line, "url", node["refuri"])
            elif isinstance(node, nodes.image) and node.get("uri"):
                yield LocalFile(line, "image", node["uri"])
            elif node.tagname == "download_reference" and node.get("reftarget"):
                yield LocalFile(line, "download", node["reftarget"])

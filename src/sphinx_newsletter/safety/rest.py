"""reStructuredText inside ``{eval-rst}``: what it can ask for, and where.

``{eval-rst}`` reaches the whole reST directive set: meta tags, links of any scheme, any class. The
HTML translator (``safety.html.GuardedHTML``) refuses those where the page is written; this module
gives the nodes reST leaves without a line (links, meta tags, an image's ``:target:``) the line of
what they belong to, in the build and in ``newsletter check`` alike, and tells ``newsletter check``
what the translator will refuse, in the translator's words. No Sphinx here.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes


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
                stamp(child, node.line or inherited)

    for child in children:
        if isinstance(child, nodes.Element):
            stamp(child, lines.start)

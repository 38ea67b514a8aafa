"""MyST's Sphinx renderer with three of its methods handed to hooks (a private API of MyST: see the
package's docstring), its warnings about an unknown directive or role completed with the closest
known name ("did you mean 'note'?"), and the lines of what a paragraph holds made exact. Loaded when
first named, as ``sphinx_newsletter.upstream.HookedRenderer``."""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives, roles
from markdown_it.token import Token
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.warnings_ import MystWarnings

UNKNOWN_NAME = re.compile(r"""^Unknown (?:directive type: |interpreted text role )['"](?P<name>[^'"]+)['"]""")
LINES_DOWN = "newsletter_lines_down"
"""Where an inline token keeps how many lines below its block's first line it starts (``Token.meta``)."""


def count_lines_down(children: list[Token]) -> None:
    """Note in each inline token how many lines below its block's first line it starts: the line breaks
    before it (soft and hard breaks, and those inside inline HTML, roles, math and an image's text). A code
    span over two lines keeps no break (CommonMark makes it a space): what follows it is a line short."""
    down = 0

    def walk(tokens: list[Token]) -> None:
        nonlocal down
        for token in tokens:
            token.meta[LINES_DOWN] = down
            if token.type in ("softbreak", "hardbreak"):
                down += 1
            elif token.type != "code_inline":
                down += token.content.count("\n") if not token.children else 0
            walk(token.children or [])

    walk(children)


def lines_down(token: Any) -> int:
    """How many lines below its block's first line an inline token (of MyST's syntax tree) starts; 0 for a
    block, or while its map has been moved to its own line."""
    meta = token.meta
    return (meta.get(LINES_DOWN) or 0) if isinstance(meta, dict) else 0


class HookedRenderer(SphinxRenderer):
    """MyST's renderer with its directive, nested-text and reST steps handed to hooks a subclass gives:
    ``run_include`` (an ``{include}`` directive: return the nodes, or call ``run_directive_as_myst``),
    ``around_nested_text`` (a context for MyST rendering a piece of text inside the document) and
    ``after_rest`` (the nodes ``{eval-rst}`` made, with the token's lines)."""

    DOCUMENT_STATE = ("md_env", "document", "current_node", "reporter", "_level_to_section", "_heading_slugs")
    """What ``setup_render`` gives the renderer of the document it renders (the rest is the parser's)."""

    def forget_document(self) -> None:
        """Let go of the document last rendered (``setup_render`` sets it up again for the next), so that a
        renderer kept for the next document does not keep this one alive."""
        for name in self.DOCUMENT_STATE:
            self.__dict__.pop(name, None)

    def _render_tokens(self, tokens: list[Token]) -> None:
        """MyST gives every inline token its block's first line: each is noted how far below that it starts
        (:func:`count_lines_down`), and the nodes made of it get their own line."""
        for token in tokens:
            if token.children:
                count_lines_down(token.children)
        super()._render_tokens(tokens)

    @contextlib.contextmanager
    def _on_its_own_line(self, token: Any) -> Iterator[None]:
        """While MyST renders ``token`` (a node of its syntax tree), its map starts on the token's own line."""
        down = lines_down(token)
        opening = token.token if token.token is not None else (token.nester_tokens.opening if token.nester_tokens
                                                                 else None)
        if not down or opening is None or not opening.map:
            yield
            return
        block = opening.map
        opening.map = [block[0] + down, block[1] + down]  # a list of its own: the block's is shared
        opening.meta[LINES_DOWN] = None  # moved: a nested call leaves it
        try:
            yield
        finally:
            opening.map, opening.meta[LINES_DOWN] = block, down

    def add_line_and_source_path(self, node: nodes.Element, token: Any) -> None:
        super().add_line_and_source_path(node, token)
        down = lines_down(token)  # none while the token's map is moved (_on_its_own_line)
        if down and node.line:
            node.line += down
            self.document.current_line = node.line

    def render_myst_role(self, token: Any) -> None:
        """A role is given the line it is on (the warnings about it and the nodes its function makes)."""
        with self._on_its_own_line(token):
            super().render_myst_role(token)

    def render_html_inline(self, token: Any) -> None:
        with self._on_its_own_line(token):
            super().render_html_inline(token)

    def create_warning(self, message: str, subtype: Any, **kwargs: Any) -> Any:
        """MyST's warning; an unknown directive or role also says which known name it is closest to. A
        warning ``said_otherwise`` is left to what says it better."""
        if self.said_otherwise(message, subtype):
            return None
        known = {MystWarnings.UNKNOWN_DIRECTIVE: self._directive_names,
                 MystWarnings.UNKNOWN_ROLE: self._role_names}.get(subtype)
        found = UNKNOWN_NAME.match(message) if known is not None else None
        if known is not None and found:
            close = difflib.get_close_matches(found["name"], set(known()), n=1, cutoff=0.7)
            if close:
                message = f"{message.rstrip('.')}; did you mean '{close[0]}'?"
        return super().create_warning(message, subtype, **kwargs)

    def _directive_names(self) -> Iterator[str]:
        yield from directives._directive_registry  # type: ignore[attr-defined]  # private, not in the stubs
        yield from directives._directives  # type: ignore[attr-defined]
        yield from self._domain_names("directives")

    def _role_names(self) -> Iterator[str]:
        yield from roles._role_registry  # type: ignore[attr-defined]
        yield from roles._roles  # type: ignore[attr-defined]
        yield from self._domain_names("roles")

    def _domain_names(self, kind: str) -> Iterator[str]:
        """Names of the site's domains' directives or roles (those of the standard and default domains
        also without their prefix, as they are written)."""
        env = self.sphinx_env
        if env is None:
            return
        default = env.config.primary_domain or ""
        for domain in env.domains.values():
            for name in getattr(domain, kind, {}):
                yield f"{domain.name}:{name}"
                if domain.name in ("std", default):
                    yield name

    def run_directive(self, name: str, first_line: str, content: str, position: int, *args: Any,
                      **kwargs: Any) -> Any:
        if name == "include":
            return self.run_include(first_line, content, position,
                                    lambda: super(HookedRenderer, self).run_directive(
                                        name, first_line, content, position, *args, **kwargs))
        return super().run_directive(name, first_line, content, position, *args, **kwargs)

    def nested_render_text(self, *args: Any, **kwargs: Any) -> None:
        with self.around_nested_text():
            super().nested_render_text(*args, **kwargs)

    def render_restructuredtext(self, token: Any) -> None:
        before = len(self.current_node.children)
        super().render_restructuredtext(token)
        self.after_rest(self.current_node.children[before:], range(token.map[0], token.map[1]))

    def said_otherwise(self, message: str, subtype: Any) -> bool:
        return False

    def run_include(self, first_line: str, content: str, position: int,
                    run: Callable[[], list[nodes.Element]]) -> list[nodes.Element]:
        return run()

    def around_nested_text(self) -> AbstractContextManager[None]:
        return contextlib.nullcontext()

    def after_rest(self, made: list[nodes.Node], lines: range) -> None:
        return None

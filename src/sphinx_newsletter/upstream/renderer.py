"""MyST's Sphinx renderer with three of its methods handed to hooks (a private API of MyST: see the
package's docstring). Loaded when first named, as ``sphinx_newsletter.upstream.HookedRenderer``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer


class HookedRenderer(SphinxRenderer):
    """MyST's renderer with its directive, nested-text and reST steps handed to hooks a subclass gives:
    ``run_include`` (an ``{include}`` directive: return the nodes, or call ``run_directive_as_myst``),
    ``around_nested_text`` (a context for MyST rendering a piece of text inside the document) and
    ``after_rest`` (the nodes ``{eval-rst}`` made, with the token's lines)."""

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

    def run_include(self, first_line: str, content: str, position: int,
                    run: Callable[[], list[nodes.Element]]) -> list[nodes.Element]:
        return run()

    def around_nested_text(self) -> AbstractContextManager[None]:
        return contextlib.nullcontext()

    def after_rest(self, made: list[nodes.Node], lines: range) -> None:
        return None

"""MyST's Sphinx renderer with three of its methods handed to hooks (a private API of MyST: see the
package's docstring), and its warnings about an unknown directive or role completed with the closest
known name ("did you mean 'note'?"). Loaded when first named, as
``sphinx_newsletter.upstream.HookedRenderer``."""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives, roles
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.warnings_ import MystWarnings

UNKNOWN_NAME = re.compile(r"""^Unknown (?:directive type: |interpreted text role )['"](?P<name>[^'"]+)['"]""")


class HookedRenderer(SphinxRenderer):
    """MyST's renderer with its directive, nested-text and reST steps handed to hooks a subclass gives:
    ``run_include`` (an ``{include}`` directive: return the nodes, or call ``run_directive_as_myst``),
    ``around_nested_text`` (a context for MyST rendering a piece of text inside the document) and
    ``after_rest`` (the nodes ``{eval-rst}`` made, with the token's lines)."""

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

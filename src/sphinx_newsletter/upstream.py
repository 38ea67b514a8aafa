"""Every private API of docutils, MyST and Sphinx the newsletter uses, in one module.

Each is named here once, and ``tests/test_upstream.py`` fails when one of them changes shape. The
packages they come from are bounded above in ``pyproject.toml`` (``docutils<0.23``, ``myst-parser<6``,
``sphinx<10``), so that an upgrade is a decision, taken with that test.

- docutils' tables of directives and roles (``_directive_registry``, ``_directives``, ``_role_registry``,
  ``_roles``): whether a name is known (a feedback block may use none);
- Sphinx's ``Config._raw_config``: whether ``conf.py`` set a value itself;
- Sphinx's ``Builder._read_serial`` and ``_read_parallel`` (the reading step of ``Builder.read`` for
  the documents ``newsletter check`` names) and the first half of ``StandaloneHTMLBuilder.write_doc``
  (the page translated, not templated);
- MyST's option reading (``parsers.directives.is_option_line``, ``parsers.options.options_to_tokens``)
  for feedback blocks, its ``create_md_parser`` for a report's own parser, and three methods of its renderer (``run_directive``,
  ``nested_render_text``, ``render_restructuredtext``) that :class:`HookedRenderer` overrides and hands
  to the hooks a subclass gives.

This module sits with the markup (layer 2): it imports no Sphinx of its own (the Sphinx objects it
works on are given).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives, roles
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import is_option_line
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.options import TokenizeError, options_to_tokens

__all__ = ["HookedRenderer", "TokenizeError", "conf_sets", "create_md_parser", "is_option_line", "known_directive",
           "known_role", "options_to_tokens", "read_documents", "translate_document"]


def known_directive(name: str) -> bool:
    return (name in directives._directive_registry  # type: ignore[attr-defined]  # private, not in the stubs
            or name in directives._directives)  # type: ignore[attr-defined]


def known_role(name: str) -> bool:
    return name in roles._role_registry or name in roles._roles  # type: ignore[attr-defined]  # private


def conf_sets(config: Any, name: str) -> bool:
    """Whether the site's ``conf.py`` sets ``name`` itself (rather than leaving Sphinx's default)."""
    return name in config._raw_config


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


def read_documents(builder: Any, docnames: list[str], processes: int) -> None:
    """Read ``docnames`` as ``Builder.read`` reads the outdated ones (after ``env-before-read-docs``):
    purged, then parsed, in ``processes`` worker processes when more than one."""
    if processes > 1:
        builder._read_parallel(docnames, nproc=processes)
    else:
        builder._read_serial(docnames)


def translate_document(builder: Any, docname: str, doctree: Any) -> str:
    """The HTML body of a resolved page, made as ``StandaloneHTMLBuilder.write_doc`` makes it (after
    ``prepare_writing``), without the page template."""
    doctree.settings = builder.docsettings
    builder.secnumbers = builder.env.toc_secnumbers.get(docname, {})
    builder.fignumbers = builder.env.toc_fignumbers.get(docname, {})
    builder.current_docname = docname
    builder.imgpath, builder.dlpath = "_images", "_downloads"
    builder.post_process_images(doctree)
    visitor = builder.create_translator(doctree, builder)
    doctree.walkabout(visitor)
    return "".join(visitor.fragment)

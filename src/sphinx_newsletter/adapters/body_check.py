"""What ``newsletter check`` finds in a report's body without a build: unknown directives and roles,
missing images and downloads, images and downloads the file policy refuses, and what the output
policy will remove (author HTML, unsafe TeX, toctrees), with the build's own messages.

The site's directives and roles are known by starting Sphinx with the site's configuration and its
extensions, as the build does, but with the ``dummy`` builder and without reading a document (about
half a second, once per run). Bodies are read with MyST's own markdown-it configuration, so a
directive or a role is found where the build finds it, at the same line.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sphinx_newsletter.core.problems import NewsletterWarning, Problem
from sphinx_newsletter.safety.files import asset_problem, image_types_of
from sphinx_newsletter.safety.html import (
    MYST_MARKUP,
    clean_html,
    math_message,
    neutral_math,
    raw_html_message,
    removed_parts,
)
from sphinx_newsletter.safety.structure import TOCTREE_MESSAGE
from sphinx_newsletter.safety.urls import url_scheme

LITERAL_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "code-cell", "eval-rst", "math", "raw",
                                "csv-table", "literalinclude", "include", "toctree", "feedback", "mermaid",
                                "graphviz", "list-table"})
"""Directives whose content is not markdown (or that the newsletter reads itself)."""
MYST_DIRECTIVES = frozenset({"eval-rst", "eval-restructuredtext"})
"""Directives MyST's renderer handles itself (they are registered nowhere)."""
_DOWNLOAD_TARGET = re.compile(r"^(?:.*<(?P<bracketed>[^<>]+)>|(?P<plain>.+))$", re.S)


@dataclass(frozen=True)
class OtherWarning:
    """A warning type of Sphinx's or MyST's (``image.not_readable``), for problems check reports as the
    build does."""

    type: str
    value: str


class BodyChecker:
    def __init__(self, confdir: Path, settings) -> None:
        from docutils.parsers.rst import directives, roles
        from markdown_it.renderer import RendererHTML
        from myst_parser.parsers.mdit import create_md_parser
        from sphinx.application import Sphinx

        with tempfile.TemporaryDirectory() as scratch:
            app = Sphinx(confdir, confdir, Path(scratch) / "out", Path(scratch) / "doctrees", "dummy",
                         status=None, warning=io.StringIO(), freshenv=True)
            config = app.env.myst_config
        self.directives = set(directives._directives) | set(directives._directive_registry) | MYST_DIRECTIVES
        self.roles = set(roles._roles) | set(roles._role_registry)
        bare = {"std", app.config.primary_domain or "py"}
        for domain in app.registry.domains.values():
            for kind, names in (("directives", domain.directives), ("roles", domain.roles)):
                found = getattr(self, kind)
                found.update(f"{domain.name}:{name}" for name in names)
                if domain.name in bare:
                    found.update(names)
        self.markdown = create_md_parser(config, RendererHTML)
        self.srcdir = confdir
        self.settings = settings

    def problems(self, text: str, relative: str) -> list[Problem]:
        """Problems of the report at ``relative`` (``reports/<cycle>/<slug>.md``) whose whole text is ``text``."""
        docdir = PurePosixPath(relative).parent
        found: list[Problem] = []
        self._scan(text, 0, docdir, found)
        return sorted(found, key=lambda problem: problem.line)

    def _scan(self, text: str, offset: int, docdir: PurePosixPath, found: list[Problem]) -> None:
        for token in self.markdown.parse(text, {}):
            line = offset + (token.map[0] if token.map else 0) + 1
            if token.type in ("fence", "colon_fence"):
                match = re.match(r"^\{([^}\s]+)\}\s*(.*)$", token.info.strip())
                if match:
                    self._directive(match.group(1), match.group(2), token.content, line, docdir, found)
            elif token.type == "html_block":
                self._html(token.content, line, found)
            elif token.type in ("math_block", "math_block_label", "amsmath"):
                self._math(token.content, line, found)
            for child in token.children or ():
                if child.type == "myst_role":
                    self._role(child.meta.get("name", ""), child.content, line, docdir, found)
                elif child.type == "image":
                    self._asset("image", str(child.attrs.get("src", "")), line, docdir, found)
                elif child.type == "html_inline":
                    self._html(child.content, line, found)
                elif child.type in ("math_inline", "math_inline_double"):
                    self._math(child.content, line, found)

    @staticmethod
    def _html(html: str, line: int, found: list[Problem]) -> None:
        """What the output policy will remove from this piece of author HTML (as the build says it)."""
        if MYST_MARKUP.fullmatch(html):
            return
        removed = removed_parts(html, clean_html(html))
        if removed:
            found.append(Problem(line, NewsletterWarning.UNSAFE, raw_html_message(removed)))

    @staticmethod
    def _math(tex: str, line: int, found: list[Problem]) -> None:
        removed = neutral_math(tex)[1]
        if removed:
            found.append(Problem(line, NewsletterWarning.UNSAFE, math_message(removed)))

    def _directive(self, name: str, argument: str, content: str, line: int, docdir, found) -> None:
        if name not in self.directives:
            found.append(Problem(line, OtherWarning("myst", "directive_unknown"),
                                 f"Unknown directive type: '{name}'"))
            return
        if name == "toctree":
            found.append(Problem(line, NewsletterWarning.UNSAFE, TOCTREE_MESSAGE))
        if name in ("math", "math_block"):
            self._math(content, line, found)
        if name in ("image", "figure") and argument:
            self._asset("image", argument.strip(), line, docdir, found)
        if name in LITERAL_DIRECTIVES:
            return
        lines = content.split("\n")
        skip = 0
        if lines and lines[0].strip() == "---":  # YAML options block
            closing = next((index for index, text in enumerate(lines[1:], 1) if text.strip() == "---"), 0)
            skip = closing + 1
        while skip < len(lines) and re.match(r"^\s*:[\w-]+:", lines[skip]):
            skip += 1
        self._scan("\n".join(lines[skip:]), line + skip, docdir, found)

    def _role(self, name: str, content: str, line: int, docdir, found) -> None:
        if name not in self.roles:
            found.append(Problem(line, OtherWarning("myst", "role_unknown"),
                                 f'Unknown interpreted text role "{name}".'))
        elif name == "download":
            match = _DOWNLOAD_TARGET.match(content.strip())
            target = (match.group("bracketed") or match.group("plain")) if match else content
            self._asset("download", target.strip(), line, docdir, found)

    def _asset(self, kind: str, target: str, line: int, docdir, found) -> None:
        scheme = url_scheme(target)
        if scheme is not None:
            if kind == "image" and scheme not in ("http", "https", "//"):
                found.append(Problem(line, NewsletterWarning.REFUSED, f"image '{target[:200]}' is left out: images "
                                                                      f"are http or https URLs or files, not {scheme}:"))
            return
        types = tuple(self.settings.asset_types)
        if kind == "image":
            types = image_types_of(types)
        problem = asset_problem(target, docdir, self.srcdir, tuple(self.settings.asset_dirs), types)
        if problem:
            found.append(Problem(line, NewsletterWarning.REFUSED, f"{kind} '{target[:200]}' is left out: {problem}"))
            return
        path = self.srcdir / (target.lstrip("/") if target.startswith("/") else (docdir / target).as_posix())
        if not path.is_file():
            shown = Path(str(PurePosixPath(path.as_posix()))).resolve().relative_to(self.srcdir.resolve())
            found.append(Problem(line, OtherWarning(kind, "not_readable"),
                                 f"{kind} file not readable: {shown.as_posix()}"))

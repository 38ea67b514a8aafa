"""What ``newsletter check`` finds in a report's body without a build: unknown directives and roles,
missing images and downloads, images and downloads the file policy refuses, what the output policy
will remove (author HTML, unsafe TeX and URLs, toctrees, and in ``{eval-rst}`` meta tags, links and
the newsletter's own classes), with the build's own messages; and the ``{feedback}`` blocks MyST
will run, read as the directive reads them (the one reader of feedback fences).

The site's directives and roles are known by starting Sphinx with the site's configuration and its
extensions, as the build does, but with the ``dummy`` builder and without reading a document (about
half a second, once per run). Bodies are read with MyST's own markdown-it configuration, so a
directive or a role is found where the build finds it, at the same line; reST inside ``{eval-rst}``
is parsed by docutils as MyST parses it. Inline markup is parsed only where it can hold something
checked (a role, an image, HTML or math), which keeps a thousand reports near a second.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from sphinx_newsletter.core.marks import (
    ARCHIVE_DIRECTIVE,
    EDITION_DIRECTIVE,
    FEEDBACK_DIRECTIVE,
    INDEX_DIRECTIVE,
    LATEST_FEEDBACK_DIRECTIVE,
)
from sphinx_newsletter.core.paths import (
    asset_problem,
    image_types_of,
    include_refusal,
    joined_target,
    literal_problem,
)
from sphinx_newsletter.core.problems import NewsletterWarning, Problem
from sphinx_newsletter.core.urls import is_safe_url, url_scheme
from sphinx_newsletter.feedback.markup import Block, read_block
from sphinx_newsletter.safety.html import (
    META_MESSAGE,
    MYST_MARKUP,
    SWALLOW_MESSAGE,
    clean_html,
    math_message,
    neutral_math,
    own_class_message,
    raw_html_message,
    removed_parts,
    swallows,
    unsafe_url_message,
)
from sphinx_newsletter.safety.rest import LocalFile, give_lines, rest_findings
from sphinx_newsletter.safety.structure import CODE_RUNNING_MYST_EXTENSIONS, TOCTREE_MESSAGE
from sphinx_newsletter.upstream import builtin_directive_names, builtin_role_names

LITERAL_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "code-cell", "eval-rst", "math", "raw",
                                "csv-table", "literalinclude", "include", "toctree", "feedback", "mermaid",
                                "graphviz", "list-table"})
"""Directives whose content is not markdown (or that the newsletter reads itself)."""
MYST_DIRECTIVES = frozenset({"eval-rst", "eval-restructuredtext"})
"""Directives MyST's renderer handles itself (they are registered nowhere)."""
_DOWNLOAD_TARGET = re.compile(r"^(?:.*<(?P<bracketed>[^<>]+)>|(?P<plain>.+))$", re.S)
STATIC_DIRECTIVES = builtin_directive_names() | MYST_DIRECTIVES | {
    FEEDBACK_DIRECTIVE, EDITION_DIRECTIVE, ARCHIVE_DIRECTIVE, INDEX_DIRECTIVE, LATEST_FEEDBACK_DIRECTIVE}
"""Directives every site knows (docutils', MyST's and the newsletter's): no need to start Sphinx."""
STATIC_ROLES = builtin_role_names()
_INLINE_CHECKED = re.compile(r"[{!<$]")
"""Inline text without these holds no role, image, HTML or math: markdown-it need not parse it."""
_BLOCKS_CHECKED = frozenset({"fence", "colon_fence", "html_block", "math_block", "math_block_label", "amsmath"})
"""Block tokens that can hold something checked (with ``inline`` tokens): the others carry no text of
their own."""
_DIRECTIVE_INFO = re.compile(r"^\{([^}\s]+)\}\s*(.*)$")
_REFUSAL_MESSAGES = {"meta": lambda value: META_MESSAGE, "class": lambda value: own_class_message([value]),
                     "url": unsafe_url_message}


@dataclass(frozen=True)
class OtherWarning:
    """A warning type of Sphinx's or MyST's (``image.not_readable``), for problems check reports as the
    build does."""

    type: str
    value: str


@dataclass
class BodyScan:
    """A report body's problems, and its ``{feedback}`` blocks as the directive reads them."""

    problems: list[Problem] = field(default_factory=list)
    feedback: list[Block] = field(default_factory=list)
    assets: list[tuple] = field(default_factory=list)  # (kind, target, line, folder): files it names
    from_assets: set[int] = field(default_factory=set)  # ids of the problems those files gave

    @property
    def own_problems(self) -> list[Problem]:
        """The problems that depend on the text alone (not on the files it names, which may change)."""
        return [problem for problem in self.problems if id(problem) not in self.from_assets]


class NeedsSphinx(Exception):
    """The body uses a directive or role beyond docutils' own, or reST: its check needs the site's Sphinx,
    which a worker process leaves to the main one (started there once, when some report needs it)."""


class SiteSphinx:
    """The site's Sphinx, started with its configuration and extensions as the build starts it, but with
    the ``dummy`` builder and reading no document: the directives and roles it knows, and its
    environment for roles inside ``{eval-rst}``."""

    def __init__(self, confdir: Path) -> None:
        from docutils.frontend import get_default_settings
        from sphinx.application import Sphinx

        from sphinx_newsletter.upstream import MockRSTParser, registered_directive_names, registered_role_names

        self._scratch = tempfile.TemporaryDirectory()
        scratch = Path(self._scratch.name)
        app = Sphinx(confdir, confdir, scratch / "out", scratch / "doctrees", "dummy",
                     status=None, warning=io.StringIO(), freshenv=True)
        self.directives = registered_directive_names() | MYST_DIRECTIVES
        self.roles = registered_role_names()
        bare = {"std", app.config.primary_domain or "py"}
        for domain in app.registry.domains.values():
            for kind, names in (("directives", domain.directives), ("roles", domain.roles)):
                found = getattr(self, kind)
                found.update(f"{domain.name}:{name}" for name in names)
                if domain.name in bare:
                    found.update(names)
        self.env = app.env
        self.rst_parser = MockRSTParser()
        self.rst_settings = get_default_settings(MockRSTParser)
        for name, value in {"raw_enabled": False, "file_insertion_enabled": False, "report_level": 5,
                            "halt_level": 5, "warning_stream": io.StringIO(), "env": app.env}.items():
            setattr(self.rst_settings, name, value)


def myst_config(values: dict):
    """MyST's configuration from ``conf.py``'s ``myst_*`` values, as MyST's Sphinx extension makes it,
    without the syntax the newsletter turns off (``structure.CODE_RUNNING_MYST_EXTENSIONS``)."""
    from sphinx_newsletter.upstream import MdParserConfig

    given = {name: values[f"myst_{name}"] for name, _, field in MdParserConfig().as_triple()
             if "sphinx" not in field.metadata.get("omit", []) and f"myst_{name}" in values}
    if "enable_extensions" in given:
        given["enable_extensions"] = [name for name in given["enable_extensions"]
                                      if name not in CODE_RUNNING_MYST_EXTENSIONS]
    try:
        return MdParserConfig(**given)
    except (TypeError, ValueError):  # the build says what is wrong, and reads with the defaults
        return MdParserConfig()


class BodyChecker:
    def __init__(self, confdir: Path, settings, conf_values: dict) -> None:
        from markdown_it.renderer import RendererHTML

        from sphinx_newsletter.upstream import create_md_parser

        self.markdown = create_md_parser(myst_config(conf_values), RendererHTML).disable(["wordcount", "inline"],
                                                                                        True)
        self.srcdir = confdir
        self.settings = settings
        self.deferring = False  # in a worker process: raise NeedsSphinx rather than start Sphinx
        self._found: BodyScan | None = None  # the scan in progress, which records the files it names
        self._including: tuple[str, ...] = ()  # the report (absolute), then the parts being included
        self._site: SiteSphinx | None = None

    @property
    def site(self) -> SiteSphinx:
        if self._site is None:
            if self.deferring:
                raise NeedsSphinx
            self._site = SiteSphinx(self.srcdir)
        return self._site

    def knows_directive(self, name: str) -> bool:
        return name in STATIC_DIRECTIVES or name in self.site.directives

    def knows_role(self, name: str) -> bool:
        return name in STATIC_ROLES or name in self.site.roles

    def scan(self, text: str, relative: str) -> BodyScan:
        """Problems and feedback blocks of the report at ``relative`` (``reports/<cycle>/<slug>.md``)
        whose whole text is ``text``."""
        docdir = PurePosixPath(relative).parent
        found = BodyScan()
        self._found = found
        self._including = (os.path.normpath(os.path.join(self.srcdir, relative)),)
        try:
            self._scan(text, 0, docdir, found, relative)
        finally:
            self._found = None
        found.problems.sort(key=lambda problem: problem.line)
        return found

    def asset_problems(self, assets: list[tuple]) -> list[Problem]:
        """The problems of the files a body names, as they are now (for a cached scan)."""
        problems: list[Problem] = []
        for kind, target, line, folder in assets:
            self._asset(kind, target, line, PurePosixPath(folder), problems)
        return problems

    def _scan(self, text: str, offset: int, docdir: PurePosixPath, found: BodyScan, relative: str) -> None:
        env: dict = {}
        for token in self.markdown.parse(text, env):
            kind = token.type
            if kind == "inline":
                if not _INLINE_CHECKED.search(token.content):
                    continue
                token.children = []
                self.markdown.inline.parse(token.content, self.markdown, env, token.children)
            elif kind not in _BLOCKS_CHECKED:
                continue
            line = offset + (token.map[0] if token.map else 0) + 1
            if kind in ("fence", "colon_fence"):
                match = _DIRECTIVE_INFO.match(token.info.strip())
                if match:
                    self._directive(match.group(1), match.group(2), token.content, line, docdir, found, relative)
            elif kind == "html_block":
                self._html(token.content, line, found.problems)
            elif kind in ("math_block", "math_block_label", "amsmath"):
                self._math(token.content, line, found.problems)
            for child in token.children or ():
                if child.type == "myst_role":
                    self._role(child.meta.get("name", ""), child.content, line, docdir, found.problems)
                elif child.type == "image":
                    self._asset("image", str(child.attrs.get("src", "")), line, docdir, found.problems)
                elif child.type == "html_inline":
                    self._html(child.content, line, found.problems)
                elif child.type in ("math_inline", "math_inline_double"):
                    self._math(child.content, line, found.problems)

    @staticmethod
    def _html(html: str, line: int, found: list[Problem]) -> None:
        """What the output policy will remove from this piece of author HTML (as the build says it)."""
        if MYST_MARKUP.fullmatch(html):
            return
        removed = removed_parts(html, clean_html(html))
        if removed:
            found.append(Problem(line, NewsletterWarning.UNSAFE, raw_html_message(removed)))
        if swallows(html):
            found.append(Problem(line, NewsletterWarning.UNSAFE, SWALLOW_MESSAGE))

    @staticmethod
    def _math(tex: str, line: int, found: list[Problem]) -> None:
        removed = neutral_math(tex)[1]
        if removed:
            found.append(Problem(line, NewsletterWarning.UNSAFE, math_message(removed)))

    def _directive(self, name: str, argument: str, content: str, line: int, docdir, found: BodyScan,
                   relative: str) -> None:
        problems = found.problems
        if not self.knows_directive(name):
            problems.append(Problem(line, OtherWarning("myst", "directive_unknown"),
                                    f"Unknown directive type: '{name}'"))
            return
        if name == "toctree":
            problems.append(Problem(line, NewsletterWarning.UNSAFE, TOCTREE_MESSAGE))
        elif name in ("math", "math_block"):
            self._math(content, line, problems)
        elif name in ("image", "figure"):
            if argument:
                self._asset("image", argument.strip(), line, docdir, problems)
            target = read_block(content, line).options.get("target")
            if target and not is_safe_url(target):
                problems.append(Problem(line, NewsletterWarning.UNSAFE, unsafe_url_message(target)))
        elif name == "literalinclude":
            targets = [argument.strip(), read_block(content, line).options.get("diff")]
            for target in filter(None, targets):
                problem = literal_problem(target, docdir, self.srcdir, tuple(self.settings.asset_dirs))
                if problem:
                    problems.append(Problem(line, NewsletterWarning.REFUSED,
                                            f"literalinclude '{target[:200]}' is left out: {problem}"))
                    break
        elif name == "include" and argument.strip():
            literal = {"literal", "code"} & set(read_block(content, line).options)
            self._asset("include-literal" if literal else "include", argument.strip(), line, docdir, problems)
        elif name == "feedback":
            found.feedback.append(read_block(content.removesuffix("\n"), line))
        elif name in MYST_DIRECTIVES:
            self._rest(content, line, docdir, problems, relative)
        if name in LITERAL_DIRECTIVES:
            return
        lines = content.split("\n")
        skip = 0
        if lines and lines[0].strip() == "---":  # YAML options block
            closing = next((index for index, text in enumerate(lines[1:], 1) if text.strip() == "---"), 0)
            skip = closing + 1
        while skip < len(lines) and re.match(r"^\s*:[\w-]+:", lines[skip]):
            skip += 1
        self._scan("\n".join(lines[skip:]), line + skip, docdir, found, relative)

    def _rest(self, content: str, line: int, docdir, found: list[Problem], relative: str) -> None:
        """What the output policy will refuse in reST, parsed as MyST parses ``{eval-rst}``."""
        from docutils.utils import new_document

        site = self.site
        document = new_document(str(self.srcdir / relative), site.rst_settings)
        site.env.temp_data["docname"] = relative.rsplit(".", 1)[0]
        try:
            site.rst_parser.parse("\n" * line + content, document)  # as MyST pads it
        except Exception:
            return
        finally:
            site.env.temp_data.pop("docname", None)
        give_lines(document.children, range(line, line + content.count("\n") + 2), document["source"])
        for finding in rest_findings(document.children):
            if isinstance(finding, LocalFile):
                if finding.kind == "image" or finding.target:
                    self._asset(finding.kind, finding.target, finding.line, docdir, found)
            else:
                found.append(Problem(finding.line, NewsletterWarning.UNSAFE,
                                     _REFUSAL_MESSAGES[finding.kind](finding.value)))

    def _role(self, name: str, content: str, line: int, docdir, found) -> None:
        if not self.knows_role(name):
            found.append(Problem(line, OtherWarning("myst", "role_unknown"),
                                 f'Unknown interpreted text role "{name}".'))
        elif name == "download":
            match = _DOWNLOAD_TARGET.match(content.strip())
            target = (match.group("bracketed") or match.group("plain")) if match else content
            self._asset("download", target.strip(), line, docdir, found)

    def _asset(self, kind: str, target: str, line: int, docdir, found) -> None:
        scan = self._found
        if scan is not None:
            scan.assets.append((kind, target, line, str(docdir)))
            before = len(found)
            self._check_asset(kind, target, line, docdir, found)
            scan.from_assets.update(id(problem) for problem in found[before:])
        else:
            self._check_asset(kind, target, line, docdir, found)

    def _check_include(self, target: str, literal: bool, line: int, docdir, found: list[Problem]) -> None:
        """What the build says of ``{include}``: its refusal, or the problems of the part's own text (at
        the part's lines), as ``reading.ReportRenderer`` includes it."""
        including = self._including
        path, problem = include_refusal(target, literal, docdir, self.srcdir, tuple(self.settings.asset_dirs),
                                        including)
        if problem:
            found.append(Problem(line, NewsletterWarning.REFUSED, f"include '{target[:200]}' is left out: {problem}",
                                 source=self._part_shown(including[-1]) if len(including) > 1 else None))
            return
        if literal:
            return
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return  # MyST says so when it reads it
        part, shown = BodyScan(), self._part_shown(path)
        outer, self._found, self._including = self._found, None, (*including, path)
        try:
            self._scan(text, 0, docdir, part, shown)
        finally:
            self._found, self._including = outer, including
        found += [problem if problem.source else replace(problem, source=shown) for problem in part.problems]

    def _part_shown(self, path: str) -> str:
        return Path(path).relative_to(self.srcdir).as_posix()

    def _check_asset(self, kind: str, target: str, line: int, docdir, found) -> None:
        if kind.startswith("include"):
            self._check_include(target, kind == "include-literal", line, docdir, found)
            return
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
        path = self.srcdir / joined_target(target, docdir)
        if not os.path.isfile(path):
            shown = Path(str(PurePosixPath(path.as_posix()))).resolve().relative_to(self.srcdir.resolve())
            found.append(Problem(line, OtherWarning(kind, "not_readable"),
                                 f"{kind} file not readable: {shown.as_posix()}"))

"""Every private API of docutils, MyST, Sphinx and the site extensions the newsletter uses, in one module.

Each is named here once, and ``tests/test_upstream.py`` fails when one of them changes shape. The
packages they come from are bounded above in ``pyproject.toml`` (``docutils<0.23``, ``myst-parser<6``,
``sphinx<10``, ``sphinx-sitemap<2.10``, ``sphinxext-opengraph<0.14``), so that an upgrade is a decision, taken
with that test.

- docutils' tables of directives and roles (``_directive_registry``, ``_directives``, ``_role_registry``,
  ``_roles``): whether a name is known (a feedback block may use none);
- Sphinx's ``Config._raw_config``: whether ``conf.py`` set a value itself, and the value it gave;
- Sphinx's ``Builder._read_serial`` and ``_read_parallel`` (the reading step of ``Builder.read`` for
  the documents ``newsletter check`` names) and the first half of ``StandaloneHTMLBuilder.write_doc``
  (the page translated, not templated);
- Sphinx's ``StandaloneHTMLBuilder.copy_theme_static_files`` and ``_static_dir``: the theme's static
  files a site's readers use, copied without the rest;
- Sphinx's ``StandaloneHTMLBuilder.search`` (a class attribute its HTML Help builders turn off): an
  HTML builder of a site searched with Pagefind writes no Sphinx search index and no search page of its own;
- sphinxext-opengraph's social-card module (``_social_cards``), which it imports when it is imported, and
  which imports matplotlib where matplotlib is installed (a quarter of a second, whether the site makes
  social cards or not): :func:`import_without_module` imports it without that module for a site that
  turns the cards off (``sphinxext-opengraph<0.14``);
- sphinx-sitemap's ``builder-inited`` handler (``record_builder_type``), which starts a ``multiprocessing``
  manager (a server process) for every build, and what it sets (``env.is_directory_builder``,
  ``app.sitemap_links``): :func:`collect_sitemap_in_a_queue` takes its place where one process writes
  (``sphinx-sitemap<2.10``), reached through Sphinx's ``EventManager.listeners`` (Sphinx names no public way to
  find a handler another extension connected);
- MyST's option reading (``parsers.directives.is_option_line``, ``parsers.options.options_to_tokens``)
  for feedback blocks, its ``create_md_parser`` (and ``MdParserConfig``) for a report's own parser, what
  its renderer keeps of the document it renders (``HookedRenderer.DOCUMENT_STATE``), three methods of its
  renderer (``run_directive``,
  ``nested_render_text``, ``render_restructuredtext``) that :class:`HookedRenderer` overrides and hands
  to the hooks a subclass gives, and four through which it gives what a paragraph holds its own line
  (``_render_tokens``, ``add_line_and_source_path``, ``render_myst_role``, ``render_html_inline``).

This package sits with the markup (layer 2): it imports no Sphinx of its own (the Sphinx objects it
works on are given). :class:`HookedRenderer` lives in ``upstream/renderer.py`` and is loaded when first
named: MyST's Sphinx renderer brings most of Sphinx with it, which the markup of feedback and notes (and
so a check served from its cache) does without.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.parsers.rst import directives, roles
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import is_option_line
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.options import TokenizeError, options_to_tokens

if TYPE_CHECKING:
    from sphinx_newsletter.upstream.renderer import HookedRenderer

__all__ = ["OPENGRAPH_SOCIAL_CARDS", "HookedRenderer", "MdParserConfig", "TokenizeError", "collect_sitemap_in_a_queue",
           "conf_sets", "conf_value", "create_md_parser", "import_without_module", "is_option_line", "known_directive",
           "known_role", "options_to_tokens", "read_documents", "static_folder", "theme_static_copy",
           "translate_document", "without_sphinx_search"]


def known_directive(name: str) -> bool:
    return (name in directives._directive_registry  # type: ignore[attr-defined]  # private, not in the stubs
            or name in directives._directives)  # type: ignore[attr-defined]


def known_role(name: str) -> bool:
    return name in roles._role_registry or name in roles._roles  # type: ignore[attr-defined]  # private


def conf_sets(config: Any, name: str) -> bool:
    """Whether the site's ``conf.py`` sets ``name`` itself (rather than leaving Sphinx's default)."""
    return name in config._raw_config


def conf_value(config: Any, name: str) -> Any:
    """What the site's ``conf.py`` gives ``name`` (``None`` when it gives nothing), before any extension
    has declared the setting."""
    return config._raw_config.get(name)


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


def static_folder(builder: Any) -> Path:
    """Where an HTML builder writes its static files (``_static`` in the output)."""
    return Path(builder._static_dir)


def theme_static_copy(builder: Any, copy: Callable[[dict[str, Any]], None]) -> None:
    """``copy(context)`` copies the theme's static files in place of the HTML builder's own
    ``copy_theme_static_files`` (given the template context, once per build)."""
    builder.copy_theme_static_files = copy


def without_sphinx_search(builder: Any) -> None:
    """An HTML builder that indexes nothing for Sphinx's search and writes no ``search`` page or
    ``searchindex.js`` (as Sphinx's HTML Help builders do)."""
    builder.search = False


OPENGRAPH_SOCIAL_CARDS = "sphinxext.opengraph._social_cards"
"""sphinxext-opengraph's social-card module: its ``__init__`` imports it inside ``try``/``except ImportError``
and makes no cards when the import fails."""


def import_without_module(package: str, left_out: str) -> None:
    """``package`` imported with its module ``left_out`` refused, as if what it needs were not installed:
    a ``None`` in ``sys.modules`` makes Python's import raise ``ModuleNotFoundError``. The entry is taken
    back afterwards, so that anything that asks for the module later imports it as usual."""
    import importlib
    import sys

    if left_out in sys.modules:
        importlib.import_module(package)
        return
    sys.modules[left_out] = None  # type: ignore[assignment]  # Python's documented "not importable"
    try:
        importlib.import_module(package)
    finally:
        if sys.modules.get(left_out, "") is None:
            del sys.modules[left_out]


SITEMAP_COLLECTOR = ("sphinx_sitemap", "record_builder_type")
"""sphinx-sitemap's ``builder-inited`` handler: it records the builder's kind and makes the queue each written page
puts its address in, held by a ``multiprocessing`` manager whose server process is started for the build."""


def collect_sitemap_in_a_queue(app: Any) -> bool:
    """For a build of ``app`` written in one process: sphinx-sitemap's ``builder-inited`` handler is disconnected
    and one connected that does its work with a plain queue (no server process to start and stop: 16 ms of each
    start, 5 % of a build of the sample site). Whether its handler was found; call it when every extension is set
    up (``config-inited``)."""
    module, name = SITEMAP_COLLECTOR
    for listener in list(app.events.listeners.get("builder-inited", ())):
        handler = listener.handler
        if getattr(handler, "__module__", None) == module and getattr(handler, "__name__", None) == name:
            app.disconnect(listener.id)
            app.connect("builder-inited", _sitemap_queue, priority=listener.priority)
            return True
    return False


def _sitemap_queue(app: Any) -> None:
    builder = app.builder
    builder.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
    app.sitemap_links = queue.Queue()


def __getattr__(name: str) -> Any:
    if name == "HookedRenderer":
        from sphinx_newsletter.upstream.renderer import HookedRenderer

        return HookedRenderer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

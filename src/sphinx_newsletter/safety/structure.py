"""What a report may change beyond its own page: nothing in the navigation (its toctree shows in the
page, as a list of the pages it names, and nowhere else), no raw output in builders that do not write
HTML, no template-evaluating MyST syntax, only markdown reports read."""


from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.adapters.toctree import TocTree
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_newsletter.core.problems import SUPPRESSED_BY_THE_EXTENSION
from sphinx_newsletter.safety.sources import site_trust
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CODE_RUNNING_MYST_EXTENSIONS = ("substitution",)


class page_contents(nodes.General, nodes.Element):
    """A report's toctree: the list of pages it shows in the page, made when the page is written, as
    Sphinx makes a toctree's. Sphinx's toctree collector does not know this node, so the pages it names
    do not become children of the report in the site's navigation (the sidebar, the previous and next
    links, section numbers)."""


class GuardNavigation(SphinxTransform):
    """An untrusted page may not add pages to the site's navigation: its toctree becomes the list it shows
    in the page (a hidden one, which shows nothing, is taken out). Nothing is told: the page shows what
    plain MyST shows."""

    default_priority = 870  # before doctree-read (880), where the toctree collector runs

    def apply(self, **kwargs: Any) -> None:
        if site_trust(self.config).is_trusted(self.env.docname):
            return
        for toctree in list(self.document.findall(addnodes.toctree)):
            if not toctree.get("hidden"):
                contents = page_contents("", **toctree.attributes)
                contents.source, contents.line = toctree.source, toctree.line
                toctree.replace_self(contents)
                pages: list[str] = toctree.get("includefiles", [])
                for page in pages:  # the report's page is written again when theirs change
                    self.env.files_to_rebuild.setdefault(page, set()).add(self.env.docname)
            else:
                _take_out(toctree)


class ShowPageContents(SphinxPostTransform):
    """A report's list of pages, resolved as Sphinx resolves a toctree in a page (titles, sections down to
    its ``maxdepth``), for every builder."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for contents in list(self.document.findall(page_contents)):
            toctree = addnodes.toctree("", **contents.attributes)
            toctree.source, toctree.line = contents.source, contents.line
            shown = TocTree(self.env).resolve(self.env.docname, self.app.builder, toctree, prune=True)
            if shown is not None:
                contents.replace_self(shown)
            else:
                _take_out(contents)


def _take_out(toctree: nodes.Element) -> None:
    """Remove a toctree, and the wrapper Sphinx put around it alone."""
    wrapper = toctree.parent
    if isinstance(wrapper, nodes.compound) and "toctree-wrapper" in wrapper["classes"] and len(wrapper) == 1:
        wrapper.parent.remove(wrapper)
    else:
        wrapper.remove(toctree)


def keep_other_raw_out(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Builders that do not write HTML get no author raw output (LaTeX can read files and run
    programs); MyST's own hard-break markup stays."""
    if app.builder.format == "html" or site_trust(app.config).is_trusted(docname):
        return
    from sphinx_newsletter.core.marks import TRUSTED_HTML
    from sphinx_newsletter.safety.html import MYST_MARKUP

    for raw in list(doctree.findall(nodes.raw)):
        if raw.get(TRUSTED_HTML) or MYST_MARKUP.fullmatch(raw.astext()):
            continue
        if app.builder.format in raw.get("format", "").split():
            warn(f"raw {app.builder.format} output is not allowed in reports and is left out",
                 NewsletterWarning.UNSAFE, location=raw)
        raw.parent.remove(raw)


def disable_code_running_syntax(app: Sphinx, config: Config) -> None:
    """Turn off MyST extensions that evaluate templates (and so can run code)."""
    enabled = config.myst_enable_extensions
    for name in CODE_RUNNING_MYST_EXTENSIONS:
        if name in enabled:
            warn(f"myst_enable_extensions: '{name}' is turned off: it evaluates Jinja templates, "
                 "which lets a report run code", NewsletterWarning.UNSAFE)
            enabled = type(enabled)(item for item in enabled if item != name)
    config.myst_enable_extensions = enabled


def exclude_non_markdown_reports(app: Sphinx, config: Config) -> None:
    """Only MyST reports are read the hardened way: other source files in the reports
    folder are not built at all (the consistency check names each of them)."""
    reports_dir = config.newsletter_reports_dir.strip("/")
    patterns = [f"{reports_dir}/**{suffix}" for suffix in config.source_suffix if suffix != ".md"]
    config.exclude_patterns = [*config.exclude_patterns, *(p for p in patterns if p not in config.exclude_patterns)]


def allow_strikethrough(app: Sphinx, config: Config) -> None:
    """MyST warns on every use of strikethrough that only HTML shows it; reports are pages of the
    HTML site (no other builder gets them: they are not in the toctree), so an honest report's strict
    build must pass. Set when the configuration is read, so the setting is the same every build."""
    added = [name for name in SUPPRESSED_BY_THE_EXTENSION if name not in config.suppress_warnings]
    if added:
        config.suppress_warnings = [*config.suppress_warnings, *added]


def setup_structure(app: Sphinx) -> None:
    app.add_node(page_contents)
    app.add_transform(GuardNavigation)
    app.add_post_transform(ShowPageContents)
    app.connect("config-inited", disable_code_running_syntax)
    app.connect("config-inited", exclude_non_markdown_reports)
    app.connect("config-inited", allow_strikethrough)
    app.connect("doctree-resolved", keep_other_raw_out)

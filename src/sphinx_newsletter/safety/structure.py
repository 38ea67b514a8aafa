"""What a report may change beyond its own page: nothing in the navigation, no raw output in
builders that do not write HTML, no template-evaluating MyST syntax, only markdown reports read."""


from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from sphinx_newsletter.core.problems import SUPPRESSED_BY_THE_EXTENSION
from sphinx_newsletter.safety.sources import site_trust
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CODE_RUNNING_MYST_EXTENSIONS = ("substitution",)
TOCTREE_MESSAGE = "a toctree in a report is left out: reports may not change the site's navigation"


class GuardNavigation(SphinxTransform):
    """An untrusted page may not add pages (or links) to the site's navigation."""

    default_priority = 870  # before doctree-read (880), where the toctree collector runs

    def apply(self, **kwargs: Any) -> None:
        if site_trust(self.config).is_trusted(self.env.docname):
            return
        for toctree in list(self.document.findall(addnodes.toctree)):
            warn(TOCTREE_MESSAGE, NewsletterWarning.UNSAFE, location=toctree)
            wrapper = toctree.parent
            if isinstance(wrapper, nodes.compound) and "toctree-wrapper" in wrapper["classes"] and len(wrapper) == 1:
                wrapper.parent.remove(wrapper)
            else:
                toctree.parent.remove(toctree)


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
    app.add_transform(GuardNavigation)
    app.connect("config-inited", disable_code_running_syntax)
    app.connect("config-inited", exclude_non_markdown_reports)
    app.connect("config-inited", allow_strikethrough)
    app.connect("doctree-resolved", keep_other_raw_out)

"""sphinx_newsletter: trip reports in MyST markdown, one newsletter edition per release cycle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from sphinx_newsletter.adapters.config import setup_config
    from sphinx_newsletter.adapters.consistency import setup_consistency
    from sphinx_newsletter.adapters.domain import NewsletterDomain
    from sphinx_newsletter.adapters.feedback import setup_feedback
    from sphinx_newsletter.adapters.garbage_collector import setup_collector
    from sphinx_newsletter.adapters.light_pages import setup_light_pages
    from sphinx_newsletter.adapters.listings import setup_listings
    from sphinx_newsletter.adapters.navigation import setup_navigation
    from sphinx_newsletter.adapters.output import setup_output
    from sphinx_newsletter.adapters.pages import setup_pages
    from sphinx_newsletter.adapters.reading import setup_reading
    from sphinx_newsletter.adapters.source_copies import setup_source_copies
    from sphinx_newsletter.adapters.theme_sections import setup_theme_sections
    from sphinx_newsletter.i18n import setup_i18n
    from sphinx_newsletter.publishing.feeds import setup_feeds
    from sphinx_newsletter.publishing.offline import setup_offline
    from sphinx_newsletter.publishing.other_editions import setup_other_editions
    from sphinx_newsletter.publishing.search import setup_search
    from sphinx_newsletter.publishing.sharing import setup_sharing
    from sphinx_newsletter.publishing.sitemap import setup_sitemap
    from sphinx_newsletter.publishing.switcher import setup_switcher
    from sphinx_newsletter.safety import setup_safety

    setup_config(app)
    setup_i18n(app)
    setup_collector(app)
    setup_safety(app)
    setup_reading(app)
    setup_feedback(app)
    app.add_domain(NewsletterDomain)
    setup_listings(app)
    setup_pages(app)
    setup_output(app)
    setup_source_copies(app)
    setup_consistency(app)
    setup_switcher(app)
    setup_navigation(app)
    setup_light_pages(app)
    setup_theme_sections(app)
    setup_feeds(app)
    setup_search(app)
    setup_offline(app)
    setup_other_editions(app)
    setup_sharing(app)
    setup_sitemap(app)
    app.connect("config-inited", _add_static_path)
    app.add_css_file("newsletter.css")
    app.add_js_file("newsletter.js")
    return {"version": __version__, "env_version": 5, "parallel_read_safe": True, "parallel_write_safe": True}


def _add_static_path(app: Sphinx, config: Config) -> None:
    static = str(Path(__file__).parent / "static")
    if static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]

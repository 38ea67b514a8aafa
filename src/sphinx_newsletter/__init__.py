"""sphinx_newsletter: trip reports in MyST markdown, one newsletter edition per release cycle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    from .collector import setup_collector
    from .config import setup_config
    from .consistency import setup_consistency
    from .domain import NewsletterDomain
    from .feeds import setup_feeds
    from .i18n import setup_i18n
    from .feedback import setup_feedback
    from .listings import setup_listings
    from .navigation import setup_navigation
    from .pages import setup_pages
    from .reading import setup_reading
    from .safety import setup_safety
    from .sharing import setup_sharing
    from .switcher import setup_switcher

    setup_config(app)
    setup_i18n(app)
    setup_collector(app)
    setup_safety(app)
    setup_reading(app)
    setup_feedback(app)
    app.add_domain(NewsletterDomain)
    setup_listings(app)
    setup_pages(app)
    setup_consistency(app)
    setup_switcher(app)
    setup_navigation(app)
    setup_feeds(app)
    setup_sharing(app)
    app.connect("config-inited", _add_static_path)
    app.add_css_file("newsletter.css")
    return {"version": __version__, "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}


def _add_static_path(app: Sphinx, config) -> None:
    static = str(Path(__file__).parent / "static")
    if static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]

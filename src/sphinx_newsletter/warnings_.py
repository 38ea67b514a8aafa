"""Typed warnings: every newsletter warning is ``type="newsletter"`` with one of these subtypes.

Silence one kind with ``suppress_warnings = ["newsletter.unknown_key"]``;
``sphinx-build -W`` turns any of them into a failure.
"""

from __future__ import annotations

from sphinx.util import logging

from sphinx_newsletter.core.problems import NewsletterWarning

logger = logging.getLogger(__name__)

WARNING_TYPE = "newsletter"


def warn(message: str, subtype: NewsletterWarning, location=None) -> None:
    """Log a typed newsletter warning at ``location`` (a docname/line pair, a node or a path)."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)

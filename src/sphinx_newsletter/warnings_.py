"""Typed warnings: every newsletter warning is ``type="newsletter"`` with one of these subtypes.

Silence one kind with ``suppress_warnings = ["newsletter.unknown_key"]``;
``sphinx-build -W`` turns any of them into a failure.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

from sphinx_newsletter.core.problems import NewsletterWarning, OtherWarning, Problem

__all__ = ["PROBLEM", "WARNING_TYPE", "Location", "NewsletterWarning", "OtherWarning", "Problem", "tell", "warn"]

logger = logging.getLogger(__name__)

WARNING_TYPE = "newsletter"


PROBLEM = "newsletter_problem"
"""The log record's attribute that holds the :class:`Problem` a warning tells (``newsletter check`` reads
it: whether it is an error, and where a syntax error is)."""


Location = str | tuple[str | None, int | None] | nodes.Node | None
"""Where a warning is: a docname or path, a (docname, line) pair, or a node."""


def warn(message: str, subtype: NewsletterWarning | OtherWarning, location: Location = None,
         problem: Problem | None = None) -> None:
    """Log a typed newsletter warning at ``location`` (a docname/line pair, a node or a path), with the
    ``problem`` it tells when there is one."""
    warning_type = WARNING_TYPE if isinstance(subtype, NewsletterWarning) else subtype.type
    logger.warning(message, type=warning_type, subtype=subtype.value, location=location,
                   extra={PROBLEM: problem})


def tell(problem: Problem, location: Location) -> None:
    """Log ``problem`` as a typed warning at ``location``."""
    warn(problem.text, problem.subtype, location=location, problem=problem)

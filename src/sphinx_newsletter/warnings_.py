"""Typed warnings: every newsletter warning is ``type="newsletter"`` with one of these subtypes.

Silence one kind with ``suppress_warnings = ["newsletter.unknown_key"]``;
``sphinx-build -W`` turns any of them into a failure.
"""

from __future__ import annotations

from sphinx.util import logging

from sphinx_newsletter.core.problems import NewsletterWarning, Problem

logger = logging.getLogger(__name__)

WARNING_TYPE = "newsletter"


PROBLEM = "newsletter_problem"
"""The log record's attribute that holds the :class:`Problem` a warning tells (``newsletter check`` reads
it: whether it is an error, and where a syntax error is)."""


def warn(message: str, subtype: NewsletterWarning, location=None, problem: Problem | None = None) -> None:
    """Log a typed newsletter warning at ``location`` (a docname/line pair, a node or a path), with the
    ``problem`` it tells when there is one."""
    extra = {"extra": {PROBLEM: problem}} if problem is not None else {}
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location, **extra)


def tell(problem: Problem, location) -> None:
    """Log ``problem`` as a typed warning at ``location``."""
    warn(problem.text, problem.subtype, location=location, problem=problem)

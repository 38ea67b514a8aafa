"""Typed warnings: every newsletter warning is ``type="newsletter"`` with one of these subtypes.

Silence one kind with ``suppress_warnings = ["newsletter.unknown_key"]``;
``sphinx-build -W`` turns any of them into a failure.
"""

from __future__ import annotations

from enum import Enum

from sphinx.util import logging

logger = logging.getLogger(__name__)

WARNING_TYPE = "newsletter"


class NewsletterWarning(Enum):
    """Subtypes of the ``newsletter`` warning type."""

    CONFIG = "config"
    """``newsletter_cycles`` or another setting in ``conf.py`` is malformed."""
    FRONT_MATTER = "front_matter"
    """The YAML front matter is missing, not closed or not valid YAML."""
    MISSING_FIELD = "missing_field"
    """A required field of a report (title, author, date) or of feedback (author, date, body) is empty."""
    BAD_VALUE = "bad_value"
    """A front matter or feedback value has the wrong type or format."""
    UNKNOWN_KEY = "unknown_key"
    """Front matter, a feedback option or a feedback entry has a key the newsletter does not know."""
    UNKNOWN_CYCLE = "unknown_cycle"
    """A report sits in a folder that names no configured release cycle."""
    MISPLACED = "misplaced"
    """A file under the reports folder is not at ``reports/<cycle>/<slug>.md``."""
    WRONG_CYCLE = "wrong_cycle"
    """A report's date falls outside the window of the cycle folder it sits in."""
    DUPLICATE = "duplicate"
    """Two reports in one cycle have the same title and date."""
    UNSAFE = "unsafe"
    """A report or reader feedback asked for something it may not do (per-file MyST settings, files
    outside the source, a ``javascript:`` link, a directive in feedback); what was removed is named."""
    FEEDBACK_FILE = "feedback_file"
    """A feedback data file is malformed, not UTF-8, misnamed, or belongs to no report."""
    FROZEN = "frozen"
    """A report is added to, or changed in, an edition that was already published."""
    TEMPLATE_TEXT = "template_text"
    """A report still holds the example text that ``newsletter new`` wrote."""
    REFUSED = "refused"
    """A file is not built or not copied: a symbolic link, not a regular file, an unsafe name or type,
    outside the allowed folders, or a page outside the reports folder that ``conf.py`` does not list."""
    LIMIT = "limit"
    """A report or feedback file is over a size, depth or count limit; what is over it is left out."""
    DIRECTIVE = "directive"
    """A newsletter directive was used with a wrong argument."""


def warn(message: str, subtype: NewsletterWarning, location=None) -> None:
    """Log a typed newsletter warning at ``location`` (a docname/line pair, a node or a path)."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)

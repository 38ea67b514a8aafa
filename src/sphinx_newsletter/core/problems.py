"""What can be wrong, as data: the warning subtypes and a problem at a line. No Sphinx here; the
build logs problems as typed warnings (``warnings_.warn``), ``newsletter check`` prints them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

SUPPRESSED_BY_THE_EXTENSION = ("myst.strikethrough",)
"""Warnings every newsletter site suppresses, added to its ``suppress_warnings``: MyST warns on each
strikethrough that only HTML shows it, and reports are pages of the HTML site only."""


def N_(message: str) -> str:
    return message


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
    TAG = "tag"
    """A report's tag is another tag of the site spelt another way (case, spaces, punctuation, plural)."""
    SEARCH = "search"
    """The search index could not be made (Pagefind missing, failing or too slow); the search page says
    so to readers."""
    OFFLINE = "offline"
    """A published edition's EPUB and PDF could not be made (WeasyPrint missing, a build failing)."""


@dataclass(frozen=True)
class OtherWarning:
    """A warning type that is not the newsletter's (``image.not_readable``, ``myst.directive_unknown``;
    both empty for an untyped warning), for the problems of a report the build's other parts find."""

    type: str
    value: str


@dataclass(frozen=True)
class Problem:
    """One thing wrong; a problem with a ``consequence`` (what is left out) is blocking."""

    line: int
    subtype: NewsletterWarning | OtherWarning
    message: str
    consequence: str | None = None
    column: int | None = None  # where a syntax error was found, for a caret under the line
    error: bool = False  # an error though nothing is left out (a published edition changed)
    source: str | None = None  # the file it is in, when not the report itself (a part it includes)

    @property
    def blocking(self) -> bool:
        return self.consequence is not None

    @property
    def is_error(self) -> bool:
        """What ``newsletter check`` calls an error (exit 1 without ``--strict``)."""
        return self.blocking or self.error

    @property
    def text(self) -> str:
        return f"{self.message} ({self.consequence})" if self.consequence else self.message

    @property
    def kind(self) -> str:
        """The warning's type as Sphinx shows it: ``type.subtype``, ``type`` alone, or "" when untyped."""
        kind = getattr(self.subtype, "type", "newsletter")
        return ".".join(filter(None, (kind, self.subtype.value))) if kind else ""

    def suppressed_by(self, suppress_warnings: Iterable[str]) -> bool:
        """Whether a site's ``suppress_warnings`` silences this problem in the build, read as Sphinx reads
        it: the warning's type, ``type.*`` or ``type.subtype`` (an untyped warning is never silenced)."""
        kind = getattr(self.subtype, "type", "newsletter")
        if not kind:
            return False
        names = set(suppress_warnings)
        return kind in names or f"{kind}.*" in names or f"{kind}.{self.subtype.value}" in names

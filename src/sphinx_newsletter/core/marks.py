"""Marks the extension puts on what it makes, and the names of its directives: plain strings, shared
by the output policy, the markup and the Sphinx adapters (no docutils)."""

from __future__ import annotations

from typing import Any

OWN_CLASS_PREFIX = "nl-"
"""The prefix of the extension's own CSS classes."""
OWN = "newsletter_own"
"""Node attribute set on the nodes this extension makes: they may carry its ``nl-`` classes, which the
output policy removes from anything else (so a report cannot dress up as reader feedback)."""
TRAILER = "newsletter_trailer"
"""Node attribute set on what the extension adds after a report's text (the feedback thread, the pager):
author HTML is sanitised up to there, so an element the author left open cannot wrap them."""
OWN_MARK: dict[str, Any] = {OWN: True}
TRAILER_MARK: dict[str, Any] = {TRAILER: True}
"""The marks as node attributes (``nodes.section(**OWN_MARK)``)."""
TRUSTED_HTML = "newsletter_trusted"
"""Raw-node attribute set on HTML this extension renders from its own templates (not author HTML)."""

FEEDBACK_DIRECTIVE = "feedback"
EDITION_DIRECTIVE, ARCHIVE_DIRECTIVE, INDEX_DIRECTIVE = "newsletter-edition", "newsletter-archive", "newsletter-index"
LATEST_FEEDBACK_DIRECTIVE = "newsletter-latest-feedback"
"""Names of the directives the extension registers (``newsletter check`` knows them without Sphinx)."""

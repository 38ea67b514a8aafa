"""The placeholder node that newsletter listings and bylines leave in a doctree.

It is filled when the doctree is resolved, from the data of the whole build, so a
listing is never stale; ``key`` names what it shows (``edition:essex``, ``archive``,
``index:tags``, ``byline:reports/essex/summit``).
"""

from __future__ import annotations

from docutils import nodes

REPORT_ATTRIBUTE = "newsletter_report"
"""The document attribute on which a report's parser hands the report to the domain (``process_doc``),
which takes it off before the doctree is stored."""


class listing(nodes.General, nodes.Element):
    """Placeholder for newsletter markup, replaced on ``doctree-resolved``."""

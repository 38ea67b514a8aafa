"""Untrusted but faithful: one safety policy for everything a pull request can bring.

Reports, reader feedback and any other file a pull request adds are hostile until proven otherwise
(``SECURITY.md`` has the threat model). The policy is applied where each kind of output is made:

- ``sources``: which files Sphinx may read at all (no links, no special files, plain names, no
  untrusted pages outside the reports folder), decided before Sphinx looks for documents;
- ``files``: which images and downloads may be copied into the site;
- ``html``: the HTML translator's guard (author HTML sanitised with nh3, one URL allow-list for
  every attribute, no spoofed classes, nothing in the page head, safe math), and inert titles;
- ``urls``: the one URL-scheme allow-list; ``paths`` and ``text``: safe names, reads and plain text
  (no Sphinx: the command line uses them);
- ``structure``: a report's toctree shows in its page, never in the navigation; no raw output for other
  builders, no Jinja-evaluating syntax.

Reports are also parsed with docutils' file insertion and raw directives off, never see per-file
MyST settings, and may not change the site's navigation (its toctree shows in its own page only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_safety(app: Sphinx) -> None:
    """Register the policy (imported here: the command line uses ``paths`` and ``text`` alone)."""
    from sphinx_newsletter.safety.files import setup_files
    from sphinx_newsletter.safety.html import setup_html
    from sphinx_newsletter.safety.sources import setup_sources
    from sphinx_newsletter.safety.structure import setup_structure

    setup_sources(app)
    setup_files(app)
    setup_html(app)
    setup_structure(app)

"""Newsletter data gathered across documents, kept in the environment between builds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sphinx.domains import Domain

from sphinx_newsletter.adapters.config import get_cycles, get_settings
from sphinx_newsletter.adapters.nodes import REPORT_ATTRIBUTE, listing
from sphinx_newsletter.core.catalogue import Catalogue
from sphinx_newsletter.core.report import Report

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from sphinx_newsletter.editorial.notes import Note


class NewsletterDomain(Domain):
    """Reports by docname, and which documents show which listing.

    ``fingerprints`` remembers what each listing showed at the last build, so that an
    incremental build rewrites exactly the pages whose listings changed.
    """

    name = "newsletter"
    label = "Newsletter"
    initial_data = {
        "reports": {},  # docname -> Report
        "listing_docs": {},  # docname -> set of listing keys shown on that page
        "fingerprints": {},  # listing key -> digest of what it showed
        "stale": [],  # listing keys that changed in the current build
        "notes": {},  # cycle name -> the edition's editor's note (core.notes.Note), read every build
    }
    data_version = 2
    _catalogue: Catalogue | None = None

    @property
    def reports(self) -> dict[str, Report]:
        found: dict[str, Report] = self.data["reports"]
        return found

    @property
    def notes(self) -> dict[str, Note]:
        found: dict[str, Note] = self.data["notes"]
        return found

    @property
    def listing_docs(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = self.data["listing_docs"]
        return found

    def note_report(self, report: Report) -> None:
        self.reports[report.docname] = report
        self._catalogue = None

    def note_listing(self, docname: str, key: str) -> None:
        self.listing_docs.setdefault(docname, set()).add(key)

    def catalogue(self) -> Catalogue:
        """Editions and indexes as the reports now stand, built once until a report changes."""
        if self._catalogue is None:
            config = self.env.config
            self._catalogue = Catalogue(self.reports.values(), get_cycles(config), config.newsletter_show_drafts,
                                        get_settings(config).sections)
        return self._catalogue

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Collect what a page holds: the report its parser read (handed over on the doctree, and taken
        off it), and the listings it shows. A report's page shows its pager, which its neighbours change;
        its byline and feedback call depend on the report alone."""
        report = document.attributes.pop(REPORT_ATTRIBUTE, None)
        if isinstance(report, Report):
            self.note_report(report)
            self.note_listing(docname, f"pager:{docname}")
            return
        for placeholder in document.findall(listing):
            self.note_listing(docname, placeholder["key"])

    def forget_documents(self) -> None:
        """Forget every report and listing (a worker of a parallel read, before it reads: see
        ``garbage_collector``)."""
        self.reports.clear()
        self.listing_docs.clear()
        self._catalogue = None

    def clear_doc(self, docname: str) -> None:
        if self.reports.pop(docname, None) is not None:
            self._catalogue = None
        self.listing_docs.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["reports"]:
                self.reports[docname] = otherdata["reports"][docname]
            if docname in otherdata["listing_docs"]:
                self.listing_docs[docname] = otherdata["listing_docs"][docname]
        self._catalogue = None

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                         node: pending_xref, contnode: nodes.Element) -> list[tuple[str, nodes.reference]]:
        return []


def newsletter_domain(env: BuildEnvironment) -> NewsletterDomain:
    """The site's newsletter domain, typed."""
    return cast("NewsletterDomain", env.domains["newsletter"])

"""Editions and the tag, author and event indexes, derived from the reports.

Every listing has a key (``edition:essex``, ``archive``, ``index:tags``, ``tags:nova``)
and a fingerprint of what it shows; a page is rewritten when a fingerprint it shows changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sphinx_newsletter.core.problems import N_
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.core.settings import Cycle, Section
from sphinx_newsletter.core.text import tag_key

TAXONOMIES = {
    "tags": N_("Tags"),
    "authors": N_("Authors"),
    "events": N_("Events"),
}


GENERATED_FOLDERS = ("editions", *TAXONOMIES)
"""The folders of the pages the extension writes for editions and terms (``adapters/pages.py``)."""

SLUG_BYTES = 120
"""A slug is a file name: at most this many bytes of UTF-8 (file systems allow 255)."""
RESERVED_SLUGS = frozenset({"index", "genindex", "search", "py-modindex"})
"""Slugs that name a page of their own; a term with one of them gets ``_`` after it."""


SLUG_LENGTH = 80
"""The longest slug a new report's file name takes (``newsletter new``, ``newsletter import``)."""


def report_slug(text: str) -> str:
    """The slug of a new report's file name: ``slugify`` cut to :data:`SLUG_LENGTH`."""
    return slugify(text)[:SLUG_LENGTH].rstrip("-")


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """A URL- and file-safe slug that keeps non-ASCII letters: 'Zürich Meetup' -> 'zürich-meetup'.

    Slugs never hold ``_``, so the two ways a slug is made safe cannot collide with another slug:
    a reserved name gets ``_`` after it (``index`` -> ``index_``), and a long one is cut and ends in
    ``_`` and a hash of the whole text.
    """
    normal = unicodedata.normalize("NFKC", text).casefold()
    slug = tag_key(normal)
    hashed = hashlib.blake2b(normal.encode(), digest_size=4).hexdigest()
    if not slug:
        return "x" + hashed
    if len(slug.encode()) > SLUG_BYTES:
        cut = slug.encode()[:SLUG_BYTES - 9].decode(errors="ignore").rstrip("-")
        return f"{cut}_{hashed}"
    return f"{slug}_" if slug in RESERVED_SLUGS else slug


def terms_of(report: Report, taxonomy: str) -> tuple[str, ...]:
    if taxonomy == "tags":
        return report.tags
    if taxonomy == "authors":
        return report.authors
    return (report.event,) if report.event else ()


@dataclass
class Term:
    """One tag, author or event and the reports filed under it, newest first."""

    taxonomy: str
    slug: str
    label: str
    reports: list[Report] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.taxonomy}:{self.slug}"

    @property
    def pagename(self) -> str:
        return f"{self.taxonomy}/{self.slug}"

    @property
    def anchor(self) -> str:
        return f"{self.taxonomy}-{self.slug}"


LATEST_COMMENTS = 10
"""How many comments the "Latest feedback" listing shows."""


def edition_pagename(cycle_name: str) -> str:
    """The page of an edition."""
    return f"editions/{cycle_name}"


def edition_of_page(cycles: Iterable[str], pagename: str) -> str | None:
    """The cycle whose edition page ``pagename`` is (``None``: the page is no edition's)."""
    return next((name for name in cycles if edition_pagename(name) == pagename), None)


def editions_around(cycles: dict[str, Cycle], name: str) -> tuple[Cycle | None, Cycle | None]:
    """The editions before and after ``name`` (``cycles`` in their order, oldest first; ``None`` at either
    end): what an edition's page names as its previous and next."""
    names = list(cycles)
    position = names.index(name)
    return (cycles[names[position - 1]] if position > 0 else None,
            cycles[names[position + 1]] if position + 1 < len(names) else None)


def digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def card_data(report: Report) -> tuple[object, ...]:
    """Everything a report's card shows."""
    return (report.docname, report.title, report.authors, report.date, report.event, report.location,
            report.summary, report.tags, report.cycle, report.draft, report.feedback_count, report.corrections)


class Catalogue:
    """What the newsletter lists: published (and, in preview, draft) reports by edition and term."""

    def __init__(self, reports: Iterable[Report], cycles: dict[str, Cycle], show_drafts: bool = False,
                 sections: Sequence[Section] = ()) -> None:
        """``sections``: the settings' sections, which group an edition page and set its reading order."""
        self.cycles = cycles
        self.newest_first: list[Report] = sorted(
            (report for report in reports
             if report.cycle in cycles and not report.blocked and (show_drafts or not report.draft)),
            key=lambda report: report.sort_key,
        )
        self.listed = frozenset(report.docname for report in self.newest_first)
        self.editions: dict[str, list[Report]] = {name: [] for name in cycles}
        for report in self.newest_first:
            if report.cycle is not None:
                self.editions[report.cycle].append(report)
        self.terms = {taxonomy: self._terms(self.newest_first, taxonomy) for taxonomy in TAXONOMIES}
        self.grouped = {name: self.group(reports, sections) for name, reports in self.editions.items()}
        self.reading_order = {name: [report for _, members in groups for report in members]
                              for name, groups in self.grouped.items()}
        self._neighbours = {report.docname: (reports[index - 1] if index else None,
                                             reports[index + 1] if index + 1 < len(reports) else None)
                            for reports in self.reading_order.values() for index, report in enumerate(reports)}

    @staticmethod
    def _terms(listed: list[Report], taxonomy: str) -> dict[str, Term]:
        spellings: dict[str, Counter[str]] = {}
        members: dict[str, list[Report]] = {}
        for report in listed:
            for label in terms_of(report, taxonomy):
                slug = slugify(label)
                spellings.setdefault(slug, Counter())[label] += 1
                members.setdefault(slug, []).append(report)
        terms = {}
        for slug in sorted(members):
            label = min(spellings[slug].items(), key=lambda item: (-item[1], item[0]))[0]
            terms[slug] = Term(taxonomy, slug, label, members[slug])
        return terms

    def latest_comments(self, count: int = LATEST_COMMENTS) -> list[tuple[Report, tuple[str, str, dt.date, str]]]:
        """The newest reader comments on listed reports, newest first, each with its report."""
        found = ((report, comment) for report in self.newest_first for comment in report.comments)
        return heapq.nlargest(count, found, key=lambda pair: (pair[1][2], pair[0].docname, pair[1][0]))

    def neighbours(self, docname: str) -> tuple[Report | None, Report | None]:
        """The reports listed before and after this one on its edition page (``None`` at either end)."""
        return self._neighbours.get(docname, (None, None))

    @staticmethod
    def group(reports: list[Report], sections: Sequence[Section]) -> list[tuple[str | None, list[Report]]]:
        """``reports`` grouped by the first section (``settings.Section``) that holds each, in the
        sections' order; the others follow under ``None``, in the order given."""
        groups: dict[str | None, list[Report]] = {section.title: [] for section in sections}
        for report in reports:
            home = next((section.title for section in sections if section.holds(report.tags, report.event)), None)
            groups.setdefault(home, []).append(report)
        return [(title, members) for title, members in groups.items() if members]

    def term_for(self, taxonomy: str, label: str) -> Term | None:
        return self.terms[taxonomy].get(slugify(label))

    def fingerprints(self) -> dict[str, str]:
        """What every listing shows, as a digest per listing key."""
        cards = {report.docname: digest(card_data(report))
                 for reports in self.editions.values() for report in reports}

        def shown(reports: list[Report]) -> list[str]:
            return [cards[report.docname] for report in reports]

        prints = {f"edition:{name}": digest(shown(reports)) for name, reports in self.editions.items()}
        for reports in self.reading_order.values():
            for index, report in enumerate(reports):
                around = (reports[index - 1] if index else None, reports[index + 1] if index + 1 < len(reports) else None)
                prints[f"pager:{report.docname}"] = digest([(r.docname, r.title) if r else None for r in around])
        prints["latest-feedback"] = digest([(report.docname, report.title, comment)
                                            for report, comment in self.latest_comments()])
        prints["archive"] = digest([(cycle, len(self.editions[cycle.name])) for cycle in self.cycles.values()])
        for name, cycle in self.cycles.items():  # an edition's status and sections show on its page
            groups = [(title, [report.docname for report in members]) for title, members in self.grouped[name]]
            prints[f"edition:{name}"] = digest((prints[f"edition:{name}"], cycle, groups))
        for taxonomy, terms in self.terms.items():
            prints[f"index:{taxonomy}"] = digest([(t.slug, t.label, len(t.reports)) for t in terms.values()])
            for term in terms.values():
                prints[term.key] = digest((term.label, shown(term.reports)))
        return prints

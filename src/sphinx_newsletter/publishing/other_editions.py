"""Links to the reports of other editions, in the build of one edition (``newsletter publish``, and the
edition's offline files).

An edition is built alone, from a copy of the site without the other editions' reports. A report's link
to one of them (a markdown link to its file, with or without an anchor, or a ``{doc}`` role) leads to
that report's page on the site (``html_baseurl``), as in the site's own build; so does an entry of a
toctree (Sphinx's ``toctree`` directive, extended here) that names one. A link or an entry without text of
its own shows the report's title, as the site's build shows it: the titles come with the build's
configuration (``newsletter_site_titles``, which ``newsletter publish`` and the offline build set from the
site's reports), since the reports themselves are not in it. Publishing checks the
edition first with the site's check, which reads the pages a report links to: a link to a report that is
nowhere in the site has refused the edition before this build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.config import Config
from sphinx.directives.other import TocTree
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.nodes import explicit_title_re

from sphinx_newsletter.adapters.config import get_settings
from sphinx_newsletter.core.paths import page_name

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

    from sphinx_newsletter.core.report import Report


def report_titles(reports: Iterable[tuple[str, Report]], cycle_name: str) -> dict[str, str]:
    """The titles of the reports (page name, report) of editions other than ``cycle_name``, drafts left out:
    what a link to one of them without text of its own shows in the build of that edition alone
    (``newsletter_site_titles``)."""
    return {docname: report.title for docname, report in reports
            if report.cycle != cycle_name and report.title and not report.draft}


def linked_page(reference: pending_xref, docname: str, suffixes: tuple[str, ...]) -> tuple[str, str] | None:
    """The page a reference links to and its anchor, when it names a page: MyST's link to a page or to a
    file (``../essex/summit.md#keynote``), or a ``{doc}`` role (from the page's folder, or from the site
    with a leading ``/``)."""
    target, domain = str(reference.get("reftarget") or ""), reference.get("refdomain")
    if reference.get("reftype") == "myst" and domain == "doc":
        return target, str(reference.get("reftargetid") or "")
    if reference.get("reftype") == "myst" and not domain:
        path, _, anchor = target.partition("#")
        name = page_name(path, suffixes)
        return (docname_join(docname, name), anchor) if name else None
    if domain == "std" and reference.get("reftype") == "doc":
        return docname_join(docname, target), ""
    return None


class SitePages:
    """While one edition is built alone: which pages are another edition's reports, and their addresses
    on the site."""

    def __init__(self, config: Config, others: tuple[str, ...], base: str, titles: dict[str, str]) -> None:
        self.others, self.base, self.titles = others, base.rstrip("/"), titles
        self.suffix = ".html" if config.html_file_suffix is None else config.html_file_suffix

    @classmethod
    def of(cls, config: Config) -> SitePages | None:
        """The site's pages, while an edition is built alone on a site with an address; else ``None``."""
        settings = get_settings(config)
        base = str(config.html_baseurl or "")
        if not settings.publishing or not base:
            return None
        return cls(config, tuple(f"{settings.reports_dir}/{name}/" for name in settings.all_cycles
                                 if name != settings.publishing), base, settings.site_titles)

    def address(self, page: str, anchor: str = "") -> str | None:
        """The address of ``page`` on the site, when it is a report of another edition."""
        if not page.startswith(self.others):
            return None
        return f"{self.base}/{page}{self.suffix}" + (f"#{anchor}" if anchor else "")


class OtherEditionLinks(SphinxPostTransform):
    """While one edition is built alone, a link to a report of another edition becomes a link to its page
    on the site."""

    default_priority = 5  # before MyST's resolver (9) and Sphinx's (10) would find the report missing

    def run(self, **kwargs: Any) -> None:
        site = SitePages.of(self.config)
        if site is None:
            return
        suffixes = tuple(self.config.source_suffix)
        for reference in list(self.document.findall(pending_xref)):
            linked = linked_page(reference, self.env.docname, suffixes)
            if linked is None or (uri := site.address(*linked)) is None:
                continue
            link = nodes.reference("", "", internal=False, refuri=uri)
            # a link without text of its own shows the report's title, as the site's build does
            link += reference.children if reference.astext().strip() else [nodes.Text(site.titles.get(linked[0]) or uri)]
            reference.replace_self(link)


class EditionTocTree(TocTree):
    """Sphinx's toctree directive. While one edition is built alone, an entry naming a report of another
    edition becomes the address of its page on the site (with the entry's title, else the report's, else
    the address as its title), as a link to it does; otherwise it is Sphinx's own."""

    def parse_content(self, toctree: addnodes.toctree) -> None:
        site = SitePages.of(self.config)
        if site is not None:
            suffixes = tuple(self.config.source_suffix)
            entries = [self._on_site(str(entry), site, suffixes) for entry in self.content]
            self.content = StringList(entries, items=self.content.items)
        super().parse_content(toctree)

    def _on_site(self, entry: str, site: SitePages, suffixes: tuple[str, ...]) -> str:
        explicit = explicit_title_re.match(entry)
        title, target = (explicit.group(1), explicit.group(2)) if explicit else (None, entry.strip())
        page = docname_join(self.env.docname, target if (name := page_name(target, suffixes)) is None else name)
        address = site.address(page) if target else None
        if address is None:
            return entry
        title = title or site.titles.get(page)
        return f"{title} <{address}>" if title else address


def setup_other_editions(app: Sphinx) -> None:
    app.add_post_transform(OtherEditionLinks)
    app.add_directive("toctree", EditionTocTree, override=True)

"""Links to the reports of other editions, in the build of one edition (``newsletter publish``, and the
edition's offline files).

An edition is built alone, from a copy of the site without the other editions' reports. A report's link
to one of them (a markdown link to its file, with or without an anchor, or a ``{doc}`` role) leads to
that report's page on the site (``html_baseurl``), as in the site's own build. Publishing checks the
edition first with the site's check, which reads the pages a report links to: a link to a report that is
nowhere in the site has refused the edition before this build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join

from sphinx_newsletter.adapters.config import get_settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def linked_page(reference: pending_xref, docname: str, suffixes: tuple[str, ...]) -> tuple[str, str] | None:
    """The page a reference links to and its anchor, when it names a page: MyST's link to a page or to a
    file (``../essex/summit.md#keynote``), or a ``{doc}`` role (from the page's folder, or from the site
    with a leading ``/``)."""
    target, domain = str(reference.get("reftarget") or ""), reference.get("refdomain")
    if reference.get("reftype") == "myst" and domain == "doc":
        return target, str(reference.get("reftargetid") or "")
    if reference.get("reftype") == "myst" and not domain:
        path, _, anchor = target.partition("#")
        suffix = next((suffix for suffix in suffixes if path.endswith(suffix)), None)
        return (docname_join(docname, path[:-len(suffix)]), anchor) if suffix and path[:-len(suffix)] else None
    if domain == "std" and reference.get("reftype") == "doc":
        return docname_join(docname, target), ""
    return None


class OtherEditionLinks(SphinxPostTransform):
    """While one edition is built alone, a link to a report of another edition becomes a link to its page
    on the site."""

    default_priority = 5  # before MyST's resolver (9) and Sphinx's (10) would find the report missing

    def run(self, **kwargs: Any) -> None:
        settings = get_settings(self.config)
        base = str(self.config.html_baseurl or "")
        if not settings.publishing or not base:
            return
        others = tuple(f"{settings.reports_dir}/{name}/" for name in settings.all_cycles if name != settings.publishing)
        suffixes = tuple(self.config.source_suffix)
        page_suffix = ".html" if self.config.html_file_suffix is None else self.config.html_file_suffix
        for reference in list(self.document.findall(pending_xref)):
            linked = linked_page(reference, self.env.docname, suffixes)
            if linked is None:
                continue
            page, anchor = linked
            if not page.startswith(others):
                continue
            uri = f"{base.rstrip('/')}/{page}{page_suffix}" + (f"#{anchor}" if anchor else "")
            link = nodes.reference("", "", internal=False, refuri=uri)
            # a link without text of its own shows the address: the report's title is not in this build
            link += reference.children if reference.astext().strip() else [nodes.Text(uri)]
            reference.replace_self(link)


def setup_other_editions(app: Sphinx) -> None:
    app.add_post_transform(OtherEditionLinks)

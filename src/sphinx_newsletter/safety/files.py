"""One resolver for every file a report asks Sphinx to copy into the site (images and downloads).

A file is copied only when it is a regular file in the report's own folder (or in a folder listed
in ``newsletter_asset_dirs``), reached without symbolic links or dot-folders (``.git/config`` is in
the source folder), with a plain name and a type from ``newsletter_asset_types``. SVG and HTML are
not among the defaults: served from the site's origin, their scripts would run there.
Anything else is left out with a ``newsletter.refused`` warning and the image's alt text (or the
download's text) stands in its place.

Remote images: ``http``/``https`` only; builders that cannot show remote images (EPUB, LaTeX)
would fetch them at build time, from any address the build machine reaches, so for reports they
get a link instead. ``data:`` URIs are refused (Sphinx would write them out as files).

What is remote is what Sphinx takes as remote (an address holding ``://``): anything else Sphinx looks
for as a file, so it goes through the resolver whatever it looks like (``///.git/config`` is the source
folder's ``.git/config`` to Sphinx, ``https:../x.png`` a path, ``//host/x.png`` a missing file).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_newsletter.core.paths import asset_problem, image_types_of, literal_problem
from sphinx_newsletter.core.urls import is_safe_url, url_scheme
from sphinx_newsletter.safety.sources import site_trust
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

REMOTE_IMAGE_SCHEMES = frozenset({"http", "https"})


def sphinx_reads_as_remote(uri: str) -> bool:
    """Whether Sphinx takes ``uri`` as an address rather than a file (its image and download collectors' test)."""
    return "://" in uri


def _address_problem(kinds: str, scheme: str) -> str:
    """Why an address Sphinx would look for as a file (it holds no ``://``) is refused."""
    if scheme == "//" or scheme in REMOTE_IMAGE_SCHEMES:
        return "write the address as https://host/path: Sphinx looks for anything else as a file"
    return f"{kinds} are http or https URLs or files, not {scheme}:"


def _with_line(node: nodes.Element) -> nodes.Element:
    """``node``, or its nearest ancestor with a line when it has none (an image without alt text inside a
    link has line 0)."""
    here: nodes.Element | None = node
    while here is not None and not here.line:
        here = here.parent
    return here if here is not None else node


def _stand_in(node: nodes.Element, replacement: nodes.Node) -> None:
    """Replace an image (or its figure) with ``replacement``, keeping the document's structure valid. A
    linked image keeps its link, around the stand-in (its alt text, else the link's address); a figure
    keeps its caption and legend, after the stand-in."""
    link = node.parent
    if isinstance(link, nodes.reference) and link.get("refuri"):
        node.replace_self(replacement if replacement.astext().strip() else nodes.inline("", link["refuri"]))
        if not isinstance(link.parent, nodes.TextElement):
            holder = link.parent
            holder.replace(link, nodes.paragraph("", "", link.deepcopy()))
        return
    kept: list[nodes.Node] = []
    if isinstance(node.parent, nodes.figure):
        node = node.parent
        for part in node.children:
            if isinstance(part, nodes.caption):
                kept.append(nodes.paragraph("", "", *(child.deepcopy() for child in part.children)))
            elif isinstance(part, nodes.legend):
                kept.extend(child.deepcopy() for child in part.children)
    if isinstance(node.parent, nodes.reference) and len(node.parent) == 1:
        node = node.parent
    if not isinstance(node.parent, nodes.TextElement):
        replacement = nodes.paragraph("", "", replacement)
    node.replace_self([replacement, *kept])


class GuardFiles(SphinxTransform):
    """Refuse images and downloads of untrusted pages that the resolver does not allow."""

    default_priority = 870  # after the other reading transforms, before doctree-read (880) runs the collectors

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        if site_trust(self.config).is_trusted(env.docname):
            return
        srcdir = Path(env.srcdir)
        docdir = PurePosixPath(env.doc2path(env.docname, False).as_posix()).parent
        allowed = tuple(self.config.newsletter_asset_dirs)
        types = tuple(t.lower() for t in self.config.newsletter_asset_types)
        image_types = image_types_of(types)
        assets = list(self.document.findall(lambda node: isinstance(node, (nodes.image,
                                                                            addnodes.download_reference))))
        for node in assets:
            if isinstance(node, nodes.image):
                self.guard_image(node, docdir, srcdir, allowed, image_types)
            elif isinstance(node, addnodes.download_reference):
                self.guard_download(node, docdir, srcdir, allowed, types)

    @staticmethod
    def guard_image(image: nodes.image, docdir: PurePosixPath, srcdir: Path, allowed: tuple[str, ...],
                    types: tuple[str, ...]) -> None:
        uri = image.get("uri", "")
        scheme = url_scheme(uri)
        if sphinx_reads_as_remote(uri) and scheme in (*REMOTE_IMAGE_SCHEMES, None):
            return  # an address the page links (a relative one stays on the site)
        if scheme is not None:
            problem: str | None = _address_problem("images", scheme)
        else:
            problem = asset_problem(uri, docdir, srcdir, allowed, types)
        if problem:
            warn(f"image '{uri[:200]}' is left out: {problem}", NewsletterWarning.REFUSED, location=_with_line(image))
            _stand_in(image, nodes.inline("", image.get("alt", "")))

    @staticmethod
    def guard_download(download: addnodes.download_reference, docdir: PurePosixPath, srcdir: Path,
                       allowed: tuple[str, ...], types: tuple[str, ...]) -> None:
        target = download.get("reftarget", "")
        if sphinx_reads_as_remote(target):
            return  # a link, held to the URL policy where HTML is written
        scheme = url_scheme(target)
        problem = _address_problem("downloads", scheme) if scheme is not None else asset_problem(
            target, docdir, srcdir, allowed, types)
        if problem:
            warn(f"download '{target[:200]}' is left out: {problem}", NewsletterWarning.REFUSED,
                 location=_with_line(download))
            download.replace_self(nodes.literal("", download.astext()))


class LinkRemoteImages(SphinxPostTransform):
    """In untrusted pages, builders that would download remote images get a link to them instead."""

    default_priority = 50  # before Sphinx's ImageDownloader (100) and DataURIExtractor (150)

    def run(self, **kwargs: Any) -> None:
        if site_trust(self.config).is_trusted(self.env.docname):
            return
        if self.app.builder.supported_remote_images:
            return
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if url_scheme(uri) is None:
                continue
            text = image.get("alt") or uri
            linked = isinstance(image.parent, nodes.reference)  # a link in a link is no link: the text stands in
            _stand_in(image, nodes.reference("", text, refuri=uri) if is_safe_url(uri) and not linked
                      else nodes.inline("", text))


class GuardedLiteralInclude(LiteralInclude):
    """``literalinclude`` in a report: the text of a regular text file in the report's own folder (or an
    allowed one), reached without links (``safety.paths.literal_problem``), shown as code; file insertion
    stays off for everything else. Another file (outside, a link, not text) is refused with its reason,
    and so is ``:diff:`` against one. Site pages keep Sphinx's own directive."""

    def run(self) -> list[nodes.Node]:
        env = self.env
        if site_trust(self.config).is_trusted(env.docname):
            return super().run()
        docdir = PurePosixPath(env.doc2path(env.docname, False).as_posix()).parent
        allowed = tuple(self.config.newsletter_asset_dirs)
        for target in (self.arguments[0], self.options.get("diff")):
            problem = literal_problem(target, docdir, Path(env.srcdir), allowed) if target else None
            if problem:
                warn(f"literalinclude '{str(target)[:200]}' is left out: {problem}", NewsletterWarning.REFUSED,
                     location=self.get_location())
                return []
        settings = self.state.document.settings
        before = settings.file_insertion_enabled
        settings.file_insertion_enabled = True  # for this file only: the policy has allowed it
        try:
            return super().run()
        finally:
            settings.file_insertion_enabled = before


def setup_files(app: Sphinx) -> None:
    app.add_transform(GuardFiles)
    app.add_post_transform(LinkRemoteImages)
    app.add_directive("literalinclude", GuardedLiteralInclude, override=True)

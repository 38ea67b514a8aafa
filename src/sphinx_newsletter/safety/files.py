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
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_newsletter.core.settings import ASSET_TYPES
from sphinx_newsletter.safety.paths import is_safe_name
from sphinx_newsletter.safety.sources import site_trust
from sphinx_newsletter.safety.urls import is_safe_url, url_scheme
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
ACTIVE_TYPES = (".svg", ".svgz", ".html", ".htm", ".xhtml", ".xml", ".js", ".mjs")
REMOTE_IMAGE_SCHEMES = frozenset({"http", "https"})


def image_types_of(types: tuple[str, ...]) -> tuple[str, ...]:
    """The attachment types an image may have: the image types, and any type a site added."""
    return tuple(t for t in types if t in IMAGE_TYPES or t not in ASSET_TYPES)


def asset_problem(target: str, docdir: PurePosixPath, srcdir: Path, allowed_dirs: tuple[str, ...],
                  types: tuple[str, ...]) -> str | None:
    """Why the local file ``target`` (as written in a document in folder ``docdir``, relative to the
    source folder) may not be copied into the site, or ``None`` when it may."""
    if "*" in target or "?" in target:
        return "name the file itself, without wildcards"
    joined = PurePosixPath(target.lstrip("/")) if target.startswith("/") else docdir / target
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not parts:
                return "it is outside the source folder"
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    relative = "/".join(parts)
    folders = [str(docdir), *(folder.strip("/") for folder in allowed_dirs)]
    if not any(relative.startswith(folder + "/") for folder in folders if folder):
        where = " or ".join(f"{folder}/" for folder in folders)
        return f"files must sit in {where}: put the file next to the report"
    if not all(is_safe_name(part) for part in parts):
        return "hidden files and names with other signs than letters, digits, '-', '_' and '.' are not copied"
    if relative.lower().endswith(ACTIVE_TYPES):
        return "SVG, HTML and script files run scripts on the site's own address: export it as PNG or PDF"
    if not relative.lower().endswith(types):
        return f"only these types are copied: {', '.join(types)}"
    path = srcdir
    for part in parts:
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return None  # missing: Sphinx says so itself
        if stat.S_ISLNK(mode):
            return "symbolic links are not followed: put the file itself in the repository"
    if not stat.S_ISREG(mode):
        return "it is not a regular file"
    return None


def _stand_in(node: nodes.Element, replacement: nodes.Node) -> None:
    """Replace an image (or its figure) with ``replacement``, keeping the document's structure valid."""
    if isinstance(node.parent, nodes.figure):
        node = node.parent
    if isinstance(node.parent, nodes.reference) and len(node.parent) == 1:
        node = node.parent
    if not isinstance(node.parent, nodes.TextElement):
        replacement = nodes.paragraph("", "", replacement)
    node.replace_self(replacement)


class GuardFiles(SphinxTransform):
    """Refuse images and downloads of untrusted pages that the resolver does not allow."""

    default_priority = 870  # after the other reading transforms, before doctree-read (880) runs the collectors

    def apply(self, **kwargs) -> None:
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
            else:
                self.guard_download(node, docdir, srcdir, allowed, types)

    @staticmethod
    def guard_image(image: nodes.image, docdir, srcdir, allowed, types) -> None:
        uri = image.get("uri", "")
        scheme = url_scheme(uri)
        if scheme is not None:
            if scheme in REMOTE_IMAGE_SCHEMES or scheme == "//":
                return
            problem = f"images are http or https URLs or files, not {scheme}:"
        else:
            problem = asset_problem(uri, docdir, srcdir, allowed, types)
        if problem:
            warn(f"image '{uri[:200]}' is left out: {problem}", NewsletterWarning.REFUSED, location=image)
            _stand_in(image, nodes.inline("", image.get("alt", "")))

    @staticmethod
    def guard_download(download: addnodes.download_reference, docdir, srcdir, allowed, types) -> None:
        target = download.get("reftarget", "")
        if url_scheme(target) is not None:
            return  # a link, held to the URL policy where HTML is written
        problem = asset_problem(target, docdir, srcdir, allowed, types)
        if problem:
            warn(f"download '{target[:200]}' is left out: {problem}", NewsletterWarning.REFUSED, location=download)
            download.replace_self(nodes.literal("", download.astext()))


class LinkRemoteImages(SphinxPostTransform):
    """In untrusted pages, builders that would download remote images get a link to them instead."""

    default_priority = 50  # before Sphinx's ImageDownloader (100) and DataURIExtractor (150)

    def run(self, **kwargs) -> None:
        if site_trust(self.config).is_trusted(self.env.docname):
            return
        if self.app.builder.supported_remote_images:
            return
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if url_scheme(uri) is None:
                continue
            text = image.get("alt") or uri
            _stand_in(image, nodes.reference("", text, refuri=uri) if is_safe_url(uri) else nodes.inline("", text))


def setup_files(app: Sphinx) -> None:
    app.add_transform(GuardFiles)
    app.add_post_transform(LinkRemoteImages)

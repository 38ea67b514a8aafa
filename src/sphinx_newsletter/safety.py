"""Keeping untrusted reports inside the source folder and away from code execution."""

from __future__ import annotations

import os
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from .warnings_ import NewsletterWarning, warn

URI_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)")
CODE_RUNNING_MYST_EXTENSIONS = ("substitution",)


def resolves_inside(path: str, docdir: str, srcdir: str) -> bool:
    """Whether ``path`` (as written in a document in ``docdir``) stays inside ``srcdir``,
    following ``..`` and symbolic links."""
    target = os.path.join(srcdir, path.lstrip("/")) if path.startswith("/") else os.path.join(docdir, path)
    root = os.path.realpath(srcdir)
    resolved = os.path.realpath(target)
    return resolved == root or resolved.startswith(root + os.sep)


def refuse_files_outside_source(document: nodes.document, env) -> None:
    """Drop images and downloads of a report that point outside the source folder."""
    srcdir = str(env.srcdir)
    docdir = os.path.dirname(env.doc2path(env.docname))

    def refused(node: nodes.Element, kind: str, target: str) -> bool:
        if URI_SCHEME.match(target) or resolves_inside(target, docdir, srcdir):
            return False
        warn(f"{kind} '{target}' resolves outside the source folder and is left out; "
             "put the file next to the report", NewsletterWarning.UNSAFE, location=node)
        return True

    for image in list(document.findall(nodes.image)):
        if refused(image, "image", image.get("uri", "")):
            replacement = nodes.inline("", image.get("alt", ""))
            if isinstance(image.parent, nodes.figure):
                image = image.parent
            if not isinstance(image.parent, nodes.TextElement):
                replacement = nodes.paragraph("", "", replacement)
            image.replace_self(replacement)
    for download in list(document.findall(addnodes.download_reference)):
        if refused(download, "download", download.get("reftarget", "")):
            download.replace_self(nodes.literal("", download.astext()))


def refuse_raw_output(document: nodes.document) -> None:
    """Drop raw HTML (and any other raw output) from a report; HTML comments go silently."""
    for raw in list(document.findall(nodes.raw)):
        text = raw.astext().strip()
        if not (text.startswith("<!--") and text.endswith("-->")):
            warn("raw HTML is not allowed in reports and is left out; write it in markdown instead",
                 NewsletterWarning.UNSAFE, location=raw)
        raw.parent.remove(raw)


def disable_code_running_syntax(app: Sphinx, config: Config) -> None:
    """Turn off MyST extensions that evaluate templates (and so can run code)."""
    enabled = config.myst_enable_extensions
    for name in CODE_RUNNING_MYST_EXTENSIONS:
        if name in enabled:
            warn(f"myst_enable_extensions: '{name}' is turned off: it evaluates Jinja templates, "
                 "which lets a report run code", NewsletterWarning.UNSAFE)
            enabled = type(enabled)(item for item in enabled if item != name)
    config.myst_enable_extensions = enabled


def exclude_non_markdown_reports(app: Sphinx, config: Config) -> None:
    """Only MyST reports are read the hardened way: other source files in the reports
    folder are not built at all (the consistency check names each of them)."""
    reports_dir = config.newsletter_reports_dir.strip("/")
    patterns = [f"{reports_dir}/**{suffix}" for suffix in config.source_suffix if suffix != ".md"]
    config.exclude_patterns = [*config.exclude_patterns, *(p for p in patterns if p not in config.exclude_patterns)]


def setup_safety(app: Sphinx) -> None:
    app.connect("config-inited", disable_code_running_syntax)
    app.connect("config-inited", exclude_non_markdown_reports)

"""Which files in the source folder Sphinx may read, decided before Sphinx looks for them.

The source folder is the repository root, so every file a pull request adds is a candidate
source. Sphinx follows symbolic links while it looks (a link loop never ends) and reads any
file with a source suffix, whatever its name or kind. So, when the configuration is read and
before Sphinx discovers documents, the tree is walked without following links and these are
added to ``exclude_patterns``, each with a ``newsletter.refused`` warning that says what to do:

- symbolic links (to files, folders or loops) and anything that is not a regular file or folder
  (a FIFO named ``x.md`` would block the build forever);
- source files whose name is not a plain name (letters, digits, ``-``, ``_``, ``.``): a quote in a
  page name lands inside the theme's JavaScript;
- pages outside the reports folder that the site does not trust. Trusted pages are the root
  document, the stubs this extension generates and the pages listed in
  ``newsletter_site_pages``; anything else (``report/folsom/x.md``, a committed
  ``editions/folsom.md``) would be built with raw output and file insertion on.

Reports (under ``newsletter_reports_dir``) are built, hardened (see the package docstring).
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.matching import Matcher

from sphinx_newsletter.core.catalogue import GENERATED_FOLDERS
from sphinx_newsletter.core.paths import is_generated_page, safe_path, windows_reserved
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from types import SimpleNamespace
    from typing import TypeAlias

    from sphinx.application import Sphinx
    from sphinx.config import Config

    SourceConfig: TypeAlias = Config | SimpleNamespace  # the build's, or the check's read from conf.py

logger = logging.getLogger(__name__)
MAX_REPORT_BYTES = 2 * 1024 * 1024
ALWAYS_SKIPPED = ("_build", ".git", ".venv", "node_modules", "__pycache__")


def escape_pattern(path: str) -> str:
    """``path`` as an exclude pattern that matches it alone (Sphinx patterns are globs)."""
    return re.sub(r"([*?\[\]])", r"[\1]", path)


def generated_pages(config: SourceConfig) -> set[str]:
    """Docnames of the stub pages this extension writes (see ``pages.py``): one per cycle, those a
    cadence opened too (the settings read with the records, when they are there)."""
    from sphinx_newsletter.core.settings import SETTINGS_ATTRIBUTE, parse_cycles

    settings = getattr(config, SETTINGS_ATTRIBUTE, None)
    cycles = settings.all_cycles if settings is not None else parse_cycles(config.newsletter_cycles)
    return {"editions/index", "tags/index", "authors/index", "events/index",
            *(f"editions/{name}" for name in cycles)}


@dataclass
class SiteTrust:
    """Which docnames are the site's own pages (everything else a pull request adds is untrusted)."""

    root_doc: str
    patterns: tuple[str, ...]
    generated: frozenset[str]
    reports_dir: str
    _matcher: Matcher = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._matcher = Matcher(self.patterns)

    @classmethod
    def from_config(cls, config: SourceConfig) -> SiteTrust:
        return cls(config.root_doc, tuple(config.newsletter_site_pages), frozenset(generated_pages(config)),
                   config.newsletter_reports_dir.strip("/"))

    def is_report(self, docname: str) -> bool:
        return docname.startswith(self.reports_dir + "/")

    def is_trusted_file(self, relative: str) -> bool:
        """A source file of the site's own (generated stubs only as the ``.rst`` files the extension writes)."""
        docname, _, suffix = relative.rpartition(".")
        if docname in self.generated:
            return suffix == "rst"
        return self.is_trusted(docname)

    def is_trusted(self, docname: str) -> bool:
        """A page the site's editors wrote (not a report, not anything else a pull request added)."""
        if self.is_report(docname):
            return False
        return docname == self.root_doc or docname in self.generated or self._matcher(docname)


def site_trust(config: SourceConfig) -> SiteTrust:
    trust = getattr(config, "_newsletter_trust", None)
    if trust is None:
        trust = SiteTrust.from_config(config)
        config._newsletter_trust = trust  # not a config value: never pickled or compared
    return trust


@dataclass(frozen=True)
class Refusal:
    path: str  # relative to the source folder, posix
    reason: str


def _source_suffixes(config: SourceConfig) -> tuple[str, ...]:
    return tuple(config.source_suffix) if isinstance(config.source_suffix, dict) else (".rst", ".md")


def data_folders(config: SourceConfig) -> list[str]:
    """The folders of feedback files and editors' notes: data the extension reads, never pages."""
    names = (str(getattr(config, name)).strip("/") for name in ("newsletter_feedback_dir", "newsletter_notes_dir"))
    return [name for name in names if name]


def refused_sources(srcdir: Path, config: SourceConfig,
                    reports_seen: dict[str, tuple[int, int]] | None = None) -> list[Refusal]:
    """Every file or folder under ``srcdir`` Sphinx must not read, with the reason and the fix;
    ``reports_seen`` is given the reports that may be read, with their ``(mtime_ns, size)``."""
    excluded = Matcher([*config.exclude_patterns, *config.templates_path, *data_folders(config)])
    suffixes = _source_suffixes(config)
    trust = SiteTrust.from_config(config)
    reports = trust.reports_dir
    refusals: list[Refusal] = []
    for root, dirs, files in os.walk(srcdir):  # never follows links
        relative_root = os.path.relpath(root, srcdir)
        relative_root = "" if relative_root == "." else Path(relative_root).as_posix() + "/"
        kept = []
        for name in sorted(dirs):
            relative = unicodedata.normalize("NFC", relative_root + name)
            if name in ALWAYS_SKIPPED or excluded(relative):
                continue
            if os.path.islink(os.path.join(root, name)):
                refusals.append(Refusal(relative, "a symbolic link to a folder is not followed: "
                                                  "put the files themselves in the repository"))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            relative = unicodedata.normalize("NFC", relative_root + name)
            if excluded(relative):
                continue
            path = os.path.join(root, name)
            if not name.endswith(suffixes):
                continue
            info = os.lstat(path)
            mode = info.st_mode
            if stat.S_ISLNK(mode):
                refusals.append(Refusal(relative, "a symbolic link is not followed: put the file itself in the "
                                                  "repository"))
            elif not stat.S_ISREG(mode):
                refusals.append(Refusal(relative, "not a regular file (a pipe, socket or device): remove it"))
            elif relative.startswith(reports + "/") and info.st_size > MAX_REPORT_BYTES:
                refusals.append(Refusal(relative, f"over {MAX_REPORT_BYTES // 1024 // 1024} MiB: a report is text; "
                                                  "split it up or shorten it"))
            elif not safe_path(relative):
                refusals.append(Refusal(relative, "the file name may only hold letters, digits, '-', '_' and '.' "
                                                  "(no spaces, quotes or other signs, not starting with '.'): "
                                                  "rename it"))
            elif any(windows_reserved(part) for part in relative.split("/")):
                refusals.append(Refusal(relative, "the name is reserved on Windows (con, prn, aux, nul, com1-9, "
                                                  "lpt1-9), where the repository could not be checked out: rename "
                                                  "it"))
            elif not relative.startswith(reports + "/"):
                if not trust.is_trusted_file(relative) and not _stale_stub(path, relative):
                    refusals.append(Refusal(relative, f"pages outside {reports}/ are the site's own and must be "
                                                      "listed in newsletter_site_pages in conf.py; a report goes "
                                                      f"in {reports}/<cycle>/<slug>.md"))
            elif reports_seen is not None and name.endswith(".md"):
                reports_seen[relative] = (info.st_mtime_ns, info.st_size)
    return refusals


def _stale_stub(path: str, relative: str) -> bool:
    """A page the extension wrote for an edition or a term that is gone (a cycle renamed, a record taken
    back): the extension removes it when the builder starts, before Sphinx looks for pages, so it is
    not refused meanwhile (a strict build would fail once for the extension's own file)."""
    folder, _, name = relative.partition("/")
    return folder in GENERATED_FOLDERS and "/" not in name and name.endswith(".rst") and is_generated_page(path)


def refuse_sources(app: Sphinx, config: Config) -> None:
    """Keep refused files away from Sphinx's document discovery, naming each one; the feedback and
    editors' notes folders hold data the extension reads itself, never pages."""
    config.exclude_patterns = [*config.exclude_patterns, *(name for name in data_folders(config)
                                                           if name not in config.exclude_patterns)]
    reports_seen: dict[str, tuple[int, int]] = {}
    refusals = refused_sources(Path(app.srcdir), config, reports_seen)
    from sphinx_newsletter.core.report import REPORT_LEFT_OUT

    reports = config.newsletter_reports_dir.strip("/") + "/"
    for refusal in refusals:
        consequence = f" ({REPORT_LEFT_OUT})" if refusal.path.startswith(reports) and refusal.path.endswith(".md") else ""
        warn(f"not built: {refusal.reason}{consequence}", NewsletterWarning.REFUSED, location=f"{refusal.path}:1")
    patterns = [escape_pattern(refusal.path) for refusal in refusals]
    if patterns:
        config.exclude_patterns = [*config.exclude_patterns, *patterns]
    if not config.newsletter_show_drafts:
        leave_out_drafts(app, config, reports_seen)


DRAFTS_CACHE = "newsletter-drafts.json"


def draft_reports(srcdir: Path, reports: dict[str, tuple[int, int]], known: dict[str, list[int]]
                  ) -> tuple[list[str], dict[str, list[int]]]:
    """The reports (``{path: (mtime_ns, size)}``, paths relative to ``srcdir``) whose front matter says
    ``draft: true``, and what was learnt of each (``{path: [mtime_ns, size, draft]}``): a report
    unchanged since ``known`` is not read again."""
    from sphinx_newsletter.core.report import is_draft

    drafts, learnt = [], {}
    for relative, (mtime, size) in reports.items():
        seen = known.get(relative)
        if isinstance(seen, list) and len(seen) == 3 and seen[0] == mtime and seen[1] == size:
            draft = bool(seen[2])
        else:
            try:
                with open(os.path.join(srcdir, relative), "rb") as stream:
                    draft = is_draft(stream.read(size).decode("utf-8-sig", errors="replace"))
            except OSError:
                continue
        learnt[relative] = [mtime, size, draft]
        if draft:
            drafts.append(relative)
    return sorted(drafts), learnt


def leave_out_drafts(app: Sphinx, config: Config, reports: dict[str, tuple[int, int]]) -> None:
    """Drafts are built in the preview (``newsletter_show_drafts``, as ``make livehtml`` sets it) and never
    in any other build: not a page, not a source copy, not in the search index, feeds or sitemap.
    ``reports``: the reports the source walk found, with their ``(mtime_ns, size)``."""
    cache = Path(app.doctreedir) / DRAFTS_CACHE
    try:
        known = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    drafts, learnt = draft_reports(Path(app.srcdir), reports, known if isinstance(known, dict) else {})
    if learnt != known:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps(learnt, separators=(",", ":")), encoding="utf-8")
        except OSError:
            pass
    if drafts:
        logger.info("newsletter: %d draft(s) not built (the preview, make livehtml, shows them): %s", len(drafts),
                    ", ".join(drafts))
        config.exclude_patterns = [*config.exclude_patterns, *(escape_pattern(path) for path in drafts)]


def setup_sources(app: Sphinx) -> None:
    app.connect("config-inited", refuse_sources, priority=800)

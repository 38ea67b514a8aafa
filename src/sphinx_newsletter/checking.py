"""``newsletter check``: what the strict build would say of some reports, without a build.

The one check, called by ``newsletter check``, ``newsletter publish`` and ``newsletter import``. A report
is first taken or refused as the build takes or refuses its file (links, pipes, names, place, size,
encoding); then it is read by the site's own Sphinx, through the builder's own reading and translating
steps (``adapters.site_reading``): its front matter, body, feedback and published state are checked by
the code that builds them, so that what ``check --strict`` passes, ``sphinx-build -W`` passes. The
whole-site problems (duplicates, stray files, an edition's rules) are the core's
(``editorial.site.check_site``), for the build and the check alike.

What a report's reading found is kept (``check_cache``), keyed on the report, its feedback file, every
file its reading looked at, the configuration and the code: an unchanged site is checked without
starting Sphinx.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import TYPE_CHECKING

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from sphinx_newsletter.check_cache import (
    CheckCache,
    Entry,
    SourceStates,
    file_states,
    site_check_part,
    site_fingerprint,
    source_states,
)
from sphinx_newsletter.core.frontmatter import read_front_matter
from sphinx_newsletter.core.paths import (
    MAX_PICTURE_BYTES,
    UnsafeFile,
    link_on_the_way,
    read_regular_file,
    write_regular_file,
)
from sphinx_newsletter.core.problems import SUPPRESSED_BY_THE_EXTENSION, NewsletterWarning, Problem
from sphinx_newsletter.core.report import (
    REPORT_LEFT_OUT,
    REPORT_SUFFIX,
    Report,
    skeleton_problems,
    undecodable_problem,
    validate_report,
    without_control_characters,
)
from sphinx_newsletter.core.settings import SETTINGS, SETTINGS_ATTRIBUTE, Cycle, Settings
from sphinx_newsletter.editorial.site import check_site, not_built, stray_report_files
from sphinx_newsletter.feedback.model import FEEDBACK_SUFFIX, feedback_file_source
from sphinx_newsletter.safety.sources import MAX_REPORT_BYTES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SOURCE_DEFAULTS = {"exclude_patterns": [], "templates_path": [], "source_suffix": {".rst": "restructuredtext",
                   ".md": "markdown"}, "root_doc": "index",
                   **{setting.name: setting.default for setting in SETTINGS}}
"""What the source rules need from conf.py, with Sphinx's and the extension's defaults."""


def report_files(folder: Path) -> list[Path]:
    """Every ``.md`` entry under ``folder`` that is not a folder, without following links (a link or a
    pipe is listed, so that it is named rather than read)."""
    found = []
    for root, _dirs, names in os.walk(folder):
        found += [Path(root, name) for name in names if name.endswith(REPORT_SUFFIX)]
    return sorted(found)


class Site:
    """What ``conf.py`` says about cycles and where reports and feedback live."""

    def __init__(self, confdir: Path):
        self.confdir = confdir.resolve()
        conf = self.confdir / "conf.py"
        namespace = eval_config_file(conf, Tags()) if conf.is_file() else {}
        self.settings = Settings.from_values(namespace, self.confdir)  # as the build reads them
        self.config_problems: list[str] = list(self.settings.problems)
        self.cycles: dict[str, Cycle] = self.settings.all_cycles
        self.reports_dir = self.settings.reports_dir
        self.feedback_dir = self.settings.feedback_dir
        self.published_dir = self.settings.published_dir
        self.reports_root = self.confdir / self.reports_dir
        self.namespace = namespace
        self._refusals: dict[str, str] | None = None
        self._linked: dict[str, bool] = {}
        self.cache: CheckCache | None = None  # set by `check` (unless --no-cache): findings kept
        self.watch: Callable[[Sphinx], None] | None = None  # given each Sphinx a command starts (progress bars)

    @property
    def refusals(self) -> dict[str, str]:
        """Files the build refuses to read (links, pipes, unsafe names, untrusted pages), by shown path."""
        if self._refusals is None:
            from sphinx_newsletter.safety.sources import refused_sources

            settings = SimpleNamespace(**{**SOURCE_DEFAULTS, **{key: value for key, value in self.namespace.items()
                                                                if key in SOURCE_DEFAULTS},
                                          SETTINGS_ATTRIBUTE: self.settings})
            self._refusals = {refusal.path: refusal.reason for refusal in refused_sources(self.confdir, settings)}
        return self._refusals

    def linked(self, folder: str) -> bool:
        """Whether a symbolic link lies between the site's folder and ``folder`` (looked at once a check)."""
        if folder not in self._linked:
            self._linked[folder] = link_on_the_way(folder, self.confdir)
        return self._linked[folder]

    @property
    def reports_path(self) -> Path:
        return self.confdir / self.reports_dir

    @property
    def feedback_path(self) -> Path:
        return self.confdir / self.feedback_dir

    @property
    def published_path(self) -> Path:
        return self.confdir / self.published_dir

    @property
    def feedback_root(self) -> str:
        """The feedback folder's absolute path, as text."""
        return os.path.normpath(os.path.join(self.confdir, self.feedback_dir))

    def shown(self, path: Path | str) -> str:
        """A path as warnings show it: relative to the site when inside it (links are not followed)."""
        return inside(os.path.abspath(path), str(self.confdir)) or str(path)

    @property
    def suppress_warnings(self) -> tuple[str, ...]:
        """The warnings the site's build does not tell: its ``suppress_warnings``, and the extension's own."""
        named = self.namespace.get("suppress_warnings")
        names = [name for name in named if isinstance(name, str)] if isinstance(named, (list, tuple, set)) else []
        return (*names, *SUPPRESSED_BY_THE_EXTENSION)

    def told(self, problems: Iterable[tuple[str, Problem]]) -> list[tuple[str, Problem]]:
        """``problems`` less those the site's build does not tell (``suppress_warnings``): the check passes
        what the strict build passes."""
        suppressed = self.suppress_warnings
        return [(path, problem) for path, problem in problems if not problem.suppressed_by(suppressed)]


@dataclass
class Findings:
    """Problems by shown path, and the reports read (for duplicates)."""

    problems: list[tuple[str, Problem]] = field(default_factory=list)
    reports: dict[str, tuple[str, Report]] = field(default_factory=dict)
    cached: dict[str, Entry] = field(default_factory=dict)  # new cache entries, by shown path

    def add(self, path: str, problems: Iterable[Problem]) -> None:
        self.problems += [(problem.source or path, problem) for problem in problems]


def inside(absolute: str, folder: str) -> str | None:
    """``absolute`` relative to ``folder`` with ``/`` between its parts ("." for the folder itself), or
    ``None`` when it is not inside (both absolute and normalised, as ``os.path.abspath`` gives them)."""
    if absolute == folder:
        return "."
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return absolute[len(prefix):].replace(os.sep, "/") if absolute.startswith(prefix) else None


@dataclass
class Taken:
    """A report the build would read: where it is, and what its cache entry is keyed on."""

    path: Path
    shown: str
    docname: str
    key: str | None
    states: SourceStates | None = None  # of the report and its feedback file, before they were read


def without_suffix(relative: str) -> str:
    """A relative POSIX path without its last name's suffix, as ``PurePosixPath.with_suffix("")`` has it
    (``a.b/c.md`` -> ``a.b/c``; ``.md`` and ``c.`` keep theirs): strings, for a thousand reports a check."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return relative[:len(relative) - len(name) + dot] if 0 < dot < len(name) - 1 else relative


def take_report(site: Site, path: Path, findings: Findings) -> Taken | None:
    """The report at ``path`` if the build would read it and the cache holds nothing for it; else its
    refusal, or what the cache kept, is added to ``findings``."""
    absolute = os.path.abspath(path)
    shown = site.shown(path)
    if shown in site.refusals:
        findings.add(shown, [Problem(1, NewsletterWarning.REFUSED, f"not built: {site.refusals[shown]}",
                                     REPORT_LEFT_OUT)])
        return None
    within = inside(absolute, str(site.reports_root))
    if within is None or within == ".":
        findings.add(shown, [Problem(1, NewsletterWarning.MISPLACED, f"not under {site.reports_dir}/: reports go "
                                                                     f"in {site.reports_dir}/<cycle>/<slug>.md",
                                     REPORT_LEFT_OUT)])
        return None
    stem = without_suffix(within)
    docname = f"{site.reports_dir}/{stem}"
    feedback_text = os.path.join(site.feedback_root, stem + FEEDBACK_SUFFIX)
    states = None
    if site.cache is not None:  # taken before the files are read: a change while they are is seen next time
        states = source_states([absolute, feedback_text])
        entry = site.cache.unchanged(shown, states)  # the files are as they were read: regular, not links
        if entry is not None and not site.linked(os.path.dirname(absolute)) and not (
                states[1] is not None and site.linked(os.path.dirname(feedback_text))):
            findings.reports[docname] = (shown, entry.report)
            findings.problems += entry.problems
            return None
    try:
        data = read_regular_file(Path(absolute), site.confdir, MAX_REPORT_BYTES)
        data.decode("utf-8-sig")
    except UnsafeFile as refusal:
        findings.add(shown, [Problem(1, NewsletterWarning.REFUSED, f"not built: {refusal}", REPORT_LEFT_OUT)])
        return None
    except OSError as error:
        findings.add(shown, [Problem(1, NewsletterWarning.REFUSED, f"cannot be read: {error.strerror}",
                                     REPORT_LEFT_OUT)])
        return None
    except UnicodeDecodeError as error:
        findings.add(shown, [undecodable_problem(error)])
        return None
    key = None
    if site.cache is not None and states is not None:
        feedback_file = Path(feedback_text)
        feedback = feedback_file_source(feedback_file, site.confdir, site.shown(feedback_file))
        feedback_data = feedback[1] if feedback else None
        if not isinstance(feedback_data, UnsafeFile):
            key = site.cache.key(shown, data, feedback_data)
            entry = site.cache.get(shown, key)
            if entry is not None:
                if entry.sources != (trusted := site.cache.trusted(states)):
                    site.cache.put(shown, replace(entry, sources=trusted))  # known by its state next time
                findings.reports[docname] = (shown, entry.report)
                findings.problems += entry.problems
                return None
    return Taken(path, shown, docname, key, states)


def read_report(site: Site, text: str, docname: str, relative: PurePosixPath) -> Report:
    """A report's front matter, validated as the build validates it (for the whole-site checks of the
    reports a check does not read)."""
    text, control = without_control_characters(text)
    report = validate_report(docname, relative, read_front_matter(text), site.cycles, site.reports_dir)
    report.problems[:0] = control
    report.problems += skeleton_problems(text)
    return report


PARALLEL_FROM = 30  # reports; below this, reading in worker processes saves nothing (measured: 30 reports, 1.05 s either way)


def read_reports(site: Site, taken: list[Taken], findings: Findings) -> None:
    """Read ``taken`` through the site's Sphinx (on every core for many) and add what it found."""
    from sphinx_newsletter.adapters.garbage_collector import loading  # Sphinx is started only when needed

    processes = (os.cpu_count() or 1) if len(taken) >= PARALLEL_FROM else 1
    with loading():  # its modules load with the collector paused, as the reader starts Sphinx
        from sphinx_newsletter.adapters.site_reading import SiteReader
    # a check without its cache keeps no compiled template either
    with SiteReader(site.confdir, processes, keep_compiled=site.cache is not None) as reader:
        if site.watch is not None:
            site.watch(reader.app)
        read = reader.read([report.docname for report in taken])
    by_file: dict[str, list[Problem]] = {}
    for path, problem in read.problems:
        by_file.setdefault(path, []).append(problem)
    told: set[str] = set()
    checked = {os.path.abspath(report.path) for report in taken}
    for report in taken:  # a report's problems, and those of its parts; a page it links to that is checked too
        source = os.path.abspath(report.path)  # tells its own
        own = {source, *read.files.get(report.docname, ())} - (checked - {source})
        told |= own
        problems = [(site.shown(path), problem) for path in sorted(own) for problem in by_file.get(path, ())]
        findings.problems += problems
        parsed = read.reports.get(report.docname)
        if parsed is None:
            continue
        findings.reports[report.docname] = (report.shown, parsed)
        if report.key is not None:
            findings.cached[report.shown] = Entry(
                report.key, site_check_part(parsed), problems, file_states(read.files.get(report.docname, ())),
                site.cache.trusted(report.states) if site.cache is not None and report.states is not None else None)
    findings.problems += [(site.shown(path) if path else "", problem) for path, problems in by_file.items()
                          if path not in told for problem in problems]


def check_reports(site: Site, paths: list[Path]) -> Findings:
    """Check the reports at ``paths``: each taken or refused as the build would, then read."""
    findings = Findings()
    taken = [report for path in paths if (report := take_report(site, path, findings)) is not None]
    if taken:
        read_reports(site, taken, findings)
    return findings


def targets(site: Site, paths: list[Path]) -> tuple[list[Path], list[Path], bool]:
    """Reports to check, stray text files, and whether to look for stray feedback files."""
    if not paths:
        return report_files(site.reports_path), stray_report_files(site.reports_path), True
    reports, strays, feedback_strays = [], [], False
    for path in paths:
        if path.is_dir():
            reports += report_files(path)
            strays += stray_report_files(path)
            folder, feedback = path.resolve(), site.feedback_path.resolve()
            feedback_strays |= folder == feedback or feedback in folder.parents or folder in feedback.parents
        elif _inside(path, site.feedback_path):
            relative = path.resolve().relative_to(site.feedback_path.resolve())
            report = site.reports_path / relative.with_suffix(REPORT_SUFFIX)
            if report.is_file():
                reports.append(report)
            feedback_strays = True
        elif not_built(path):
            strays.append(path)
        else:
            reports.append(path)
    return sorted(set(reports)), strays, feedback_strays


def _inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def github_data(text: str) -> str:
    """Text of a GitHub workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A value of a GitHub workflow command's property (``file=``, ``title=``): ``:`` and ``,`` too."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_problem(site: Site, path: str, problem: Problem, style: str) -> str:
    """A problem as ``path:line: severity: message [type.subtype]`` (as Sphinx names the warning's type:
    ``[type]`` without a subtype, nothing without a type), or as a GitHub workflow command."""
    severity = "error" if problem.is_error else "warning"
    subtype = problem.kind
    if style == "github":
        title = f",title={github_property(subtype)}" if subtype else ""
        return (f"::{severity} file={github_property(path)},line={problem.line}{title}"
                f"::{github_data(problem.text)}")
    line = f"{path}:{problem.line}: {severity}: {problem.text}" + (f" [{subtype}]" if subtype else "")
    if problem.column is not None:
        source = site.confdir / path
        lines = source.read_text(encoding="utf-8", errors="replace").split("\n") if source.is_file() else []
        if 0 < problem.line <= len(lines) and lines[problem.line - 1].strip():
            line += f"\n    {lines[problem.line - 1]}\n    {' ' * problem.column}^"
    return line


def find_problems(site: Site, reports: list[Path], in_scope: Callable[[str, set[str]], bool]) -> Findings:
    """The one check: ``reports`` (front matter, body, feedback, published state), and the whole-site
    problems (``check_site``) for which ``in_scope(path, checked paths)`` holds. ``newsletter check``
    and ``newsletter publish`` call it; the build calls the same functions from its adapters."""
    _ = site.refusals  # walked once here, before workers fork, not once in each
    findings = check_reports(site, reports)
    checked = {shown for shown, _ in findings.reports.values()}
    for path in site.reports_path.glob(f"*/*{REPORT_SUFFIX}"):  # duplicates may sit in unchecked files
        shown = site.shown(path)
        if shown in checked or shown in site.refusals or not path.is_file() or path.is_symlink():
            continue
        relative = PurePosixPath(path.relative_to(site.reports_path).as_posix())
        docname = f"{site.reports_dir}/{relative.with_suffix('').as_posix()}"
        try:
            text = read_regular_file(path, site.confdir, MAX_REPORT_BYTES).decode("utf-8-sig")
        except (OSError, UnsafeFile, UnicodeDecodeError):
            continue  # the build leaves it out, and a check of it says why
        findings.reports[docname] = (shown, read_report(site, text, docname, relative))
    findings.problems += [(path, problem) for path, problem in check_site(
        site.confdir, site.settings, findings.reports,
        lambda docname: (site.confdir / f"{docname}{REPORT_SUFFIX}").is_file()) if in_scope(path, checked)]
    findings.problems = site.told(findings.problems)
    return findings



@dataclass
class Checked:
    """What a check found: problems by shown path (sorted), and how many reports it checked."""

    problems: list[tuple[str, Problem]]
    reports: int

    @property
    def errors(self) -> int:
        return sum(problem.is_error for _, problem in self.problems)


def check_paths(site: Site, paths: list[Path], use_cache: bool = True) -> Checked:
    """Check the reports at ``paths`` (files or folders; every report of the site when none), the
    whole-site problems of those files, and with no ``paths`` every file the build refuses."""
    if use_cache:
        site.cache = CheckCache(site.confdir, site_fingerprint(site.confdir, site.published_path,
                                                               site.namespace.get("extensions")))
    reports, strays, feedback_strays = targets(site, paths)
    shown_strays = {site.shown(path) for path in strays}
    feedback_folder = site.feedback_dir + "/"

    def in_scope(path: str, checked: set[str]) -> bool:
        """Whole-site problems shown by a check of some paths: those of the files it checks."""
        return (not paths or path in checked or path in shown_strays
                or (feedback_strays and path.startswith(feedback_folder)))

    findings = find_problems(site, reports, in_scope)
    if site.cache is not None:
        for shown, entry in findings.cached.items():
            site.cache.put(shown, entry)
        listed = None if paths else {site.shown(path) for path in reports}  # every report of the site
        site.cache.save(lambda shown: shown in listed if listed is not None else (site.confdir / shown).is_file())
    if not paths:
        named = {path for path, _ in findings.problems}
        findings.problems += site.told((path, Problem(1, NewsletterWarning.REFUSED, f"not built: {reason}"))
                                       for path, reason in site.refusals.items() if path not in named)
    return Checked(sorted(findings.problems, key=lambda item: (item[0], item[1].line)), len(reports))


SCRATCH_IGNORED = ("_build", "__pycache__", "node_modules", ".*")
"""What the import's scratch copy of the site leaves out: build output, caches, and hidden folders
(``.git``, ``.venv``)."""


def copy_site(site: Site, target: Path, names: tuple[str, ...], leave_out: frozenset[str] = frozenset()) -> None:
    """Copy the site into ``target`` for a build or a reading of it, leaving out the entries matching
    ``names`` (glob patterns), the shown paths in ``leave_out``, virtual environments, and anything that
    is not a file, a folder or a link (a pipe would block the copy); links are copied as links, for the
    build to refuse."""
    import fnmatch
    import shutil

    def ignored(folder: str, entries: list[str]) -> list[str]:
        out = []
        for name in entries:
            path = Path(folder, name)
            link = path.is_symlink()
            if (any(fnmatch.fnmatch(name, pattern) for pattern in names) or site.shown(path) in leave_out
                    or (not link and (path / "pyvenv.cfg").exists()) or not (link or path.is_file() or path.is_dir())):
                out.append(name)
        return out

    shutil.copytree(site.confdir, target, symlinks=True, ignore=ignored)


def text_problems(site: Site, texts: dict[str, str], files: Mapping[str, Path | bytes] | None = None
                  ) -> dict[str, list[Problem]]:
    """The problems the build would find in new reports with these texts (by shown path, each
    ``reports/<cycle>/<slug>.md``), read by the site's Sphinx in a scratch copy of the site with the
    texts written in, and the ``files`` they come with (their pictures, by shown path: the bytes, or a
    regular file to copy, read one at a time):
    ``newsletter import`` says what needs attention before it writes anything."""
    import tempfile

    found: dict[str, list[Problem]] = {}
    with tempfile.TemporaryDirectory(prefix="newsletter-import-") as scratch:
        copy = Path(scratch) / "site"
        copy_site(site, copy, SCRATCH_IGNORED)
        paths = []
        for shown, text in texts.items():
            path = copy / shown
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        for shown, data in (files or {}).items():
            try:
                write_regular_file(copy / shown, copy, data if isinstance(data, bytes) else read_regular_file(
                    data, data.parent, MAX_PICTURE_BYTES))
            except (OSError, UnsafeFile):
                continue  # not there for the check: the build will say it is missing, as it will be
        scratch_site = Site(copy)
        scratch_site.watch = site.watch
        for shown, problem in scratch_site.told(check_reports(scratch_site, paths).problems):  # as the build tells
            found.setdefault(shown, []).append(problem)
    return found

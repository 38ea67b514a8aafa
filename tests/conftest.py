"""Tests build small real Sphinx projects from ``tests/roots/test-<name>``."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2.bccache import Bucket, BytecodeCache
from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace

pytest_plugins = ["sphinx.testing.fixtures"]

os.environ["NO_COLOR"] = "1"  # Sphinx run as a subprocess colours its messages when CI sets FORCE_COLOR or TERM
os.environ.pop("FORCE_COLOR", None)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
NEWSLETTER = str(Path(sys.executable).parent / "newsletter")  # the console script installed beside pytest
SAMPLE_SITE = ("conf.py", "index.rst", "reports", "published", "feedback", "notes", "_templates", "_static", ".github")
"""What makes the repository's sample site (its configuration, content, records and feedback form)."""


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory for the builds of one test process: every build
    starts a new template environment, and compiling the theme's templates again was 15 % of a small
    site's build. Jinja checks each template's source against what it compiled (a changed template
    is compiled again), so the pages written are the same."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def _share_compiled_templates() -> None:
    """Every template environment a build makes (Sphinx's, and the extension's own for its listings,
    one for each site folder) takes its compiled templates from this process's cache."""
    import jinja2

    compiled = _CompiledTemplates()
    init = jinja2.Environment.__init__

    def init_with_cache(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if self.bytecode_cache is None:
            self.bytecode_cache = compiled

    jinja2.Environment.__init__ = init_with_cache


_share_compiled_templates()


def _skip_debug_records() -> None:
    """Sphinx sets its logger to DEBUG and leaves the verbosity to its handlers, so that each debug message
    (one an event emitted, a node or setting registered: about 800 a start) is made into a record and then
    dropped: 4 % of a small site's build. For the tests' builds, the logger takes the level its handlers
    show (what the build prints is the same; a verbose build still gets its debug messages)."""
    import logging

    from sphinx.util import logging as sphinx_logging

    setup = sphinx_logging.setup

    def setup_at_shown_level(app, status, warning, *, verbosity: int = 0) -> None:
        setup(app, status, warning, verbosity=verbosity)
        logging.getLogger(sphinx_logging.NAMESPACE).setLevel(sphinx_logging.VERBOSITY_MAP[max(verbosity, 0)])

    sphinx_logging.setup = setup_at_shown_level


_skip_debug_records()


def _in_process(command: list[str], main, args: list[str], cwd) -> subprocess.CompletedProcess:
    """``main(args)`` run in ``cwd`` in this process, as a fresh process would run it (the current folder,
    its own output streams, docutils' registries and Sphinx's message catalogues as they were), so that
    its imports are paid once per test process, not once per call. ``NEWSLETTER_TESTS_IN_SUBPROCESS=1``
    runs ``command`` in a process of its own instead."""
    if os.environ.get("NEWSLETTER_TESTS_IN_SUBPROCESS"):
        return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True)
    from sphinx import locale
    from sphinx.util.docutils import docutils_namespace

    stdout, stderr = io.StringIO(), io.StringIO()
    here = os.getcwd()
    translators = dict(locale.translators)
    try:
        os.chdir(cwd)
        with docutils_namespace(), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(args)
            except SystemExit as exit:  # argparse: a usage error
                code = exit.code if isinstance(exit.code, int) else 1
    finally:
        os.chdir(here)
        locale.translators.clear()
        locale.translators.update(translators)
    return subprocess.CompletedProcess([*command, *args], code or 0, stdout.getvalue(), stderr.getvalue())


def run(*args, cwd) -> subprocess.CompletedProcess:
    """The ``newsletter`` command, run in ``cwd`` (in this process: see ``_in_process``)."""
    from sphinx_newsletter import cli

    return _in_process([NEWSLETTER], cli.main, [str(arg) for arg in args], cwd)


def sphinx_build(srcdir: Path, *options: str, builder: str = "html", out: str | Path = "_build/html",
                 quiet: bool = True) -> subprocess.CompletedProcess:
    """``sphinx-build -b builder options . out`` in ``srcdir`` (in this process: see ``_in_process``)."""
    from sphinx.cmd.build import build_main

    args = [*(["-q"] if quiet else []), "-b", builder, *map(str, options), ".", str(out)]
    return _in_process([sys.executable, "-m", "sphinx"], build_main, args, srcdir)


OPEN_IN_TESTS = ("folsom",)
"""Editions the tests take to be in progress in the sample site: an editor who publishes one in the
repository (and commits its record) changes the site, not what the tests try."""


def copy_sample_site(srcdir: Path, root: Path | None = None, offline: bool = False) -> Path:
    """A private copy of the sample site (the repository's, or the one at ``root``) in ``srcdir``, with the
    editions of :data:`OPEN_IN_TESTS` in progress whatever the repository recorded (and without the reports
    of the cycles that opened after them), and without offline
    editions unless ``offline`` (each published edition's EPUB and PDF is a build of its own, tried by
    the tests that ask for them)."""
    root = root or Path(os.environ.get("NEWSLETTER_SAMPLE_SITE") or REPO)
    srcdir.mkdir(parents=True)
    for name in SAMPLE_SITE:
        source = root / name
        if os.path.lexists(source):
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, srcdir / name)
    for name in OPEN_IN_TESTS:
        (srcdir / "published" / f"{name}.json").unlink(missing_ok=True)
    from sphinx_newsletter.checking import Site

    cycles = Site(srcdir).cycles  # with those in progress, the cycles that opened after them are not there yet
    for folder in ("reports", "feedback"):
        for later in (srcdir / folder).iterdir() if (srcdir / folder).is_dir() else ():
            if later.is_dir() and later.name not in cycles:
                shutil.rmtree(later)
    conf = srcdir / "conf.py"
    if not offline and "\nnewsletter_offline = False\n" not in conf.read_text("utf-8"):  # once, copy of a copy too
        with conf.open("a", encoding="utf-8") as file:
            file.write("\nnewsletter_offline = False\n")
    return srcdir


@pytest.fixture(scope="session", autouse=True)
def check_cache_folder(tmp_path_factory):
    """`newsletter check` keeps its cache in the user's cache folder: for the tests, in one of their own
    (each site a file of its own there), never in the home folder of the machine that runs them."""
    folder = tmp_path_factory.mktemp("check-cache")
    previous = os.environ.get("NEWSLETTER_CACHE_DIR")
    os.environ["NEWSLETTER_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("NEWSLETTER_CACHE_DIR", None)
    else:
        os.environ["NEWSLETTER_CACHE_DIR"] = previous


@pytest.fixture
def in_process():
    """For a test that runs the newsletter command in its own process: what the Sphinx it may start
    registers with docutils is undone afterwards, as ``sphinx-build`` does, so later builds in this
    worker start clean."""
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        yield


@pytest.fixture
def sample_site(tmp_path) -> Path:
    return copy_sample_site(tmp_path / "site")


@pytest.fixture(scope="session")
def built_sample_site(tmp_path_factory) -> Path:
    """A copy of the sample site built once per test process, strictly, for the tests that only read it."""
    srcdir = copy_sample_site(tmp_path_factory.mktemp("built") / "site")
    result = sphinx_build(srcdir, "-W")
    assert result.returncode == 0, result.stderr
    return srcdir


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def project(tmp_path):
    """A private, writable copy of a test root: ``project("basic")`` -> its source folder."""

    def copy(name: str, folder: str | None = None) -> Path:
        srcdir = tmp_path / (folder or name)
        shutil.copytree(ROOTS / f"test-{name}", srcdir)
        return srcdir

    return copy


def _build_app(app: Sphinx) -> tuple[Sphinx, set[str]]:
    """Build with ``app``: the app plus the set of pages written by that build (less the general index and
    search pages, which Sphinx writes on every build)."""
    written: set[str] = set()
    app.connect("html-page-context", lambda app, pagename, *args: written.add(pagename))
    app.build()
    return app, written - {"genindex", "search"}


@pytest.fixture
def build(make_app):
    """Build ``srcdir`` and return the app plus the set of pages written by that build
    (less the general index and search pages, which Sphinx writes on every build)."""

    def run(srcdir: Path, buildername: str = "html", **kwargs):
        return _build_app(make_app(buildername, srcdir=srcdir, **kwargs))

    return run


def copy_root(tmp_path_factory, name: str, folder: str | None = None) -> Path:
    """A private copy of the test root ``name``, in a new folder of the test run, named ``folder`` (or ``name``)."""
    srcdir = tmp_path_factory.mktemp(folder or name) / (folder or name)
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    return srcdir


@pytest.fixture(scope="module")
def project_once(tmp_path_factory):
    """``project``, for a fixture of a whole module: a private copy of a test root, made once."""
    return functools.partial(copy_root, tmp_path_factory)


@pytest.fixture(scope="session")
def pristine(tmp_path_factory):
    """A test root built as it is, once per test process, for the tests of any module that only read what
    the build wrote: ``pristine("basic")`` -> the application (see ``build_once``)."""
    built: dict[str, Sphinx] = {}

    def get(name: str) -> Sphinx:
        if name not in built:
            built[name], _ = build_once(copy_root(tmp_path_factory, name))
        return built[name]

    return get


def build_once(srcdir: Path, buildername: str = "html", **kwargs) -> tuple[Sphinx, set[str]]:
    """``build``, for a fixture of a whole module whose tests only read what the build wrote (its pages, its
    warnings, its environment): the global state a Sphinx application sets (docutils' registries, message
    catalogues, ``sys.path``) is put back as soon as the build ends, so that the module's other builds start
    clean, and the application stays readable."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(buildername, srcdir=srcdir, status=io.StringIO(), warning=io.StringIO(), **kwargs)
    try:
        return _build_app(app)
    finally:
        app.cleanup()


def html(app, pagename: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{pagename}.html").read_text(encoding="utf-8"), "html.parser")


def write_sources(srcdir: Path, sources: dict[str, str] | dict[str, str | bytes]) -> Path:
    """Write each file (text as UTF-8, bytes as they are) under ``srcdir``, making its folders."""
    for name, data in sources.items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            (srcdir / name).write_bytes(data)
        else:
            (srcdir / name).write_text(data, encoding="utf-8")
    return srcdir


def warnings_during(app: Sphinx, call) -> list[str]:
    """The warnings ``call()`` logs on ``app``, as lines without colours."""
    told = io.StringIO()
    sphinx_logging.setup(app, io.StringIO(), told)
    call()
    return strip_colors(told.getvalue()).splitlines()


def build_here(srcdir: Path, folder: Path, builder: str = "html", *, fresh: bool = True,
               parallel: int = 1) -> tuple[Sphinx, list[str]]:
    """The site built by ``builder`` into ``folder/<builder>``, in this process (``make mutation`` runs, for a
    mutant, the tests that ran its code): the application and its warnings, the source folder made relative."""
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(srcdir, srcdir, folder / builder, folder / "doctrees", builder, status=io.StringIO(),
                     warning=warnings, freshenv=fresh, parallel=parallel)
        app.build()
    text = strip_colors(warnings.getvalue()).replace(str(srcdir) + "/", "")
    return app, text.splitlines()


def warnings_of(app) -> list[str]:
    """Warning lines with the source folder made relative, e.g. ``reports/x/y.md:3: WARNING: ...``."""
    text = strip_colors(app.warning.getvalue()).replace(str(app.srcdir) + "/", "")
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


SMTP_VARIABLES = ("NEWSLETTER_SMTP_HOST", "NEWSLETTER_SMTP_PORT", "NEWSLETTER_SMTP_USER", "NEWSLETTER_SMTP_PASSWORD",
                  "NEWSLETTER_SMTP_SECURITY")


class Mailbox:
    """What a test SMTP server received: each message's envelope sender, recipients and bytes."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"

    def message(self, index: int = -1):
        from email import policy
        from email.parser import BytesParser

        return BytesParser(policy=policy.default).parsebytes(self.received[index][2])


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server(monkeypatch):
    """A real SMTP server (aiosmtpd) on localhost, named in the environment as a relay on this machine;
    yields its mailbox."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in {"HOST": "127.0.0.1", "PORT": str(controller.port), "SECURITY": "none"}.items():
        monkeypatch.setenv(f"NEWSLETTER_SMTP_{name}", value)
    yield mailbox
    controller.stop()


COMMONMARK_PARTS = 4
"""The CommonMark examples are built as this many sites (``test_commonmark``), each with its tests one unit of
work: one site of them all was one fixture of 11 s, the longest wait of the suite."""


def commonmark_part(case: str) -> int:
    """Which of the CommonMark sites builds an example (``0001`` … ``0652``; the MyST page is in the first)."""
    return int(case) * COMMONMARK_PARTS // 653 if case.isdigit() else 0


def work_unit(nodeid: str) -> str:
    """What runs in one worker: a test file (its shared builds made once), but the CommonMark examples in
    parts, each of which builds its own site."""
    path, _, test = nodeid.partition("::")
    _name, _, case = test.partition("[")
    if path == "tests/test_commonmark.py" and case:
        return f"{path}::{commonmark_part(case.rstrip(']'))}"
    return path


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` (as ``make test`` runs), with the units of :func:`work_unit`."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FilesAndParts(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return FilesAndParts(config, log)

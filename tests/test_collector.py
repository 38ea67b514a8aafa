"""The garbage collector is paused while the environment loads, the loaded data frozen during the
build, and everything handed back when the build ends (sphinx_newsletter.adapters.garbage_collector)."""

from __future__ import annotations

import gc
import os
import weakref

import pytest

from sphinx_newsletter.adapters.garbage_collector import FULL_COLLECTION_AFTER


def test_environment_is_frozen_during_the_build_and_released_after(project, build, make_app):
    srcdir = project("basic")
    build(srcdir)  # a pickled environment for the next build to load
    seen = {}

    def note(moment: str):
        def handler(*args) -> None:
            seen.setdefault(moment, (gc.get_freeze_count(), gc.isenabled(), gc.get_threshold()))
        return handler

    thresholds = gc.get_threshold()
    app = make_app("html", srcdir=srcdir)
    app.connect("env-before-read-docs", note("read"))
    app.connect("html-page-context", note("page"))
    app.build()
    frozen_while_reading, enabled_while_reading, reading_thresholds = seen["read"]
    frozen_while_writing, enabled_while_writing, writing_thresholds = seen["page"]
    assert frozen_while_reading > 0 and enabled_while_reading
    # the loaded environment stays frozen while pages are written (what was read is not frozen: see the
    # next test)
    assert frozen_while_writing > 0 and enabled_while_writing
    # full collections are rare while documents are read (the young ones as Python has them); the
    # environment frozen, Python's thresholds for writing and after the build
    assert reading_thresholds == (*thresholds[:2], FULL_COLLECTION_AFTER)
    assert writing_thresholds == thresholds
    assert gc.get_freeze_count() == 0 and gc.isenabled() and gc.get_threshold() == thresholds


def test_the_doctree_of_a_written_page_is_freed_before_the_build_ends(project, make_app):
    """Sphinx keeps each doctree it read until its page is written, then drops it: a doctree is a cycle,
    so only the collector frees it, and it cannot if the doctree was frozen (that held every page of a
    1,000-post blog in memory until the build ended: 7 MB of its peak)."""
    app = make_app("html", srcdir=project("basic"))
    written: list[weakref.ref] = []
    alive_at_end: list[str] = []
    app.connect("doctree-resolved", lambda app, doctree, docname: written.append(weakref.ref(doctree)))

    def at_end(app, exception) -> None:  # before the collector is handed back (priority 900)
        gc.collect()
        alive_at_end.extend(ref().get("source", "") for ref in written if ref() is not None)

    app.connect("build-finished", at_end, priority=100)
    app.build()
    assert len(written) > 3
    assert alive_at_end == []


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_disabled_collector_stays_disabled(project, build, parallel):
    gc.disable()
    try:
        build(project("basic"), parallel=parallel)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_parallel_read_sends_back_only_what_is_merged(project, make_app, tmp_path):
    """The main process of a parallel read only merges what workers send: the collector is off there,
    on in the workers, and each worker's environment holds the tables of contents, titles and reports
    of its own documents only (a worker forked after a merge inherited others); a merged environment
    is freed without the collector; Python's thresholds are back for writing and after the build."""
    import weakref

    thresholds = gc.get_threshold()
    in_workers = tmp_path / "workers.txt"
    merges, merged, seen = [], [], {}
    # the preview's drafts too: nine documents make three chunks
    app = make_app("html", srcdir=project("basic"), parallel=2, confoverrides={"newsletter_show_drafts": True})
    main = os.getpid()

    def worker_read(app, docname, source) -> None:
        if os.getpid() != main:
            with in_workers.open("a", encoding="utf-8") as stream:
                stream.write(f"{gc.isenabled()}\n")

    def merge(app, env, docnames, other) -> None:
        merges.append((set(docnames), set(other.tocs) | set(other.titles) | set(other.longtitles)
                       | set(other.domaindata["newsletter"]["reports"]), gc.isenabled()))
        merged.append(weakref.ref(other))

    app.connect("source-read", worker_read, priority=900)
    app.connect("env-merge-info", merge)
    app.connect("env-updated", lambda app, env: seen.setdefault("read", [ref() for ref in merged]) and None)
    app.connect("html-page-context",
                lambda *args: seen.setdefault("page", (gc.isenabled(), gc.get_threshold())) and None)
    app.build()
    assert len(merges) >= 3  # the third chunk's worker was forked after the first merge
    assert all(own >= held for own, held, _ in merges), [held - own for own, held, _ in merges]
    assert not any(enabled for _, _, enabled in merges)
    assert set(in_workers.read_text().split()) == {"True"}
    assert seen["read"] == [None] * len(merges)
    assert seen["page"] == (True, thresholds)
    assert gc.isenabled() and gc.get_threshold() == thresholds and gc.get_freeze_count() == 0


def test_the_collector_is_off_while_sphinx_loads_and_as_it_was_after():
    from sphinx_newsletter.adapters.garbage_collector import collector_enabled, loading

    with loading():
        assert not gc.isenabled() and collector_enabled()  # off, and known to have been on
        kept = [object() for _ in range(3)]
    assert gc.isenabled() and gc.get_freeze_count() > 0  # what loaded is frozen
    gc.unfreeze()
    gc.disable()
    try:
        with loading():
            assert not collector_enabled()
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.unfreeze()
        gc.enable()
    assert kept


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_build_started_in_a_loading_pause_reads_with_the_collector_on(project, make_app, tmp_path, parallel):
    """Sphinx started inside :func:`loading` (as ``newsletter check`` starts it): the build's own pause knows the
    collector was on, so documents are read with it on (in the workers too), not left off for the whole build."""
    from sphinx_newsletter.adapters.garbage_collector import loading

    in_workers = tmp_path / "read.txt"

    def read(app, docname, source) -> None:
        with in_workers.open("a", encoding="utf-8") as stream:
            stream.write(f"{gc.isenabled()}\n")

    with loading():
        app = make_app("html", srcdir=project("basic"), parallel=parallel,
                       confoverrides={"newsletter_show_drafts": True})
    app.connect("source-read", read, priority=900)
    app.build()
    assert set(in_workers.read_text().split()) == {"True"}
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_check_leaves_the_collector_as_it_found_it(project):
    from conftest import run

    thresholds = gc.get_threshold()
    checked = run("check", "--no-cache", "reports/one/honest.md", cwd=project("parity"))
    assert checked.returncode == 0
    assert gc.isenabled() and gc.get_threshold() == thresholds and gc.get_freeze_count() == 0

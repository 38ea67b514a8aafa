"""The garbage collector is paused while the environment loads, the loaded data frozen during the
build, and everything handed back when the build ends (sphinx_newsletter.adapters.garbage_collector)."""

from __future__ import annotations

import gc

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
    assert frozen_while_writing >= frozen_while_reading and enabled_while_writing
    # full collections are rare during the build (the young ones as Python has them), Python's after it
    assert reading_thresholds == writing_thresholds == (*thresholds[:2], FULL_COLLECTION_AFTER)
    assert gc.get_freeze_count() == 0 and gc.isenabled() and gc.get_threshold() == thresholds


def test_a_disabled_collector_stays_disabled(project, build):
    gc.disable()
    try:
        build(project("basic"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_parallel_build_keeps_pythons_thresholds(project, make_app):
    """A parallel read merges a pickled environment per chunk of documents: garbage that only full
    collections free, so they stay as frequent as Python makes them."""
    thresholds = gc.get_threshold()
    seen = []
    app = make_app("html", srcdir=project("basic"), parallel=2)
    app.connect("env-before-read-docs", lambda *args: seen.append(gc.get_threshold()))
    app.build()
    assert seen == [thresholds] and gc.get_threshold() == thresholds

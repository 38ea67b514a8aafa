"""Python's cyclic garbage collector and a large environment.

Sphinx unpickles the whole environment when it starts: at 5,000 reports, millions of objects that
stay alive until the build ends. The collector walks all of them while they are created and again
at each full collection; on a no-op build of 5,000 reports that was a quarter of the time.

So the collector pauses while the environment loads, and what is alive then is frozen
(:func:`gc.freeze`): later collections skip it. While documents are read, full collections are rare
(after ``FULL_COLLECTION_AFTER`` collections of the middle generation instead of 10): the environment
they add to is not frozen, and each full collection walked it all for little garbage (a full build of
1,000 reports: 1.2 s of 23 s in 21 full collections). Doctrees are cycles (a node knows its parent),
which the young collections still free. After reading, one collection frees what reading left in the old
generation (4 MB of a 1,000-post blog), and pages are written with Python's thresholds, so that the
doctrees of written pages that outlived the young collections are freed (rare full collections there
took the peak of a parallel build of 1,000 reports from 205 to 240 MB). What was read is not frozen
then: Sphinx keeps each doctree it read until its page is written, and a frozen doctree, a cycle, would
never be freed before the build ends (freezing there took the peak of a 1,000-post blog from 181 to 188
MB, and saved no time: 17.2 and 20.9 s without, 18.7 and 21.0 s with, built alternately). When the build
ends everything is unfrozen and the thresholds are Python's again, so a process that runs many builds
(the test suite, an in-process preview) collects as usual; and frozen again when the process exits,
because Python's last collection at exit would otherwise walk it all once more.

A parallel read forks a worker per chunk of documents. Each worker starts with the main process's
environment (every document read so far), reads its chunk and pickles its whole environment back;
the main process unpickles it and merges the chunk's documents. At 5,000 reports (-j2, 32 chunks)
that was 215 MB to unpickle, and the collector, walking what the main process had merged so far at
each full collection, made it 23 s of a 111 s build. So:

- a worker, before it reads its first document, forgets what it inherited where that is large and
  never merged back: the newsletter's reports and listings (``NewsletterDomain.forget_documents``)
  and Sphinx's tables of contents and titles (node trees: the slowest to unpickle, and cycles).
  Nothing read in a worker looks at other documents' tables of contents, titles or reports: they are
  used when pages are written;
- the main process breaks the one cycle of a merged environment (its settings name it), so that it
  is freed as soon as Sphinx drops it, and the collector is off while it only merges (the workers
  turn it back on for themselves).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
from collections.abc import Iterator

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import parallel_available

from sphinx_newsletter.adapters.domain import newsletter_domain

FULL_COLLECTION_AFTER = 100
"""Collections of the middle generation between two full collections while documents are read
(Python: 10)."""

INHERITED_PER_DOCUMENT = ("tocs", "toc_num_entries", "titles", "longtitles")
"""What a worker of a parallel read forgets of the documents it does not read (Sphinx merges these
per document: ``TocTreeCollector`` and ``TitleCollector``)."""


_OUTER: list[bool] = []
"""The collector's state before each :func:`loading` pause, innermost last."""


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """The collector off while Sphinx starts (the site's extensions, MyST and the theme load: classes,
    functions and tables that live as long as the process, none of it garbage; 60 ms of a check's start),
    what loaded frozen after (later collections skip it), then the collector as it was. A build's own
    pause inside it knows the state the collector was in before (:meth:`CollectorPause.pause`)."""
    _OUTER.append(gc.isenabled())
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if _OUTER.pop():
            gc.enable()


def collector_enabled() -> bool:
    """Whether the collector is on, or was on before the :func:`loading` pause now in force."""
    return gc.isenabled() or (bool(_OUTER) and _OUTER[-1])


class CollectorPause:
    """Pause on ``config-inited`` (just before Sphinx loads the environment), freeze and resume on
    ``builder-inited``, pause again in the main process of a parallel read, collect what reading left on
    ``env-updated``, unfreeze at the end."""

    def __init__(self) -> None:
        self.was_enabled = True
        self.thresholds = gc.get_threshold()
        self.main_process = os.getpid()
        self.parallel_read = False  # the main process merges what workers read: the collector is off
        self.worker: int | None = None  # the process id of the worker that has forgotten what it inherited

    def pause(self, app: Sphinx, config: Config) -> None:
        self.was_enabled = collector_enabled()
        gc.disable()

    def freeze_and_resume(self, app: Sphinx) -> None:
        gc.freeze()
        self.thresholds = gc.get_threshold()
        young, middle, old = self.thresholds
        gc.set_threshold(young, middle, max(old, FULL_COLLECTION_AFTER))
        if self.was_enabled:
            gc.enable()

    def before_reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Off in the main process while workers read (Sphinx's test for a parallel read, without the
        warnings ``Sphinx.is_parallel_allowed`` gives, which Sphinx gives itself)."""
        self.main_process = os.getpid()
        self.parallel_read = parallel_available and app.parallel > 1 and all(
            getattr(extension, "parallel_read_safe", None) for extension in app.extensions.values())
        if self.parallel_read:
            gc.disable()

    def document_read(self, app: Sphinx, docname: str, source: list[str]) -> None:
        if not self.parallel_read or os.getpid() == self.worker:
            return
        if os.getpid() == self.main_process:  # Sphinx read serially after all
            self.parallel_read = False
        else:  # the first document of a worker
            self.worker = os.getpid()
            forget_other_documents(app.env)
        if self.was_enabled:
            gc.enable()

    @staticmethod
    def release_merged(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        if other.settings.get("env") is other:
            del other.settings["env"]

    def collect_after_reading(self, app: Sphinx, env: BuildEnvironment) -> None:
        self._end_parallel_read()
        gc.collect()  # what reading left in the old generation; what was read stays unfrozen (see above)
        gc.set_threshold(*self.thresholds)

    def _end_parallel_read(self) -> None:
        if self.parallel_read:
            self.parallel_read = False
            if self.was_enabled:
                gc.enable()

    def unfreeze(self, app: Sphinx, exception: Exception | None) -> None:
        self._end_parallel_read()  # when the build failed while reading
        gc.unfreeze()
        gc.set_threshold(*self.thresholds)
        atexit.unregister(gc.freeze)  # registered once however many builds the process runs
        atexit.register(gc.freeze)


def forget_other_documents(env: BuildEnvironment) -> None:
    """In a worker of a parallel read, before its first document: what it inherited of other documents
    and would pickle back for nothing (the main process had purged the documents workers read)."""
    for name in INHERITED_PER_DOCUMENT:
        getattr(env, name).clear()
    newsletter_domain(env).forget_documents()


def setup_collector(app: Sphinx) -> None:
    pause = CollectorPause()
    app.connect("config-inited", pause.pause, priority=900)
    app.connect("builder-inited", pause.freeze_and_resume, priority=100)
    app.connect("env-before-read-docs", pause.before_reading, priority=900)
    app.connect("source-read", pause.document_read, priority=0)
    app.connect("env-merge-info", pause.release_merged, priority=999)  # after every other handler
    app.connect("env-updated", pause.collect_after_reading, priority=900)
    app.connect("build-finished", pause.unfreeze, priority=900)

"""Python's cyclic garbage collector and a large environment.

Sphinx unpickles the whole environment when it starts: at 5,000 reports, millions of objects that
stay alive until the build ends. The collector walks all of them while they are created and again
at each full collection; on a no-op build of 5,000 reports that was a quarter of the time.

So the collector pauses while the environment loads, and what is alive then is frozen
(:func:`gc.freeze`): later collections skip it. After reading, the environment is frozen again
before pages are written. During a serial build, full collections are rare (after
``FULL_COLLECTION_AFTER`` collections of the middle generation instead of 10): while documents are
read, the environment they add to is not frozen yet, and each full collection walked it all for
little garbage (a full build of 1,000 reports: 1.2 s of 23 s in 21 full collections; with two, about
1 s faster and 6 MB more at the peak). Doctrees are cycles (a node knows its parent), which the young
collections still free. A parallel build keeps Python's thresholds: its main process unpickles and
merges a whole environment from each chunk of documents read, garbage that only full collections
free (with them rare, the peak at 5,000 reports went from about 0.6 to 1.6 GB). When the build ends
everything is unfrozen and the thresholds are Python's again, so a process that runs many builds
(the test suite, an in-process preview) collects as usual; and frozen again when the process exits,
because Python's last collection at exit would otherwise walk it all once more.
"""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

FULL_COLLECTION_AFTER = 100
"""Collections of the middle generation between two full collections during a build (Python: 10)."""


class CollectorPause:
    """Pause on ``config-inited`` (just before Sphinx loads the environment), freeze and resume on
    ``builder-inited``, freeze the read environment on ``env-updated``, unfreeze at the end."""

    def __init__(self) -> None:
        self.was_enabled = True
        self.thresholds = gc.get_threshold()

    def pause(self, app: Sphinx, config: Config) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def freeze_and_resume(self, app: Sphinx) -> None:
        gc.freeze()
        self.thresholds = gc.get_threshold()
        if app.parallel <= 1:  # a parallel read merges whole pickled environments: garbage to collect
            young, middle, old = self.thresholds
            gc.set_threshold(young, middle, max(old, FULL_COLLECTION_AFTER))
        if self.was_enabled:
            gc.enable()

    def freeze_read_environment(self, app: Sphinx, env: BuildEnvironment) -> None:
        gc.freeze()

    def unfreeze(self, app: Sphinx, exception: Exception | None) -> None:
        gc.unfreeze()
        gc.set_threshold(*self.thresholds)
        atexit.unregister(gc.freeze)  # registered once however many builds the process runs
        atexit.register(gc.freeze)


def setup_collector(app: Sphinx) -> None:
    pause = CollectorPause()
    app.connect("config-inited", pause.pause, priority=900)
    app.connect("builder-inited", pause.freeze_and_resume, priority=100)
    app.connect("env-updated", pause.freeze_read_environment, priority=900)
    app.connect("build-finished", pause.unfreeze, priority=900)

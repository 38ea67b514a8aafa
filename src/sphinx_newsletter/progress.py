"""Progress bars for the command line's long runs (``newsletter import``, ``publish``, ``send``, ``check``
of many reports; the benchmarks): tqdm's, on a terminal only. Piped output and CI (the ``CI`` variable
that CI services set) get none, and no control characters.

:class:`SphinxProgress` follows a Sphinx run the command starts (``Site.watch``): the documents it reads
(in worker processes too: counted as their results come back) and the pages it writes.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from tqdm import tqdm


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether progress is shown: on a terminal, and not in CI."""
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


def drawn(stream: TextIO | None, shown: bool | None) -> bool:
    """Whether bars on ``stream`` are drawn: as ``shown`` says, else on a terminal only (:func:`on_terminal`)."""
    return on_terminal(stream) if shown is None else shown


def bar(total: int | None, label: str, unit: str, stream: TextIO | None = None, shown: bool | None = None,
        every: float = 0.1) -> tqdm[Any]:
    """A progress bar on ``stream`` (standard error), shown on a terminal only unless ``shown`` says,
    redrawn at most ``every`` seconds. tqdm is loaded with the first bar (a check that shows none, on a pipe or
    in CI, does without it)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit=f" {unit}", file=stream or sys.stderr, leave=False, dynamic_ncols=True,
                mininterval=every, miniters=1, disable=not drawn(stream, shown))


def each(items: Iterable[Any], total: int, label: str, unit: str, every: float = 0.1) -> Iterator[Any]:
    """``items``, with a bar (the benchmarks' runs)."""
    with bar(total, label, unit, every=every) as progress:
        for item in items:
            yield item
            progress.update()


class SphinxProgress:
    """Bars for each Sphinx run it is given (``watch(app)``): "reading" its documents, "writing" its pages."""

    def __init__(self, stream: TextIO | None = None, shown: bool | None = None, every: float = 0.1) -> None:
        self.stream, self.shown, self.every = stream, shown, every
        self.reading: tqdm[Any] | None = None
        self.writing: tqdm[Any] | None = None
        self.process = os.getpid()  # a forked worker's copy of the bars stays silent

    def __call__(self, app: Sphinx) -> None:
        app.connect("env-before-read-docs", self._read_started)
        app.connect("doctree-read", self._one_read)
        app.connect("env-merge-info", self._merged)
        app.connect("env-updated", self._read_finished)
        app.connect("write-started", self._write_started)
        app.connect("html-page-context", self._one_written)
        app.connect("build-finished", self._finished)

    def _here(self) -> bool:
        return os.getpid() == self.process

    def _read_started(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        if self._here() and drawn(self.stream, self.shown):  # else no bar: tqdm is not loaded
            self._close()
            self.reading = bar(len(docnames), "reading", "documents", self.stream, self.shown, self.every)

    def _one_read(self, app: Sphinx, doctree: nodes.document) -> None:
        if self._here() and self.reading is not None:
            self.reading.update()

    def _merged(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        if self.reading is not None:
            self.reading.update(len(docnames))

    def _read_finished(self, app: Sphinx, env: BuildEnvironment) -> None:
        self._close()

    def _write_started(self, app: Sphinx, builder: Builder) -> None:
        self._close()
        if drawn(self.stream, self.shown):
            self.writing = bar(None, "writing", "pages", self.stream, self.shown, self.every)

    def _one_written(self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: nodes.document | None) -> None:
        if self._here() and self.writing is not None:
            self.writing.update()

    def _finished(self, app: Sphinx, exception: Exception | None) -> None:
        self._close()

    def _close(self) -> None:
        for progress in (self.reading, self.writing):
            if progress is not None:
                progress.close()
        self.reading = self.writing = None

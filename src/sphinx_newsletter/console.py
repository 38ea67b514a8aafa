"""The ``newsletter`` console script: the command line (:mod:`sphinx_newsletter.cli`) in a process of its own.

``newsletter check`` is what a contributor runs after each edit, so its process skips two costs that no result
depends on (issue 23: one changed report checked within 0.6 s, start included; BENCHMARKS.md):

- the cyclic garbage collector while the command line's modules load (Sphinx, docutils, MyST, YAML: classes,
  functions and tables that live as long as the process, none of it garbage). What loaded is frozen
  (:func:`gc.freeze`), so later collections skip it, and the collector runs again before any report is read;
- the teardown at exit, where Python frees everything the check loaded and read, object by object: the check
  ends with :func:`os._exit` once its output is flushed and the exit handlers have run (the ones any extension
  or library registered: multiprocessing's temporary folders, logging's flush; they cost nothing measurable).
  Nothing else is left undone by then: the site's Sphinx is closed (its scratch folder removed, its worker
  processes joined) and the cache written and closed before :func:`sphinx_newsletter.checking.check_paths`
  returns.

The other commands write files (publish, import, send) or run a server (preview): they end as any Python program
does, and so does a check while a thread other than the main one is alive (one an extension started, which Python
waits for at exit). ``python -m sphinx_newsletter.cli`` and :func:`sphinx_newsletter.cli.main` are the command line without
either.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from typing import NoReturn


def run() -> NoReturn:
    """``newsletter ARGUMENTS``: the command's exit status is the process's."""
    enabled = gc.isenabled()
    gc.disable()
    from sphinx_newsletter import cli

    gc.freeze()
    if enabled:
        gc.enable()
    args = cli.parse_arguments(sys.argv[1:])
    status = cli.run_command(args)
    if args.run is not cli.check or _threads_python_waits_for():
        sys.exit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `newsletter check | head`: the reader has gone, as cli.run_command says
        status = status or 1
    atexit._run_exitfuncs()  # what Python runs at exit, before it frees every object (which os._exit skips)
    os._exit(status)


def _threads_python_waits_for() -> bool:
    """Whether a thread other than the main one is alive that is not a daemon (Python waits for those at exit;
    a daemon, such as tqdm's monitor, is stopped at exit as it is here)."""
    return any(not thread.daemon for thread in threading.enumerate() if thread is not threading.main_thread())

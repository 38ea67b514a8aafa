"""How fast ``newsletter check`` validates a corpus: prints seconds per run and per hundred reports,
against the reading phase of a build of the same reports (``sphinx-build -b dummy -j auto``: Sphinx
started, every report read, nothing written), and how long one changed report takes with the rest kept.

    python benchmarks/check.py [--sizes 100 1000] [--runs 3] [--append BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

NEWSLETTER = str(Path(sys.executable).parent / "newsletter")
SPHINX_BUILD = str(Path(sys.executable).parent / "sphinx-build")


def time_reading(srcdir: Path, runs: int) -> float:
    """A build's reading phase: the ``dummy`` builder reads every document afresh and writes nothing."""
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs + 1):
            start = time.perf_counter()
            subprocess.run([SPHINX_BUILD, "-b", "dummy", "-E", "-q", "-j", "auto", str(srcdir), out],
                           capture_output=True, check=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def time_one_changed(srcdir: Path, runs: int, env: dict) -> float:
    """The check of the whole tree after one report changed (the others kept from the check before)."""
    report = sorted((srcdir / "reports").rglob("*.md"))[0]
    text = report.read_text(encoding="utf-8")
    subprocess.run([NEWSLETTER, "check"], cwd=srcdir, capture_output=True, env=env)
    times = []
    for run in range(runs):
        report.write_text(text + f"\nOne more line, {run}.\n", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([NEWSLETTER, "check"], cwd=srcdir, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    report.write_text(text, encoding="utf-8")
    return statistics.median(times)


def time_check(srcdir: Path, runs: int, *options: str, env: dict | None = None) -> float:
    command = [NEWSLETTER, "check", *options]
    subprocess.run(command, cwd=srcdir, capture_output=True, check=True, env=env)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=srcdir, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compile_package() -> None:
    """Compile the extension's bytecode, as ``pip install`` does: an editable install (this repository's
    ``make``) under ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module again on each run
    (60 modules, about 75 ms a check)."""
    import sphinx_newsletter

    compileall.compile_dir(Path(sphinx_newsletter.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--append", type=Path, help="add the table to this markdown file as a section")
    args = parser.parse_args()
    compile_package()
    lines = ["| reports | newsletter check (s, median) | reading phase of a build (s) | checked again, unchanged (s) "
             "| one report changed (s) |",
             "| ---: | ---: | ---: | ---: | ---: |"]
    print("\n".join(lines), flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            srcdir = Path(scratch) / f"n{size}"
            write_corpus(srcdir, size, 10, seed=1)
            seconds = time_check(srcdir, args.runs, "--no-cache")
            reading = time_reading(srcdir, args.runs)
            with tempfile.TemporaryDirectory() as cache:  # with what the first check kept
                env = {**os.environ, "NEWSLETTER_CACHE_DIR": cache}
                again = time_check(srcdir, args.runs, env=env)
                changed = time_one_changed(srcdir, args.runs, env)
            lines.append(f"| {size} | {seconds:.2f} | {reading:.2f} | {again:.2f} | {changed:.2f} |")
            print(lines[-1], flush=True)
    if args.append:
        section = ["", "## `newsletter check` (`make bench-check`)", "",
                   "Whole-process wall time, median of the runs after a warm-up. `newsletter check` reads reports "
                   "through the site's own Sphinx (its reading step, then each page translated), every report "
                   "afresh (`--no-cache`), on every core from 400 reports; the target is no slower than the reading "
                   "phase of a build of the same reports (`sphinx-build -b dummy -E -j auto`). Then the same check "
                   "with what the first one kept: unchanged (target 0.5 s at 1,000), and with one report changed "
                   "(target 0.6 s). The extension's bytecode is compiled first, as `pip install` compiles it.",
                   "", *lines]
        with args.append.open("a", encoding="utf-8") as stream:
            stream.write("\n".join(section) + "\n")


if __name__ == "__main__":
    main()

"""The benchmark scripts keep running (a tiny corpus; the figures themselves live in BENCHMARKS.md): run by
``make bench-smoke`` (and first by ``make bench``), not by ``make test``."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent


@pytest.mark.bench
def test_check_benchmark_prints_its_table():
    result = subprocess.run([sys.executable, "benchmarks/check.py", "--sizes", "20", "--runs", "1"], cwd=REPO,
                            capture_output=True, text=True, check=True)
    # reports | check afresh | a build's reading phase | again, unchanged | one report changed
    assert re.search(r"^\| 20 \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\d \|$", result.stdout,
                     re.MULTILINE), result.stdout


@pytest.mark.bench
def test_build_benchmark_smoke_run(tmp_path):
    """N=20, one run, no ABlog: the harness, its table, its targets line and (where the bench extra with
    matplotlib is installed: `make bench`) its plot keep working."""
    out, plot = tmp_path / "BENCHMARKS.md", tmp_path / "benchmark.png"
    plotting = importlib.util.find_spec("matplotlib") is not None
    result = subprocess.run([sys.executable, "benchmarks/bench.py", "--sizes", "20", "--runs", "1", "--no-ablog",
                             "--out", str(out), *(["--plot", str(plot)] if plotting else [])], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^TARGETS: full build <= 1\.15 x plain Sphinx: (met|MISSED) \(20: \d+\.\d\dx\)",
                     result.stdout, re.MULTILINE), result.stdout
    text = out.read_text()
    for row in ("| newsletter -j1 | 20 |", "| plain sphinx | 20 |", "| newsletter -j1 | 20 | no-op |",
                "| newsletter -j1 | 20 | edit one |", "| newsletter -j1 | 20 | add one |", "| newsletter check | 20 |"):
        assert row in text, row
    assert not plotting or plot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.bench
def test_import_benchmark_prints_its_table():
    """A tiny blog through the import benchmark: its export, fresh site, table and target line keep working."""
    result = subprocess.run([sys.executable, "benchmarks/wordpress.py", "--posts", "12", "--comments", "40", "--runs",
                             "1"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\| 12 \| 40 \| \d+\.\d \| \d+\.\d\d \| \d+\.\d\d \| 12 report\(s\) written, ", result.stdout,
                     re.MULTILINE), result.stdout
    assert re.search(r"^TARGET: import of 12 posts and 40 comments < 20 s: (met|MISSED)", result.stdout, re.MULTILINE)


@pytest.mark.bench
def test_search_benchmark_prints_its_table():
    result = subprocess.run([sys.executable, "benchmarks/search.py", "--sizes", "20"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # reports | build, Pagefind | its step | x | build, Sphinx | index (files) | Sphinx index | bytes per query
    assert re.search(r"^\| 20 \| [\d.]+ s \| [\d.]+ s \| \d\.\d\d \| [\d.]+ s \| [\d.]+ MB \([\d,]+\) \| [\d.]+ MB "
                     r"\([\d.]+ MB\) \| \d+ KB, \d+ KB, \d+ KB \|$", result.stdout, re.MULTILINE), result.stdout


def test_the_notes_of_benchmarks_md_are_kept_where_make_bench_keeps_them():
    """`make bench` writes BENCHMARKS.md anew from its runs and appends `benchmarks/notes.md`: a note written in
    BENCHMARKS.md alone would be lost by the next run. The file ends with the notes, whole."""
    notes = (REPO / "benchmarks" / "notes.md").read_text(encoding="utf-8")
    assert "## Nineteenth session" in notes
    assert (REPO / "BENCHMARKS.md").read_text(encoding="utf-8").endswith(notes)

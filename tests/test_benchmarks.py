"""The benchmark scripts keep running (a tiny corpus; the figures themselves live in BENCHMARKS.md)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent


def test_check_benchmark_prints_its_table():
    result = subprocess.run([sys.executable, "benchmarks/check.py", "--sizes", "20", "--runs", "1"], cwd=REPO,
                            capture_output=True, text=True, check=True)
    # reports | check afresh | a build's reading phase | again, unchanged | one report changed
    assert re.search(r"^\| 20 \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\d \|$", result.stdout,
                     re.MULTILINE), result.stdout


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


def test_parallel_check_of_a_large_tree(tmp_path):
    """Above PARALLEL_FROM reports `newsletter check` runs on every core and still finds each problem."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from corpus import write_corpus

    write_corpus(tmp_path / "site", 450, 3, seed=2)
    first, last = sorted((tmp_path / "site/reports").rglob("*.md"))[::449]
    first.write_text(first.read_text().replace("author:", "autor:", 1))
    last.write_text(last.read_text().replace("title:", "tittle:", 1))
    result = subprocess.run([str(Path(sys.executable).parent / "newsletter"), "check"], cwd=tmp_path / "site",
                            capture_output=True, text=True)
    assert result.returncode == 1
    named = sorted({line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")})
    assert named == sorted(str(path.relative_to(tmp_path / "site")) for path in (first, last))
    # each: a missing field and the misspelt key; without a title the body's headings start at H2 (MyST
    # says so three times, as the build does)
    assert "450 report(s) checked: 2 error(s), 5 warning(s)" in result.stderr


def test_import_benchmark_prints_its_table():
    """A tiny blog through the import benchmark: its export, fresh site, table and target line keep working."""
    result = subprocess.run([sys.executable, "benchmarks/wordpress.py", "--posts", "12", "--comments", "40", "--runs",
                             "1"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\| 12 \| 40 \| \d+\.\d \| \d+\.\d\d \| \d+\.\d\d \| 12 report\(s\) written, ", result.stdout,
                     re.MULTILINE), result.stdout
    assert re.search(r"^TARGET: import of 12 posts and 40 comments < 20 s: (met|MISSED)", result.stdout, re.MULTILINE)

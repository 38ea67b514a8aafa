"""The benchmark scripts keep running (a tiny corpus; the figures themselves live in BENCHMARKS.md)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent


def test_check_benchmark_prints_its_table():
    result = subprocess.run([sys.executable, "benchmarks/check.py", "--sizes", "20", "--runs", "1"], cwd=REPO,
                            capture_output=True, text=True, check=True)
    assert re.search(r"^\| 20 \| \d+\.\d\d \| \d+\.\d{3} \|$", result.stdout, re.MULTILINE), result.stdout

"""The ``newsletter`` command checks reports with the build's own validator and messages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import warnings_of

NEWSLETTER = str(Path(sys.executable).parent / "newsletter")  # the console script installed beside pytest


def run(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSLETTER, *args], cwd=cwd, capture_output=True, text=True)


def test_check_passes_on_good_reports(project):
    result = run("check", cwd=project("basic"))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "7 report(s) checked, 0 problem(s)" in result.stderr


def test_check_reports_the_same_problems_as_the_build(project, build):
    srcdir = project("bad")
    result = run("check", cwd=srcdir)
    assert result.returncode == 1
    from_cli = {re.sub(r": (error|warning): ", ": WARNING: ", line) for line in result.stdout.splitlines()}
    app, _ = build(srcdir)
    assert from_cli == set(warnings_of(app))


def test_check_github_annotations(project):
    result = run("check", "--format", "github", "reports/alpha/bad-date.md", "reports/alpha/typo-key.md",
                 cwd=project("bad"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=reports/alpha/bad-date.md,line=4,title=newsletter.bad_value::date '2020-13-45' is not a "
        "valid date: write it as YYYY-MM-DD, e.g. 'date: 2011-10-08' (the report is left out of its edition "
        "until this is fixed)",
        "::warning file=reports/alpha/typo-key.md,line=5,title=newsletter.unknown_key::unknown front matter key "
        "'sumary' is ignored; did you mean 'summary'?",
    ]


def test_cycles_lists_windows_status_and_counts(project):
    result = run("cycles", cwd=project("basic"))
    assert result.returncode == 0
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0] == ["alpha", "Alpha", "2020-01-01", "to", "2020-06-30", "published", "2020-07-02", "2", "report(s)"]
    assert lines[2] == ["gamma", "Gamma", "2020-12-31", "to", "2021-06-30", "open", "3", "report(s)"]

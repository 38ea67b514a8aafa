"""Parallel reading and writing give the same site as a serial build."""

from __future__ import annotations

from pathlib import Path

import pytest


def pages(outdir: Path) -> dict[str, str]:
    return {str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
            for path in sorted(outdir.rglob("*.html"))}


def test_extension_declares_parallel_safety(pristine):
    app = pristine("basic")
    extension = app.extensions["sphinx_newsletter"]
    assert extension.parallel_read_safe and extension.parallel_write_safe


@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_build_matches_serial(project, build, pristine, jobs):
    serial = pristine("basic")
    parallel, _ = build(project("basic", f"parallel-{jobs}"), parallel=jobs)
    assert parallel.is_parallel_allowed("read") and parallel.is_parallel_allowed("write")
    assert " .. reports/" in parallel.status.getvalue()  # documents were read in chunks, one per worker
    expected, actual = pages(serial.outdir), pages(parallel.outdir)
    assert sorted(actual) == sorted(expected)
    assert len(expected) > 20
    for name, text in expected.items():
        assert actual[name] == text, name

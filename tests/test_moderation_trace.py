"""Moderation and drafts leave no trace: the words of hidden and removed feedback (in feedback files and
in ``{feedback}`` blocks of the report), their readers' names, and everything in a draft report appear
in no output of any builder — pages, ``_sources/``, the search index, feeds, sitemap, singlehtml, EPUB,
text and LaTeX. Drafts are built in the preview only."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest
from conftest import sphinx_build

SECRETS = ("HIDDENFILEWORDS", "Hidfile Person", "REMOVEDFILEWORDS", "Remfile Person", "HIDDENBLOCKWORDS",
           "Hidblock Person", "REMOVEDBLOCKWORDS", "Remblock Person", "HIDDENREPLYWORDS", "DRAFTWORDS",
           "Draft Author", "draft-only-tag")
KEPT = ("SHOWNWORDS", "KEPTREPLYWORDS")

BLOCKS = """

::::{feedback}
:author: Hidblock Person
:date: 2012-07-20
:status: hidden
:url: https://example.org/hidblock

HIDDENBLOCKWORDS in a block.

:::{feedback}
:author: Tom
:date: 2012-07-21

HIDDENREPLYWORDS under a hidden entry.
:::
::::

::::{feedback}
:author: Remblock Person
:date: 2012-07-20
:status: removed
:reason: spam

REMOVEDBLOCKWORDS in a block.

:::{feedback}
:author: Ana
:date: 2012-07-22

KEPTREPLYWORDS under a removed entry.
:::
::::

:::{feedback}
:author: Shown Person
:date: 2012-07-23

SHOWNWORDS stay.
:::
"""

FILE_ENTRIES = """- author: Hidfile Person
  date: 2012-07-20
  status: hidden
  body: HIDDENFILEWORDS in a file.
- author: Remfile Person
  date: 2012-07-21
  status: removed
  body: REMOVEDFILEWORDS in a file.
"""

DRAFT = """---
title: A draft about DRAFTWORDS
author: Draft Author
date: 2012-07-01
tags: [draft-only-tag]
draft: true
---

DRAFTWORDS in the body.
"""


@pytest.fixture(scope="module")
def moderated(tmp_path_factory) -> Path:
    from conftest import copy_sample_site

    site = copy_sample_site(tmp_path_factory.mktemp("moderated") / "site")
    report = site / "reports/folsom/europython-openstack.md"
    report.write_text(report.read_text() + BLOCKS)
    feedback = site / "feedback/folsom/europython-openstack.yaml"
    feedback.write_text(feedback.read_text() + FILE_ENTRIES)
    (site / "reports/folsom/a-draft.md").write_text(DRAFT)
    return site


def build(site: Path, builder: str, *options: str) -> Path:
    out = site / "_build" / (builder + ("-preview" if options else ""))
    result = sphinx_build(site, *options, builder=builder, out=out)
    assert result.returncode == 0, result.stderr
    return out


def output_texts(out: Path):
    for path in sorted(out.rglob("*")):
        if not path.is_file() or ".doctrees" in path.parts:
            continue
        data = path.read_bytes()
        if data.startswith(b"\x1f\x8b"):  # Pagefind's index pieces (and any other compressed output)
            data = gzip.decompress(data)
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield f"{path}:{name}", archive.read(name).decode("utf-8", errors="replace")
            continue
        yield str(path), data.decode("utf-8", errors="replace")


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "epub", "text", "latex"])
def test_no_output_of_any_builder_holds_moderated_or_draft_words(moderated, builder):
    out = build(moderated, builder)
    found = [(name, secret) for name, text in output_texts(out) for secret in SECRETS if secret in text]
    assert found == []
    everything = "".join(text for _, text in output_texts(out))
    assert all(word in everything for word in KEPT)  # the honest feedback is all there


def test_the_source_copy_keeps_the_honest_feedback_and_the_editors_reasons(moderated):
    out = build(moderated, "html")
    copy = (out / "_sources/reports/folsom/europython-openstack.md").read_text()
    assert "SHOWNWORDS" in copy and "KEPTREPLYWORDS" in copy and ":reason: spam" in copy
    assert ":author: (removed by the editors)" in copy
    assert not (out / "reports/folsom/a-draft.html").exists()
    assert not (out / "_sources/reports/folsom/a-draft.md").exists()


def test_the_preview_builds_drafts(moderated):
    out = build(moderated, "html", "-D", "newsletter_show_drafts=1")
    assert "DRAFTWORDS" in (out / "reports/folsom/a-draft.html").read_text()


def test_a_drafts_feedback_file_is_not_a_stray(moderated):
    (moderated / "feedback/folsom/a-draft.yaml").write_text("- author: Early Reader\n  date: 2012-07-02\n  body: Hi.\n")
    result = sphinx_build(moderated, "-W", out="_build/strict")
    (moderated / "feedback/folsom/a-draft.yaml").unlink()
    assert result.returncode == 0, result.stderr

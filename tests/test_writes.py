"""Every file the newsletter's tools write is written without following a symbolic link: a link that a
pull request commits where a generated page, a new report, a publication record, an imported report or
a feedback file will be written cannot redirect that trusted write (into ``_templates/``, say)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import run, sphinx_build

from sphinx_newsletter.core.paths import UnsafeFile, write_regular_file


def test_the_writer_refuses_links_on_the_way_and_names_them(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "site").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "site" / "tags")
    os.symlink(tmp_path / "elsewhere" / "x.rst", tmp_path / "site" / "dangling.rst")  # points nowhere yet
    for target, link in (("tags/index.rst", "tags"), ("dangling.rst", "dangling.rst")):
        with pytest.raises(UnsafeFile, match=f"{target} is not written: {link} is a symbolic link"):
            write_regular_file(tmp_path / "site" / target, tmp_path / "site", "x")
    assert list((tmp_path / "elsewhere").iterdir()) == []
    write_regular_file(tmp_path / "site" / "a" / "b.txt", tmp_path / "site", "fine")
    assert (tmp_path / "site" / "a" / "b.txt").read_text() == "fine"
    with pytest.raises(UnsafeFile, match="exists already"):
        write_regular_file(tmp_path / "site" / "a" / "b.txt", tmp_path / "site", "again", exclusive=True)


def _build(site: Path) -> subprocess.CompletedProcess:
    return sphinx_build(site)


@pytest.mark.parametrize("trap", ["folder", "page"])
def test_a_committed_link_where_the_build_writes_a_generated_page_redirects_nothing(sample_site, trap):
    templates = sample_site / "_templates"
    before = {path.name: path.read_bytes() for path in templates.iterdir()}
    if trap == "folder":
        os.symlink("_templates", sample_site / "tags")
    else:
        (sample_site / "editions").mkdir(exist_ok=True)
        os.symlink("../_templates/page.html", sample_site / "editions" / "folsom.rst")
    result = _build(sample_site)
    assert {path.name: path.read_bytes() for path in templates.iterdir()} == before
    shown = "tags/ is a symbolic link" if trap == "folder" else "editions/folsom.rst is a symbolic link"
    assert shown in result.stderr and "[newsletter.refused]" in result.stderr


def test_new_never_writes_through_a_link(sample_site):
    os.symlink("../../_templates/layout.html", sample_site / "reports/folsom/a-trap.md")
    result = run("new", "A trap", "--author", "Ann", "--date", "2012-06-01", cwd=sample_site)
    assert result.returncode == 1 and "already exists" in result.stderr
    os.symlink("../_templates", sample_site / "reports/grizzly")
    result = run("new", "Elsewhere", "--author", "Ann", "--date", "2012-06-01", "--cycle", "folsom", cwd=sample_site)
    assert result.returncode == 0, result.stderr  # an ordinary report still works
    assert not any(path.name.endswith(".md") for path in (sample_site / "_templates").iterdir())


def test_feedback_add_never_writes_through_a_link(sample_site, tmp_path):
    target = sample_site / "feedback/folsom/europython-openstack.yaml"
    target.unlink()
    os.symlink(tmp_path / "outside.yaml", target)
    result = run("feedback", "add", "--report", "reports/folsom/europython-openstack.md", "--author", "Ann",
                 "--date", "2012-07-20", "--body", "Hi.", cwd=sample_site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "outside.yaml").exists()

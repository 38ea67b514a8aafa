"""The earlier hostile review's faults: no file under ``reports/`` is dropped without a word, a
duplicate is named on the report that came later (both when that cannot be told), and names Windows
reserves are refused by ``new``, the importer and ``check``."""

from __future__ import annotations

import subprocess

import pytest
from conftest import run

from sphinx_newsletter.core.paths import windows_reserved


@pytest.mark.parametrize("name", ["shout.MD", "mixed.Md", "component.mdx", "noextension", "notes.markdown"])
def test_every_file_under_reports_that_is_not_built_is_named(sample_site, name):
    (sample_site / "reports/folsom" / name).write_text("---\ntitle: Lost\nauthor: A\ndate: 2012-06-01\n---\n\nText.\n")
    result = run("check", cwd=sample_site)
    assert f"reports/folsom/{name}:1: warning: not built: reports are MyST markdown files ending in '.md'" \
           in result.stdout, result.stdout
    assert "rename it to '" + name.split(".")[0] + ".md'" in result.stdout


@pytest.mark.parametrize(("name", "reserved"), [("con.md", True), ("AUX.md", True), ("nul.tar.gz", True),
                                                ("com1.md", True), ("lpt9.yaml", True), ("console.md", False),
                                                ("icon.md", False), ("com10.md", False)])
def test_names_windows_reserves(name, reserved):
    assert windows_reserved(name) is reserved


def test_check_and_new_refuse_a_name_windows_reserves(sample_site):
    result = run("new", "Con", "--author", "Ann", "--date", "2012-06-01", cwd=sample_site)
    assert result.returncode == 1 and "is a name Windows reserves" in result.stderr
    assert not (sample_site / "reports/folsom/con.md").exists()
    (sample_site / "reports/folsom/aux.md").write_text("---\ntitle: Aux\nauthor: A\ndate: 2012-06-01\n---\n\nText.\n")
    result = run("check", cwd=sample_site)
    assert "reports/folsom/aux.md:1: error: not built: the name is reserved on Windows" in result.stdout


def _git(site, *args):
    subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"})


DUPLICATE = "---\ntitle: EuroPython and OpenStack\nauthor: B\ndate: {date}\n---\n\nA copy.\n"


def test_a_duplicate_is_named_on_the_report_that_came_later(sample_site):
    original = sample_site / "reports/folsom/europython-openstack.md"
    date = next(line.split(":", 1)[1].strip() for line in original.read_text().splitlines() if line.startswith("date:"))
    title = next(line.split(":", 1)[1].strip() for line in original.read_text().splitlines()
                 if line.startswith("title:"))
    # the newcomer's name sorts before the report that was there first
    (sample_site / "reports/folsom/aaa-copy.md").write_text(DUPLICATE.replace("EuroPython and OpenStack", title)
                                                            .format(date=date))
    result = run("check", cwd=sample_site)  # no git: which came first cannot be told
    assert result.stdout.count("which came first cannot be told") == 2
    _git(sample_site, "init", "-q")
    _git(sample_site, "add", "reports/folsom/europython-openstack.md")
    _git(sample_site, "commit", "-qm", "first")
    result = run("check", cwd=sample_site)  # the newcomer is not in git yet: it came later
    lines = [line for line in result.stdout.splitlines() if "same title and date" in line]
    assert len(lines) == 1 and lines[0].startswith("reports/folsom/aaa-copy.md:"), result.stdout

"""The README's and CONTRIBUTING's examples, run as written: a doc example that fails is a failing test.

Commands (``.venv/bin/newsletter …`` in ``sh`` blocks) run in order on a copy of the sample site;
front matter examples are validated as reports of the cycle their date falls in; feedback, corrections
and ``{feedback}`` block examples are read as the build reads them.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path, PurePosixPath

import pytest
import yaml
from conftest import NEWSLETTER, REPO, run

from sphinx_newsletter.core.fields import CORRECTIONS
from sphinx_newsletter.core.frontmatter import read_front_matter
from sphinx_newsletter.core.report import validate_report
from sphinx_newsletter.core.settings import cycle_for_date
from sphinx_newsletter.feedback.model import read_feedback_file

DOCS = ["README.md", "CONTRIBUTING.md"]
FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>[\w-]*)\n(?P<body>.*?)^(?P=fence)$", re.MULTILINE | re.DOTALL)


def blocks(doc: str, *kinds: str) -> list[str]:
    text = (REPO / doc).read_text(encoding="utf-8")
    return [match["body"] for match in FENCE.finditer(text) if match["info"] in kinds]


def commands(doc: str) -> list[list[str]]:
    """The ``newsletter`` command lines of the doc's shell blocks, continuation lines joined."""
    found = []
    for body in blocks(doc, "sh"):
        for line in body.replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith(".venv/bin/newsletter "):
                found.append([NEWSLETTER, *shlex.split(line)[1:]])
    return found


@pytest.fixture
def site(sample_site) -> Path:
    return sample_site


@pytest.mark.parametrize("doc", DOCS)
def test_the_commands_run_as_written(site, doc, mail_server):
    found = commands(doc)
    assert found, f"{doc} shows no newsletter command"
    # the input the docs' `feedback add --issue event.json` reads: a feedback issue as GitHub sends it
    shutil.copy(Path(__file__).parent / "data/github/feedback.json", site / "event.json")
    shutil.copy(Path(__file__).parent / "data/github/history-ok.json", site / "history.json")
    # the blogs the docs' `import` commands read: an export beside the site, two sites next to it
    shutil.copy(Path(__file__).parent / "data/import/wordpress.xml", site / "export.xml")
    for name, folder in (("jekyll", "old-blog"), ("ablog", "sphinx-blog")):
        if not (site.parent / folder).exists():
            shutil.copytree(Path(__file__).parent / "data/import" / name, site.parent / folder)
    for command in found:
        result = run(*command[1:], cwd=site)
        assert result.returncode == 0, f"{shlex.join(command[1:])}\n{result.stdout}\n{result.stderr}"
        if command[1] == "send" and "--dry-run" not in command:
            assert mail_server.received, "the docs' send delivered nothing"
        if command[1] == "new":  # the doc names the file it writes, and checks that file next
            written = result.stdout.strip()
            assert (site / written).is_file()
            assert written in (REPO / doc).read_text(encoding="utf-8"), f"{doc} names another file than {written}"
            front_matter = (site / written).read_text(encoding="utf-8").split("\n---\n", 1)[0]
            (site / written).write_text(front_matter + "\n---\n\nThe meetup, in the contributor's own words.\n",
                                        encoding="utf-8")  # the docs' next step: write the report


@pytest.mark.parametrize("doc", DOCS)
def test_the_front_matter_examples_are_valid_reports(site, doc):
    from sphinx_newsletter.cli import Site

    cycles = Site(site).cycles
    examples = [body for body in blocks(doc, "markdown") if body.startswith("---\n")]
    assert examples
    for body in examples:
        matter = read_front_matter(body)
        day = matter.data["date"]
        cycle = cycle_for_date(cycles, __import__("datetime").date.fromisoformat(day))
        report = validate_report("reports/x/example", PurePosixPath(f"{cycle.name}/example.md"), matter, cycles)
        assert report.problems == [], (doc, report.problems)


@pytest.mark.parametrize("doc", DOCS)
def test_the_feedback_and_correction_examples_read_cleanly(doc):
    for body in blocks(doc, "yaml"):
        if body.startswith("- author:"):
            parsed = read_feedback_file(body)
            assert parsed.problems == [] and parsed.entries, body
        elif body.startswith("corrections:"):
            assert CORRECTIONS.parse(yaml.safe_load(body)["corrections"])


def test_the_feedback_block_example_checks_cleanly(site):
    examples = [body for body in blocks("README.md", "markdown") if "{feedback}" in body]
    assert examples
    report = site / "reports/folsom/europython-openstack.md"
    record = site / "published/folsom.json"
    assert not record.exists()  # Folsom is open: its reports may change
    report.write_text(report.read_text() + "\n" + examples[0].replace("2011-10-09", "2012-07-10")
                      .replace("2011-10-10", "2012-07-11"))
    result = run("check", "--strict", report.relative_to(site), cwd=site)
    assert result.returncode == 0, result.stdout


def test_every_setting_is_in_the_readme():
    from sphinx_newsletter.core.settings import SETTINGS

    text = (REPO / "README.md").read_text(encoding="utf-8")
    internal = {"newsletter_publish"}  # set by `newsletter publish` itself
    missing = [setting.name for setting in SETTINGS if setting.name not in internal and f"`{setting.name}`" not in text]
    assert missing == []


def test_architecture_names_every_module_and_the_readme_every_package():
    """ARCHITECTURE.md's tree names each module of the package, and the README's layout each
    sub-package: a module added without a line there fails here."""
    package = REPO / "src/sphinx_newsletter"
    architecture = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    modules = sorted(path.relative_to(package).as_posix() for path in package.rglob("*.py")
                     if path.name != "__init__.py")
    assert modules and [module for module in modules if not re.search(
        rf"(^|\s){re.escape(PurePosixPath(module).name)}(\s|,|$)", architecture, re.MULTILINE)] == []
    packages = sorted(path.parent.name for path in package.glob("*/__init__.py"))
    assert packages and [name for name in packages if f"{name}/" not in layout] == []

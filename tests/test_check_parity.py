"""The parity corpus: `newsletter check --strict` fails exactly where `sphinx-build -W` fails, with the same
file, line and warning type, on reports that break directives' arguments and options, lexers, fences,
roles and directives, a third-party extension's directives (sphinx-design), images and `{eval-rst}`, on
a site with the book theme. The check reads reports through the site's own Sphinx, so this holds by
construction; the test is what would catch a check that predicts instead."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import REPO, run

from sphinx_newsletter import checking

SPHINX_BUILD = str(Path(sys.executable).parent / "sphinx-build")
START = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): (?P<severity>WARNING|ERROR|warning|error): (?P<message>.*)$")
TYPE = re.compile(r" \[(?P<type>[\w.-]+)\]\s*$")

DEFECTS = {  # report -> the kinds of problem it holds (at least these)
    "arguments": {"docutils"},
    "options": {"myst.directive_option"},
    "lexers": {"misc.highlighting_failure"},
    "fences": {"myst.directive_unknown", "misc.highlighting_failure"},
    "names": {"myst.role_unknown", "myst.directive_unknown", "download.not_readable"},
    "design": {"docutils", "myst.directive_option"},
    "images": {"image.not_readable"},
    "rest": {"docutils"},
}


def problems(text: str, srcdir: Path) -> Counter[tuple[str, int, str, str]]:
    """(file, line, type, first line of the message) of each problem printed in ``text``, and how many times
    it is printed (once, where the build prints it once)."""
    text = text.replace(f"{srcdir}/", "")
    records: list[list[str]] = []
    for line in text.splitlines():
        if START.match(line):
            records.append([line])
        elif records and line.strip():
            records[-1].append(line)
    found: Counter[tuple[str, int, str, str]] = Counter()
    for record in records:
        start = START.match(record[0])
        kind = TYPE.search(record[-1])
        message = TYPE.sub("", start["message"]) if len(record) == 1 else start["message"]
        found[(start["path"], int(start["line"]), kind["type"] if kind else "", message.strip())] += 1
    return found


def of_file(found: Counter[tuple[str, int, str, str]], path: str) -> Counter[tuple[str, int, str, str]]:
    return Counter({problem: count for problem, count in found.items() if problem[0] == path})


def test_check_strict_fails_exactly_where_the_strict_build_fails(project, tmp_path):
    srcdir = project("parity")
    built = subprocess.run([SPHINX_BUILD, "-b", "html", "-W", "--keep-going", "-E", "-q", str(srcdir),
                            str(tmp_path / "html")], capture_output=True, text=True)
    checked = run("check", "--strict", "--no-cache", "reports", cwd=srcdir)
    assert built.returncode != 0 and checked.returncode == 1
    from_build = Counter({problem: count for problem, count in problems(built.stderr, srcdir).items()
                          if problem[0].startswith("reports/")})
    from_check = problems(checked.stdout, srcdir)
    assert from_check == from_build and len(from_check) >= 18, len(from_check)
    kinds: dict[str, set[str]] = {}
    for path, _line, kind, _message in from_check:
        kinds.setdefault(Path(path).name.split(".")[0], set()).add(kind)
    for report, expected in DEFECTS.items():
        assert expected <= kinds.get(report, set()), report
    assert "honest" not in kinds


def test_check_of_one_report_says_what_the_build_says_of_it(project):
    """Checking one file reads that file alone and finds its problems, no fewer, no others."""
    srcdir = project("parity")
    whole = problems(run("check", "--strict", "--no-cache", "reports", cwd=srcdir).stdout, srcdir)
    alone = run("check", "--strict", "--no-cache", "reports/one/design.md", cwd=srcdir)
    assert alone.returncode == 1 and "1 report(s) checked" in alone.stderr
    assert problems(alone.stdout, srcdir) == of_file(whole, "reports/one/design.md")
    honest = run("check", "--strict", "--no-cache", "reports/one/honest.md", cwd=srcdir)
    assert (honest.returncode, honest.stdout) == (0, "")


def test_a_report_checked_alone_links_to_the_pages_of_the_site_as_the_build_does(project):
    """A link to another page of the site (a markdown link, with an anchor, a `{doc}` role, a toctree's entry
    with the toctrees of the page it names) resolves in the build, which reads every page: the check of one
    file reads the pages it links to as well, and tells only what the build tells of that file (the links to
    pages that are not there)."""
    srcdir = project("parity")
    whole = problems(run("check", "--strict", "--no-cache", "reports", cwd=srcdir).stdout, srcdir)
    alone = run("check", "--strict", "--no-cache", "reports/one/linked.md", cwd=srcdir)
    told = problems(alone.stdout, srcdir)
    assert told == of_file(whole, "reports/one/linked.md")
    assert sorted((line, kind) for _path, line, kind, _message in told) == [(8, "myst.xref_missing"),
                                                                             (20, "toc.excluded")]
    assert "gone.md" in alone.stdout and "gone-too" in alone.stdout and "honest" not in alone.stdout


def test_parallel_check_of_a_large_tree(tmp_path):
    """Above PARALLEL_FROM reports `newsletter check` runs on every core and still finds each problem."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from corpus import write_corpus

    assert 2 * checking.PARALLEL_FROM <= 60
    write_corpus(tmp_path / "site", 60, 3, seed=2)  # twice PARALLEL_FROM
    first, last = sorted((tmp_path / "site/reports").rglob("*.md"))[::59]
    first.write_text(first.read_text().replace("author:", "autor:", 1))
    last.write_text(last.read_text().replace("title:", "tittle:", 1))
    result = subprocess.run([str(Path(sys.executable).parent / "newsletter"), "check"], cwd=tmp_path / "site",
                            capture_output=True, text=True)
    assert result.returncode == 1
    named = sorted({line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")})
    assert named == sorted(str(path.relative_to(tmp_path / "site")) for path in (first, last))
    # each: a missing field and the misspelt key; without a title the body's headings start at H2 (MyST
    # says so three times, as the build does)
    assert "60 report(s) checked: 2 error(s), 5 warning(s)" in result.stderr


def test_a_report_served_from_the_cache_tells_only_its_own_problems(project):
    """Checked with the page it links to, a report keeps in the cache its own problems, not that page's."""
    srcdir = project("parity")
    run("check", "--strict", "reports", cwd=srcdir)  # fills the cache
    alone = run("check", "--strict", "reports/one/linked.md", cwd=srcdir)
    assert "gone.md" in alone.stdout and "reports/one/names.md" not in alone.stdout
    assert {path for path, *_ in problems(alone.stdout, srcdir)} == {"reports/one/linked.md"}


def test_a_report_linking_to_a_generated_page_checks_on_a_site_never_built(project):
    """The tag, author and edition pages are written as Sphinx starts, after it found the site's files: on a
    site never built, the check finds them again before reading (the build does, as it starts reading), so
    a link to one resolves and the strict check passes, as the strict build does."""
    srcdir = project("parity")
    assert not (srcdir / "tags").exists()
    (srcdir / "reports/one/tagged.md").write_text(
        "---\ntitle: Tagged\nauthor: Jane Doe\ndate: 2021-04-02\ntags: [summit]\n---\n\n"
        "See {doc}`every tag </tags/index>` and [the authors](/authors/index.rst).\n", encoding="utf-8")
    checked = run("check", "--strict", "--no-cache", "reports/one/tagged.md", cwd=srcdir)
    assert (checked.returncode, checked.stdout) == (0, "")
    assert (srcdir / "tags/index.rst").is_file()
    # the pages are there now: found as Sphinx starts
    again = run("check", "--strict", "--no-cache", "reports/one/tagged.md", cwd=srcdir)
    assert (again.returncode, again.stdout) == (0, "")

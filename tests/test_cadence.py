"""Cycles that open themselves: ``newsletter_cadence`` continues the declared cycles (every so many months,
weeks or days, or from one release date to the next); once the last cycle is published the next one is
open, named by its first day until the editor names it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run, sphinx_build

from sphinx_newsletter.core.settings import Cadence, Cycle, follow_cycles, parse_cadence

D = dt.date


@pytest.mark.parametrize(("raw", "cadence"), [
    (None, None),
    ({"months": 6}, Cadence(months=6)),
    ({"weeks": 1}, Cadence(weeks=1)),
    ({"days": 10}, Cadence(days=10)),
    ({"releases": ["2013-10-17", "2013-04-04", "2013-04-04"]}, Cadence(releases=(D(2013, 4, 4), D(2013, 10, 17)))),
])
def test_a_cadence_is_read(raw, cadence):
    told: list[str] = []
    assert parse_cadence(raw, told.append) == cadence and told == []


@pytest.mark.parametrize(("raw", "message"), [
    ({"months": 0}, "newsletter_cadence['months'] must be a whole number from 1 to 1000, not 0; it is left out"),
    ({"weeks": True}, "newsletter_cadence['weeks'] must be a whole number from 1 to 1000, not True; it is left out"),
    ({"months": 6, "weeks": 1}, "newsletter_cadence must be a dict with one key, e.g. {'months': 6}, {'weeks': 1} or "
                                "{'releases': ['2013-04-04', '2013-10-17']}; it is left out"),
    ("6 months", "newsletter_cadence must be a dict with one key"),
    ({"releases": ["2013-13-01"]}, "newsletter_cadence['releases']: '2013-13-01' is not a valid date in YYYY-MM-DD form"),
    ({"releases": []}, "newsletter_cadence: use 'months', 'weeks', 'days' or a list of 'releases'"),
    ({"years": 1}, "newsletter_cadence: use 'months', 'weeks', 'days' or a list of 'releases'"),
])
def test_a_wrong_cadence_is_named_and_left_out(raw, message):
    told: list[str] = []
    assert parse_cadence(raw, told.append) is None and len(told) == 1 and told[0].startswith(message)


def test_a_cycle_ends_where_the_cadence_says():
    assert Cadence(months=6).end_after(D(2012, 9, 27)) == D(2013, 3, 27)
    assert Cadence(months=6).end_after(D(2012, 8, 31)) == D(2013, 2, 28)  # no 31 February
    assert Cadence(months=1).end_after(D(2012, 12, 15)) == D(2013, 1, 15)
    assert Cadence(weeks=1).end_after(D(2012, 9, 27)) == D(2012, 10, 4)
    releases = Cadence(releases=(D(2013, 4, 4), D(2013, 10, 17)))
    assert releases.end_after(D(2012, 9, 27)) == D(2013, 4, 4) and releases.end_after(D(2013, 4, 4)) == D(2013, 10, 17)
    assert releases.end_after(D(2013, 10, 17)) is None  # the release dates ran out: open-ended


FOLSOM = Cycle("folsom", "Folsom", D(2012, 4, 5), D(2012, 9, 27))


def test_the_next_cycle_opens_once_the_last_is_published():
    published = {"folsom": Cycle("folsom", "Folsom", D(2012, 4, 5), D(2012, 9, 27), "published", D(2012, 10, 4))}
    assert follow_cycles({"folsom": FOLSOM}, Cadence(months=6), {}) == {"folsom": FOLSOM}  # one still open
    assert follow_cycles(published, None, {}) == published  # no cadence: nothing opens
    opened = follow_cycles(published, Cadence(months=6), {})
    assert list(opened) == ["folsom", "2012-09-27"]
    assert opened["2012-09-27"] == Cycle("2012-09-27", "27 September 2012", D(2012, 9, 27), D(2013, 3, 27),
                                         provisional=True)
    again = follow_cycles(published, Cadence(months=6), {"2012-09-27": D(2013, 4, 10)})  # its record published it
    assert list(again) == ["folsom", "2012-09-27", "2013-03-27"]
    assert again["2012-09-27"].is_published and again["2012-09-27"].recorded
    assert not again["2013-03-27"].is_published and again["2013-03-27"].end == D(2013, 9, 27)


def test_an_open_ended_cycle_published_opens_the_next_from_its_publication():
    open_ended = {"folsom": Cycle("folsom", "Folsom", D(2012, 4, 5), None, "published", D(2012, 10, 4))}
    assert list(follow_cycles(open_ended, Cadence(weeks=2), {})) == ["folsom", "2012-10-04"]


@pytest.fixture
def cadenced_site(sample_site):
    conf = sample_site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'newsletter_cadence = {"months": 6}\n', encoding="utf-8")
    return sample_site


def write_report(site, written: str) -> None:
    path = site / written
    front_matter = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    path.write_text(front_matter + "\n---\n\nWhat happened, in the author's own words.\n", encoding="utf-8")


def test_after_the_last_cycle_is_published_new_reports_go_to_the_next_one(cadenced_site):
    site = cadenced_site
    published = run("publish", "folsom", "--date", "2012-10-04", cwd=site)
    assert published.returncode == 0, published.stderr
    assert ("The next edition is open: '2012-09-27' (2012-09-27 to 2013-03-27), by newsletter_cadence; new reports go "
            "to reports/2012-09-27/. To name it, add it to newsletter_cycles in conf.py") in published.stdout
    cycles = run("cycles", cwd=site).stdout.splitlines()
    assert cycles[-1].startswith("2012-09-27   27 September 2012") and cycles[-1].endswith(
        "open                   0 report(s) (opened by newsletter_cadence; name it in newsletter_cycles)")
    after = run("new", "After Folsom", "--author", "Jane Doe", "--date", "2012-10-20", cwd=site)
    assert after.returncode == 0 and after.stdout.strip() == "reports/2012-09-27/after-folsom.md"
    late = run("new", "Back from the operators meetup in Tokyo", "--author", "Jane Doe", "--date", "2012-06-12",
               cwd=site)
    assert late.stdout.strip() == "reports/2012-09-27/back-from-the-operators-meetup-in-tokyo.md"
    assert "goes into the 27 September 2012 edition in progress as a late report" in late.stderr
    beyond = run("new", "Much later", "--author", "Jane Doe", "--date", "2014-01-10", cwd=site)
    assert beyond.returncode == 2 and beyond.stderr.strip() == (
        "newsletter new: no cycle covers 2014-01-10: the 27 September 2012 edition in progress ends on 2013-03-27; "
        "publish it (newsletter publish 2012-09-27) and the next one opens by itself (newsletter_cadence), or give a "
        "--date inside a cycle")
    for written in (after.stdout.strip(), late.stdout.strip()):
        write_report(site, written)
    checked = run("check", "--strict", cwd=site)
    assert checked.returncode == 0, checked.stdout
    built = sphinx_build(site, "-W", "--keep-going")
    assert built.returncode == 0, built.stderr
    edition = (site / "_build/html/editions/2012-09-27.html").read_text(encoding="utf-8")
    assert "After Folsom" in edition and "27 September 2012 edition" in edition


def test_without_a_cadence_publishing_the_last_cycle_says_what_to_do(sample_site):
    conf = sample_site / "conf.py"
    conf.write_text("\n".join(line for line in conf.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("newsletter_cadence")) + "\n", encoding="utf-8")
    published = run("publish", "folsom", "--date", "2012-10-04", cwd=sample_site)
    assert published.returncode == 0, published.stderr
    assert ("No edition is in progress now: add the next cycle to newsletter_cycles in conf.py, or set "
            'newsletter_cadence (e.g. {"months": 6}) so that the next one opens by itself.') in published.stdout
    refused = run("new", "After Folsom", "--author", "Jane Doe", "--date", "2012-10-20", cwd=sample_site)
    assert refused.returncode == 2 and "or set newsletter_cadence" in refused.stderr


def test_the_editor_names_the_cycle_that_opened(cadenced_site):
    """Named in newsletter_cycles and its folder moved, the provisional cycle is gone: its generated page
    goes away without failing the strict build once, and the named edition holds the reports."""
    site = cadenced_site
    assert run("publish", "folsom", "--date", "2012-10-04", cwd=site).returncode == 0
    written = run("new", "After Folsom", "--author", "Jane Doe", "--date", "2012-10-20", cwd=site).stdout.strip()
    write_report(site, written)
    assert sphinx_build(site, "-W").returncode == 0 and (site / "editions/2012-09-27.rst").is_file()
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        '    {"name": "folsom", "title": "Folsom", "start": "2012-04-05", "end": "2012-09-27"},\n',
        '    {"name": "folsom", "title": "Folsom", "start": "2012-04-05", "end": "2012-09-27"},\n'
        '    {"name": "grizzly", "title": "Grizzly", "start": "2012-09-27", "end": "2013-03-27"},\n'), encoding="utf-8")
    (site / "reports/2012-09-27").rename(site / "reports/grizzly")
    built = sphinx_build(site, "-W", "--keep-going")
    assert built.returncode == 0, built.stderr
    assert not (site / "editions/2012-09-27.rst").exists()
    assert "After Folsom" in (site / "_build/html/editions/grizzly.html").read_text(encoding="utf-8")
    assert run("cycles", cwd=site).stdout.splitlines()[-1].startswith("grizzly      Grizzly")


def test_publishing_folsom_in_the_repository_leaves_the_tests_their_edition_in_progress(tmp_path):
    """An editor publishes the last cycle and commits its record: `newsletter new` goes on in the repository,
    and the tests' copies of the sample site (conftest.copy_sample_site) keep Folsom in progress, so the
    suite tries the same site whatever the repository recorded: every copy the tests make of that repository
    is, file for file, the copy they make of this one (so each sample-site test tries the same input)."""
    import subprocess

    from conftest import copy_sample_site

    repository = copy_sample_site(tmp_path / "repository")
    git = ["git", "-C", str(repository), "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "The site"], check=True)
    assert run("publish", "folsom", "--date", "2012-10-04", cwd=repository).returncode == 0
    subprocess.run([*git, "add", "published/folsom.json"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Publish the Folsom edition"], check=True)
    written = run("new", "The Grizzly design summit", "--author", "Jane Doe", "--date", "2012-10-20", cwd=repository)
    assert written.stdout.strip() == "reports/2012-09-27/the-grizzly-design-summit.md", written.stderr
    copy = copy_sample_site(tmp_path / "copy", root=repository)
    assert not (copy / "published/folsom.json").exists()
    assert "folsom       Folsom           2012-04-05 to 2012-09-27     open" in run("cycles", cwd=copy).stdout
    # every sample-site test gets the same site from that repository as from this one: file for file
    def files(root: Path) -> dict[str, bytes]:
        return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
                if path.is_file()}

    assert files(copy) == files(copy_sample_site(tmp_path / "unpublished"))

"""`newsletter check` reuses what it found in unchanged reports, and only then: a changed report, feedback
file, configuration, publication record, or a file a report names is looked at again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_sample_site

from sphinx_newsletter import checking, cli
from sphinx_newsletter.adapters.site_reading import SiteReader
from sphinx_newsletter.core.paths import cache_folder


@pytest.fixture
def site(tmp_path, monkeypatch, in_process) -> Path:
    site = copy_sample_site(tmp_path / "site")
    monkeypatch.setenv("NEWSLETTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(site)
    return site


@pytest.fixture
def scans(monkeypatch) -> list[str]:
    """The reports the site's Sphinx reads in each check."""
    scanned: list[str] = []
    original = SiteReader.read

    def read(self, docnames):
        scanned.extend(f"{docname}.md" for docname in docnames)
        return original(self, docnames)

    monkeypatch.setattr(SiteReader, "read", read)
    monkeypatch.setattr(checking, "PARALLEL_FROM", 10**9)  # one process, where the spy sees every read
    return scanned


def check(capsys, *args) -> tuple[int, str]:
    code = cli.main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out


def test_a_second_check_reuses_unchanged_reports_and_says_the_same(site, scans, capsys):
    first = check(capsys)
    assert len(scans) == 7 and list((site.parent / "cache").glob("check-*.pickle"))
    scans.clear()
    assert check(capsys) == first
    assert scans == []
    report = site / "reports/folsom/europython-openstack.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n{unknownrole}`x`\n", encoding="utf-8")
    _code, out = check(capsys)
    assert scans == ["reports/folsom/europython-openstack.md"]
    assert "Unknown interpreted text role \"unknownrole\"" in out


def test_files_a_report_names_are_looked_at_on_every_check(site, scans, capsys):
    report = site / "reports/folsom/europython-openstack.md"
    (site / "reports/folsom/stage.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    report.write_text(report.read_text(encoding="utf-8") + "\n![The stage](stage.png)\n", encoding="utf-8")
    _code, out = check(capsys)
    assert "stage.png" not in out
    (site / "reports/folsom/stage.png").unlink()
    scans.clear()
    _code, out = check(capsys)
    assert scans == ["reports/folsom/europython-openstack.md"]  # the text is as it was, the file it names not
    assert "image file not readable: reports/folsom/stage.png" in out
    scans.clear()
    assert check(capsys)[1] == out and scans == []  # and now it is kept as it is


def test_pages_a_report_links_to_are_looked_at_on_every_check(site, scans, capsys):
    """A report checked alone links to a page of the site and to one not written yet: the page written
    later, or the page linked to taken away, and the report is read again."""
    report = site / "reports/folsom/europython-openstack.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nSee [the summit](san-francisco-design-summit.md)"
                      " and [the sprint](the-sprint.md).\n", encoding="utf-8")
    shown = "reports/folsom/europython-openstack.md"
    _code, out = check(capsys, shown)
    assert "the-sprint.md" in out and "san-francisco" not in out
    scans.clear()
    assert check(capsys, shown)[1] == out and scans == []
    (site / "reports/folsom/the-sprint.md").write_text(
        "---\ntitle: The sprint\nauthor: Jane Doe\ndate: 2012-07-08\n---\n\nWe sprinted.\n", encoding="utf-8")
    _code, out = check(capsys, shown)
    assert scans == [shown] and "the-sprint" not in out
    (site / "reports/folsom/san-francisco-design-summit.md").unlink()
    scans.clear()
    _code, out = check(capsys, shown)
    assert scans == [shown] and "san-francisco-design-summit" in out


@pytest.mark.parametrize("change", ["feedback", "conf", "record"])
def test_what_a_report_depends_on_invalidates_it(site, scans, capsys, change):
    check(capsys)
    scans.clear()
    if change == "feedback":
        (site / "feedback/folsom").mkdir(parents=True, exist_ok=True)
        (site / "feedback/folsom/europython-openstack.yaml").write_text(
            "- author: Reader\n  date: 2012-07-10\n  bdy: typo\n", encoding="utf-8")
        _code, out = check(capsys)
        assert scans == ["reports/folsom/europython-openstack.md"]
        assert "unknown feedback field 'bdy'" in out
    elif change == "conf":
        conf = site / "conf.py"
        conf.write_text(conf.read_text(encoding="utf-8") + "\nnewsletter_asset_types = ['.png']\n", encoding="utf-8")
        check(capsys)
        assert len(scans) == 7
    else:
        (site / "published/folsom.json").write_text("{}", encoding="utf-8")
        check(capsys)
        assert len(scans) == 7


def test_no_cache_reads_and_writes_none(site, scans, capsys):
    check(capsys, "--no-cache")
    assert not (site.parent / "cache").exists()
    check(capsys)
    scans.clear()
    check(capsys, "--no-cache")
    assert len(scans) == 7


def test_the_cache_lives_outside_the_repository_and_a_bad_one_is_ignored(site, scans, capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSLETTER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "sphinx-newsletter"
    first = check(capsys)
    (cached,) = (tmp_path / "xdg" / "sphinx-newsletter").glob("check-*.pickle")
    assert site not in cached.parents
    cached.write_bytes(b"not a pickle")
    scans.clear()
    assert check(capsys) == first and len(scans) == 7  # read afresh, and written anew
    scans.clear()
    assert check(capsys) == first and scans == []


def test_a_change_anywhere_in_a_site_extension_package_invalidates_the_cache(site, scans, capsys, monkeypatch):
    """The key holds the site extension's whole package, not only the file it is loaded from: a change in
    a submodule (where its directives live) is checked again."""
    import os
    import sys
    import time

    package = site / "siteext"
    package.mkdir()
    (package / "__init__.py").write_text("from siteext.parts import setup  # noqa: F401\n", encoding="utf-8")
    (package / "parts.py").write_text("def setup(app):\n    return {'parallel_read_safe': True}\n", encoding="utf-8")
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nimport sys, os\nsys.path.insert(0, os.path.dirname("
                    "__file__))\nextensions.append('siteext')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    check(capsys)
    scans.clear()
    check(capsys)
    assert scans == []
    later = time.time() + 5
    os.utime(package / "parts.py", (later, later))
    sys.modules.pop("siteext", None)
    sys.modules.pop("siteext.parts", None)
    check(capsys)
    assert len(scans) == 7


def test_a_check_served_from_the_cache_starts_no_sphinx(site, tmp_path):
    """With every report unchanged the check imports neither Sphinx's application nor MyST nor the theme
    (importing them is most of the time of a check; a command-line import of the intake once pulled MyST
    in for every check, and reading the cache back, whose reports keep their threads, the feedback markup's
    parser: 50 ms)."""
    import shutil
    import subprocess
    import sys

    shutil.rmtree(site / "notes")  # an editor's note is read with the feedback markup on every check (site-wide)
    code = ("import sys\nfrom sphinx_newsletter.cli import main\ncode = main(['check'])\n"
            "print(sorted(name for name in ('myst_parser.mdit_to_docutils.sphinx_', 'sphinx.application', 'sphinx.builders.html',"
            " 'sphinx_book_theme', 'markdown_it', 'sphinx_newsletter.feedback.markup') if name in sys.modules))\n"
            "sys.exit(code)")
    environment = {**__import__("os").environ, "NEWSLETTER_CACHE_DIR": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, env=environment)
    assert first.stdout.splitlines()[-1] != "[]", first.stderr  # the first check reads through the site's Sphinx
    again = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, env=environment)
    assert again.returncode == first.returncode and again.stdout.splitlines()[-1] == "[]", again.stdout


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Change ``path``'s text without changing its size, and put its modification time back."""
    import os

    assert len(old) == len(new)
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_report_changed_with_its_size_and_time_put_back_is_read_again(site, scans, capsys, monkeypatch):
    """An unchanged report is known by its file's state, not by reading it: a change that keeps the size and
    puts the modification time back (``rsync -t``, ``touch -r``) still changes the inode's change time."""
    from sphinx_newsletter import check_cache

    monkeypatch.setattr(check_cache, "CLOCK_TICK_NS", 0)  # files written a moment ago are known by their state
    check(capsys)
    read = []
    original = checking.read_regular_file
    monkeypatch.setattr(checking, "read_regular_file", lambda path, *rest: read.append(path) or original(path, *rest))
    check(capsys)
    assert read == []  # nothing changed: no report is read
    report = site / "reports/folsom/europython-openstack.md"
    _same_size_edit(report, "drew a full room", "drew a full hall")
    scans.clear()
    check(capsys)
    assert scans == ["reports/folsom/europython-openstack.md"]
    _same_size_edit(report, "drew a full hall", "drew {zzz}`hall`")
    scans.clear()
    _code, out = check(capsys)
    assert scans == ["reports/folsom/europython-openstack.md"]
    assert 'Unknown interpreted text role "zzz"' in out


def test_a_report_changed_in_the_clock_tick_of_its_check_is_not_known_by_its_state(site, capsys, monkeypatch):
    """A file system's clock is coarse (ext4: a few milliseconds, FAT: two seconds): a report written just
    before the check read it may change again with the same times. Its entry is then not trusted by the
    file's state: its bytes are compared on the next check (as git treats a racily clean file)."""
    from sphinx_newsletter import check_cache

    check(capsys)
    cached = check_cache.CheckCache(site, "fingerprint")
    report = str(site / "reports/folsom/europython-openstack.md")
    states = check_cache.source_states([report])
    info = (site / "reports/folsom/europython-openstack.md").stat()
    cached.started = max(info.st_mtime_ns, info.st_ctime_ns) + check_cache.CLOCK_TICK_NS - 1
    assert cached.trusted(states) is None
    cached.started = max(info.st_mtime_ns, info.st_ctime_ns) + check_cache.CLOCK_TICK_NS + 1
    assert cached.trusted(states) == states
    assert cached.trusted((*states, None)) == (*states, None)


def test_a_report_that_became_a_link_is_refused_not_served_from_the_cache(site, scans, capsys, tmp_path, monkeypatch):
    import os
    import shutil

    from sphinx_newsletter import check_cache

    monkeypatch.setattr(check_cache, "CLOCK_TICK_NS", 0)
    shown = "reports/folsom/europython-openstack.md"
    assert check(capsys, shown) == (0, "")
    folder = site / "reports/folsom"
    moved = tmp_path / "elsewhere"
    shutil.move(folder, moved)  # the folder's files keep their inodes and times
    os.symlink(moved, folder)
    _code, out = check(capsys, shown)
    assert f"{shown}:1: error: not built: a symbolic link is not followed" in out


def test_a_check_adds_what_changed_to_the_cache_and_a_torn_end_loses_only_that(site, scans, capsys):
    """One changed report appends its entry to the cache file (a thousand-report cache is not written
    anew for one report); a tail cut short by a crash is left out, the entries before it are used."""
    first = check(capsys)
    (cached,) = (site.parent / "cache").glob("check-*.pickle")
    before = cached.stat()
    report = site / "reports/folsom/europython-openstack.md"
    report.write_text(report.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    scans.clear()
    check(capsys)
    after = cached.stat()
    assert scans == ["reports/folsom/europython-openstack.md"]
    assert after.st_ino == before.st_ino and after.st_size > before.st_size
    appended = cached.read_bytes()[before.st_size:]
    scans.clear()
    assert check(capsys) == first and scans == []
    with cached.open("ab") as stream:  # a second append, cut short
        stream.write(appended[: len(appended) // 2])
    scans.clear()
    assert check(capsys) == first and scans == []
    report.write_text(report.read_text(encoding="utf-8") + "\nAnd another.\n", encoding="utf-8")
    check(capsys)  # what it adds would follow the torn tail, never to be read: the file is written anew
    assert cached.stat().st_ino != before.st_ino
    scans.clear()
    check(capsys)
    assert scans == []


def test_the_cache_is_written_anew_when_its_additions_pile_up(site, scans, capsys):
    from sphinx_newsletter import check_cache

    check(capsys)
    (cached,) = (site.parent / "cache").glob("check-*.pickle")
    report = site / "reports/folsom/europython-openstack.md"
    text = report.read_text(encoding="utf-8")
    inodes = set()
    for number in range(check_cache.MAX_ADDITIONS + 1):
        report.write_text(text + f"\nLine {number}.\n", encoding="utf-8")
        check(capsys)
        inodes.add(cached.stat().st_ino)
    assert len(inodes) == 2  # appended to MAX_ADDITIONS times, then written anew (atomically: a new file)
    scans.clear()
    check(capsys)
    assert scans == []


def test_the_site_wide_checks_say_the_same_from_the_cache(site, scans, capsys):
    """The cache keeps of each report what the site-wide checks read: a duplicate and a tag spelt another
    way are told the same by a check that reads every report and by one that reads none."""
    report = site / "reports/folsom/europython-openstack.md"
    text = report.read_text(encoding="utf-8")
    (site / "reports/folsom/europython-again.md").write_text(text.replace("tags: [conference, python, testing]",
                                                                          "tags: [Conferences, python]"),
                                                             encoding="utf-8")
    fresh = check(capsys, "--no-cache")
    assert "duplicate" in fresh[1] and "tag 'Conferences' is 'conference' spelt another way" in fresh[1]
    assert check(capsys) == fresh
    scans.clear()
    assert check(capsys) == fresh and scans == []


@pytest.mark.parametrize("paths", [(), ("reports",)])
def test_a_removed_report_is_taken_out_of_the_cache(site, capsys, paths):
    import pickle

    from sphinx_newsletter import check_cache

    check(capsys, *paths)
    (site / "reports/folsom/europython-openstack.md").unlink()
    check(capsys, *paths)
    (cached,) = (site.parent / "cache").glob("check-*.pickle")
    fingerprint = pickle.loads(cached.read_bytes())[0]  # the first record's
    kept = check_cache.CheckCache(site.resolve(), fingerprint, site.parent / "cache")
    assert "reports/folsom/europython-openstack.md" not in kept.entries
    assert "reports/folsom/san-francisco-design-summit.md" in kept.entries


@pytest.mark.parametrize("relative", ["a.b/c.md", "c.md", ".md", "c.", "a/.md", "a/b/c.tar.md", "a.d/b", "x/y..md",
                                      "x/..md", "x/c..", "z"])
def test_a_reports_name_is_its_path_without_its_suffix_as_pathlib_has_it(relative):
    from pathlib import PurePosixPath

    from sphinx_newsletter.checking import without_suffix

    assert without_suffix(relative) == PurePosixPath(relative).with_suffix("").as_posix()


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="folder permissions are POSIX's")
def test_a_cache_where_others_can_write_is_neither_read_nor_written(site, scans, capsys, tmp_path, monkeypatch):
    """The cache is a pickle, and loading a pickle runs code: a folder another user can write (the file could be
    swapped between its check and its reading) is not used, nor a cache folder that is a link."""
    import os
    import shutil

    first = check(capsys)
    (cached,) = (tmp_path / "cache").glob("check-*.pickle")
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy2(cached, shared / cached.name)  # a cache a check would serve from, in a folder others can write
    os.chmod(shared, 0o777)
    monkeypatch.setenv("NEWSLETTER_CACHE_DIR", str(shared))
    scans.clear()
    assert check(capsys) == first and len(scans) == 7  # read afresh
    assert [path.name for path in shared.iterdir()] == [cached.name]  # and nothing written there
    os.chmod(shared, 0o700)
    scans.clear()
    assert check(capsys) == first and scans == []  # the same file in a private folder is served from
    linked = tmp_path / "linked"
    linked.symlink_to(tmp_path / "cache", target_is_directory=True)
    monkeypatch.setenv("NEWSLETTER_CACHE_DIR", str(linked))
    scans.clear()
    assert check(capsys) == first and len(scans) == 7  # a folder reached through a link is not trusted


def test_a_cache_file_that_is_a_link_is_not_read(site, scans, capsys, tmp_path):
    first = check(capsys)
    (cached,) = (tmp_path / "cache").glob("check-*.pickle")
    elsewhere = tmp_path / "elsewhere.pickle"
    cached.rename(elsewhere)
    cached.symlink_to(elsewhere)
    scans.clear()
    assert check(capsys) == first and len(scans) == 7


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX's")
def test_a_cache_file_that_is_a_pipe_does_not_hold_the_check(site, scans, capsys, tmp_path):
    import os
    import signal

    first = check(capsys)
    (cached,) = (tmp_path / "cache").glob("check-*.pickle")
    cached.unlink()
    os.mkfifo(cached)

    def stuck(signum, frame):
        raise AssertionError("the check waits for a writer to the pipe")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        scans.clear()
        assert check(capsys) == first and len(scans) == 7
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

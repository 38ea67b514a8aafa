"""An incremental build equals a fresh one: after seeded random sequences of the everyday changes an
editor makes to the sample site (add, retitle, retag, redate, rename and delete reports; add, edit and
hide feedback), the incremental build's output is compared with a fresh ``-E`` build's: the same files,
the same visible text and links on every page, the same search index entries, sitemap and feeds."""

from __future__ import annotations

import functools
import json
import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

OPEN_CYCLE = "reports/folsom"  # the sample site's open edition: the published ones may not change
FEEDBACK = "feedback/folsom"
TAGS = ["conference", "python", "testing", "summit", "meetup", "nova", "swift"]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a1d6e3f40000000049454e44ae426082")
PEOPLE = ["Giulia Conti", "Ann Lee", "Bo Chen", "Marco Bellini"]


def later(path: Path) -> None:
    """A modification time safely after the last build read ``path`` (file systems with coarse times)."""
    stamp = time.time() + 2 + random.random()
    path.touch()
    os.utime(path, (stamp, stamp))


def reports(site: Path) -> list[Path]:
    return sorted((site / OPEN_CYCLE).glob("*.md"))


def set_field(report: Path, key: str, value: str) -> None:
    text = report.read_text()
    head, body = text.split("\n---\n", 1)
    lines = [line for line in head.split("\n") if not line.startswith(f"{key}:")]
    report.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n---\n" + body)
    later(report)


def add_report(site: Path, rng: random.Random) -> str:
    slug = f"meetup-{rng.randrange(10_000)}"
    (site / OPEN_CYCLE / f"{slug}.md").write_text(
        f"---\ntitle: Meetup {slug}\nauthor: {rng.choice(PEOPLE)}\ndate: 2012-06-{rng.randint(10, 28)}\n"
        f"event: Meetup {slug[-2:]}\ntags: [{rng.choice(TAGS)}]\n---\n\nWe met and talked about {slug}.\n")
    return f"add {slug}"


def field_change(key: str, value, told: str):
    """A change of one front matter field of a random report of the open edition to ``value(rng)``."""
    def change(site: Path, rng: random.Random) -> str:
        report = rng.choice(reports(site))
        set_field(report, key, value(rng))
        return f"{told} {report.stem}"

    return change


retitle = field_change("title", lambda rng: f"Retitled {rng.randrange(10_000)}", "retitle")
retag = field_change("tags", lambda rng: "[" + ", ".join(rng.sample(TAGS, rng.randint(0, 2))) + "]", "retag")
reauthor = field_change("author", lambda rng: rng.choice(PEOPLE), "reauthor")
reevent = field_change("event", lambda rng: f"Event {rng.randrange(4)}", "change the event of")
redate = field_change("date", lambda rng: f"2012-{rng.choice(['05', '06', '07'])}-{rng.randint(10, 28)}", "redate")


def add_picture(site: Path, rng: random.Random) -> str:
    """A report with an image and a download beside it (what the output keeps of them must go with it)."""
    slug = f"photos-{rng.randrange(10_000)}"
    (site / OPEN_CYCLE / f"{slug}.png").write_bytes(PNG)  # copied as it is: any bytes
    (site / OPEN_CYCLE / f"{slug}.txt").write_text("Slides.\n")
    (site / OPEN_CYCLE / f"{slug}.md").write_text(
        f"---\ntitle: Photos {slug}\nauthor: {rng.choice(PEOPLE)}\ndate: 2012-06-{rng.randint(10, 28)}\n---\n\n"
        f"![The room]({slug}.png)\n\n{{download}}`The slides <{slug}.txt>`\n")
    return f"add {slug} with a picture"


def list_pages(site: Path, rng: random.Random) -> str:
    """A toctree in a report, listing other reports (their titles show in its page, and follow them)."""
    choices = reports(site)
    report = rng.choice(choices)
    listed = rng.sample([other for other in choices if other != report] or [report], k=1)
    with report.open("a", encoding="utf-8") as out:
        out.write("\n```{toctree}\n" + "".join(f"{other.stem}\n" for other in listed) + "```\n")
    later(report)
    return f"list {', '.join(other.stem for other in listed)} in {report.stem}"


def rename(site: Path, rng: random.Random) -> str:
    report = rng.choice(reports(site))
    target = report.with_name(f"renamed-{rng.randrange(10_000)}.md")
    report.rename(target)
    later(target)
    feedback = site / FEEDBACK / f"{report.stem}.yaml"
    if feedback.exists():
        moved = feedback.with_name(f"{target.stem}.yaml")
        feedback.rename(moved)
        later(moved)
    return f"rename {report.stem} {target.stem}"


def delete(site: Path, rng: random.Random) -> str:
    choices = reports(site)
    if len(choices) < 2:
        return add_report(site, rng)
    report = rng.choice(choices)
    report.unlink()
    (site / FEEDBACK / f"{report.stem}.yaml").unlink(missing_ok=True)
    return f"delete {report.stem}"


def entries(site: Path, report: Path) -> tuple[Path, list]:
    path = site / FEEDBACK / f"{report.stem}.yaml"
    return path, (yaml.safe_load(path.read_text()) or []) if path.exists() else []


def add_feedback(site: Path, rng: random.Random) -> str:
    report = rng.choice(reports(site))
    path, found = entries(site, report)
    found.append({"author": rng.choice(PEOPLE), "date": f"2012-07-{rng.randint(10, 28)}",
                  "body": f"Comment number {rng.randrange(10_000)}.\n"})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(found, sort_keys=False))
    later(path)
    return f"comment on {report.stem}"


def _change_an_entry(site: Path, rng: random.Random, what: str, change) -> str:
    report = rng.choice([report for report in reports(site) if entries(site, report)[1]] or [None])
    if report is None:
        return add_feedback(site, rng)
    path, found = entries(site, report)
    change(rng.choice(found))
    path.write_text(yaml.safe_dump(found, sort_keys=False))
    later(path)
    return f"{what} a comment on {report.stem}"


def edit_feedback(site: Path, rng: random.Random) -> str:
    return _change_an_entry(site, rng, "edit", lambda entry: entry.update(body=f"Edited to say {rng.randrange(10_000)}.\n"))


def hide_feedback(site: Path, rng: random.Random) -> str:
    return _change_an_entry(site, rng, "hide", lambda entry: entry.update(status=rng.choice(["hidden", "removed"])))


CHANGES = [add_report, add_picture, retitle, retag, reauthor, reevent, redate, rename, delete, add_feedback, edit_feedback,
           hide_feedback, list_pages]


class Page(bytes):
    """An HTML page's bytes; two pages are the same when their bytes are, or else when what a reader sees
    of them is (``page_view``, made only then: parsing every page of two builds took 40 % of the test)."""

    def __eq__(self, other: object) -> bool:
        return bytes.__eq__(self, other) or (isinstance(other, Page) and page_view(self) == page_view(other))

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = bytes.__hash__

    def __str__(self) -> str:
        return str(page_view(self))


def page_view(page: bytes) -> tuple[str, tuple[str, ...]]:
    """The visible text and the link targets of an HTML page."""
    soup = BeautifulSoup(page.decode("utf-8"), "html.parser")
    for hidden in soup(["script", "style", "noscript"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split()), tuple(a["href"] for a in soup.find_all("a", href=True))


def search_entries(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    names = index["docnames"]
    titles = dict(zip(names, index["titles"], strict=True))
    terms = {term: sorted(names[i] for i in ([docs] if isinstance(docs, int) else docs))
             for term, docs in index["terms"].items() if docs != []}  # Sphinx keeps a word no page has any more
    return {"titles": titles, "terms": terms}


PAGEFIND_NUMBERED = re.compile(r"^pagefind/(editions/[a-z0-9_-]+/)?(filter/|index/|pagefind\.|pagefind-entry\.json)")
"""Pagefind's chunks that refer to pages by number, in each index (the editions' pages', and each of the
reports' by edition): the files of one index differ with the order Pagefind finds the files in. Its
fragments (one per page: its address, text, filters and fields, named by their content) are compared."""


def output(outdir: Path) -> dict[str, object]:
    """What a reader and a crawler see of a build folder."""
    seen: dict[str, object] = {}
    for path in sorted(outdir.rglob("*")):
        relative = path.relative_to(outdir).as_posix()
        if not path.is_file() or relative.startswith((".doctrees", "_static/")) or relative == ".buildinfo":
            continue
        if PAGEFIND_NUMBERED.match(relative):
            continue  # Pagefind numbers pages in the order it finds the files; each page's own fragment is compared
        if path.suffix == ".html":
            seen[relative] = Page(path.read_bytes())
        elif relative == "searchindex.js":
            seen[relative] = search_entries(path)
        elif path.suffix == ".xml":
            seen[relative] = re.sub(r"<(lastBuildDate|updated|generator)>[^<]*</\1>", "", path.read_text())
        else:
            seen[relative] = path.read_bytes()
    return seen


def differences(incremental: dict, fresh: dict) -> list[str]:
    found = [f"only in the incremental build: {name}" for name in sorted(set(incremental) - set(fresh))]
    found += [f"only in the fresh build: {name}" for name in sorted(set(fresh) - set(incremental))]
    for name in sorted(set(incremental) & set(fresh)):
        if incremental[name] != fresh[name]:
            found.append(f"differs: {name}: {_first_difference(incremental[name], fresh[name])}")
    return found


def _first_difference(a, b) -> str:
    a, b = str(a), str(b)
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"…{a[max(0, at - 60):at + 60]!r} against …{b[max(0, at - 60):at + 60]!r}"


def build_site(make_app, site: Path, builddir: Path, fresh: bool) -> Path:
    """The site built in ``builddir``: afresh, or on top of the last build there."""
    if fresh:
        shutil.rmtree(builddir, ignore_errors=True)
    app = make_app("html", srcdir=site, builddir=builddir, freshenv=fresh)
    app.build()
    return Path(app.outdir)


SEEDS = int(os.environ.get("NEWSLETTER_INCREMENTAL_SEEDS", "2"))  # more for a longer search (16 passed)


@pytest.mark.parametrize("seed", range(1, SEEDS + 1))
def test_an_incremental_build_equals_a_fresh_one_after_every_change(seed, tmp_path, make_app):
    from conftest import copy_sample_site

    site = copy_sample_site(tmp_path / "site")
    rng = random.Random(seed)

    build = functools.partial(build_site, make_app, site)

    build(tmp_path / "incremental", fresh=False)
    done = []
    for _ in range(5):
        done.append(rng.choice(CHANGES)(site, rng))
        found = differences(output(build(tmp_path / "incremental", fresh=False)),
                            output(build(tmp_path / "fresh", fresh=True)))
        assert not found, f"after {' → '.join(done)}:\n" + "\n".join(found[:12])


def test_a_deleted_report_leaves_nothing_behind(tmp_path, make_app):
    """Its page, source copy, image, download, thread feed, sitemap entry, and the pages of the tag,
    author and event only it had are gone after the next incremental build."""
    from conftest import copy_sample_site

    site = copy_sample_site(tmp_path / "site")
    add_picture(site, random.Random(7))
    report = next(site.glob(f"{OPEN_CYCLE}/photos-*.md"))
    set_field(report, "tags", "[only-here]")
    set_field(report, "event", "Only Here")
    set_field(report, "author", "Solo Writer")
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    outdir = Path(app.outdir)
    left = {f"{OPEN_CYCLE}/{report.stem}.html", f"_sources/{OPEN_CYCLE}/{report.stem}.md",
            f"_images/{report.stem}.png", "tags/only-here.html", "events/only-here.html", "authors/solo-writer.html",
            f"feeds/feedback/folsom/{report.stem}.xml"}
    assert {name for name in left if (outdir / name).is_file()} == left
    assert any(path.name == f"{report.stem}.txt" for path in (outdir / "_downloads").rglob("*"))
    report.unlink()
    app = make_app("html", srcdir=site, builddir=tmp_path / "build")
    app.build()
    assert {name for name in left if (outdir / name).exists()} == set()
    assert not any(path.name == f"{report.stem}.txt" for path in (outdir / "_downloads").rglob("*"))
    assert report.stem not in (outdir / "sitemap.xml").read_text()


@pytest.mark.parametrize("then", ["retitle", "delete", "rename"])
def test_a_reports_list_of_pages_follows_what_it_lists(then, tmp_path, make_app):
    """A report's toctree shows the titles of the reports it lists: after one of them is retitled, deleted
    or renamed, the incremental build shows what a fresh one shows. (Here the edition's other reports are
    written again anyway, as its listing changed; tests/test_incremental.py lists a page of another edition.)"""
    from conftest import copy_sample_site

    site = copy_sample_site(tmp_path / "site")

    build = functools.partial(build_site, make_app, site)

    lister, listed = site / OPEN_CYCLE / "first.md", site / OPEN_CYCLE / "last.md"  # the edition's reports between
    for path, day in ((lister, "04-10"), (listed, "09-25")):                        # them: no pager shows its title
        path.write_text(f"---\ntitle: {path.stem.title()}\nauthor: Ann\ndate: 2012-{day}\n---\n\nText.\n")
    with lister.open("a", encoding="utf-8") as out:
        out.write(f"\n```{{toctree}}\n{listed.stem}\n```\n")
    build(tmp_path / "incremental", fresh=False)
    if then == "retitle":
        set_field(listed, "title", "A title of its own")
    elif then == "delete":
        listed.unlink()
    else:
        target = listed.with_name("moved-away.md")
        listed.rename(target)
        later(target)
    found = differences(output(build(tmp_path / "incremental", fresh=False)),
                        output(build(tmp_path / "fresh", fresh=True)))
    assert not found, "\n".join(found[:12])

"""Where imported posts land and what is written (``importing/writer.py``), with verdicts written by hand:
this post goes to that edition under this name with this front matter, that one is refused or skipped for
this reason, these comments become these feedback entries, this summary is printed. Posts are made here and
planned into a copy of the sample site (``make mutation`` runs, for a mutant, the tests that ran its code)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import copy_sample_site

from sphinx_newsletter.checking import Site
from sphinx_newsletter.core.paths import UnsafeFile
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.importing import writer
from sphinx_newsletter.importing.disqus import DisqusExport, Thread
from sphinx_newsletter.importing.markup import POST_LINK
from sphinx_newsletter.importing.model import Comment, Post, Skipped, Source

D = dt.date
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d5e0f70000000049454e44ae426082")
CYCLES = ("diablo (2011-04-15 to 2011-09-22), essex (2011-09-22 to 2012-04-05), folsom (2012-04-05 to 2012-09-27)")


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(copy_sample_site(tmp_path / "site"))


def source(*posts: Post, kind: str = "jekyll") -> Source:
    return Source(kind, identity="https://blog.example.org/", posts=list(posts))


def post(slug: str, day: dt.date, **fields) -> Post:
    return Post(**{"origin": f"_posts/{day}-{slug}.md", "where": f"_posts/{day}-{slug}.md", "title": slug.title(),
                   "date": day, "body": f"{slug.title()} text.\n", "slug": slug, "authors": ("Ann",), **fields})


def nothing_wrong(texts, files):
    return {}


def planned(outcome: writer.Outcome) -> dict[str, tuple]:
    return {item.shown: (item.state, item.cycle.name if item.cycle else None, item.late) for item in outcome.planned}


# Where each post goes


def test_a_post_goes_to_the_edition_its_date_falls_in_as_a_new_report(site):
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1)), post("beta", D(2012, 9, 26))), nothing_wrong)
    assert planned(outcome) == {"reports/folsom/alpha.md": ("new", "folsom", False),
                                "reports/folsom/beta.md": ("new", "folsom", False)}
    assert outcome.refusal is None and outcome.skipped == []
    assert outcome.planned[0].path == site.reports_path / "folsom/alpha.md"
    assert outcome.planned[0].origin == "_posts/2012-05-01-alpha.md"


def test_posts_dated_in_published_editions_are_refused_unless_late(site):
    posts = [post("old", D(2011, 10, 1)), post("older", D(2011, 5, 1)), post("other", D(2011, 11, 1)),
             post("new", D(2012, 5, 1))]
    outcome = writer.plan(site, source(*posts), nothing_wrong)
    assert outcome.refusal == (
        "3 post(s) are dated in published editions, which do not change: 2 in the Essex edition, published on "
        "2012-04-12 (e.g. _posts/2011-10-01-old.md); 1 in the Diablo edition, published on 2011-09-30 (e.g. "
        "_posts/2011-05-01-older.md). Pass --late to add them to the edition in progress as late reports (their "
        "dates stay), or --since a date after those editions to leave them out; nothing was written")
    late = writer.plan(site, source(*posts), nothing_wrong, late=True)
    assert late.refusal is None
    assert planned(late) == {"reports/folsom/old.md": ("new", "folsom", True),
                             "reports/folsom/older.md": ("new", "folsom", True),
                             "reports/folsom/other.md": ("new", "folsom", True),
                             "reports/folsom/new.md": ("new", "folsom", False)}
    assert "date: 2011-10-01\n" in late.planned[0].text  # a late report keeps its date


def test_no_edition_in_progress_takes_no_late_report(site, monkeypatch):
    folsom = site.cycles["folsom"]
    monkeypatch.setitem(site.cycles, "folsom", type(folsom)(**{**folsom.__dict__, "status": "published",
                                                               "published": D(2012, 10, 1)}))
    outcome = writer.plan(site, source(post("old", D(2011, 10, 1))), nothing_wrong, late=True)
    assert outcome.planned == []
    assert outcome.skipped == [Skipped("_posts/2011-10-01-old.md", "the Essex edition is published and no edition is "
                                                                   "in progress to take it as a late report")]


def test_posts_no_cycle_covers_posts_before_since_and_repeated_posts_are_skipped(site):
    posts = [post("ancient", D(1999, 1, 1)), post("early", D(2012, 4, 10)), post("alpha", D(2012, 5, 1)),
             post("again", D(2012, 5, 2), origin="_posts/2012-05-01-alpha.md"), post("twin", D(2012, 5, 3),
                                                                                      identity="wp-1"),
             post("twin2", D(2012, 5, 4), identity="wp-1")]
    outcome = writer.plan(site, source(*posts), nothing_wrong, since=D(2012, 4, 11))
    assert list(planned(outcome)) == ["reports/folsom/alpha.md", "reports/folsom/twin.md"]
    assert outcome.before_since == 2  # ancient and early
    assert outcome.skipped == [
        Skipped("_posts/2012-05-02-again.md", "the same post as _posts/2012-05-01-alpha.md (origin "
                                              "_posts/2012-05-01-alpha.md)"),
        Skipped("_posts/2012-05-04-twin2.md", "the same post as _posts/2012-05-03-twin.md (origin wp-1)")]
    assert writer.plan(site, source(posts[0]), nothing_wrong).skipped == [Skipped(
        "_posts/1999-01-01-ancient.md", f"no cycle covers 1999-01-01: add one to newsletter_cycles in conf.py "
                                        f"(cycles: {CYCLES})")]


def test_a_name_already_taken_gets_a_number_and_names_are_bounded(site, monkeypatch):
    (site.reports_path / "folsom").mkdir(exist_ok=True)
    (site.reports_path / "folsom/alpha.md").write_text("mine\n", encoding="utf-8")
    taken = {site.reports_path / "folsom/alpha-2.md"}
    folder = site.reports_path / "folsom"
    assert writer._free_path(folder, post("alpha", D(2012, 5, 1)), taken) == folder / "alpha-3.md"
    assert writer._free_path(folder, post("", D(2012, 5, 1), title="A Title!"), set()) == folder / "a-title.md"
    assert writer.re.fullmatch(r"x[0-9a-f]{8}\.md", writer._free_path(folder, post("", D(2012, 5, 1), title="!"),
                                                                     set()).name)  # a slug of nothing: a digest
    assert writer._free_path(folder, post("con", D(2012, 5, 1)), set()) == folder / "con-post.md"
    long = writer._free_path(folder, post("é" * 100, D(2012, 5, 1)), set()).stem
    assert writer.re.fullmatch(r"é+_[0-9a-f]{8}", long) and 100 < len(long.encode()) <= 120  # a slug is bounded
    monkeypatch.setattr(writer.os.path, "lexists", lambda path: True)
    with pytest.raises(ValueError) as full:
        writer._free_path(folder, post("alpha", D(2012, 5, 1)), set())
    assert str(full.value) == f"no free file name for alpha in {folder}"


# The report's text


def test_the_report_is_front_matter_in_newsletter_news_order_then_the_body():
    item = post("alpha", D(2012, 5, 1), authors=("Ann", " ", "Bo\x07"), tags=("x", "X", " y ", ""), summary="Sum",
                location="Paris", event="PyCon", draft=True, body="\n\nBody.\n\n\n")
    assert writer.report_text(item, item.body) == (
        "---\ntitle: Alpha\nauthors: [Ann, Bo]\ndate: 2012-05-01\nevent: PyCon\nlocation: Paris\ntags: [x, y]\n"
        "summary: Sum\ndraft: true\norigin: _posts/2012-05-01-alpha.md\n---\n\nBody.\n")
    assert item.notes == ["'author': invisible control characters removed (U+0007 CONTROL)"]


def test_a_report_without_title_or_author_says_so():
    item = post("alpha", D(2012, 5, 1), title="  ", authors=())
    assert writer.report_text(item, "B.") == (
        "---\ntitle: Untitled post of 2012-05-01\nauthor: Unknown author\ndate: 2012-05-01\ntags: []\n"
        "origin: _posts/2012-05-01-alpha.md\n---\n\nB.\n")
    assert item.notes == ["the post has no author: 'Unknown author' is written; put the right name in"]


def test_links_to_other_imported_posts_become_relative_paths(site):
    alpha = post("alpha", D(2012, 5, 1), addresses=("https://blog.example.org/2012/alpha/",), body=(
        f"[b]({POST_LINK}beta) [b2]({POST_LINK}2012-05-02-beta.md#part) [b3]({POST_LINK}_posts/2012-05-02-beta.md) "
        f"[b4]({POST_LINK}content/posts/beta) {POST_LINK}beta [old](https://blog.example.org/2012/beta) "
        f"[self](https://blog.example.org/2012/alpha/) [else](https://else.example.org/) "
        f"<a href=\"{POST_LINK}beta\">h</a> <a href=\"{POST_LINK}gone\">g</a> [g]({POST_LINK}gone) {POST_LINK}[x]\n"))
    beta = post("beta", D(2012, 5, 2), addresses=("https://blog.example.org/2012/beta/",))
    outcome = writer.plan(site, source(alpha, beta), nothing_wrong)
    assert outcome.planned[0].text.split("---\n\n")[1] == (
        "[b](beta.md) [b2](beta.md) [b3](beta.md) [b4](beta.md) beta.md [old](beta.md) "
        "[self](https://blog.example.org/2012/alpha/) [else](https://else.example.org/) "
        '<a href="beta.html">h</a> <a href="#">g</a> g \\[x]\n')
    assert outcome.planned[0].attention == [
        "reports/folsom/alpha.md: a link to 'gone', which is not imported, is kept as text"] * 2 + [
        "reports/folsom/alpha.md: a link to '[x', which is not imported, is kept as text"]


def test_a_post_is_known_by_its_slug_path_and_file_name_with_or_without_date(site):
    item = writer.Planned(post("slug", D(2012, 5, 1), origin="_posts/2012-05-01-name.md"), Path("/r/slug.md"), "", "",
                          "new", None)
    other = writer.Planned(post("x", D(2012, 5, 1), origin="https://blog.example.org/x/"), Path("/r/x.md"), "", "",
                           "new", None)
    assert writer._post_names([item, other]) == {
        "slug": Path("/r/slug.md"), "_posts/2012-05-01-name.md": Path("/r/slug.md"),
        "2012-05-01-name": Path("/r/slug.md"), "name": Path("/r/slug.md"), "x": Path("/r/x.md"),
        "https://blog.example.org/x/": Path("/r/x.md")}


def test_the_posts_pictures_are_copied_beside_it_under_tidy_names(site, tmp_path):
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "Photo Ä.PNG").write_bytes(PNG)
    (blog / "x.png").write_bytes(PNG)
    (blog / "other").mkdir()
    (blog / "other/x.png").write_bytes(PNG)
    item = post("alpha", D(2012, 5, 1), body="![a](Photo%20Ä.PNG) ![b](x.png) ![c](other/x.png) ![d](x.png) "
                                             "![e](output-1.png) ![f](remote.png)\n",
                pictures={"Photo%20Ä.PNG": blog / "Photo Ä.PNG", "x.png": blog / "x.png",
                          "other/x.png": blog / "other/x.png", "output-1.png": PNG})
    checked = []
    outcome = writer.plan(site, source(item), lambda texts, files: checked.append(files) or {})
    [plan] = outcome.planned
    assert plan.text.split("---\n\n")[1] == (
        "![a](alpha/Photo-Ä.png) ![b](alpha/x.png) ![c](alpha/x-2.png) ![d](alpha/x.png) ![e](alpha/output-1.png) "
        "![f](remote.png)\n")
    folder = site.reports_path / "folsom/alpha"
    assert plan.pictures == [(blog / "Photo Ä.PNG", folder / "Photo-Ä.png"), (blog / "x.png", folder / "x.png"),
                             (blog / "other/x.png", folder / "x-2.png"), (PNG, folder / "output-1.png")]
    assert checked == [{"reports/folsom/alpha/Photo-Ä.png": blog / "Photo Ä.PNG",
                        "reports/folsom/alpha/x.png": blog / "x.png", "reports/folsom/alpha/x-2.png": blog / "other/x.png",
                        "reports/folsom/alpha/output-1.png": PNG}]
    (folder).mkdir(parents=True)
    (folder / "x.png").write_bytes(b"mine")  # already there: not overwritten
    (blog / "other/x.png").unlink()
    writer.write(site, outcome)
    assert (folder / "Photo-Ä.png").read_bytes() == PNG and (folder / "output-1.png").read_bytes() == PNG
    assert (folder / "x.png").read_bytes() == b"mine" and not (folder / "x-2.png").exists()
    assert plan.post.notes[-1].startswith("picture x-2.png is not copied: ")
    assert "Pictures of the blog copied beside their reports: 4" in writer.summary(outcome, source(item), False)
    assert "Pictures of the blog to copy beside their reports: 4" in writer.summary(outcome, source(item), True)


def test_the_builds_problems_are_told_at_their_lines_after_the_posts_notes(site):
    item = post("alpha", D(2012, 5, 1), authors=())
    problems = {"reports/folsom/alpha.md": [Problem(7, W.UNSAFE, "raw HTML removed")]}
    outcome = writer.plan(site, source(item), lambda texts, files: problems)
    assert outcome.planned[0].attention == [
        "reports/folsom/alpha.md: the post has no author: 'Unknown author' is written; put the right name in",
        "reports/folsom/alpha.md:7: raw HTML removed"]


def test_code_in_a_language_sphinx_cannot_highlight_is_written_plain_and_said(site, tmp_path):
    """The Kubernetes blog's Mermaid diagrams: a language Pygments does not know, a warning in every build."""
    body = "Before.\n\n```mermaid\ngraph TD;\n```\n\n```txt\nplain\n```\n\n```mermaid\nA-->B\n```\n\n```go\nx := 1\n```\n"
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1), body=body)), nothing_wrong)
    (item,) = outcome.planned
    assert item.text.endswith("Before.\n\n```text\ngraph TD;\n```\n\n```text\nplain\n```\n\n```text\nA-->B\n```\n\n"
                              "```go\nx := 1\n```\n")
    assert item.attention == ["reports/folsom/alpha.md: code marked mermaid, txt (a language Sphinx cannot highlight "
                              "as written: the build would warn) is written as plain text, or as the language a lang- "
                              "name gives"]
    plain = writer.plan(site, source(post("beta", D(2012, 5, 1), body="```go\nx := 1\n```\n")), nothing_wrong)
    assert plain.planned[0].attention == []


def test_code_sphinx_cannot_read_as_its_language_is_written_forced_and_said(site):
    """Made Mistakes' and Performance Matters' code in a language Pygments knows but cannot read as written
    (a shell session marked JSON): a warning in every build, then the code highlighted as far as it lexes."""
    body = "```json\n$ curl x\n```\n\n```c\nint x = `;\n```\n\n```mermaid\nA\n```\n\n```json\n{}\n```\n"
    (item,) = writer.plan(site, source(post("alpha", D(2012, 5, 1), body=body)), nothing_wrong).planned
    assert item.text.endswith("```{code-block} json\n:force:\n$ curl x\n```\n\n```{code-block} c\n:force:\n"
                              "int x = `;\n```\n\n```text\nA\n```\n\n```json\n{}\n```\n")
    assert item.attention[1:] == ["reports/folsom/alpha.md: code marked c, json that Pygments cannot read as that "
                                  "language (the build would warn, then highlight it as far as it reads) is written "
                                  "as a code-block with its force option: the same page"]
    plain = writer.plan(site, source(post("beta", D(2012, 5, 1), body="```json\n{}\n```\n")), nothing_wrong)
    assert plain.planned[0].attention == []


def fail_report_text(monkeypatch, slug: str, error: Exception) -> None:
    """``report_text`` raises ``error`` for the post of ``slug`` and works for the others."""
    real = writer.report_text

    def failing(item, body):
        if item.slug == slug:
            raise error
        return real(item, body)

    monkeypatch.setattr(writer, "report_text", failing)


def test_only_new_reports_are_checked_and_a_post_that_fails_costs_only_itself(site, monkeypatch):
    checked = []
    fail_report_text(monkeypatch, "beta", RecursionError("deep"))
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1)), post("beta", D(2012, 5, 2))),
                          lambda texts, files: checked.append(sorted(texts)) or {})
    assert list(planned(outcome)) == ["reports/folsom/alpha.md"]
    assert [item.where for item in outcome.skipped] == ["_posts/2012-05-02-beta.md"]
    assert checked == [["reports/folsom/alpha.md"]]


# Importing again


def test_an_import_run_again_writes_nothing_and_keeps_what_the_editors_changed_or_deleted(site):
    posts = [post("alpha", D(2012, 5, 1)), post("beta", D(2012, 5, 2)), post("gamma", D(2012, 5, 3))]
    first = writer.plan(site, source(*posts), nothing_wrong)
    writer.write(site, first)
    ledger = json.loads(first.ledger.path.read_text(encoding="utf-8"))
    assert sorted(entry["report"] for entry in ledger["posts"].values()) == [
        "reports/folsom/alpha.md", "reports/folsom/beta.md", "reports/folsom/gamma.md"]
    (site.reports_path / "folsom/beta.md").write_text("edited\n", encoding="utf-8")
    (site.reports_path / "folsom/gamma.md").unlink()
    os.utime(first.ledger.path, ns=(1, 1))
    again = writer.plan(site, source(*posts), nothing_wrong)
    assert planned(again) == {"reports/folsom/alpha.md": ("unchanged", "folsom", False),
                              "reports/folsom/beta.md": ("kept", "folsom", False)}
    assert again.skipped == [Skipped("_posts/2012-05-03-gamma.md", "reports/folsom/gamma.md was deleted by the editors "
                                     "after an earlier import: not imported again (remove its entry from imported/"
                                     f"{first.ledger.path.name} to import it again)")]
    writer.write(site, again)
    assert first.ledger.path.stat().st_mtime_ns == 1  # nothing new: the ledger is not written again
    assert (site.reports_path / "folsom/beta.md").read_text(encoding="utf-8") == "edited\n"
    lines = writer.summary(again, source(*posts), False)
    assert lines[0] == "0 report(s) written, 1 unchanged, 1 kept as they are; 0 comment(s) added to 0 feedback file(s)"
    assert lines[1:3] == ["Kept as they are (each differs from the export: edited by hand since it was imported, or "
                          "changed at the source; delete a file to import it again):", "  reports/folsom/beta.md"]


def test_the_ledger_keeps_each_posts_web_addresses_and_grows_with_each_import(site):
    alpha = post("alpha", D(2012, 5, 1), origin="https://blog.example.org/2012/alpha/",
                 addresses=("https://blog.example.org/?p=1", "/2012/alpha/", "HTTP://BLOG.EXAMPLE.ORG/A"))
    writer.write(site, writer.plan(site, source(alpha), nothing_wrong))
    beta = post("beta", D(2012, 5, 2))
    outcome = writer.plan(site, source(alpha, beta), nothing_wrong)
    writer.write(site, outcome)
    assert json.loads(outcome.ledger.path.read_text(encoding="utf-8"))["posts"] == {
        "https://blog.example.org/2012/alpha/": {
            "report": "reports/folsom/alpha.md", "comments": [],
            "addresses": ["https://blog.example.org/2012/alpha/", "https://blog.example.org/?p=1"]},
        "_posts/2012-05-02-beta.md": {"report": "reports/folsom/beta.md", "comments": []}}


def import_into(site: Site, folder: str, *posts: Post) -> None:
    """An earlier import of ``posts``, whose reports the editors then moved to ``reports/<folder>/``."""
    earlier = writer.plan(site, source(*posts), nothing_wrong)
    for item in earlier.planned:
        item.path = site.reports_path / folder / item.path.name
        item.shown = f"reports/{folder}/{item.path.name}"
    writer.write(site, earlier)


def test_a_report_an_earlier_import_put_in_a_folder_that_is_no_cycle_stays_there(site):
    item = post("alpha", D(2012, 5, 1))
    import_into(site, "elsewhere", item)
    again = writer.plan(site, source(item), nothing_wrong)
    assert planned(again) == {"reports/elsewhere/alpha.md": ("unchanged", "folsom", False)}  # its date's


def test_a_report_path_that_leads_outside_the_reports_is_refused(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(site.reports_path / "folsom", ignore_errors=True)
    (site.reports_path / "folsom").symlink_to(outside)
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1))), nothing_wrong)
    assert outcome.planned == []
    assert [(item.where, item.reason) for item in outcome.skipped] == [
        ("_posts/2012-05-01-alpha.md", "not imported: it could not be converted (ValueError: refusing to write "
                                       "reports/folsom/alpha.md: it is not inside reports/)")]


def test_a_file_that_cannot_be_written_is_skipped_and_the_others_written(site, monkeypatch):
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1), comments=[comment("a", 2)]),
                                       post("beta", D(2012, 5, 2))), nothing_wrong)
    real = writer._write

    def refuse_alpha(path, text, folder):
        if path.name == "alpha.md":
            raise UnsafeFile("reports/folsom is a symbolic link")
        real(path, text, folder)

    monkeypatch.setattr(writer, "_write", refuse_alpha)
    writer.write(site, outcome)
    assert [(item.shown, item.state) for item in outcome.planned] == [("reports/folsom/alpha.md", "failed"),
                                                                       ("reports/folsom/beta.md", "new")]
    assert outcome.skipped == [Skipped("_posts/2012-05-01-alpha.md", "not written: reports/folsom is a symbolic link")]
    assert [entry["report"] for entry in json.loads(outcome.ledger.path.read_text())["posts"].values()] == [
        "reports/folsom/beta.md"]
    assert writer.summary(outcome, source(), False)[0] == ("1 report(s) written, 0 unchanged, 0 kept as they are; "
                                                           "0 comment(s) added to 0 feedback file(s)")


def test_writing_outside_its_folder_is_refused(tmp_path):
    with pytest.raises(ValueError) as refused:
        writer._write(tmp_path / "feedback/x.yaml", "x", tmp_path / "reports")
    assert str(refused.value) == f"refusing to write {tmp_path / 'feedback/x.yaml'}: not inside {tmp_path / 'reports'}"


# Comments as feedback entries


def test_a_comment_id_is_lowercase_letters_digits_and_dashes():
    assert writer.entry_id("Disqus-123_ABC") == "disqus-123-abc"
    assert writer.entry_id("--a--") == "a"
    assert writer.entry_id("x" * 79 + "-yz") == "x" * 79
    assert writer.entry_id("!!!") is None
    assert writer.entry_id("") is None


def comment(key: str, day: int, parent: str | None = None, **fields) -> Comment:
    return Comment(**{"key": key, "author": key.upper(), "date": D(2012, 5, day), "body": f"{key} said.",
                      "parent": parent, **fields})


def test_a_reply_dated_before_its_parent_follows_it_and_loops_answer_nothing():
    comments = [comment("b", 1, "a"), comment("a", 2), comment("s", 3, "s"), comment("x", 4, "y"),
                comment("y", 5, "x"), comment("z", 6, "gone")]
    ordered = writer._parents_first(comments)
    assert [(item.key, item.parent) for item in ordered] == [
        ("a", None), ("b", "a"), ("s", None), ("z", "gone"), ("x", None), ("y", None)]


def test_comments_become_entries_nested_under_new_ones_pointed_at_known_ones():
    notes: list[str] = []
    entries = writer.comment_entries([
        comment("a", 2, author=" \x07 ", likes=3, url="https://a.example", body="Line  \nnext  \n\n"),
        comment("b", 1, "a"), comment("c", 3, "known-1"), comment("d", 4, "deleted-1"), comment("known-1", 1),
        comment("deleted-1", 1), comment("!!!", 5)], {"known-1"}, notes, frozenset({"deleted-1"}))
    assert entries == [  # in thread order: a comment, then its replies
        {"id": "d", "author": "D", "date": D(2012, 5, 4), "body": "d said.\n"},  # its parent deleted: on its own
        {"id": "c", "author": "C", "date": D(2012, 5, 3), "reply_to": "comment-known-1", "body": "c said.\n"},
        {"id": "a", "author": "Anonymous", "date": D(2012, 5, 2), "likes": 3, "url": "https://a.example",
         "body": "Line\nnext\n", "replies": [{"id": "b", "author": "B", "date": D(2012, 5, 2), "body": "b said.\n"}]}]
    assert notes == []


def test_replies_deeper_than_a_thread_shows_are_placed_at_its_deepest_level():
    chain = [comment("c0", 1)] + [comment(f"c{number}", 1 + number, f"c{number - 1}") for number in range(1, 11)]
    notes: list[str] = []
    [top] = writer.comment_entries(chain, set(), notes)
    depth, entry = 1, top
    while entry.get("replies"):
        depth += 1
        entry = entry["replies"][-1]
    assert depth == 8
    assert [reply["id"] for reply in entry.get("replies", [])] == []
    eighth_parent = top
    for _ in range(6):
        eighth_parent = eighth_parent["replies"][0]
    assert [reply["id"] for reply in eighth_parent["replies"]] == ["c7", "c8", "c9", "c10"]
    assert notes == ["replies nested more than 8 deep are placed at the 8th level"]


def test_comments_are_merged_into_the_feedback_file_as_new_entries_at_its_end(site):
    item = post("alpha", D(2012, 5, 1), comments=[comment("a", 2), comment("b", 3, "a")])
    first = writer.plan(site, source(item), nothing_wrong)
    [plan] = first.planned
    assert plan.feedback_path == site.feedback_path / "folsom/alpha.yaml"
    assert plan.feedback_text == (
        "# Reader feedback for reports/folsom/alpha.md, imported from Jekyll\n- id: a\n  author: A\n  date: 2012-05-02\n"
        "  body: |\n    a said.\n  replies:\n  - id: b\n    author: B\n    date: 2012-05-03\n    body: |\n      b said.\n")
    assert (plan.comments_added, plan.comment_ids) == (2, ["a", "b"])
    writer.write(site, first)
    path = site.feedback_path / "folsom/alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")  # the editors' last touch
    item.comments.append(comment("c", 4))
    again = writer.plan(site, source(item), nothing_wrong)
    assert again.planned[0].feedback_text == path.read_text(encoding="utf-8") + (
        "\n- id: c\n  author: C\n  date: 2012-05-04\n  body: |\n    c said.\n")
    assert writer.summary(again, source(item), True)[2] == "  reports/folsom/alpha.md (comments only, 1 comment(s) in " \
                                                          "alpha.yaml)"


def test_comments_the_editors_deleted_stay_deleted(site):
    item = post("alpha", D(2012, 5, 1), comments=[comment("a", 2), comment("b", 3)])
    writer.write(site, writer.plan(site, source(item), nothing_wrong))
    path = site.feedback_path / "folsom/alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("- id: b")[0], encoding="utf-8")
    again = writer.plan(site, source(item), nothing_wrong)
    assert again.planned[0].feedback_text is None
    assert again.planned[0].post.notes == ["1 comment(s) the editors deleted after an earlier import are not imported "
                                           "again"]
    assert again.planned[0].comment_ids == ["a", "b"]  # still remembered as imported


@pytest.mark.parametrize(("content", "told"), [
    (b"\xff\xfe not UTF-8", "feedback/folsom/alpha.yaml: not merged, the file cannot be read "
                            "('utf-8' codec can't decode byte 0xff in position 0: invalid start byte)"),
    (b"- id: [unclosed\n", "feedback/folsom/alpha.yaml: not merged: fix the file first "
                           "(newsletter check feedback/folsom/alpha.yaml)"),
])
def test_a_feedback_file_that_cannot_be_read_is_not_merged_and_said_so(site, content, told):
    (site.feedback_path / "folsom").mkdir(exist_ok=True)
    (site.feedback_path / "folsom/alpha.yaml").write_bytes(content)
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1), comments=[comment("a", 2)])), nothing_wrong)
    assert outcome.planned[0].feedback_text is None
    assert outcome.planned[0].attention == [told]


def test_a_feedback_folder_that_is_a_link_is_not_written_through(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(site.feedback_path / "folsom", ignore_errors=True)
    (site.feedback_path / "folsom").symlink_to(outside)
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1), comments=[comment("a", 2)])), nothing_wrong)
    assert outcome.planned[0].feedback_text is None
    assert outcome.planned[0].attention == ["feedback/folsom/alpha.yaml: not written: it is not inside feedback/ (a link?)"]


def test_a_post_without_comments_and_without_a_feedback_file_gets_none(site):
    [plan] = writer.plan(site, source(post("alpha", D(2012, 5, 1))), nothing_wrong).planned
    assert (plan.feedback_text, plan.comments_added, plan.comment_ids) == (None, 0, [])


def test_problems_in_the_new_entries_are_told_at_their_lines(site):
    item = post("alpha", D(2012, 5, 1), comments=[comment("a", 2), comment("b", 3, url="ftp://b.example")])
    [plan] = writer.plan(site, source(item), nothing_wrong).planned
    assert plan.attention == ["feedback/folsom/alpha.yaml:10: feedback url 'ftp://b.example' is not an http or https "
                              "address and is left out"]


# Disqus


def disqus_thread(key: str, link: str, *comments: Comment, identifier: str = "") -> Thread:
    return Thread(key=key, link=link, identifier=identifier, title=f"Page {key}", comments=list(comments))


@pytest.fixture
def imported(site) -> Site:
    """The site after a blog's import: alpha (with an address), beta (its date unreadable since) and gamma."""
    posts = [post("alpha", D(2012, 5, 3), addresses=("https://blog.example.org/2012/alpha/",)),
             post("beta", D(2012, 5, 4)), post("gamma", D(2012, 5, 5))]
    writer.write(site, writer.plan(site, source(*posts), nothing_wrong))
    beta = site.reports_path / "folsom/beta.md"
    beta.write_text(beta.read_text(encoding="utf-8").replace("date: 2012-05-04", "date: [unclosed"), encoding="utf-8")
    return site


def test_disqus_comments_join_the_report_whose_address_or_name_the_ledgers_know(imported):
    export = DisqusExport(forum="", left_out={"spam": 2}, threads={
        "1": disqus_thread("1", "http://www.blog.example.org/2012/alpha", comment("d1", 1), comment("d2", 9, "d1")),
        "2": disqus_thread("2", "https://old.example.org/2012/05/beta.html", comment("d3", 2)),
        "3": disqus_thread("3", "https://blog.example.org/nothing/", comment("d5", 9)),
        "4": disqus_thread("4", "https://blog.example.org/empty/"),
        "5": disqus_thread("5", "", comment("d6", 9), identifier="https://blog.example.org/2012/alpha/"),
        "6": disqus_thread("6", "", comment("d7", 9), identifier="/2012/05/gamma/"),
        "7": disqus_thread("7", "", comment("d8", 9))})
    outcome, found = writer.plan_disqus(imported, export)
    assert (found.kind, found.identity, found.comments_left_out) == ("disqus", "forum", {"spam": 2})
    assert [(item.shown, item.state, item.origin, item.cycle.name, item.post.origin, item.post.where, item.post.title,
             item.post.date, item.post.addresses, [(entry.key, entry.date) for entry in item.post.comments],
             item.comments_added, item.comment_ids) for item in outcome.planned] == [
        ("reports/folsom/alpha.md", "unchanged", "http://www.blog.example.org/2012/alpha", "folsom", "disqus:1",
         "http://www.blog.example.org/2012/alpha", "Page 1", D(2012, 5, 3), ("http://www.blog.example.org/2012/alpha",),
         [("d1", D(2012, 5, 3)), ("d2", D(2012, 5, 9)), ("d6", D(2012, 5, 9))], 3, ["d1", "d2", "d6"]),
        ("reports/folsom/beta.md", "unchanged", "https://old.example.org/2012/05/beta.html", "folsom", "disqus:2",
         "https://old.example.org/2012/05/beta.html", "Page 2", D(2012, 5, 2),  # its date unreadable: the comment's
         ("https://old.example.org/2012/05/beta.html",), [("d3", D(2012, 5, 2))], 1, ["d3"]),
        ("reports/folsom/gamma.md", "unchanged", "disqus:6", "folsom", "disqus:6", "/2012/05/gamma/", "Page 6",
         D(2012, 5, 5), (), [("d7", D(2012, 5, 9))], 1, ["d7"])]
    assert outcome.planned[0].feedback_text == (
        "# Reader feedback for reports/folsom/alpha.md, imported from Disqus\n- id: d1\n  author: D1\n"
        "  date: 2012-05-03\n  body: |\n    d1 said.\n  replies:\n  - id: d2\n    author: D2\n    date: 2012-05-09\n"
        "    body: |\n      d2 said.\n- id: d6\n  author: D6\n  date: 2012-05-09\n  body: |\n    d6 said.\n")
    assert outcome.skipped == [Skipped(where, "1 comment(s) on a page no imported report answers: import the blog "
                                              "first (its ledger finds the reports)")
                               for where in ("https://blog.example.org/nothing/", "thread 7")]
    writer.write(imported, outcome)
    ledger = json.loads(outcome.ledger.path.read_text(encoding="utf-8"))
    assert outcome.ledger.path.name.startswith("disqus-forum-") and ledger["source"] == "disqus forum"
    assert {origin: entry["report"] for origin, entry in ledger["posts"].items()} == {
        "http://www.blog.example.org/2012/alpha": "reports/folsom/alpha.md",
        "https://old.example.org/2012/05/beta.html": "reports/folsom/beta.md", "disqus:6": "reports/folsom/gamma.md"}
    again, _ = writer.plan_disqus(imported, export)  # a Disqus ledger is never taken for a blog's
    assert [(item.shown, item.comments_added) for item in again.planned] == [
        ("reports/folsom/alpha.md", 0), ("reports/folsom/beta.md", 0), ("reports/folsom/gamma.md", 0)]


def test_two_disqus_threads_of_one_page_are_one_file_of_comments(imported):
    """Disqus makes a thread per address a page was read at (http and https, with and without www)."""
    export = DisqusExport(forum="stack", threads={
        "1": disqus_thread("1", "https://old.example.org/2012/05/beta.html", comment("d1", 1)),
        "2": disqus_thread("2", "https://other.example.org/beta/", comment("d2", 2), comment("d3", 3, "d1"))})
    outcome, _ = writer.plan_disqus(imported, export)
    [planned] = outcome.planned
    assert planned.post.addresses == ("https://old.example.org/2012/05/beta.html", "https://other.example.org/beta/")
    assert [entry.key for entry in planned.post.comments] == ["d1", "d2", "d3"]
    writer.write(imported, outcome)
    text = (imported.feedback_path / "folsom/beta.yaml").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if "id:" in line] == ["- id: d1", "  - id: d3", "- id: d2"]
    assert writer.summary(outcome, Source("disqus"), False)[:3] == [
        "0 report(s) written, 1 unchanged, 0 kept as they are; 3 comment(s) added to 1 feedback file(s)", "Written:",
        "  reports/folsom/beta.md (comments only, 3 comment(s) in beta.yaml)"]


def test_a_page_two_reports_answer_by_name_is_skipped_and_a_failure_named(imported, monkeypatch):
    (imported.reports_path / "essex/beta.md").write_text("---\ntitle: B\n---\n", encoding="utf-8")
    ledger = json.loads(next((imported.confdir / "imported").iterdir()).read_text(encoding="utf-8"))
    ledger["posts"]["other"] = {"report": "reports/essex/beta.md", "comments": []}
    next((imported.confdir / "imported").iterdir()).write_text(json.dumps(ledger), encoding="utf-8")
    export = DisqusExport(forum="stack", threads={"1": disqus_thread("1", "https://x.example/beta", comment("d1", 1)),
                                                  "2": disqus_thread("2", "https://x.example/gamma", comment("d2", 1))})

    def broken(site, planned, kind, ledger):
        raise RecursionError("deep")

    monkeypatch.setattr(writer, "_plan_feedback", broken)
    outcome, _ = writer.plan_disqus(imported, export)
    assert outcome.planned == []
    assert [(item.where, item.reason.split(":")[0]) for item in outcome.skipped] == [
        ("https://x.example/beta", "1 comment(s) on a page no imported report answers"),
        ("https://x.example/gamma", "not imported")]


def test_a_report_is_dated_by_its_front_matter_else_not_at_all(site, tmp_path):
    folder = site.reports_path / "folsom"
    folder.mkdir(exist_ok=True)
    cases = {"dated.md": "---\ntitle: T\ndate: 2012-05-03\n---\n", "string.md": "---\ndate: '2012-05-04'\n---\n",
             "none.md": "No front matter.\n", "broken.md": "---\ndate: [x\n---\n", "text.md": "---\ndate: soon\n---\n",
             "latin.md": b"---\ndate: 2012-05-03\ntitle: caf\xe9\n---\n"}
    for name, text in cases.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    (folder / "link.md").symlink_to("dated.md")
    assert {name: writer._report_date(site, folder / name) for name in [*cases, "link.md", "missing.md"]} == {
        "dated.md": D(2012, 5, 3), "string.md": D(2012, 5, 4), "none.md": None, "broken.md": None, "text.md": None,
        "latin.md": None, "link.md": None, "missing.md": None}


# What is said


def test_lines_of_one_message_in_many_files_are_one_line():
    assert writer.grouped(["a.md: same", "b.md: same", "c.md: same", "d.md: same", "e.md:3: other", "plain",
                           "a.md: once"]) == [
        "same (4 files): a.md, b.md, c.md and 1 more", "e.md:3: other", "plain", "a.md: once"]
    assert writer.grouped(["a.md: x", "b.md: x", "c.md: x"]) == ["a.md: x", "b.md: x", "c.md: x"]
    assert writer.grouped(["a.md: x", "b.md: x"], shown=1) == ["x (2 files): a.md and 1 more"]


def test_skips_of_one_reason_for_many_posts_are_one_line():
    skipped = [Skipped(f"p{number}", "a page") for number in range(5)] + [Skipped("q", "spam")]
    assert writer.grouped_skips(skipped) == ["a page (5): p0, p1, p2 and 2 more", "q: spam"]
    assert writer.grouped_skips(skipped[:3] + skipped[5:]) == ["p0: a page", "p1: a page", "p2: a page", "q: spam"]


def test_the_summary_says_everything_in_its_order(site):
    alpha = post("alpha", D(2012, 5, 1), comments=[comment("a", 2)], images=["https://x.example/i.png",
                                                                           "https://x.example/i.png"])
    old = post("old", D(2011, 10, 1), authors=())
    found = source(alpha, old, post("ancient", D(2011, 8, 1)))
    found.comments_left_out = {"spam": 2, "deleted": 1}
    found.notes = ["the blog has pages"]
    found.skipped = [Skipped("page.md", "a page")]
    outcome = writer.plan(site, found, nothing_wrong, since=D(2011, 9, 1), late=True)
    assert writer.summary(outcome, found, True) == [
        "2 report(s) would be written, 0 unchanged, 0 kept as they are; 1 comment(s) would be added to 1 feedback "
        "file(s)",
        "To write:",
        "  reports/folsom/alpha.md (new, 1 comment(s) in alpha.yaml)",
        "  reports/folsom/old.md (new, late report in the Folsom edition)",
        "Skipped (2):",
        "  page.md: a page",
        "  1 post(s) dated before --since",
        "Comments left out: 1 deleted, 2 spam",
        "Needs attention (2):",
        "  the blog has pages",
        "  reports/folsom/old.md: the post has no author: 'Unknown author' is written; put the right name in",
        "Remote images, linked and not downloaded (1):",
        "  https://x.example/i.png",
        "Dry run: nothing was written."]
    assert writer.summary(outcome, found, False)[:2] == [
        "2 report(s) written, 0 unchanged, 0 kept as they are; 1 comment(s) added to 1 feedback file(s)", "Written:"]
    assert writer.summary(writer.Outcome(), source(), False) == [
        "0 report(s) written, 0 unchanged, 0 kept as they are; 0 comment(s) added to 0 feedback file(s)"]


# Links, names and numbers at their edges


def test_a_link_finds_its_post_by_whole_name_file_name_or_undated_name_and_across_folders(site):
    other = post("name", D(2012, 5, 2), origin="_posts/2012-05-02-other.md")
    dotted = post("v1.2-release", D(2012, 5, 3))
    first = post("first", D(2012, 5, 4), origin="_posts/2012-05-04-name.md")
    x11 = post("X11", D(2012, 5, 6))
    gamma = post("gamma", D(2012, 5, 8), addresses=("https://blog.example.org/X",))
    delta = post("delta", D(2012, 5, 9), addresses=("https://blog.example.org/dX/",))
    import_into(site, "elsewhere", gamma, delta)
    alpha = post("alpha", D(2012, 5, 7), body=(
        f"[a]({POST_LINK}v1.2-release) [b]({POST_LINK}content/posts/v1.2-release) [c]({POST_LINK}2012-05-04-name.md) "
        f"[d]({POST_LINK}2099-01-01-first) [e]({POST_LINK}first#a#b) [f]({POST_LINK}'X11') [g]({POST_LINK}{'n' * 90}) "
        f"[h](https://blog.example.org/X/) [i]({POST_LINK}gamma) [j](https://blog.example.org/dX) "
        f"[k](https://blog.example.org/dX/)\n"))
    outcome = writer.plan(site, source(other, dotted, first, x11, gamma, delta, alpha), nothing_wrong)
    [planned_alpha] = [item for item in outcome.planned if item.post is alpha]
    assert planned_alpha.text.split("---\n\n")[1] == (
        "[a](v1-2-release.md) [b](v1-2-release.md) [c](first.md) [d](first.md) [e](first.md) [f](x11.md) g "
        "[h](../elsewhere/gamma.md) [i](../elsewhere/gamma.md) [j](../elsewhere/delta.md) [k](../elsewhere/delta.md)\n")
    assert planned_alpha.attention == [
        f"reports/folsom/alpha.md: a link to {'n' * 80!r}, which is not imported, is kept as text"]


def test_a_posts_names_come_from_its_origin_only_when_that_is_a_file():
    def item(origin: str, slug: str) -> writer.Planned:
        return writer.Planned(post(slug, D(2012, 5, 1), origin=origin), Path(f"/r/{slug}.md"), "", "", "new", None)

    assert writer._post_names([item("a.markdown", "s1"), item("b.html", "s2"), item("c.md", "s3"),
                               item("d.txt", "s4"), item("https://blog.example.org/?p=5", "s5")]) == {
        "s1": Path("/r/s1.md"), "a.markdown": Path("/r/s1.md"), "a": Path("/r/s1.md"),
        "s2": Path("/r/s2.md"), "b.html": Path("/r/s2.md"), "b": Path("/r/s2.md"),
        "s3": Path("/r/s3.md"), "c.md": Path("/r/s3.md"), "c": Path("/r/s3.md"),
        "s4": Path("/r/s4.md"), "d.txt": Path("/r/s4.md"),
        "s5": Path("/r/s5.md"), "https://blog.example.org/?p=5": Path("/r/s5.md"), "?p=5": Path("/r/s5.md")}


def test_a_taken_name_is_numbered_up_to_the_bound(site, monkeypatch):
    monkeypatch.setattr(writer, "MAX_NAME_NUMBER", 3)
    folder = site.reports_path / "folsom"
    taken = {folder / "alpha.md"}
    assert writer._free_path(folder, post("alpha", D(2012, 5, 1)), taken) == folder / "alpha-2.md"
    with pytest.raises(ValueError, match="no free file name for alpha"):
        writer._free_path(folder, post("alpha", D(2012, 5, 1)), taken | {folder / "alpha-2.md"})


def test_front_matter_keeps_its_order_its_letters_and_long_lines_whole():
    item = post("alpha", D(2012, 5, 1), title="Zürich — 東京", summary="word " * 60, tags=("b", "a"))
    front = writer.report_text(item, "B.").split("---\n")[1]
    assert front == (f"title: Zürich — 東京\nauthor: Ann\ndate: 2012-05-01\ntags: [b, a]\nsummary: {'word ' * 59}word\n"
                     "origin: _posts/2012-05-01-alpha.md\n")


def test_a_comment_met_twice_in_a_thread_is_placed_once_and_its_siblings_kept():
    comments = [comment("r", 1), comment("x", 2, "r"), comment("x", 3, "r"), comment("y", 4, "r"),
                comment("p", 5, "q"), comment("q", 6, "p"), comment("q", 7, "p")]
    ordered = writer._parents_first(comments)
    assert [(item.key, item.parent) for item in ordered] == [
        ("r", None), ("x", "r"), ("y", "r"), ("p", None), ("q", None)]


def test_the_plan_at_its_edges_since_day_twin_names_long_origins_and_the_posts_after_each_skip(site):
    posts = [post("alpha", D(2012, 5, 1)), post("alpha", D(2012, 5, 2), origin="_posts/other-alpha.md"),
             post("dup", D(2012, 5, 3), origin="o" * 90), post("dup2", D(2012, 5, 4), origin="o" * 90),
             post("after", D(2012, 5, 5))]
    outcome = writer.plan(site, source(*posts), nothing_wrong, since=D(2012, 5, 1))  # since: that day included
    assert list(planned(outcome)) == ["reports/folsom/alpha.md", "reports/folsom/alpha-2.md", "reports/folsom/dup.md",
                                      "reports/folsom/after.md"]
    assert outcome.skipped == [Skipped("_posts/2012-05-04-dup2.md",
                                       f"the same post as _posts/2012-05-03-dup.md (origin {'o' * 80})")]
    writer.write(site, outcome)
    assert outcome.ledger.path.name.startswith("jekyll-")


def test_every_post_of_a_published_edition_is_counted_and_the_later_ones_still_placed(site):
    posts = [post("old", D(2011, 10, 1)), post("old2", D(2011, 10, 2)), post("new", D(2012, 5, 1))]
    outcome = writer.plan(site, source(*posts), nothing_wrong)
    assert outcome.refusal.startswith("2 post(s) are dated in published editions")
    assert list(planned(outcome)) == ["reports/folsom/new.md"]


def test_a_late_post_dated_from_the_edition_in_progress_start_on_is_not_taken(site, monkeypatch):
    folsom = site.cycles["folsom"]
    monkeypatch.setitem(site.cycles, "folsom", type(folsom)(**{**folsom.__dict__, "status": "published",
                                                               "published": D(2012, 10, 1), "start": D(2011, 9, 22)}))
    monkeypatch.setitem(site.cycles, "essex", type(folsom)(**{**site.cycles["essex"].__dict__, "status": "open",
                                                              "published": None, "recorded": False}))
    posts = [post("edge", D(2011, 9, 22)), post("before", D(2011, 9, 21))]  # essex, in progress, starts on the 22nd
    outcome = writer.plan(site, source(*posts), nothing_wrong, late=True)
    assert outcome.skipped == [Skipped("_posts/2011-09-22-edge.md", "the Folsom edition is published and no edition "
                                                                    "is in progress to take it as a late report")]
    assert planned(outcome) == {"reports/essex/before.md": ("new", "essex", True)}


def test_without_cycles_a_post_is_told_none_are_configured(site, monkeypatch):
    monkeypatch.setattr(site, "cycles", {})
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1))), nothing_wrong)
    assert outcome.skipped == [Skipped("_posts/2012-05-01-alpha.md", "no cycle covers 2012-05-01: add one to "
                                                                     "newsletter_cycles in conf.py (cycles: none "
                                                                     "configured)")]


def test_a_report_the_editors_moved_to_another_edition_stays_in_it_and_nothing_new_is_not_checked(site):
    item = post("alpha", D(2012, 5, 1))
    import_into(site, "essex", item)
    checked = []
    again = writer.plan(site, source(item), lambda texts, files: checked.append(texts) or {})
    assert planned(again) == {"reports/essex/alpha.md": ("unchanged", "essex", False)}
    assert checked == []  # nothing new: the build is not started


def test_a_post_that_fails_first_costs_only_itself(site, monkeypatch):
    fail_report_text(monkeypatch, "alpha", ValueError("broken"))
    outcome = writer.plan(site, source(post("alpha", D(2012, 5, 1)), post("beta", D(2012, 5, 2))), nothing_wrong)
    assert list(planned(outcome)) == ["reports/folsom/beta.md"]
    assert outcome.planned[0].text.startswith("---\ntitle: Beta\n")


def test_merged_comments_are_checked_from_the_first_line_added_and_notes_come_first(site, monkeypatch):
    from sphinx_newsletter.feedback import model

    (site.feedback_path / "folsom").mkdir(exist_ok=True)
    (site.feedback_path / "folsom/alpha.yaml").write_text(
        "- id: old\n  author: O\n  date: 2012-05-02\n  body: x\n  url: ftp://o.example", encoding="utf-8")
    monkeypatch.setattr(model, "MAX_ENTRIES", 1)
    chain = [comment("c0", 3)] + [comment(f"c{number}", 3 + number, f"c{number - 1}") for number in range(1, 9)]
    [plan] = writer.plan(site, source(post("alpha", D(2012, 5, 1), comments=chain), kind="hugo-like"),
                         nothing_wrong).planned
    assert plan.feedback_text.startswith("- id: old\n  author: O\n  date: 2012-05-02\n  body: x\n"
                                         "  url: ftp://o.example\n- id: c0\n")
    assert plan.attention == [
        "reports/folsom/alpha.md: replies nested more than 8 deep are placed at the 8th level",
        "feedback/folsom/alpha.yaml:6: more than 1 feedback entries: the rest are left out; move older feedback to "
        "an archive"]


def test_a_new_feedback_file_names_a_source_it_does_not_know_by_its_kind(site):
    [plan] = writer.plan(site, source(post("alpha", D(2012, 5, 1), comments=[comment("a", 2)]), kind="hugo-like"),
                         nothing_wrong).planned
    assert plan.feedback_text.startswith("# Reader feedback for reports/folsom/alpha.md, imported from hugo-like\n")


def test_disqus_pages_found_only_by_their_address_or_identifier_and_past_a_deleted_report(site, monkeypatch):
    posts = [post("gone", D(2012, 5, 2), addresses=("https://blog.example.org/gone/",)),
             post("alpha", D(2012, 5, 3), addresses=("https://blog.example.org/2012/05/some-title/",)),
             post("beta", D(2012, 5, 4), addresses=("https://blog.example.org/2012/05/other-title/",))]
    writer.write(site, writer.plan(site, source(*posts), nothing_wrong))
    (site.reports_path / "folsom/gone.md").unlink()
    export = DisqusExport(forum="f", threads={
        "1": disqus_thread("1", "https://blog.example.org/2012/05/some-title", comment("d1", 5)),
        "2": disqus_thread("2", "https://moved.example.org/zzz", comment("d2", 6),
                           identifier="https://blog.example.org/2012/05/other-title/"),
        "3": disqus_thread("3", "https://moved.example.org/yyy", comment("d3", 6),
                           identifier="blog.example.org/2012/05/other-title")})
    outcome, _ = writer.plan_disqus(site, export)
    assert [(item.shown, [entry.key for entry in item.post.comments]) for item in outcome.planned] == [
        ("reports/folsom/alpha.md", ["d1"]), ("reports/folsom/beta.md", ["d2"])]
    assert [item.where for item in outcome.skipped] == ["https://moved.example.org/yyy"]  # no address: not one


def test_a_disqus_page_that_fails_costs_only_itself_and_its_notes_come_before_its_problems(imported, monkeypatch):
    real = writer._plan_feedback

    def fail_on_alpha(site, planned, kind, ledger):
        if planned.shown.endswith("alpha.md"):
            raise ValueError("broken")
        real(site, planned, kind, ledger)

    monkeypatch.setattr(writer, "_plan_feedback", fail_on_alpha)
    chain = [comment("c0", 5)] + [comment(f"c{number}", 5 + number, f"c{number - 1}") for number in range(1, 9)]
    chain.append(comment("u", 20, url="ftp://u.example"))
    export = DisqusExport(forum="f", threads={
        "1": disqus_thread("1", "https://blog.example.org/2012/alpha/", comment("d1", 5)),
        "2": disqus_thread("2", "https://x.example/gamma", *chain)})
    outcome, _ = writer.plan_disqus(imported, export)
    assert outcome.skipped == [Skipped("https://blog.example.org/2012/alpha/",
                                       "not imported: it could not be converted (ValueError: broken)")]
    [gamma] = outcome.planned
    assert gamma.attention == [
        "reports/folsom/gamma.md: replies nested more than 8 deep are placed at the 8th level",
        "feedback/folsom/gamma.yaml:57: feedback url 'ftp://u.example' is not an http or https address and is left "
        "out"]


def test_pictures_are_named_tidily_within_bounds_and_relinked_wherever_they_stand(site):
    long = "a" * 70
    item = post("alpha", D(2012, 5, 1), body=f"Text ![a](__Photo__.png) ![b](X-ray.png) ![c](!!!.png) ![d]({long}.png) "
                                             '<img src="X-ray.png" alt="x">\n',
                pictures={"__Photo__.png": PNG + b"1", "X-ray.png": PNG + b"2", "!!!.png": PNG + b"3",
                          f"{long}.png": PNG + b"4"})  # each its own bytes: one picture is copied once
    [plan] = writer.plan(site, source(item), nothing_wrong).planned
    assert plan.text.split("---\n\n")[1] == (
        f"Text ![a](alpha/Photo.png) ![b](alpha/X-ray.png) ![c](alpha/picture.png) ![d](alpha/{'a' * 60}.png) "
        '<img src="alpha/X-ray.png" alt="x">\n')


def test_a_reply_to_a_known_entry_keeps_its_likes_and_address_and_takes_replies():
    entries = writer.comment_entries([comment("c", 3, "known-1", likes=2, url="https://c.example"),
                                      comment("d", 4, "c"), comment("e" * 3, 5, author="N" * 101)], {"known-1"})
    assert entries == [
        {"id": "c", "author": "C", "date": D(2012, 5, 3), "reply_to": "comment-known-1", "likes": 2,
         "url": "https://c.example", "body": "c said.\n",
         "replies": [{"id": "d", "author": "D", "date": D(2012, 5, 4), "body": "d said.\n"}]},
        {"id": "eee", "author": "N" * 99 + "…", "date": D(2012, 5, 5), "body": "eee said.\n"}]


def test_an_entry_id_is_cut_after_its_leading_dashes_go():
    assert writer.entry_id("!" + "a" * 79 + "b") == "a" * 79 + "b"


def test_a_front_matter_field_is_cut_at_its_bound_and_said_so():
    item = post("alpha", D(2012, 5, 1), title="T" * 300)
    matter = writer.report_text(item, "B.").split("\n")[1]
    assert matter.startswith("title: TTT") and len(matter) < 300
    assert item.notes and item.notes[0].startswith("'title': ")


def test_the_posts_after_one_skipped_for_its_date_or_its_deleted_report_are_still_planned(site):
    gone = post("gone", D(2012, 5, 1))
    writer.write(site, writer.plan(site, source(gone), nothing_wrong))
    (site.reports_path / "folsom/gone.md").unlink()
    outcome = writer.plan(site, source(gone, post("ancient", D(1999, 1, 1)), post("alpha", D(2012, 5, 2))),
                          nothing_wrong)
    assert [item.where for item in outcome.skipped] == ["_posts/2012-05-01-gone.md", "_posts/1999-01-01-ancient.md"]
    assert list(planned(outcome)) == ["reports/folsom/alpha.md"]


def test_comments_dated_before_their_report_are_told_and_a_file_ending_its_line_gets_no_blank_one(site):
    (site.feedback_path / "folsom").mkdir(exist_ok=True)
    (site.feedback_path / "folsom/alpha.yaml").write_text("- id: old\n  author: O\n  date: 2012-05-06\n  body: x\n",
                                                          encoding="utf-8")
    [plan] = writer.plan(site, source(post("alpha", D(2012, 5, 5), comments=[comment("a", 2)])), nothing_wrong).planned
    assert plan.feedback_text == ("- id: old\n  author: O\n  date: 2012-05-06\n  body: x\n"
                                  "- id: a\n  author: A\n  date: 2012-05-02\n  body: |\n    a said.\n")
    assert plan.attention == ["feedback/folsom/alpha.yaml:7: feedback dated 2012-05-02 is older than what it answers "
                              "(2012-05-05); check the date"]


def test_a_summary_longer_than_a_line_is_folded_after_the_thousandth_column_and_reads_back_whole():
    summary = "a" * 984 + " b c d e f"  # "summary: " and this: the space after "e" is past column 1,000
    item = post("alpha", D(2012, 5, 1), summary=summary)
    text = writer.report_text(item, "B.")
    assert f"\nsummary: {'a' * 984} b c d e\n  f\norigin: " in text
    assert writer.yaml.safe_load(text.split("---\n")[1])["summary"] == summary


def test_a_tag_spelt_another_way_is_written_as_the_site_and_the_posts_spell_it_most(site):
    """Holdgraf's blog: 'cicd' beside 'CICD', 'reports' beside 'report' (the build's newsletter.tag warning);
    the site's own 'nova' and 'design-summit' count as well (the sample site's reports)."""
    posts = [post("alpha", D(2012, 5, 1), tags=("CICD", "Reports", "Nova")),
             post("beta", D(2012, 5, 2), tags=("cicd", "report", "Design Summit", "\x07")),
             post("gamma", D(2012, 5, 3), tags=("CICD", "report", "reports"))]
    outcome = writer.plan(site, source(*posts), nothing_wrong)
    tags = {item.post.slug: writer.report_text(item.post, "B.").split("tags: ")[1].split("\n")[0]
            for item in outcome.planned}
    assert tags == {"alpha": "[CICD, report, nova]", "beta": "[CICD, report, design-summit]", "gamma": "[CICD, report]"}
    alpha, beta, gamma = outcome.planned
    assert alpha.attention == [
        "reports/folsom/alpha.md: tag 'Reports' is written 'report', as the site spells it (another spelling is a "
        "build warning)",
        "reports/folsom/alpha.md: tag 'Nova' is written 'nova', as the site spells it (another spelling is a build "
        "warning)"]
    assert [note.split(": ", 1)[1] for note in beta.attention] == [
        "tag 'cicd' is written 'CICD', as the site spells it (another spelling is a build warning)",
        "tag 'Design Summit' is written 'design-summit', as the site spells it (another spelling is a build warning)",
        "'tags': invisible control characters removed (U+0007 CONTROL)"]  # a tag of nothing: not counted
    assert [note.split(": ", 1)[1] for note in gamma.attention] == [
        "tag 'reports' is written 'report', as the site spells it (another spelling is a build warning)"]
    alone = writer.plan(site, source(post("delta", D(2012, 5, 1), tags=("Hackday", "hackdays"))), nothing_wrong)
    assert alone.planned[0].post.tags == ("Hackday", "Hackday")  # one each: the first in the alphabet
    assert writer.report_text(alone.planned[0].post, "B.").count("Hackday") == 1

"""The importer's model and ledger, with verdicts written by hand: this commenter's page is kept and that one left
out with this note, this ledger is written so and read back, that file is refused with this message. No site is
built; ``make mutation`` mutates the code these tests pin (``importing/model.py``, ``importing/ledger.py``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re

import pytest

from sphinx_newsletter.importing import ledger as ledgers
from sphinx_newsletter.importing.ledger import Ledger, LedgerError, LedgerPost, all_ledgers
from sphinx_newsletter.importing.model import Post, Source, failure, reader_page


def post() -> Post:
    return Post(origin="https://blog.example/p", where="p.html", title="P", date=dt.date(2020, 1, 2), body="x")


@pytest.mark.parametrize(("url", "kept"), [
    ("https://reader.example/", "https://reader.example/"), ("  http://reader.example/a  ", "http://reader.example/a"),
    ("", None), (None, None), ("   ", None),
])
def test_a_commenters_page_is_kept_when_it_is_a_web_address(url, kept):
    found = post()
    assert reader_page(url, "c1", found) == kept
    assert found.notes == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "mailto:a@b.example", "ftp://x.example/", "/relative"])
def test_any_other_page_is_left_out_and_the_editor_told(url):
    found = post()
    assert reader_page(url, "c1", found) is None
    assert found.notes == [f"comment c1: its author's address {url!r} is not http or https and is left out"]


def test_a_long_address_is_named_by_its_first_80_characters():
    found = post()
    url = "javascript:" + "x" * 100
    reader_page(url, "c2", found)
    assert found.notes == [f"comment c2: its author's address {url[:80]!r} is not http or https and is left out"]


def test_why_a_post_could_not_be_imported():
    assert failure(RecursionError()) == ("not imported: nested too deeply to convert (lists or quotes hundreds of "
                                         "levels deep)")
    assert failure(ValueError("bad " + "y" * 300)) == (
        f"not imported: it could not be converted (ValueError: bad {'y' * 196})")
    assert failure(KeyError("k")) == "not imported: it could not be converted (KeyError: 'k')"


def test_a_source_counts_what_it_leaves_out():
    source = Source("jekyll")
    source.leave_out("spam")
    source.leave_out("spam", 3)
    source.leave_out("deleted")
    source.skip("a.md", "a page")
    assert source.comments_left_out == {"spam": 4, "deleted": 1}
    assert [(item.where, item.reason) for item in source.skipped] == [("a.md", "a page")]


# The ledger


def test_a_ledger_is_named_by_its_blog(tmp_path):
    digest = hashlib.sha256(b"wordpress https://Blog.example/").hexdigest()[:8]  # kind and blog, as one text
    assert Ledger.path_of(tmp_path, "wordpress", "https://Blog.example/") == (
        tmp_path / "imported" / f"wordpress-https-blog-example-{digest}.json")
    name = Ledger.path_of(tmp_path, "jekyll", "x" * 100).name
    assert name.startswith("jekyll-" + "x" * 60 + "-") and len(name) == len("jekyll-") + 60 + 1 + 8 + len(".json")
    assert re.fullmatch(r"hugo-x[0-9a-f]{8}-[0-9a-f]{8}\.json", Ledger.path_of(tmp_path, "hugo", "!!!").name)
    cut = hashlib.sha256(("hugo " + "a" * 59 + "-b").encode()).hexdigest()[:8]
    assert Ledger.path_of(tmp_path, "hugo", "a" * 59 + "-b").name == f"hugo-{'a' * 59}-{cut}.json"  # no '--'
    assert Ledger.path_of(tmp_path, "hugo", "b") != Ledger.path_of(tmp_path, "jekyll", "b")


def test_a_ledger_is_written_sorted_and_read_back(tmp_path):
    ledger = Ledger.load(tmp_path, "jekyll", "blog")
    assert (ledger.source, ledger.posts) == ("jekyll blog", {})
    ledger.posts["_posts/b.md"] = LedgerPost("reports/a/b.md", ["comment-2", "comment-1", "comment-2"])
    ledger.posts["_posts/a.md"] = LedgerPost("reports/a/a.md", [], ["https://blog.example/a/", "/a"])
    (tmp_path / "imported").mkdir()
    ledger.write(tmp_path)
    assert ledger.path.read_text(encoding="utf-8") == (
        '{\n "source": "jekyll blog",\n "posts": {\n  "_posts/a.md": {\n   "report": "reports/a/a.md",\n'
        '   "comments": [],\n   "addresses": [\n    "/a",\n    "https://blog.example/a/"\n   ]\n  },\n'
        '  "_posts/b.md": {\n   "report": "reports/a/b.md",\n   "comments": [\n    "comment-1",\n    "comment-2"\n'
        "   ]\n  }\n }\n}\n")
    again = Ledger.load(tmp_path, "jekyll", "blog")
    assert again.path == ledger.path
    assert again.posts == {"_posts/a.md": LedgerPost("reports/a/a.md", [], ["/a", "https://blog.example/a/"]),
                           "_posts/b.md": LedgerPost("reports/a/b.md", ["comment-1", "comment-2"])}


def test_a_ledger_keeps_non_ascii_as_it_is(tmp_path):
    ledger = Ledger.load(tmp_path, "hugo", "blög")
    ledger.posts["pösts/ä.md"] = LedgerPost("reports/a/ä.md")
    assert '"pösts/ä.md"' in ledger.text()


def test_entries_that_are_not_posts_are_passed_over(tmp_path):
    data = {"source": "hugo b", "posts": {"ok": {"report": "r.md", "comments": ["c", 3, None],
                                                 "addresses": ["a", {"x": 1}]},
                                          "no-report": {"comments": ["c"]}, "text": "r.md", "7": {"report": 7},
                                          "none": {"report": "s.md", "comments": None, "addresses": None}}}
    ledger = Ledger.from_data(tmp_path / "x.json", "hugo b", data)
    assert ledger.path == tmp_path / "x.json"
    assert ledger.posts == {"ok": LedgerPost("r.md", ["c"], ["a"]), "none": LedgerPost("s.md", [], [])}


@pytest.mark.parametrize("data", [[], {"source": "hugo b"}, {"source": "hugo b", "posts": []},
                                  {"source": "hugo other", "posts": {}}, {"posts": {}}, "text"])
def test_a_file_that_is_not_this_blogs_ledger_stops_the_import(tmp_path, data):
    with pytest.raises(LedgerError) as error:
        Ledger.from_data(tmp_path / "hugo-b.json", "hugo b", data)
    assert str(error.value) == "imported/hugo-b.json is not the import ledger of hugo b: restore it from git"


def test_a_ledger_that_cannot_be_read_stops_the_import(tmp_path, monkeypatch):
    path = Ledger.path_of(tmp_path, "hugo", "b")
    path.parent.mkdir()
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LedgerError) as error:
        Ledger.load(tmp_path, "hugo", "b")
    assert str(error.value).startswith(f"imported/{path.name} cannot be read (")
    assert str(error.value).endswith("): restore it from git; without it the import would bring back what the "
                                     "editors deleted")
    path.write_bytes(b'{"source": "hugo b", "posts": {"\xff": 1}}')
    with pytest.raises(LedgerError, match="cannot be read"):
        Ledger.load(tmp_path, "hugo", "b")
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere.json")  # a link, even a dangling one, is no ledger
    with pytest.raises(LedgerError, match="cannot be read"):
        Ledger.load(tmp_path, "hugo", "b")
    path.unlink()
    monkeypatch.setattr(ledgers, "MAX_LEDGER_BYTES", 10)
    path.write_text(json.dumps({"source": "hugo b", "posts": {}}), encoding="utf-8")
    with pytest.raises(LedgerError, match="cannot be read"):
        Ledger.load(tmp_path, "hugo", "b")


def test_every_ledger_of_the_site_is_found(tmp_path):
    assert all_ledgers(tmp_path) == []
    first = Ledger.load(tmp_path, "jekyll", "https://a.example/")
    first.posts["p"] = LedgerPost("reports/x/p.md")
    second = Ledger.load(tmp_path, "ablog", " My blog")  # a folder's name, with spaces
    (tmp_path / "imported").mkdir()
    first.write(tmp_path)
    second.write(tmp_path)
    (tmp_path / "imported" / "notes.json").write_text("[]", encoding="utf-8")
    (tmp_path / "imported" / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "imported" / "moved.json").write_text(first.text(), encoding="utf-8")  # not where its blog's is
    (tmp_path / "imported" / "nospace.json").write_text('{"source": "x", "posts": {}}', encoding="utf-8")
    (tmp_path / "imported" / "readme.txt").write_text("{}", encoding="utf-8")
    found = all_ledgers(tmp_path)
    assert [(ledger.source, list(ledger.posts), ledger.path) for ledger in found] == [
        ("ablog  My blog", [], second.path), ("jekyll https://a.example/", ["p"], first.path)]


def test_a_ledger_folder_that_is_a_link_is_not_read(tmp_path):
    real = tmp_path / "real"
    (real / "imported").mkdir(parents=True)
    ledger = Ledger.load(real, "hugo", "b")
    ledger.write(real)
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(real / "imported", site / "imported")
    assert all_ledgers(site) == []
    assert len(all_ledgers(real)) == 1

"""Disqus's XML export read, with verdicts written by hand: these comments are kept with these authors, dates and
parents, those left out for this reason, a broken comment named at its line and the others still read. No site is
built; ``make mutation`` mutates the code these tests pin (``importing/disqus.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_newsletter.importing import disqus
from sphinx_newsletter.importing.disqus import last_part, normalised, read_disqus
from sphinx_newsletter.importing.model import Comment, SourceError

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" ' \
       'xmlns:dsq="http://disqus.com/disqus-internals">\n'
THREADS = """\
<category dsq:id="1"><forum>ourforum</forum><title>General</title></category>
<thread dsq:id="t1"><id>/2012/06/summit-recap/</id><forum>ourforum</forum>
<link>https://blog.example/2012/06/summit-recap/</link><title>Summit
   recap</title></thread>
<thread dsq:id="t2"><link>https://blog.example/other.html</link><title>Other</title></thread>
<thread><link>https://blog.example/no-id/</link><title>No id</title></thread>
"""
POSTS = """\
<post dsq:id="p1"><message><![CDATA[<p>Great <b>recap</b>.</p>]]></message>
<createdAt>2012-06-19T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
<author><name>Zoë</name><username>zoe</username><email>zoe@example.org</email></author>
<thread dsq:id="t1"/></post>
<post dsq:id="p2"><message>Thanks!</message><createdAt>2012-06-20T10:00:00Z</createdAt>
<author><username>ann</username></author><thread dsq:id="t1"/><parent dsq:id="p1"/></post>
<post dsq:id="p3"><message>Anon</message><createdAt>2012-06-21T10:00:00Z</createdAt><author/>
<thread dsq:id="t2"/></post>
<post dsq:id="p4"><message>Buy now</message><createdAt>2012-06-21</createdAt><isSpam>TRUE</isSpam>
<thread dsq:id="t1"/></post>
<post dsq:id="p5"><message>Gone</message><createdAt>2012-06-21</createdAt><isDeleted>true</isDeleted>
<thread dsq:id="t1"/></post>
<post><message>No id</message><createdAt>2012-06-21</createdAt><thread dsq:id="t1"/></post>
<post dsq:id="p6"><message>Lost</message><createdAt>2012-06-21</createdAt><thread dsq:id="t9"/></post>
<post dsq:id="p7"><message>Lost too</message><createdAt>2012-06-21</createdAt></post>
<post dsq:id="p8"><message>No date</message><thread dsq:id="t1"/></post>
<post dsq:id="p9"><message>   </message><createdAt>2012-06-21</createdAt><thread dsq:id="t1"/></post>
<post dsq:id="p10"><message/><createdAt>2012-06-21</createdAt><thread dsq:id="t1"/></post>
<post dsq:id="p11"><message><![CDATA[<h2>Head</h2><p>See <img src="https://e.org/i.png" alt="I"></p>]]></message>
<createdAt>2012-06-22</createdAt><thread dsq:id="t2"/><parent/></post>
"""
TAIL = "</disqus>\n"


def export(tmp_path, text: str):
    path = tmp_path / "disqus.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_approved_comments_of_each_thread_are_read(tmp_path):
    found = read_disqus(export(tmp_path, HEAD + THREADS + POSTS + TAIL))
    assert found.forum == "ourforum"
    assert list(found.threads) == ["t1", "t2"]
    first = found.threads["t1"]
    assert (first.key, first.link, first.title, first.identifier) == (
        "t1", "https://blog.example/2012/06/summit-recap/", "Summit recap", "/2012/06/summit-recap/")
    assert first.comments == [
        Comment(key="dq-p1", author="Zoë", date=dt.date(2012, 6, 19), body="Great **recap**.\n"),
        Comment(key="dq-p2", author="ann", date=dt.date(2012, 6, 20), body="Thanks!\n", parent="dq-p1")]
    assert found.threads["t2"].comments == [
        Comment(key="dq-p3", author="Anonymous", date=dt.date(2012, 6, 21), body="Anon\n"),
        Comment(key="dq-p11", author="Anonymous", date=dt.date(2012, 6, 22),
                body="**Head**\n\nSee [image: I](https://e.org/i.png)\n")]  # a comment: no heading, no picture
    assert found.threads["t2"].identifier == ""
    assert found.left_out == {"spam": 1, "deleted": 1, "without Disqus's id of the comment (dsq:id)": 1,
                              "answering no thread of the export": 2, "without a date or a message": 3}
    assert "zoe@example.org" not in repr(found)


def test_comments_on_one_page_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(disqus, "MAX_COMMENTS_PER_POST", 1)
    found = read_disqus(export(tmp_path, HEAD + THREADS + POSTS + TAIL))
    assert [comment.key for comment in found.threads["t1"].comments] == ["dq-p1"]
    assert found.left_out["over 1 on one page"] == 2
    assert [comment.key for comment in found.threads["t2"].comments] == ["dq-p3"]  # the next page still read


def test_a_broken_comment_is_named_at_its_line_and_the_others_are_read(tmp_path):
    broken = POSTS.replace("<message>Thanks!</message>", "<message>Thanks & <b>bye</message>")
    found = read_disqus(export(tmp_path, HEAD + THREADS + broken + TAIL))
    assert [comment.key for comment in found.threads["t1"].comments] == ["dq-p1"]
    assert found.left_out["a <post> that is not well-formed XML at line 13 (invalid token)"] == 1


def test_a_broken_comment_is_named_at_the_line_of_its_fault(tmp_path):
    broken = POSTS.replace("<message>Thanks!</message>", "<message>Thanks\n\n</b></message>")
    found = read_disqus(export(tmp_path, HEAD + THREADS + broken + TAIL))
    assert found.left_out["a <post> that is not well-formed XML at line 15"] == 1  # a mismatched tag: no reason


def test_an_export_without_a_forum_has_an_empty_one(tmp_path):
    found = read_disqus(export(tmp_path, HEAD + '<thread dsq:id="t"><link>https://b.example/a/</link></thread>' + TAIL))
    assert found.forum == ""
    assert read_disqus(export(tmp_path, HEAD + '<category dsq:id="1"><title>G</title></category>' + TAIL)).forum == ""


def test_a_broken_document_that_is_no_disqus_export_is_not_read_in_parts(tmp_path):
    with pytest.raises(SourceError, match=r"^not well-formed XML"):
        read_disqus(export(tmp_path, '<rss xmlns:dsq="http://disqus.com/disqus-internals"><post dsq:id="x">'
                                     "<message>ok</message></post>&</rss>"))


def test_a_post_without_its_end_ends_the_reading(tmp_path):
    cut = HEAD + THREADS + POSTS.split("<post dsq:id=\"p2\">")[0] + '<post dsq:id="p2"><message>x & y</message>'
    found = read_disqus(export(tmp_path, cut))
    assert [comment.key for comment in found.threads["t1"].comments] == ["dq-p1"]


def test_an_export_with_nothing_readable_is_refused(tmp_path):
    with pytest.raises(SourceError) as error:
        read_disqus(export(tmp_path, HEAD + "<post>&</post>" + TAIL))
    assert str(error.value).startswith("not well-formed XML (")
    assert str(error.value).endswith("): export it again (Disqus: Admin → Moderation → Export), and do not edit it "
                                     "by hand")


def test_broken_xml_that_is_no_disqus_export_is_refused_whole(tmp_path):
    with pytest.raises(SourceError, match=r"^not well-formed XML"):
        read_disqus(export(tmp_path, "<rss><thread>&</thread></rss>"))


def test_another_export_is_refused(tmp_path):
    with pytest.raises(SourceError) as error:
        read_disqus(export(tmp_path, "<rss><channel/></rss>"))
    assert str(error.value) == ('not a Disqus export: its root is not <disqus xmlns="http://disqus.com"> '
                                "(Disqus: Admin → Moderation → Export)")


def test_lines_are_counted_across_elements():
    assert list(disqus._elements(b"<post>a</post>")) == [(1, "post", b"<post>a</post>")]
    data = b"<disqus>\n<thread a='1'>\nx\n</thread>\n\n<post>y</post><category>\n</category>"
    assert list(disqus._elements(data)) == [(2, "thread", b"<thread a='1'>\nx\n</thread>"),
                                            (6, "post", b"<post>y</post>"),
                                            (6, "category", b"<category>\n</category>")]


@pytest.mark.parametrize(("address", "key"), [
    ("https://www.Blog.example/2012/06/summit-recap/", "blog.example/2012/06/summit-recap"),
    ("http://blog.example/2012/06/summit-recap/index.html?x=1#c", "blog.example/2012/06/summit-recap"),
    (" https://blog.example/a.htm ", "blog.example/a"), ("https://blog.example/", "blog.example"),
    ("https://wwwx.example/a/", "wwwx.example/a"), ("https://b.example/boX/", "b.example/boX"),
])
def test_addresses_are_matched_without_scheme_www_or_page_suffix(address, key):
    assert normalised(address) == key


@pytest.mark.parametrize(("address", "name"), [
    ("/2012/06/summit-recap/", "summit-recap"), ("https://blog.example/a/b.html", "b"),
    ("https://blog.example/a/index.html", "a"), ("https://blog.example/", ""), (" x ", "x"), ("/a/bX/", "bX"),
])
def test_a_pages_name_is_the_last_part_of_its_address(address, name):
    assert last_part(address) == name

"""A WordPress export (WXR) read, with verdicts written by hand: these posts become reports with these fields,
those items are skipped for this reason, these comments kept and those left out. No site is built; ``make
mutation`` mutates the code these tests pin (``importing/wordpress.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_newsletter.importing import wordpress
from sphinx_newsletter.importing.model import Comment, SourceError
from sphinx_newsletter.importing.wordpress import code_blocks, read_wordpress

HEAD = """\
<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Our blog</title>
<link>https://blog.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://blog.example</wp:base_site_url>
<wp:base_blog_url>https://blog.example/news</wp:base_blog_url>
<wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name>Ann Lee</wp:author_display_name>
</wp:author>
<wp:author><wp:author_login>bo</wp:author_login><wp:author_first_name> Bo </wp:author_first_name>
<wp:author_last_name>Ek</wp:author_last_name><wp:author_display_name> </wp:author_display_name></wp:author>
<wp:author><wp:author_login>cy</wp:author_login></wp:author>
"""
TAIL = "</channel>\n</rss>\n"


def item(title: str, status: str = "publish", kind: str = "post", key: str = "1", extra: str = "",
         content: str = "<p>Text.</p>", date: str = "2012-06-18 22:30:00") -> str:
    return f"""<item><title>{title}</title><link>https://blog.example/news/{key}/</link>
<guid isPermaLink="false">https://blog.example/news/?p={key}</guid><dc:creator><![CDATA[ann]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{key}</wp:post_id><wp:post_date>{date}</wp:post_date><wp:post_name>post-{key}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>{kind}</wp:post_type>
{extra}</item>
"""


def comment(key: str, approved: str = "1", kind: str = "", parent: str = "0", date: str = "2012-06-19 10:00:00",
            content: str = "Nice.", author: str = "Zoë", url: str = "", meta: str = "") -> str:
    return f"""<wp:comment><wp:comment_id>{key}</wp:comment_id><wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_author_email>z@example.org</wp:comment_author_email><wp:comment_author_url>{url}</wp:comment_author_url>
<wp:comment_author_IP>10.0.0.1</wp:comment_author_IP><wp:comment_date>{date}</wp:comment_date>
<wp:comment_content><![CDATA[{content}]]></wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved>
<wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>{meta}</wp:comment>
"""


def read(tmp_path, *items: str, drafts: bool = False, base_url: str | None = None, head: str = HEAD):
    path = tmp_path / "export.xml"
    path.write_text(head + "".join(items) + TAIL, encoding="utf-8")
    return read_wordpress(path, drafts, base_url)


def test_a_post_becomes_a_report_with_its_fields(tmp_path):
    extra = """<category domain="category" nicename="summits"><![CDATA[Summits]]></category>
<category domain="post_tag" nicename="design"><![CDATA[Design  Summit]]></category>
<category domain="post_tag" nicename="design-2"><![CDATA[design summit]]></category>
<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
<category domain="series" nicename="s"><![CDATA[A series]]></category>
<category><![CDATA[No domain]]></category>
<wp:postmeta><wp:meta_key>venue</wp:meta_key><wp:meta_value><![CDATA[ Moscone  West ]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>conference</wp:meta_key><wp:meta_value><![CDATA[OpenStack Summit]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>event</wp:meta_key><wp:meta_value><![CDATA[ ]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>newsletter_event</wp:meta_key><wp:meta_value></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>location</wp:meta_key></wp:postmeta>
<wp:postmeta><wp:meta_value>no key</wp:meta_value></wp:postmeta>
<category domain="post_tag" nicename="empty"></category>
"""
    source = read(tmp_path, item("Summit  recap", extra=extra.replace("<excerpt", "<x"),
                                 content="Line one\nline two\n\n<a href=\"/about/\">About</a>"))
    assert (source.kind, source.identity, source.skipped) == ("wordpress", "https://blog.example/news/", [])
    [post] = source.posts
    assert (post.origin, post.where, post.title, post.date) == ("https://blog.example/news/?p=1", "item 1 (Summit recap)",
                                                               "Summit recap", dt.date(2012, 6, 18))
    assert post.body == "Line one\\\nline two\n\n[About](https://blog.example/about/)\n"
    assert (post.slug, post.authors, post.tags) == ("post-1", ("Ann Lee",), ("Summits", "Design Summit"))
    assert (post.summary, post.event, post.location, post.draft) == (None, "OpenStack Summit", "Moscone West", False)
    assert post.addresses == ("https://blog.example/news/1/", "https://blog.example/news/?p=1")
    assert (post.identity, post.comments, post.notes) == ("post-1", [], [])


def test_reading_leaves_unpublished_posts_out_unless_asked(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(HEAD + item("Later", status="draft") + TAIL, encoding="utf-8")
    assert read_wordpress(path).posts == []


def test_a_post_without_guid_link_or_id_is_still_told_apart(tmp_path):
    no_guid = item("No guid", key="5").replace('<guid isPermaLink="false">https://blog.example/news/?p=5</guid>', "")
    bare = item("Bare", key="").replace('<guid isPermaLink="false">https://blog.example/news/?p=</guid>', "").replace(
        "<link>https://blog.example/news//</link>", "")
    source = read(tmp_path, no_guid, bare, item("", key="7"), item("T" * 70, key="8"), item("  ", key="9",
                                                                                            status=""))
    assert [(post.origin, post.identity) for post in source.posts][:2] == [
        ("https://blog.example/news/5/", "post-5"), ("wordpress:", "")]
    assert [post.where for post in source.posts[2:]] == ["item 3 (untitled)", f"item 4 ({'T' * 60})",
                                                         "item 5 (untitled)"]
    assert source.posts[4].draft is False  # no status: published


def test_authors_are_named_as_the_blog_shows_them(tmp_path):
    posts = [item(f"P{n}", key=str(n)).replace("<![CDATA[ann]]>", f"<![CDATA[{login}]]>")
             for n, login in enumerate(["ann", "bo", "cy", "dee", ""], 1)]
    source = read(tmp_path, *posts)
    assert [post.authors for post in source.posts] == [("Ann Lee",), ("Bo Ek",), ("cy",), ("dee",), ()]


def test_a_summary_is_the_excerpts_text_and_the_blogs_address_can_be_given(tmp_path):
    post = item("P").replace("<excerpt:encoded><![CDATA[]]>",
                             "<excerpt:encoded><![CDATA[<p>Short  <b>text</b>.</p><p>More.</p>]]>")
    source = read(tmp_path, post, base_url="https://other.example/blog")
    assert source.posts[0].summary == "Short text. More."
    assert source.identity == "https://other.example/blog/"


@pytest.mark.parametrize(("status", "extra", "reason"), [
    ("trash", "", "in the trash: not imported"), ("auto-draft", "", "an automatic draft: not imported"),
    ("inherit", "", "a revision: not imported"),
    ("private", "", "private: never imported (its readers were chosen, and the repository is public)"),
    ("publish", "<wp:post_password>secret</wp:post_password>",
     "password-protected: never imported (its readers were chosen, and the repository is public)"),
])
def test_what_wordpress_shows_nobody_is_never_imported(tmp_path, status, extra, reason):
    for drafts in (False, True):
        source = read(tmp_path, item("Hidden", status=status, extra=extra), drafts=drafts)
        assert source.posts == []
        assert [(skip.where, skip.reason) for skip in source.skipped] == [("item 1 (Hidden)", reason)]


@pytest.mark.parametrize(("status", "name"), [("draft", "a draft"), ("pending", "pending review"),
                                              ("future", "scheduled"), ("odd", "odd")])
def test_unpublished_posts_are_skipped_or_imported_as_drafts(tmp_path, status, name):
    skipped = read(tmp_path, item("Later", status=status))
    assert [(skip.where, skip.reason) for skip in skipped.skipped] == [
        ("item 1 (Later)", f"{name}: not imported (--unpublished draft imports it as a draft)")]
    [post] = read(tmp_path, item("Later", status=status), drafts=True).posts
    assert post.draft and post.notes == [f"{name} in WordPress: imported as a draft"]


def test_items_that_are_not_posts_are_skipped_and_attachments_serve_galleries(tmp_path):
    attachment = item("Photo  one", kind="attachment", key="7", extra="<wp:attachment_url>https://blog.example/a.png"
                                                                      "</wp:attachment_url>").replace(
        "<wp:post_parent>0</wp:post_parent>", "<wp:post_parent>1</wp:post_parent>")
    source = read(tmp_path, item("With gallery", content="[gallery]"), attachment,
                  item("About", kind="page", key="2"), item("Menu", kind="nav_menu_item", key="3"),
                  item("", kind="", key="4", content="x"))
    assert [post.title for post in source.posts] == ["With gallery", "Untitled post of 2012-06-18"]
    assert source.posts[0].body == "![Photo one](https://blog.example/a.png)\n"
    assert source.posts[1].notes == ["the post has no title: one was made up from its date"]
    assert [(skip.where, skip.reason) for skip in source.skipped] == [
        ("item 3 (About)", "a page, not a post: only posts become reports"),
        ("item 4 (Menu)", "a nav menu item, not a post: only posts become reports")]


def test_without_a_blog_address_the_channels_link_serves(tmp_path):
    head = HEAD.replace("<wp:base_blog_url>https://blog.example/news</wp:base_blog_url>\n", "")
    source = read(tmp_path, item("P", content='<a href="/x">x</a>'), head=head)
    assert source.identity == "https://blog.example/"
    assert source.posts[0].body == "[x](https://blog.example/x)\n"
    bare = head.replace("<link>https://blog.example</link>\n", "")
    assert read(tmp_path, item("P"), head=bare).identity == "export.xml"


def test_galleries_find_attachments_by_id_and_by_post(tmp_path):
    attachment = item("Photo", kind="attachment", key="7").replace(
        "<wp:post_parent>0</wp:post_parent>", "<wp:post_parent>1</wp:post_parent>")  # no attachment_url: its guid
    source = read(tmp_path, item("A", content='[gallery ids="7"]'), attachment, item("B", key="2", content="[gallery]"))
    assert source.posts[0].body == "![Photo](https://blog.example/news/?p=7)\n"
    assert source.posts[1].body == "\\[gallery\\]\n"
    assert source.posts[1].notes == ["a [gallery] whose images are not in the export is left as text"]


def test_a_posts_shortcodes_are_told_to_the_editor(tmp_path):
    source = read(tmp_path, item("A", content="[unknown a=1]x[/unknown]"))
    assert source.posts[0].notes == ["shortcode [unknown] left as text"]


def test_block_editor_html_keeps_its_line_breaks_as_written(tmp_path):
    source = read(tmp_path, item("Blocks", content="<!-- wp:html -->\nline one\nline two\n<!-- /wp:html -->"),
                  item("Classic", key="2", content="line one\nline two"))
    assert [post.body for post in source.posts] == ["line one\nline two\n", "line one\\\nline two\n"]


def test_a_post_without_a_date_is_skipped_and_the_gmt_date_serves(tmp_path):
    no_date = item("Undated", date="")
    gmt = item("Gmt", key="2", date="").replace("<wp:post_name>", "<wp:post_date_gmt>2012-07-01 01:00:00"
                                                                  "</wp:post_date_gmt><wp:post_name>")
    source = read(tmp_path, no_date, gmt)
    assert [(skip.where, skip.reason) for skip in source.skipped] == [
        ("item 1 (Undated)", "it has no date (wp:post_date): give it one in WordPress and export again")]
    assert source.posts[0].date == dt.date(2012, 7, 1)


def test_a_post_that_cannot_be_converted_is_skipped_and_the_rest_read(tmp_path, monkeypatch):
    def broken(*args):
        raise ValueError("no")

    monkeypatch.setattr(wordpress, "_meta", broken)
    source = read(tmp_path, item("A " * 40), item("", key="2"))
    assert [(skip.where, skip.reason) for skip in source.skipped] == [
        (f"item 1 ({('A ' * 40).strip()[:60]})", "not imported: it could not be converted (ValueError: no)"),
        ("item 2 (untitled)", "not imported: it could not be converted (ValueError: no)")]


def test_comments_approved_threaded_and_counted(tmp_path):
    comments = "".join([
        comment("1", url="https://zoe.example/"),
        comment("2", parent="1", author="  ", date="2012-06-10 10:00:00", meta="<wp:commentmeta><wp:meta_key>likes"
                "</wp:meta_key><wp:meta_value>3</wp:meta_value></wp:commentmeta>", url="javascript:x"),
        comment("3", approved="spam"), comment("4", approved="trash"), comment("5", approved="post-trashed"),
        comment("6", approved="0"), comment("7", kind="pingback"), comment("8", kind="trackback"),
        comment("", content="x"), comment("9", date=""), comment("10", content="<p> </p>"),
        comment("11", meta="<wp:commentmeta><wp:meta_key>_likes</wp:meta_key><wp:meta_value>x</wp:meta_value>"
                "</wp:commentmeta><wp:commentmeta><wp:meta_key>cld_like_count</wp:meta_key><wp:meta_value> 12 "
                "</wp:meta_value></wp:commentmeta>"),
        comment("12", date="2012-06-18 08:00:00", author="Zoë  Lee", parent="",
                content='<h2>Head</h2><p>See <a href="/rel">this</a> <img src="https://e.org/i.png" alt="I"></p>'),
        comment("13", date="").replace("<wp:comment_parent>", "<wp:comment_date_gmt>2012-06-20 01:00:00"
                                                              "</wp:comment_date_gmt><wp:comment_parent>"),
    ])
    source = read(tmp_path, item("Talked about", extra=comments))
    [post] = source.posts
    assert post.comments == [
        Comment(key="wp-1", author="Zoë", date=dt.date(2012, 6, 19), body="Nice.\n", url="https://zoe.example/"),
        Comment(key="wp-2", author="Anonymous", date=dt.date(2012, 6, 18), body="Nice.\n", parent="wp-1", likes=3),
        Comment(key="wp-11", author="Zoë", date=dt.date(2012, 6, 19), body="Nice.\n", likes=12),
        Comment(key="wp-12", author="Zoë Lee", date=dt.date(2012, 6, 18),
                body="**Head**\n\nSee [this](https://blog.example/rel) [image: I](https://e.org/i.png)\n"),
        Comment(key="wp-13", author="Zoë", date=dt.date(2012, 6, 20), body="Nice.\n")]
    assert post.notes == ["comment 2: its author's address 'javascript:x' is not http or https and is left out",
                          "comment 2 is dated 2012-06-10, before the post: it is dated 2012-06-18"]
    assert source.comments_left_out == {"spam": 1, "in the trash": 2, "not approved (pending)": 1,
                                        "pingbacks (not reader comments)": 1, "trackbacks (not reader comments)": 1,
                                        "without an id or a date": 2, "empty": 1}
    assert "10.0.0.1" not in repr(source) and "z@example.org" not in repr(source)


def test_comments_on_one_post_and_items_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(wordpress, "MAX_COMMENTS_PER_POST", 2)
    monkeypatch.setattr(wordpress, "MAX_POSTS", 1)
    exactly = read(tmp_path, item("A", extra=comment("1") + comment("2")))
    assert (exactly.notes, exactly.posts[0].notes) == ([], [])  # at the bounds: nothing left out
    source = read(tmp_path, item("A", extra=comment("1") + comment("2") + comment("3")), item("B", key="2"))
    assert [post.title for post in source.posts] == ["A"]
    assert [c.key for c in source.posts[0].comments] == ["wp-1", "wp-2"]
    assert source.posts[0].notes == ["3 comments: the first 2 are imported"]
    assert source.notes == ["the export holds 2 items: the first 1 are read"]


def test_wordpress_com_exports_use_https_namespaces_and_undeclared_prefixes(tmp_path):
    head = HEAD.replace("http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/").replace(
        "<title>Our blog</title>", '<title>Our blog</title><atom:link rel="search" href="https://x.example/os"/>')
    source = read(tmp_path, item("Dotcom"), head=head)
    assert [post.title for post in source.posts] == ["Dotcom"]
    assert source.posts[0].authors == ("Ann Lee",)


def test_block_editor_content_is_not_given_paragraphs_again(tmp_path):
    source = read(tmp_path, item("Blocks", content="<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->"))
    assert source.posts[0].body == "One\nline\n"


@pytest.mark.parametrize(("text", "message"), [
    ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]><rss/>',
     "refused: the export declares a DTD or entities (DTDForbidden); an export has none: export it again "
     "(Tools → Export)"),
    ("<rss><channel>", "not well-formed XML (no element found: line 1, column 14): export it again (Tools → Export), "
                       "and do not edit it by hand"),
    ("<feed><channel/></feed>", "not a WordPress export (WXR): its root is not <rss><channel>"),
    ("<rss></rss>", "not a WordPress export (WXR): its root is not <rss><channel>"),
    ("<rss><channel><title>x</title></channel></rss>", "not a WordPress export (WXR): it has no <wp:wxr_version>"),
])
def test_what_is_not_an_export_is_refused(tmp_path, text, message):
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as error:
        read_wordpress(path)
    assert str(error.value) == message


def test_an_export_that_cannot_be_read_is_refused(tmp_path, monkeypatch):
    with pytest.raises(SourceError) as error:
        read_wordpress(tmp_path / "missing.xml")
    assert str(error.value) == "cannot be read: No such file or directory"
    (tmp_path / "link.xml").symlink_to(tmp_path / "missing.xml")
    with pytest.raises(SourceError) as error:
        read_wordpress(tmp_path / "link.xml")
    assert str(error.value) == "a symbolic link is not followed: put the file itself in the repository"
    monkeypatch.setattr(wordpress, "MAX_EXPORT_BYTES", 10)
    (tmp_path / "big.xml").write_text("<rss>" + " " * 20 + "</rss>", encoding="utf-8")
    with pytest.raises(SourceError):
        read_wordpress(tmp_path / "big.xml")


def test_undeclared_prefixes_are_declared_on_the_root():
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><atom:link href="x"/><own:x a:b="1"/></channel></rss>'
    repaired = wordpress._declare_prefixes(data)
    assert repaired == (b'<?xml version="1.0"?><rss xmlns:a="urn:newsletter:undeclared:a" '
                        b'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:own="urn:newsletter:undeclared:own" '
                        b'version="2.0"><channel><atom:link href="x"/><own:x a:b="1"/></channel></rss>')
    assert wordpress._declare_prefixes(b'<rss xmlns:atom="x"><atom:link/></rss>') is None
    assert wordpress._declare_prefixes(b"<feed><atom:link/></feed>") is None
    many = b"<rss>" + b"".join(b"<p%d:x/>" % n for n in range(33)) + b"</rss>"
    assert wordpress._declare_prefixes(many) is None
    assert wordpress._declare_prefixes(b"<rss>" + b"".join(b"<p%d:x/>" % n for n in range(32)) + b"</rss>") is not None
    assert wordpress._declare_prefixes(b"<rss><xml:x/><xmlns:y/></rss>") is None
    assert wordpress._declare_prefixes(b'<rss xmlns:Own="u"><Own:x B:c="1"/><Atom:link/></rss>') == (
        b'<rss xmlns:Atom="urn:newsletter:undeclared:Atom" xmlns:B="urn:newsletter:undeclared:B" xmlns:Own="u">'
        b'<Own:x B:c="1"/><Atom:link/></rss>')


@pytest.mark.parametrize(("html", "result"), [
    ("<code>$ ls\n\n# list</code>", "<pre><code>$ ls\n\n# list</code></pre>"),
    ('<code class="bash">\n$ ls\n# x\n</code>', '<pre><code class="bash">$ ls\n# x</code></pre>'),
    ("<code>one line</code> and <CODE>\nalso one\n</CODE>", "<code>one line</code> and <CODE>\nalso one\n</CODE>"),
    ("<pre><code>a\nb</code></pre>", "<pre><code>a\nb</code></pre>"),
    ("<code>  $ ls\n  # x</code>", "<pre><code>  $ ls\n  # x</code></pre>"),
    ("<code> \nfoo</code>", "<pre><code> \nfoo</code></pre>"), ("<code>X\nfoo</code>", "<pre><code>X\nfoo</code></pre>"),
])
def test_code_spanning_lines_outside_pre_is_a_code_block(html, result):
    assert code_blocks(html) == result

"""The Jekyll and Hugo reader (``importing/staticsite.py``) with verdicts written by hand: this site is a
Jekyll site at that address, this post is read so and that one left out for this reason, this markdown
comes out as that, these Staticman comments thread so. Small sites are written in each test's folder
(``make mutation`` runs, for a mutant, the tests that ran its code)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write_sources

from sphinx_newsletter.importing import staticsite as ss
from sphinx_newsletter.importing.markup import POST_LINK, Conversion
from sphinx_newsletter.importing.model import Post, Source, SourceError

D = dt.date
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d5e0f70000000049454e44ae426082")
LEFT_OUT = ": not imported (--unpublished draft imports it as a draft)"


def posts(source: Source) -> dict[str, tuple]:
    return {post.origin: (post.title, post.date, post.slug, post.authors, post.tags, post.summary, post.event,
                          post.location, post.draft, post.body) for post in source.posts}


def threads(source: Source) -> dict[str, list[tuple]]:
    return {post.origin: [(comment.key, comment.author, comment.date, comment.body, comment.url, comment.parent)
                          for comment in post.comments] for post in source.posts}


# A Jekyll site


JEKYLL = {
    "_config.yml": "url: https://blog.example.org\nbaseurl: /news/\nauthor:\n  name: Site Owner\n",
    "_config.toml": "url = 'https://wrong.example.org'\n",
    "_data/authors.yml": "ann:\n  name: Ann Lee\nbo:\n  display_name: Bo Berg\ncy: Cy Chen\nempty: {}\n",
    "_data/authors/dee.yml": "name: Dee Dunn\n",
    "staticman.yml": "comments:\n  path: \"_data/comments/{options.slug}\"\n",
    "_includes/note.md": "Included **note**.\n",
    "_posts/2016-09-24-first-post.md": "---\ntitle: First post\nauthor: ann\ntags: [a, b]\ncategories: Events\n"
                                       "excerpt: The first.\nevent: PyCon\nlocation: Berlin\n---\n\nHello [home](/about/) "
                                       "and ![pic](/img/x.png).\n\n<!-- more -->\n\n{% include note.md %}\n",
    "_posts/2016-10-01-second.markdown": "---\nauthors: [bo, dee, zed]\nslug: custom-slug\ndate: 2016-10-02\n---\n\n"
                                         "# Heading\n\n## Sub\n\nText with `code [x](/y)` and $5.\n",
    "_posts/2016-11-01-page.html": "---\ntitle: HTML post\ncategory: Notes\n---\n<p>Para <a href=\"/z\">z</a></p>\n"
                                   "{% include note.md %}\n",
    "_posts/2999-01-01-future.md": "---\ntitle: Future\n---\n\nLater.\n",
    "_posts/2016-11-02-comma.md": "---\ntitle: Comma\nauthor: Lee, Ann\n---\n\n![logo](logo.svg)\n",
    "_posts/logo.svg": "<svg/>",
    "_posts/undated.md": "---\ntitle: Undated\n---\n\nNo date.\n",
    "_posts/2016-12-01-unpub.md": "---\npublished: false\n---\n\nHidden.\n",
    "_drafts/a-draft.md": "---\ntitle: Draft\ndate: 2016-12-02\n---\n\nDraft text.\n",
    "_posts/2016-12-03-badmatter.md": "---\ntitle: [unclosed\n---\n\nx\n",
    "_posts/2016-12-04-latin1.md": b"---\ntitle: caf\xe9\n---\n",
    "_posts/notes.txt": "not a post\n",
    "_data/comments/first-post/c1.yml": "_id: a1\nname: Li\ndate: 2016-09-25T10:00:00Z\nmessage: Great **post**\n"
                                        "url: https://li.example\n",
    "_data/comments/first-post/c2.yml": "_id: a2\nname: Mo\ndate: 2016-09-26\nmessage: Reply\nreplying_to_uid: a1\n"
                                        "url: javascript:alert(1)\n",
    "_data/comments/first-post/c3.yml": "_id: a3\ndate: 2016-09-27\nmessage: second top\n",
    "_data/comments/first-post/c4.yml": "_id: a4\nname: Nia\ndate: 2016-09-28\nmessage: 'numbered'\nreplying_to: '2'\n",
    "_data/comments/first-post/c5.yml": "_id: a5\nname: Hid\ndate: 2016-09-28\nmessage: hidden one\nhidden: true\n",
    "_data/comments/first-post/c6.yml": "_id: a6\nname: Nodate\nmessage: x\n",
    "_data/comments/first-post/c7.yml": "_id: a7\nname: Early\ndate: 2016-01-01\nmessage: before the post\n"
                                        "replying_to_uid: a7\n",
    "_data/comments/first-post/c8.yml": "_id: a8\nname: Lost\ndate: 2016-09-29\nmessage: to nobody\nreplying_to: '9'\n",
    "_data/comments/orphan1/c.yml": "_id: o\n",
    "_data/comments/custom-slug/comment-s1.yml": "name: Sl\ndate: 2016-10-05\nmessage: on second\n",
}
JEKYLL_POSTS = {
    "_posts/2016-09-24-first-post.md": (
        "First post", D(2016, 9, 24), "first-post", ("Ann Lee",), ("a", "b", "Events"), "The first.", "PyCon",
        "Berlin", False, "Hello [home](https://blog.example.org/about/) and ![pic](https://blog.example.org/img/x.png)"
                         ".\n\n\nIncluded **note**.\n"),
    "_posts/2016-10-01-second.markdown": (
        "Custom slug", D(2016, 10, 2), "custom-slug", ("Bo Berg", "Dee Dunn", "zed"), (), None, None, None, False,
        "## Heading\n\n### Sub\n\nText with `code [x](/y)` and \\$5.\n"),
    "_posts/2016-11-01-page.html": ("HTML post", D(2016, 11, 1), "page", ("Site Owner",), ("Notes",), None, None, None,
                                    False, "Para [z](https://blog.example.org/z)\n\nIncluded \\*\\*note\\*\\*.\n"),  # HTML
    "_posts/2016-11-02-comma.md": ("Comma", D(2016, 11, 2), "comma", ("Lee, Ann",), (), None, None, None, False,
                                   "![logo](https://blog.example.org/news/logo.svg)\n"),
}
JEKYLL_SKIPPED = [
    ("_drafts/a-draft.md", "a draft" + LEFT_OUT),
    ("_posts/2016-12-01-unpub.md", "unpublished (published: false)" + LEFT_OUT),
    ("_posts/2016-12-03-badmatter.md", "its front matter cannot be read: YAML syntax error: did not find expected ',' "
                                       "or ']'"),
    ("_posts/2016-12-04-latin1.md", "not UTF-8 text: save it as UTF-8 and import again"),
    ("_posts/2999-01-01-future.md", "scheduled for 2999-01-01" + LEFT_OUT),
    ("_posts/undated.md", "it has no date (front matter 'date' or a YYYY-MM-DD- file name)"),
]


@pytest.fixture
def jekyll(tmp_path) -> Path:
    return write_sources(tmp_path / "jekyll", JEKYLL)


def test_a_jekyll_sites_posts_are_read_and_every_one_left_out_is_named(jekyll):
    source = ss.read_static_site(jekyll)
    assert (source.kind, source.identity) == ("jekyll", "https://blog.example.org/news/")
    assert posts(source) == JEKYLL_POSTS
    assert sorted((skipped.where, skipped.reason) for skipped in source.skipped) == JEKYLL_SKIPPED
    by_origin = {post.origin: post for post in source.posts}
    assert by_origin["_posts/2016-09-24-first-post.md"].images == ["https://blog.example.org/img/x.png"]
    assert by_origin["_posts/2016-10-01-second.markdown"].notes == [
        "the post has no title: one was made from its file name"]
    assert by_origin["_posts/2016-11-02-comma.md"].notes == [
        "picture logo.svg is not copied: only pictures are copied (.png, .jpg, .jpeg, .gif, .webp, .avif); SVG runs "
        "scripts: export it as PNG"]


def test_staticman_comments_thread_by_id_or_number_and_keep_what_may_be_shown(jekyll):
    source = ss.read_static_site(jekyll)
    assert threads(source) == {
        "_posts/2016-09-24-first-post.md": [
            ("sm-a7", "Early", D(2016, 9, 24), "before the post\n", None, None),  # dated before the post: on its day
            ("sm-a1", "Li", D(2016, 9, 25), "Great **post**\n", "https://li.example", None),
            ("sm-a2", "Mo", D(2016, 9, 26), "Reply\n", None, "sm-a1"),
            ("sm-a3", "Anonymous", D(2016, 9, 27), "second top\n", None, None),
            ("sm-a4", "Nia", D(2016, 9, 28), "numbered\n", None, "sm-a3"),  # the second top-level comment
            ("sm-a8", "Lost", D(2016, 9, 29), "to nobody\n", None, None),
        ],
        "_posts/2016-10-01-second.markdown": [("sm-s1", "Sl", D(2016, 10, 5), "on second\n", None, None)],
        "_posts/2016-11-01-page.html": [], "_posts/2016-11-02-comma.md": [],
    }
    assert source.comments_left_out == {"without a date or a message": 1, "hidden": 1}
    first = next(post for post in source.posts if post.slug == "first-post")
    assert first.notes == ["comment a2: its author's address 'javascript:alert(1)' is not http or https and is left out"]
    assert source.notes == ["_data/comments: 1 comment folder(s) answer no imported post, and their comments are not "
                            "imported: orphan1"]


def test_unpublished_posts_come_as_drafts_when_asked_and_the_address_given_wins(jekyll):
    source = ss.read_static_site(jekyll, unpublished_as_drafts=True, base_url="https://given.example.org/")
    assert source.identity == "https://given.example.org/"
    drafts = {post.origin: (post.title, post.slug, post.notes) for post in source.posts if post.draft}
    assert drafts == {
        "_drafts/a-draft.md": ("Draft", "a-draft", ["a draft in the site: imported as a draft"]),
        "_posts/2016-12-01-unpub.md": ("Unpub", "unpub", ["the post has no title: one was made from its file name",
                                                          "a draft in the site: imported as a draft"]),
        "_posts/2999-01-01-future.md": ("Future", "future", ["a draft in the site: imported as a draft"])}


# A Hugo site


HUGO = {
    "hugo.toml": "baseURL = 'https://hugo.example.org/'\n",
    "config.toml": "baseURL = 'https://wrong.example.org/'\n",
    "data/authors.toml": "[ann]\nname = 'Ann Lee'\n",
    "content/_index.md": "---\ntitle: Home\n---\n",
    "content/top.md": "---\ntitle: Top\ndate: 2016-01-01\n---\n",
    "content/posts/_index.md": "---\ntitle: Posts\ndate: 2016-01-01\n---\n",
    "content/posts/toml.md": "+++\ntitle = 'TOML post'\ndate = 2016-09-24T10:00:00Z\nauthors = ['ann']\ntags = ['x']\n"
                             "summary = 'Sum.'\n+++\n\nBody {{< ref \"other\" >}}.\n",
    "content/posts/json.md": '{\n  "title": "JSON post",\n  "date": "2016-09-25",\n  "description": "Desc."\n}\n\n'
                             "JSON body.\n",
    "content/posts/bundle/index.md": "---\ntitle: Bundle\ndate: 2016-09-26\n---\n\n![pic](pic.png)\n",
    "content/posts/bundle/pic.png": PNG,
    "content/posts/bundle/unused.png": PNG,
    "content/posts/draft.md": "---\ntitle: D\ndate: 2016-09-27\ndraft: 'yes'\n---\n",
    "content/posts/future.md": "---\ntitle: F\ndate: 2016-09-27\npublishDate: 2999-01-01\n---\n",
    "content/posts/expired.md": "---\ntitle: E\ndate: 2016-09-27\nexpiryDate: 2017-01-01\n---\n",
    "content/posts/never.md": "---\ntitle: N\ndate: 2016-09-27\n_build:\n  render: never\n---\n",
    "content/posts/headless.md": "---\ntitle: H\ndate: 2016-09-27\nheadless: true\n---\n",
    "data/comments/2016-09-24-toml/c.yml": "name: X\ndate: 1474711200\nmessage: unix time\n",
    "data/comments/bundle/c.json": '{"name": "J", "date": "2016-09-27", "comment": "json comment"}',
    "data/comments/bundle/bad.json": "{not json",
}


def test_a_hugo_bundles_comments_are_found_by_its_folders_name(tmp_path):
    root = write_sources(tmp_path / "hugo", {"content/posts/bundle/index.md": "---\ntitle: B\nslug: renamed\ndate: 2016-09-26\n"
                                                                      "---\n\nB.\n",
                                     "data/comments/bundle/c.yml": "name: C\ndate: 2016-09-27\nmessage: found\n"})
    [post] = ss.read_static_site(root).posts
    assert (post.slug, [comment.body for comment in post.comments]) == ("renamed", ["found\n"])


def test_a_hugo_sites_pages_bundles_and_front_matter_of_every_kind_are_read(tmp_path):
    source = ss.read_static_site(write_sources(tmp_path / "hugo", HUGO))
    assert (source.kind, source.identity) == ("hugo", "https://hugo.example.org/")
    assert posts(source) == {
        "content/posts/json.md": ("JSON post", D(2016, 9, 25), "json", (), (), "Desc.", None, None, False,
                                  "JSON body.\n"),
        "content/posts/toml.md": ("TOML post", D(2016, 9, 24), "toml", ("Ann Lee",), ("x",), "Sum.", None, None, False,
                                  f"Body {POST_LINK}other.\n"),
        "content/posts/bundle/index.md": ("Bundle", D(2016, 9, 26), "bundle", (), (), None, None, None, False,
                                          "![pic](pic.png)\n"),
    }
    bundle = source.posts[2]
    assert bundle.pictures == {"pic.png": tmp_path / "hugo/content/posts/bundle/pic.png"}
    assert threads(source)["content/posts/bundle/index.md"] == [("sm-c", "J", D(2016, 9, 27), "json comment\n", None,
                                                                 None)]
    assert bundle.notes == ["comment file data/comments/bundle/bad.json not read: JSON syntax error: Expecting "
                            "property name enclosed in double quotes: line 1 column 2 (char 1)"]
    assert sorted((skipped.where, skipped.reason) for skipped in source.skipped) == [
        ("content/posts/draft.md", "a draft" + LEFT_OUT),
        ("content/posts/expired.md", "expired on 2017-01-01" + LEFT_OUT),
        ("content/posts/future.md", "scheduled for 2999-01-01" + LEFT_OUT),
        ("content/posts/headless.md", "headless (never rendered)" + LEFT_OUT),
        ("content/posts/never.md", "never rendered (build: render: never)" + LEFT_OUT)]
    assert source.notes == ["data/comments: 1 comment folder(s) answer no imported post, and their comments are not "
                            "imported: 2016-09-24-toml"]


# The site folder and its configuration


def test_a_folder_that_is_neither_site_is_refused(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(SourceError) as refused:
        ss.StaticSite(tmp_path / "file", None)
    assert str(refused.value) == "not a folder: give the site's folder (the one with _config.yml or hugo.toml)"
    with pytest.raises(SourceError) as refused:
        ss.StaticSite(write_sources(tmp_path / "empty", {"README.md": "x"}), None)
    assert str(refused.value) == ("neither a Jekyll site (no _posts/ or _config.yml) nor a Hugo site (no content/)")


@pytest.mark.parametrize(("files", "kind", "address"), [
    ({"_config.yml": "url: https://a.example.org/\nbaseurl: ''\n"}, "jekyll", "https://a.example.org/"),
    ({"_config.yaml": "url: https://a.example.org\n"}, "jekyll", "https://a.example.org/"),
    ({"_config.toml": "url = 'https://t.example.org'\nbaseurl = 'b'\n", "_posts/x.md": ""}, "jekyll",
     "https://t.example.org/b/"),
    ({"_posts/x.md": ""}, "jekyll", None),
    ({"_config.yml": "- a list\n", "_config.toml": "url = 'https://t.example.org'\n"}, "jekyll",
     "https://t.example.org/"),
    ({"content/x/y.md": "", "hugo.yaml": "baseurl: https://h.example.org/\n"}, "hugo", "https://h.example.org/"),
    ({"content/x/y.md": "", "hugo.json": '{"baseURL": "https://j.example.org/"}'}, "hugo", "https://j.example.org/"),
    ({"content/x/y.md": "", "config.yaml": "baseURL: https://c.example.org/\n"}, "hugo", "https://c.example.org/"),
    ({"content/x/y.md": "", "config.json": '{"baseURL": "https://c.example.org/"}'}, "hugo", "https://c.example.org/"),
    ({"content/x/y.md": "", "config.yml": "baseURL: ftp://c.example.org/\n"}, "hugo", None),
])
def test_the_site_says_what_it_is_and_where_it_was(tmp_path, files, kind, address):
    site = ss.StaticSite(write_sources(tmp_path / "site", files), None)
    assert (site.kind, site.base_url) == (kind, address)


def test_jekylls_source_folder_holds_the_posts_and_data(tmp_path):
    root = write_sources(tmp_path / "site", {"_config.yml": "source: src\n", "src/_posts/2016-01-01-a.md": "A.\n",
                                     "src/_data/authors.yml": "ann: Ann Lee\n"})
    site = ss.StaticSite(root, None)
    assert site.content == root / "src" and site.authors == {"ann": "Ann Lee"}
    assert site.comments_folder == root / "src/_data/comments"
    assert [path.relative_to(root).as_posix() for path, _ in site.post_files()] == ["src/_posts/2016-01-01-a.md"]
    for source in ("/etc", "../elsewhere", "missing"):
        write_sources(tmp_path / source.strip("/.").replace("/", "_"), {"_config.yml": f"source: {source}\n", "_posts/a.md": ""})
        assert ss.StaticSite(tmp_path / source.strip("/.").replace("/", "_"), None).content == (
            tmp_path / source.strip("/.").replace("/", "_"))


def test_a_source_folder_filled_by_a_build_step_is_found_when_it_is_the_only_one(tmp_path):
    root = write_sources(tmp_path / "one", {"_config.yml": "source: src\n", ".tmp/_posts/a.md": "", "built/_posts/a.md": ""})
    assert ss.StaticSite(root, None).content == root / "built"  # dot-folders are not looked in
    root = write_sources(tmp_path / "two", {"_config.yml": "x: 1\n", "a/_posts/a.md": "", "b/_posts/b.md": ""})
    assert ss.StaticSite(root, None).content == root  # two candidates: neither


def test_authors_come_from_every_table_the_first_name_winning(tmp_path):
    root = write_sources(tmp_path / "site", {"_config.yml": "", "_posts/a.md": "",
                                     "_data/authors.yml": "ann: {name: Ann Lee}\nbo: [not, a, name]\ncy: 5\n",
                                     "_data/authors.json": '{"ann": "Other Ann", "dee": {"display_name": "Dee"}}',
                                     "_data/authors/eve.yaml": "name: Eve\n", "_data/authors/fay.md": "---\nx: 1\n---\n"})
    assert ss.StaticSite(root, None).authors == {"ann": "Ann Lee", "cy": "5", "dee": "Dee", "eve": "Eve"}


def test_data_files_that_are_links_or_broken_give_nothing(tmp_path):
    root = write_sources(tmp_path / "site", {"_config.yml": "", "_posts/a.md": "", "real.yml": "a: 1\n", "bad.yml": "a: [\n"})
    (root / "link.yml").symlink_to("real.yml")
    site = ss.StaticSite(root, None)
    assert site.data("real.yml") == {"a": 1}
    assert [site.data(name) for name in ("link.yml", "bad.yml", "missing.yml", "_posts")] == [None] * 4


def test_jekyll_includes_are_plain_names_of_text_files_in_the_site(tmp_path):
    root = write_sources(tmp_path / "site", {"_config.yml": "", "_posts/a.md": "", "_includes/a.md": "A", "_includes/b.html": "B",
                                     "_includes/sub/c.txt": "C", "_includes/d.py": "D", "secret.md": "S",
                                     "_includes/e.markdown": "E", "_includes/big.md": "x" * (256 * 1024 + 1)})
    (root / "_includes/link.md").symlink_to("a.md")
    site = ss.StaticSite(root, None)
    assert [site.include(name) for name in ("a.md", "b.html", "sub/c.txt", "d.py", "../secret.md", "/etc/passwd.md",
                                            "link.md", "missing.md", "", "e.markdown", "big.md")] == (
        ["A", "B", "C"] + [None] * 6 + ["E", None])  # an include is data: at most 256 KiB
    (root / "_includes/a.md").write_text("changed", encoding="utf-8")
    assert site.include("a.md") == "A"  # read once
    hugo = ss.StaticSite(write_sources(tmp_path / "hugo", {"content/x/y.md": "", "_includes/a.md": "A"}), None)
    assert hugo.include("a.md") is None


@pytest.mark.parametrize(("staticman", "folder"), [
    ("comments:\n  path: \"_data/comments/{options.slug}\"\n", "_data/comments"),
    ("comments:\n  path: \"/_data/reviews/{options.slug}\"\n", "_data/reviews"),
    ("comments:\n  path: \"../outside/{options.slug}\"\n", "_data/comments"),
    ("comments:\n  path: 5\nreviews:\n  path: data/reviews\n", "data/reviews"),
    ("comments: not settings\n", "src/_data/comments"),
    ("- a list\n", "src/_data/comments"),
])
def test_comments_are_where_staticman_puts_them(tmp_path, staticman, folder):
    root = write_sources(tmp_path / "site", {"_config.yml": "source: src\n", "src/_posts/a.md": "", "staticman.yml": staticman})
    assert ss.StaticSite(root, None).comments_folder == root / folder


def test_hugo_posts_are_pages_of_a_section_and_jekyll_drafts_unpublished(tmp_path):
    hugo = write_sources(tmp_path / "hugo", {"content/top.md": "", "content/_index.md": "", "content/a/_index.md": "",
                                     "content/a/b.md": "", "content/a/c/index.md": "", "content/a/d.txt": "",
                                     "content/a/e.html": ""})
    assert [(path.relative_to(hugo).as_posix(), drafted) for path, drafted in ss.StaticSite(hugo, None).post_files()] == [
        ("content/a/b.md", False), ("content/a/e.html", False), ("content/a/c/index.md", False)]
    jekyll = write_sources(tmp_path / "jekyll", {"_posts/a.md": "", "_posts/b.markdown": "", "_posts/c.mdown": "",
                                         "_drafts/d.md": "", "e.md": ""})
    assert [(path.name, drafted) for path, drafted in ss.StaticSite(jekyll, None).post_files()] == [
        ("a.md", False), ("b.markdown", False), ("c.mdown", False), ("d.md", True)]


# Published or not


@pytest.mark.parametrize(("value", "flag"), [
    (True, True), (False, False), (1, True), (0, False), (0.0, False), (" Yes ", True), ("t", True), ("ON", True),
    ("n", False), ("off", False), ("0", False), ("maybe", None), (None, None), ([], None)])
def test_a_switch_is_read_in_every_form_jekyll_and_hugo_accept(value, flag):
    assert ss._flag(value) is flag


TODAY = D(2020, 6, 1)


@pytest.mark.parametrize(("matter", "date", "reason"), [
    ({}, D(2020, 6, 1), None),
    ({"draft": True}, None, "a draft"),
    ({"draft": "maybe"}, None, "a draft"),  # in doubt: unpublished
    ({"draft": False, "published": True}, None, None),
    ({"published": "no"}, None, "unpublished (published: false)"),
    ({"published": "someday"}, None, "unpublished (published: false)"),
    ({"published": "2020-05-01"}, None, None),  # a date: when it was published
    ({"published": "2020-07-01"}, None, "scheduled for 2020-07-01"),
    ({"publishDate": "2020-06-02"}, None, "scheduled for 2020-06-02"),
    ({"publishdate": "2020-06-01"}, None, None),
    ({"publishdate": "2020-06-02"}, None, "scheduled for 2020-06-02"),
    ({"pubdate": D(2020, 6, 2)}, None, "scheduled for 2020-06-02"),
    ({"pubDate": "2020-06-02"}, None, "scheduled for 2020-06-02"),
    ({}, D(2020, 6, 2), "scheduled for 2020-06-02"),
    ({"expiryDate": "2020-06-01"}, None, "expired on 2020-06-01"),
    ({"expirydate": "2020-06-02"}, None, None),
    ({"expirydate": "2020-05-31"}, None, "expired on 2020-05-31"),
    ({"unpublishdate": "2020-05-01"}, None, "expired on 2020-05-01"),
    ({"unpublishDate": "2020-05-01"}, None, "expired on 2020-05-01"),
    ({"expiryDate": True}, None, None),
    ({"_build": {"render": "never"}}, None, "never rendered (build: render: never)"),
    ({"build": {"render": False}}, None, "never rendered (build: render: never)"),
    ({"build": {"render": "always"}}, None, None),
    ({"build": "never"}, None, None),
    ({"headless": "true"}, None, "headless (never rendered)"),
    ({"headless": False}, None, None),
])
def test_why_a_site_would_not_publish_a_post(matter, date, reason):
    assert ss.unpublished_reason(matter, date, TODAY) == reason


# Which comment folder is whose


def test_a_comment_folder_goes_to_the_post_that_names_it_best(tmp_path):
    root = write_sources(tmp_path / "site", {
        "_posts/2016-01-02-talk.md": "---\ntitle: T\nslug: first-talk\n---\n\nT.\n",  # names "talk" third
        "_posts/2016-01-03-other.md": "---\ntitle: O\nslug: talk\n---\n\nO.\n",  # its slug names "talk": it wins
        "_posts/2016-02-01-utc.md": "---\ntitle: U\n---\n\nU.\n",
        **{f"_posts/2015-03-0{day}-twin.md": f"---\ntitle: T{day}\n---\n\nT.\n" for day in range(1, 5)},
        "_posts/2016-13-45-odd.md": "---\ntitle: Odd\ndate: 2016-04-01\n---\n\nO.\n",  # a name that is no date
        "_data/comments/talk/c.yml": "name: C\ndate: 2016-01-04\nmessage: on talk\n",
        "_data/comments/2016-02-02-utc/c.yml": "name: U\ndate: 2016-02-03\nmessage: a day off\n",
        "_data/comments/twin/c.yml": "name: W\ndate: 2016-03-03\nmessage: whose?\n",
        **{f"_data/comments/gone{number}/c.yml": "" for number in range(6)},
        "_data/comments/file.yml": "",
    })
    source = ss.read_static_site(root)
    assert {post.origin: [comment.body for comment in post.comments] for post in source.posts} == {
        **{f"_posts/2015-03-0{day}-twin.md": [] for day in range(1, 5)},
        "_posts/2016-01-02-talk.md": [], "_posts/2016-01-03-other.md": ["on talk\n"],
        "_posts/2016-02-01-utc.md": ["a day off\n"], "_posts/2016-13-45-odd.md": []}
    assert source.notes == [
        "_data/comments/twin: the comments of more than one post (_posts/2015-03-01-twin.md, _posts/2015-03-02-twin.md, "
        "_posts/2015-03-03-twin.md) by its name: not imported; give each post's comments a folder named after its slug",
        "_data/comments: 6 comment folder(s) answer no imported post, and their comments are not imported: gone0, gone1, "
        "gone2, gone3, gone4 …"]


def test_five_comment_folders_no_post_answers_are_all_named(tmp_path):
    root = write_sources(tmp_path / "site", {"_posts/2016-01-01-a.md": "A.\n", **{f"_data/comments/gone{number}/c.yml": ""
                                                                        for number in range(5)}})
    assert ss.read_static_site(root).notes == [
        "_data/comments: 5 comment folder(s) answer no imported post, and their comments are not imported: gone0, gone1, "
        "gone2, gone3, gone4"]


def test_the_candidate_folders_are_its_slug_its_name_and_its_name_without_the_date(tmp_path):
    root = write_sources(tmp_path / "site", {"_posts/x.md": "", **{f"_data/comments/{name}/c.yml": "" for name in (
        "slug", "2016-01-02-name", "name", "2016-01-03-name", "2016-01-01-name")}})
    site = ss.StaticSite(root, None)
    post = Post(origin="x", where="x", title="T", date=D(2016, 1, 2), body="", slug="slug")
    folder = root / "_data/comments"
    assert ss._comment_folders(site, post, "2016-01-02-name") == [
        (0, folder / "slug"), (1, folder / "2016-01-02-name"), (2, folder / "name"), (3, folder / "2016-01-03-name"),
        (4, folder / "2016-01-01-name")]
    (folder / "a/b").mkdir(parents=True)
    for slug in ("..", ".", "a/b"):
        assert ss._comment_folders(site, Post(origin="x", where="x", title="T", date=D(2016, 1, 2), body="", slug=slug),
                                   "a/b") == []


def test_a_post_that_fails_is_named_and_the_others_read(tmp_path, monkeypatch):
    root = write_sources(tmp_path / "site", {"_posts/2016-01-01-a.md": "A.\n", "_posts/2016-01-02-b.md": "B.\n"})
    real = ss._post

    def fail_on_a(site, path, *args):
        if path.name.endswith("-a.md"):
            raise RecursionError("deep")
        return real(site, path, *args)

    monkeypatch.setattr(ss, "_post", fail_on_a)
    source = ss.read_static_site(root)
    assert [post.slug for post in source.posts] == ["b"]
    assert [(skipped.where, skipped.reason.split(" (")[0]) for skipped in source.skipped] == [
        ("_posts/2016-01-01-a.md", "not imported: nested too deeply to convert")]


def test_the_posts_read_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(ss, "MAX_POSTS", 2)
    root = write_sources(tmp_path / "site", {f"_posts/2016-01-0{number + 1}-p.md": "P.\n" for number in range(4)})
    assert [post.date.day for post in ss.read_static_site(root).posts] == [1, 2]


def test_a_post_file_that_is_a_link_is_not_read(tmp_path):
    root = write_sources(tmp_path / "site", {"_posts/2016-01-01-a.md": "A.\n", "outside.md": "S.\n"})
    (root / "_posts/2016-01-02-b.md").symlink_to("../outside.md")
    source = ss.read_static_site(root)
    assert [(skipped.where, skipped.reason.split(":")[0]) for skipped in source.skipped] == [
        ("_posts/2016-01-02-b.md", "not read")]


def test_the_sites_author_is_a_name_or_a_table(tmp_path):
    root = write_sources(tmp_path / "site", {"_config.yml": "author: Plain Name\n", "_posts/2016-01-01-a.md": "A.\n"})
    assert ss.read_static_site(root).posts[0].authors == ("Plain Name",)
    (root / "_config.yml").write_text("author:\n  email: a@example.org\n", encoding="utf-8")
    assert ss.read_static_site(root).posts[0].authors == ()


def test_a_post_without_an_author_takes_the_byline_it_starts_with(tmp_path):
    """The Kubernetes blogs write the authors as the body's first line; a front matter's author, or the
    site's, wins over it; an HTML post is not looked into; the line stays in the text."""
    byline = "**Authors:** [Ann Lee](https://a.example/) (Acme), Bo Chen\n\nText.\n"
    root = write_sources(tmp_path / "site", {
        "config.toml": "baseURL = 'https://blog.example.org/'\n",
        "content/posts/a.md": "---\ntitle: A\ndate: 2022-01-01\n---\n" + byline,
        "content/posts/b.md": "---\ntitle: B\ndate: 2022-01-02\nauthor: Cy Dee\n---\n" + byline,
        "content/posts/c.html": "---\ntitle: C\ndate: 2022-01-03\n---\nBy Ann Lee\n\n<p>Text.</p>\n",  # HTML: prose
        "content/posts/d.md": "---\ntitle: D\ndate: 2022-01-04\n---\nBy the way, no byline.\n"})
    found = {post.origin: post for post in ss.read_static_site(root).posts}
    a = found["content/posts/a.md"]
    assert a.authors == ("Ann Lee (Acme)", "Bo Chen")
    assert a.body.startswith("**Authors:** [Ann Lee](https://a.example/) (Acme), Bo Chen\n")
    assert [note for note in a.notes if "byline" in note] == [
        "the author was read from the byline that starts the post (it stays in the text: remove it there if the page "
        "shows the names twice)"]
    assert found["content/posts/b.md"].authors == ("Cy Dee",)
    assert not any("byline" in note for note in found["content/posts/b.md"].notes)
    assert found["content/posts/c.html"].authors == () and found["content/posts/d.md"].authors == ()
    (root / "config.toml").write_text("baseURL = 'https://blog.example.org/'\nauthor = 'Site Owner'\n")
    found = {post.origin: post for post in ss.read_static_site(root).posts}
    assert found["content/posts/a.md"].authors == ("Ann Lee (Acme)", "Bo Chen")  # the post's own byline first
    assert found["content/posts/d.md"].authors == ("Site Owner",)


# Markdown bodies


def conversion(base: str | None = "https://blog.example.org/news/") -> Conversion:
    return Conversion(base_url=base, notes=[], local=frozenset({"local.png"}))


@pytest.mark.parametrize(("text", "body", "notes", "images"), [
    ("Intro\n<!-- more -->\nRest.\n", "Intro\nRest.\n", [], []),
    ("Intro\n  <!--MORE-->  \nRest.\n", "Intro\nRest.\n", [], []),
    ("# Top\n\n### Deep\n\n[same](#top) [gone](#nowhere) [ref][t] [dead][d] [Dead][D]\n\n[t]: #top\n[d]: #missing\n"
     "[w]: /page \"T\"\n[x]: javascript:alert(1)\n  [y]: gopher://y.example\n[u]: ftp://u.example/f\n[v]: /plain\n",
     "## Top\n\n### Deep\n\n[same](#top) gone [ref][t] dead Dead\n\n[t]: #top\n\n[w]: https://blog.example.org/page "
     "\"T\"\n\\[x]: javascript:alert(1)\n\\[y]: gopher://y.example\n[u]: ftp://u.example/f\n[v]: https://blog.example.org/plain\n",
     ["a javascript: address is not linked (not a scheme reports may link to: SECURITY.md)",
      "a gopher: address is not linked (not a scheme reports may link to: SECURITY.md)"], []),
    ("![alt](/img/a.png) ![](rel.png) ![l](local.png) [m](mailto:a@b.org) [f](gopher://x.org/f) [t](tel:+41) "
     "![ftp](ftp://x.org/p.png) "
     "[[![i](/i.png)](/link)] [p](<" + POST_LINK + "x>)\n",
     "![alt](https://blog.example.org/img/a.png) ![](https://blog.example.org/news/rel.png) ![l](local.png) "
     "[m](mailto:a@b.org) f [t](tel:+41) [image: ftp] [[![i](https://blog.example.org/i.png)](https://blog.example.org/link)] "
     "[p](" + POST_LINK + "x)\n",
     ["a gopher: address is not linked (not a scheme reports may link to: SECURITY.md)",
      "a picture at a ftp: address is not shown (pictures are http or https)",
      "an image at 'ftp://x.org/p.png' is shown as its text"],
     ["https://blog.example.org/img/a.png", "https://blog.example.org/news/rel.png", "https://blog.example.org/i.png"]),
    ("```\n[x](/in-code)\n```\n\n    [y](/indented)\n\n`[z](/span)` and [a `b` c](/d)\n",
     "```\n[x](/in-code)\n```\n\n    [y](/indented)\n\n`[z](/span)` and [a `b` c](https://blog.example.org/d)\n", [], []),
    ("% not a comment\n+++\n(target)=\n::: fence\n- % in list\n> +++ quoted\n1. :::\nCosts $5 and $$x$$ and {role}`x`\n",
     "\\% not a comment\n\\+++\n\\(target)=\n\\::: fence\n- \\% in list\n> \\+++ quoted\n1. \\:::\n"
     "Costs \\$5 and $$x$$ and \\{role}`x`\n", [], []),
    ('<div class="note">\n<pre>\ncode\n\nmore\n</pre>\n</div>\n\nAfter.\n', "```\ncode\n\nmore\n```\n\n\nAfter.\n",
     ["an HTML block with blank lines inside converted to markdown (MyST would end it at the first blank line)"], []),
    ('<script>alert(1)</script>\n\nText <span onclick="x()">hi</span> <a href="/rel">r</a> <img src="/i.png">\n',
     'Text <span>hi</span> <a href="https://blog.example.org/rel">r</a> <img src="https://blog.example.org/i.png">\n',
     ["raw HTML: onclick on <span> removed, as the site would",
      "raw HTML converted to markdown (the site would remove <script>)"], []),
    ('<p><a href="/rel">kept</a> <a href="//cdn.example.org/x">cdn</a> <a href="/">home</a></p>\n',
     '<p><a href="https://blog.example.org/rel">kept</a> <a href="//cdn.example.org/x">cdn</a> '
     '<a href="https://blog.example.org/">home</a></p>\n', [], []),
    ('<div>\n<div>inner</div>\n\nstill inside\n</div>\n\nAfter.\n', "inner\n\nstill inside\n\n\nAfter.\n",
     ["an HTML block with blank lines inside converted to markdown (MyST would end it at the first blank line)"], []),
    # a footnote's text is no address, whatever it starts with (kramdown and MyST read [^label]: as a footnote)
    ("Text[^a][^b][^c][^d].\n\n[^a]: ... and more.\n[^b]: This is a note.\n [^c]: #hash and /path words\n"
     "[^d]: javascript:alert(1) stays text\n[e]: ../e\n",
     "Text[^a][^b][^c][^d].\n\n[^a]: ... and more.\n[^b]: This is a note.\n [^c]: #hash and /path words\n"
     "[^d]: javascript:alert(1) stays text\n[e]: https://blog.example.org/e\n", [], []),
    # two rules in a row (docutils refuses adjacent transitions: an error in a strict build) are one; rules that
    # a quote, a list or code separates, and rules in code, stay
    ("A\n\n---\n---\n\nB\n\n> ***\n>\n> ___\n\n- - -\n\n```\n---\n---\n```\n\n---\n\n- x\n\n---\n",
     "A\n\n---\n\nB\n\n> ***\n>\n\n- - -\n\n```\n---\n---\n```\n\n---\n\n- x\n\n---\n",
     ["two horizontal rules in a row shown as one (a page cannot hold two side by side)"], []),
])
def test_a_markdown_body_is_made_to_show_as_the_blog_showed_it(text, body, notes, images):
    converted = conversion()
    assert ss.markdown_body(text, converted) == body
    assert converted.notes == notes
    assert converted.images == images


def test_without_the_blogs_address_relative_links_and_images_are_text():
    converted = conversion(None)
    assert ss.markdown_body('![alt](/img/a.png) ![](x.png) [t](/p) <a href="/r">r</a>\n\n[w]: /page\n', converted) == (
        '[image: alt]  t <a href="/r">r</a>\n\n\\[w]: /page\n')
    assert converted.notes == [
        "relative address '/img/a.png' kept as text: give --base-url to link it",
        "an image at '/img/a.png' is shown as its text",
        "relative address 'x.png' kept as text: give --base-url to link it",
        "an image at 'x.png' is shown as its text",
        "relative address '/p' kept as text: give --base-url to link it",
        "relative address '/page' kept as text: give --base-url to link it"]


def test_an_unclosed_html_block_is_followed_only_so_far(monkeypatch):
    monkeypatch.setattr(ss, "MAX_HTML_BLOCK_LINES", 3)
    text = "<div>\nA\n\nB\n\nC\n</div>\n"
    assert ss.whole_html_blocks(text, conversion()) == text  # its end is 6 lines on
    monkeypatch.setattr(ss, "MAX_HTML_BLOCK_LINES", 6)
    assert ss.whole_html_blocks(text, conversion()) == "A\nB\nC\n\n"  # one paragraph, as a browser shows it


def test_nested_and_self_closing_tags_count_towards_an_elements_end():
    tags = ss.re.compile(r"<(/?)div\b[^>]*?(/?)>", ss.re.IGNORECASE)
    assert ss._depth(tags, "<div><div/><DIV class='x'></div>") == 1
    assert ss._depth(tags, "</div></div>") == -2


# Comments


def test_a_comments_markdown_is_rendered_and_converted_back_as_plain_markdown():
    converted = Conversion(base_url=None, comment=True)
    assert ss.comment_markdown("Hi *there* <script>x()</script> ![img](https://x.example/i.png) {role}`x`\n\n"
                               "```{danger}\nboo\n```\n", converted) == (
        "Hi *there*  [image: img](https://x.example/i.png) \\{role\\}`x`\n\n```\nboo\n```\n")


def test_comment_files_of_every_kind_and_their_reply_fields(tmp_path):
    root = write_sources(tmp_path / "site", {
        "_config.yml": "url: https://c.example.org\n", "_posts/2016-01-01-p.md": "P.\n",
        "_data/comments/p/a.json": '{"_id": "1", "author": "A", "date": "2016-01-02", "body": "json"}',
        "_data/comments/p/b.md": "---\n_id: '2'\nname: B\ndate: 2016-01-03\nmessage: front matter\nreply_to: '1'\n---\n",
        "_data/comments/p/c.toml": "_id = '3'\nname = 'C'\ndate = '2016-01-04'\ncomment = 'toml'\nparent = '2'\n",
        "_data/comments/p/d.yml": "_id: '4'\nname: D\ndate: 2016-01-05\nmessage: '   '\n",
        "_data/comments/p/e.yml": "_id: '5'\nname: E\ndate: 2016-01-06\nmessage: '<script>x()</script>'\n",
        "_data/comments/p/f.yml": "- not a mapping\n",
        "_data/comments/p/g.yml": "_id: '7'\nname: G\ndate: 2016-01-07\nmessage: 5\n",
        "_data/comments/p/h.yml": "name: H\ndate: 2016-01-08\nmessage: site\nwebsite: https://h.example\nhidden: 'false'\n",
        "_data/comments/p/i.yml": "_id: '9'\nname: I\ndate: 2016-01-09\nmessage: 'See [p](/page) ![i](https://x.example/i.png)'\n"
                                  "hidden: ''\nreplying_to: '0'\n",
    })
    source = ss.read_static_site(root)
    assert threads(source)["_posts/2016-01-01-p.md"] == [
        ("sm-1", "A", D(2016, 1, 2), "json\n", None, None),
        ("sm-2", "B", D(2016, 1, 3), "front matter\n", None, "sm-1"),
        ("sm-3", "C", D(2016, 1, 4), "toml\n", None, "sm-2"),
        ("sm-7", "G", D(2016, 1, 7), "5\n", None, None),  # a comment that says 5: text, as the reader typed it
        ("sm-h", "H", D(2016, 1, 8), "site\n", "https://h.example", None),
        ("sm-9", "I", D(2016, 1, 9), "See [p](https://c.example.org/page) [image: i](https://x.example/i.png)\n", None,
         None)]  # a picture in a comment is a link to it; a reply to comment 0 answers nothing
    assert source.comments_left_out == {"without a date or a message": 1, "empty": 1}


def test_the_comments_read_for_a_post_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(ss, "MAX_COMMENTS_PER_POST", 2)
    root = write_sources(tmp_path / "site", {"_posts/2016-01-01-p.md": "P.\n", **{
        f"_data/comments/p/{number}.yml": f"name: N\ndate: 2016-01-0{number + 2}\nmessage: m{number}\n"
        for number in range(3)}})
    assert [comment.body for comment in ss.read_static_site(root).posts[0].comments] == ["m0\n", "m1\n"]


# Edges of the site's configuration (each case a behaviour a site relies on)


@pytest.mark.parametrize(("name", "text"), [("hugo.yml", "baseURL: https://h.example.org/\n"),
                                            ("config.toml", 'baseURL = "https://h.example.org/"\n'),
                                            ("config.yml", "baseURL: https://h.example.org/\n")])
def test_every_name_hugo_reads_its_configuration_from_is_read(tmp_path, name, text):
    assert ss.StaticSite(write_sources(tmp_path / "s", {"content/x/y.md": "", name: text}), None).base_url == (
        "https://h.example.org/")


def test_a_jekyll_address_is_its_url_and_baseurl_joined_by_one_slash(tmp_path):
    root = write_sources(tmp_path / "s", {"_config.yml": "url: https://a.example.org/X/\nbaseurl: /X/\n"})
    assert ss.StaticSite(root, None).base_url == "https://a.example.org/X/X/"


def test_the_source_folder_the_configuration_names_wins_over_a_search(tmp_path):
    root = write_sources(tmp_path / "named", {"_config.yml": "source: src\n", "src/_posts/a.md": "",
                                              "other/_posts/b.md": ""})
    assert ss.StaticSite(root, None).content == root / "src"
    root = write_sources(tmp_path / "rooted", {"_config.yml": "", "_posts/a.md": "", "other/_posts/b.md": ""})
    assert ss.StaticSite(root, None).content == root  # the site's own _posts first
    root = write_sources(tmp_path / "linked", {"_config.yml": "", "src/_posts/a.md": "", "real/x.md": ""})
    (root / "link").mkdir()
    (root / "link/_posts").symlink_to(root / "real")
    assert ss.StaticSite(root, None).content == root / "src"  # a linked _posts is no candidate
    write_sources(tmp_path / "outside", {"_posts/a.md": ""})
    root = write_sources(tmp_path / "up", {"_config.yml": "source: ../outside\n", "_posts/b.md": ""})
    assert ss.StaticSite(root, None).content == root  # never a folder outside the site


def test_a_hugo_site_has_no_source_folder_and_reads_its_data_at_its_root(tmp_path):
    root = write_sources(tmp_path / "s", {"hugo.yaml": "source: src\n", "content/x/y.md": "", "src/data/authors.yml": "",
                                          "x/_posts/p.md": "", "data/authors.yml": "ann: Ann Lee\n"})
    site = ss.StaticSite(root, None)
    assert (site.content, site.authors, site.comments_folder) == (root, {"ann": "Ann Lee"}, root / "data/comments")


def test_authors_are_read_from_a_yaml_table_and_a_bounded_folder_never_through_a_link(tmp_path, monkeypatch):
    monkeypatch.setattr(ss, "MAX_AUTHOR_FILES", 1)
    root = write_sources(tmp_path / "s", {"_config.yml": "", "_posts/a.md": "", "_data/authors.yaml": "ann: Ann Lee\n",
                                          "_data/authors/bo.yml": "name: Bo\n", "_data/authors/cy.yml": "name: Cy\n",
                                          "elsewhere/authors/dee.yml": "name: Dee\n"})
    assert ss.StaticSite(root, None).authors == {"ann": "Ann Lee", "bo": "Bo"}
    linked = write_sources(tmp_path / "l", {"_config.yml": "", "_posts/a.md": "", "real/dee.yml": "name: Dee\n"})
    (linked / "_data").mkdir()
    (linked / "_data/authors").symlink_to(linked / "real")
    assert ss.StaticSite(linked, None).authors == {}


def test_a_data_file_over_the_bound_gives_nothing(tmp_path, monkeypatch):
    root = write_sources(tmp_path / "s", {"_config.yml": "", "_posts/a.md": "", "a.yml": "a: " + "x" * 40 + "\n"})
    monkeypatch.setattr(ss, "MAX_DATA_BYTES", 40)
    assert ss.StaticSite(root, None).data("a.yml") is None
    monkeypatch.setattr(ss, "MAX_DATA_BYTES", 44)
    assert ss.StaticSite(root, None).data("a.yml") == {"a": "x" * 40}


def test_staticmans_path_is_cut_at_its_first_placeholder(tmp_path):
    root = write_sources(tmp_path / "s", {"_config.yml": "", "_posts/a.md": "",
                                          "staticman.yml": 'comments:\n  path: "_data/X/{options.slug}/{@date}"\n'})
    assert ss.StaticSite(root, None).comments_folder == root / "_data/X"


def test_a_posts_name_gives_its_date_and_finds_its_comments_and_an_html_posts_tags_are_named(tmp_path):
    root = write_sources(tmp_path / "hugo", {
        "content/posts/my-post.md": "---\ntitle: T\nslug: other\ndate: 2016-01-01\n---\nText.\n",
        "data/comments/my-post/c.yml": "name: N\ndate: 2016-01-02\nmessage: found by the file's name\n"})
    [post] = ss.read_static_site(root).posts
    assert [comment.body for comment in post.comments] == ["found by the file's name\n"]
    root = write_sources(tmp_path / "jekyll", {"_posts/2016-02-03-a.md": "---\ntitle: A\n---\nText.\n",
                                               "_posts/2016-02-04-b.html": "---\ntitle: B\n---\n<p>{% weather %}</p>\n"})
    source = ss.read_static_site(root)
    assert [(post.date, post.body, post.notes) for post in source.posts] == [
        (D(2016, 2, 3), "Text.\n", []),
        (D(2016, 2, 4), "\\{\\% weather \\%\\}\n", ["Liquid tag {% weather %} left as text"])]  # escaped once


def test_a_reply_by_number_counts_from_one_and_a_comment_file_over_the_bound_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(ss, "MAX_DATA_BYTES", 1024)
    root = write_sources(tmp_path / "s", {
        "_posts/2016-01-01-p.md": "P.\n",
        "_data/comments/p/a.yml": "name: A\ndate: 2016-01-02\nmessage: first\n",
        "_data/comments/p/b.yml": "name: B\ndate: 2016-01-03\nmessage: second\n",
        "_data/comments/p/c.yml": "name: C\ndate: 2016-01-04\nmessage: to the first\nreply_to: '1'\n",
        "_data/comments/p/d.yml": "name: D\ndate: 2016-01-05\nmessage: " + "long " * 200 + "\n"})
    [post] = ss.read_static_site(root).posts
    assert [(comment.key, comment.parent) for comment in post.comments] == [("sm-a", None), ("sm-b", None),
                                                                            ("sm-c", "sm-a")]
    assert post.notes == ["the post has no title: one was made from its file name",
                          "comment file _data/comments/p/d.yml not read: over 1 KiB: split it up or archive older "
                          "entries"]


@pytest.mark.parametrize(("text", "body", "notes"), [
    ("## A\n\n## B\n", "## A\n\n## B\n", []),  # the body's own levels
    ("Top\n===\n\n## A\n\n## B\n", "Top\n===\n\n## A\n\n## B\n", []),  # a setext heading keeps its form
    ("Para text\n\n[a][r]\n\n[r]: #para-text\n", "Para text\n\na\n", []),  # a paragraph is no place to link to
    ("[dead][d] and\nmore\n\n```\ncode\n```\n\n[d]: #missing\n", "dead and\nmore\n\n```\ncode\n```\n", []),
    ("a\x03b `c`\n", "ab `c`\n", []),
    ('`<b onclick="x()">` then <b onclick="x()">bold</b> and <b onclick="x()">more</b>\n',
     '`<b onclick="x()">` then <b>bold</b> and <b>more</b>\n',
     ["raw HTML: onclick on <b> removed, as the site would"]),  # the same note once
    ("<SPAN onclick=\"x()\">a</SPAN> <span class='k'>b</span>\n", "<span>a</SPAN> <span class='k'>b</span>\n",
     ["raw HTML: onclick on <span> removed, as the site would"]),
    ('Text <span onclick="a()" onmouseover="b()" onfocus="c()" onblur="d()">x</span>\n', "Text <span>x</span>\n",
     ["raw HTML: onblur on <span>, onclick on <span>, onfocus on <span> removed, as the site would"]),
    ('Intro.\n\n<div>\n<p>One</p>\n<script>x()</script>\n<p>BOX</p>\n</div>\n\nAfter.\n',
     "Intro.\n\nOne\n\nBOX\n\n\nAfter.\n",
     ["raw HTML converted to markdown (the site would remove <script>)"]),
    ('<div onclick="a()"><script>x()</script><iframe src="https://y.example/"></iframe><object></object>t</div>\n',
     "[Embedded content](https://y.example/)\n\nt\n",
     ["raw HTML converted to markdown (the site would remove <iframe>, <object>, <script>)",
      "embedded content (iframe) became a link: https://y.example/"]),
    ('Intro.\n\n<DIV>\n<pre>\ncode\n\nmore\n</pre>\n</DIV>\n', "Intro.\n\n```\ncode\n\nmore\n```\n",
     ["an HTML block with blank lines inside converted to markdown (MyST would end it at the first blank line)"]),
    ('<div\nclass="x">\n<pre>\na\n\nb\n</pre>\n</div>\n\n<p>after</p>\n', "```\na\n\nb\n```\n\n\n<p>after</p>\n",
     ["an HTML block with blank lines inside converted to markdown (MyST would end it at the first blank line)"]),
    ("- item\n\n  <div>\n  a\n\n  b\n  </div>\n", "- item\n\n  <div>\n  a\n\n  b\n  </div>\n", []),  # not top level
    ("<span>a\n\nb</span>\n", "<span>a\n\nb</span>\n", []),  # a paragraph, not a block
])
def test_a_markdown_bodys_headings_references_and_raw_html_at_their_edges(text, body, notes):
    converted = conversion()
    assert ss.markdown_body(text, converted) == body
    assert converted.notes == notes


def test_a_long_image_address_is_named_in_its_first_80_characters():
    converted = conversion(None)
    address = "/" + "a" * 90 + ".png"
    assert ss.markdown_body(f"![x]({address})\n", converted) == "[image: x]\n"
    assert converted.notes[-1] == f"an image at {address[:80]!r} is shown as its text"


def test_a_post_named_by_its_date_alone_is_no_post_of_that_day_and_a_folder_two_posts_name_goes_to_neither(tmp_path):
    root = write_sources(tmp_path / "s", {
        "_posts/2016-02-03.md": "---\ntitle: A\n---\nText.\n",
        "_posts/2016-02-04-one.md": "---\ntitle: B\nslug: same\n---\nB.\n",
        "_posts/2016-02-05-two.md": "---\ntitle: C\nslug: same\n---\nC.\n",
        "_data/comments/same/c.yml": "name: N\ndate: 2016-02-06\nmessage: whose?\n"})
    source = ss.read_static_site(root)
    assert [(skipped.where, skipped.reason) for skipped in source.skipped] == [
        ("_posts/2016-02-03.md", "it has no date (front matter 'date' or a YYYY-MM-DD- file name)")]
    assert [post.comments for post in source.posts] == [[], []]
    assert source.notes == ["_data/comments/same: the comments of more than one post (_posts/2016-02-04-one.md, "
                            "_posts/2016-02-05-two.md) by its name: not imported; give each post's comments a folder "
                            "named after its slug"]


@pytest.mark.parametrize(("text", "body", "notes"), [
    ('```\n<b onclick="x()">\n```\n\nText <b onclick="x()">b</b>\n', '```\n<b onclick="x()">\n```\n\nText <b>b</b>\n',
     ["raw HTML: onclick on <b> removed, as the site would"]),  # the code above is left as it is
    ('`c`<b onclick="x()">t</b>\n', "`c`<b>t</b>\n", ["raw HTML: onclick on <b> removed, as the site would"]),
    ("<div>\n<pre>\na\n\nb\n</pre>\nBOX\n</div>\n", "```\na\n\nb\n```\n\nBOX\n", [
        "an HTML block with blank lines inside converted to markdown (MyST would end it at the first blank line)"]),
    ('<div>\n<p>a</p>\n\n<iframe src="https://v.example/"></iframe>\n</div>\n',
     "a\n\n[Embedded content](https://v.example/)\n", [
         "an HTML block with blank lines inside converted to markdown (MyST would end it at the first blank line)",
         "embedded content (iframe) became a link: https://v.example/"]),
    ("<!-- c -->\n\n<div>\n<pre>\na\n\nb\n</pre>\n</div>\n", "<!-- c -->\n\n```\na\n\nb\n```\n", [
        "an HTML block with blank lines inside converted to markdown (MyST would end it at the first blank line)"]),
    ("<div>\na\n\nb</div>\n<div>\nc\n\nd</div>\n", "a\nb\n\nc\nd\n", [  # one text each, as a browser shows them
        "an HTML block with blank lines inside converted to markdown (MyST would end it at the first blank line)"]),
])
def test_raw_html_blocks_next_to_code_comments_and_each_other(text, body, notes):
    converted = conversion()
    assert ss.markdown_body(text, converted) == body
    assert converted.notes == notes


@pytest.mark.parametrize(("blank_lines", "joined"), [(3, True), (2, False)])
def test_the_lines_looked_at_for_html_blocks_ends_are_bounded_by_the_bodys_length(monkeypatch, blank_lines, joined):
    monkeypatch.setattr(ss, "MAX_HTML_BLOCK_LINES", 4)  # five unclosed blocks take the budget to the last one's end
    converted = conversion()
    text = "<div>\n\n" * 5 + "<div>\na\n\nb\n</div>\n" + "\n" * blank_lines
    assert (ss.whole_html_blocks(text, converted) != text) is joined
    assert bool(converted.notes) is joined


@pytest.mark.parametrize(("text", "body"), [
    # kramdown's abbreviations: the definitions are no text of the page; each use is an abbreviation with its
    # explanation as a tooltip, as the blog showed it
    ("The ILP is high; ILPs and XILP are not it.\n\n*[ILP]: Instruction level parallelism\n",
     "The {abbr}`ILP (Instruction level parallelism)` is high; ILPs and XILP are not it.\n"),
    # the longest name first; not in code, a link's address, HTML, or the definition of another
    ("A CPU cache and `CPU` code, [the CPU](https://x.example/CPU) and <b title=\"CPU\">CPU</b>, CPU cache.\n\n"
     "```\nCPU\n```\n\n*[CPU]: Central processing unit\n*[CPU cache]:   A cache, with `code` and (brackets)  \n",
     "A {abbr}`CPU cache (A cache, with code and (brackets))` and `CPU` code, "
     "[the {abbr}`CPU (Central processing unit)`](https://x.example/CPU) and <b title=\"CPU\">{abbr}`CPU (Central "
     "processing unit)`</b>, {abbr}`CPU cache (A cache, with code and (brackets))`.\n\n```\nCPU\n```\n"),
    # an HTML block is the blog's HTML: no role is read there, first or last
    ("<table>\n<tr><td>CPU</td></tr>\n</table>\n\nThe CPU.\n\n*[CPU]: Central processing unit\n",
     "<table>\n<tr><td>CPU</td></tr>\n</table>\n\nThe {abbr}`CPU (Central processing unit)`.\n"),
    ("The CPU.\n\n<div>CPU</div>\n\n*[CPU]: x\n", "The {abbr}`CPU (x)`.\n\n<div>CPU</div>\n"),
    ("The CPU.\n\n*[CPU]: x\n\n<div>CPU</div>", "The {abbr}`CPU (x)`.\n\n\n<div>CPU</div>\n"),
    # a name that cannot be a role's text (a backtick, a parenthesis) or an empty explanation: the name as it is
    ("Use a (b) and x`y and Z.\n\n*[a (b)]: A thing\n*[x`y]: Another\n*[Z]:\n", "Use a (b) and x`y and Z.\n"),
    # a definition inside code is code
    ("```\n*[ILP]: kept\n```\n", "```\n*[ILP]: kept\n```\n"),
    # nor in a relative link's address, a bare address, or a reference definition (its address or title)
    ("[x](/CPU/a) https://x.example/CPU/ and CPU and Q.\n\n[r]: /CPU \"CPU\"\n\n*[CPU]: Central\n*[Q]: ``\n",
     "[x](https://blog.example.org/CPU/a) https://x.example/CPU/ and {abbr}`CPU (Central)` and Q.\n\n"
     "[r]: https://blog.example.org/CPU \"CPU\"\n"),
    # the tooltip is plain text: markdown's escapes taken off
    ("An OOO core.\n\n*[OOO]: Out\\-of\\-order, \\{\\{ x\\_y \\}\\}\n",
     "An {abbr}`OOO (Out-of-order, {{ x_y }})` core.\n"),
])
def test_abbreviations_become_the_tooltips_the_blog_showed(text, body):
    converted = conversion()
    assert ss.markdown_body(text, converted, kramdown=True) == body
    assert conversion().abbreviations == {}


def test_abbreviations_are_read_only_where_the_blogs_markdown_has_them(tmp_path):
    """kramdown (Jekyll's default) has them; Hugo's Goldmark, Jekyll on CommonMark and MyST show the lines."""
    text = "The ILP.\n\n*[ILP]: Instruction level parallelism\n"
    assert ss.markdown_body(text, conversion()) == "The ILP.\n\n*[ILP]: Instruction level parallelism\n"
    for config, kramdown in (("url: https://b.example\n", True), ("markdown: kramdown\n", True),
                             ("markdown: CommonMarkGhPages\n", False)):
        root = write_sources(tmp_path / config.split(":")[0], {"_config.yml": config, "_posts/2016-01-01-a.md": text})
        assert ss.read_static_site(root).posts[0].body == (
            "The {abbr}`ILP (Instruction level parallelism)`.\n" if kramdown else text), config
    hugo = write_sources(tmp_path / "hugo", {"hugo.toml": 'title = "B"\n',
                                             "content/posts/a.md": "---\ntitle: A\ndate: 2016-01-01\n---\n" + text})
    assert ss.read_static_site(hugo).posts[0].body == text


def test_abbreviations_are_bounded_in_number_and_length():
    """A post with thousands of abbreviations (or a name of a page's length) would make one pattern of them all
    and try it at every character: past the bound they stay the lines of text they are, and the editor hears."""
    many = "".join(f"*[N{number}]: name {number}\n" for number in range(ss.MAX_ABBREVIATIONS + 1))
    converted = conversion()
    assert ss.markdown_body("N1 and N2.\n\n" + many, converted, kramdown=True) == (
        "N1 and N2.\n\n" + many)
    assert converted.notes == [f"more than {ss.MAX_ABBREVIATIONS} abbreviations: shown as the lines of text they are"]
    exactly = "".join(f"*[N{number}]: name {number}\n" for number in range(ss.MAX_ABBREVIATIONS))
    assert ss.markdown_body("N1.\n\n" + exactly, conversion(), kramdown=True) == "{abbr}`N1 (name 1)`.\n"
    long = "A" * (ss.MAX_ABBREVIATION_NAME + 1)
    assert ss.markdown_body(f"{long} and B.\n\n*[{long}]: too long\n*[B]: bee\n", conversion(), kramdown=True) \
        == f"{long} and {{abbr}}`B (bee)`.\n"
    fits = "A" * ss.MAX_ABBREVIATION_NAME
    assert ss.markdown_body(f"{fits}.\n\n*[{fits}]: fits\n", conversion(), kramdown=True) == (
        f"{{abbr}}`{fits} (fits)`.\n")


def test_a_jekyll_posts_own_values_are_shown_and_a_hugo_posts_are_not(tmp_path):
    """Liquid's {{ page.name }} is Jekyll's, in markdown and HTML posts alike; Hugo shows such text as it is."""
    matter = "---\ntitle: A\ndate: 2016-01-01\nplace: Berlin\n---\n"
    root = write_sources(tmp_path / "jekyll", {"_config.yml": "url: https://b.example\n",
                                                "_posts/2016-01-01-a.md": matter + "In {{ page.place }}.\n",
                                                "_posts/2016-01-02-b.html": matter + "<p>In {{ page.place }}.</p>\n"})
    assert [post.body for post in ss.read_static_site(root).posts] == ["In Berlin.\n", "In Berlin.\n"]
    hugo = write_sources(tmp_path / "hugo", {"hugo.toml": 'title = "B"\n',
                                             "content/posts/a.md": matter + "In {{ page.place }}.\n"})
    assert ss.read_static_site(hugo).posts[0].body == "In \\{\\{ page\\.place \\}\\}.\n"


@pytest.mark.parametrize(("text", "body", "notes"), [
    # attribute lists style what they follow; the page shows none of their text
    ("Read on.\n{: .lead}\n\n![a](/a.png){: .align-right} and **b**{:.x}\n\n{: #anchor}\nNext.\n\n"
     "{:refdef: style=\"text-align: center;\"}\n",
     "Read on.\n\n![a](https://blog.example.org/a.png) and **b**\n\n(anchor)=\nNext.\n", []),  # an id: a target
    # kramdown's table of contents: the theme shows the page's contents beside it
    ("* TOC\n{:toc}\n\n## One\n\nText.\n{: toc}\n", "## One\n\nText.\n",
     ["kramdown's table of contents left out: the page lists its sections beside it"]),
    # nomarkdown: its HTML as it is; a kramdown comment is no text
    ("A {::nomarkdown}<b>bold</b>{:/} word.\n\n{::comment}\nhidden\n{:/comment}\n\nShown.\n",
     "A <b>bold</b> word.\n\nShown.\n", []),
    # in code they are code
    ("```\n{: .info}\n{::nomarkdown}\n```\n\nInline `{: .x}` too.\n",
     "```\n{: .info}\n{::nomarkdown}\n```\n\nInline `{: .x}` too.\n", []),
    # only {:toc} makes a list a table of contents, with its continuation lines; what it follows stays
    ("- item\n{: .x}\n\nText.\n{:toc}\n", "- item\n\nText.\n", []),
    ("Text\n- a\n- b\n  more\n\tmore\n{:toc}\n\nAfter.\n", "Text\n\nAfter.\n",
     ["kramdown's table of contents left out: the page lists its sections beside it"]),
    # a page may start with a rule
    ("---\n\nText.\n{: .x}\n", "---\n\nText.\n", []),
    # indented lines that no list item heads are no table of contents
    ("Text\n  indented\n{:toc}\n", "Text\n  indented\n", []),
])
def test_kramdowns_attribute_lists_and_extensions_show_as_the_blog_showed_them(text, body, notes):
    converted = conversion()
    assert ss.markdown_body(text, converted, kramdown=True) == body
    assert converted.notes == notes
    plain = conversion()  # Hugo's, MyST's: the text as it is
    assert "{:" in ss.markdown_body(text, plain).replace("\\", "")


def test_a_footnote_reference_in_a_cell_kramdown_reads_as_markdown_stays_one():
    """A real blog's tables mark cells markdown="span": kramdown reads `180[^zensched]` there as a footnote
    reference. The table comes as markdown, and the reference with it; brackets that name no footnote of the
    page stay text, and a blog that is not kramdown's keeps them all as text."""
    text = ('<table>\n<tr><th markdown="span">Core[^a]</th></tr>\n<tr><td markdown="span">180[^b] and [^c]</td></tr>\n'
            "</table>\n\nText[^d].\n\n[^a]: Note a.\n[^b]: Note b.\n[^d]: Note d.\n")
    notes = "\n\nText[^d].\n\n[^a]: Note a.\n[^b]: Note b.\n[^d]: Note d.\n"
    assert ss.markdown_body(text, conversion(), kramdown=True) == (
        "| Core[^a] |\n| --- |\n| 180[^b] and \\[^c\\] |\n" + notes)
    assert ss.markdown_body(text, conversion()) == "| Core\\[^a\\] |\n| --- |\n| 180\\[^b\\] and \\[^c\\] |\n" + notes


HUGO_CONFIG = ("baseURL: 'https://hugo.example/'\nlanguages:\n  en:\n    title: A\n"
               "permalinks:\n  blog: '/:section/:year/:month/:day/:slug/'\n"
               "  news: '/:sections/:title/:filename/:slugorfilename/:contentbasename/:yearday/'\n")


def hugo_site(tmp_path: Path, config: str = HUGO_CONFIG) -> ss.StaticSite:
    return ss.StaticSite(write_sources(tmp_path / "site", {"hugo.yaml": config, "content/en/blog/x.md": "x"}), None)


@pytest.mark.parametrize(("page", "matter", "addresses"), [
    ("content/en/blog/2023/testing.md", {"slug": "e2e-Reloaded"},
     ("https://hugo.example/blog/2023/04/12/e2e-reloaded/",)),
    ("content/en/blog/2023/testing.md", {}, ("https://hugo.example/blog/2023/04/12/a-b-c/",)),  # slug: the title
    ("content/en/blog/2023-04-12-summit/index.md", {"aliases": ["/old/summit/", "/blog/summit"]},
     ("https://hugo.example/blog/2023/04/12/a-b-c/", "https://hugo.example/old/summit/",
      "https://hugo.example/blog/summit")),
    ("content/en/news/2023/item.md", {"slug": "it"},
     ("https://hugo.example/news/2023/a-b-c/item/it/item/:yearday/",)),  # a token Hugo has that is not read
    ("content/en/posts/deep/item.md", {}, ("https://hugo.example/posts/deep/item/",)),  # no pattern: its folders
    ("content/en/posts/deep/item.md", {"slug": "s"}, ("https://hugo.example/posts/deep/s/",)),
    ("content/en/posts/item.md", {"url": "/special/"}, ("https://hugo.example/special/",)),
    ("content/en/posts/item.md", {"url": "/{{ .Title }}/"}, ()),  # made by templates: none
    ("content/en/posts/item.md", {"aliases": "/one/"}, ("https://hugo.example/posts/item/",)),  # not a list
    ("content/en/posts/summit/index.md", {}, ("https://hugo.example/posts/summit/",)),  # a bundle: its folder
    ("content/en/summit/index.md", {}, ("https://hugo.example/summit/",)),
    ("content/en/index.md", {}, ("https://hugo.example/index/",)),
    ("content/en/item.md", {}, ("https://hugo.example/item/",)),  # in no section
    ("content/en.md", {}, ("https://hugo.example/en/",)),  # named as a language, but no folder
])
def test_the_addresses_hugo_served_a_post_at(tmp_path, page, matter, addresses):
    site = hugo_site(tmp_path)
    assert ss.hugo_addresses(site, site.root / page, {"title": "A b C", **matter}, D(2023, 4, 12), "A b C!") == addresses


def test_without_the_sites_address_a_post_has_none(tmp_path):
    site = hugo_site(tmp_path, "title: A\n")
    assert ss.hugo_addresses(site, site.root / "content/en/blog/x.md", {}, D(2023, 4, 12), "X") == ()
    site = hugo_site(tmp_path / "two", "baseURL: 'https://hugo.example/'\n")
    assert ss.hugo_addresses(site, site.root / "content/en/blog/x.md", {}, D(2023, 4, 12), "X") == (
        "https://hugo.example/en/blog/x/",)  # "en" is a section when no language is configured


def test_the_file_the_site_served_at_an_address(tmp_path):
    files = {"hugo.yaml": HUGO_CONFIG, "content/en/blog/2023-04-12-s/index.md": "x",
             "content/en/blog/2023-04-12-s/team.png": PNG, "content/en/img/a.png": PNG, "content/b.png": PNG,
             "static/c d.png": PNG, "static/img/a.png": PNG}
    site = ss.StaticSite(write_sources(tmp_path / "site", files), None)
    post = site.root / "content/en/blog/2023-04-12-s/index.md"
    own = ("https://hugo.example/blog/2023/04/12/s/",)
    assert ss.served_file(site, post, own, "/blog/2023/04/12/s/team.png") == post.parent / "team.png"
    assert ss.served_file(site, post, own, "/blog/2023/04/12/st/team.png") is None
    assert ss.served_file(site, post, own, "/img/a.png") == site.root / "content/en/img/a.png"  # language first
    assert ss.served_file(site, post, own, "/b.png") == site.root / "content/b.png"
    assert ss.served_file(site, post, own, "/c%20d.png") == site.root / "static/c d.png"
    assert ss.served_file(site, post, own, "/../hugo.yaml") is None
    assert ss.served_file(site, post, own, "/") is None
    assert ss.served_file(site, post, ("https://hugo.example/",), "/b.png") == site.root / "content/b.png"
    write_sources(site.root, {"static/Xmas.png": PNG, "content/en/blog/2023-04-12-s/X/team.png": PNG})
    assert ss.served_file(site, post, own, "/Xmas.png") == site.root / "static/Xmas.png"
    assert ss.served_file(site, post, ("https://hugo.example/Xmas/",), "/Xmas/team.png") == post.parent / "team.png"
    assert ss.served_file(site, post, ("https://hugo.example/blog/X/",), "/blog/X/team.png") == post.parent / "team.png"
    assert ss.served_file(site, post, ("https://hugo.example/blog/X/",), "/blog/other.png") is None
    plain = ss.StaticSite(write_sources(tmp_path / "plain", {"hugo.yaml": "baseURL: 'https://p.example/'\n",
                                                             "content/blog/x.md": "x", "content/b.png": PNG}), None)
    assert ss.served_file(plain, plain.root / "content/blog/x.md", (), "/b.png") == plain.root / "content/b.png"
    jekyll = ss.StaticSite(write_sources(tmp_path / "jekyll", {"_config.yml": "url: https://j.example\n",
                                                               "_posts/2020-01-01-a.md": "x",
                                                               "assets/p.png": PNG}), None)
    assert ss.served_file(jekyll, jekyll.root / "_posts/2020-01-01-a.md", (), "/assets/p.png") == \
        jekyll.root / "assets/p.png"
    assert ss.served_file(jekyll, jekyll.root / "_posts/2020-01-01-a.md", (), "/assets/q.png") is None


def test_a_reference_defined_again_is_passed_over_as_commonmark_does():
    text = "[A][x]\n\n[x]: https://one.example/\n[X ]: https://two.example/\n[ x  y]: https://three.example/\n" \
           "[X Y]: https://four.example/\n"
    assert ss.markdown_body(text, Conversion()) == (
        "[A][x]\n\n[x]: https://one.example/\n\n[ x  y]: https://three.example/\n")


@pytest.mark.parametrize(("text", "linked"), [
    ("[two\nlines](https://a.example/)", "[two\nlines](https://a.example/)"),
    ("[two\n  lines](/page/)", "[two\n  lines](https://b.example/page/)"),
    ("[two\n\nparagraphs](/page/)", "[two\n\nparagraphs](/page/)"),  # a blank line ends a link's text
    ("[two\n \t\nparagraphs](/page/)", "[two\n \t\nparagraphs](/page/)"),
    ("![a\npicture](/p.png)", "![a\npicture](https://b.example/p.png)"),
    ("[![a\nb](/p.png)\nc](/page/)", "[![a\nb](https://b.example/p.png)\nc](https://b.example/page/)"),
])
def test_a_links_text_may_run_over_lines_of_a_paragraph(text, linked):
    assert ss.markdown_body(text, Conversion(base_url="https://b.example/")) == linked + "\n"


def test_a_hugo_post_is_read_with_its_addresses_and_the_pictures_its_site_served(tmp_path):
    files = {"hugo.yaml": "baseURL: 'https://hugo.example/'\npermalinks:\n  blog: '/:section/:title/'\n",
             "content/blog/club.md": "------\ntitle: The Club\ndate: 2012-09-20\nslug: club\n---\n\n"
                                     "![a](/img/a.png) ![b](/blog/the-club/b.png)\n",
             "content/blog/b.png": PNG, "static/img/a.png": PNG, "content/blog/untitled.md":
                 "---\ndate: 2012-09-21\naliases: [/u/]\n---\n\nText.\n"}
    source = ss.read_static_site(write_sources(tmp_path / "hugo", files))
    by_origin = {post.origin: post for post in source.posts}
    club = by_origin["content/blog/club.md"]
    assert club.addresses == ("https://hugo.example/blog/the-club/",)
    assert club.pictures == {"/img/a.png": tmp_path / "hugo/static/img/a.png",
                             "/blog/the-club/b.png": tmp_path / "hugo/content/blog/b.png"}
    assert by_origin["content/blog/untitled.md"].addresses == ("https://hugo.example/blog/untitled/",
                                                               "https://hugo.example/u/")  # titled by its name
    jekyll = {"_config.yml": "url: https://j.example\n",
              "_posts/2012-09-20-club.md": "------\ntitle: The Club\n---\n\nText.\n"}
    source = ss.read_static_site(write_sources(tmp_path / "jekyll", jekyll))
    (post,) = source.posts  # Jekyll wants '---': the lines are the post's text, the date its name's
    assert (post.title, post.addresses) == ("Club", ()) and "title: The Club" in post.body


def test_a_source_folder_given_finds_the_site_whose_source_it_is(tmp_path):
    """Made Mistakes keeps `_config.yml` in its repository's root with `source: src`: given `src/`, the import
    found no address for the blog's own links and pictures (3,717 links kept instead of 6,158)."""
    root = write_sources(tmp_path / "site", {"_config.yml": "url: https://blog.example\nsource: ./src/\n",
                                             "src/_posts/2016-01-01-a.md": "A.\n", "src/_data/authors.yml": "ann: Ann\n"})
    site = ss.StaticSite(root / "src", None)
    assert (site.root, site.content, site.base_url) == (root, root / "src", "https://blog.example/")
    assert site.authors == {"ann": "Ann"}
    for name, config in (("other", "source: elsewhere\n"), ("none", "url: https://x.example\n"),
                         ("broken", "source: [src\n"), ("list", "- source\n")):
        other = write_sources(tmp_path / name, {"_config.yml": config, "src/_posts/2016-01-01-a.md": "A.\n"})
        assert ss.StaticSite(other / "src", None).root == other / "src"  # not the site whose source it is
    copied = write_sources(tmp_path / "copied", {"_config.yml": "url: https://c.example\nsource: .tmp/src\n",
                                                 "src/_posts/2016-01-01-a.md": "A.\n"})
    site = ss.StaticSite(copied / "src", None)  # Made Mistakes: a build step copies src/ to .tmp/src
    assert (site.root, site.content, site.base_url) == (copied, copied / "src", "https://c.example/")
    toml = write_sources(tmp_path / "toml", {"_config.toml": 'url = "https://t.example"\nsource = "src"\n',
                                             "src/_posts/2016-01-01-a.md": "A.\n"})
    assert ss.StaticSite(toml / "src", None).base_url == "https://t.example/"  # the later names are read too
    padding = "# " + "x" * 300 + "\n"
    huge = write_sources(tmp_path / "huge", {"_config.yml": "source: src\n" + padding * 900,  # 266 KiB
                                             "src/_posts/2016-01-01-a.md": "A.\n"})
    assert ss.StaticSite(huge / "src", None).root == huge / "src"  # a configuration over the bound is not read
    own = write_sources(tmp_path / "own", {"_config.yml": "source: src\n", "src/_config.yml": "url: https://own.example\n",
                                           "src/_posts/2016-01-01-a.md": "A.\n"})
    assert ss.StaticSite(own / "src", None).base_url == "https://own.example/"  # its own configuration first
    bare = write_sources(tmp_path / "bare", {"_config.yml": "source: src\n", "src/notes/a.md": "A.\n"})
    with pytest.raises(SourceError, match="neither a Jekyll site"):  # no posts: not looked above
        ss.StaticSite(bare / "src", None)


@pytest.mark.parametrize(("text", "kramdown", "heading_ids", "body"), [
    ("## Setting up {#setup-part}\n\nSee [x](#setup-part).\n", True, True,
     "(setup-part)=\n## Setting up\n\nSee [x](#setup-part).\n"),
    ("## Wide {#w .c}\n", True, True, "## Wide {#w .c}\n"),  # kramdown reads {#id} alone
    ("## Wide {#w .c}\n\n[to](#w)\n", False, True, "(w)=\n## Wide\n\n[to](#w)\n"),  # Goldmark: classes too
    ("## Styled {.c}\n", False, True, "## Styled\n"),
    ("## Setting up {#setup-part}\n\n[x](#setup-part)\n", True, False, "## Setting up {#setup-part}\n\nx\n"),
    ("Plain {#p}\n---\n", False, True, "(p)=\nPlain\n---\n"),
    ("Text.\n## H {#h}\n", False, True, "Text.\n\n(h)=\n## H\n"),
    ("> ## Quoted {#q}\n", False, True, "> ## Quoted {#q}\n"),
    ("```\n## X {#x}\n```\n", False, True, "```\n## X {#x}\n```\n"),
    ("# T {#a}\n## U {#b}\n", False, True, "(a)=\n## T\n\n(b)=\n### U\n"),
    ("Para.\n{: #n}\n\n[to](#n)\n", True, False, "(n)=\nPara.\n\n[to](#n)\n"),  # the block above it
    ("Intro.\n\n{: #l}\n1. One.\n", True, False, "Intro.\n\n(l)=\n1. One.\n"),  # after a blank line: the next
    ("Para.\n{: .x}\n", True, False, "Para.\n"),
    ("Para.\n{: .x #y}\n", True, False, "(y)=\nPara.\n"),
    ("Para.\n{: #n}\n", False, True, "Para.\n{: #n}\n"),  # Goldmark has no block attribute lists
    ("- item\n  {: #i}\n", True, False, "(i)=\n- item\n"),  # inside a list: the list's
    ("Para.\n{: #a}\n{: #b}\n", True, False, "(a)=\n(b)=\nPara.\n"),  # stacked: by the same block
    ("Intro.\n\nPara.\n{: #n}\n", True, False, "Intro.\n\n(n)=\nPara.\n"),
    ("## H\nPara.\n{: #n}\n", True, False, "## H\n\n(n)=\nPara.\n"),  # the paragraph, not the heading
    ("```\ncode\n```\n{: #c}\n", True, False, "(c)=\n```\ncode\n```\n"),  # a code block has its id too
    ("[r]: https://example.org/\n{: #n}\n", True, False, "[r]: https://example.org/\n"),  # no block: no id
    ("Para.\n\n{: #l}\n", True, False, "Para.\n"),
    ("Para.\n\n{: #l}", True, False, "Para.\n"),
    ("Intro.\n\n{: #l}\n{: .x}\n1. One.\n", True, False, "Intro.\n\n(l)=\n1. One.\n"),  # past the stacked list
    ("Para.\n\n{: #l}\n\nNext.\n", True, False, "Para.\n\n\nNext.\n"),  # between blank lines: nobody's
    ("Intro.\n\n## H {#h}\n\nMore.\nAnd more.\n", False, True, "Intro.\n\n(h)=\n## H\n\nMore.\nAnd more.\n"),
    ("## Use {#b} syntax {#b}\n", False, True, "(b)=\n## Use {#b} syntax\n"),  # the attributes that end it
    ("## T {#a #b}\n", False, True, "(a)=\n## T\n"),
    ("## T {#a #b}\n", True, True, "## T {#a #b}\n"),
    ("```\n\n```\n## H {#h}\n", False, True, "```\n\n```\n\n(h)=\n## H\n"),
    ("Intro.\n\n{: .x}\n{: #l}\n1. One.\n", True, False, "Intro.\n\n(l)=\n1. One.\n"),
])
def test_custom_ids_are_targets_before_their_heading_or_block(text, kramdown, heading_ids, body):
    """A heading's ``{#id}`` (kramdown, Goldmark) and kramdown's ``{: #id}`` by a block: a MyST target before
    the heading or block, so that links to it are kept; the heading shows without its attributes."""
    converted = conversion()
    assert ss.markdown_body(text, converted, kramdown=kramdown, heading_ids=heading_ids) == body
    assert ("setup-part" in converted.anchors) is ("(setup-part)=" in body)
    assert ss.markdown_body("## T {#a}\n", conversion()) == "## T {#a}\n"  # MyST (ABlog's) has no such ids


@pytest.mark.parametrize(("text", "body"), [
    ("Read this.\n{: .notice--warning}\n", "```{warning}\nRead this.\n```\n"),  # Minimal Mistakes' notices
    ("Intro.\n\nMind the gap.\nTwice.\n{: .info #gap}\n\nAfter.\n",
     "Intro.\n\n(gap)=\n```{note}\nMind the gap.\nTwice.\n```\n\nAfter.\n"),
    ("{: .notice--success}\nWell done.\n\nAfter.\n", "```{tip}\nWell done.\n```\n\nAfter.\n"),  # the next block
    ("Careful.\n{: .danger}\n", "```{danger}\nCareful.\n```\n"),
    ("Plain.\n{: .align-right}\n", "Plain.\n"),  # a class that is no box: taken out, as before
    ("Use `x`.\n{: .notice}\n", "```{note}\nUse `x`.\n```\n"),
    ("{: .info}\nLast.", "```{note}\nLast.\n```\n"),  # to the end of the text
    ("Para.\n{: .info}\nMore.\n", "```{note}\nPara.\n```\nMore.\n"),  # kramdown's next paragraph
    ("Intro.\n\n{: .warning}\n1. One.\n2. Two.\n", "Intro.\n\n```{warning}\n1. One.\n2. Two.\n```\n"),  # a list
])
def test_kramdowns_notice_classes_become_boxes(text, body):
    """A kramdown block with a notice class (Minimal Mistakes' ``notice--info`` and the like, a blog's own
    ``info``, ``warning``, ``danger``, ``success``) was a coloured box on the blog: it is the admonition of
    its kind; any other class is taken out, as before."""
    from sphinx_newsletter.importing.shortcodes import fence_notes

    assert fence_notes(ss.markdown_body(text, conversion(), kramdown=True)) == body

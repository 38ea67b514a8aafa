"""The ABlog reader (``importing/ablog.py``) with verdicts written by hand: this ``conf.py`` value is read
so, this date is that day, this file is a post and that one is not, this notebook comes as this MyST, this
reStructuredText as this HTML. Small blogs are written in each test's folder (``make mutation`` runs, for
a mutant, the tests that ran its code)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import write_sources

from sphinx_newsletter.importing import ablog
from sphinx_newsletter.importing.markup import Conversion
from sphinx_newsletter.importing.model import SourceError

D = dt.date
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
JPEG = b"\xff\xd8\xff\xe0rest"


# conf.py, read as data


def test_author_and_location_tables_give_the_name_shown():
    assert ablog._names({"ann": ("Ann Lee", "https://ann.example"), "bo": ["Bo  Berg"], "cy": "Cy", "none": None,
                         "empty": (), "blank": ("  ", None), 5: "Five"}) == {
        "ann": "Ann Lee", "bo": "Bo Berg", "cy": "Cy", "5": "Five"}
    assert ablog._names([("ann", "Ann")]) == {}


def test_a_setting_of_strings_is_a_string_or_a_list_of_them():
    assert ablog._strings("a") == ["a"]
    assert ablog._strings(["a", 1, None, "b"]) == ["a", "b"]
    assert ablog._strings(("a",)) == ["a"]
    assert ablog._strings(5) == []
    assert ablog._strings({"a": 1}) == []


def test_default_authors_are_names_from_the_table_or_the_key_itself():
    assert ablog._defaults(["ann", "  New   Person ", " "], {"ann": "Ann Lee"}) == ("Ann Lee", "New Person")
    assert ablog._defaults("ann", {"ann": "Ann Lee"}) == ("Ann Lee",)
    assert ablog._defaults([f"k{number}" for number in range(25)], {}) == tuple(f"k{number}" for number in range(20))
    assert ablog._defaults(None, {}) == ()


def test_conf_py_is_read_as_literal_assignments_and_never_run(tmp_path):
    conf = write_sources(tmp_path, {"conf.py": (
        "import os\nos.system('touch ran')\n"
        "blog_title = 'Notes'\nblog_baseurl = 'https://blog.example.org/'\nblog_authors = {'ann': ('Ann', None)}\n"
        "post_date_format = '%d.%m.%Y'\nblog_post_pattern = ['posts/*.rst']\nblog_default_author = 'ann'\n"
        "blog_locations = {'ber': ('Berlin', None)}\nblog_default_location = 'ber'\n"
        "extensions = ['ablog']\nblog_feed_length = compute()\nblog_title += '!'\n"
        "a = blog_baseurl = 'https://x.example'\nblog_authors, other = 1, 2\n")})
    assert ablog.conf_values(conf / "conf.py", tmp_path) == {
        "blog_title": "Notes", "blog_baseurl": "https://blog.example.org/", "blog_authors": {"ann": ("Ann", None)},
        "post_date_format": "%d.%m.%Y", "blog_post_pattern": ["posts/*.rst"], "blog_default_author": "ann",
        "blog_locations": {"ber": ("Berlin", None)}, "blog_default_location": "ber"}
    assert not (tmp_path / "ran").exists()


def test_a_conf_py_that_is_not_python_or_too_large_or_a_link_gives_nothing(tmp_path):
    write_sources(tmp_path, {"bad.py": "blog_title = 'x'\nif:\n", "big.py": "blog_title = 'x'\n" + "#" * (1024 * 1024),
                     "real.py": "blog_title = 'x'\n", "computed.py": "blog_title = 'a' * 3\nblog_baseurl = f'{x}'\n",
                     "then.py": "blog_title = compute()\nblog_baseurl = 'https://b.example.org/'\n"})
    (tmp_path / "link.py").symlink_to("real.py")
    for name in ("bad.py", "big.py", "link.py", "missing.py"):
        assert ablog.conf_values(tmp_path / name, tmp_path) == {}
    assert ablog.conf_values(tmp_path / "real.py", tmp_path) == {"blog_title": "x"}
    assert ablog.conf_values(tmp_path / "computed.py", tmp_path) == {}
    assert ablog.conf_values(tmp_path / "then.py", tmp_path) == {"blog_baseurl": "https://b.example.org/"}


# Dates, lists and patterns


@pytest.mark.parametrize(("text", "extra", "day"), [
    ("2016-09-24", None, D(2016, 9, 24)),
    ("2016/09/24", None, D(2016, 9, 24)),
    (" 24   September 2016 ", None, D(2016, 9, 24)),
    ("Sep 24, 2016", None, D(2016, 9, 24)),
    ("Sept 24, 2016", None, D(2016, 9, 24)),  # dateutil, as ABlog falls back on it
    ("10-24-13", None, D(2013, 10, 24)),
    ("2016-09-24 10:30", None, D(2016, 9, 24)),
    ("2016-09-24T10:30:00", None, D(2016, 9, 24)),
    ("24.09.2016", "%d.%m.%Y", D(2016, 9, 24)),
    ("09.10.2016", "%d.%m.%Y", D(2016, 10, 9)),  # the site's own format first (dateutil would read 10 September)
    ("09.10.2016", None, D(2016, 9, 10)),
    ("24.09.2016", 5, D(2016, 9, 24)),  # a format that is not a string is left out
    ("1325376000", None, D(2012, 1, 1)),  # a Unix time
    ("someday soon", None, None),
    ("", None, None),
    ("1 " * 40, None, None),  # too long for dateutil
    ("September 24 2016 10:30:00." + "0" * 33, None, D(2016, 9, 24)),  # 60 characters: dateutil reads it
    ("September 24 2016 10:30:00." + "0" * 34, None, None),  # 61: not given to dateutil
])
def test_a_post_date_is_read_as_ablog_reads_it(text, extra, day):
    assert ablog.post_date(text, extra) == day


def test_a_listed_option_is_split_at_commas_and_tidied():
    assert ablog.listed(" a ,b,, c   d ,") == ("a", "b", "c d")
    assert ablog.listed(None) == ()
    assert ablog.listed("") == ()


@pytest.mark.parametrize(("pattern", "matching", "not_matching"), [
    ("posts/*.rst", ["posts/a.rst", "posts/.rst"], ["posts/x/a.rst", "posts/a.md", "other/posts/a.rst", "posts/arst"]),
    ("posts/**.md", ["posts/a.md", "posts/x/a.md"], ["posts/amd"]),
    ("/posts/*.rst", ["posts/a.rst"], ["/posts/a.rst"]),
    ("posts/**/*.md", ["posts/a.md", "posts/x/y/a.md"], ["posts/x/a.rst", "postsx/a.md"]),
    ("posts/**", ["posts/a.md", "posts/x/y.rst"], ["post/a.md"]),
    ("blog/20??/*", ["blog/2012/a.md"], ["blog/201/a.md", "blog/2012/x/a.md"]),
    ("a+b (1).md", ["a+b (1).md"], ["aab (1).md", "a+b 1.md"]),
    ("Xfiles/*.md", ["Xfiles/a.md"], ["files/a.md"]),
])
def test_blog_post_patterns_are_globs_over_the_sites_paths(pattern, matching, not_matching):
    [compiled] = ablog.post_patterns(pattern)
    assert [path for path in matching if compiled.fullmatch(path)] == matching
    assert [path for path in not_matching if compiled.fullmatch(path)] == []


def test_post_patterns_are_bounded_and_blank_ones_left_out():
    assert ablog.post_patterns(["a", " ", 5, "b"]) == [ablog.re.compile("a"), ablog.re.compile("b")]
    assert len(ablog.post_patterns([f"p{number}" for number in range(60)])) == 50
    [long] = ablog.post_patterns("x" * 300)
    assert long.pattern == "x" * 200
    assert ablog.post_patterns(None) == []


# Notebooks


def notebook(cells: list, metadata: dict | None = None) -> str:
    return json.dumps({"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_notebook_comes_as_myst_with_its_metadata_as_front_matter():
    png = base64.b64encode(PNG).decode()
    text = notebook([
        {"cell_type": "markdown", "source": ["---\n", "title: Plots\n", "---\n", "Intro."]},
        "not a cell",
        {"cell_type": "code", "source": "x = 1\n", "outputs": [
            {"output_type": "stream", "text": ["1\n", "2\n"]},
            {"output_type": "stream", "text": "  \n"},
            {"output_type": "error", "ename": "E"},
            {"output_type": "display_data", "data": {"image/png": png[:20] + "\n" + png[20:], "text/plain": "<Fig>"}},
            {"output_type": "display_data", "data": {"image/jpeg": [base64.b64encode(JPEG).decode()]}},
            {"output_type": "display_data", "data": {"image/png": base64.b64encode(b"GIF89a").decode()}},
            {"output_type": "display_data", "data": {"image/jpeg": "!!!not base64"}},
            {"output_type": "execute_result", "data": {"text/plain": ["42"]}},
            {"output_type": "execute_result", "data": {"text/plain": " "}},
            {"output_type": "execute_result", "data": {"text/html": "<b>x</b>", "text/plain": "x"}},
            {"output_type": "execute_result", "data": {"application/javascript": "alert(1)"}},
            {"output_type": "execute_result", "data": {}},
            {"output_type": "execute_result", "data": ["not", "a", "dict"]},
            "junk",
        ]},
        {"cell_type": "code", "source": "   ", "outputs": None},
        {"cell_type": "markdown", "source": "---\nnot: front\n---\nA rule kept."},
        {"cell_type": "raw", "source": "raw"},
    ], {"title": "Plots", "date": "2017-04-01", "tags": ["a", "b"], "blogpost": True, "author": "", "other": "x",
        "kernelspec": {"language": "julia"}})
    notes: list[str] = []
    outputs: dict[str, bytes] = {}
    assert ablog.notebook_text(text, notes, outputs) == (
        "---\ntitle: Plots\ndate: '2017-04-01'\ntags:\n- a\n- b\nblogpost: true\n---\n\n\nIntro.\n\n"
        "```julia\nx = 1\n```\n\n```text\n1\n2\n```\n\n![Output 1](output-1.png)\n\n![Output 2](output-2.jpg)\n\n"
        "```text\n42\n```\n\n---\nnot: front\n---\nA rule kept.\n")
    assert outputs == {"output-1.png": PNG, "output-2.jpg": JPEG}
    assert notes == ["an image/png output is not imported: it is not a PNG picture",
                     "an image/jpeg output is not imported: it is not a JPG picture",
                     "1 error outputs of the notebook left out", "1 text/html outputs of the notebook left out",
                     "1 application/javascript outputs of the notebook left out",
                     "2 empty outputs of the notebook left out", "1 raw cells of the notebook left out"]


def test_a_notebook_without_metadata_or_kernel_is_python_and_its_first_cell_kept_whole():
    assert ablog.notebook_text(notebook([{"cell_type": "markdown", "source": "---\ntitle: T\n---\nText."},
                                         {"cell_type": "code", "source": ["a", "\n", 5, "b"]}],
                                        {"kernelspec": "python3"}), [], {}) == (
        "---\ntitle: T\n---\nText.\n\n```python\na\nb\n```\n")
    assert ablog.notebook_text(json.dumps({"cells": [{"cell_type": "code", "source": 5}]}), [], {}) == "\n"


def test_a_notebook_with_metadata_and_unreadable_front_matter_in_its_first_cell_keeps_it():
    assert ablog.notebook_text(notebook([{"cell_type": "markdown", "source": "---\n[unclosed\n---\nText."}],
                                        {"title": "T"}), [], {}) == "---\ntitle: T\n---\n\n\n---\n[unclosed\n---\nText.\n"


def test_notebook_outputs_are_bounded(monkeypatch):
    png = base64.b64encode(PNG).decode()
    monkeypatch.setattr(ablog, "MAX_PICTURES", 1)
    notes: list[str] = []
    outputs: dict[str, bytes] = {}
    cells = [{"cell_type": "code", "source": "", "outputs": [{"output_type": "display_data", "data": {"image/png": png}}
                                                           for _ in range(2)]}]
    assert ablog.notebook_text(notebook(cells), notes, outputs) == "![Output 1](output-1.png)\n"
    assert notes == ["an image/png output is not imported: the post has more than 1 pictures"]
    monkeypatch.setattr(ablog, "MAX_PICTURES", 5)
    monkeypatch.setattr(ablog, "MAX_PICTURE_BYTES", 69)  # its 96 characters of base64: 69 bytes and a padding's
    notes.clear()
    assert ablog.notebook_text(notebook(cells), notes, {}) == "![Output 1](output-1.png)\n\n![Output 2](output-2.png)\n"
    monkeypatch.setattr(ablog, "MAX_PICTURE_BYTES", 68)
    assert ablog.notebook_text(notebook(cells), notes, {}) == "\n"
    assert notes == ["an image/png output is not imported: it is over 0 MiB"] * 2


def test_a_notebooks_code_and_text_keep_their_spaces_and_every_output_left_out_is_counted():
    png = base64.b64encode(PNG).decode()
    notes: list[str] = []
    text = notebook([
        {"cell_type": "code", "source": "print(1)\nX  \n", "outputs": [
            {"output_type": "stream", "text": "X  \n"}, {"output_type": "stream", "text": "done X\n"},
            {"output_type": "error"}, {"output_type": "error"},
            {"output_type": "display_data", "data": {"image/png": png[:10] + "!" + png[10:]}},
            {"output_type": "execute_result", "data": {"application/json": "{}", "text/plain": "J"}},
            {"output_type": "execute_result", "data": {"text/html": "<b>", "application/javascript": "x"}},
            {"output_type": "execute_result", "data": {"text/plain": "P X  \n"}},
            {"output_type": "execute_result", "data": {"text/plain": "Q X\n"}}]},
        {"cell_type": "code", "source": "y = 1\nX\n"},
        {"cell_type": "raw", "source": "r"}, {"cell_type": "raw", "source": "r"}], {"title": "Café"})
    assert ablog.notebook_text(text, notes, {}) == (
        "---\ntitle: Café\n---\n\n\n```python\nprint(1)\nX  \n```\n\n```text\nX  \n```\n\n```text\ndone X\n```\n\n"
        "```text\nP X  \n```\n\n```text\nQ X\n```\n\n```python\ny = 1\nX\n```\n")
    assert notes == ["an image/png output is not imported: it is not a PNG picture",  # a character base64 has not
                     "2 error outputs of the notebook left out", "1 application/json outputs of the notebook left out",
                     "1 application/javascript, text/html outputs of the notebook left out",
                     "2 raw cells of the notebook left out"]


def test_a_picture_output_over_the_limit_names_the_limit(monkeypatch):
    monkeypatch.setattr(ablog, "MAX_PICTURE_BYTES", 3 << 20)
    notes: list[str] = []
    big = {"output_type": "display_data", "data": {"image/jpeg": "A" * ((3 << 20) * 4 // 3 + 8)}}
    assert ablog.notebook_text(notebook([{"cell_type": "code", "source": "", "outputs": [big]}]), notes, {}) == "\n"
    assert notes == ["an image/jpeg output is not imported: it is over 3 MiB"]


def test_a_long_notebook_is_cut_and_said_so(monkeypatch):
    monkeypatch.setattr(ablog, "MAX_CELLS", 2)
    notes: list[str] = []
    cells = [{"cell_type": "markdown", "source": f"Cell {number}."} for number in range(3)]
    assert ablog.notebook_text(notebook(cells), notes, {}) == "Cell 0.\n\nCell 1.\n"
    assert notes == ["the notebook has 3 cells: the first 2 are imported"]
    notes.clear()
    assert ablog.notebook_text(notebook(cells[:2]), notes, {}) == "Cell 0.\n\nCell 1.\n"
    assert notes == []  # as many as are imported: none left out


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
    ("[]", "not a Jupyter notebook (nbformat 4: cells and metadata)"),
    ('{"cells": {}}', "not a Jupyter notebook (nbformat 4: cells and metadata)"),
    ('{"cells": [], "metadata": []}', "not a Jupyter notebook (nbformat 4: cells and metadata)"),
    ("[" * 100_000, "not JSON (maximum recursion depth exceeded while decoding a JSON array from a unicode string)"),
])
def test_a_file_that_is_no_notebook_is_said_so(text, message):
    with pytest.raises(ValueError) as refused:
        ablog.notebook_text(text, [], {})
    assert str(refused.value) == message


# The posts of a site


CONF = ('blog_baseurl = "https://blog.example.org/"\n'
        'blog_authors = {"ann": ("Ann Lee", "https://ann.example"), "bo": ("Bo", None)}\n'
        'blog_locations = {"ber": ("Berlin", "https://berlin.example")}\nblog_default_author = "bo"\n'
        'blog_default_location = "ber"\nblog_post_pattern = ["notes/*.rst", "notes/*.ipynb"]\n'
        'post_date_format = "%d.%m.%Y"\n')
BLOG = {
    "conf.py": CONF,
    "posts/first.rst": "First post\n==========\n\n.. post:: 24.09.2016\n   :tags: a, b\n   :category: Events\n"
                       "   :author: ann, Someone Else\n   :location: ber\n   :excerpt: The first.\n\nHello *world*.\n\n"
                       ".. image:: pic.png\n",
    "posts/pic.png": PNG,
    "posts/unused.png": PNG,
    "posts/fields.rst": ":blogpost: true\n:date: 2016-10-01\n:tags: c\n\nFields post\n===========\n\nBody.\n",
    "posts/plain.rst": ":orphan:\n\nNot a post\n==========\n\nText.\n",
    "notes/by-pattern.rst": ":date: 2016-11-01\n\nNo title here.\n",
    "posts/nodate.rst": ".. post::\n\nA post without a date.\n",
    "posts/baddate.rst": "Bad\n===\n\n.. post:: someday soon\n\nText.\n",
    "posts/excluded.rst": "Excluded\n========\n\n.. post:: 2016-12-01\n   :exclude:\n\nHidden.\n",
    "posts/myst.md": "---\ntitle: MyST post\ndate: 2017-01-02\ntags: [x, y]\nauthor: ann\n---\n\n"
                     "```{post} 2017-01-03\n:location: Paris\n```\n\nMyST body.\n",
    "posts/front.md": "---\nblogpost: true\ndate: 2017-02-01\n---\n\n# Heading title\n\nBody of front.\n",
    "posts/plain.md": "---\ndate: 2017-02-01\n---\n\n# Not a post\n",
    "posts/2017/index.md": "---\nblogpost: true\ndate: 2017-03-01\n---\n\n# Index post\n\nText.\n",
    "_build/html/x.rst": ".. post:: 2016-01-01\n\nBuilt.\n",
    "posts/nb.ipynb": notebook([{"cell_type": "markdown", "source": "Hello notebook."}],
                               {"title": "Notebook", "date": "2017-04-01", "blogpost": True}),
    "notes/broken.ipynb": "{not json",
    "posts/broken.ipynb": "{not json",
}
POSTS = {  # origin: title, date, slug, authors, tags, summary, location, pictures, body
    "notes/by-pattern.rst": ("By pattern", D(2016, 11, 1), "by-pattern", ("Bo",), (), None, "Berlin", [],
                             "No title here.\n"),
    "posts/2017/index.md": ("Index post", D(2017, 3, 1), "2017", ("Bo",), (), None, "Berlin", [], "Text.\n"),
    "posts/fields.rst": ("Fields post", D(2016, 10, 1), "fields", ("Bo",), ("c",), None, "Berlin", [], "Body.\n"),
    "posts/first.rst": ("First post", D(2016, 9, 24), "first", ("Ann Lee", "Someone Else"), ("a", "b", "Events"),
                        "The first.", "Berlin", ["pic.png"], "Hello *world*.\n\n![pic.png](pic.png)\n"),
    "posts/front.md": ("Heading title", D(2017, 2, 1), "front", ("Bo",), (), None, "Berlin", [], "Body of front.\n"),
    "posts/myst.md": ("MyST post", D(2017, 1, 3), "myst", ("Ann Lee",), ("x", "y"), None, "Paris", [],
                      "MyST body.\n"),
    "posts/nb.ipynb": ("Notebook", D(2017, 4, 1), "nb", ("Bo",), (), None, "Berlin", [], "Hello notebook.\n"),
}
SKIPPED = [
    ("notes/broken.ipynb", "a notebook post that cannot be read: not JSON (Expecting property name enclosed in "
                           "double quotes: line 1 column 2 (char 1))"),
    ("posts/baddate.rst", "its post date 'someday soon' cannot be read: write it as YYYY-MM-DD"),
    ("posts/excluded.rst", "excluded from the blog (:exclude:) or a draft: not imported (--unpublished draft imports "
                           "it as a draft)"),
    ("posts/link.rst", "not read: a symbolic link is not followed: put the file itself in the repository"),
    ("posts/nodate.rst", "its post has no date, which makes it a draft in ABlog: give it one to import it"),
]


@pytest.fixture
def blog(tmp_path) -> Path:
    root = write_sources(tmp_path / "blog", BLOG)
    (root / "posts/link.rst").symlink_to("first.rst")
    return root


def test_every_kind_of_post_is_read_and_every_file_left_out_is_named(blog):
    source = ablog.read_ablog(blog)
    assert source.kind == "ablog" and source.identity == "https://blog.example.org/"
    assert {post.origin: (post.title, post.date, post.slug, post.authors, post.tags, post.summary, post.location,
                          sorted(post.pictures), post.body) for post in source.posts} == POSTS
    assert sorted((skipped.where, skipped.reason) for skipped in source.skipped) == SKIPPED
    by_origin = {post.origin: post for post in source.posts}
    assert by_origin["notes/by-pattern.rst"].notes == ["the post has no title: one was made from its file name"]
    assert by_origin["posts/first.rst"].pictures == {"pic.png": blog / "posts/pic.png"}
    assert not any(post.draft for post in source.posts)


def test_the_sites_date_format_a_field_title_and_a_title_beside_a_heading(tmp_path):
    root = write_sources(tmp_path / "blog", {
        "conf.py": 'post_date_format = "%d.%m.%Y"\nblog_post_pattern = "notes/*.rst"\n',
        "notes/nodate.rst": "Nodate\n======\n\nText.\n",
        "a.rst": ".. post:: 09.10.2016\n   :title: Field title\n\nText.\n",
        "b.md": "---\nblogpost: true\ntitle: Matter title\ndate: 09.10.2016\n---\n\n# Body heading\n\nText.\n",
        "c.md": "---\nblogpost: true\n---\n\nNo date.\n",
        "d.rst": ".. post:: " + "x" * 50 + "\n\nText.\n"})
    source = ablog.read_ablog(root)
    assert [(post.origin, post.where, post.title, post.date, post.body, post.notes) for post in source.posts] == [
        ("a.rst", "a.rst", "Field title", D(2016, 10, 9), "Text.\n", []),  # the site's format: day first
        ("b.md", "b.md", "Matter title", D(2016, 10, 9), "## Body heading\n\nText.\n", [])]
    assert [(skipped.where, skipped.reason) for skipped in source.skipped] == [
        ("c.md", "its post has no date, which makes it a draft in ABlog: give it one to import it"),
        ("d.rst", f"its post date {'x' * 40!r} cannot be read: write it as YYYY-MM-DD"),
        ("notes/nodate.rst", "its post has no date, which makes it a draft in ABlog: give it one to import it")]


def test_excluded_posts_come_as_drafts_when_asked_and_the_address_given_wins(blog):
    source = ablog.read_ablog(blog, unpublished_as_drafts=True, base_url="https://other.example.org/x/")
    assert source.identity == "https://other.example.org/x/"
    assert [(post.origin, post.title) for post in source.posts if post.draft] == [("posts/excluded.rst", "Excluded")]
    assert "posts/excluded.rst" not in [skipped.where for skipped in source.skipped]


def test_a_site_without_conf_py_is_named_by_its_folder_and_its_posts_read_without_defaults(tmp_path):
    root = write_sources(tmp_path / "my-blog", {"a.rst": "A\n=\n\n.. post:: 2016-01-02\n   :author: ann\n\nText.\n"})
    source = ablog.read_ablog(root)
    assert source.identity == "my-blog"
    [post] = source.posts
    assert (post.authors, post.location, post.date) == (("ann",), None, D(2016, 1, 2))


def test_a_folder_is_needed(tmp_path):
    (tmp_path / "file.rst").write_text("x", encoding="utf-8")
    for origin in (tmp_path / "file.rst", tmp_path / "missing"):
        with pytest.raises(SourceError) as refused:
            ablog.read_ablog(origin)
        assert str(refused.value) == "not a folder: give the Sphinx site's folder (the one with conf.py)"


def test_a_post_that_fails_to_convert_is_named_and_the_others_kept(tmp_path, monkeypatch):
    root = write_sources(tmp_path / "blog", {"a.rst": ".. post:: 2016-01-02\n\nA.\n", "b.md": "---\nblogpost: true\n"
                                     "date: 2016-01-03\n---\n\nB.\n", "c.md": "---\nblogpost: true\ndate: x\n---\n"})

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ablog, "rst_to_html", broken)
    source = ablog.read_ablog(root)
    assert [post.origin for post in source.posts] == ["b.md"]
    assert [(skipped.where, skipped.reason) for skipped in source.skipped] == [
        ("a.rst", "not imported: it could not be converted (RuntimeError: boom)"),
        ("c.md", "its post date 'x' cannot be read: write it as YYYY-MM-DD")]


def test_front_matter_that_cannot_be_read_is_named_and_the_next_post_read(tmp_path):
    root = write_sources(tmp_path / "blog", {"a.md": "---\nblogpost: true\ndate: [unclosed\n---\n\nText.\n",
                                     "b.md": "---\nblogpost: true\ndate: 2016-01-02\n---\n\nB.\n"})
    source = ablog.read_ablog(root)
    [skipped] = source.skipped
    assert skipped.where == "a.md" and skipped.reason.startswith("not read: ")
    assert [post.origin for post in source.posts] == ["b.md"]


def test_files_are_read_within_their_kinds_limits_and_build_folders_left_out(tmp_path, monkeypatch):
    monkeypatch.setattr(ablog, "MAX_REPORT_BYTES", 1000)
    big = notebook([{"cell_type": "markdown", "source": "x" * 2000}], {"blogpost": True, "date": "2016-01-02"})
    root = write_sources(tmp_path / "blog", {"nb.ipynb": big, "big.rst": ".. post:: 2016-01-03\n\n" + "y" * 2000 + "\n",
                                     "posts/_static/x.rst": ".. post:: 2016-01-04\n\nStatic.\n",
                                     "a/_build/y.rst": ".. post:: 2016-01-05\n\nBuilt.\n"})
    source = ablog.read_ablog(root)
    assert [post.origin for post in source.posts] == ["nb.ipynb"]  # a notebook may be larger than a report
    assert [(skipped.where, skipped.reason.split(":")[0]) for skipped in source.skipped] == [("big.rst", "not read")]


def test_a_posts_relative_links_pictures_and_outputs_come_with_it(tmp_path):
    png = base64.b64encode(PNG).decode()
    root = write_sources(tmp_path / "blog", {
        "conf.py": 'blog_baseurl = "https://blog.example.org/"\n',
        "a.md": "---\nblogpost: true\ndate: 2016-01-02\n---\n\n[About](/about/) ![logo](logo.svg) ![p](p.png)\n",
        "logo.svg": "<svg/>", "p.png": PNG,
        "nb.ipynb": notebook([{"cell_type": "code", "source": "plot()", "outputs": [
            {"output_type": "display_data", "data": {"image/png": png}}]}], {"blogpost": True, "date": "2016-01-03",
                                                                             "title": "Plot"})})
    posts = {post.origin: post for post in ablog.read_ablog(root).posts}
    assert posts["a.md"].body == ("[About](https://blog.example.org/about/) ![logo](https://blog.example.org/logo.svg) "
                                  "![p](p.png)\n")  # an SVG is not copied: it stays on the old site, linked
    assert posts["a.md"].pictures == {"p.png": root / "p.png"}
    assert posts["a.md"].notes == ["picture logo.svg is not copied: only pictures are copied (.png, .jpg, .jpeg, .gif, "
                                   ".webp, .avif); SVG runs scripts: export it as PNG",
                                   "the post has no title: one was made from its file name"]
    assert posts["nb.ipynb"].pictures == {"output-1.png": PNG}


def test_the_posts_read_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(ablog, "MAX_POSTS", 2)
    root = write_sources(tmp_path / "blog", {f"p{number}.rst": f".. post:: 2016-01-0{number + 1}\n\nText.\n"
                                     for number in range(4)})
    assert [post.origin for post in ablog.read_ablog(root).posts] == ["p0.rst", "p1.rst"]


# reStructuredText through docutils


def test_sphinx_markup_is_kept_as_text_and_named():
    conversion = Conversion(base_url=None, notes=[], local=frozenset())
    html = ablog.rst_to_html(
        "Title\n=====\n\nIntro with :ref:`Label <target>`, :doc:`~path/doc`, :kbd:`Ctrl`, :py:func:`~mod.f` and "
        ":emphasis:`known`.\n\n.. toctree::\n\n   a\n\n.. code-block:: python\n   :linenos:\n\n   x = 1\n\n"
        ".. sourcecode::\n\n   plain\n\n"
        ".. seealso:: other things\n\n.. versionadded:: 1.2\n   Something new.\n\n.. deprecated:: 2.0\n\n"
        ".. update:: 2020-01-01\n\n   Fixed.\n\n.. update::\n\n   Later.\n\n"
        ".. raw:: html\n\n   <script>alert(1)</script>\n\n.. include:: /etc/passwd\n\n"
        ".. unknownthing:: arg\n\n   body\n\n.. note:: A note.\n", conversion)
    assert html == (
        '<p>Intro with Label, path/doc, <span class="docutils literal">Ctrl</span>, '
        '<span class="docutils literal">mod.f</span> and <em>known</em>.</p>\n'
        '<pre class="code python literal-block"><code>x = 1</code></pre>\n'
        '<pre class="code literal-block"><code>plain</code></pre>\n'
        '<aside class="admonition">\n<p class="admonition-title">See also</p>\n<p>other things</p>\n</aside>\n'
        '<aside class="admonition">\n<p class="admonition-title">New in version 1.2</p>\n<p>Something new.</p>\n'
        '</aside>\n'
        '<aside class="admonition">\n<p class="admonition-title">Deprecated since version 2.0</p>\n</aside>\n'
        '<aside class="admonition admonition-update">\n<p class="admonition-title">Update on 2020-01-01</p>\n'
        '<p>Fixed.</p>\n</aside>\n'
        '<aside class="admonition admonition-update">\n<p class="admonition-title">Update</p>\n<p>Later.</p>\n'
        '</aside>\n'
        '<pre class="literal-block">.. raw:: html\n\n   &lt;script&gt;alert(1)&lt;/script&gt;\n</pre>\n'
        '<pre class="literal-block">.. include:: /etc/passwd\n</pre>\n'
        '<pre class="literal-block">.. unknownthing:: arg\n\n   body\n</pre>\n'
        '<aside class="admonition note">\n<p class="admonition-title">Note</p>\n<p>A note.</p>\n</aside>\n')
    assert conversion.notes == ["directive 'raw' kept as text", "directive 'include' kept as text",
                                "directive 'unknownthing' kept as text"]


def test_the_conversions_directives_do_not_outlive_it():
    from docutils.parsers.rst import directives

    ablog.rst_to_html(".. unknownthing::\n\n   x\n", Conversion(base_url=None, notes=[], local=frozenset()))
    assert directives._directives.get("unknownthing") is None


RST_REACHING_OUT = """Intro.

.. role:: raw-html(raw)
   :format: html

A :raw-html:`<script>alert(1)</script>` role.

.. csv-table:: Table
   :file: {secret}

.. code:: python

   x = 1

Section
-------

Text.
"""


@pytest.mark.parametrize("configured", [False, True])
def test_restructuredtext_reaches_no_file_and_no_raw_html_whatever_docutils_conf_says(tmp_path, monkeypatch,
                                                                                      configured):
    (tmp_path / "secret.csv").write_text("secret,value\n", encoding="utf-8")
    if configured:  # docutils reads a docutils.conf in the folder it runs in, over the settings it is given
        (tmp_path / "docutils.conf").write_text("[general]\nraw_enabled: yes\nfile_insertion_enabled: yes\n"
                                                "syntax_highlight: long\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    html = ablog.rst_to_html(RST_REACHING_OUT.format(secret=tmp_path / "secret.csv"),
                             Conversion(base_url=None, notes=[], local=frozenset()))
    assert html == (
        "<p>Intro.</p>\n<p>A :raw-html:`&lt;script&gt;alert(1)&lt;/script&gt;` role.</p>\n"
        '<pre class="code python literal-block"><code>x = 1</code></pre>\n'
        '<section id="section">\n<h2>Section</h2>\n<p>Text.</p>\n</section>\n')


RST_EVERY_OPTION = """Title
=====

.. code-block:: python
   :caption: Caption
   :name: named
   :emphasize-lines: 1
   :lineno-start: 3
   :dedent: 2
   :force:
   :linenos:

   x = 1
   y = 2

.. versionchanged:: 3.0
   *Changed* here.

.. seealso::

   Content only.

.. seealso:: *Emphasis* first

.. literalinclude:: /etc/passwd

See :ref:`Xref
label <target>`, :ref:`Xplain`, :kbd:`Xkey`, :std:ref:`~Xdom <t>` and :math:`a^2`.

   Quoted.

   Inner
   -----

Sub
---

Only
^^^^

Lone.

Other
-----

Text.

Deep
````

After.
"""


def test_sphinx_options_roles_and_what_docutils_refuses_keep_their_text():
    conversion = Conversion(base_url=None, notes=[], local=frozenset())
    assert ablog.rst_to_html(RST_EVERY_OPTION, conversion) == (
        '<pre class="code python literal-block"><code>x = 1\ny = 2</code></pre>\n'
        '<aside class="admonition">\n<p class="admonition-title">Changed in version 3.0</p>\n'
        '<p><em>Changed</em> here.</p>\n</aside>\n'
        '<aside class="admonition">\n<p class="admonition-title">See also</p>\n<p>Content only.</p>\n</aside>\n'
        '<aside class="admonition">\n<p class="admonition-title">See also</p>\n<p><em>Emphasis</em> first</p>\n'
        '</aside>\n'
        '<pre class="literal-block">.. literalinclude:: /etc/passwd\n</pre>\n'
        '<p>See Xref\nlabel, Xplain, <span class="docutils literal">Xkey</span>, Xdom and <tt class="math">a^2</tt>.</p>\n'
        '<blockquote>\n<p>Quoted.</p>\n<pre class="literal-block">Inner\n-----</pre>\n</blockquote>\n'
        '<section id="sub">\n<h2>Sub</h2>\n<section id="only">\n<h3>Only</h3>\n<p>Lone.</p>\n</section>\n</section>\n'
        '<section id="other">\n<h2>Other</h2>\n<p>Text.</p>\n<pre class="literal-block">Deep\n````</pre>\n'
        '<p>After.</p>\n</section>\n')
    assert conversion.notes == [
        "directive 'literalinclude' kept as text",
        "reStructuredText docutils could not read is kept as text (line 33: Unexpected section title.)",
        "reStructuredText docutils could not read is kept as text (line 48: Inconsistent title style: skip from level "
        "2 to 4.)"]


def test_a_myst_posts_names_keep_their_spaces_and_its_directives_are_converted(tmp_path):
    root = write_sources(tmp_path / "blog", {
        "a.md": "---\nblogpost: true\ndate: 2017-02-01\nauthor: Ada Lovelace\nlocation: New York\n---\n\n"
                "# Title\n\nText.\n\n```{postlist} 5\n```\n"})
    [post] = ablog.read_ablog(root).posts
    assert (post.authors, post.location, post.body) == (("Ada Lovelace",), "New York", "Text.\n")
    assert post.notes == ["ABlog's list of the blog's posts ({postlist}) is left out: the editions list the reports"]


def test_a_severe_error_does_not_stop_the_conversion_and_keeps_its_text():
    conversion = Conversion(base_url=None, notes=[], local=frozenset())
    assert ablog.rst_to_html("Intro.\n\n=====\nTitle\n-----\n\nText.\n", conversion) == (
        '<p>Intro.</p>\n<pre class="literal-block">=====\nTitle\n-----</pre>\n<p>Text.</p>\n')
    assert conversion.notes == ["reStructuredText docutils could not read is kept as text (line 3: Title overline & "
                                "underline mismatch.)"]


def test_a_post_without_a_location_gets_the_default_whatever_the_table_holds(tmp_path):
    root = write_sources(tmp_path / "blog", {
        "conf.py": 'blog_locations = {"": "Nowhere", "ber": "Berlin"}\nblog_default_location = "ber"\n',
        "a.rst": "A\n=\n\n.. post:: 2016-01-01\n\nText.\n"})
    assert [post.location for post in ablog.read_ablog(root).posts] == ["Berlin"]

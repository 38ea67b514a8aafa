"""Reading another blog's files, with verdicts written by hand: this front matter is read so, that YAML tag is
refused with this message, this picture is copied and that one named with the reason. No site is built;
``make mutation`` mutates the code these tests pin (``importing/files.py``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from sphinx_newsletter.core.paths import UnsafeFile
from sphinx_newsletter.importing import files
from sphinx_newsletter.importing.files import (
    as_date,
    load_data,
    load_yaml,
    local_pictures,
    read_text,
    split_front_matter,
    text_value,
    walk_files,
    words,
)

D = dt.date


@pytest.mark.parametrize(("text", "data"), [
    ("name: No\nmessage: Yes\n", {"name": "No", "message": "Yes"}),  # YAML 1.1: booleans
    ("name: Off\ncomment: ON\nbody: true\n", {"name": "Off", "comment": "ON", "body": "true"}),
    ("title: 1.10\nauthor: 007\nname: 1e3\n", {"title": "1.10", "author": "007", "name": "1e3"}),  # numbers
    ("name: Null\nmessage: NULL\n", {"name": "Null", "message": "NULL"}),
    ("name:\nmessage: ~\n", {"name": None, "message": None}),  # no text: none
    ("name: 'No'\nmessage: \"Yes\"\n", {"name": "No", "message": "Yes"}),
    ("hidden: false\ndraft: yes\nlikes: 3\npublished: No\n", {"hidden": False, "draft": True, "likes": 3,
                                                                 "published": False}),  # flags and counts stay typed
    ("author:\n  name: No\n", {"author": {"name": "No"}}),
    ("tags: [Yes, 1.10]\n", {"tags": [True, 1.1]})])
def test_text_people_typed_is_read_as_text(text, data):
    """Staticman writes a reader's name and message as plain YAML values: a commenter named No became false
    (imported as Anonymous), a comment that says Yes became true (and was left out as having no message)."""
    assert load_yaml(text) == data

def test_a_mapping_that_holds_itself_is_read_as_before():
    """Text keys are read after the mapping is built, as the safe loader builds it: lazily, so that a mapping
    may hold itself through an alias (built eagerly, it is 'found unconstructable recursive node')."""
    data = load_yaml("a: &x {b: *x, name: No}")
    assert data["a"]["b"] is data["a"] and data["a"]["name"] == "No"

def test_python_2_string_tags_are_read_as_strings_and_no_other_tag():
    assert load_yaml("a: !!python/unicode 'Zoë'\nb: !!python/str x\nc: &x [1]\nd: *x") == {
        "a": "Zoë", "b": "x", "c": [1], "d": [1]}
    with pytest.raises(ValueError) as error:
        load_yaml("a: !!python/object/apply:os.system ['true']")
    assert str(error.value) == ("YAML syntax error: could not determine a constructor for the tag "
                                "'tag:yaml.org,2002:python/object/apply:os.system'")
    with pytest.raises(ValueError) as error:
        load_yaml("a: !!python/unicode [1]")
    assert str(error.value) == "YAML syntax error: tag:yaml.org,2002:python/unicode on a non-string"
    with pytest.raises(ValueError) as error:
        load_yaml("a: [1, 2")
    assert str(error.value) == "YAML syntax error: did not find expected ',' or ']'"
    with pytest.raises(ValueError) as error:  # a reader error has no 'problem': the error itself is told
        load_yaml("a: \x07")
    assert str(error.value).startswith("YAML syntax error: unacceptable character #x0007")


def test_yaml_is_bounded():
    with pytest.raises(ValueError, match="64 KiB"):
        load_yaml("a: " + "x" * (64 * 1024))
    with pytest.raises(ValueError, match="deep"):
        load_yaml("a: " + "[" * 20 + "]" * 20)


@pytest.mark.parametrize(("text", "suffix", "data"), [
    ("a = 1", ".toml", {"a": 1}), ('{"a": [1]}', ".json", {"a": [1]}), ("a: 1", ".yml", {"a": 1}),
    ("a: 1", ".yaml", {"a": 1}), ("[" * 3 + "]" * 3, ".json", [[[]]]),
])
def test_data_is_read_by_its_kind(text, suffix, data):
    assert load_data(text, suffix) == data


@pytest.mark.parametrize(("text", "suffix", "message"), [
    ("a = ", ".toml", "TOML syntax error: Invalid value (at end of document)"),
    ("x" * (64 * 1024 + 1), ".toml", "over 64 KiB"),
    ('{"a": ', ".json", "JSON syntax error: Expecting value: line 1 column 7 (char 6)"),
    ("[" * 2001, ".json", "too large"), ("{" * 1000 + "[" * 1001, ".json", "too large"),
    ('"' + "x" * (64 * 1024) + '"', ".json", "too large"),
    ("[" * 2000 + "]" * 2000, ".json", "JSON syntax error: maximum recursion depth exceeded while decoding a JSON array "
                                       "from a unicode string"),
])
def test_wrong_or_large_data_is_refused(text, suffix, message):
    with pytest.raises(ValueError) as error:
        load_data(text, suffix)
    assert str(error.value) == message


def test_data_at_its_bounds_is_read():
    assert load_data("a = '" + "x" * (64 * 1024 - 6) + "'", ".toml")["a"] == "x" * (64 * 1024 - 6)
    assert load_data('"' + "x" * (64 * 1024 - 2) + '"', ".json") == "x" * (64 * 1024 - 2)
    assert load_data("[" * 100 + "]" * 100, ".json") is not None


@pytest.mark.parametrize(("text", "data", "body"), [
    ("---\ntitle: A\n---\nbody", {"title": "A"}, "body"),
    ("--- \ntitle: A\n---  \n\n\nbody\n", {"title": "A"}, "body\n"),
    ("+++\ntitle = 'A'\n+++\nbody", {"title": "A"}, "body"),
    ("+++ \ntitle = 'A'\n+++\t\nbody", {"title": "A"}, "body"),
    ('{"title": "A"}\n\nbody', {"title": "A"}, "body"),
    ('{"a": {"b": 1}} rest', {"a": {"b": 1}}, " rest"),
    ("---\n- 1\n---\nb", {}, "b"), ("---\n---\nb", {}, "b"), ("---\n\n---\nb", {}, "b"),
    ("---\na: 1\n---\n    code\nX", {"a": 1}, "    code\nX"), ("---\na: 1\n---\nX marks", {"a": 1}, "X marks"),
    ('{"title": "A much longer title"}\nX marks', {"title": "A much longer title"}, "X marks"),
    ('{"title": "Sets {a, b} and }"}\nbody', {"title": "Sets {a, b} and }"}, "body"),  # braces in a string
    ('{"t": "a \\" } b", "u": "}"} body', {"t": 'a " } b', "u": "}"}, " body"),  # an escaped quote stays in it
    ('{"t": "a\\\\"} body', {"t": "a\\"}, " body"),  # an escaped backslash ends before the quote
    ('{"a": {"b": "}"}} rest', {"a": {"b": "}"}}, " rest"), ('{"t": "}"', {}, '{"t": "}"'),
    ('{"": "}"} body', {"": "}"}, " body"), ("{X marks the spot", {}, "{X marks the spot"),
    ("no front", {}, "no front"), ("{unclosed", {}, "{unclosed"), ("---x\n---\n", {}, "---x\n---\n"),
])
def test_front_matter_is_split_from_the_body(text, data, body):
    assert split_front_matter(text) == (data, body)


@pytest.mark.parametrize(("text", "message"), [
    ('{"a": {"b": 1 rest}}', "JSON syntax error: Expecting ',' delimiter: line 1 column 15 (char 14)"),
    ("---\ntitle: A\n----\nb\n---\nc", "YAML syntax error: could not find expected ':'"),
])
def test_front_matter_that_cannot_be_read_is_refused(text, message):
    with pytest.raises(ValueError) as error:
        split_front_matter(text)
    assert str(error.value) == message


def test_front_matter_that_is_never_closed_is_refused():
    for fence in ("---", "+++"):
        with pytest.raises(ValueError) as error:
            split_front_matter(f"{fence}\ntitle: A\nbody")
        assert str(error.value) == f"front matter opened with {fence} is never closed"


def test_json_front_matter_is_looked_for_within_the_bound():
    long = "{" + '"a": "' + "x" * (64 * 1024) + '"}'
    assert split_front_matter(long) == ({}, long)


@pytest.mark.parametrize(("value", "day"), [
    (dt.datetime(2020, 1, 2, 23, 4), D(2020, 1, 2)), (D(2020, 1, 2), D(2020, 1, 2)),
    (1577836800, D(2020, 1, 1)), (1577836800000, D(2020, 1, 1)), (1577836800.5, D(2020, 1, 1)),
    (99999999999, D(5138, 11, 16)), (100000000000, D(5138, 11, 16)), (100000000001, D(1973, 3, 3)), (1, D(1970, 1, 1)),
    ("1577836800", D(2020, 1, 1)), ("1577836800000", D(2020, 1, 1)), (" 2020-1-2 10:00", D(2020, 1, 2)),
    ("2020-12-31T23:00:00-05:00", D(2020, 12, 31)),
    (1e14, None), (99999999999999, D(5138, 11, 16)), (0, None), (-5, None), (True, None), ("12345678", None),
    ("12345678901234", None), ("2020-02-30", None), ("soon", None), (None, None), ([2020, 1, 2], None),
])
def test_dates_from_dates_iso_text_and_unix_times(value, day):
    assert as_date(value) == day


def test_a_unix_time_is_a_day_in_utc_whatever_the_machines_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert as_date(1577836800) == D(2020, 1, 1)  # 19:00 the day before in New York
    finally:
        monkeypatch.undo()
        time.tzset()


def test_tags_and_values_are_plain_words():
    assert words("a b  c") == ("a", "b", "c")
    assert words(["x  y", 3, 2.5, True, None, " ", ["n"]]) == ("x y", "3", "2.5")
    assert words(None) == () and words(5) == () and words(("a",)) == ()
    assert [text_value(value) for value in (" a  b ", 3, 0, 2.5, True, "", "  ", None, [])] == [
        "a b", "3", "0", "2.5", None, None, None, None, None]


def test_a_sites_file_is_read_as_text_without_links(tmp_path):
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbfone\r\ntwo")
    assert read_text(tmp_path / "a.md", tmp_path) == "one\ntwo"
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    with pytest.raises(UnsafeFile):
        read_text(tmp_path / "b.md", tmp_path)
    with pytest.raises(UnsafeFile):
        read_text(tmp_path / "a.md", tmp_path, limit=4)
    assert read_text(tmp_path / "a.md", tmp_path, limit=11) == "one\ntwo"


PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def blog(tmp_path) -> Path:
    root = tmp_path / "blog"
    (root / "_posts").mkdir(parents=True)
    (root / "images").mkdir()
    for name in ("a.png", "b.JPG", "c.svg", "d.gif"):
        (root / "images" / name).write_bytes(PNG)
    (root / "parts").mkdir()
    for name in ("code.py", "part.md", "part.inc", "data.bin"):
        (root / "parts" / name).write_text("x = 1\n", encoding="utf-8")
    (root / "images" / "folder.png").mkdir()
    (root / "images" / "linked.png").symlink_to(root / "images" / "a.png")
    (tmp_path / "outside.png").write_bytes(PNG)
    return root


BODY = """\
![a](../images/a.png) ![a again](<../images/a.png#x>) ![b](../images/b.JPG?size=2)
<img src="../images/d.gif" alt=""> <IMG SRC='../images/c.svg'>
![web](https://example.org/x.png) ![site](/images/a.png) ![anchor](#x) ![liquid]({{ site.url }}/a.png)
![liquid2](../{{ x }}.png) ![braced]({x}.png) ![missing](../images/none.png) ![out](../../outside.png)
![linked](../images/linked.png) ![folder](../images/folder.png)

```{figure} ../images/a.png
```

.. image:: ../images/b.JPG

```{literalinclude} ../parts/code.py
```

:::{include} ../parts/part.inc
:::

.. include:: ../parts/part.md

.. literalinclude:: ../parts/data.bin
"""


def test_a_posts_own_pictures_and_parts_are_found_and_the_rest_named(blog):
    notes: list[str] = []
    found = local_pictures(BODY, blog / "_posts" / "p.md", blog, notes)
    assert found == {"../images/a.png": blog / "images/a.png", "../images/a.png#x": blog / "images/a.png",
                     "../images/b.JPG?size=2": blog / "images/b.JPG", "../images/d.gif": blog / "images/d.gif",
                     "../images/b.JPG": blog / "images/b.JPG", "../parts/code.py": blog / "parts/code.py",
                     "../parts/part.inc": blog / "parts/part.inc"}
    assert notes == [  # markdown images first, then figures, HTML images, reST images, included files
        "picture ../../outside.png is not copied: it is outside the blog's folder",
        "picture ../images/linked.png is not copied: it is a symbolic link",
        "picture ../images/folder.png is not copied: it is not a regular file",
        "picture ../images/c.svg is not copied: only pictures are copied (.png, .jpg, .jpeg, .gif, .webp, .avif); SVG "
        "runs scripts: export it as PNG",
        "included file ../parts/part.md is not copied: a .md file beside a report would be read as a report of its own",
        "included file ../parts/data.bin is not copied: only text files are included (.txt, .text, .log, .md, .rst, "
        ".py, .pyi, .sh, .bash, .zsh, .ps1, .bat, …)"]


def test_pictures_and_parts_are_bounded(blog, monkeypatch):
    monkeypatch.setattr(files, "MAX_PICTURE_BYTES", 8)
    monkeypatch.setattr(files, "MAX_INCLUDE_BYTES", 5)
    (blog / "images" / "big.png").write_bytes(PNG + b"x")
    (blog / "_posts" / "{x}.png").write_bytes(PNG)
    (blog / "images" / "{{x}}.png").write_bytes(PNG)
    notes: list[str] = []
    found = local_pictures("![a](../images/a.png) ![big](../images/big.png) ![t]({x}.png) ![t2](../images/{{x}}.png)\n\n"
                           "```{include} ../parts/part.inc\n```\n",
                           blog / "_posts" / "p.md", blog, notes)
    assert found == {"../images/a.png": blog / "images/a.png"}
    assert notes == ["picture ../images/big.png is not copied: it is over 0 MiB",
                     "included file ../parts/part.inc is not copied: it is over 0 MiB"]


def test_the_limit_is_told_in_mebibytes(blog, monkeypatch):
    monkeypatch.setattr(files, "MAX_PICTURE_BYTES", 2 * 1024 * 1024)
    (blog / "images" / "big.png").write_bytes(PNG + b"x" * (2 * 1024 * 1024))
    notes: list[str] = []
    local_pictures("![big](../images/big.png)", blog / "_posts" / "p.md", blog, notes)
    assert notes == ["picture ../images/big.png is not copied: it is over 2 MiB"]


def test_at_most_a_hundred_pictures_are_copied(blog):
    for number in range(101):
        (blog / "images" / f"n{number}.png").write_bytes(PNG)
    notes: list[str] = []
    body = " ".join(f"![n](../images/n{number}.png)" for number in range(101))
    found = local_pictures(body, blog / "_posts" / "p.md", blog, notes)
    assert len(found) == 100 and "../images/n100.png" not in found
    assert notes == ["picture ../images/n100.png is not copied: the post shows more than 100 pictures and files"]


def test_a_long_name_is_told_by_its_first_120_characters(blog):
    notes: list[str] = []
    target = "../../" + "y" * 200 + ".png"
    local_pictures(f"![x]({target})", blog / "_posts" / "p.md", blog, notes)
    assert notes == [f"picture {target[:120]} is not copied: it is outside the blog's folder"]


def test_files_are_walked_without_links_or_dot_folders(tmp_path, monkeypatch):
    for name in ("_posts/b.md", "_posts/a.MD", "_posts/c.txt", ".git/x.md", "_posts/.hidden/y.md", "z/w.markdown"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "_posts", tmp_path / "linked")
    assert walk_files(tmp_path, (".md", ".markdown")) == [tmp_path / "_posts/a.MD", tmp_path / "_posts/b.md",
                                                         tmp_path / "z/w.markdown"]
    monkeypatch.setattr(files, "MAX_POSTS", 1)
    assert walk_files(tmp_path, (".md", ".markdown")) == [tmp_path / "_posts/a.MD", tmp_path / "_posts/b.md"]
    monkeypatch.setattr(files, "MAX_POSTS", 2)  # the walk stops once it holds more than the bound
    assert len(walk_files(tmp_path, (".md", ".markdown"))) == 3


@pytest.mark.parametrize(("written", "names"), [
    ("Ann Lee", ("Ann Lee",)),
    ("Lee, Ann", ("Lee, Ann",)),  # surname first: one person
    ("Ann Lee, Bo Chen", ("Ann Lee", "Bo Chen")),
    ("Ann Lee (Acme), Bo Chen (Initech)", ("Ann Lee (Acme)", "Bo Chen (Initech)")),
    ("Ann (Acme, Two), Bo Chen", ("Ann (Acme, Two), Bo Chen",)),  # "Ann" is not a whole name: no split
    ("[Ann](https://a.example/), [Flynn](https://f.example/)", ("Ann", "Flynn")),  # links: each a person
    ("[Ann Lee](https://a.example/)", ("Ann Lee",)),
    ("Ann Lee and Bo Chen (Acme)", ("Ann Lee", "Bo Chen (Acme)")),
    ("Ann Lee & Bo Chen; Cy Dee", ("Ann Lee", "Bo Chen", "Cy Dee")),
    ("Ann Lee / The team", ("Ann Lee", "The team")),
    ("Ann Lee/Bo", ("Ann Lee/Bo",)),  # a slash without spaces is part of a name
    ("Alexander Sandbox", ("Alexander Sandbox",)),  # "and" inside words
    ("Tom Dee (R&D; Org)", ("Tom Dee (R&D; Org)",)),  # separators inside parentheses
    ("Jason (Jay) Smith (Google Cloud)", ("Jason (Jay) Smith (Google Cloud)",)),
    ("Ann) Lee, Bo Chen", ("Ann) Lee", "Bo Chen")),  # a stray closing parenthesis opens nothing
    ("Ann Lee (Acme (EU), Labs), Bo Chen", ("Ann Lee (Acme (EU), Labs)", "Bo Chen")),  # nested parentheses
    ("  Ann \n  Lee ,, Bo  Chen ", ("Ann Lee ,, Bo Chen",)),  # an empty part is no whole name: as written
    ("Ann Lee, Bo Chen,", ("Ann Lee, Bo Chen,",)),
    ("", ()),
])
def test_author_names(written, names):
    assert files.author_names(written) == names


@pytest.mark.parametrize(("text", "hugo", "expected"), [
    ("------\ntitle: A\n---\nBody\n", True, ({"title": "A"}, "Body\n")),
    ("------\ntitle: A\n---\nBody\n", False, ({}, "------\ntitle: A\n---\nBody\n")),  # Jekyll: no front matter
    ("---\ntitle: A\n---\n\nBody\n", True, ({"title": "A"}, "Body\n")),
    ("--- \ntitle: A\n---\nBody\n", False, ({"title": "A"}, "Body\n")),
    ("---title: A\n---\nBody\n", True, ({"title": "A"}, "Body\n")),  # the rest of the line is YAML's
    ("+++\ntitle = 'A'\n+++\nBody\n", True, ({"title": "A"}, "Body\n")),
])
def test_front_matter_as_hugo_and_jekyll_read_it(text, hugo, expected):
    assert files.split_front_matter(text, hugo=hugo) == expected


def test_a_hugo_front_matter_never_closed_is_an_error():
    with pytest.raises(ValueError, match="never closed"):
        files.split_front_matter("------\ntitle: A\nBody\n", hugo=True)
    assert files.split_front_matter("---", hugo=True) == ({}, "---")  # no line at all: no front matter


def test_pictures_at_the_sites_addresses_come_from_the_file_the_site_served(tmp_path):
    root = tmp_path / "blog"
    (root / "static").mkdir(parents=True)
    (root / "static/logo.png").write_bytes(b"png")
    (root / "static/draw.svg").write_text("<svg/>")
    post = root / "content/post.md"
    post.parent.mkdir()
    served = {"/logo.png": root / "static/logo.png", "/draw.svg": root / "static/draw.svg",
              "/gone.png": root / "static/gone.png"}
    notes: list[str] = []
    served["//cdn.example/x.png"] = root / "static/logo.png"  # never asked: an address on the web
    body = ("![a](/logo.png) ![b](/draw.svg) ![c](/gone.png) ![d](//cdn.example/x.png) ![e](/other.png) "
            "![f](/logo.png?v=2) ![g](/logo.png#top)")
    found = files.local_pictures(body, post, root, notes, site_file=served.get)
    assert found == {"/logo.png": root / "static/logo.png", "/logo.png?v=2": root / "static/logo.png",
                     "/logo.png#top": root / "static/logo.png"} and notes == []  # the others: the old site's
    assert files.local_pictures(body, post, root, notes) == {}  # no site to ask: every one the old site's
    outside = {"/logo.png": tmp_path / "elsewhere.png"}
    (tmp_path / "elsewhere.png").write_bytes(b"png")
    assert files.local_pictures("![a](/logo.png)", post, root, notes, site_file=outside.get) == {}
    assert notes == ["picture /logo.png is not copied: it is outside the blog's folder"]
    assert files.local_pictures("```{literalinclude} /logo.png\n```", post, root, [], site_file=served.get) == {}


@pytest.mark.parametrize(("body", "names"), [
    ("**Author:** Grace Nguyen\n\n## Context\n", ("Grace Nguyen",)),
    ("**Authors:** Ann Lee (Acme), Bo Chen (Initech)\n\nText\n", ("Ann Lee (Acme)", "Bo Chen (Initech)")),
    ("**Author**: Pushkar Joglekar (VMware)\n\nText\n", ("Pushkar Joglekar (VMware)",)),
    ("\n  **Authors:** Patrick Ohly (Intel)\n\nText\n", ("Patrick Ohly (Intel)",)),  # indented, after blanks
    ("**Authors & Interviewers:** [Ann](https://a.example/), [Bo](https://b.example/)\n\n---\n\nHi\n", ("Ann", "Bo")),
    ("__Written by:__ Ann Lee and Bo Chen  \n\nText\n", ("Ann Lee", "Bo Chen")),
    ("By Chris Metz and Tim Bannister\n\nText\n", ("Chris Metz", "Tim Bannister")),
    ("By [Ann Lee](https://a.example/) and Bo Chen\n\nText\n", ("Ann Lee", "Bo Chen")),
    ("**By:** Ann Lee", ("Ann Lee",)),  # the whole body
    ("**author:** ann lee\n\nText\n", ("ann lee",)),  # the label's case; names as written
    # not a byline
    ("By the way, we launched.\n\nText\n", ()),  # a sentence, not names
    ("By Ann Lee.\n\nText\n", ()),
    ("By Ann Lee and bo chen\n\nText\n", ()),  # a plain "By" with a name in lower case: prose
    ("By Ann Lee and 4 more\n\nText\n", ()),
    ("By Ann Lee! And Bo\n\nText\n", ()),
    ("by Ann Lee\n\nText\n", ()),  # a plain "by" starts a byline capitalised
    ("**Note:** Ann Lee\n\nText\n", ()),  # another label
    ("**Authors are welcome:** Ann Lee\n\nText\n", ()),  # more than a label's extra words
    ("Text first.\n\n**Author:** Ann Lee\n", ()),  # only the first paragraph
    ("**Author:** Ann Lee\nand a second line of prose that goes on\n\nText\n", ()),  # a paragraph of prose
    ("**Author:** Ann Lee\n---\n", ()),  # a setext heading
    ("**Author:**\n\nText\n", ()),  # no names
    ("**Author:** " + "Ann Lee, " * 40 + "Bo Chen\n\nText\n", ()),  # longer than a byline
    ("**Authors:** " + ", ".join(f"[Ann Lee{n}](https://github.com/a-long-profile-name-{n})" for n in range(8)),
     tuple(f"Ann Lee{n}" for n in range(8))),  # long in links, short as shown
    ("**Authors:** " + ", ".join(f"[A{n}](https://a.example/{'x' * 400})" for n in range(8)), ()),  # too long written
    ("```\n**Author:** Ann Lee\n```\n", ()),  # in code
    ("    **Author:** Ann Lee\n\nText\n", ()),  # four spaces: code
    ("", ()),
])
def test_a_byline_in_the_first_paragraph(body, names):
    assert files.body_byline(body) == names


def test_a_byline_is_bounded_as_shown_and_as_written():
    shown = "**Author:** Ann " + "L" * 284  # 300 characters
    assert len(shown) == 300 and files.body_byline(shown) == ("Ann " + "L" * 284,)
    assert files.body_byline(shown + "L") == ()
    written = "**Author:** [Ann Lee](https://a.example/" + "x" * 2959 + ")"  # 3,000 characters, 19 shown
    assert len(written) == 3000 and files.body_byline(written) == ("Ann Lee",)
    assert files.body_byline(written[:-1] + "x)") == ()

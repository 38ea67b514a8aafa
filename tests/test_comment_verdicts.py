"""Reader comments as the page, the mail and ``newsletter check`` show them, with verdicts written by hand:
this markdown becomes that HTML and that text, this link is refused at that line. No site is built;
``make mutation`` mutates the code these tests pin (``feedback/markup.py``)."""

from __future__ import annotations

import pytest

from sphinx_newsletter.feedback.markup import (
    body_problems,
    entry_from_block,
    extract_replies,
    nodes_html,
    nodes_text,
    read_block,
    render_body,
)

RENDERED = [  # (comment, its HTML, its plain text)
    ("Hello *em* **strong** `code` <b>raw</b>\nsecond line  \nhard",
     "<p>Hello <em>em</em> <strong>strong</strong> <code>code</code> &lt;b&gt;raw&lt;/b&gt; second line\nhard</p>",
     "Hello em strong code <b>raw</b> second line hard"),
    ("# Heading\n\n- a\n- b\n\n1. one\n2. two\n\n> quote\n\n---\n\nend",
     "<p><strong>Heading</strong></p><ul><li><p>a</p></li><li><p>b</p></li></ul><ol><li><p>one</p></li><li><p>two</p>"
     "</li></ol><blockquote><p>quote</p></blockquote><p>end</p>",
     "Heading\n\n- a\n- b\n\n1. one\n2. two\n\n> quote\n\nend"),
    ("```python\nx < 1\n```\n\n    indented\n\n~~~\nplain\n~~~",
     "<pre><code>x &lt; 1\n</code></pre><pre><code>indented\n</code></pre><pre><code>plain\n</code></pre>",
     "    x < 1\n\n    indented\n\n    plain"),
    ("see https://example.org, www.example.org, example.com, setup.py, a@b.org and ftp://x.org",
     '<p>see <a href="https://example.org">https://example.org</a>, <a href="http://www.example.org">www.example.org</a>'
     ', example.com, setup.py, <a href="mailto:a@b.org">a@b.org</a> and ftp://x.org</p>',
     "see https://example.org, www.example.org <http://www.example.org>, example.com, setup.py, a@b.org and "
     "ftp://x.org"),
    ("[site](https://example.org/a?b=1&c=2) and [me](mailto:a@b.org) and <https://auto.example>",
     '<p><a href="https://example.org/a?b=1&amp;c=2">site</a> and <a href="mailto:a@b.org">me</a> and '
     '<a href="https://auto.example">https://auto.example</a></p>',
     "site <https://example.org/a?b=1&c=2> and me <mailto:a@b.org> and https://auto.example"),
    ("![a photo](https://i.example/p.png) ![](https://i.example/q.png)",
     '<p><a href="https://i.example/p.png">a photo</a> <a href="https://i.example/q.png">https://i.example/q.png</a>'
     "</p>",
     "a photo <https://i.example/p.png> https://i.example/q.png"),
    ("- item\n\n  > nested *quote*\n\n  ```\n  code\n  ```\n- two",
     "<ul><li><p>item</p><blockquote><p>nested <em>quote</em></p></blockquote><pre><code>code\n</code></pre></li><li>"
     "<p>two</p></li></ul>",
     "- item\n\n  > nested quote\n\n      code\n- two"),
]


@pytest.mark.parametrize(("comment", "shown", "text"), RENDERED)
def test_a_comment_as_the_page_and_the_mail_show_it(comment, shown, text):
    rendered = render_body(comment, 1)
    assert rendered.problems == []
    assert nodes_html(rendered.nodes) == shown
    assert nodes_text(rendered.nodes) == text


def told(found) -> list[tuple]:
    return [(problem.line, problem.subtype.value, problem.message) for problem in found]


def test_a_link_to_another_scheme_keeps_only_its_text():
    rendered = render_body("first\n\n[t](javascript:x) ![x](data:image/png,AAAA) [r](page.html) [s](//host/x)", 3)
    assert nodes_html(rendered.nodes) == "<p>first</p><p>t x r s</p>"
    assert told(rendered.problems) == [
        (5, "unsafe", f"link to '{href}' is not an http, https or mailto address; only its text is shown")
        for href in ("javascript:x", "data:image/png,AAAA", "page.html", "//host/x")]


def test_a_directive_fence_is_shown_as_code_and_named():
    rendered = render_body("one\n\n```{note} title\nx\n```\n\n:::{warning}\ny\n:::\n\n```{toctree\nz\n```", 10)
    assert nodes_html(rendered.nodes) == "<p>one</p><pre><code>x\n</code></pre><pre><code>y\n</code></pre><pre><code>z\n" \
                                         "</code></pre>"
    assert told(rendered.problems) == [
        (12, "unsafe", "directives are not available in reader feedback; '{note}' is shown as text"),
        (16, "unsafe", "directives are not available in reader feedback; '{warning}' is shown as text"),
        (20, "unsafe", "directives are not available in reader feedback; '{toctree}' is shown as text")]


@pytest.mark.parametrize(("info", "language"), [
    ("python", "python"), ("c++ extra words", "c++"), ("c#", "c#"), ("objective-c", "objective-c"), ("", None),
    ("$(evil)", None), ("x" * 40, "x" * 40), ("x" * 41, None), ("a.b_c", "a.b_c")])
def test_the_language_of_a_code_block(info, language):
    [block] = render_body(f"```{info}\ncode\n```", 1).nodes
    assert block.get("language") == language


def test_an_image_and_a_bare_link_carry_the_extension_s_classes():
    [paragraph] = render_body("![alt](https://i.example/p.png) https://example.org", 1).nodes
    image, link = [child for child in paragraph.children if child.tagname == "reference"]
    assert image["classes"] == ["nl-feedback-link", "nl-feedback-image-link"]
    assert link["classes"] == ["nl-feedback-link"] and link["refuri"] == "https://example.org"


def test_a_body_that_cannot_hold_a_problem_is_not_walked():
    assert body_problems("plain words, *emphasis* and `code`", 1) == []
    assert told(body_problems("[x](javascript:y)", 4)) == [
        (4, "unsafe", "link to 'javascript:y' is not an http, https or mailto address; only its text is shown")]
    assert told(body_problems("<javascript:y>", 4)) == [
        (4, "unsafe", "link to 'javascript:y' is not an http, https or mailto address; only its text is shown")]
    assert told(body_problems("```{x}\n```", 2))[0][:2] == (2, "unsafe")


def test_long_text_is_few_nodes():
    [paragraph] = render_body("line\n" * 500, 1).nodes
    assert len(paragraph.children) == 1 and paragraph.astext() == " ".join(["line"] * 500)


def test_a_text_part_keeps_nested_lists_apart():
    rendered = render_body("1. one\n   - a\n   - b\n2. two", 1)
    assert nodes_text(rendered.nodes) == "1. one\n\n   - a\n   - b\n2. two"
    assert nodes_text(render_body("> - a\n> - b", 1).nodes) == "> - a\n> - b"


# -- {feedback} blocks: options read as MyST reads them, replies found, lines kept --------------------------

def test_a_block_with_option_lines():
    block = read_block(":author: Jane\n:date: 2011-10-09\n\nBody\n", 10)
    assert (block.options, block.option_lines, block.body, block.body_line, block.problems) == (
        {"author": "Jane", "date": "2011-10-09"}, {"author": 11, "date": 12}, "\nBody\n", 13, [])


def test_a_quoted_option_read_by_myst_s_own_parser():
    block = read_block(":author: '\"Jim\" Smith'\n:date: 2011-10-09\nBody\n", 10)
    assert (block.options, block.option_lines, block.body, block.body_line) == (
        {"author": '"Jim" Smith', "date": "2011-10-09"}, {"author": 11, "date": 12}, "Body\n", 13)
    empty = read_block(":author:\n:likes: 3\n", 1)
    assert (empty.options, empty.option_lines) == ({"author": "", "likes": "3"}, {"author": 2, "likes": 3})


def test_options_that_cannot_be_read_count_for_nothing():
    block = read_block(':author: "Jim\nBody\n', 10)
    assert (block.options, block.body, block.body_line) == ({}, "Body\n", 12)
    assert told(block.problems) == [(11, "bad_value", "feedback options cannot be read (found unexpected end of "
                                                      "stream); put a value that starts with a quote in single quotes, "
                                                      "e.g. :author: '\"Jim\" Smith'")]
    entry = entry_from_block(read_block(':author: "Jim\n:date: x\n', 10))
    assert told(entry.problems) == [
        (12, "bad_value", "feedback options cannot be read (found unexpected end of stream); put a value that starts "
                          "with a quote in single quotes, e.g. :author: '\"Jim\" Smith'"),
        (10, "missing_field", "feedback has no text: write the comment below its options")]


@pytest.mark.parametrize(("text", "options", "lines", "body", "body_line"), [
    ("---\nauthor: Jane\ndate: 2011-10-09\n---\nBody\n", {"author": "Jane", "date": "2011-10-09"},
     {"author": 12, "date": 13}, "Body\n", 15),
    ("---\nauthor: Jane\n--- Body on the line\nmore\n", {"author": "Jane"}, {"author": 12}, "Body on the line\nmore\n",
     13),
    ("---\nauthor: Jane\n-----\nBody\n", {"author": "Jane"}, {"author": 12}, "Body\n", 14),
    ("---\nauthor: Jane\n", {"author": "Jane"}, {"author": 12}, "", 14),
    ("---\n  author: Jane\n  likes: 2\n---\n", {"author": "Jane", "likes": "2"}, {"author": 12, "likes": 13}, "", 15),
])
def test_a_block_with_a_yaml_header(text, options, lines, body, body_line):
    block = read_block(text, 10)
    assert (block.options, block.option_lines, block.body, block.body_line, block.problems) == (
        options, lines, body, body_line, [])


def test_replies_taken_out_with_their_lines_kept():
    body, [reply] = extract_replies("Top.\n\n```{feedback}\n:author: Li\n:date: 2011-10-10\n\nReply.\n```\nafter", 20)
    assert body == "Top.\n\n\n\n\n\n\n\nafter"
    assert (reply.line, reply.options, reply.option_lines, reply.body, reply.body_line) == (
        22, {"author": "Li", "date": "2011-10-10"}, {"author": 23, "date": 24}, "\nReply.\n", 25)
    assert extract_replies("no replies", 1) == ("no replies", [])
    quoted = "> ```{feedback}\n> :author: X\n> ```\n\n```{note}\n{feedback}\n```"
    assert extract_replies(quoted, 1) == (quoted, [])  # only a fence of the body's own level is a reply


def test_an_entry_with_its_replies():
    entry = entry_from_block(read_block(":author: Jane\n:date: 2011-10-09\n\nBody\n\n```{feedback}\n:author: Li\n"
                                        ":date: 2011-10-10\n\nReply.\n```\n", 10))
    assert (entry.author, entry.body, entry.body_line, entry.line, entry.problems) == ("Jane", "\nBody", 13, 10, [])
    [reply] = entry.replies
    assert (reply.author, reply.line, reply.body, reply.body_line) == ("Li", 16, "\nReply.", 19)


@pytest.mark.parametrize(("comment", "shown"), [
    ("*`code` first*", "<p><em><code>code</code> first</em></p>"),
    ("**`code` first**", "<p><strong><code>code</code> first</strong></p>"),
    ("[**bold** link](https://example.org)", '<p><a href="https://example.org"><strong>bold</strong> link</a></p>'),
    ("[`code` link](https://example.org)", '<p><a href="https://example.org"><code>code</code> link</a></p>'),
    ("# `code` heading", "<p><strong><code>code</code> heading</strong></p>"),
    ("5 \\* 3 &amp; 2 &copy;", "<p>5 * 3 &amp; 2 ©</p>"),
])
def test_inline_markup_that_starts_with_markup(comment, shown):
    assert nodes_html(render_body(comment, 1).nodes) == shown


def test_spaces_kept_and_a_code_block_of_several_lines_in_the_text_part():
    rendered = render_body("two  spaces\n\n```\nline one\nline two\n```", 1)
    assert nodes_text(rendered.nodes) == "two  spaces\n\n    line one\n    line two"


def test_a_code_block_is_left_for_sphinx_to_highlight():
    [block] = render_body("```python\nx = 1\n```", 1).nodes
    assert block.rawsource == block.astext() == "x = 1\n"  # Sphinx highlights a block whose text is its source


def test_a_comment_link_is_marked_as_the_extension_s_own():
    [paragraph] = render_body("https://example.org", 1).nodes
    assert paragraph.children[0].get("newsletter_own") is True  # the page guard keeps its nl- classes


def test_a_directive_name_ends_at_its_first_brace():
    [problem] = render_body("```{note} x}\ny\n```", 1).problems
    assert problem.message == "directives are not available in reader feedback; '{note}' is shown as text"


def test_a_reply_in_a_colon_fence_and_a_block_told_in_its_spelling():
    body, [reply] = extract_replies("Top.\n\n:::{feedback}\n:author: Li\n\nReply.\n:::\n", 1)
    assert reply.options == {"author": "Li"} and body == "Top.\n\n\n\n\n\n\n"
    entry = entry_from_block(read_block(":date: 2011-10-09\n\nBody\n", 4))
    assert [problem.message for problem in entry.problems] == ["feedback has no author: add ':author: Jane Doe'"]


def test_unreadable_options_leave_the_entry_out():
    [problem] = read_block(':author: "Jim\nBody\n', 10).problems
    assert problem.consequence == "this feedback is left out until it is fixed"


@pytest.mark.parametrize(("text", "options", "body"), [
    ("Body only\n", {}, "Body only\n"), (":author: A", {"author": "A"}, ""),
    ('  :author: "Jim"\n  :likes: 2\nBody\n', {"author": "Jim", "likes": "2"}, "Body\n"),
    ("---\nauthor: Jane\n---Xavier says hi\n", {"author": "Jane"}, "Xavier says hi\n"),
])
def test_where_the_options_end_and_the_body_begins(text, options, body):
    block = read_block(text, 10)
    assert (block.line, block.options, block.body) == (10, options, body)

"""Reader feedback as data, with verdicts written by hand: this entry is read so, that one is left out with
this message at this line. Nothing here builds a site or reads the limits under test; ``make mutation``
mutates the code these tests pin (``feedback/model.py``)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from sphinx_newsletter.core.paths import UnsafeFile
from sphinx_newsletter.feedback import model
from sphinx_newsletter.feedback.model import FeedbackEntry, read_feedback_file

LEFT_OUT = "this feedback is left out until it is fixed"
UNREAD = "no feedback from this file is shown"


def problems(found) -> list[tuple]:
    return [(problem.line, problem.subtype.value, problem.message, problem.consequence) for problem in found]


GOOD = """\
- author: Jane Doe
  date: 2011-10-09
  likes: 3
  url: https://example.org/jane
  body: |
    Thanks.

    Second paragraph.
  replies:
    - author: Li
      date: 2011-10-10
      body: Agreed.
"""


def test_a_feedback_file_read_whole():
    read = read_feedback_file(GOOD)
    assert read.problems == []
    [jane] = read.entries
    assert (jane.line, jane.author, jane.date, jane.likes, jane.url) == (
        1, "Jane Doe", dt.date(2011, 10, 9), 3, "https://example.org/jane")
    assert (jane.body, jane.body_line, jane.date_line, jane.status, jane.problems) == (
        "Thanks.\n\nSecond paragraph.", 6, 2, "shown", [])
    [li] = jane.replies
    assert (li.line, li.author, li.date, li.body, li.body_line, li.likes) == (
        10, "Li", dt.date(2011, 10, 10), "Agreed.", 12, 0)
    assert jane.count() == 2 and not jane.blocked


BAD = """\
- auther: X
  date: 2011-13-01
  likes: -1
  url: javascript:x
  body: ""
  status: gone
  id: Bad_Id
  source: ftp://x
  reply_to: "a\\u202eb"
- 'just text'
- author: Z
  date: 2011-10-11
  body: ok
  replies: nope
  status: hidden
  reason: "spam\\u202e"
  id: my-id
  reply_to: comment-1
  source: " https://github.com/o/r/issues/1 "
"""


def test_each_mistake_named_at_its_line_with_what_happens():
    read = read_feedback_file(BAD)
    first, third = read.entries
    assert problems(first.problems) == [
        (1, "unknown_key", "unknown feedback field 'auther' is ignored; did you mean 'author'?", None),
        (1, "missing_field", "feedback has no author: add 'author: Jane Doe'", LEFT_OUT),
        (2, "bad_value", "feedback date '2011-13-01' is not a valid date: write 'date: 2011-10-09'", LEFT_OUT),
        (3, "bad_value", "likes must be a whole number, 0 or more, not -1; counted as 0", None),
        (7, "bad_value", "id 'Bad_Id' must be lowercase letters, digits and '-' (at most 80); a made-up id is used "
                         "instead", None),
        (6, "bad_value", "status 'gone' is not one of shown, hidden, removed: write 'status: hidden'", LEFT_OUT),
        (9, "bad_value", "'reply_to': invisible control characters removed (U+202E RIGHT-TO-LEFT OVERRIDE)", None),
        (8, "bad_value", "source 'ftp://x' is not an http or https address; it is ignored", None),
        (4, "unsafe", "feedback url 'javascript:x' is not an http or https address and is left out", None),
        (5, "missing_field", "feedback has no text: write the comment below its options", LEFT_OUT),
    ]
    assert first.blocked and (first.author, first.date, first.likes, first.url, first.id, first.source) == (
        None, None, 0, None, None, None)
    assert (first.status, first.reply_to, first.reply_to_line, first.source_line, first.id_line) == ("shown", "ab", 9, 8, 7)
    assert problems(read.problems) == [
        (10, "feedback_file", "each feedback entry must be 'key: value' lines starting with '- author:'", LEFT_OUT)]
    assert problems(third.problems) == [(14, "bad_value", "replies must be a list of entries; they are left out", None)]
    assert (third.status, third.reason, third.id, third.reply_to, third.source, third.replies) == (
        "hidden", "spam", "my-id", "comment-1", "https://github.com/o/r/issues/1", [])
    assert not third.blocked and third.count() == 0


def test_a_file_that_is_not_a_list_or_not_yaml():
    assert problems(read_feedback_file("author: x\n").problems) == [
        (1, "feedback_file", "a feedback file is a list of entries, each starting with '- author:'", UNREAD)]
    broken = read_feedback_file("- author: a\n- author: [x\n")
    assert broken.entries == [] and problems(broken.problems) == [
        (2, "feedback_file", "YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; the "
                             "list opened with [ in '- author: [x' needs a closing ]", UNREAD)]
    assert broken.problems[0].column == 10
    assert read_feedback_file("") == model.FeedbackFile() and read_feedback_file("# only a comment\n").problems == []


def test_a_value_too_long_to_read_is_named_and_the_rest_kept():
    read = read_feedback_file("- author: a\n  date: 2011-10-09\n  body: >\n    folded\n  likes: 1" + "0" * 5000 + "\n")
    [entry] = read.entries
    assert (entry.body, entry.body_line, entry.likes) == ("folded", 4, 0)
    assert problems(read.problems) == [(5, "limit", "'likes' cannot be read: quote it, or shorten it; it is ignored",
                                        None)]


def test_a_feedback_file_over_the_limits_is_not_read():
    deep = "- author: a\n  body: " + "[" * 70 + "]" * 70 + "\n"
    read = read_feedback_file(deep)
    assert read.entries == [] and [problem.subtype.value for problem in read.problems] == ["limit"]
    assert read.problems[0].consequence == UNREAD


def entry_of(**values) -> FeedbackEntry:
    lines = {key: number for number, key in enumerate(values, start=2)}
    return model.validate_entry(values, lines, 1, model.OPTION_KEYS, ":{key}: {value}")


def test_a_directive_entry_is_told_in_its_own_spelling():
    entry = entry_of(date="")
    assert problems(entry.problems) == [
        (1, "missing_field", "feedback has no author: add :author: Jane Doe", LEFT_OUT),
        (2, "missing_field", "feedback has no date: add :date: 2011-10-09", LEFT_OUT)]
    assert problems(entry_of(colour="red", author="A", date="2011-10-09").problems) == [
        (2, "unknown_key", "unknown feedback field 'colour' is ignored; known: author, date, likes, url, id, status, "
                           "reason, reply_to, source", None)]


@pytest.mark.parametrize(("author", "shown"), [
    ("Jane", "Jane"), (42, "42"), (1.5, "1.5"), ("  Jane\u202e Doe\n", "Jane Doe"), (["x"], None), (None, None),
    ("", ""), (True, "True")])
def test_the_name_shown(author, shown):
    entry = entry_of(author=author, date="2011-10-09")
    assert entry.author == shown and entry.blocked is (not shown)


def test_a_name_is_bounded():
    assert entry_of(author="x" * 101, date="2011-10-09").author == "x" * 99 + "…"
    assert model.clean_name("a\u200fb\tc") == "ab c"


@pytest.mark.parametrize(("likes", "counted", "told"), [
    (0, 0, False), (7, 7, False), ("7", 7, False), (-1, 0, True), ("many", 0, True), (1.5, 0, True), (True, 0, True)])
def test_likes(likes, counted, told):
    entry = entry_of(author="A", date="2011-10-09", likes=likes)
    assert entry.likes == counted and bool(entry.problems) is told


@pytest.mark.parametrize(("chosen", "kept"), [
    ("a", "a"), ("a-1", "a-1"), ("x" * 80, "x" * 80), ("x" * 81, None), ("-a", None), ("a-", None), ("A", None),
    ("a_b", None), (7, None), ("", None)])
def test_a_chosen_id(chosen, kept):
    entry = entry_of(author="A", date="2011-10-09", id=chosen)
    assert entry.id == kept and bool(entry.problems) is (kept is None and chosen != "")


@pytest.mark.parametrize(("url", "kept"), [
    ("https://example.org", "https://example.org"), (" http://example.org/x ", "http://example.org/x"),
    ("mailto:a@example.org", None), ("//example.org", None), ("page.html", None), (7, None)])
def test_a_reader_web_page(url, kept):
    assert entry_of(author="A", date="2011-10-09", url=url).url == kept


def test_a_date_object_and_a_status_removed():
    entry = entry_of(author="A", date=dt.date(2011, 10, 9), status="removed", reason="  off topic ")
    assert (entry.date, entry.status, entry.reason, entry.problems) == (dt.date(2011, 10, 9), "removed", "off topic", [])
    assert entry.count() == 0
    entry.replies = [entry_of(author="B", date="2011-10-10"), entry_of(author="C", date="2011-10-10", status="hidden")]
    assert entry.count() == 1


def test_feedback_cannot_come_before_what_it_answers():
    parent = entry_of(author="A", date="2011-10-09")
    early = entry_of(author="B", date="2011-10-08")
    same = entry_of(author="C", date="2011-10-09")
    undated = entry_of(author="D")
    grandchild = entry_of(author="E", date="2011-10-08")
    undated.replies = [grandchild]
    parent.replies = [early, same, undated]
    model.check_not_older([parent], dt.date(2011, 10, 9))
    assert parent.problems == [] and same.problems == []
    assert problems(early.problems) == [(3, "bad_value", "feedback dated 2011-10-08 is older than what it answers "
                                                         "(2011-10-09); check the date", None)]
    assert problems(grandchild.problems) == [(3, "bad_value", "feedback dated 2011-10-08 is older than what it answers "
                                                              "(2011-10-09); check the date", None)]
    lone = entry_of(author="A", date="2011-10-01")
    model.check_not_older([lone], None)
    assert lone.problems == []


def test_a_body_keeps_its_leading_lines_and_an_empty_one_is_refused():
    entry = FeedbackEntry()
    model.require_body(entry, "\n\nText  \n\n", 4)
    assert entry.body == "\n\nText" and entry.problems == []
    model.require_body(entry, " \n\t\n", 4)
    assert entry.body == "" and problems(entry.problems) == [
        (4, "missing_field", "feedback has no text: write the comment below its options", LEFT_OUT)]


def chain(depth: int) -> FeedbackEntry:
    top = entry = FeedbackEntry(line=1)
    for number in range(2, depth + 1):
        reply = FeedbackEntry(line=number)
        entry.replies = [reply]
        entry = reply
    return top


def depth_of(entry: FeedbackEntry) -> int:
    return 1 + max((depth_of(reply) for reply in entry.replies), default=0)


def test_replies_nested_eight_deep_are_kept_as_written():
    top = chain(8)
    assert model.bound_entries([top]) == [] and depth_of(top) == 8


def test_replies_nested_deeper_are_shown_flat_at_the_eighth_level():
    top = chain(10)
    found = model.bound_entries([top])
    assert problems(found) == [(8, "limit", "replies nested more than 8 deep are shown at the 8th level", None)]
    assert depth_of(top) == 8
    seventh = top
    for _ in range(6):
        seventh = seventh.replies[0]
    assert [reply.line for reply in seventh.replies] == [8, 9, 10]
    assert [reply.in_reply_to.line if reply.in_reply_to else None for reply in seventh.replies] == [None, 8, 9]


def test_flat_replies_keep_the_order_written():
    top = chain(7)
    seventh = top
    for _ in range(6):
        seventh = seventh.replies[0]
    first, second = FeedbackEntry(line=20), FeedbackEntry(line=30)
    first.replies = [FeedbackEntry(line=21), FeedbackEntry(line=22)]
    first.replies[0].replies = [FeedbackEntry(line=23)]
    seventh.replies = [first, second]
    model.bound_entries([top])
    assert [reply.line for reply in seventh.replies] == [20, 21, 23, 22, 30]


def test_five_thousand_entries_kept_and_one_more_left_out():
    entries = [FeedbackEntry(line=number) for number in range(1, 5001)]
    assert model.bound_entries(entries) == [] and len(entries) == 5000
    top = FeedbackEntry(line=1, replies=[FeedbackEntry(line=2 + number) for number in range(4999)])
    extra = [top, FeedbackEntry(line=9000), FeedbackEntry(line=9001)]
    assert problems(model.bound_entries(extra)) == [
        (9000, "limit", "more than 5,000 feedback entries: the rest are left out; move older feedback to an archive",
         None)]
    assert [entry.line for entry in extra] == [1] and len(top.replies) == 4999


def test_the_feedback_folder_read_in_order(tmp_path):
    for name in ["essex/b.yaml", "essex/a.yaml", "diablo/x.yml", ".hidden.yaml", "essex/.x.yaml", "notes.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("[]\n")
    assert [(path.relative_to(tmp_path).as_posix(), answers) for path, answers in
            model.feedback_files(tmp_path, "/reports/")] == [
        ("diablo/x.yml", None), ("essex/a.yaml", "reports/essex/a"), ("essex/b.yaml", "reports/essex/b"),
        ("notes.txt", None)]
    strays = model.stray_feedback_files(tmp_path, "reports", lambda docname: docname == "reports/essex/a")
    assert [(path.name, problem.line, problem.subtype.value, problem.message) for path, problem in strays] == [
        ("x.yml", 1, "feedback_file", "feedback files end in '.yaml'; rename it to 'x.yaml'"),
        ("b.yaml", 1, "feedback_file", "no report at reports/essex/b.md for this feedback; name the file after the "
                                       "report it answers"),
        ("notes.txt", 1, "feedback_file", "feedback files end in '.yaml'; rename it to 'notes.yaml'")]


def test_a_feedback_file_read_only_when_it_is_a_regular_file(tmp_path):
    (tmp_path / "a.yaml").write_text("- author: A\n")
    assert model.feedback_file_source(tmp_path / "a.yaml", tmp_path, "feedback/a.yaml") == (
        "feedback/a.yaml", b"- author: A\n")
    assert model.feedback_file_source(tmp_path / "none.yaml", tmp_path, "x") is None
    os.symlink("none.yaml", tmp_path / "dangling.yaml")
    shown, refusal = model.feedback_file_source(tmp_path / "dangling.yaml", tmp_path, "feedback/dangling.yaml")
    assert shown == "feedback/dangling.yaml" and isinstance(refusal, UnsafeFile)
    (tmp_path / "big.yaml").write_bytes(b"#" * (4 * 1024 * 1024 + 1))
    assert isinstance(model.feedback_file_source(tmp_path / "big.yaml", tmp_path, "b")[1], UnsafeFile)
    (tmp_path / "limit.yaml").write_bytes(b"#" * (4 * 1024 * 1024))
    assert model.feedback_file_source(tmp_path / "limit.yaml", tmp_path, "b")[1] == b"#" * (4 * 1024 * 1024)


@pytest.mark.parametrize(("url", "schemes", "safe"), [
    ("https://x", {"https"}, True), ("HTTPS://x", {"https"}, True), ("http://x", {"https"}, False),
    ("//x", {"https"}, False), ("page", {"https"}, False), ("java\tscript:x", {"javascript"}, True)])
def test_a_url_of_the_given_schemes(url, schemes, safe):
    assert model.safe_url(url, schemes) is safe


def test_every_problem_of_a_file_is_kept_with_those_of_replies():
    read = read_feedback_file("- 'just text'\n- author: A\n  date: 2011-10-09\n  body: x\n  replies:\n    - 'a reply as text'\n")
    assert [(problem.line, problem.subtype.value) for problem in read.problems] == [
        (1, "feedback_file"), (6, "feedback_file")]


def test_a_nested_value_is_read_whole():
    [entry] = read_feedback_file("- author: A\n  date: 2011-10-09\n  body: x\n  reason: [a, {b: [c]}]\n").entries
    assert entry.reason == "['a', {'b': ['c']}]"


def test_a_feedback_file_nested_too_deep_is_named_where():
    read = read_feedback_file("- author: a\n  body: " + "[" * 70 + "]" * 70 + "\n")
    assert [(problem.line, problem.message, problem.column) for problem in read.problems] == [
        (2, "nested more than 64 levels deep: flatten it", 70)]


def test_a_syntax_error_without_advice_says_only_what_is_wrong():
    read = read_feedback_file("- author: a\n  - b\n")
    assert [(problem.line, problem.message, problem.column) for problem in read.problems] == [
        (2, "YAML syntax error: while parsing a block mapping did not find expected key", 2)]


def test_empty_optional_fields_are_no_value():
    entry = entry_of(author="A", date="2011-10-09", status="", reason="", reply_to="", source="", url="", id="")
    assert entry.problems == []
    assert (entry.status, entry.reason, entry.reply_to, entry.source, entry.url, entry.id) == (
        "shown", None, None, None, None, None)


def test_a_reason_and_a_reply_to_are_bounded():
    entry = entry_of(author="A", date="2011-10-09", reason="r" * 201, reply_to="c\u202e" + "x" * 200)
    assert entry.reason == "r" * 199 + "…" and entry.reply_to == "c" + "x" * 198 + "…"
    assert problems(entry.problems) == [(5, "bad_value", "'reply_to': invisible control characters removed (U+202E "
                                                         "RIGHT-TO-LEFT OVERRIDE); shortened to 200 characters", None)]
    exact = entry_of(author="A", date="2011-10-09", reason="r" * 200)
    assert exact.reason == "r" * 200


def test_a_source_that_is_not_text_is_ignored_with_a_word():
    entry = entry_of(author="A", date="2011-10-09", source=5)
    assert entry.source is None and problems(entry.problems) == [
        (4, "bad_value", "source 5 is not an http or https address; it is ignored", None)]


def test_an_author_that_is_no_name_is_told_at_its_line():
    entry = entry_of(date="2011-10-09", author=["x"])
    assert problems(entry.problems) == [(3, "missing_field", "feedback has no author: add :author: Jane Doe", LEFT_OUT)]


def test_the_feedback_folder_of_a_reports_folder_named_otherwise(tmp_path):
    (tmp_path / "essex").mkdir()
    (tmp_path / "essex" / "a.yaml").write_text("[]\n")
    assert [answers for _, answers in model.feedback_files(tmp_path, "/Xtrips/")] == ["Xtrips/essex/a"]

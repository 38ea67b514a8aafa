"""The feedback gate with verdicts written by hand: this issue becomes that entry, this one is refused with
that sentence. No site is built; ``make mutation`` mutates the code these tests pin
(``feedback/submission.py``)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from sphinx_newsletter.core.frontmatter import FrontMatterLoader, PlainDumper
from sphinx_newsletter.feedback.submission import (
    DEFAULT_FORM,
    FormField,
    IssueHistory,
    Refused,
    Submission,
    entry_lines,
    form_fields,
    from_issue,
    issue_source,
    read_form,
    read_history,
)

CONSENT = "My name and comment may be published with the report, under the site's license."
BODY = f"""### Report

reports/essex/a

### In reply to

_No response_

### Your name

Jane Doe

### Your web page

https://jane.example

### Your comment

Great talk.

### Not a heading: in the comment? no, a third-level heading is refused

### Publication

- [X] {CONSENT}
"""
GOOD_BODY = BODY.replace("### Not a heading: in the comment? no, a third-level heading is refused\n\n", "")


def issue(body: str = GOOD_BODY, **values) -> dict:
    return {"body": body, "created_at": "2011-10-09T10:00:00Z", "html_url": "https://github.com/o/r/issues/4",
            "labels": [{"name": "feedback: approved"}], **values}


def test_an_approved_issue_becomes_a_submission():
    assert from_issue(issue(), DEFAULT_FORM) == Submission(
        "reports/essex/a", "Jane Doe", dt.date(2011, 10, 9), "Great talk.", "https://jane.example", None, 0,
        "https://github.com/o/r/issues/4")
    webhook = from_issue({"issue": issue(labels=["feedback: approved"]), "action": "labeled"}, DEFAULT_FORM,
                         repository="https://github.com/o/r/")
    assert webhook.author == "Jane Doe" and webhook.source == "https://github.com/o/r/issues/4"


def test_the_answers_found_by_the_form_s_headings_in_order():
    assert form_fields(GOOD_BODY.replace("\n", "\r\n"), DEFAULT_FORM) == {
        "report": "reports/essex/a", "author": "Jane Doe", "url": "https://jane.example", "body": "Great talk.",
        "consent": f"- [X] {CONSENT}"}
    multi = GOOD_BODY.replace("Great talk.", "First.\n\n#### A subheading\n\n###No space\n\nLast.")
    assert form_fields(multi, DEFAULT_FORM)["body"] == "First.\n\n#### A subheading\n\n###No space\n\nLast."


REFUSALS = [
    ("Hello\n\n" + GOOD_BODY, "line 1 of the issue comes before the form's first heading '### Report': open the issue "
                              "from the report's 'Leave feedback' link"),
    ("\n\n" + GOOD_BODY.replace("Great talk.", "Great.\n### Your name\nMallory"),
     "line 22 of the issue repeats the form's heading '### Your name' (or puts it out of order): a comment cannot hold "
     "the form's own headings; remove that line from the comment and ask an editor to approve it again"),
    (BODY, "line 21 of the issue has the heading '### Not a heading: in the comment? no, a third-level heading is "
           "refused', which is not one of the form's: a comment cannot hold lines that start with '### '; write that "
           "heading in bold (**like this**) and ask an editor to approve it again"),
    (GOOD_BODY.replace("[X]", "[ ]"), f"the box '{CONSENT}' is not checked: without it the comment cannot be "
                                      "published; check it in the issue and ask an editor to approve it again"),
    (GOOD_BODY.split("### Publication")[0], "the issue's form has no '### Publication': it is not a feedback "
                                            "submission, or the form was changed; open a new issue from the report's "
                                            "'Leave feedback' link"),
]


@pytest.mark.parametrize(("body", "message"), REFUSALS)
def test_a_body_the_form_does_not_account_for_is_refused(body, message):
    with pytest.raises(Refused) as refusal:
        form_fields(body, DEFAULT_FORM)
    assert str(refusal.value) == message


def test_a_long_foreign_heading_is_quoted_short():
    body = GOOD_BODY.replace("Great talk.", "### " + "x" * 100)
    with pytest.raises(Refused, match=r"the heading '### x{80}', which"):
        form_fields(body, DEFAULT_FORM)


def test_a_checked_box_in_lowercase_and_the_other_boxes():
    form = (FormField("consent", "Publication", "checkboxes", ("A", "B")),)
    assert form_fields("### Publication\n\n- [x] A\n- [x] B\n- [ ] C\n", form) == {
        "consent": "- [x] A\n- [x] B\n- [ ] C"}
    with pytest.raises(Refused, match="the box 'B' is not checked"):
        form_fields("### Publication\n\n- [x] A\n-  [x] B\n", form)


GATE = [
    ({"body": 4}, "not a GitHub issue: give the issue's JSON (gh api repos/OWNER/REPO/issues/N, or the REST API's "
                  "issue) or a webhook payload"),
    ({"labels": []}, "the issue has no 'feedback: approved' label: an editor approves a comment by applying it (or, on "
                     "the command line, with --approved)"),
    ({"labels": [{"name": "feedback"}, "approved"]}, "the issue has no 'feedback: approved' label"),
    ({"html_url": "https://github.com/other/r/issues/4"},
     "https://github.com/other/r/issues/4 is not an issue of https://github.com/o/r: feedback comes from the site's own "
     "repository"),
    ({"html_url": "https://github.com/o/r2/issues/4"}, "https://github.com/o/r2/issues/4 is not an issue of"),
    ({"created_at": None}, "the issue has no creation date (created_at)"),
    ({"created_at": "yesterday"}, "the issue has no creation date (created_at)"),
    ({"body": GOOD_BODY.replace("Jane Doe", "_No response_")},
     "the issue's form has no answer under '### Your name': write one and ask an editor to approve it again"),
    ({"body": GOOD_BODY.replace("Great talk.", "")}, "the issue's form has no answer under '### Your comment'"),
]


@pytest.mark.parametrize(("change", "message"), GATE)
def test_the_gate(change, message):
    with pytest.raises(Refused) as refusal:
        from_issue(issue(**change), DEFAULT_FORM, repository="https://github.com/o/r")
    assert str(refusal.value).startswith(message)


def test_not_an_issue_at_all():
    for payload in (None, [], {"issue": "x"}):
        with pytest.raises(Refused, match="not a GitHub issue"):
            from_issue(payload, DEFAULT_FORM)


def test_an_editor_approves_on_the_command_line_and_any_repository_without_a_setting():
    unlabelled = issue(labels=None, html_url="https://github.com/other/r/issues/9", created_at=None,
                       createdAt="2011-10-10T00:00:00Z")
    submission = from_issue(unlabelled, DEFAULT_FORM, approved=True)
    assert (submission.date, submission.source) == (dt.date(2011, 10, 10), "https://github.com/other/r/issues/9")


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


def test_an_issue_edited_after_its_approval_is_refused():
    edited = IssueHistory(moment("2020-01-02T03:04:05"), moment("2020-01-02T03:04:04"))
    with pytest.raises(Refused) as refusal:
        from_issue(issue(), DEFAULT_FORM, history=edited)
    assert str(refusal.value) == ("the issue was edited (2020-01-02T03:04:05Z) after it was approved "
                                  "(2020-01-02T03:04:04Z): an editor must read it again and apply the 'feedback: "
                                  "approved' label again")
    for history in (IssueHistory(moment("2020-01-02T03:04:05"), moment("2020-01-02T03:04:05")),
                    IssueHistory(None, moment("2020-01-01T00:00:00")), IssueHistory(moment("2020-01-01T00:00:00"))):
        assert from_issue(issue(), DEFAULT_FORM, history=history).author == "Jane Doe"


HISTORY = {"data": {"repository": {"issue": {
    "lastEditedAt": "2020-01-02T03:04:05Z", "author": {"login": "me"},
    "timelineItems": {"nodes": [
        {"label": {"name": "feedback: approved"}, "createdAt": "2020-01-01T00:00:00Z"},
        {"label": {"name": "feedback: approved"}, "createdAt": "2020-01-03T00:00:00"},
        {"label": {"name": "feedback: approved"}, "createdAt": "not a time"},
        {"label": {"name": "other"}, "createdAt": "2020-02-01T00:00:00Z"}, {"label": "x"}, "x"]},
    "reactions": {"nodes": [
        {"content": "THUMBS_UP", "user": {"login": "a"}}, {"content": "HEART", "user": {"login": "a"}},
        {"content": "THUMBS_DOWN", "user": {"login": "b"}}, {"content": "HEART", "user": {"login": "me"}},
        {"content": "HEART", "user": {"login": "c"}}, {"content": "HEART", "user": None},
        {"content": "HEART", "user": {"login": 5}}, "x"]}}}}}


def test_the_issue_history_read_from_graphql():
    assert read_history(HISTORY) == IssueHistory(moment("2020-01-02T03:04:05"), moment("2020-01-03T00:00:00"),
                                                 frozenset({"a", "c"}))
    assert read_history({"data": {"repository": {"issue": {}}}}) == IssueHistory(None, None, frozenset())
    for payload in ({}, {"data": {"repository": None}}, [], {"data": {"repository": {"issue": []}}}):
        with pytest.raises(Refused, match=r"^the issue's history is not GitHub's GraphQL answer \(data.repository.issue\)$"):
            read_history(payload)


def test_likes_count_each_person_once():
    liked = from_issue(issue(), DEFAULT_FORM, history=read_history(HISTORY))
    assert liked.likes == 2
    many = IssueHistory(likers=frozenset(str(number) for number in range(10_001)))
    assert from_issue(issue(), DEFAULT_FORM, history=many).likes == 10_000
    exact = IssueHistory(likers=frozenset(str(number) for number in range(10_000)))
    assert from_issue(issue(), DEFAULT_FORM, history=exact).likes == 10_000


@pytest.mark.parametrize(("reactions", "likes"), [
    ({"+1": 3, "heart": 5, "-1": 9, "laugh": 7}, 5), ({"+1": 4, "heart": 2}, 4), ({"+1": True}, 0),
    ({"+1": -3}, 0), ({"+1": "9"}, 0), ({"+1": 20_000}, 10_000), ({"+1": 10_000}, 10_000), ("many", 0), (None, 0)])
def test_likes_from_the_reaction_summary(reactions, likes):
    assert from_issue(issue(reactions=reactions), DEFAULT_FORM).likes == likes


@pytest.mark.parametrize(("values", "source"), [
    ({"html_url": "https://github.com/o/r/issues/4"}, "https://github.com/o/r/issues/4"),
    ({"url": "https://api.github.com/repos/o/r/issues/5"}, "https://github.com/o/r/issues/5"),
    ({"html_url": "https://github.com/o/r/pull/4", "url": "https://github.com/o/r/issues/6"},
     "https://github.com/o/r/issues/6"),
    ({"html_url": "https://github.com/o/r/issues/04"}, None), ({"html_url": "https://github.com/o/r/issues/4#x"}, None),
    ({"html_url": "http://github.com/o/r/issues/4"}, None), ({"html_url": 4}, None), ({}, None)])
def test_the_issue_address(values, source):
    assert issue_source(values) == source


def test_the_entry_written_in_the_feedback_file_s_own_style():
    submission = Submission("reports/essex/a", "Jane", dt.date(2011, 10, 9), "Line one\nline two\n",
                            "https://j.example", "comment-x", 3, "https://github.com/o/r/issues/4")
    text, fields = entry_lines(submission, "my-id")
    assert text == ("- author: Jane\n  date: 2011-10-09\n  id: my-id\n  reply_to: comment-x\n  likes: 3\n"
                    "  url: https://j.example\n  source: https://github.com/o/r/issues/4\n  body: |\n    Line one\n"
                    "    line two\n")
    assert fields == {1: "author", 2: "date", 3: "id", 4: "reply_to", 5: "likes", 6: "url", 7: "source", 8: "body",
                      9: "body", 10: "body", 11: "body"}
    text, fields = entry_lines(Submission("r", "Jo", dt.date(2011, 10, 9), "  one  "), None)
    assert text == "- author: Jo\n  date: 2011-10-09\n  body: |\n    one\n"
    assert fields == {1: "author", 2: "date", 3: "body", 4: "body", 5: "body"}


def write_form(tmp_path, text: str):
    path = tmp_path / "feedback.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_site_s_own_form_read_in_its_order(tmp_path):
    form = write_form(tmp_path, """\
body:
  - type: markdown
    attributes: {value: "Thanks"}
  - type: input
    id: author
    attributes: {label: " Name "}
  - type: textarea
    id: body
    attributes: {label: Comment}
  - type: checkboxes
    id: consent
    attributes:
      label: Consent
      options:
        - {label: "I agree", required: true}
        - {label: "Optional"}
        - {label: 5, required: true}
        - "odd"
  - "odd"
""")
    assert read_form(form) == (FormField("author", "Name", "input"), FormField("body", "Comment", "textarea"),
                               FormField("consent", "Consent", "checkboxes", ("I agree",)))


@pytest.mark.parametrize("text", [
    "body:\n  - type: input\n    attributes: {label: Name}\n",  # no id
    "body:\n  - type: input\n    id: x\n    attributes: {}\n",  # no label
    "body:\n  - type: input\n    id: x\n    attributes: 5\n",
    "body: []\n", "[1, 2]\n", "body: [\n", "",
])
def test_a_form_that_cannot_be_read_falls_back_to_the_shipped_one(tmp_path, text):
    assert read_form(write_form(tmp_path, text)) == DEFAULT_FORM


def test_no_form_or_an_undecodable_one_is_the_shipped_one(tmp_path):
    assert read_form(None) == DEFAULT_FORM and read_form(tmp_path / "missing.yml") == DEFAULT_FORM
    (tmp_path / "bad.yml").write_bytes(b"\xff\xfe body")
    assert read_form(tmp_path / "bad.yml") == DEFAULT_FORM
    assert read_form(tmp_path) == DEFAULT_FORM  # a folder


def test_an_answered_reply_and_a_single_like():
    body = GOOD_BODY.replace("### In reply to\n\n_No response_", "### In reply to\n\ncomment-2011-10-09-li")
    submission = from_issue(issue(body=body, reactions={"+1": 1}), DEFAULT_FORM)
    assert (submission.reply_to, submission.likes) == ("comment-2011-10-09-li", 1)


def test_line_ends_of_every_system_read_alike():
    crlf = GOOD_BODY.replace("\n", "\r\n")
    old_mac = GOOD_BODY.replace("\n", "\r")
    assert form_fields(crlf, DEFAULT_FORM) == form_fields(old_mac, DEFAULT_FORM) == form_fields(GOOD_BODY, DEFAULT_FORM)
    with pytest.raises(Refused, match=r"^line 22 of the issue repeats"):
        form_fields(("\n\n" + GOOD_BODY.replace("Great talk.", "Great.\n### Your name\nMallory")).replace("\n", "\r\n"),
                    DEFAULT_FORM)


def test_a_form_heading_after_the_last_field_is_refused():
    with pytest.raises(Refused, match=r"^line 25 of the issue repeats the form's heading '### Report'"):
        form_fields(GOOD_BODY + "\n### Report\n", DEFAULT_FORM)


def test_a_site_form_without_a_field_the_entry_needs():
    form = (FormField("author", "Name"), FormField("body", "Comment", "textarea"))
    with pytest.raises(Refused) as refusal:
        from_issue(issue(body="### Name\n\nJane\n\n### Comment\n\nHi.\n"), form)
    assert str(refusal.value) == ("the issue's form has no answer under '### report': write one and ask an editor to "
                                  "approve it again")


def test_a_time_with_an_offset_and_a_time_that_is_not_text():
    history = read_history({"data": {"repository": {"issue": {
        "lastEditedAt": 5, "timelineItems": {"nodes": [
            {"label": {"name": "feedback: approved"}, "createdAt": "2020-01-01T02:00:00+02:00"}]}}}}})
    assert history == IssueHistory(None, moment("2020-01-01T00:00:00"), frozenset())


def test_the_times_in_a_refusal_are_utc_wherever_the_editor_is(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        edited = IssueHistory(moment("2020-01-02T03:04:05"), moment("2020-01-02T03:04:04"))
        with pytest.raises(Refused, match=r"edited \(2020-01-02T03:04:05Z\) after it was approved "
                                          r"\(2020-01-02T03:04:04Z\)"):
            from_issue(issue(), DEFAULT_FORM, history=edited)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_name_in_any_script_is_written_as_it_is_and_on_one_line():
    name = "Zoë Ōkami " + "word " * 195  # 985 characters: the line stays within its 1,000
    text, _ = entry_lines(Submission("r", name.strip(), dt.date(2011, 10, 9), "Hi."), None)
    assert text.split("\n")[0] == f"- author: {name.strip()}"


def test_an_author_given_as_a_bare_name_in_the_history():
    history = read_history({"data": {"repository": {"issue": {"author": "me", "reactions": {"nodes": [
        {"content": "HEART", "user": {"login": "me"}}]}}}}})
    assert history.likers == frozenset({"me"})


@pytest.mark.parametrize(("repository", "shown"), [
    ("https://github.com/o/r/", "https://github.com/o/r"), ("https://github.com/o/rX", "https://github.com/o/rX")])
def test_the_site_repository_named_as_configured(repository, shown):
    other = issue(html_url="https://github.com/o/r2/issues/4") if repository.endswith("/") else issue()
    with pytest.raises(Refused) as refusal:
        from_issue(other, DEFAULT_FORM, repository=repository)
    assert str(refusal.value).startswith(f"{other['html_url']} is not an issue of {shown}: ")


@pytest.mark.parametrize(("body", "written"), [
    ("Wait\x85 what?", '  body: "Wait\\N what?\\n"\n'),  # NEL: U+2026 read as cp1252 and decoded as Latin-1
    ("one\ntwo\x85three", '  body: "one\\ntwo\\Nthree\\n"\n'),
    ("a\u2028b", '  body: "a\\Lb\\n"\n'), ("a\u2029b", '  body: "a\\Pb\\n"\n'),
    ("one\ntwo", "  body: |\n    one\n    two\n"), ("one", "  body: |\n    one\n")])
def test_a_body_reads_back_as_it_was_written(body, written):
    """YAML 1.1 reads NEL, U+2028 and U+2029 as line breaks: in a literal block or a plain scalar PyYAML writes
    them as they are, and the body read back had a line feed in their place. Such a body is double-quoted,
    where each is escaped; any other keeps its literal block."""
    text, _fields = entry_lines(Submission("r", "Jo", dt.date(2011, 10, 9), body), None)
    assert text == "- author: Jo\n  date: 2011-10-09\n" + written
    assert yaml.load(text, Loader=FrontMatterLoader) == [{"author": "Jo", "date": "2011-10-09", "body": body + "\n"}]


@pytest.mark.parametrize("value", ["a\x85b", "\x85", "a\u2028b", "x\u2029"])
def test_front_matter_the_import_writes_reads_back_as_it_was(value):
    written = yaml.dump({"summary": value, "tags": [value]}, Dumper=PlainDumper, sort_keys=False, allow_unicode=True)
    assert written.startswith('summary: "') and '\n- "' in written
    assert yaml.load(written, Loader=FrontMatterLoader) == {"summary": value, "tags": [value]}

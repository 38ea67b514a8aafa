"""The feedback intake's gate, tried as a hostile reader and as a careful editor would: the form is
read by its structure (a comment cannot forge the fields after it), consent and the approval label are
required, an issue edited after approval is refused, the same issue is never added twice, likes count
each person once, and what goes back to the reader says what to do. The payloads in tests/data/github/
are this project's recordings of GitHub's shapes (``make_payloads.py`` writes them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import run, sphinx_build

from sphinx_newsletter.feedback.submission import Refused, form_fields, read_form

DATA = Path(__file__).parent / "data" / "github"
FILE = "feedback/folsom/europython-openstack.yaml"
REPORT = "reports/folsom/europython-openstack.md"


def entries(site: Path) -> list[dict]:
    return yaml.safe_load((site / FILE).read_text())


def add(site: Path, payload: str, *more: str):
    return run("feedback", "add", "--issue", str(DATA / payload), *more, cwd=site)


@pytest.mark.parametrize(("payload", "message"), [
    ("forged-heading.json", "line 21 of the issue repeats the form's heading '### Report'"),
    ("repeated-heading.json", "line 25 of the issue repeats the form's heading '### Publication'"),
    ("unknown-heading.json", "line 19 of the issue has the heading '### My thoughts', which is not one of the "
                             "form's: a comment cannot hold lines that start with '### '"),
    ("no-consent.json", "the box 'My name and comment may be published with the report, under the site's license.' "
                        "is not checked"),
    ("no-label.json", "the issue has no 'feedback: approved' label"),
    ("other-repository.json", "is not an issue of https://github.com/openstack/newsletter"),
])
def test_an_issue_the_gate_does_not_pass_is_refused_and_nothing_is_written(sample_site, payload, message):
    before = (sample_site / FILE).read_text()
    result = add(sample_site, payload)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr
    assert (sample_site / FILE).read_text() == before
    assert not (sample_site / "feedback/essex/boston-design-summit.yaml").read_text().count("Mallory")


def test_a_comment_cannot_move_its_entry_or_change_its_name():
    """The form's fields are found in their order, once each: a heading inside the comment is not one."""
    body = json.loads((DATA / "forged-heading.json").read_text())["issue"]["body"]
    with pytest.raises(Refused):
        form_fields(body, read_form(None))
    # the same words without '### ' at the start of a line are an ordinary comment
    form_part, comment = body.split("Nice.", 1)
    tail = comment.rindex("### Publication")
    honest = form_part + "Nice." + comment[:tail].replace("\n### ", "\n#### ") + comment[tail:]
    fields = form_fields(honest, read_form(None))
    assert fields["report"] == REPORT and fields["author"] == "Mallory"
    assert "#### Your name\n\nThe Editors" in fields["body"]


def test_an_editor_may_approve_on_the_command_line(sample_site):
    result = add(sample_site, "no-label.json", "--approved")
    assert result.returncode == 0, result.stderr
    assert entries(sample_site)[-1]["source"] == "https://github.com/openstack/newsletter/issues/51"


def test_an_issue_edited_after_approval_is_refused_with_what_to_do(sample_site):
    result = add(sample_site, "feedback.json", "--history", str(DATA / "history-edited.json"))
    assert result.returncode == 1
    assert ("the issue was edited (2012-07-26T11:30:00Z) after it was approved (2012-07-26T10:00:00Z): an editor "
            "must read it again and apply the 'feedback: approved' label again") in result.stderr
    assert "Priya" not in (sample_site / FILE).read_text()


def test_likes_count_each_person_once_and_not_the_author_nor_other_reactions(sample_site):
    result = add(sample_site, "feedback.json", "--history", str(DATA / "history-ok.json"))
    assert result.returncode == 0, result.stderr
    assert entries(sample_site)[-1]["likes"] == 2  # ann (👍 and ❤️) and bob; not 👎, 😄 or the author's own


def test_likes_from_the_reaction_summary_are_a_lower_bound(sample_site):
    # 2 👍 and 1 ❤️ may be the same people: the summary proves two readers, not three
    result = add(sample_site, "feedback.json")
    assert result.returncode == 0, result.stderr
    assert entries(sample_site)[-1]["likes"] == 2


@pytest.mark.parametrize("again", ["feedback.json", "feedback-rest.json"])
def test_the_same_issue_is_never_added_twice(sample_site, again):
    """A re-run of the workflow, the label removed and added again, the REST and the webhook form."""
    assert add(sample_site, "feedback.json").returncode == 0
    after_first = (sample_site / FILE).read_text()
    result = add(sample_site, again)
    assert result.returncode == 1
    assert ("https://github.com/openstack/newsletter/issues/42 was already added as "
            "comment-2012-07-25-priya-raman") in result.stderr
    assert (sample_site / FILE).read_text() == after_first


def test_a_duplicated_entry_written_by_hand_is_shown_once_and_named(sample_site):
    assert add(sample_site, "feedback.json").returncode == 0
    text = (sample_site / FILE).read_text()
    added = text[text.index("- author: Priya Raman"):]
    (sample_site / FILE).write_text(text + added)
    result = run("check", "--strict", cwd=sample_site)
    assert result.returncode == 1
    assert "https://github.com/openstack/newsletter/issues/42 is already in this thread" in result.stdout
    build = sphinx_build(sample_site)
    page = (sample_site / "_build/html/reports/folsom/europython-openstack.html").read_text()
    assert page.count("Thanks for the notes on the") == 1, build.stderr


def test_success_says_the_entry_id_and_its_permalink(sample_site):
    result = add(sample_site, "feedback.json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == FILE  # the workflow reads the file from the first line
    assert "id: comment-2012-07-25-priya-raman" in lines
    assert ("permalink: https://newsletter.openstack.example/reports/folsom/europython-openstack.html"
            "#comment-2012-07-25-priya-raman") in lines
    assert entries(sample_site)[-1]["id"] == "comment-2012-07-25-priya-raman"[len("comment-"):]


def test_a_report_address_is_taken_as_well_as_its_path(sample_site):
    result = add(sample_site, "report-address.json")
    assert result.returncode == 0, result.stderr
    assert entries(sample_site)[-1]["author"] == "Ana Lima"


def test_a_wrong_reply_id_lists_the_ids_there_are(sample_site):
    result = add(sample_site, "bad-reply.json")
    assert result.returncode == 1
    assert "reply_to 'comment-2012-07-11-marco' names no comment under this report" in result.stderr
    assert "the comments there are: comment-2012-07-11-marco-bellini" in result.stderr


def test_a_refusal_names_the_readers_field_not_a_line_of_a_file_that_does_not_exist(sample_site):
    result = add(sample_site, "script.json")
    assert result.returncode == 1
    assert "Your web page: feedback url 'javascript:alert(1)' is not an http or https address" in result.stderr
    assert FILE + ":" not in result.stderr


def test_the_workflow_gives_the_command_the_history_and_passes_no_issue_text_to_a_shell():
    workflow = (Path(__file__).parent.parent / ".github/workflows/feedback.yml").read_text()
    assert "--history" in workflow and "lastEditedAt" in workflow
    data = yaml.safe_load(workflow)
    on = data.get("on", data.get(True))
    assert "edited" in on["issues"]["types"]  # an approved issue that is edited loses its approval


# -- ids: never taken from another reader, never renamed by an addition ---------------------------------

def _entry(author: str, day: str, body: str, chosen: str | None = None):
    import datetime as dt

    from sphinx_newsletter.feedback.model import FeedbackEntry

    return FeedbackEntry(author=author, date=dt.date.fromisoformat(day), body=body, id=chosen)


def test_a_chosen_id_cannot_take_another_readers_permalink():
    from sphinx_newsletter.feedback.thread import entry_anchors

    jane = _entry("Jane Doe", "2011-10-09", "Thanks.")
    mallory = _entry("Mallory", "2011-10-10", "Me first.", chosen="2011-10-09-jane-doe")
    copycat = _entry("Bo", "2011-10-11", "Mine.", chosen="sprint")
    first = _entry("Cy", "2011-10-11", "Theirs.", chosen="sprint")
    anchors, conflicts = entry_anchors([jane, mallory, first, copycat])
    assert anchors[id(jane)] == "comment-2011-10-09-jane-doe"
    assert anchors[id(first)] == "comment-sprint"
    assert anchors[id(mallory)] == "comment-2011-10-10-mallory" and anchors[id(copycat)] == "comment-2011-10-11-bo"
    assert [(entry.author, problem.subtype.value) for entry, problem in conflicts] == [
        ("Mallory", "duplicate"), ("Bo", "duplicate")]
    assert "made from the entry's own date and name (2011-10-10-mallory)" in conflicts[0][1].text
    assert "another entry of this thread has it" in conflicts[1][1].text


def test_adding_an_entry_renames_no_other():
    from sphinx_newsletter.feedback.thread import entry_anchors

    first = _entry("Jane Doe", "2011-10-09", "One.")
    second = _entry("Jane Doe", "2011-10-09", "Two.")
    third = _entry("Jane Doe", "2011-10-09", "Three.")
    anchors, _ = entry_anchors([first, third])
    before = {anchors[id(first)], anchors[id(third)]}
    # the second written between them, and another day's comment before all of them
    anchors, _ = entry_anchors([_entry("Ada", "2011-10-01", "Early."), first, second, third])
    assert {anchors[id(first)], anchors[id(third)]} == before
    assert len({anchors[id(first)], anchors[id(second)], anchors[id(third)]}) == 3
    assert anchors[id(first)] == "comment-2011-10-09-jane-doe"
    assert anchors[id(second)].startswith("comment-2011-10-09-jane-doe-")


def test_a_chosen_id_conflict_is_a_warning_in_check(sample_site):
    feedback = sample_site / FILE
    feedback.write_text(feedback.read_text() + "- author: Mallory\n  date: 2012-07-20\n  id: 2012-07-11-marco-bellini\n"
                                               "  body: Taken.\n")
    result = run("check", "--strict", cwd=sample_site)
    assert result.returncode == 1
    assert (f"{FILE}:10: warning: id '2012-07-11-marco-bellini' is refused: an id that starts with a date is made from "
            "the entry's own date and name (2012-07-20-mallory)") in result.stdout

"""One report's thread assembled from both sources, with verdicts written by hand: which entries are shown, in
what order, under which permalink, and what each problem says. No site is built; ``make mutation`` mutates
the code these tests pin (``feedback/thread.py``)."""

from __future__ import annotations

import datetime as dt
import hashlib

from sphinx_newsletter.core.paths import UnsafeFile
from sphinx_newsletter.feedback.model import FeedbackEntry, read_feedback_file
from sphinx_newsletter.feedback.thread import (
    assemble_thread,
    entry_anchors,
    shown_entries,
    walk_entries,
)

REPORT_DAY = dt.date(2011, 10, 1)


def entry(author: str, day: int, body: str = "Text.", **values) -> FeedbackEntry:
    return FeedbackEntry(author=author, date=dt.date(2011, 10, day), body=body, **values)


def anchors(thread) -> list[str]:
    return [thread.anchors[id(item)] for item in walk_entries([top for top, _ in thread.entries])]


def told(thread) -> list[tuple]:
    return [(source, problem.line, problem.subtype.value, problem.message) for source, problem in thread.problems]


def digest(author: str, body: str) -> str:
    return hashlib.sha256(f"{author}\n{body}".encode()).hexdigest()[:6]


def test_both_sources_merged_oldest_first():
    from_file = ("feedback/a.yaml", b"- author: Li Wei\n  date: 2011-10-03\n  body: File.\n")
    thread = assemble_thread([entry("Jane Doe", 5), entry("Ann", 2)], from_file, REPORT_DAY)
    assert [(top.author, source) for top, source in thread.entries] == [
        ("Ann", None), ("Li Wei", "feedback/a.yaml"), ("Jane Doe", None)]
    assert anchors(thread) == ["comment-2011-10-02-ann", "comment-2011-10-03-li-wei", "comment-2011-10-05-jane-doe"]
    assert thread.problems == [] and thread.count == 3


def test_an_undated_entry_is_named_so():
    undated = FeedbackEntry(author="Ann Lee", body="x")
    assert entry_anchors([entry("Ann", 2), undated])[0][id(undated)] == "comment-undated-ann-lee"


def test_a_second_entry_the_same_day_by_the_same_person_adds_a_digest():
    first, second, third = entry("Jane", 2, "One."), entry("Jane", 2, "Two."), entry("Jane", 2, "Two.\n")
    found, conflicts = entry_anchors([first, second, third])
    assert conflicts == []
    assert found[id(first)] == "comment-2011-10-02-jane"
    assert found[id(second)] == f"comment-2011-10-02-jane-{digest('Jane', 'Two.')}"
    assert found[id(third)] == f"comment-2011-10-02-jane-{digest('Jane', 'Two.')}-2"


def test_an_added_entry_never_renames_another():
    old = entry("Jane", 2, "One.")
    before = entry_anchors([old])[0][id(old)]
    newer = entry("Jane", 2, "Two.")
    assert entry_anchors([old, newer])[0][id(old)] == before == "comment-2011-10-02-jane"


def test_a_chosen_id_comes_first_unless_taken_or_shaped_like_another_reader_s():
    chosen = entry("Jane", 2, id="hello", id_line=4)
    again = entry("Ann", 3, id="hello", id_line=9)
    stolen = entry("Ann", 3, id="2011-10-02-jane", id_line=12)
    own = entry("Bo", 4, id="2011-10-04-bo-second")
    undated = FeedbackEntry(author="Cy", body="x", id="undated-cy")
    found, conflicts = entry_anchors([chosen, again, stolen, own, undated])
    assert found[id(chosen)] == "comment-hello" and found[id(own)] == "comment-2011-10-04-bo-second"
    assert found[id(undated)] == "comment-undated-cy"
    assert found[id(again)] == "comment-2011-10-03-ann"
    assert found[id(stolen)] == f"comment-2011-10-03-ann-{digest('Ann', 'Text.')}"
    assert [(item.author, problem.line, problem.subtype.value, problem.message) for item, problem in conflicts] == [
        ("Ann", 9, "duplicate", "id 'hello' is refused: another entry of this thread has it; a made-up id is used "
                                "instead; choose another"),
        ("Ann", 12, "duplicate", "id '2011-10-02-jane' is refused: an id that starts with a date is made from the "
                                 "entry's own date and name (2011-10-03-ann); a made-up id is used instead; choose "
                                 "another")]


def test_a_reply_to_goes_under_its_entry_by_date():
    parent = entry("Jane", 2)
    late, early = entry("Ann", 5, reply_to="comment-2011-10-02-jane"), entry("Bo", 3, reply_to="comment-2011-10-02-jane")
    nested = entry("Cy", 4, replies=[entry("Di", 4)])
    parent.replies = [nested]
    thread = assemble_thread([late, parent, early], None, REPORT_DAY)
    [(top, _)] = thread.entries
    assert [reply.author for reply in top.replies] == ["Bo", "Cy", "Ann"]
    assert thread.problems == [] and thread.count == 5


def test_a_reply_to_that_names_nothing_or_itself_or_its_own_reply_stays_on_its_own():
    lost = entry("Ann", 3, reply_to="comment-nobody", reply_to_line=7)
    selfish = entry("Bo", 4, id="bo", reply_to="comment-bo", reply_to_line=8)
    below = entry("Di", 6, id="di")
    looped = entry("Cy", 5, reply_to="comment-di", reply_to_line=9, replies=[below])
    thread = assemble_thread([lost, selfish, looped], None, REPORT_DAY)
    assert [top.author for top, _ in thread.entries] == ["Ann", "Bo", "Cy"]
    message = ("reply_to '{}' names no entry of this thread; an entry's id is the end of its permalink, e.g. "
               "comment-2011-10-09-jane-doe; shown as a comment of its own")
    assert told(thread) == [(None, 7, "bad_value", message.format("comment-nobody")),
                            (None, 8, "bad_value", message.format("comment-bo")),
                            (None, 9, "bad_value", message.format("comment-di"))]


def test_hidden_entries_are_neither_shown_nor_counted_and_removed_ones_keep_their_replies():
    hidden = entry("Spam", 2, status="hidden")
    removed = entry("Troll", 3, "Rude.", status="removed", reason="rude", likes=4, url="https://troll.example",
                    replies=[entry("Ann", 4, "Calm down.")])
    thread = assemble_thread([hidden, removed], None, REPORT_DAY)
    assert [top.author for top, _ in thread.entries] == ["Troll"] and thread.count == 1
    removed_anchor = "comment-removed-" + hashlib.sha256(b"comment-2011-10-03-troll").hexdigest()[:10]
    assert anchors(thread) == [removed_anchor, "comment-2011-10-04-ann"]
    [shown] = shown_entries(thread)
    assert (shown.anchor, shown.author, shown.likes, shown.url, shown.body, shown.removed, shown.reason) == (
        removed_anchor, "", 0, "", "", True, "rude")
    [reply] = shown.replies
    assert (reply.author, reply.body, reply.removed, reply.reason, reply.in_reply_to) == (
        "Ann", "Calm down.", False, None, None)


def test_the_same_comment_twice_is_shown_once():
    from_file = ("feedback/a.yaml", b"- author: Jane\n  date: 2011-10-02\n  body: Same.\n"
                                    b"- author: Ann\n  date: 2011-10-03\n  body: x\n  source: https://github.com/o/r/issues/1\n"
                                    b"- author: Ann\n  date: 2011-10-04\n  body: y\n  source: https://github.com/o/r/issues/1\n"
                                    b"- author: Bo\n  date: 2011-10-05\n  body: z\n  id: bo\n"
                                    b"- author: Bo\n  date: 2011-10-05\n  body: z\n  id: bo\n")
    thread = assemble_thread([entry("Jane", 2, "Same.  ")], from_file, REPORT_DAY)
    assert [(top.author, top.date.day) for top, _ in thread.entries] == [("Jane", 2), ("Ann", 3), ("Bo", 5), ("Bo", 5)]
    assert told(thread) == [
        ("feedback/a.yaml", 1, "duplicate", "the same comment by Jane on 2011-10-02 is already in this thread: this "
                                            "copy is not shown; remove it"),
        ("feedback/a.yaml", 11, "duplicate", "https://github.com/o/r/issues/1 is already in this thread: this copy is "
                                             "not shown; remove it"),
        ("feedback/a.yaml", 19, "duplicate", "id 'bo' is refused: another entry of this thread has it; a made-up id is "
                                             "used instead; choose another")]


def test_a_blocked_entry_is_told_and_not_shown_and_does_not_hide_a_good_copy():
    blocked = entry("Jane", 2, "Same.")
    blocked.problems.append(read_feedback_file("- author: Jane\n  date: 2011-10-02\n").entries[0].problems[0])
    thread = assemble_thread([blocked, entry("Jane", 2, "Same.")], None, REPORT_DAY)
    assert [top is blocked for top, _ in thread.entries] == [False]
    assert told(thread) == [(None, 1, "missing_field", "feedback has no text: write the comment below its options")]


def test_a_comment_body_is_checked_unless_the_entry_is_removed():
    unsafe = entry("Ann", 2, "[x](javascript:alert(1))", body_line=5)
    removed = entry("Bo", 3, "[x](javascript:alert(1))", status="removed")
    thread = assemble_thread([unsafe, removed], None, REPORT_DAY)
    assert [(source, line, subtype) for source, line, subtype, _ in told(thread)] == [(None, 5, "unsafe")]


def test_feedback_older_than_the_report_is_told():
    thread = assemble_thread([entry("Ann", 1), FeedbackEntry(author="Bo", date=dt.date(2011, 9, 30), body="x",
                                                             date_line=6)], None, REPORT_DAY)
    assert told(thread) == [(None, 6, "bad_value", "feedback dated 2011-09-30 is older than what it answers "
                                                   "(2011-10-01); check the date")]


def test_a_feedback_file_that_cannot_be_read_is_told_once():
    refused = assemble_thread([entry("Ann", 2)], ("feedback/a.yaml", UnsafeFile("a symbolic link")), REPORT_DAY)
    assert told(refused) == [("feedback/a.yaml", 1, "refused", "not read: a symbolic link")]
    assert refused.problems[0][1].consequence == "no feedback from this file is shown" and refused.count == 1
    undecodable = assemble_thread([], ("feedback/b.yaml", b"- author: \xff\n"), REPORT_DAY)
    assert [(source, problem.subtype.value) for source, problem in undecodable.problems] == [
        ("feedback/b.yaml", "feedback_file")]
    with_bom = assemble_thread([], ("feedback/c.yaml", "\ufeff- author: A\n  date: 2011-10-02\n  body: x\n".encode()),
                               REPORT_DAY)
    assert with_bom.problems == [] and with_bom.count == 1


def test_replies_put_deeper_than_the_limit_by_reply_to_are_shown_at_it():
    chain = [entry("A", 2, id="e1")]
    for number in range(2, 11):
        chain.append(entry("A", 2 + number, id=f"e{number}", reply_to=f"comment-e{number - 1}"))
    thread = assemble_thread(chain, None, REPORT_DAY)
    assert [(line, subtype, message) for _, line, subtype, message in told(thread)] == [
        (1, "limit", "replies nested more than 8 deep are shown at the 8th level")]
    [shown] = shown_entries(thread)
    level = shown
    for _ in range(6):
        level = level.replies[0]
    assert [reply.anchor for reply in level.replies] == ["comment-e8", "comment-e9", "comment-e10"]
    assert [reply.in_reply_to for reply in level.replies] == [None, ("comment-e8", "A"), ("comment-e9", "A")]


def test_a_reply_shown_flat_under_a_removed_entry_names_no_one():
    chain = [entry("A", 2, id="e1")]
    for number in range(2, 10):
        chain.append(entry("A", 2 + number, id=f"e{number}", reply_to=f"comment-e{number - 1}",
                           status="removed" if number == 8 else "shown"))
    level = shown_entries(assemble_thread(chain, None, REPORT_DAY))[0]
    for _ in range(6):
        level = level.replies[0]
    removed_anchor = "comment-removed-" + hashlib.sha256(b"comment-e8").hexdigest()[:10]
    assert [reply.anchor for reply in level.replies] == [removed_anchor, "comment-e9"]
    assert level.replies[1].in_reply_to == (removed_anchor, "")


def test_entries_walked_depth_first_in_order():
    top = entry("A", 2, replies=[entry("B", 3, replies=[entry("C", 4)]), entry("D", 5)])
    assert [item.author for item in walk_entries([top, entry("E", 6)])] == ["A", "B", "C", "D", "E"]


def test_a_reply_to_its_own_reply_below_another_branch_stays_on_its_own():
    target = entry("Di", 7, id="di")
    looped = entry("Cy", 5, reply_to="comment-di", reply_to_line=9,
                   replies=[entry("Ann", 6, replies=[target]), entry("Bo", 8)])
    thread = assemble_thread([looped], None, REPORT_DAY)
    assert [top.author for top, _ in thread.entries] == ["Cy"]
    assert [(line, subtype) for _, line, subtype, _ in told(thread)] == [(9, "bad_value")]


def test_replies_shown_by_date_and_their_problems_named_in_their_file():
    from_file = ("feedback/a.yaml", b"- author: Jane\n  date: 2011-10-02\n  body: Top.\n  replies:\n"
                                    b"    - author: Late\n      date: 2011-10-09\n      body: x\n"
                                    b"    - author: Early\n      date: 2011-10-03\n      body: '[x](javascript:y)'\n"
                                    b"- author: Jane\n  date: 2011-10-02\n  body: Top.\n")
    thread = assemble_thread([], from_file, REPORT_DAY)
    [(top, _)] = thread.entries
    assert [reply.author for reply in top.replies] == ["Early", "Late"]
    assert told(thread) == [
        ("feedback/a.yaml", 10, "unsafe", "link to 'javascript:y' is not an http, https or mailto address; only its "
                                          "text is shown"),
        ("feedback/a.yaml", 11, "duplicate", "the same comment by Jane on 2011-10-02 is already in this thread: this "
                                             "copy is not shown; remove it")]


def test_an_entry_is_found_again_by_its_source():
    sourced = entry("Ann", 3, source="https://github.com/o/r/issues/1")
    thread = assemble_thread([sourced], None, REPORT_DAY)
    assert thread.seen[("source", "https://github.com/o/r/issues/1")] is sourced  # what feedback intake looks up


def test_what_the_page_shows_of_a_shown_entry():
    shown_entry = entry("Ann", 3, "Hi.", likes=4, url="https://ann.example", reason="kept", body_line=7)
    [shown] = shown_entries(assemble_thread([shown_entry], None, REPORT_DAY))
    assert (shown.author, shown.date, shown.likes, shown.url, shown.reason, shown.body, shown.body_line) == (
        "Ann", dt.date(2011, 10, 3), 4, "https://ann.example", None, "Hi.", 7)


def test_a_file_that_is_not_utf8_is_told_and_left_out():
    thread = assemble_thread([], ("feedback/b.yaml", b"- author: \xff\n"), REPORT_DAY)
    [(_, problem)] = thread.problems
    assert problem.consequence == "no feedback from this file is shown"

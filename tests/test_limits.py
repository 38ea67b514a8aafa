"""Bounded by default: inputs built to exhaust the build end in a clear warning at file:line, and every
other report is still built. Each case is generated here; one build holds them all."""

from __future__ import annotations

import os

import pytest
from conftest import html, warnings_of

FRONT = "---\ntitle: {title}\nauthor: Mallory\ndate: 2020-02-01\n{extra}---\n\nBody of {title}.\n"


def report(folder, name: str, extra: str = "", title: str | None = None, body: str = "") -> None:
    (folder / f"{name}.md").write_text(FRONT.format(title=title or name, extra=extra) + body, encoding="utf-8")


def nested_directive_replies(depth: int) -> str:
    opening = [f"{':' * (depth + 3 - level)}{{feedback}}\n:author: Reader {level}\n:date: 2020-02-02\n\n"
               f"Reply {level}\n" for level in range(depth)]
    closing = [":" * (depth + 3 - level) for level in reversed(range(depth))]
    return "\n".join(opening) + "\n" + "\n".join(closing) + "\n"


@pytest.fixture(scope="module")
def limits_site(tmp_path_factory, rootdir):
    import shutil

    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("limits") / "src"
    shutil.copytree(rootdir / "test-feedback", srcdir)
    alpha, feedback = srcdir / "reports" / "alpha", srcdir / "feedback" / "alpha"
    laughs = "".join(f"  l{n}: &l{n} [*l{n - 1}, *l{n - 1}, *l{n - 1}, *l{n - 1}]\n" for n in range(1, 12))
    report(alpha, "laughs", extra=f"x:\n  l0: &l0 lol\n{laughs}")
    report(alpha, "deep-yaml", extra="tags: " + "[" * 990 + "]" * 990 + "\n")
    report(alpha, "big-number", title="9" * 5000)
    report(alpha, "deep-replies", body=nested_directive_replies(150))
    report(alpha, "self-reply")
    (feedback / "self-reply.yaml").write_text("- &me\n  author: Loop\n  date: 2020-02-02\n  body: me\n"
                                              "  replies: [*me]\n")
    report(alpha, "many-entries")
    entry = "- {author: Reader, date: 2020-02-02, body: hi}\n"
    (feedback / "many-entries.yaml").write_text(entry * 100_000)
    report(alpha, "big-likes")
    (feedback / "big-likes.yaml").write_text(f"- author: Reader\n  date: 2020-02-02\n  likes: {'7' * 5000}\n"
                                             "  body: hi\n")
    report(alpha, "fifo-feedback")
    os.mkfifo(feedback / "fifo-feedback.yaml")
    report(alpha, "linked-feedback")
    os.symlink("../../conf.py", feedback / "linked-feedback.yaml")
    report(alpha, "huge", body="word " * (500 * 1024))
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    app.build()
    yield app
    app.cleanup()


CASES = [
    ("reports/alpha/laughs.md:6", "YAML anchors and aliases (&name, *name) are not allowed: write the value out"),
    ("reports/alpha/deep-yaml.md:5", "nested more than 16 levels deep: flatten it"),
    ("reports/alpha/big-number.md:2", "a value cannot be read: quote it, or shorten it"),
    ("reports/alpha/deep-replies.md:50", "replies nested more than 8 deep are shown at the 8th level"),
    ("feedback/alpha/self-reply.yaml:1", "YAML anchors and aliases (&name, *name) are not allowed"),
    ("feedback/alpha/many-entries.yaml:1", "not read: over 4 MiB"),
    ("feedback/alpha/big-likes.yaml:3", "'likes' cannot be read: quote it, or shorten it; it is ignored"),
    ("feedback/alpha/fifo-feedback.yaml:1", "not read: not a regular file"),
    ("feedback/alpha/linked-feedback.yaml:1", "not read: a symbolic link is not followed"),
    ("reports/alpha/huge.md:1", "not built: over 2 MiB"),
]


@pytest.mark.parametrize(("location", "message"), CASES, ids=[case[0] for case in CASES])
def test_each_excess_is_a_clear_warning(limits_site, location, message):
    assert any(line.startswith(f"{location}: WARNING: {message}") for line in warnings_of(limits_site)), \
        "\n".join(warnings_of(limits_site))


def test_no_traceback_and_every_other_report_is_built(limits_site):
    assert "Traceback" not in limits_site.warning.getvalue()
    listed = {a.get_text() for a in html(limits_site, "editions/alpha").select(".nl-card-title a")}
    assert {"self-reply", "many-entries", "big-likes", "fifo-feedback", "linked-feedback", "deep-replies"} <= listed
    assert {"Quiet report", "Summit report"} <= listed  # the site's own reports, beside the ones over a limit


def test_deep_replies_are_flattened_not_lost(limits_site):
    page = html(limits_site, "reports/alpha/deep-replies")
    assert len(page.select("article.nl-feedback-entry")) == 150
    depths = [len(entry.find_parents("article")) for entry in page.select("article.nl-feedback-entry")]
    assert max(depths) == 7  # the 8th level holds the rest
    flat = [entry for entry in page.select("article.nl-feedback-entry") if len(entry.find_parents("article")) == 7]
    links = [entry.select_one(":scope > header a.nl-in-reply-to") for entry in flat]
    assert links[0] is None and all(link is not None for link in links[1:])  # each says which entry it answers
    ids = {entry["id"] for entry in page.select("article.nl-feedback-entry")}
    assert all(link["href"][1:] in ids and link.get_text().startswith("in reply to ") for link in links[1:])


def test_the_thread_limit_keeps_the_first_entries(tmp_path):
    from sphinx_newsletter.feedback.model import MAX_ENTRIES, read_feedback_file
    from sphinx_newsletter.feedback.thread import assemble_thread

    text = "".join(f"- {{author: Reader, date: 2020-02-02, body: hi {number}}}\n" for number in range(MAX_ENTRIES + 10))
    assert not read_feedback_file(text).problems
    thread = assemble_thread([], ("f.yaml", text.encode()), None)
    assert thread.count == MAX_ENTRIES
    assert [problem.line for _, problem in thread.problems] == [MAX_ENTRIES + 1]

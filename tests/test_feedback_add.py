"""`newsletter feedback add`: one reader's feedback, from the issue form or from options, becomes an
entry of the report's feedback file, after the build's own checks; hostile submissions end in a clear
refusal or a safe entry. The GitHub payloads in tests/data/github/ are this project's own recordings
of the issue form's shape."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, run, sphinx_build

DATA = Path(__file__).parent / "data" / "github"
FILE = "feedback/folsom/europython-openstack.yaml"
PAGE = "_build/html/reports/folsom/europython-openstack.html"


@pytest.fixture
def site(sample_site) -> Path:
    return sample_site


def build(srcdir: Path) -> BeautifulSoup:
    result = sphinx_build(srcdir, "-W")
    assert result.returncode == 0, result.stderr
    return BeautifulSoup((srcdir / PAGE).read_text(encoding="utf-8"), "html.parser")


def entries(srcdir: Path) -> list[dict]:
    return yaml.safe_load((srcdir / FILE).read_text())


def test_an_issue_from_the_form_becomes_an_entry_without_touching_the_others(site):
    before = (site / FILE).read_text()
    result = run("feedback", "add", "--issue", str(DATA / "feedback.json"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == FILE
    after = (site / FILE).read_text()
    assert after.startswith(before)  # appended: what people wrote in the file is not reformatted
    added = entries(site)[-1]
    assert added["author"] == "Priya Raman" and str(added["date"]) == "2012-07-25"
    assert added["likes"] == 2  # the larger of 👍 (2) and ❤️ (1): the same people may have given both
    assert added["url"] == "https://example.org/priya"
    assert added["body"] == "Thanks for the notes on the **Swift client** sprint.\nI joined the next one.\n"
    page = build(site)
    article = page.select_one("article#comment-2012-07-25-priya-raman")
    assert article.select_one(".nl-feedback-body strong").get_text() == "Swift client"


def test_a_reply_by_id_is_shown_under_the_entry_it_answers(site):
    result = run("feedback", "add", "--issue", str(DATA / "reply.json"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert entries(site)[-1]["reply_to"] == "comment-2012-07-11-marco-bellini"
    page = build(site)
    parent = page.select_one("article#comment-2012-07-11-marco-bellini")
    assert parent.select_one(".nl-feedback-replies article#comment-2012-07-25-tom-okafor") is not None


def test_ids_stay_when_an_earlier_entry_is_added(site):
    ids = {article["id"] for article in build(site).select("article.nl-feedback-entry")}
    result = run("feedback", "add", "--report", "reports/folsom/europython-openstack.md", "--author", "Ada",
                 "--date", "2012-07-10", "--body", "An early word.", cwd=site)
    assert result.returncode == 0, result.stderr
    after = {article["id"] for article in build(site).select("article.nl-feedback-entry")}
    assert ids < after and "comment-2012-07-10-ada" in after


def test_script_in_a_submission_stays_text(site):
    result = run("feedback", "add", "--issue", str(DATA / "script.json"), cwd=site)
    assert result.returncode == 1  # the page address is not http(s): the build would warn, so it is refused
    assert "feedback url 'javascript:alert(1)' is not an http or https address" in result.stderr
    assert "Mallory" not in (site / FILE).read_text()
    result = run("feedback", "add", "--report", "reports/folsom/europython-openstack.md", "--author", "Mallory",
                 "--date", "2012-07-25", "--body", "<script>alert(document.cookie)</script>", cwd=site)
    assert result.returncode == 0, result.stderr
    page = build(site)
    body = page.select_one("article#comment-2012-07-25-mallory .nl-feedback-body")
    assert body.find("script") is None and "<script>alert(document.cookie)</script>" in body.get_text()


def test_a_name_with_control_characters_is_cleaned(site):
    result = run("feedback", "add", "--issue", str(DATA / "control.json"), cwd=site)
    assert result.returncode == 0, result.stderr
    page = build(site)
    names = [span.get_text() for span in page.select(".nl-feedback-author")]
    assert "Evegnp.exe" in names and not any("\u202e" in name or "\x07" in name for name in names)


@pytest.mark.parametrize(("args", "message"), [
    (("--issue", str(DATA / "traversal.json")), "'reports/../conf.py' is not a report"),
    (("--issue", str(DATA / "not-a-form.json")), "line 1 of the issue comes before the form's first heading '### Report'"),
    (("--report", "reports/folsom/nothing.md", "--author", "A", "--body", "x"), "there is no report at"),
    (("--report", "reports/folsom/europython-openstack.md", "--author", "A", "--body", "   "), "feedback has no text"),
    (("--report", "reports/folsom/europython-openstack.md", "--author", "A", "--body", "x", "--date", "2012-07-20",
      "--reply-to", "comment-1999-01-01-nobody"), "reply_to 'comment-1999-01-01-nobody' names no comment"),
    (("--report", "reports/folsom/europython-openstack.md", "--author", "A", "--body", "x", "--date", "2001-01-01"),
     "older than what it answers"),
])
def test_refusals_say_why_and_write_nothing(site, args, message):
    before = (site / FILE).read_text()
    result = run("feedback", "add", *args, cwd=site)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert (site / FILE).read_text() == before


WORKFLOW_SCHEMA = {
    "type": "object", "required": ["name", "on", "permissions", "jobs"],
    "properties": {
        "permissions": {"type": "object", "maxProperties": 0},  # nothing at the top: each job asks for its own
        "jobs": {"type": "object", "minProperties": 1, "additionalProperties": {
            "type": "object", "required": ["runs-on", "steps", "permissions"],
            "properties": {"permissions": {"type": "object", "propertyNames": {
                "enum": ["contents", "pull-requests", "issues"]}},
                "steps": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "oneOf": [{"required": ["uses"]}, {"required": ["run"]}]}}}}},
    },
}


def test_the_feedback_workflow_never_puts_issue_text_on_a_command_line():
    """actionlint needs a download this machine cannot make: the workflow is checked against a schema of
    what it must be, and for the one rule that matters most."""
    import jsonschema

    text = (REPO / ".github/workflows/feedback.yml").read_text()
    workflow = yaml.safe_load(text)
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    jsonschema.validate(workflow, WORKFLOW_SCHEMA)
    assert workflow["on"] == {"issues": {"types": ["labeled", "edited"]}}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            run = step.get("run", "")
            assert "${{" not in run, f"an expression inside a shell step: {step.get('name')}"
            assert "github.event.issue.body" not in str(step.get("env", {}))  # only the whole event, via a file
    assert "newsletter feedback add --issue" in text


def test_moderation_hides_or_removes_an_entry_and_keeps_its_replies(site):
    feedback = site / FILE
    feedback.write_text(feedback.read_text() + (
        "- author: Spammer\n  date: 2012-07-20\n  status: hidden\n  body: Buy now.\n"
        "- author: Troll\n  date: 2012-07-21\n  status: removed\n  reason: a personal attack\n  likes: 9\n"
        "  body: Something unkind.\n  replies:\n    - author: Li Wei\n      date: 2012-07-22\n"
        "      body: Let us keep it civil.\n"))
    assert run("check", "--strict", cwd=site).returncode == 0
    page = build(site)
    text = page.select_one("section.nl-feedback").get_text(" ", strip=True)
    assert "Spammer" not in text and "Buy now" not in text  # hidden: not shown
    assert "Troll" not in text and "Something unkind" not in text
    removed = page.select_one("article.nl-removed")
    assert "Removed by the editors: a personal attack" in removed.get_text(" ", strip=True)
    assert removed.select_one(":scope > header .nl-likes") is None
    assert removed.select_one(":scope > header a.nl-reply") is None and removed["aria-label"] == "Removed by the editors"
    assert removed.select_one(".nl-feedback-replies article .nl-feedback-author").get_text() == "Li Wei"
    edition = BeautifulSoup((site / "_build/html/editions/folsom.html").read_text(), "html.parser")
    card = next(card for card in edition.select(".nl-card") if "europython" in card.select_one("a")["href"])
    assert card.select_one(".nl-feedback-count").get_text(strip=True) == "2 comments"  # neither hidden nor removed


def test_an_unknown_status_is_named(site):
    feedback = site / FILE
    feedback.write_text(feedback.read_text() + "- author: A\n  date: 2012-07-20\n  status: secret\n  body: x\n")
    result = run("check", cwd=site)
    assert "status 'secret' is not one of shown, hidden, removed" in result.stdout


def test_latest_feedback_and_the_feedback_feeds(site):
    import feedparser

    result = run("feedback", "add", "--issue", str(DATA / "feedback.json"), cwd=site)
    assert result.returncode == 0, result.stderr
    feedback = site / FILE
    feedback.write_text(feedback.read_text() + "- author: Hidden Person\n  date: 2012-07-30\n  status: hidden\n"
                                               "  body: Not for the feed.\n")
    build(site)
    out = site / "_build/html"
    front = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    latest = front.select(".nl-latest-feedback li a")
    assert latest[0].get_text() == "Priya Raman"
    assert latest[0]["href"] == "reports/folsom/europython-openstack.html#comment-2012-07-25-priya-raman"
    assert "Hidden Person" not in front.get_text()
    whole = feedparser.parse((out / "feeds/feedback.xml").read_bytes())
    assert whole.entries[0].link.endswith("#comment-2012-07-25-priya-raman")
    assert not any("Hidden Person" in entry.title for entry in whole.entries)
    mine = feedparser.parse((out / "feeds/feedback/folsom/europython-openstack.xml").read_bytes())
    assert [entry.author for entry in mine.entries] == ["Priya Raman", "Marco Bellini"]
    assert "<strong>Swift client</strong>" in mine.entries[0].content[0].value
    page = BeautifulSoup((site / PAGE).read_text(), "html.parser")
    head = [link["href"] for link in page.find_all("link", rel="alternate")]
    assert "../../feeds/feedback/folsom/europython-openstack.xml" in head
    assert page.select_one(".nl-leave-feedback a.nl-feedback-feed")["href"] == \
        "../../feeds/feedback/folsom/europython-openstack.xml"
    first = (out / "feeds/feedback.xml").read_bytes()
    build(site)  # reproducible: the same comments give the same bytes
    assert (out / "feeds/feedback.xml").read_bytes() == first


def test_an_id_of_ones_own_names_the_permalink_and_a_reply_can_use_it(site):
    feedback = site / FILE
    feedback.write_text(feedback.read_text() + (
        "- author: Ada\n  date: 2012-07-20\n  id: sprint-question\n  body: Who reviewed?\n"
        "- author: Bo\n  date: 2012-07-21\n  reply_to: comment-sprint-question\n  body: Me.\n"
        "- author: Cy\n  date: 2012-07-22\n  id: Not Valid!\n  body: Hm.\n"))
    result = run("check", cwd=site)
    assert "id 'Not Valid!' must be lowercase letters, digits and '-'" in result.stdout
    page = build_loose(site)
    question = page.select_one("article#comment-sprint-question")
    assert question.select_one(".nl-feedback-replies article#comment-2012-07-21-bo") is not None
    assert page.select_one("article#comment-2012-07-22-cy") is not None


def build_loose(srcdir: Path) -> BeautifulSoup:
    assert sphinx_build(srcdir).returncode == 0
    return BeautifulSoup((srcdir / PAGE).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("payload", ["huge", "deep", "wrong types"])
def test_a_hostile_issue_file_is_refused_without_a_traceback(site, tmp_path, payload):
    path = tmp_path / "issue.json"
    if payload == "huge":
        path.write_text('{"issue": {"body": "' + "x" * (300 * 1024) + '"}}')
    elif payload == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000)
    else:
        path.write_text('{"issue": {"body": ["### Report"], "created_at": 7, "reactions": "lots"}}')
    before = (site / FILE).read_text()
    result = run("feedback", "add", "--issue", str(path), cwd=site)
    assert result.returncode == 1 and "refused:" in result.stderr and "Traceback" not in result.stderr
    assert (site / FILE).read_text() == before


def test_a_comment_that_would_push_the_file_over_its_limit_is_refused(site):
    feedback = site / FILE
    filler = "    " + "word " * 400 + "\n"  # long lines: few nodes to render, as many bytes
    lines = ((4 << 20) - len(feedback.read_bytes()) - 30_000) // len(filler)
    feedback.write_text(feedback.read_text() + "- author: B\n  date: 2012-07-20\n  body: |\n" + filler * lines)
    assert run("check", "--strict", cwd=site).returncode == 0  # just under the limit
    before = feedback.read_text()
    result = run("feedback", "add", "--report", "reports/folsom/europython-openstack.md", "--author", "A",
                 "--date", "2012-07-25", "--body", "word " * 20_000, cwd=site)
    assert result.returncode == 1 and "over 4096 KiB: split it up" in result.stderr
    assert feedback.read_text() == before

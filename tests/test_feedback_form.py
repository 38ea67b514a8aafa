"""Reader feedback without git, the way in: "Leave feedback" on every report and "Reply" on every
entry, linking to the repository's issue form prefilled with the report and the entry answered."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import html, warnings_of

REPO = Path(__file__).parent.parent
REPOSITORY = {"newsletter_repository_url": "https://github.com/openstack/newsletter"}


def query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/openstack/newsletter/issues/new")
    return {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}


def test_each_report_links_the_feedback_form_and_each_entry_a_reply(project, build):
    srcdir = project("feedback")
    report = srcdir / "reports/alpha/summit.md"
    text = report.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    report.write_text(text.replace(title, """title: 'Tom & "Jerry" <b>at</b> the summit'""", 1))
    app, _ = build(srcdir, confoverrides=REPOSITORY)
    assert warnings_of(app) == []
    page = html(app, "reports/alpha/summit")
    link = page.select_one("a.nl-leave-feedback-link")
    params = query(link["href"])
    assert params["template"] == "feedback.yml" and params["report"] == "reports/alpha/summit.md"
    assert params["title"] == "Feedback: Tom & “Jerry” <b>at</b> the summit"  # the title as the page shows it
    assert "reply_to" not in params
    entries = page.select("article.nl-feedback-entry")
    replies = [(entry["id"], entry.select_one("header a.nl-reply")["href"]) for entry in entries]
    assert replies and all(query(href)["reply_to"] == anchor for anchor, href in replies)
    assert all(query(href)["report"] == "reports/alpha/summit.md" for _, href in replies)
    quiet = html(app, "reports/alpha/quiet")  # a report without feedback yet
    assert query(quiet.select_one("a.nl-leave-feedback-link")["href"])["report"] == "reports/alpha/quiet.md"


def test_without_a_repository_nothing_is_shown(pristine):
    app = pristine("feedback")
    page = html(app, "reports/alpha/summit")
    assert page.select("a.nl-leave-feedback-link, a.nl-reply") == []


@pytest.mark.parametrize("url", ["https://gitlab.com/x/y", "javascript:alert(1)", "https://github.com/x",
                                 "https://github.com/x/y/../z"])
def test_a_repository_address_that_is_not_github_is_a_config_warning(project, build, url):
    app, _ = build(project("feedback"), confoverrides={"newsletter_repository_url": url})
    assert any("is not a GitHub repository address" in line and "[newsletter.config]" in line
               for line in warnings_of(app))
    assert html(app, "reports/alpha/summit").select("a.nl-leave-feedback-link, a.nl-reply") == []


def test_the_issue_form_has_the_fields_the_links_fill_in():
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/feedback.yml").read_text())
    ids = {field["id"] for field in form["body"] if "id" in field}
    assert {"report", "reply_to", "author", "body"} <= ids
    required = {field["id"] for field in form["body"] if field.get("validations", {}).get("required")}
    assert {"report", "author", "body"} <= required and "reply_to" not in required
    assert all(field["type"] in {"markdown", "input", "textarea", "checkboxes", "dropdown"} for field in form["body"])

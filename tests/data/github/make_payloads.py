"""Writes this folder's recorded issue payloads: the shapes GitHub gives for an issue from the feedback
form (the webhook payload of a ``labeled`` event and the REST resource of the same issue) and the
GraphQL answer the feedback workflow asks for (edit time, label events, reactions). The texts are this
project's own. Run it again after changing a payload here: ``python tests/data/github/make_payloads.py``."""

import json
from pathlib import Path

HERE = Path(__file__).parent
REPO = "https://github.com/openstack/newsletter"
CONSENT = "My name and comment may be published with the report, under the site's license."


def form(report="reports/folsom/europython-openstack.md", reply_to="_No response_", name="Priya Raman",
         url="https://example.org/priya",
         comment="Thanks for the notes on the **Swift client** sprint.\r\nI joined the next one.", box="X"):
    return (f"### Report\n\n{report}\n\n### In reply to\n\n{reply_to}\n\n### Your name\n\n{name}\n\n"
            f"### Your web page\n\n{url}\n\n### Your comment\n\n{comment}\n\n### Publication\n\n- [{box}] {CONSENT}")


def issue(number, body, labels=("feedback", "feedback: approved"), reactions=None, repo=REPO):
    return {"url": f"https://api.github.com/repos/openstack/newsletter/issues/{number}",
            "html_url": f"{repo}/issues/{number}", "number": number, "title": "Feedback: EuroPython",
            "body": body, "user": {"login": "reader"}, "labels": [{"name": name} for name in labels],
            "created_at": "2012-07-25T09:14:03Z", "updated_at": "2012-07-26T10:00:00Z",
            "reactions": reactions if reactions is not None else {"+1": 2, "heart": 1, "laugh": 5, "total_count": 8}}


def webhook(data):
    return {"action": "labeled", "label": {"name": "feedback: approved"}, "issue": data}


def history(edited, labelled, reactions=()):
    return {"data": {"repository": {"issue": {
        "lastEditedAt": edited, "author": {"login": "reader"},
        "timelineItems": {"nodes": [{"createdAt": "2012-07-25T12:00:00Z", "label": {"name": "feedback"}},
                                    {"createdAt": labelled, "label": {"name": "feedback: approved"}}]},
        "reactions": {"nodes": [{"content": content, "user": {"login": login}} for content, login in reactions]}}}}}


PAYLOADS = {
    "feedback.json": webhook(issue(42, form())),
    "feedback-rest.json": issue(42, form()),
    "reply.json": webhook(issue(43, form(reply_to="comment-2012-07-11-marco-bellini", name="Tom Okafor",
                                         url="_No response_",
                                         comment="Agreed: a reviewer in the room is worth a lot."))),
    "script.json": webhook(issue(44, form(name="Mallory", url="javascript:alert(1)",
                                          comment="<script>alert(document.cookie)</script>\n\n"
                                                  "<img src=x onerror=alert(2)>"), reactions={})),
    "control.json": webhook(issue(45, form(name="Eve\u202egnp.exe\u0007", url="_No response_", comment="Hello."),
                                  reactions={})),
    "traversal.json": webhook(issue(46, form(report="reports/../conf.py", name="Mallory", url="_No response_",
                                             comment="Read this."), reactions={})),
    # the comment forges the fields after it: another report, another name
    "forged-heading.json": webhook(issue(47, form(
        name="Mallory", url="_No response_",
        comment="Nice.\n\n### Report\n\nreports/essex/boston-design-summit.md\n\n### Your name\n\nThe Editors\n\n"
                "### Your comment\n\nOfficial: the summit is cancelled."))),
    "repeated-heading.json": webhook(issue(48, form(comment="Nice.\n\n### Publication\n\n- [X] " + CONSENT))),
    "unknown-heading.json": webhook(issue(49, form(comment="### My thoughts\n\nGood talk."))),
    "no-consent.json": webhook(issue(50, form(box=" "))),
    "no-label.json": webhook(issue(51, form(), labels=("feedback",))),
    "other-repository.json": webhook(issue(52, form(), repo="https://github.com/someone/else")),
    "report-address.json": webhook(issue(53, form(
        report="https://newsletter.openstack.example/reports/folsom/europython-openstack.html", name="Ana Lima",
        comment="Read it on the site."))),
    "bad-reply.json": webhook(issue(54, form(reply_to="comment-2012-07-11-marco", name="Tom Okafor",
                                             comment="Agreed."))),
    "not-a-form.json": issue(7, "The site is down."),
    "history-edited.json": history("2012-07-26T11:30:00Z", "2012-07-26T10:00:00Z"),
    "history-ok.json": history("2012-07-25T09:30:00Z", "2012-07-26T10:00:00Z",
                               [("THUMBS_UP", "ann"), ("HEART", "ann"), ("THUMBS_UP", "bob"),
                                ("THUMBS_DOWN", "cy"), ("LAUGH", "dee"), ("THUMBS_UP", "reader")]),
}

if __name__ == "__main__":
    for name, payload in PAYLOADS.items():
        (HERE / name).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

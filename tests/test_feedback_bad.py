"""Bad reader feedback: typed warnings at file:line, the rest still shown; and untrusted markup neutralised."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import build_once, html, warnings_of
from sphinx.cmd.build import build_main

LEFT_OUT = "(this feedback is left out until it is fixed)"
EXPECTED = [
    ("reports/alpha/directives.md:9", f"feedback has no author: add ':author: Jane Doe' {LEFT_OUT}", "missing_field"),
    ("reports/alpha/directives.md:15", f"feedback has no text: write the comment below its options {LEFT_OUT}",
     "missing_field"),
    ("reports/alpha/directives.md:23", "likes must be a whole number, 0 or more, not '-1'; counted as 0", "bad_value"),
    ("reports/alpha/directives.md:30", "feedback date '2020-02-30' is not a valid date: write ':date: 2011-10-09' "
                                       f"{LEFT_OUT}", "bad_value"),
    ("reports/alpha/directives.md:37", "feedback dated 2020-01-01 is older than what it answers (2020-02-10); "
                                       "check the date", "bad_value"),
    ("reports/alpha/directives.md:45", "unknown feedback field 'mood' is ignored; known: author, date, likes, url, id, "
     "status, reason, reply_to, source",
     "unknown_key"),
    ("reports/alpha/directives.md:53", "feedback url 'javascript:alert(1)' is not an http or https address and is "
                                       "left out", "unsafe"),
    ("reports/alpha/directives.md:62", "link to 'javascript:alert(1)' is not an http, https or mailto address; only "
                                       "its text is shown", "unsafe"),
    ("reports/alpha/directives.md:64", "directives are not available in reader feedback; '{eval-rst}' is shown as "
                                       "text", "unsafe"),
    ("reports/alpha/directives.md:76", "feedback options cannot be read (expected key to start at column 0); put a "
                                       "value that starts with a quote in single quotes, e.g. :author: '\"Jim\" Smith' "
                                       f"{LEFT_OUT}", "bad_value"),
    ("feedback/alpha/filed.yaml:4", f"feedback has no author: add 'author: Jane Doe' {LEFT_OUT}", "missing_field"),
    ("feedback/alpha/filed.yaml:8", "likes must be a whole number, 0 or more, not 'many'; counted as 0", "bad_value"),
    ("feedback/alpha/filed.yaml:12", "unknown feedback field 'bdy' is ignored; did you mean 'body'?", "unknown_key"),
    ("feedback/alpha/filed.yaml:16", f"feedback has no text: write the comment below its options {LEFT_OUT}",
     "missing_field"),
    ("feedback/alpha/filed.yaml:22", "feedback dated 2020-02-11 is older than what it answers (2020-02-12); "
                                     "check the date", "bad_value"),
    ("feedback/alpha/malformed.yaml:3", "YAML syntax error: while parsing a flow sequence did not find expected ',' "
                                        "or ']'; the list opened with [ in 'body: [unclosed' needs a closing ] (no "
                                        "feedback from this file is shown)", "feedback_file"),
    ("feedback/alpha/filed.yml:1", "feedback files end in '.yaml'; rename it to 'filed.yaml'", "feedback_file"),
    ("feedback/alpha/ghost.yaml:1", "no report at reports/alpha/ghost.md for this feedback; name the file after the "
                                    "report it answers", "feedback_file"),
]


@pytest.fixture(scope="module")
def bad_feedback(project_once):
    srcdir = project_once("feedback-bad")
    (srcdir / "reports/alpha/latin1.md").write_text("---\ntitle: Latin-1 feedback\nauthor: A\ndate: 2020-02-10\n"
                                                    "---\n\nBody.\n")
    (srcdir / "feedback/alpha/latin1.yaml").write_bytes(b"- author: Jos\xe9\n  date: 2020-02-11\n  body: Hola.\n")
    app, _ = build_once(srcdir)
    return app


@pytest.mark.parametrize(("location", "message", "subtype"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_mistake_is_a_typed_warning_at_file_and_line(bad_feedback, location, message, subtype):
    assert f"{location}: WARNING: {message} [newsletter.{subtype}]" in warnings_of(bad_feedback)


def test_non_utf8_feedback_file(bad_feedback):
    assert ("feedback/alpha/latin1.yaml:1: WARNING: not UTF-8 text (invalid continuation byte at byte 13): save the "
            "file as UTF-8 (no feedback from this file is shown) [newsletter.feedback_file]") in warnings_of(bad_feedback)


def test_no_other_warnings(bad_feedback):
    assert len(warnings_of(bad_feedback)) == len(EXPECTED) + 1


def test_good_entries_are_still_shown(bad_feedback):
    filed = [a.get_text() for a in html(bad_feedback, "reports/alpha/filed").select(".nl-feedback-author")]
    assert filed == ["Good Reader", "Many Likes", "Typo", "Parent", "Early Reply"]
    blocks = [a.get_text() for a in html(bad_feedback, "reports/alpha/directives").select(".nl-feedback-author")]
    assert blocks == ["Too Early", "Negative Likes", "Unknown Option", "Script Url", "Bad Link", "Quoted Whole"]
    page = html(bad_feedback, "reports/alpha/directives")
    assert "A bad link and a directive:" in page.get_text()
    assert ".. include:: /etc/passwd" in page.select_one(".nl-feedback pre").get_text()


def test_strict_build_fails_on_bad_feedback(project, tmp_path):
    srcdir = project("feedback-bad", "strict")
    assert build_main(["-b", "html", "-W", "--keep-going", "-q", str(srcdir), str(tmp_path / "out")]) != 0


# -- untrusted markup --------------------------------------------------------------------------

AUTHOR_PAYLOADS = ['<script>alert("author")</script>', '"><img src=x onerror=alert(1)>',
                   "Mallory\u202egnp.exe", "<svg/onload=alert(1)>"]
URL_PAYLOADS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)",
                'https://ok.example/" onmouseover="alert(1)']
BODY_PAYLOADS = [
    '<script>alert("body")</script>', "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))", "[click](JAVASCRIPT:alert(1))", "[click](data:text/html,<script>alert(1)</script>)",
    "<javascript:alert(1)>", "![x](javascript:alert(1))", "<svg onload=alert(1)>", "<iframe src=javascript:alert(1)>",
    "{raw}`<script>alert(1)</script>`", "```{raw} html\n<script>alert(1)</script>\n```", "<style>body{display:none}</style>",
    "[x](&#106;avascript:alert(1))", "<a href='#' onclick='alert(1)'>x</a>", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "<details open ontoggle=alert(1)>", "[x](vbscript:msgbox(1))", "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
]
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "img", "svg", "style", "link", "meta", "form", "base",
                  "details", "math", "input", "button", "textarea"}


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


@pytest.fixture(scope="module", params=["basic", "sphinx_book_theme"])
def payload_site(project_once, request):
    """The payloads in feedback blocks and a feedback file, built with Sphinx's plain theme and with the theme
    the site uses (which prints names and titles in places of its own)."""
    srcdir = project_once("feedback", f"payloads-{request.param}")
    blocks, entries = [], []
    for index, (author, url) in enumerate(zip(AUTHOR_PAYLOADS * 2, URL_PAYLOADS, strict=False)):
        body = BODY_PAYLOADS[index % len(BODY_PAYLOADS)]
        blocks.append(f"::::{{feedback}}\n:author: {author}\n:date: 2020-03-02\n:url: {url.strip()}\n\n{body}\n::::\n")
    for body in BODY_PAYLOADS:
        blocks.append(f"::::{{feedback}}\n:author: Body Tester\n:date: 2020-03-02\n\n{body}\n::::\n")
        entries.append(f"- author: {_yaml_text(AUTHOR_PAYLOADS[len(entries) % len(AUTHOR_PAYLOADS)])}\n"
                       f"  date: 2020-03-03\n  url: {_yaml_text(URL_PAYLOADS[len(entries) % len(URL_PAYLOADS)])}\n"
                       f"  body: {_yaml_text(body)}\n")
    blocks.append("::::{feedback}\n:author: Honest Reader\n:date: 2020-03-02\n\nSee [the notes](https://notes.example/).\n::::\n")
    report = srcdir / "reports/alpha/quiet.md"
    report.write_text(report.read_text() + "\n" + "\n".join(blocks))
    (srcdir / "feedback/alpha/quiet.yaml").write_text("".join(entries))
    app, _ = build_once(srcdir, confoverrides={"html_theme": request.param})
    return app


def test_payloads_produce_no_executable_markup(payload_site):
    page = html(payload_site, "reports/alpha/quiet")
    section = page.select_one("section.nl-feedback")
    entries = section.select("article.nl-feedback-entry")
    from_file = [entry for entry in entries if entry.header.time["datetime"] == "2020-03-03"]
    body_testers = [entry for entry in entries if entry["aria-label"] == "Feedback from Body Tester"]
    assert len(from_file) == len(body_testers) == len(BODY_PAYLOADS)
    for element in section.find_all(True):
        assert element.name not in FORBIDDEN_TAGS, element
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), element
            if attribute in ("href", "src", "action", "formaction", "xlink:href"):
                assert re.match(r"^(https?:|mailto:|#)", value), element
    assert not any("alert" in script.get_text() for script in page.find_all("script"))
    for element in page.find_all(True):  # the whole page: what the theme prints of names and titles too
        assert not any(attribute.lower().startswith("on") and "alert" in str(value)
                       for attribute, value in element.attrs.items()), element
        for attribute in ("href", "src", "action", "formaction", "xlink:href"):
            assert not re.match(r"\s*(javascript|vbscript|data):", element.get(attribute) or "", re.I), element


def test_payload_markup_is_shown_as_text(payload_site):
    section = html(payload_site, "reports/alpha/quiet").select_one("section.nl-feedback")
    text = section.get_text()
    assert "<script>alert(“body”)</script>" in text  # docutils' smart quotes, escaped markup
    assert "<script>alert(“author”)</script>" in text
    assert "Mallorygnp.exe" in text  # the right-to-left override is dropped from names
    links = section.select("article.nl-feedback-entry a[href]:not(.nl-permalink)")
    assert [a["href"] for a in links if not a["href"].startswith(("http", "mailto"))] == []
    assert "https://notes.example/" in [a["href"] for a in links]  # an honest link is kept
    permalinks = section.select("article.nl-feedback-entry a.nl-permalink")
    assert permalinks and all(a["href"].startswith("#comment-") for a in permalinks)
    assert not section.select("a.nl-feedback-author")  # an address with spaces and quotes is no web page


def test_payload_warnings_name_each_refused_link(payload_site):
    warnings = warnings_of(payload_site)
    for url in URL_PAYLOADS:
        assert any(f"feedback url {url!r} is not an http or https address" in line for line in warnings), url
    assert any("link to 'javascript:alert(1)' is not an http, https or mailto address" in line for line in warnings)
    assert any("'{raw}' is shown as text" in line for line in warnings)



def test_a_chain_of_reply_to_thousands_deep_is_bounded(project, build):
    """Each entry answering the one written after it (reply_to), a chain deeper than Python's recursion
    limit (lowered to 500 for the test, which a build of this site stays well under): the thread is built
    without recursion, shown 8 levels deep at most, and the build warns instead of failing."""
    srcdir = project("feedback")
    chain = 600
    entries = [f"- id: e{number}\n  author: Reader {number}\n  date: 2020-03-01\n"
               + (f"  reply_to: comment-e{number - 1}\n" if number else "") + "  body: Reply.\n"
               for number in reversed(range(chain))]
    (srcdir / "feedback/alpha/summit.yaml").write_text("".join(entries), encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(500)
    try:
        app, _ = build(srcdir)
    finally:
        sys.setrecursionlimit(limit)
    page = html(app, "reports/alpha/summit")
    deepest = max(len(entry.find_parents("article")) for entry in page.find_all("article", class_="nl-feedback-entry"))
    assert deepest <= 8
    assert page.find(id=f"comment-e{chain - 1}") is not None  # the last of the chain is still shown
    assert any("replies nested more than 8 deep are shown at the 8th level" in line for line in warnings_of(app))

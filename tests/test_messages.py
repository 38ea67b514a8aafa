"""Messages that say what to do: the YAML mistakes contributors make most, with the fixed line; an
unknown directive or role with the known name closest to it, in `newsletter check` and the build alike."""

from __future__ import annotations

import pytest
from conftest import run, sphinx_build

REPORT = "---\n{field}\nauthor: Jane Doe\ndate: 2012-06-01\n---\n\nBody.\n"


@pytest.mark.parametrize(("field", "line", "advice"), [
    ("title: Nova: the next cycle", 2, """a value with ': ' in it needs quotes: title: "Nova: the next cycle\""""),
    ('title: "Jim" and the summit', 2, """a value that starts with a quote must end with it; quote the whole """
                                       """value: title: '"Jim" and the summit'"""),
    ("title: 'It's here'", 2, """quote the whole value: title: "It's here\""""),
    ("title: @jane at the summit", 2, 'a value that starts with @ needs quotes: title: "@jane at the summit"'),
    ("title: `nova` at the summit", 2, 'a value that starts with ` needs quotes: title: "`nova` at the summit"'),
    ('title: "An unclosed quote', 2, """the quote opened in 'title: "An unclosed quote' is not closed: end the """
                                     "value with it"),
    ("title: Tabs\n\tlocation: Berlin", 3, "YAML separates and indents with spaces, not tabs: replace the tab "
                                               "with a space"),
    ("title: A list\ntags: [nova, summit", 3, "the list opened with [ in 'tags: [nova, summit' needs a closing ]"),
])
def test_a_yaml_mistake_gets_its_fix(sample_site, field, line, advice):
    path = sample_site / "reports/folsom/mistake.md"
    path.write_text(REPORT.format(field=field), encoding="utf-8")
    result = run("check", "reports/folsom/mistake.md", cwd=sample_site)
    assert result.returncode == 1
    assert f"reports/folsom/mistake.md:{line}: error: YAML syntax error:" in result.stdout
    assert advice in result.stdout, result.stdout


def test_a_feedback_file_gets_the_same_advice(sample_site):
    path = sample_site / "feedback/folsom/san-francisco-design-summit.yaml"
    path.write_text("- author: Ann\n  date: 2012-06-02\n  body: Thanks: the slides are up\n", encoding="utf-8")
    result = run("check", "--strict", cwd=sample_site)
    assert ("feedback/folsom/san-francisco-design-summit.yaml:3: error: YAML syntax error: mapping values are not "
            """allowed in this context; a value with ': ' in it needs quotes:   body: "Thanks: the slides are up\"""") in (
        result.stdout)


BODY = ("---\ntitle: Names\nauthor: Jane Doe\ndate: 2012-06-01\n---\n\n```{notee}\nText.\n```\n\n"
        "See {reff}`x` and {abbrr}`a (b)`.\n")


def test_an_unknown_directive_or_role_names_the_closest_known_one_in_check_and_build(sample_site):
    (sample_site / "reports/folsom/names.md").write_text(BODY, encoding="utf-8")
    expected = ["reports/folsom/names.md:7: warning: Unknown directive type: 'notee'; did you mean 'note'? "
                "[myst.directive_unknown]",
                """reports/folsom/names.md:11: warning: Unknown interpreted text role "reff"; did you mean 'ref'? """
                "[myst.role_unknown]",
                """reports/folsom/names.md:11: warning: Unknown interpreted text role "abbrr"; did you mean 'abbr'? """
                "[myst.role_unknown]"]
    checked = run("check", "--strict", "reports/folsom/names.md", cwd=sample_site)
    assert checked.returncode == 1 and checked.stdout.splitlines() == expected
    built = sphinx_build(sample_site, "-W", "--keep-going")
    assert built.returncode != 0
    for line in expected:
        path, _, rest = line.partition(": warning: ")
        assert f"{path}: WARNING: {rest}" in built.stderr


def test_a_name_close_to_nothing_gets_no_guess(sample_site):
    (sample_site / "reports/folsom/names.md").write_text(BODY.replace("notee", "zqxwv"), encoding="utf-8")
    checked = run("check", "reports/folsom/names.md", cwd=sample_site)
    assert "Unknown directive type: 'zqxwv' [myst.directive_unknown]" in checked.stdout


def test_new_writes_tags_as_the_site_spells_them(sample_site):
    result = run("new", "Tags as the site spells them", "--author", "Jane Doe", "--date", "2012-06-10",
                 "--tags", "Design Summit, Nova, Conferences, Cloud Storage, nova", cwd=sample_site)
    assert result.returncode == 0, result.stderr
    written = (sample_site / result.stdout.strip()).read_text(encoding="utf-8")
    assert "tags: [design-summit, nova, conference, cloud-storage]\n" in written
    assert result.stderr.splitlines() == [
        "newsletter new: tag 'Design Summit' written as 'design-summit', as the site spells it",
        "newsletter new: tag 'Nova' written as 'nova', as the site spells it",
        "newsletter new: tag 'Conferences' written as 'conference', as the site spells it",
        "newsletter new: tag 'Cloud Storage' written as 'cloud-storage' (a new tag, written as its slug)"]


TAGGED = ("---\ntitle: Tagged otherwise\nauthor: Jane Doe\ndate: 2012-06-01\ntags: [Design Summit, Communities, nova]\n"
          "---\n\nBody.\n")


def test_a_tag_spelt_another_way_is_named_with_the_sites_spelling_and_sections_match_by_slug(sample_site):
    (sample_site / "reports/folsom/tagged.md").write_text(TAGGED, encoding="utf-8")
    checked = run("check", "--strict", "reports/folsom/tagged.md", cwd=sample_site)
    assert checked.stdout.splitlines() == [
        "reports/folsom/tagged.md:5: warning: tag 'Design Summit' is 'design-summit' spelt another way (as "
        "newsletter_sections in conf.py has it): write 'design-summit' [newsletter.tag]",
        "reports/folsom/tagged.md:5: warning: tag 'Communities' is 'community' spelt another way (as 3 reports "
        "spell it): write 'community' [newsletter.tag]"]
    built = sphinx_build(sample_site, "-W", "--keep-going")
    assert built.returncode != 0 and "tagged.md:5: WARNING: tag 'Design Summit' is 'design-summit'" in built.stderr
    quiet = sphinx_build(sample_site, "-D", "suppress_warnings=newsletter.tag", out="_build/quiet")
    assert quiet.returncode == 0
    from bs4 import BeautifulSoup

    page = BeautifulSoup((sample_site / "_build/quiet/editions/folsom.html").read_text(encoding="utf-8"), "html.parser")
    section = next(title for title in page.select(".nl-section-title") if title.get_text() == "Design summits")
    first = section.find_next("article")
    titles = []
    while first is not None and first.name == "article":
        titles.append(first.select_one(".nl-card-title").get_text(strip=True))
        first = first.find_next_sibling()
    assert "Tagged otherwise" in titles  # in its section: 'Design Summit' is the section's 'design-summit'


def test_the_preview_banner_names_what_keeps_a_report_out(sample_site):
    (sample_site / "reports/folsom/bad-date.md").write_text(
        "---\ntitle: Bad date\nauthor: Jane Doe\ndate: 2012-13-45\n---\n\nBody.\n", encoding="utf-8")
    built = sphinx_build(sample_site, "-D", "newsletter_show_drafts=1", out="_build/preview")
    assert built.returncode == 0, built.stderr
    from bs4 import BeautifulSoup

    page = BeautifulSoup((sample_site / "_build/preview/reports/folsom/bad-date.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.select_one(".nl-banner").get_text() == (
        "This report is not listed in an edition until this is fixed: line 4: date '2012-13-45' is not a valid "
        "date: write it as YYYY-MM-DD, e.g. 'date: 2011-10-08'")


def test_a_feedback_option_with_a_stray_quote_is_one_message_with_its_fix(sample_site):
    (sample_site / "reports/folsom/quoted.md").write_text(
        '---\ntitle: Quoted author\nauthor: Jane Doe\ndate: 2012-06-01\n---\n\nBody.\n\n```{feedback}\n'
        ':author: "Jim" Smith\n:date: 2012-06-02\n\nNice report.\n```\n', encoding="utf-8")
    message = ("reports/folsom/quoted.md:10: {} feedback options cannot be read (expected key to start at column 0); "
               "put a value that starts with a quote in single quotes, e.g. :author: '\"Jim\" Smith' (this feedback "
               "is left out until it is fixed) [newsletter.bad_value]")
    checked = run("check", "reports/folsom/quoted.md", cwd=sample_site)
    assert checked.stdout.splitlines() == [message.format("error:")]
    built = sphinx_build(sample_site)
    assert [line for line in built.stderr.splitlines() if "quoted.md" in line] == [
        str(sample_site / message.format("WARNING:"))]


WRAPPED = """---
title: Lines
author: Jane Doe
date: 2012-06-01
---

A paragraph wrapped as people wrap prose, with a fine [link](https://example.org/) on its first line,
a hard break at the end of its second line, with an {abbrr}`unknown role`\\
and a [bad link](chrome://settings) on its third, some `code`,
then <b onclick="steal()">inline HTML</b> on its fourth and **strong
words** over two lines before a {download}`download <../../conf.py>` on its fifth.
"""


def test_a_problem_inside_a_wrapped_paragraph_is_told_at_its_own_line_in_check_and_build(sample_site):
    """MyST gives a paragraph's links, roles and inline HTML the paragraph's first line: a problem on its fifth
    line was told at its first (and a node a role made, at the document's last line)."""
    (sample_site / "reports/folsom/lines.md").write_text(WRAPPED, encoding="utf-8")
    expected = [("8", 'Unknown interpreted text role "abbrr"; did you mean'),
                ("9", "'myst' cross-reference target not found: 'chrome://settings'"),
                ("10", "raw HTML: removed onclick on <b>"), ("11", "download '../../conf.py' is left out")]
    checked = run("check", "--strict", "reports/folsom/lines.md", cwd=sample_site)
    told = sorted((line.removeprefix("reports/folsom/lines.md:").split(": warning: ")
                   for line in checked.stdout.splitlines() if line.startswith("reports/folsom/lines.md:")),
                  key=lambda told: int(told[0]))
    assert len(told) == len(expected), told
    assert [(line, message[:len(start)]) for (line, message), (_, start) in zip(told, expected, strict=True)] == (
        expected), told
    built = sphinx_build(sample_site, "-W", "--keep-going")
    assert sorted((line.partition("reports/folsom/lines.md:")[2].split(": WARNING: ")
                   for line in built.stderr.splitlines() if "reports/folsom/lines.md:" in line),
                  key=lambda told: int(told[0])) == told, built.stderr

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

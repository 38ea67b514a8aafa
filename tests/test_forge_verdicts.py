"""Where readers leave feedback and what a problem says, with verdicts written by hand: this repository
address gives that issue form, this problem is blocking. No site is built; ``make mutation`` mutates the
code these tests pin (``core/forge.py``, ``core/problems.py``)."""

from __future__ import annotations

import pytest

from sphinx_newsletter.core.forge import GitHub, forge_for
from sphinx_newsletter.core.problems import N_, NewsletterWarning, OtherWarning, Problem

NOT_GITHUB = ("newsletter_repository_url {!r} is not a GitHub repository address: write it as "
              "https://github.com/<owner>/<name> (other forges are not supported yet)")


@pytest.mark.parametrize(("url", "forge"), [
    ("https://github.com/openstack/newsletter", GitHub("openstack", "newsletter")),
    ("https://github.com/openstack/newsletter/", GitHub("openstack", "newsletter")),
    ("https://github.com/openstack/newsletter.git", GitHub("openstack", "newsletter")),
    ("  https://github.com/a-b/c.d_e  ", GitHub("a-b", "c.d_e")),
    ("https://github.com/" + "o" * 39 + "/n", GitHub("o" * 39, "n")),
    ("https://github.com/o/" + "n" * 100, GitHub("o", "n" * 100)),
])
def test_a_github_repository(url, forge):
    assert forge_for(url) == (forge, None)


@pytest.mark.parametrize("url", [
    "http://github.com/o/n", "https://gitlab.com/o/n", "https://github.com/o", "https://github.com/o/n/issues",
    "https://github.com/-o/n", "https://github.com/" + "o" * 40 + "/n", "https://github.com/o/" + "n" * 101,
    "https://github.com/o/.", "https://github.com/o/..", "https://github.com/o/n?x=1", "https://github.com/o_o/n",
])
def test_not_a_github_repository(url):
    assert forge_for(url) == (None, NOT_GITHUB.format(url))


def test_no_address_is_no_forge():
    assert forge_for("") == (None, None)


def test_the_issue_form_prefilled():
    forge = GitHub("o", "n")
    assert forge.feedback_url("reports/essex/a.md", "Back & forth") == (
        "https://github.com/o/n/issues/new?template=feedback.yml&title=Feedback%3A+Back+%26+forth"
        "&report=reports%2Fessex%2Fa.md")
    assert forge.feedback_url("reports/essex/a.md", "T", reply_to="comment-2011-10-09-jane") == (
        "https://github.com/o/n/issues/new?template=feedback.yml&title=Reply%3A+T&report=reports%2Fessex%2Fa.md"
        "&reply_to=comment-2011-10-09-jane")
    long = forge.feedback_url("r", "x" * 300)
    assert "title=Feedback%3A+" + "x" * 190 + "&report=r" in long


def test_what_a_problem_is():
    left_out = Problem(3, NewsletterWarning.BAD_VALUE, "wrong", "left out")
    warned = Problem(3, NewsletterWarning.BAD_VALUE, "wrong")
    changed = Problem(1, NewsletterWarning.FROZEN, "changed", error=True)
    assert (left_out.blocking, left_out.is_error, left_out.text) == (True, True, "wrong (left out)")
    assert (warned.blocking, warned.is_error, warned.text) == (False, False, "wrong")
    assert (changed.blocking, changed.is_error, changed.text) == (False, True, "changed")
    assert OtherWarning("image", "not_readable").value == "not_readable"
    assert N_("Tags") == "Tags"

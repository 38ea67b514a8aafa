"""A MyST blog's own directives converted to what they show, with verdicts written by hand: this block becomes
that one, with this note for the editor. No site is built; ``make mutation`` mutates the code these tests pin
(``importing/directives.py``)."""

from __future__ import annotations

import pytest

from sphinx_newsletter.importing import directives
from sphinx_newsletter.importing.directives import convert_directives
from sphinx_newsletter.importing.markup import Conversion

CELL = "a notebook code cell ({code-cell}) became a code block (its outputs are not in the post)"
SOCIAL = "an embedded social-media post ({socialpost}) became a link to it"
NO_SOCIAL = "an embedded social-media post ({socialpost}) without a web address is left out"
QUOTED = "an option value starting with # (text to mystmd, a comment to MyST-Parser) was quoted"


def converted(text: str) -> tuple[str, list[str]]:
    conversion = Conversion()
    return convert_directives(text, conversion), conversion.notes


@pytest.mark.parametrize(("text", "result", "notes"), [
    ("```{code-cell} ipython3\n:tags: [hide]\nprint(1)\n```", "```python\nprint(1)\n```", [CELL]),
    ("```{code-cell} IPython\nx\n```", "```python\nx\n```", [CELL]),
    ("```{code-cell} r\nx\n```", "```r\nx\n```", [CELL]),
    ("```{code-cell} bad lang\nx\n```", "```\nx\n```", [CELL]),
    ("```{code-cell} " + "c" * 41 + "\nx\n```", "```\nx\n```", [CELL]),
    ("```{socialpost} https://mastodon.example/@a/1\n```", "<https://mastodon.example/@a/1>", [SOCIAL]),
    ("```{socialpost}\nhttps://x.example/a\n```", "<https://x.example/a>", [SOCIAL]),
    ("```{socialpost}\nhttps://x.example/a b\n```", "", [NO_SOCIAL]),
    ("```{socialpost} https://x.example/<a>\n```", "", [NO_SOCIAL]),
    ("```{socialpost} javascript:x\n```", "", [NO_SOCIAL]),
    ("```{postlist} 5\n:date: %Y\n```", "", ["ABlog's list of the blog's posts ({postlist}) is left out: the editions "
                                           "list the reports"]),
    ("```{update-list}\n```", "", ["ABlog's list of the blog's posts ({update-list}) is left out: the editions list the "
                                  "reports"]),
    ("::::{grid} 2\n:::{grid-item-card} Card\n:link: https://e.org/c\nInside *card*\n:::\n::::",
     "**[Card](<https://e.org/c>)**\n\nInside *card*", []),
    ("```{card}\n:header: Head\n:link: javascript:x\nBody\n```", "**Head**\n\nBody", []),
    ("```{card}\nBody only\n```", "Body only", []),
    ("```{grid-item}\n\nText\n\n```", "Text", []),
    ("```{dropdown}\nHidden\n```", "```{admonition} Details\n:class: dropdown\nHidden\n```", []),
    ("```{tab-item} Python\ncode\n```", "```{admonition} Python\n:class: tab-item\ncode\n```", []),
    ("```{tab-item}\ncode\n```", "```{admonition}\n:class: tab-item\ncode\n```", []),
    ("```{note} A title\nBody\n```", "```{admonition} A title\n:class: note\nBody\n```", []),
    ("```{warning} T\n:class: extra warning\n:name: x\nBody\n```",
     "```{admonition} T\n:class: warning extra\n:name: x\nBody\n```", []),
    ("```{tip} T\n---\nclass: x\n---\nBody\n```", "```{admonition} T\n---\nclass: x\n---\nBody\n```", []),
    ("```{literalinclude} file.py\n:start-at: # Deploy \"now\" \\ here\n```",
     "```{literalinclude} file.py\n:start-at: \"# Deploy \\\"now\\\" \\\\ here\"\n```", [QUOTED]),
    ("````{admonition} Outer\n```{dropdown} In\nx\n```\n````",
     "````{admonition} Outer\n```{admonition} In\n:class: dropdown\nx\n```\n````", []),
    ("````{note} T\n```{postlist}\n```\n````", "", [
        "ABlog's list of the blog's posts ({postlist}) is left out: the editions list the reports",
        "a {note} block left empty by what was left out of it is left out too"]),
    ("- item\n\n  ```{dropdown} D\n  text\n\n  more\n  ```\n- next",
     "- item\n\n  ```{admonition} D\n  :class: dropdown\n  text\n\n  more\n  ```\n- next", []),
    ("1. a\n\n   :::{tab-item} T\n   x\n   :::\n", "1. a\n\n   :::{admonition} T\n   :class: tab-item\n   x\n   :::\n", []),
    ("Before\n\n```{dropdown} D\nx", "Before\n\n```{admonition} D\n:class: dropdown\nx\n```", []),  # closed
    ("```{card} Title\nBody\n```", "**Title**\n\nBody", []),
    ("```{card} T\n:link: http://e.org/c\n    indented code\nX\n```", "**[T](<http://e.org/c>)**\n\n    indented code\nX", []),
    ("```{grid}\nX marks\n```", "X marks", []), ("```{grid}\n    code\n```", "    code", []),
    ("```{socialpost} http://x.example/a\n```", "<http://x.example/a>", [SOCIAL]),
    ("```{note} T\nBody X\n```", "```{admonition} T\n:class: note\nBody X\n```", []),
    ("```{note} T\nBody  \n```", "```{admonition} T\n:class: note\nBody  \n```", []),
    ("````{admonition} T\n```{postlist}\n```\n````", "", [
        "ABlog's list of the blog's posts ({postlist}) is left out: the editions list the reports",
        "a {admonition} block left empty by what was left out of it is left out too"]),
    ("```{tip} T\n---\n---\nBody\n```", "```{admonition} T\n---\n---\nBody\n```", []),
    ("```{code-cell} python\n---\ntags: [x]\n---\nprint(1)\n```", "```python\nprint(1)\n```", [CELL]),
    ("```{code-cell} python\nx = 1\n---\ny\n```", "```python\nx = 1\n---\ny\n```", [CELL]),
    ("```python\nx\n```\n\n```{dropdown} D\ny\n```", "```python\nx\n```\n\n```{admonition} D\n:class: dropdown\ny\n```",
     []),
    ("> ```{dropdown} A\n> x\n> ```\n\n```{dropdown} B\ny\n```",
     "> ```{dropdown} A\n> x\n> ```\n\n```{admonition} B\n:class: dropdown\ny\n```", []),
])
def test_a_directive_becomes_what_it_shows(text, result, notes):
    assert converted(text) == (result, notes)


@pytest.mark.parametrize("text", [
    "```{note}\nBody\n```", "```{literalinclude} file.py\n:lines: 1-2\n```", "```python\n{code}\n```",
    "- ```{dropdown} D\n  text\n  ```", "> ```{dropdown} D\n> text\n> ```", "Term\n: ```{dropdown} D\n  x\n  ```",
    "No directive at all", "```{unknown} x\nbody\n```", "````{admonition} T\nplain\n````",
    "```{container}\n\nplain\n\n```", "```{literalinclude} a.py\n:lines: 1\n:emphasize-lines: 1\n```",
])
def test_everything_else_is_left_as_written(text):
    assert converted(text) == (text, [])


def test_an_admonition_holding_a_converted_block_is_written_again():
    assert converted("````{admonition} T\n:class: c\n```{code-cell}\nx\n```\n````") == (
        "````{admonition} T\n:class: c\n```\nx\n```\n````", [CELL])


def test_depth_is_bounded(monkeypatch):
    nested = "`````{note}\n````{note}\n```{dropdown} D\nx\n```\n````\n`````"
    assert converted(nested)[0] == "`````{note}\n````{note}\n```{admonition} D\n:class: dropdown\nx\n```\n````\n`````"
    monkeypatch.setattr(directives, "MAX_DEPTH", 2)
    assert converted(nested)[0] != nested  # the dropdown is at depth 2
    monkeypatch.setattr(directives, "MAX_DEPTH", 1)
    assert converted(nested)[0] == nested
    assert convert_directives("```{dropdown} D\nx\n```", Conversion(), depth=2) == "```{dropdown} D\nx\n```"
    assert convert_directives("```{dropdown} D\nx\n```", Conversion(), depth=1) != "```{dropdown} D\nx\n```"

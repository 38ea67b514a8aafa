"""The output policy where pages are written: one small site on the real theme, built in this process with
the HTML, single-page and EPUB builders, with verdicts written by hand (this attribute gone, that class
kept, this warning at that line). Small enough for ``make mutation`` to run for every mutant of the
translator (``safety/html.py``); ``tests/test_hostile.py`` holds the full set of payloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from conftest import build_here, write_sources

CONF = """\
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))  # the site's own extension, beside conf.py
extensions = ["sphinx_newsletter", "site_extension"]
project = "Guard"
newsletter_site_pages = ["index", "own"]
newsletter_cycles = [{"name": "alpha", "title": "Alpha", "start": "2020-01-01"}]
newsletter_offline = False
myst_enable_extensions = ["strikethrough", "tasklist", "dollarmath"]
html_theme = "sphinx_book_theme"
"""
INDEX = """\
Guard
=====

.. meta::
   :keywords: ours

.. raw:: html

   <script class="nl-own">own()</script>

.. toctree::

   reports/alpha/r
   reports/alpha/tasks
"""
OWN = """\
# Own

<b onclick="own()">own</b> [link](javascript:own())
"""
REPORT = """\
---
title: Report <i>raw</i>
author: Ann
date: 2020-02-01
---

Inline <sub>x</sub> and <i onclick="y()">in</i>.<br>

```{eval-rst}
.. meta::
   :description: evil

.. container:: nl-byline keep

   contained

`bad <javascript:alert(1)>`_ and `good <https://example.org/>`_
```

Math $\\href{javascript:x}{a}$ and $x^2$.

- [ ] Buy milk
- [x] Done

~~gone~~ and a hard break\\
here.

$$\\href{javascript:y}{b}$$

```{feedback}
:author: Li
:date: 2020-02-03

Thanks.
```
"""
TASKS = """\
---
title: Tasks
author: Cy
date: 2020-02-04
---

- [ ] Only a task, and no HTML of the author's.

```{toctree}
:caption: Related

r
../../own
Elsewhere <https://example.org/elsewhere>
Payload <javascript://%0Aalert(9)>
```

```{toctree}
:maxdepth: 1
:caption: Briefly

r
```

```{toctree}
:hidden:

open
```
"""
OPEN = """\
---
title: Open
author: Bo
date: 2020-02-02
---

<div class="wrapper">

Text inside a div left open.
"""
UNSAFE = [  # a meta tag has no line of its own: it is named at its {eval-rst} block's first line
    "reports/alpha/r.md:7: WARNING: raw HTML: removed onclick on <i> [newsletter.unsafe]",
    "reports/alpha/r.md:9: WARNING: meta tags are not allowed in reports and are left out [newsletter.unsafe]",
    "reports/alpha/r.md:13: WARNING: the class nl-byline belongs to the newsletter's own markup and is removed "
    "[newsletter.unsafe]",
    "reports/alpha/r.md:17: WARNING: link or source 'javascript:alert(1)' is left out: links and sources are relative "
    "or use http, https, mailto, ftp, tel or another scheme SECURITY.md lists [newsletter.unsafe]",
    "reports/alpha/r.md:28: WARNING: math: removed \\href{javascript:y} (links use the schemes SECURITY.md lists; "
    "macros and extensions cannot be defined in reports) [newsletter.unsafe]",
    "reports/alpha/r.md:20: WARNING: math: removed \\href{javascript:x} (links use the schemes SECURITY.md lists; "
    "macros and extensions cannot be defined in reports) [newsletter.unsafe]",
]
LISTED = ("reports/alpha/tasks.md:9: WARNING: link or source 'javascript://%0Aalert(9)' is left out: links and sources "
          "are relative or use http, https, mailto, ftp, tel or another scheme SECURITY.md lists [newsletter.unsafe]")
"""A toctree's entry in a report, named at the toctree."""


SITE_EXTENSION = """\
# A site's own extension whose handlers run at the default priority: the policy must still hold after them.

from sphinx.writers.html5 import HTML5Translator


class PlainTranslator(HTML5Translator):
    pass


def plain_translator(app):
    app.set_translator(app.builder.name, PlainTranslator, override=True)


def exclude_private(app, config):
    config.exclude_patterns = [*config.exclude_patterns, "private/**"]


def setup(app):
    app.connect("builder-inited", plain_translator)
    app.connect("config-inited", exclude_private)
"""


def build(folder: Path, builder: str) -> tuple[Path, list[str], Any]:
    """The site built afresh by ``builder`` in this process; its newsletter warnings, folder made relative;
    the application."""
    srcdir = write_sources(folder / "site", {
        "conf.py": CONF, "site_extension.py": SITE_EXTENSION, "index.rst": INDEX, "own.md": OWN,
        "reports/alpha/r.md": REPORT, "reports/alpha/open.md": OPEN, "reports/alpha/tasks.md": TASKS,
        "private/draft.md": "# Private\n"})
    app, warnings = build_here(srcdir, folder, builder)
    return Path(app.outdir), [line for line in warnings if "newsletter." in line], app


def page(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def body_of(out: Path, name: str) -> str:
    text = page(out, name)
    return text[text.index('<article class="bd-article">'):text.index("</article>")]


# Each test makes the build it checks (make mutation runs, for a mutant, the tests that ran its code).

def test_the_html_builder(tmp_path):
    out, warnings, app = build(tmp_path, "html")
    assert sorted(warnings) == sorted([*UNSAFE, LISTED])  # each removal a typed warning at its line; no other file refused
    report = page(out, "reports/alpha/r.html")
    body = body_of(out, "reports/alpha/r.html")
    assert body.split(">", 1)[1].lstrip().startswith("<div data-pagefind-body>")  # the first markup kept
    assert '<meta property="article:published_time" content="2020-02-01" />' in report
    assert '<section class="tex2jax_ignore mathjax_ignore" id="report-i-raw-i">\n<h1>' in body
    for kept in ["<p>Inline <sub>x</sub> and <i>in</i>.<br></p>", '<div class="keep docutils container">\n<p>contained',
                 '<a class="reference external">bad</a>',
                 '<a class="reference external" href="https://example.org/">good</a>',
                 r"\(\href{#}{a}\)", r"\(x^2\)", "<s>gone</s> and a hard break<br />\nhere.",
                 '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox" aria-label="Buy milk">',
                 '<input class="task-list-item-checkbox" checked="checked" disabled="disabled" type="checkbox" '
                 'aria-label="Done">', r"\[\href{#}{b}\]", '<section class="nl-feedback"',
                 '<span class="nl-feedback-author">Li</span>']:
        assert kept in body, kept
    for gone in ["onclick", "javascript", "nl-byline keep", "evil", "<i>raw</i>"]:
        assert gone not in report, gone
    assert '<h1>Report &lt;i&gt;raw&lt;/i&gt;</h1>' in report  # the theme's print header, filled after ours

    index = page(out, "index.html")  # the site's own pages, as their editors wrote them
    assert '<script class="nl-own">own()</script>' in index
    assert '<meta content="ours" name="keywords" />' in index
    assert '<b onclick="own()">own</b>' in page(out, "own.html")

    soup = BeautifulSoup(page(out, "reports/alpha/open.html"), "html.parser")  # an element left open ends
    wrapper = soup.select_one("div.wrapper")  # before the extension's markup
    assert wrapper.get_text(" ", strip=True) == "Text inside a div left open."
    assert soup.select_one(".nl-pager") is not None and wrapper.select(".nl-pager") == []

    shown = BeautifulSoup(body_of(out, "reports/alpha/tasks.html"), "html.parser").select("div.toctree-wrapper")
    assert [part.select_one("p.caption").get_text() for part in shown] == ["Related", "Briefly"]  # no hidden one
    assert [(a.get("href"), a.get_text()) for a in shown[0].find_all("a")] == [
        ("r.html", "Report <i>raw</i>"), ("r.html#reader-feedback", "Reader feedback"),  # to every depth, as Sphinx
        ("../../own.html", "Own"), ("https://example.org/elsewhere", "Elsewhere"), (None, "Payload")]
    assert [(a.get("href"), a.get_text()) for a in shown[1].find_all("a")] == [("r.html", "Report <i>raw</i>")]
    assert {docname: pages for docname, pages in app.env.toctree_includes.items() if "reports/" in docname} == {}
    assert app.env.files_to_rebuild["reports/alpha/r"] == {"index", "reports/alpha/tasks"}  # its title shows there
    assert app.env.files_to_rebuild["own"] == {"reports/alpha/tasks"}
    assert "reports/alpha/open" not in app.env.files_to_rebuild  # listed only by the hidden toctree


def test_the_single_page_builder_guards_the_reports_it_inlines(tmp_path):
    out, warnings, _ = build(tmp_path, "singlehtml")
    text = page(out, "index.html")
    assert '<script class="nl-own">own()</script>' in text
    assert "<p>Inline <sub>x</sub> and <i>in</i>.<br></p>" in text and "onclick" not in text
    assert 'aria-label="Buy milk"' in text and "javascript" not in text
    assert r"\(\href{#}{a}\)" in text
    assert sorted(warnings) == sorted([*UNSAFE, LISTED])
    assert '<a class="reference internal" href="#document-reports/alpha/r">Report &lt;i&gt;raw&lt;/i&gt;</a>' in text


def test_the_epub_builder_writes_xhtml_as_guarded(tmp_path):
    out, _, _ = build(tmp_path, "epub")
    text = page(out, "reports/alpha/r.xhtml")
    assert "<p>Inline <sub>x</sub> and <i>in</i>.<br /></p>" in text
    assert ('<input class="task-list-item-checkbox" disabled="disabled" type="checkbox" aria-label="Buy milk" />'
            in text)
    assert "<s>gone</s> and a hard break<br />\nhere." in text
    assert r"\(\href{#}{a}\)" in text
    assert "onclick" not in text and "javascript" not in text and "evil" not in text
    assert ('<input class="task-list-item-checkbox" disabled="disabled" type="checkbox" aria-label="Only a task, and '
            'no HTML of the author’s." />') in page(out, "reports/alpha/tasks.xhtml")

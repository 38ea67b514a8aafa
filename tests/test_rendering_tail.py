"""The rendering tail of real pages (This Week in Rust, Jekyll blogs): text that only looks like a tag,
noscript and textarea content, frames from video hosts, refused images that were links, and advice that
names the setting a site-wide image folder needs. Built with the site's own theme."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import sphinx_build

REPORT = """---
title: Tail
author: Ann
date: 2012-06-20
---

Use `AsRef` as AsRef<Path> and Vec<u8> with <T> in prose, and Result<Option> as Option<Result>.

<noscript><p>Enable <b>scripts</b> for the map.</p></noscript>

<textarea>
first line
second <line>
</textarea>

<iframe width="560" src="https://www.youtube.com/embed/abc123" title="The keynote"></iframe>

[![The booth](../../_static/booth.png)](https://example.org/booth)

![Logo](/assets/logo.png)

Fetch [the tarball](ftp://ftp.example.org/pub/nova.tar.gz), call <tel:+41446681800>, join
<a href="irc://irc.libera.chat/openstack">#openstack</a>, cite [the paper](doi:10.1186/gm483).
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import copy_sample_site

    site = copy_sample_site(tmp_path_factory.mktemp("tail") / "site")
    (site / "reports/folsom/tail.md").write_text(REPORT)
    result = sphinx_build(site)
    page = BeautifulSoup((site / "_build/html/reports/folsom/tail.html").read_text(), "html.parser")
    return page.select_one("article.bd-article"), result.stderr


def test_text_that_only_looks_like_a_tag_is_shown_without_a_warning(built):
    article, warnings = built
    assert ("as AsRef<Path> and Vec<u8> with <T> in prose, and Result<Option> as Option<Result>."
            in " ".join(article.get_text().split()))
    assert "Path" not in warnings and "u8" not in warnings and "Option" not in warnings.replace("_Option", "")


def test_noscript_and_textarea_show_what_a_reader_without_scripts_sees(built):
    article, warnings = built
    assert article.find("b", string="scripts") is not None  # markup, not escaped text
    assert "first line\nsecond <line>" in article.find("pre").get_text()
    assert "noscript" not in warnings and "textarea" not in warnings


def test_links_to_other_programs_are_kept_and_an_unknown_scheme_is_what_myst_makes_it(built):
    article, warnings = built
    assert article.find("a", string="the tarball")["href"] == "ftp://ftp.example.org/pub/nova.tar.gz"
    assert article.find("a", string="tel:+41446681800")["href"] == "tel:+41446681800"
    assert article.find("a", string="#openstack")["href"] == "irc://irc.libera.chat/openstack"
    assert "ftp:" not in warnings and "tel:" not in warnings and "irc:" not in warnings
    assert article.find("a", href=lambda href: href and href.startswith("doi:")) is None
    assert "cite the paper." in " ".join(article.get_text().split())
    assert "WARNING: 'myst' cross-reference target not found: 'doi:10.1186/gm483' [myst.xref_missing]" in warnings


def test_a_frame_from_a_video_host_becomes_a_link(built):
    article, warnings = built
    link = article.find("a", string="The keynote")
    assert link is not None and link["href"] == "https://www.youtube.com/watch?v=abc123"
    assert "iframe" not in warnings


def test_a_refused_image_keeps_its_link_and_a_site_folder_names_the_setting(built):
    article, warnings = built
    link = article.find("a", href="https://example.org/booth")
    assert link is not None and link.get_text(strip=True) == "The booth"
    assert 'allow the site\'s folder with newsletter_asset_dirs = ["assets"] in conf.py' in warnings


def test_literalinclude_shows_a_text_file_beside_the_report_and_nothing_else(sample_site):
    import os

    from conftest import run

    folder = sample_site / "reports/folsom"
    (folder / "nova.conf").write_text("[DEFAULT]\nverbose = True\n")
    os.symlink("../../conf.py", folder / "linked.py")
    (folder / "code.md").write_text("---\ntitle: Code\nauthor: Ann\ndate: 2012-06-20\n---\n\n"
                                    "```{literalinclude} nova.conf\n```\n\n```{literalinclude} ../../conf.py\n```\n\n"
                                    "```{literalinclude} linked.py\n```\n")
    result = sphinx_build(sample_site)
    page = (sample_site / "_build/html/reports/folsom/code.html").read_text()
    assert "verbose" in page and "newsletter_cycles" not in page and "html_baseurl" not in page
    refusals = [line for line in result.stderr.splitlines() if "literalinclude" in line]
    assert len(refusals) == 2 and all("[newsletter.refused]" in line for line in refusals)
    assert "symbolic links are not followed" in refusals[1]
    checked = run("check", "reports/folsom/code.md", cwd=sample_site)
    assert [line.split(": warning: ")[1] for line in checked.stdout.splitlines() if "literalinclude" in line] == \
        [line.split(": WARNING: ")[1] for line in refusals]


INCLUDING = """---
title: Parts
author: Ann
date: 2012-06-20
---

```{include} agenda.txt
```

```{include} nova.conf
:literal:
```

```{include} ../../conf.py
```

```{include} linked.txt
```

```{include} other.md
```

```{include} loop.txt
```
"""


def test_include_renders_a_part_beside_the_report_and_nothing_else(sample_site):
    """``{include}`` takes a text file of the report's own folder, parsed as MyST (or shown as text with
    ``:literal:``); files outside, links, ``.md`` (a report of its own) and an include of itself are
    refused with their reason, in the build and in ``check`` alike. The part goes through the same output
    policy as the report: its script is removed, and reST in it still cannot insert files."""
    import os

    from conftest import run

    folder = sample_site / "reports/folsom"
    (folder / "agenda.txt").write_text("## Agenda\n\nThe *design* sessions.\n\n<script>alert(1)</script>\n\n"
                                       "```{eval-rst}\n.. include:: ../../conf.py\n```\n")
    (folder / "nova.conf").write_text("[DEFAULT]\nverbose = <True>\n")
    os.symlink("../../conf.py", folder / "linked.txt")
    (folder / "other.md").write_text("---\ntitle: Other\nauthor: Bo\ndate: 2012-06-21\n---\n\nOther.\n")
    (folder / "loop.txt").write_text("Looping.\n\n```{include} loop.txt\n```\n")
    (folder / "parts.md").write_text(INCLUDING)
    result = sphinx_build(sample_site)
    article = BeautifulSoup((sample_site / "_build/html/reports/folsom/parts.html").read_text(),
                            "html.parser").select_one("article.bd-article")
    assert article.find("section", id="agenda").h2.get_text() == "Agenda#" and article.find("em", string="design") is not None
    assert "verbose = <True>" in article.find("pre").get_text()
    assert article.get_text().count("Looping.") == 1
    page = str(article)
    assert "alert(1)" not in page and "newsletter_cycles" not in page and "html_baseurl" not in page
    assert "Traceback" not in result.stderr
    messages = [line.split(": WARNING: ")[1] for line in result.stderr.splitlines() if ": WARNING: " in line
                and "parts.md" in line]
    refusals = [message for message in messages if message.startswith("include ")]
    assert [message.split(" is left out: ")[0] for message in refusals] == [
        "include '../../conf.py'", "include 'linked.txt'", "include 'other.md'"]
    assert all(message.endswith("[newsletter.refused]") for message in refusals)
    assert "files must sit in reports/folsom/" in refusals[0] and "a report of its own" in refusals[2]
    assert any("loop.txt:3" in line and "includes itself" in line for line in result.stderr.splitlines())
    checked = run("check", "reports/folsom/parts.md", cwd=sample_site)
    assert [line.split(": warning: ")[1] for line in checked.stdout.splitlines()
            if "parts.md" in line and "include '" in line] == refusals
    assert any("agenda.txt:5" in line and "[newsletter.unsafe]" in line for line in result.stderr.splitlines())
    assert any("agenda.txt:5" in line and "[newsletter.unsafe]" in line for line in checked.stdout.splitlines())

"""Reader feedback: both sources merged into one thread under the report, replies, counts, builders."""

from __future__ import annotations

import pickle
from urllib.parse import unquote

import pytest
from conftest import html, warnings_of
from docutils import nodes

from sphinx_newsletter.adapters.feedback import feedback_entry


@pytest.fixture(scope="module")
def site(pristine):
    return pristine("feedback")


def thread(app, pagename):
    return html(app, pagename).select_one("section.nl-feedback")


def top_level_entries(section):
    return list(section.find_all("article", recursive=False))


def author_and_date(entry):
    return entry.header.select_one(".nl-feedback-author").get_text(), entry.header.time["datetime"]


def test_builds_without_warnings(site):
    assert warnings_of(site) == []


def test_thread_merges_both_sources_oldest_first(site):
    section = thread(site, "reports/alpha/summit")
    assert section.h2.get_text(strip=True).rstrip("#¶") == "Reader feedback"
    assert [author_and_date(entry) for entry in top_level_entries(section)] == [
        ("Alan Turing", "2020-02-11"), ("Jane Doe", "2020-02-12"),
        ("Edsger Dijkstra", "2020-02-15"), ("Grace Hopper", "2020-02-20")]


def test_thread_is_the_last_section_of_the_report(site):
    page = html(site, "reports/alpha/summit")
    body = page.select_one("section#summit-report")
    assert body.find_all("section", recursive=False)[-1]["class"] == ["nl-feedback"]
    assert "More body after the feedback block." in body.find("p", string=lambda s: s and "More body" in s).get_text()
    assert page.select_one("section.nl-feedback").find_previous("p").get_text() == "More body after the feedback block."


def test_entry_shows_linked_author_time_likes_and_body(site):
    jane = top_level_entries(thread(site, "reports/alpha/summit"))[1]
    assert jane["aria-label"] == "Feedback from Jane Doe"
    author = jane.header.select_one("a.nl-feedback-author")
    assert author["href"] == "https://example.org/jane" and "nofollow" in author["rel"]
    assert jane.header.time.get_text() == "12 February 2020"
    assert jane.header.select_one(".nl-likes").get_text() == "3 likes"
    body = jane.select_one(".nl-feedback-body")
    assert body.strong.get_text() == "their experience"


def test_empty_option_is_missing_not_the_word_none(project, build):
    srcdir = project("feedback")
    report = srcdir / "reports/alpha/quiet.md"
    report.write_text(report.read_text() + "\n:::{feedback}\n:author:\n:date: 2020-03-02\n\nHello.\n:::\n")
    app, _ = build(srcdir)
    assert any("quiet.md:11: WARNING: feedback has no author" in line for line in warnings_of(app))
    assert thread(app, "reports/alpha/quiet") is None


def test_report_without_feedback_has_no_thread(site):
    assert thread(site, "reports/alpha/quiet") is None


def test_feedback_counts_on_edition_front_page_and_indexes(site):
    def counts(pagename):
        return {card.select_one(".nl-card-title a").get_text():
                count.get_text(strip=True) if (count := card.select_one(".nl-feedback-count")) else None
                for card in html(site, pagename).select(".nl-card")}

    assert counts("editions/alpha") == {"Summit report": "6 comments", "Quiet report": None}
    assert count_on_edition(site, "Summit report") == "6 comments"
    assert counts("index") == counts("editions/alpha")
    assert counts("tags/summit")["Summit report"] == "6 comments"
    assert counts("authors/alan-turing")["Other report"] == "1 comment"
    link = html(site, "editions/alpha").select_one(".nl-feedback-count a")["href"]
    assert link == "../reports/alpha/summit.html#reader-feedback"


@pytest.mark.parametrize("buildername", ["text", "latex", "epub", "singlehtml", "man"])
def test_other_builders_show_feedback_as_text(project, build, buildername):
    app, _ = build(project("feedback"), buildername)
    assert warnings_of(app) == []
    if buildername == "text":
        text = " ".join((app.outdir / "reports/alpha/summit.txt").read_text().split())
        assert "Reader feedback" in text
        assert "Jane Doe · 12 February 2020 · 3 likes Thanks for the write-up." in text
        assert "Ada Lovelace · 13 February 2020 Thank you, Jane." in text


def test_latex_and_man_hold_the_feedback_of_reports_in_the_toctree(project, build):
    srcdir = project("feedback")
    (srcdir / "index.rst").write_text((srcdir / "index.rst").read_text() + "   reports/alpha/summit\n")
    app, _ = build(srcdir, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "Reader feedback" in tex and "Thanks for the write\\sphinxhyphen{}up" in tex
    app, _ = build(srcdir, "man")
    page = next(app.outdir.rglob("*.1")).read_text()
    assert "Reader feedback" in page and "Jane Doe" in page and "Thank you, Jane." in page


def count_on_edition(app, title):
    for card in html(app, "editions/alpha").select(".nl-card"):
        if card.select_one(".nl-card-title a").get_text() == title:
            count = card.select_one(".nl-feedback-count")
            return count.get_text(strip=True) if count else None
    raise AssertionError(title)


def test_adding_and_editing_a_feedback_file_updates_report_and_counts(project, build):
    srcdir = project("feedback")
    build(srcdir)
    new_file = srcdir / "feedback/alpha/quiet.yaml"
    new_file.write_text("- author: Tim Berners-Lee\n  date: 2020-03-02\n  body: First!\n")
    app, written = build(srcdir)
    assert author_and_date(top_level_entries(thread(app, "reports/alpha/quiet"))[0]) == ("Tim Berners-Lee",
                                                                                        "2020-03-02")
    assert {"reports/alpha/quiet", "editions/alpha"} <= written
    assert count_on_edition(app, "Quiet report") == "1 comment"

    new_file.write_text(new_file.read_text() + "- author: Vint Cerf\n  date: 2020-03-03\n  body: Second.\n")
    app, _ = build(srcdir)
    assert len(top_level_entries(thread(app, "reports/alpha/quiet"))) == 2
    assert count_on_edition(app, "Quiet report") == "2 comments"

    app, written = build(srcdir)
    assert written == set()  # feedback files do not make a no-op build re-read anything

    new_file.unlink()
    app, _ = build(srcdir)
    assert thread(app, "reports/alpha/quiet") is None


# -- one reader: shortcuts that must read exactly as the long way --------------------------------

_OPTION_ALPHABET = "abcXYZ019 .:@+/%=?&~,-_#'\"[]{}!*|>éÑ\t"


def test_simple_option_lines_read_as_myst_reads_them():
    """read_block skips MyST's option parser for plain values: on generated lines, the two agree."""
    import random

    from myst_parser.parsers.options import options_to_tokens

    from sphinx_newsletter.feedback.markup import _SIMPLE_OPTION, read_block

    chooser = random.Random(7)
    compared = 0
    for _ in range(20_000):
        value = "".join(chooser.choice(_OPTION_ALPHABET) for _ in range(chooser.randint(1, 12)))
        line = f":{chooser.choice(['author', 'date', 'likes', 'a-b', 'k_1'])}: {value}"
        if not _SIMPLE_OPTION.match(line):
            continue
        compared += 1
        tokens, _ = options_to_tokens(line[1:])
        block = read_block(f"{line}\n\nBody.", 10)
        assert block.options == {key.value: item.value for key, item in tokens}, line
        assert list(block.option_lines.values()) == [11]
    assert compared > 1_000  # the shortcut was taken often enough to mean something


def test_a_yaml_block_of_options_is_read_as_myst_reads_it():
    from sphinx_newsletter.feedback.markup import read_block

    block = read_block("---\nauthor: Li Wei\ndate: 2020-03-01\n---\nBody line.", 20)
    assert (block.options, block.option_lines, block.body, block.body_line) == (
        {"author": "Li Wei", "date": "2020-03-01"}, {"author": 22, "date": 23}, "Body line.", 25)
    broken = read_block("---\nauthor: 'Li\n---\nBody.", 20)
    assert broken.options == {} and "cannot be read" in broken.problems[0].text


def test_body_problems_are_the_problems_of_the_rendering_walk():
    """check's body_problems skips bodies that cannot warn; on generated bodies it equals render_body."""
    import random

    from sphinx_newsletter.feedback.markup import body_problems, render_body

    pieces = ["plain words", "[a link](https://example.org)", "[bad](javascript:x)", "<javascript:y>",
              "[ref]\n\n[ref]: vbscript:z", "```{note}\nx\n```", "`code {x}`", "**bold** <b>html</b>", "> quote",
              "- item [l](data:text/html,1)", "~~~\n{x}\n~~~", "ends with ["]
    chooser = random.Random(3)
    for _ in range(300):
        text = "\n\n".join(chooser.sample(pieces, chooser.randint(1, 4)))
        assert body_problems(text, 5) == render_body(text, 5).problems, text


def test_a_long_comment_of_short_lines_is_one_text_per_paragraph():
    """Each line of a comment and its line break used to be two nodes: a 4 MiB comment of short lines
    was 104,000 nodes, which every transform of the build walked (12 s for one page; now 2 s)."""
    from docutils import nodes as docutils_nodes

    from sphinx_newsletter.feedback.markup import render_body

    body = "\n".join(f"line {number} of a *long* comment" for number in range(2_000))
    paragraph = render_body(body, 1).nodes[0]
    texts = [node for node in paragraph.children if isinstance(node, docutils_nodes.Text)]
    assert len(texts) == 2_000 + 1  # the text between two emphases is one node, line breaks included
    assert len(paragraph.children) == 4_001
    assert paragraph.astext().startswith("line 0 of a long comment line 1 of a long comment")


def test_a_read_doctree_holds_the_thread_title_and_the_page_its_entries(site):
    """Sphinx keeps every doctree it read until its page is written: the entries' nodes are made as the
    page is written (a thousand comments' nodes were 10 MB of a 1,000-report build's peak), and the
    page, its contents list and its smart quotes are as before."""
    read = pickle.loads((site.doctreedir / "reports/alpha/summit.doctree").read_bytes())
    sections = [section for section in read.findall(nodes.section) if "nl-feedback" in section["classes"]]
    assert len(sections) == 1 and sections[0][0].astext() == "Reader feedback"
    assert not list(read.findall(feedback_entry))
    page = html(site, "reports/alpha/summit")
    assert len(page.select("section.nl-feedback article.nl-feedback-entry")) == 6
    assert "Reader feedback" in site.env.tocs["reports/alpha/summit"].astext()  # the page's contents list


def test_a_reply_shown_flat_under_a_removed_entry_does_not_name_its_reader(project, build):
    """Replies deeper than 8 are shown at the 8th level with "in reply to" the entry they answer; when
    the editors removed that entry, its reader's name is not shown there either."""
    srcdir = project("feedback")
    entries = [f"- id: e{number}\n  author: Reader {number}\n  date: 2020-03-01\n"
               + (f"  reply_to: comment-e{number - 1}\n" if number else "")
               + ("  status: removed\n  reason: spam\n" if number == 8 else "") + "  body: Reply.\n"
               for number in range(10)]
    (srcdir / "feedback/alpha/summit.yaml").write_text("".join(entries), encoding="utf-8")
    app, _ = build(srcdir)
    page = html(app, "reports/alpha/summit")
    answer = page.find(id="comment-e9").select_one(".nl-in-reply-to")
    removed = page.select_one("article.nl-removed")
    assert answer is not None and answer["href"] == f"#{removed['id']}"
    assert answer.get_text() == "in reply to a removed comment"
    assert "Reader 8" not in page.select_one("section.nl-feedback").get_text()
    assert "Reader 7" in page.select_one("section.nl-feedback").get_text()
    assert "reader-8" not in removed["id"] and "e8" not in removed["id"]  # the permalink names no one
    assert removed.get_text(" ", strip=True).count("Removed by the editors") == 1  # one label, in the body
    assert removed.select_one(":scope > header .nl-feedback-author") is None


def reader_entry(page):
    """The entry of the feedback file the test wrote (by "Reader"; the report has blocks of its own)."""
    return next(entry for entry in page.select("article.nl-feedback-entry")
                if entry.select_one(".nl-feedback-author").get_text() == "Reader")


def test_comments_link_bare_addresses_and_show_images_as_links(project, build):
    """As on GitHub, where readers write them: bare https and www. addresses and e-mail addresses are
    links (a bare file or domain name is not); an image is a link to it named by its alt text."""
    srcdir = project("feedback")
    (srcdir / "feedback/alpha/summit.yaml").write_text(
        "- author: Reader\n  date: 2020-03-01\n  body: |\n"
        "    Slides at https://example.org/slides?talk=3. Notes on www.python.org, mail jane@example.org;\n"
        "    see setup.py and example.com.\n\n"
        "    ![The room at night](https://example.org/room.jpg) and ![](https://example.org/plan.png)\n",
        encoding="utf-8")
    app, _ = build(srcdir)
    body = reader_entry(html(app, "reports/alpha/summit")).select_one(".nl-feedback-body")
    links = [(link.get_text(), unquote(link["href"])) for link in body.find_all("a")]
    assert links == [("https://example.org/slides?talk=3", "https://example.org/slides?talk=3"),
                     ("www.python.org", "http://www.python.org"), ("jane@example.org", "mailto:jane@example.org"),
                     ("The room at night", "https://example.org/room.jpg"),
                     ("https://example.org/plan.png", "https://example.org/plan.png")]
    assert body.find("img") is None and "!" not in body.get_text()
    assert "setup.py and example.com." in body.get_text()
    assert warnings_of(app) == []


def test_an_image_to_an_unsafe_address_is_its_text_and_a_warning(project, build):
    srcdir = project("feedback")
    (srcdir / "feedback/alpha/summit.yaml").write_text(
        "- author: Reader\n  date: 2020-03-01\n  body: 'See ![the plan](javascript:alert(1)) and"
        " ![x](data:image/svg+xml,evil) ftp://files.example.org/a'\n", encoding="utf-8")
    app, _ = build(srcdir)
    body = reader_entry(html(app, "reports/alpha/summit")).select_one(".nl-feedback-body")
    assert body.find("a") is None and body.find("img") is None
    assert body.get_text(" ", strip=True) == "See the plan and x ftp://files.example.org/a"
    warnings = warnings_of(app)
    assert any("link to 'javascript:alert(1)' is not an http, https or mailto address" in line for line in warnings)
    assert any("link to 'data:image/svg+xml,evil'" in line for line in warnings)


def test_latest_feedback_excerpts_keep_list_items_apart(project, build):
    srcdir = project("feedback")
    (srcdir / "index.rst").write_text((srcdir / "index.rst").read_text() + "\n.. newsletter-latest-feedback::\n")
    app, _ = build(srcdir)
    excerpts = [item.get_text(" ", strip=True) for item in html(app, "index").select(".nl-latest-feedback li")]
    assert any("The earliest comment, from the feedback file. • with a list • of points" in text
               for text in excerpts), excerpts

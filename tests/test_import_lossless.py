"""Lossless conversion, tried at random: posts made of text that MyST would read as its own markup
(line-leading ``%``, ``(label)=``, ``:::``, ``+++``, ``$``, ``{role}``, reference definitions, fence info
strings with backticks, ``---`` lines, pipes, ``{{ }}``) go through ``newsletter import jekyll`` and a
build; each built report must show what CommonMark shows for the source: the same words in the same
order, the same links, code byte for byte, and headings only where the source has them."""

from __future__ import annotations

import random
import re

import pytest
from bs4 import BeautifulSoup
from conftest import copy_sample_site, run, sphinx_build
from markdown_it import MarkdownIt

WORDS = ["summit", "nova", "swift", "keystone", "glance", "design", "session", "sprint", "release", "review", "core", "operators"]
POSTS = 24


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))


PIECES = [
    lambda rng: f"% {sentence(rng)}",
    lambda rng: f"({rng.choice(WORDS)})=",
    lambda rng: f"::: {sentence(rng)}",
    lambda rng: f"+++ {sentence(rng)}",
    lambda rng: f"It costs ${rng.randint(1, 99)} and ${rng.randint(1, 99)} to {sentence(rng)}.",
    lambda rng: f"A {{{rng.choice(WORDS)}}}`{rng.choice(WORDS)}` role-like piece.",
    lambda rng: f"See [{rng.choice(WORDS)}][{rng.randint(1, 3)}] and [top](#{rng.choice(WORDS)}) or [here](#some-heading).",
    lambda rng: f"```` {rng.choice(WORDS)} `x`\n{sentence(rng)}\n{{{{ page.missing }}}} $$ % ::: \n````",
    lambda rng: f"```python\nprint('{sentence(rng)}')  # {{{{ x }}}}\n```",
    lambda rng: "---",
    lambda rng: f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} |\n| --- | --- |\n| {sentence(rng)} | a \\| pipe |",
    lambda rng: f"Liquid {{{{ {rng.choice(WORDS)} }}}} in prose and `{{{{ code }}}}` in code.",
    lambda rng: f"## {sentence(rng).capitalize()}",
    lambda rng: sentence(rng).capitalize() + ".",
    lambda rng: f"- {sentence(rng)}\n- % {sentence(rng)}\n- ({rng.choice(WORDS)})=",
    lambda rng: f"> ::: {sentence(rng)}\n> % {sentence(rng)}",
]
DEFINITIONS = "\n".join(f"[{n}]: https://example.org/{n}" for n in (1, 2, 3))


def post(rng: random.Random) -> str:
    return ("\n\n".join(rng.choice(PIECES)(rng) for _ in range(rng.randint(4, 9))) + "\n\n## Some heading\n\n"
            + DEFINITIONS + "\n")


def visible(element) -> dict:
    for node in element.select(".headerlink, .nl-byline, .nl-pager, .no-search, script, h1, [hidden]"):
        node.decompose()
    code = [pre.get_text() for pre in element.find_all("pre")]
    for pre in element.find_all("pre"):  # compared byte for byte above; highlighting splits its words
        pre.decompose()
    return {"words": element.get_text().split(), "code": code,
            "links": [a["href"] for a in element.find_all("a", href=True)],
            "headings": len(element.find_all(re.compile(r"^h[2-6]$")))}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    rng = random.Random(20261205)
    root = tmp_path_factory.mktemp("lossless")
    site = copy_sample_site(root / "site")
    blog = root / "blog"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_config.yml").write_text("url: https://blog.example\n")
    sources = {}
    for number in range(POSTS):
        body = post(rng)
        sources[f"post-{number}"] = body
        (blog / f"_posts/2012-06-{number % 20 + 1:02d}-post-{number}.md").write_text(
            f"---\ntitle: Post {number}\ndate: 2012-06-{number % 20 + 1:02d}\n---\n\n{body}")
    result = run("import", "jekyll", str(blog), cwd=site)
    assert result.returncode == 0, result.stderr
    build = sphinx_build(site)
    return site, sources, build.stderr


@pytest.mark.parametrize("number", range(POSTS))
def test_each_random_post_shows_what_its_source_shows(imported, number):
    site, sources, warnings = imported
    source = BeautifulSoup(MarkdownIt("commonmark").enable("table").render(sources[f"post-{number}"]),
                           "html.parser")
    page = BeautifulSoup((site / f"_build/html/reports/folsom/post-{number}.html").read_text(), "html.parser")
    expected, shown = visible(source), visible(page.select_one("article.bd-article"))
    from docutils.nodes import make_id

    places = {make_id(heading.get_text()) for heading in source.find_all(re.compile(r"^h[2-6]$"))}
    # a link to a place the page does not have led nowhere: its text stays, not a link (MyST would refuse it)
    expected["links"] = [link for link in expected["links"] if not link.startswith("#") or link[1:] in places]
    assert shown["code"] == expected["code"]
    assert shown["headings"] == expected["headings"]
    assert shown["links"] == expected["links"]
    assert shown["words"] == expected["words"], (sources[f"post-{number}"], warnings)

"""The output policy's and the source policy's functions with verdicts written by hand: this piece of author
HTML comes out as that, this file is refused with that reason. Nothing here reads the allow-lists under test
(a change to the policy must change these verdicts to pass). ``make mutation`` mutates the code they pin;
the translator itself is pinned by ``tests/test_guard_build.py``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes

import sphinx_newsletter.safety.html as guard
from sphinx_newsletter.safety import sources

# -- author HTML: what the allow-list keeps, as a browser would show it -----------------------------------

CLEANED = [
    ('<script>alert(1)</script>ok', 'ok'),
    ('<style>p{color:red}</style>y', 'y'),
    ('<b onclick="x()">bold</b>', '<b>bold</b>'),
    ('<a href="javascript:alert(1)">x</a>', '<a>x</a>'),
    ('<a href="https://example.org" target="_blank" rel="x">x</a>', '<a href="https://example.org">x</a>'),
    ('<a href="x" hreflang="de" name="n" title="t">a</a>', '<a href="x" hreflang="de" name="n" title="t">a</a>'),
    ('<a href="mailto:ed@example.org">m</a>', '<a href="mailto:ed@example.org">m</a>'),
    ('<a href="gopher://example.org/f">f</a>', '<a>f</a>'),
    ('<a href="ftp://example.org/f">f</a>', '<a href="ftp://example.org/f">f</a>'),
    ('<a href="tel:+41%2044">call</a>', '<a href="tel:+41%2044">call</a>'),
    ('<img src="p.png" alt="a" width="3" style="x">', '<img src="p.png" alt="a" width="3">'),
    ('<img src="p.png" loading="lazy" height="2">', '<img src="p.png" loading="lazy" height="2">'),
    ('<img src="data:image/png;base64,AAAA" alt="a">', '<img alt="a">'),
    ('<p class="nl-byline keep">x</p>', '<p class="keep">x</p>'),
    ('<p class="nl-byline">x</p>', '<p>x</p>'),
    ('<p class="nlx keep">x</p>', '<p class="nlx keep">x</p>'),
    ('<map name="m"><area href="x"></map>', ''),
    ('<table><tfoot><tr><td>1</td></tr></tfoot></table>', '<table><tfoot><tr><td>1</td></tr></tfoot></table>'),
    ('<table><tr><th scope="col" abbr="x" align="left" style="y" colspan="2">h</th></tr></table>',
     '<table><tbody><tr><th scope="col" abbr="x" align="left" colspan="2">h</th></tr></tbody></table>'),
    ('<table><tr><td colspan="2" rowspan="3" headers="h" align="c" width="9">x</td></tr></table>',
     '<table><tbody><tr><td colspan="2" rowspan="3" headers="h" align="c">x</td></tr></tbody></table>'),
    ('<details open><summary>s</summary>x</details>', '<details open=""><summary>s</summary>x</details>'),
    ('<ol start="3" reversed type="a"><li value="2">x</li></ol>',
     '<ol start="3" reversed="" type="a"><li value="2">x</li></ol>'),
    ('<time datetime="2020-01-01">t</time>', '<time datetime="2020-01-01">t</time>'),
    ('<abbr title="t">a</abbr>', '<abbr title="t">a</abbr>'),
    ('<data value="1">d</data>', '<data value="1">d</data>'),
    ('<span lang="de" dir="rtl" hidden role="note" align="left" id="i" title="t" data-x="1" style="s">s</span>',
     '<span lang="de" dir="rtl" hidden="" role="note" align="left" id="i" title="t">s</span>'),
    ('<!-- a comment -->x', 'x'),
    ('<form action="x"><input name="a"></form>', ''),
    ('<svg><script>1</script></svg>', ''),
    ('<object data="x.swf"></object>o', 'o'),
    ('<s>x</s> <sub>2</sub> <kbd>k</kbd>', '<s>x</s> <sub>2</sub> <kbd>k</kbd>'),
]


@pytest.mark.parametrize(("fragment", "kept"), CLEANED)
def test_author_html_as_the_policy_keeps_it(fragment, kept):
    assert guard.clean_html(fragment) == kept


VIEWED = [  # (author HTML, what a browser without scripts shows, before the allow-list)
    ('<noscript><p>hi</p></noscript>', '<div><p>hi</p></div>'),
    ('<NOSCRIPT class="x"><p>hi</p></NOSCRIPT >', '<div><p>hi</p></div>'),
    ('<textarea rows="3">a &amp; <b>b</b>\nc</textarea>', '<pre>a &amp; &lt;b&gt;b&lt;/b&gt;\nc</pre>'),
    ('<TEXTAREA>x</TEXTAREA >', '<pre>x</pre>'),
    ('<textarea>say "hi" &amp; \'bye\'</textarea>', '<pre>say "hi" &amp; \'bye\'</pre>'),
    ('<textarea>', '<textarea>'),
    ('Vec<u8> and AsRef<Path> and <T>', 'Vec&lt;u8&gt; and AsRef&lt;Path&gt; and &lt;T&gt;'),
    ('<Vec>', '&lt;Vec&gt;'),
    ('</Vec>', '&lt;/Vec&gt;'),
    ('<Foo>bar</Foo>', '<Foo>bar</Foo>'),
    ('<foo>bar</FOO>', '<foo>bar</FOO>'),
    ('</Foo> then <Foo x="1">', '</Foo> then <Foo x="1">'),
    ('<b>x</b> <option>', '<b>x</b> <option>'),  # an element's name, as HTML writes it: a tag
    ('<BR> <Br/>', '<BR> <Br/>'),
    ('Result<Option> and Option<Result>', 'Result&lt;Option&gt; and Option&lt;Result&gt;'),  # a type's name
    ('Vec<Script>', 'Vec&lt;Script&gt;'),
    ('<Option>a</Option>', '<Option>a</Option>'),  # closed: markup, whatever its case
    ('<Script>alert(1)</Script>', '<Script>alert(1)</Script>'),
    ('<my_tag>', '&lt;my_tag&gt;'),
    ('<1abc>', '<1abc>'),
]


@pytest.mark.parametrize(("fragment", "shown"), VIEWED)
def test_author_html_as_a_browser_without_scripts_shows_it(fragment, shown):
    assert guard.browser_view(fragment) == shown


FRAMES = [
    ('<iframe src="https://www.youtube.com/embed/abc_D-1" title="Talk"></iframe>',
     '<a href="https://www.youtube.com/watch?v=abc_D-1">Talk</a>'),
    ('<iframe src="https://www.youtube-nocookie.com/embed/xyz?start=3"></iframe>',
     '<a href="https://www.youtube.com/watch?v=xyz">YouTube: https://www.youtube.com/watch?v=xyz</a>'),
    ("<iframe width=560 src='https://player.vimeo.com/video/1'>",
     '<a href="https://player.vimeo.com/video/1">Vimeo: https://player.vimeo.com/video/1</a>'),
    ('<IFRAME SRC="https://speakerdeck.com/player/1?a=1&amp;b=2"></IFRAME>',
     '<a href="https://speakerdeck.com/player/1?a=1&amp;b=2">Speaker Deck: https://speakerdeck.com/player/1?a=1&amp;'
     'b=2</a>'),
    ('<iframe src=" https://codepen.io/x " title="A &lt;pen&gt;"></iframe>',
     '<a href="https://codepen.io/x">A &amp;lt;pen&amp;gt;</a>'),
    ('<iframe TITLE="A talk" SRC="https://player.vimeo.com/video/2"></iframe>',
     '<a href="https://player.vimeo.com/video/2">A talk</a>'),
    ('<iframe src="https://evil.example/x"></iframe>', '<iframe src="https://evil.example/x"></iframe>'),
    ('<iframe src="http://www.youtube.com/embed/abc"></iframe>', '<iframe src="http://www.youtube.com/embed/abc"></iframe>'),
    ('<iframe srcdoc="x"></iframe>', '<iframe srcdoc="x"></iframe>'),
    ('<iframe src="https://youtube.com.evil.example/embed/a"></iframe>',
     '<iframe src="https://youtube.com.evil.example/embed/a"></iframe>'),
]


@pytest.mark.parametrize(("frame", "shown"), FRAMES)
def test_a_frame_from_a_video_or_slides_host_becomes_a_link(frame, shown):
    assert guard.browser_view(frame) == shown


def test_a_frame_from_any_other_host_is_removed_and_its_fallback_text_kept():
    assert guard.clean_html('a<iframe src="https://evil.example/x">inside</iframe>b') == "ainsideb"


def test_a_piece_that_would_hide_what_follows():
    for piece in ['<a href="x', '<!-- x', '<script>', '<style>', '<b title="x>', "<p class='a>"]:
        assert guard.swallows(piece), piece
    for piece in ['<b>', '<i>x</i>', '<textarea>', 'plain', '</div>', '<img src="x">']:
        assert not guard.swallows(piece), piece


REMOVED = [  # (author HTML, what the warning names)
    ('<b onclick="x">b</b>', ['onclick on <b>']),
    ('<a href="javascript:x" class="nl-x">a</a>',
     ["the newsletter's own class nl-x", 'href=javascript: on <a> (not a scheme links may use)']),
    ('<script>x</script><i>y</i>', ['<script>']),
    ('<script>x</script><script>y</script><style></style>', ['<script>', '<style>']),
    ('<a href="data:x">a</a><a href="data:y">b</a>', ['href=data: on <a> (not a scheme links may use)']),
    ('<a href="&#0;:x">a</a>', []),  # U+FFFD is no scheme letter: a relative address
    ('<img src="p" srcset="x 1x">', ['srcset on <img>']),
    ('<img src="p" style="x" class="nl-a">', ["the newsletter's own class nl-a", 'style on <img>']),
    ('<p class="nl-a b">x</p>', ["the newsletter's own class nl-a"]),
    ('<p class="nl-b nl-a">x</p><i class="nl-c">y</i>', ["the newsletter's own class nl-a, nl-b, nl-c"]),
    ('<img src="a" style="x"><img src="b" style="y">', ['style on <img>']),
    ('<iframe src="https://evil/x" style="s"></iframe>', ['<iframe>']),
    ('<!-- c --><b>x</b>', []),
    ('<Vec>', []),
    ('<b title="t">x</b><b>y</b>', []),
    ('<noscript><p>x</p></noscript>', []),
    ('<a href="javascript:x">a</a><a href="https://example.org">b</a>',
     ['href=javascript: on <a> (not a scheme links may use)']),
    ('<table><tr><td>1</td></tr></table><tr><td>2</td></tr>', ['<td>', '<tr>']),
    ('<abbr title="nl-x">a</abbr>', []),
]


@pytest.mark.parametrize(("fragment", "named"), REMOVED)
def test_what_sanitising_removed_in_words(fragment, named):
    assert guard.removed_parts(fragment, guard.clean_html(fragment)) == named


def test_the_messages_say_what_was_removed():
    assert guard.raw_html_message(["<script>", "onclick on <b>"]) == "raw HTML: removed <script>; onclick on <b>"
    assert guard.own_class_message(["nl-a", "nl-b"]) == (
        "the class nl-a, nl-b belongs to the newsletter's own markup and is removed")
    assert guard.unsafe_url_message("gopher://x") == (
        "link or source 'gopher://x' is left out: links and sources are relative or use http, https, mailto, ftp, tel "
        "or another scheme SECURITY.md lists")
    assert guard.math_message(["\\def", "\\require"]) == (
        "math: removed \\def, \\require (links use the schemes SECURITY.md lists; macros and extensions cannot be "
        "defined in reports)")


# -- the page body: author pieces sanitised together, Sphinx's own markup kept byte for byte ------------------

@pytest.fixture
def warned(monkeypatch):
    heard: list[tuple[str, str, str]] = []
    monkeypatch.setattr(guard, "warn", lambda message, subtype, location=None: heard.append(
        (message, subtype.value, location.astext() if location is not None else None)))
    return heard


def author(text: str, where: str) -> guard.AuthorHTML:
    return guard.AuthorHTML(text, nodes.raw("", where))


SWALLOWED = ("raw HTML is not well-formed (an unclosed quote or element) and would hide what follows; it was cleaned "
             "on its own")


def test_pieces_of_inline_html_are_sanitised_as_one_fragment(warned):
    body = ["<p>", author("<sub>", "1"), "x &lt; y", author("</sub>", "2"), "</p>"]
    assert guard.sanitise_body(body) == ["<p><sub>x &lt; y</sub></p>"]
    assert warned == []


def test_a_piece_that_lost_something_is_named_where_it_was(warned):
    body = ["<div>", author('<i onclick="x">', "1"), "in", author("</i>", "2"), "</div>", "<p>s\ue000x</p>"]
    assert guard.sanitise_body(body) == ["<div><i>in</i></div><p>s\ue000x</p>"]
    assert warned == [("raw HTML: removed onclick on <i>", "unsafe", "1")]


def test_a_piece_that_swallows_is_cleaned_alone_and_nothing_after_it_is_lost(warned):
    body = ["<p>", author('<b title="x>', "1"), "after", "</p>"]
    assert guard.sanitise_body(body) == ["<p>after</p>"]
    assert warned == [(SWALLOWED, "unsafe", "1")]


def test_a_script_opened_around_markdown_keeps_the_markdown(warned):
    body = ["<p>", author("<script>", "1"), "<em>after</em>", author("</script>", "2"), "more", "</p>"]
    assert guard.sanitise_body(body) == ["<p><em>after</em>more</p>"]
    assert warned == [("raw HTML: removed <script>", "unsafe", "1"), (SWALLOWED, "unsafe", "1")]


def test_pieces_well_formed_alone_but_not_together_are_separated(warned):
    body = ["<p>", author('<iframe src="https://www.youtube.com/embed/x1">', "1"), "caption",
            author("</iframe>", "2"), "after</p>"]
    assert guard.sanitise_body(body) == [
        '<p><a href="https://www.youtube.com/watch?v=x1">YouTube: https://www.youtube.com/watch?v=x1</a>captionafter</p>']
    assert warned == [(SWALLOWED, "unsafe", "1")]


def test_the_text_after_the_last_piece_is_kept_when_two_pieces_hide_it_together(warned):
    body = ["<p>", author("<math>", "1"), "MID", author("<button>", "2"), "TAIL</p>"]
    assert guard.sanitise_body(body) == ["<p>MIDTAIL</p>"]
    assert warned == [("raw HTML: removed <math>", "unsafe", "1"), ("raw HTML: removed <button>", "unsafe", "2"),
                      (SWALLOWED, "unsafe", "2")]


def test_the_first_piece_of_the_page_can_swallow_the_rest(warned):
    assert guard.sanitise_body([author("<!-- open", "1"), "tail"]) == ["tail"]
    assert warned == [(SWALLOWED, "unsafe", "1")]


def test_author_html_cannot_forge_a_placeholder():
    piece = guard.AuthorHTML("a\ue000" + "0\ue001b", nodes.raw("", "x"))
    assert piece == "a\ufffd0\ufffdb" and piece.node.astext() == "x"
    assert guard.sanitise_body(["<p>", piece, "</p>"]) == ["<p>a\ufffd0\ufffdb</p>"]


def test_void_elements_written_as_xhtml_for_epub():
    assert guard.as_xhtml('<br><img src="a" alt="b"><hr class="x">&nbsp;<col><input type="checkbox" checked><wbr>'
                          '<br/><p>x</p>') == (
        '<br /><img src="a" alt="b" /><hr class="x" />&#160;<col /><input type="checkbox" checked /><wbr /><br/><p>x</p>')


# -- MyST's own markup and the task-list checkbox ----------------------------------------------------------

@pytest.mark.parametrize(("markup", "own"), [
    ("<br />\n", True), ("\\\\\n", True), ("<s>", True), ("</s>", True),
    ('<input class="task-list-item-checkbox" type="checkbox">', True),
    ('<input class="task-list-item-checkbox" checked="checked" disabled="disabled" type="checkbox">', True),
    ("<br>", False), ("<s class='x'>", False), ('<input type="checkbox">', False), ("<b>", False),
])
def test_markup_myst_writes_itself(markup, own):
    assert bool(guard.MYST_MARKUP.fullmatch(markup)) is own


def checkbox_in(*children: nodes.Node, markup: str = '<input class="task-list-item-checkbox" type="checkbox">'):
    paragraph = nodes.paragraph()
    box = nodes.raw("", markup, format="html")
    paragraph += box
    for child in children:
        paragraph += child
    return box


def test_a_task_checkbox_is_named_by_its_task():
    box = checkbox_in(nodes.Text(" Buy  "), nodes.emphasis("", 'milk "now"'),
                      nodes.raw("", "<b>markup</b>", format="html"))
    assert guard.named_checkbox(box) == (
        '<input class="task-list-item-checkbox" type="checkbox" aria-label="Buy milk &quot;now&quot;">')


def test_a_task_checkbox_without_words_is_left_as_it_is():
    assert guard.named_checkbox(checkbox_in()) == '<input class="task-list-item-checkbox" type="checkbox">'
    orphan = nodes.raw("", '<input type="checkbox">', format="html")
    assert guard.named_checkbox(orphan) == '<input type="checkbox">'


def test_a_long_task_name_is_cut_at_a_word():
    box = checkbox_in(nodes.Text("word " * 40))
    assert guard.named_checkbox(box) == ('<input class="task-list-item-checkbox" type="checkbox" aria-label="'
                                         + "word " * 22 + 'word…">')
    exact = checkbox_in(nodes.Text("x" * 120))
    assert guard.named_checkbox(exact).endswith(f'aria-label="{"x" * 120}">')
    over = checkbox_in(nodes.Text("x" * 100 + " " + "y" * 20))  # 121 characters
    assert guard.named_checkbox(over).endswith(f'aria-label="{"x" * 100}…">')


# -- math ------------------------------------------------------------------------------------------------

MATH = [
    (r"\href{javascript:x}{a}", r"\href{#}{a}", [r"\href{javascript:x}"]),
    (r"\href{https://e.org}{a}", r"\href{https://e.org}{a}", []),
    (r"\href { https://e.org }{a}", r"\href { https://e.org }{a}", []),
    (r"\url{file:///x}", r"\text{}", [r"\url{file:///x}"]),
    (r"\url{https://a.org}", r"\url{https://a.org}", []),
    (r"\href{\x}{a}", r"\href{#}{a}", [r"\href{\x}"]),
    (r"\href{#x}{a}", r"\href{#}{a}", [r"\href{#x}"]),
    (r"\href{a#b}{c}", r"\href{a#b}{c}", []),
    (r"\href{a\}b}{c}", r"\href{#}{c}", [r"\href{a\}b}"]),
    (r"\def\x{1}", r"\text{def}\x{1}", [r"\def"]),
    (r"\newcommand\x{1} \require{x}", r"\text{newcommand}\x{1} \text{require}{x}", [r"\newcommand", r"\require"]),
    (r"\unicode{x41} \cssId{i}{x} \class{c}{x} \style{s}{x} \data{d}{x}",
     r"\text{unicode}{x41} \text{cssId}{i}{x} \text{class}{c}{x} \text{style}{s}{x} \text{data}{d}{x}",
     [r"\unicode", r"\cssId", r"\class", r"\style", r"\data"]),
    (r"\let\a\b \gdef\c{} \DeclareMathOperator\d{d}", r"\text{let}\a\b \text{gdef}\c{} \text{DeclareMathOperator}\d{d}",
     [r"\let", r"\gdef", r"\DeclareMathOperator"]),
    (r"\href javascript:x", r"\text{href} javascript:x", [r"\href without braces"]),
    (r"\url\x", r"\text{url}\x", [r"\href without braces"]),
    (r"\hrefx{y} \definitely \lettered \datum", r"\hrefx{y} \definitely \lettered \datum", []),
    (r"\hrefA y \urlB", r"\hrefA y \urlB", []),
    (r"\href javascript:x \hrefA", r"\text{href} javascript:x \hrefA", [r"\href without braces"]),
    (r"x^2 + \frac{1}{2}", r"x^2 + \frac{1}{2}", []),
]


@pytest.mark.parametrize(("tex", "kept", "removed"), MATH)
def test_math_without_unsafe_links_macros_or_extensions(tex, kept, removed):
    assert guard.neutral_math(tex) == (kept, removed)


def test_mathjax_is_told_the_same_schemes():
    config = SimpleNamespace(mathjax3_config={"loader": {"load": ["[tex]/ams"]}, "tex": {"x": 1},
                                              "options": {"renderActions": {}}})
    guard.configure_mathjax(None, config)
    assert config.mathjax3_config == {
        "loader": {"load": ["[tex]/ams", "ui/safe"]}, "tex": {"x": 1},
        "options": {"renderActions": {}, "safeOptions": {
            "allow": {"URLs": "safe", "classes": "safe", "cssIDs": "safe", "styles": "safe"},
            "safeProtocols": dict.fromkeys([
                "bitcoin", "ftp", "ftps", "geo", "http", "https", "im", "irc", "ircs", "magnet", "mailto", "mms", "mx",
                "news", "nntp", "openpgp4fpr", "sip", "sms", "smsto", "ssh", "tel", "url", "webcal", "wtai", "xmpp"],
                True)}}}
    again = SimpleNamespace(mathjax3_config=config.mathjax3_config)
    guard.configure_mathjax(None, again)
    assert again.mathjax3_config["loader"] == {"load": ["[tex]/ams", "ui/safe"]}
    empty = SimpleNamespace(mathjax3_config=None)
    guard.configure_mathjax(None, empty)
    assert empty.mathjax3_config["loader"] == {"load": ["ui/safe"]}
    own = SimpleNamespace(mathjax3_config={"options": {"safeOptions": {"allow": {}}}})
    guard.configure_mathjax(None, own)
    assert own.mathjax3_config["options"] == {"safeOptions": {"allow": {}}}


def test_plain_text_page_values_are_made_inert():
    from markupsafe import Markup

    context = {"pagetitle": "<b>x</b>", "root_title": "A & B", "page_description": "<i>", "title": "<kept>",
               "body": Markup("<p>own</p>"), "other": 1}
    guard.escape_page_titles(None, "p", "page.html", context, None)
    assert context == {"pagetitle": "&lt;b&gt;x&lt;/b&gt;", "root_title": "A &amp; B", "page_description": "&lt;i&gt;",
                       "title": "<kept>", "body": "<p>own</p>", "other": 1}
    assert isinstance(context["pagetitle"], Markup)
    trusted = {"pagetitle": Markup("<b>ours</b>")}
    guard.escape_page_titles(None, "p", "page.html", trusted, None)
    assert trusted == {"pagetitle": "<b>ours</b>"}


# -- sources: which files Sphinx may read, which are the site's own ---------------------------------------------

def site_config(**overrides):
    values = {"root_doc": "index", "newsletter_site_pages": ["about", "guide/*"], "newsletter_reports_dir": "/reports/",
              "newsletter_cycles": [{"name": "diablo", "start": "2011-04-01"}, {"name": "essex", "start": "2011-10-01"}],
              "exclude_patterns": ["_build", "drafts/**"], "templates_path": ["_templates"],
              "newsletter_feedback_dir": "feedback/", "newsletter_notes_dir": "", "source_suffix": {".rst": "x", ".md": "y"}}
    return SimpleNamespace(**{**values, **overrides})


def test_what_the_site_trusts():
    trust = sources.SiteTrust.from_config(site_config())
    assert trust.reports_dir == "reports"
    assert trust.generated == {"editions/index", "tags/index", "authors/index", "events/index", "editions/diablo",
                               "editions/essex"}
    verdicts = {name: trust.is_trusted(name) for name in [
        "index", "about", "guide/setup", "guide/a/b", "editions/essex", "tags/index", "reports/essex/a", "reports",
        "reportsx/a", "aboutx", "other", "editions/folsom", "guide"]}
    assert verdicts == {"index": True, "about": True, "guide/setup": True, "guide/a/b": False, "editions/essex": True,
                        "tags/index": True, "reports/essex/a": False, "reports": False, "reportsx/a": False,
                        "aboutx": False, "other": False, "editions/folsom": False, "guide": False}
    assert trust.is_report("reports/essex/a") and not trust.is_report("reports") and not trust.is_report("reportsx/a")


def test_a_broad_site_pages_pattern_never_trusts_a_report():
    trust = sources.SiteTrust.from_config(site_config(newsletter_site_pages=["**"]))
    assert trust.is_trusted("anything/at/all") and not trust.is_trusted("reports/essex/a")


def test_generated_stubs_are_trusted_only_as_the_rst_the_extension_writes():
    trust = sources.SiteTrust.from_config(site_config())
    files = {name: trust.is_trusted_file(name) for name in [
        "editions/essex.rst", "editions/essex.md", "tags/index.rst", "tags/index.md", "about.md", "about.rst",
        "about.v2.md",
        "reports/essex/a.md", "other.md"]}
    assert files == {"editions/essex.rst": True, "editions/essex.md": False, "tags/index.rst": True,
                     "tags/index.md": False, "about.md": True, "about.rst": True, "about.v2.md": False,
                     "reports/essex/a.md": False, "other.md": False}


def test_the_trust_is_worked_out_once_per_configuration():
    config = site_config()
    first = sources.site_trust(config)
    config.newsletter_site_pages = ["**"]
    assert sources.site_trust(config) is first and not first.is_trusted("other")


def test_generated_pages_follow_the_settings_when_they_are_read():
    from sphinx_newsletter.core.settings import SETTINGS_ATTRIBUTE

    config = site_config(**{SETTINGS_ATTRIBUTE: SimpleNamespace(all_cycles={"folsom": None})})
    assert sources.generated_pages(config) == {"editions/index", "tags/index", "authors/index", "events/index",
                                               "editions/folsom"}


@pytest.mark.parametrize(("path", "pattern"), [
    ("reports/a.md", "reports/a.md"), ("reports/a*b?.md", "reports/a[*]b[?].md"), ("x[1].md", "x[[]1[]].md")])
def test_a_refused_path_excluded_alone(path, pattern):
    assert sources.escape_pattern(path) == pattern


def test_the_data_folders_are_never_pages():
    assert sources.data_folders(site_config()) == ["feedback"]
    assert sources.data_folders(site_config(newsletter_notes_dir="/notes/")) == ["feedback", "notes"]
    assert sources.data_folders(site_config(newsletter_feedback_dir="XfeedbackX/")) == ["XfeedbackX"]
    assert sources.SiteTrust.from_config(site_config(newsletter_reports_dir="/Xtrips/")).reports_dir == "Xtrips"


def write(root: Path, relative: str, text: str = "x") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


NOT_SITE_PAGE = ("pages outside reports/ are the site's own and must be listed in newsletter_site_pages in conf.py; a "
                 "report goes in reports/<cycle>/<slug>.md")


def test_the_files_sphinx_must_not_read_each_with_the_reason(tmp_path):
    for name in ["index.rst", "about.md", "guide/setup.md", "reports/essex/good.md", "reports/essex/notes.txt",
                 "stray.md", "other/page.rst", "drafts/x.md", "_templates/t.md", "feedback/essex/a.md",
                 "_build/html/x.md", ".git/x.md", "node_modules/y.md", "reports/essex/bad name.md",
                 "reports/essex/con.md", "reports/essex/.hidden.md", "editions/essex.rst", "editions/essex.md",
                 "tags/old.rst", "tags/hand.rst"]:
        write(tmp_path, name)
    write(tmp_path, "tags/old.rst", ".. Generated by sphinx_newsletter\n")
    (tmp_path / "reports/essex/big.md").write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    (tmp_path / "reports/essex/limit.md").write_bytes(b"x" * (2 * 1024 * 1024))
    os.symlink(tmp_path / "about.md", tmp_path / "reports/essex/link.md")
    os.symlink(tmp_path / "guide", tmp_path / "reports/a-linked")  # listed before reports/essex
    write(tmp_path, "other/a1.md")  # excluded, and listed before other/page.rst
    os.mkfifo(tmp_path / "reports/essex/pipe.md")
    seen: dict[str, tuple[int, int]] = {}
    config = site_config(exclude_patterns=["_build", "drafts/**", "other/a*.md"])
    refusals = {refusal.path: refusal.reason for refusal in sources.refused_sources(tmp_path, config, seen)}
    assert refusals == {
        "reports/a-linked": "a symbolic link to a folder is not followed: put the files themselves in the repository",
        "reports/essex/link.md": "a symbolic link is not followed: put the file itself in the repository",
        "reports/essex/pipe.md": "not a regular file (a pipe, socket or device): remove it",
        "reports/essex/big.md": "over 2 MiB: a report is text; split it up or shorten it",
        "reports/essex/bad name.md": ("the file name may only hold letters, digits, '-', '_' and '.' (no spaces, "
                                      "quotes or other signs, not starting with '.'): rename it"),
        "reports/essex/.hidden.md": ("the file name may only hold letters, digits, '-', '_' and '.' (no spaces, "
                                     "quotes or other signs, not starting with '.'): rename it"),
        "reports/essex/con.md": ("the name is reserved on Windows (con, prn, aux, nul, com1-9, lpt1-9), where the "
                                 "repository could not be checked out: rename it"),
        "stray.md": NOT_SITE_PAGE, "other/page.rst": NOT_SITE_PAGE, "editions/essex.md": NOT_SITE_PAGE,
        "tags/hand.rst": NOT_SITE_PAGE,
    }
    assert sorted(seen) == ["reports/essex/good.md", "reports/essex/limit.md"]
    assert sources.refused_sources(tmp_path, config) == [sources.Refusal(*item) for item in refusals.items()]
    limit = (tmp_path / "reports/essex/limit.md").stat()
    assert seen["reports/essex/limit.md"] == (limit.st_mtime_ns, 2 * 1024 * 1024)


def test_file_names_are_compared_in_one_normal_form(tmp_path):
    write(tmp_path, "reports/essex/cafe\u0301.md")
    write(tmp_path, "cafe\u0301.md")
    config = site_config(newsletter_site_pages=["caf\u00e9"])
    seen: dict[str, tuple[int, int]] = {}
    assert sources.refused_sources(tmp_path, config, seen) == []
    assert list(seen) == ["reports/essex/caf\u00e9.md"]


def test_a_site_without_a_suffix_table_reads_rst_and_md(tmp_path):
    for name in ["stray.md", "stray.rst", "stray.txt"]:
        write(tmp_path, name)
    refused = sources.refused_sources(tmp_path, site_config(source_suffix=".rst"))
    assert [refusal.path for refusal in refused] == ["stray.md", "stray.rst"]
    only_rst = sources.refused_sources(tmp_path, site_config(source_suffix={".rst": "restructuredtext"}))
    assert [refusal.path for refusal in only_rst] == ["stray.rst"]


def test_drafts_are_found_and_what_was_learnt_is_kept(tmp_path):
    write(tmp_path, "reports/a.md", "---\ntitle: A\ndraft: true\n---\nbody\n")
    write(tmp_path, "reports/b.md", "---\ntitle: B\n---\nbody\n")
    write(tmp_path, "reports/c.md", "---\ntitle: C\ndraft: false\n---\n")
    found = {"reports/gone.md": (1, 10)}  # gone since the walk: skipped, the others still read
    found.update({name: (1, (tmp_path / name).stat().st_size) for name in ["reports/a.md", "reports/b.md", "reports/c.md"]})
    drafts, learnt = sources.draft_reports(tmp_path, found, {})
    assert drafts == ["reports/a.md"]
    assert learnt == {"reports/a.md": [1, found["reports/a.md"][1], True],
                      "reports/b.md": [1, found["reports/b.md"][1], False],
                      "reports/c.md": [1, found["reports/c.md"][1], False]}
    known = {"reports/b.md": [1, found["reports/b.md"][1], True],  # unchanged since: not read again
             "reports/c.md": [0, found["reports/c.md"][1], True],  # another time: read again
             "reports/a.md": [1, 3, False]}  # another size: read again
    drafts, learnt = sources.draft_reports(tmp_path, found, known)
    assert drafts == ["reports/a.md", "reports/b.md"]
    assert learnt["reports/c.md"] == [1, found["reports/c.md"][1], False]
    drafts, _ = sources.draft_reports(tmp_path, found, {"reports/b.md": [1, found["reports/b.md"][1]]})
    assert drafts == ["reports/a.md"]  # a damaged entry is read again


def test_a_draft_that_is_not_utf8_is_still_found(tmp_path):
    (tmp_path / "a.md").write_bytes(b"---\ntitle: caf\xe9\ndraft: true\n---\n")
    assert sources.draft_reports(tmp_path, {"a.md": (1, 31)}, {})[0] == ["a.md"]


def test_a_draft_is_read_only_as_far_as_its_known_size(tmp_path):
    write(tmp_path, "reports/a.md", "\ufeff---\ndraft: true\n---\n")
    size = (tmp_path / "reports/a.md").stat().st_size
    assert sources.draft_reports(tmp_path, {"reports/a.md": (1, size)}, {})[0] == ["reports/a.md"]
    assert sources.draft_reports(tmp_path, {"reports/a.md": (1, size - 5)}, {})[0] == []


def test_a_stub_of_a_gone_edition_is_not_refused(tmp_path):
    stub = write(tmp_path, "editions/gone.rst", ".. Generated by sphinx_newsletter\n")
    hand = write(tmp_path, "editions/hand.rst", "Hand\n")
    nested = write(tmp_path, "editions/a/gone.rst", ".. Generated by sphinx_newsletter\n")
    other = write(tmp_path, "other/gone.rst", ".. Generated by sphinx_newsletter\n")
    markdown = write(tmp_path, "tags/gone.md", ".. Generated by sphinx_newsletter\n")
    assert sources._stale_stub(str(stub), "editions/gone.rst")
    assert sources._stale_stub(str(stub).replace("editions", "tags"), "tags/gone.rst") is False  # no such file
    assert not sources._stale_stub(str(hand), "editions/hand.rst")
    assert not sources._stale_stub(str(nested), "editions/a/gone.rst")
    assert not sources._stale_stub(str(other), "other/gone.rst")
    assert not sources._stale_stub(str(markdown), "tags/gone.md")


@pytest.fixture
def refused(monkeypatch):
    heard: list[tuple[str, str, str]] = []
    monkeypatch.setattr(sources, "warn", lambda message, subtype, location=None: heard.append(
        (message, subtype.value, location)))
    return heard


def test_refused_files_are_named_and_kept_from_sphinx(tmp_path, refused):
    write(tmp_path, "index.rst")
    write(tmp_path, "stray.md")
    write(tmp_path, "reports/essex/bad name.md")
    write(tmp_path, "reports/essex/a[1].rst")
    write(tmp_path, "reports/essex/draft.md", "---\ndraft: true\n---\n")
    write(tmp_path, "notes/x.md")
    config = site_config(newsletter_notes_dir="notes", exclude_patterns=["_build", "feedback"],
                         newsletter_show_drafts=False)
    app = SimpleNamespace(srcdir=tmp_path, doctreedir=tmp_path / "_build" / "doctrees")
    sources.refuse_sources(app, config)
    assert refused == [
        ("not built: " + NOT_SITE_PAGE, "refused", "stray.md:1"),
        ("not built: the file name may only hold letters, digits, '-', '_' and '.' (no spaces, quotes or other signs, "
         "not starting with '.'): rename it", "refused", "reports/essex/a[1].rst:1"),
        ("not built: the file name may only hold letters, digits, '-', '_' and '.' (no spaces, quotes or other signs, "
         "not starting with '.'): rename it (the report is left out of its edition until this is fixed)", "refused",
         "reports/essex/bad name.md:1")]
    assert config.exclude_patterns == ["_build", "feedback", "notes", "stray.md", "reports/essex/a[[]1[]].rst",
                                       "reports/essex/bad name.md", "reports/essex/draft.md"]
    cache = tmp_path / "_build" / "doctrees" / "newsletter-drafts.json"
    size = (tmp_path / "reports/essex/draft.md").stat().st_size
    learnt = json.loads(cache.read_text(encoding="utf-8"))
    assert learnt == {"reports/essex/draft.md": [learnt["reports/essex/draft.md"][0], size, True]}


def test_a_preview_builds_drafts_and_a_data_folder_is_excluded_once(tmp_path, refused):
    write(tmp_path, "index.rst")
    write(tmp_path, "reports/essex/draft.md", "---\ndraft: true\n---\n")
    config = site_config(exclude_patterns=["feedback"], newsletter_show_drafts=True)
    app = SimpleNamespace(srcdir=tmp_path, doctreedir=tmp_path / "doctrees")
    sources.refuse_sources(app, config)
    assert refused == [] and config.exclude_patterns == ["feedback"] and not (tmp_path / "doctrees").exists()


def test_what_was_learnt_of_drafts_is_kept_and_read_again(tmp_path):
    write(tmp_path, "reports/a.md", "---\ndraft: true\n---\n")
    write(tmp_path, "reports/b.md", "---\ntitle: B\n---\n")
    seen = {name: ((tmp_path / name).stat().st_mtime_ns, (tmp_path / name).stat().st_size)
            for name in ["reports/a.md", "reports/b.md"]}
    app = SimpleNamespace(srcdir=tmp_path, doctreedir=tmp_path / "d" / "doctrees")
    config = SimpleNamespace(exclude_patterns=["x"])
    sources.leave_out_drafts(app, config, seen)
    cache = tmp_path / "d" / "doctrees" / "newsletter-drafts.json"
    assert config.exclude_patterns == ["x", "reports/a.md"]
    assert json.loads(cache.read_text()) == {"reports/a.md": [*seen["reports/a.md"], True],
                                             "reports/b.md": [*seen["reports/b.md"], False]}
    assert cache.read_text() == json.dumps(json.loads(cache.read_text()), separators=(",", ":"))
    cache.write_text(json.dumps({"reports/b.md": [*seen["reports/b.md"], True]}))  # what was learnt is trusted
    config = SimpleNamespace(exclude_patterns=[])
    sources.leave_out_drafts(app, config, seen)
    assert config.exclude_patterns == ["reports/a.md", "reports/b.md"]
    cache.write_text(json.dumps({}))  # learnt again and written, the folder already there
    sources.leave_out_drafts(app, SimpleNamespace(exclude_patterns=[]), seen)
    assert json.loads(cache.read_text()) == {"reports/a.md": [*seen["reports/a.md"], True],
                                             "reports/b.md": [*seen["reports/b.md"], False]}
    written = cache.stat().st_mtime_ns
    sources.leave_out_drafts(app, SimpleNamespace(exclude_patterns=[]), seen)  # nothing new: not written again
    assert cache.stat().st_mtime_ns == written
    for damaged in ("[1, 2]", "not json", ""):
        cache.write_text(damaged)
        config = SimpleNamespace(exclude_patterns=[])
        sources.leave_out_drafts(app, config, seen)
        assert config.exclude_patterns == ["reports/a.md"]
    cache.write_text("not json")
    sources.leave_out_drafts(app, SimpleNamespace(exclude_patterns=[]), {})  # nothing learnt: nothing written
    assert cache.read_text() == "not json"
    unwritable = SimpleNamespace(srcdir=tmp_path, doctreedir=tmp_path / "reports" / "a.md" / "doctrees")
    config = SimpleNamespace(exclude_patterns=[])
    sources.leave_out_drafts(unwritable, config, seen)  # a cache that cannot be written is no error
    assert config.exclude_patterns == ["reports/a.md"]


def test_the_drafts_left_out_are_named(tmp_path, caplog):
    write(tmp_path, "reports/a.md", "---\ndraft: true\n---\n")
    write(tmp_path, "reports/b.md", "---\ndraft: true\n---\n")
    seen = {name: (1, (tmp_path / name).stat().st_size) for name in ["reports/b.md", "reports/a.md"]}
    with caplog.at_level("INFO"):
        sources.leave_out_drafts(SimpleNamespace(srcdir=tmp_path, doctreedir=tmp_path / "d"),
                                 SimpleNamespace(exclude_patterns=[]), seen)
    assert [record.getMessage() for record in caplog.records] == [
        "newsletter: 2 draft(s) not built (the preview, make livehtml, shows them): reports/a.md, reports/b.md"]


def test_a_refused_report_says_it_is_left_out_wherever_the_reports_are(tmp_path, refused):
    write(tmp_path, "Xtrips/essex/bad name.md")
    config = site_config(newsletter_reports_dir="/Xtrips/", exclude_patterns=[], newsletter_show_drafts=True)
    sources.refuse_sources(SimpleNamespace(srcdir=tmp_path, doctreedir=tmp_path / "d"), config)
    assert [message.endswith("(the report is left out of its edition until this is fixed)")
            for message, _, _ in refused] == [True]

"""HTML to MyST for imported posts and comments, with verdicts written by hand: this HTML becomes this markdown,
this address is linked and that one kept as text with this note. No site is built; ``make mutation`` mutates the
code these tests pin (``importing/markup.py``)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sphinx_newsletter.importing import markup
from sphinx_newsletter.importing.markup import (
    POST_LINK,
    Conversion,
    HeadingLevels,
    autop,
    blog_address,
    code_language,
    escape_markdown,
    escape_text,
    fence,
    html_to_markdown,
    nesting_depth,
    paragraphs_of,
    picture_address,
    plain_text,
    separators,
    web_address,
)

BLOG = "https://blog.example/"


@pytest.fixture(autouse=True)
def fresh_converter(monkeypatch):
    """The converter class made anew for each test: it is made once and kept, and ``make mutation`` runs, for a
    mutant of it, only the tests that made it."""
    monkeypatch.setattr(markup, "_CONVERTER", None)
NOT_LINKED = "a {}: address is not linked (not a scheme reports may link to: SECURITY.md)"
NO_ADDRESS = "an image without a web address is shown as its text ({})"


def converted(html: str, **conversion) -> tuple[str, list[str], list[str]]:
    """The markdown, the notes and the remote images of ``html``."""
    found = Conversion(**conversion)
    return html_to_markdown(html, found), found.notes, found.images


def test_a_fence_is_longer_than_any_run_inside_it():
    assert fence("a\n````\nb\n") == "`````\na\n````\nb\n`````"
    assert fence("x", "python") == "```python\nx\n```"
    assert fence("x", "{note} T`x") == "~~~{note} T`x\nx\n~~~"  # a backtick fence's info cannot hold a backtick
    assert fence("~~~~x", "", "~") == "~~~~~\n~~~~x\n~~~~~"
    assert fence("``a``", "", "~") == "~~~\n``a``\n~~~"
    assert fence("") == "```\n\n```"
    assert fence("a\n\n\n") == "```\na\n```"
    assert fence("a  \n") == "```\na  \n```"  # trailing spaces are code too


@pytest.mark.parametrize(("value", "address"), [
    ("https://Blog.example", "https://Blog.example/"), ("http://b.example/x/", "http://b.example/x/"),
    (" https://b.example/x// ", "https://b.example/x/"), ("HTTPS://B.EXAMPLE/a", "HTTPS://B.EXAMPLE/a/"),
    ("ftp://b.example", None), ("https://", None), ("https:///x", None), ("https://@h", None), (None, None), (3, None),
    ("blog.example", None), ("https://b.example/BOX", "https://b.example/BOX/"),
])
def test_a_blogs_address_is_http_or_https_with_a_host(value, address):
    assert blog_address(value) == address


@pytest.mark.parametrize(("url", "address"), [
    ("a b.html", "https://blog.example/posts/a%20b.html"), ("../up", "https://blog.example/up"),
    ("/root", "https://blog.example/root"), ("//h.example/p?q=1#f", "https://h.example/p?q=1#f"),
    ("HTTPS://H.example/x", "HTTPS://H.example/x"), ("http://h.example/", "http://h.example/"),
    ("mailto:a@b.example", "mailto:a@b.example"), (" https://h.example/ä ö ", "https://h.example/%C3%A4%20%C3%B6"),
    ("https://h.example/a&amp;b", "https://h.example/a&b"), ("https://h.example/[x]@!$'()*+,;=%~-._",
                                                             "https://h.example/[x]@!$'%28%29*+,;=%~-._"),
    ("https://h.example/a\"b<c>{d}", "https://h.example/a%22b%3Cc%3E%7Bd%7D"),
    ("POST:other-post", "POST:other-post"),  # a link to another imported post (its nonce differs in each process)
])
def test_addresses_are_made_absolute_and_encoded(url, address):
    conversion = Conversion(base_url="https://blog.example/posts/")
    assert web_address(url.replace("POST:", POST_LINK), conversion) == address.replace("POST:", POST_LINK)
    assert conversion.notes == []


@pytest.mark.parametrize(("url", "scheme"), [("gopher:1", "gopher"), ("data:x", "data"), ("javascript:a", "javascript"),
                                             ("JavaScript:a", "javascript"), ("&#106;avascript:x", "javascript"),
                                             ("vbscript:x", "vbscript")])
def test_other_schemes_are_not_linked_and_the_editor_is_told(url, scheme):
    conversion = Conversion(base_url=BLOG)
    assert web_address(url, conversion) is None
    assert conversion.notes == [NOT_LINKED.format(scheme)]


@pytest.mark.parametrize("url", ["ftp://files.example/a.tar.gz", "tel:+41446681800", "irc://irc.example/openstack",
                                 "webcal://summit.example/days.ics"])
def test_a_post_links_to_other_programs_and_a_comment_does_not(url):
    post, comment = Conversion(base_url=BLOG), Conversion(base_url=BLOG, comment=True)
    assert web_address(url, post) == url and post.notes == []
    assert web_address(url, comment) is None
    assert comment.notes == [f"a {url.split(':')[0]}: address is not linked (not a scheme comments may link to: "
                             "SECURITY.md)"]


@pytest.mark.parametrize(("url", "scheme"), [("ftp://files.example/a.png", "ftp"), ("mailto:a@b.example", "mailto"),
                                             ("tel:+41", "tel")])
def test_a_picture_is_only_at_a_web_address(url, scheme):
    for kept in ("http://files.example/a.png", "https://files.example/a.png", "HTTP://files.example/a.png"):
        assert picture_address(kept, Conversion(base_url=BLOG)) == kept
    conversion = Conversion(base_url=BLOG)
    assert picture_address(url, conversion) is None
    assert conversion.notes == [f"a picture at a {scheme}: address is not shown (pictures are http or https)"]
    assert html_to_markdown(f"<p><img src=\"{url}\" alt=\"A map\"></p>", conversion).strip() == "[image: A map]"


@pytest.mark.parametrize("url", ["{{assetpath}}/{{fig_src}}.svg", "\\{\\{assetpath\\}\\}/a.png", "/x/{% raw %}a.png",
                                 "https://h.example/{{ x }}", "POST:{{page.assets}}/a.png"])
def test_an_address_a_template_makes_is_no_address(url):
    """A blog's include writes <img src="{{assetpath}}/{{include.file}}.svg">: the import cannot work it out, and
    a broken picture at a made-up address is worse than its text."""
    conversion = Conversion(base_url=BLOG)
    assert web_address(url.replace("POST:", POST_LINK), conversion) is None
    assert conversion.notes == [f"an address made by the blog's templates ({url.replace('POST:', '').replace(chr(92), '')!r})"
                                " is kept as text"]


def test_a_picture_that_names_a_post_says_so_without_the_imports_marker():
    conversion = Conversion(base_url=BLOG)
    assert picture_address(POST_LINK + "about.md", conversion) is None
    assert conversion.notes == ["a picture at 'about.md', a post or page of the blog, is not shown"]


def test_notes_show_the_first_80_characters_of_an_address():
    conversion = Conversion(base_url=BLOG)
    long = "p" * 79 + "qr"
    assert picture_address(POST_LINK + long, conversion) is None
    assert web_address("{{ x }}" + long, conversion) is None
    assert conversion.notes == [f"a picture at {long[:80]!r}, a post or page of the blog, is not shown",
                                f"an address made by the blog's templates ({('{{ x }}' + long)[:80]!r}) is kept as text"]


def test_a_scheme_relative_address_is_https_even_without_a_blog():
    conversion = Conversion()
    assert web_address("//h.example/x", conversion) == "https://h.example/x"
    assert conversion.notes == []


def test_nothing_and_in_page_anchors_are_no_address():
    conversion = Conversion(base_url=BLOG)
    assert [web_address(url, conversion) for url in ("", "  ", "#x", " #x")] == [None] * 4
    assert conversion.notes == []


def test_a_relative_address_without_a_blog_is_kept_as_text_but_the_posts_pictures_stay_relative():
    conversion = Conversion(local=frozenset({"pic.png"}))
    assert web_address("pic.png", conversion) == "pic.png"
    assert web_address("rel.html", conversion) is None
    assert web_address("rel.html", conversion) is None
    long = "x" * 100
    assert web_address(long, conversion) is None
    assert conversion.notes == ["relative address 'rel.html' kept as text: give --base-url to link it",
                                f"relative address {'x' * 80!r} kept as text: give --base-url to link it"]


def test_a_note_and_an_image_are_listed_once():
    conversion = Conversion(local=frozenset({"mine.png"}))
    for _ in range(2):
        conversion.note("n")
        conversion.image("https://e.example/a.png")
    conversion.image("mine.png")
    assert (conversion.notes, conversion.images) == (["n"], ["https://e.example/a.png"])


def test_what_myst_would_read_as_markup_is_escaped():
    assert escape_text("a $b$ {c} ::: 5% +++ (t)= \n:x: y:z") == (
        "a \\$b\\$ \\{c\\} \\::: 5\\% \\+++ \\(t)= \n\\:x: y:z")
    assert escape_text(":first") == "\\:first"
    assert escape_text("(a b)= (c)=") == "\\(a b)= \\(c)="
    assert escape_text("( a)= ()=") == "( a)= ()="


@pytest.mark.parametrize(("html", "markdown", "notes"), [
    ('<p>Hello <a href="https://example.org/a b">link</a> and <a href="javascript:x()">bad</a>.</p>',
     "Hello [link](https://example.org/a%20b) and bad.\n", [NOT_LINKED.format("javascript")]),
    ('<p><a href="/about">rel</a> <a href="//cdn.example.org/x">proto</a> <a href="mailto:a@b.org">mail</a> '
     '<a href="#top">top</a> <a href="https://example.org/">https://example.org/</a> <a href="https://example.org/"> '
     '</a></p>', "[rel](https://blog.example/about) [proto](https://cdn.example.org/x) [mail](mailto:a@b.org) top "
     "<https://example.org/>\n", []),
    ('<p><a href="mailto:a@b.org">mailto:a@b.org</a> <a href="https://e.org/a_b">https://e.org/a_b</a></p>',
     "[mailto:a@b.org](mailto:a@b.org) <https://e.org/a_b>\n", []),
    ("<p>$5 and {role} and ::: and 100% and +++ and\n:field</p>",
     "\\$5 and \\{role\\} and \\::: and 100\\% and \\+\\+\\+ and\n\\:field\n", []),
    ('<img src="https://example.org/a.png" alt="A [b]"> <img src="javascript:x" alt="bad"> <img src="mailto:a@b" alt="">',
     "![A \\[b\\]](https://example.org/a.png) [image: bad]\n",
     [NOT_LINKED.format("javascript"), NO_ADDRESS.format("bad"),
      "a picture at a mailto: address is not shown (pictures are http or https)", NO_ADDRESS.format("no alt text")]),
    ('<figure><a href="https://example.org/big.png"><img src="https://example.org/a.png" alt="Alt  text"></a>'
     "<figcaption>Cap <em>tion</em></figcaption></figure>",
     "```{figure} https://example.org/a.png\n:alt: Alt text\n:target: https://example.org/big.png\n\nCap *tion*\n```\n",
     []),
    ('<figure><a href="mailto:a@b.org"><img src="https://example.org/a.png"></a></figure>',
     "```{figure} https://example.org/a.png\n\n```\n", []),
    ('<figure><img src="https://example.org/a.png"><img src="https://example.org/b.png"></figure>',
     "![](https://example.org/a.png)![](https://example.org/b.png)\n", []),
    ('<figure><img src="x:y" alt="bad"><figcaption>Cap</figcaption></figure>', "[image: bad]\n\nCap\n",
     [NOT_LINKED.format("x"), NO_ADDRESS.format("bad")]),
    ("<figure><p>No picture</p></figure>", "No picture\n", []),
    ("<h1>One</h1><h3>Two</h3><h6>Three</h6>", "## One\n\n### Two\n\n#### Three\n", []),
    ('<pre class="brush: python">print(1)\n```\n</pre>', "````python\nprint(1)\n```\n````\n", []),
    ('<pre><code class="language-rust">fn main() {}</code></pre>', "```rust\nfn main() {}\n```\n", []),
    ("<p>a</p><pre></pre><p>b</p>", "a\n\nb\n", []),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe><video><source src="https://example.org/v.mp4"></video>'
     '<embed src="javascript:x"><object data="https://e.org/o">Fallback</object>',
     "[Embedded content](https://www.youtube.com/embed/x)\n\n[video](https://example.org/v.mp4)\n\n"
     "[Fallback](https://e.org/o)\n",
     ["embedded content (iframe) became a link: https://www.youtube.com/embed/x",
      "embedded content (source) became a link: https://example.org/v.mp4", NOT_LINKED.format("javascript"),
      "embedded content (object) became a link: https://e.org/o"]),
    ('<audio src="https://e.org/a.mp3"></audio><video>Only text</video>',
     "[audio](https://e.org/a.mp3)\n\nOnly text\n", ["embedded content (audio) became a link: https://e.org/a.mp3"]),
    ('<aside class="admonition note"><p class="admonition-title">Note</p><p>Body.</p></aside>', "```{note}\nBody.\n```\n",
     []),
    ('<div class="admonition warning"><p class="admonition-title">Careful now</p><p>Body.</p></div>',
     "```{admonition} Careful now\nBody.\n```\n", []),
    ('<div class="admonition seealso"><p class="admonition-title">See also</p><p>Body.</p></div>',
     "```{seealso}\nBody.\n```\n", []),
    ('<div class="admonition"><p>Untitled.</p></div>', "```{admonition} Note\nUntitled.\n```\n", []),
    ('<div class="admonition tip"><p class="admonition-title">Tip</p><p>Tip: keep it.</p></div>',
     "```{tip}\nTip: keep it.\n```\n", []),  # the title paragraph goes, the text stays
    ("<aside><p>Plain aside</p></aside><aside> </aside>", "Plain aside\n", []),
    ('<p><span class="literal">x = 1 $5</span> and <span>plain</span> H<sub>2</sub>O x<sup>2</sup></p>',
     "`x = 1 $5` and plain H2O x2\n", []),
    ('<pre><span class="literal">a*b</span></pre>', "```\na*b\n```\n", []),
    ("<pre>a<br>b</pre><p>a<br>b</p>", "```\na\nb\n```\n\na\\\nb\n", []),
    ("<hr><h2>T</h2><hr><p>x</p><hr><hr><p>y</p><hr>", "## T\n\nx\n\n---\n\ny\n", []),
    ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
     "| a | b |\n| --- | --- |\n| c | d |\n", []),
    ("<ul><li>one</li><li>two</li></ul>", "- one\n- two\n", []),
])
def test_a_post_becomes_myst_markdown(html, markdown, notes):
    assert converted(html, base_url=BLOG)[:2] == (markdown, notes)


@pytest.mark.parametrize(("html", "markdown"), [
    ("<p><a>No address</a> <img alt=\"No source\"></p>", "No address [image: No source]\n"),
    ("<figure><img alt=\"A\"><figcaption>C</figcaption></figure>", "[image: A]\n\nC\n"),
    ('<figure><a><img src="https://e.org/i.png"></a></figure>', "```{figure} https://e.org/i.png\n\n```\n"),
    ("<embed><iframe>Frame</iframe>", "Frame\n"),
    ('<figure><a href="https://e.org/big"><span><img src="https://e.org/i.png"></span></a></figure>',
     "```{figure} https://e.org/i.png\n:target: https://e.org/big\n```\n"),
    ('<figure><a href="http://e.org/big"><img src="https://e.org/i.png"></a></figure>',
     "```{figure} https://e.org/i.png\n:target: http://e.org/big\n```\n"),
    ('<code><a href="https://e.org">x</a></code>', "`x`\n"),
    ('<div class="admonition note"><p>Body first.</p><p class="admonition-title">Note</p></div>',
     "```{note}\nBody first.\n\nNote\n```\n"),
    ('<video><p>Old browser</p><source src="https://e.org/v.mp4"></video>', "[Old browser](https://e.org/v.mp4)\n"),
    ("<pre>    indented\nX</pre>", "```\n    indented\nX\n```\n"),
    ("<p>a<sup> </sup>b<sub> </sub>c</p>", "a b c\n"),
    ('<h2>Title <img src="https://e.org/i.png" alt="I"></h2>', "## Title [image: I](https://e.org/i.png)\n"),
    ('<table><tr><th>H</th></tr><tr><td><img src="https://e.org/i.png" alt="I"></td></tr></table>',
     "| H |\n| --- |\n| [image: I](https://e.org/i.png) |\n"),
    ('<table><tr><th>H</th></tr><tr><td><figure><img src="https://e.org/i.png" alt="I"><figcaption><p>a</p><p>b</p>'
     "</figcaption></figure></td></tr></table>", "| H |\n| --- |\n| [image: I](https://e.org/i.png) a  b |\n"),
])
def test_elements_without_their_address_and_in_other_contexts(html, markdown):
    assert converted(html, base_url=BLOG)[0] == markdown


def test_a_long_embedded_address_is_told_by_its_first_100_characters():
    url = "https://e.org/" + "v" * 120
    assert converted(f'<iframe src="{url}"></iframe>')[1] == [f"embedded content (iframe) became a link: {url[:100]}"]


def test_remote_images_are_listed_for_the_editor():
    _, _, images = converted('<p><img src="https://e.org/a.png"><img src="pic.png"><img src="https://e.org/a.png"></p>'
                             '<figure><img src="https://e.org/f.png"></figure>', base_url=BLOG, local=frozenset({"pic.png"}))
    assert images == ["https://e.org/a.png", "https://e.org/f.png"]


def test_an_image_inside_a_link_or_a_comment_is_a_link():
    assert converted('<p><a href="https://e.org/p"><img src="https://e.org/a.png" alt="A"></a></p>')[0] == (
        "[![A](https://e.org/a.png)](https://e.org/p)\n")
    assert converted('<p><img src="https://e.org/a.png"></p>', comment=True)[0] == (
        "[image: https://e.org/a.png](https://e.org/a.png)\n")


@pytest.mark.parametrize(("html", "markdown"), [
    ('<h2>Head</h2><p>x <img src="https://e.org/a.png" alt="A"></p>', "**Head**\n\nx [image: A](https://e.org/a.png)\n"),
    ("<h3> </h3><p>x</p>", "x\n"),
    ('<aside class="admonition note"><p class="admonition-title">Note</p><p>B.</p></aside>', "**Note**\n\nB.\n"),
    ('<div class="admonition"><p>B.</p></div>', "B.\n"),
    ('<figure><img src="https://e.org/a.png"><figcaption>C</figcaption></figure>',
     "[image: https://e.org/a.png](https://e.org/a.png)\n\nC\n"),
])
def test_a_comment_gets_no_headings_figures_or_admonitions(html, markdown):
    assert converted(html, comment=True)[0] == markdown


def test_a_long_post_is_cut_and_a_deep_one_read_as_text(monkeypatch):
    monkeypatch.setattr(markup, "MAX_HTML_BYTES", 2 * 1024 * 1024)
    text, notes, _ = converted("<p>" + "a" * (2 * 1024 * 1024) + "bcd</p>")
    assert notes == ["the text was cut at 2 MiB"] and text == "a" * (2 * 1024 * 1024 - 3) + "\n"
    exactly, notes, _ = converted("x" * (2 * 1024 * 1024))
    assert notes == [] and len(exactly) == 2 * 1024 * 1024 + 1
    deep = "<div>" * 201 + "a*b" + "</div>" * 201
    assert converted(deep) == ("a\\*b\n", ["HTML nested more than 200 deep is imported as plain text"], [])
    assert converted("<div>" * 200 + "a*b" + "</div>" * 200) == ("a\\*b\n", [], [])


def test_html_too_deep_for_the_converter_is_read_as_text(monkeypatch):
    class Deep:
        def __init__(self, *args, **kwargs):
            pass

        def convert(self, markup_):
            raise RecursionError

    monkeypatch.setattr(markup, "_CONVERTER", Deep)
    assert converted("<p>a <b>b</b></p>") == ("a b\n", ["HTML too deeply nested: imported as plain text"], [])


@pytest.mark.parametrize(("pre", "language"), [
    ('<pre class="brush: c++">', "c++"), ('<pre class="brush:js; gutter: false">', "js"),
    ('<pre class="brush: ' + "x" * 31 + '">', ""), ('<pre class="lang-go">', "go"),
    ("<pre><code class=\"highlight-py3\">", "py3"), ('<pre class="sourceCode-haskell">', "haskell"),
    ('<pre class="code ruby">', "ruby"), ('<pre class="sourceCode literal-block js">', "js"),
    ('<pre class="highlight code c">', "c"), ('<pre class="code">', ""), ('<pre class="code bad!">', ""),
    ('<pre class="language-' + "x" * 31 + '">', ""), ('<pre class="language-">', ""), ("<pre>", ""),
    ('<pre class="other language-go">', "go"), ('<pre class="lang-go"><code class="other">', "go"),
    ('<pre><span class="language-c">a</span><code class="language-js">', "js"),
])
def test_the_language_of_code_comes_from_the_highlighters_class_names(pre, language):
    element = BeautifulSoup(pre + "x</pre>", "html.parser").find("pre")
    assert code_language(element) == language


def test_a_string_class_is_split_into_names():
    element = BeautifulSoup("<pre>x</pre>", "html.parser").find("pre")
    element.attrs["class"] = "code  python"
    assert code_language(element) == "python"


def test_headings_start_at_two_and_never_skip_a_level():
    levels = HeadingLevels([1, 3, 3, 6, 2])
    assert levels.rank == {1: 2, 2: 3, 3: 4, 6: 5}
    assert [levels.next(n) for n in [3, 1, 6, 2, 5, 6]] == [2, 2, 3, 3, 4, 5]
    assert HeadingLevels(list(range(1, 7))).rank == {1: 2, 2: 3, 3: 4, 4: 5, 5: 6, 6: 6}
    assert HeadingLevels([]).next(4) == 2
    levels = HeadingLevels([])
    assert [levels.next(4) for _ in range(7)] == [2, 3, 4, 5, 6, 6, 6]  # never deeper than ######


@pytest.mark.parametrize("html", ["<H1>a</H1><H3>b</H3><H2>c</H2>", "<h1>a</h1><h3>b</h3><h2>c</h2>"])
def test_a_heading_keeps_its_rank_when_the_levels_go_back_up(html):
    assert converted(html)[0] == "## a\n\n### b\n\n### c\n"


def test_code_keeps_its_blank_lines_and_rules():
    code = "def a():\n    pass\n\n\n\ndef b():\n    pass"
    assert converted(f'<pre><code class="language-python">{code}</code></pre>')[0] == f"```python\n{code}\n```\n"
    yaml_ = "# config\n\n---\na: 1\n---\n\n---\nb: 2"
    assert converted(f"<pre>{yaml_}</pre><hr><h2>T</h2><hr><p>x</p>")[0] == f"```\n{yaml_}\n```\n\n---\n\n## T\n\nx\n"


def test_nesting_is_counted_from_start_and_end_tags():
    assert nesting_depth("<div><div><br><p><span></span></div></div>") == 3
    assert nesting_depth("</div></div><b>") == 1
    assert nesting_depth("<IMG><LI><A><B>") == 2
    assert nesting_depth("text") == 0
    assert nesting_depth("<a><b></b><c><d></d></c></a>") == 3


def test_rules_are_never_doubled_first_last_or_after_a_heading():
    assert separators("---\n\n---\n\n# T\n\n---\n\nx\n\n---\n---\n\n---\n") == "# T\n\nx"
    assert separators("a\n\n---\n\n---\n\nb") == "a\n\n---\n\nb\n"
    assert separators("## H\n\n---\n\n---\n\nb") == "## H\n\nb\n"
    assert separators("    code\n\n---\n\nX marks\n\n---\n\ny X") == "    code\n\n---\n\nX marks\n\n---\n\ny X\n"
    assert separators("```\n---\n\n---\n```\n\n# H\n\n---\n\nx") == "```\n---\n\n---\n```\n\n# H\n\nx\n"
    assert separators("```\nx\n```\n---\n\n---\n\ny") == "```\nx\n```\n---\n\ny\n"  # right after code


def test_text_is_split_into_paragraphs_without_tags_or_scripts():
    assert paragraphs_of("<p>a  <b>b</b></p><script>x</script><STYLE>y</style >c<br/>d</div>e</li>f &amp; g") == [
        "a b", "c", "d", "e", "f & g"]
    assert paragraphs_of("<SCRIPT type='x'>a\nb</script>") == []
    assert paragraphs_of("a<BR>b</P>c</DIV>d</LI>e") == ["a", "b", "c", "d", "e"]
    assert plain_text("<p>a*b [c]</p><p>d!</p>") == "a\\*b \\[c\\]\n\nd\\!\n"
    assert escape_markdown("a-b_c{}~`| é") == "a\\-b\\_c\\{\\}\\~\\`\\| é"


def test_wordpress_paragraphs():
    assert autop("one\ntwo\n\nthree<div>x</div>\r\n\r\nfour<pre>a\n\nb</pre>five\rsix") == (
        "<p>one<br />\ntwo</p>\n<p>three</p>\n<div>x</div>\n<p>four</p>\n<pre>a\n\nb</pre>\n<p>five<br />\nsix</p>")
    assert autop("<p>already</p>\n\n<UL><li>a</li></UL>") == "<p>already</p>\n<UL>\n<li>a</li>\n</UL>"
    assert autop("<script>a\n\nb</script >\n\n  \n\nx") == "<script>a\n\nb</script >\n<p>x</p>"
    assert autop("a  \n  b") == "<p>a<br />\nb</p>"
    assert autop("a\r\nb") == "<p>a<br />\nb</p>"


@pytest.mark.parametrize(("body", "written", "changed"), [
    ("```mermaid\ngraph TD;\n  A-->B;\n```\n", "```text\ngraph TD;\n  A-->B;\n```\n", ["mermaid"]),
    ("~~~~txt extra words\nplain\n~~~~\n", "~~~~text extra words\nplain\n~~~~\n", ["txt"]),
    ("> ```mermaid\n> A-->B\n> ```\n", "> ```text\n> A-->B\n> ```\n", ["mermaid"]),  # in a quote
    ("- item\n\n  ```terminal\n  $ ls\n  ```\n", "- item\n\n  ```text\n  $ ls\n  ```\n", ["terminal"]),  # in a list
    ("```mermaid\nA\n```\n\n```conf\nB\n```\n", "```text\nA\n```\n\n```text\nB\n```\n", ["mermaid", "conf"]),
    # kept: languages Pygments or Sphinx knows, directives, fences with no language, code that is no fence
    ("```python\nx = 1\n```\n", None, []),
    ("```Python\nx = 1\n```\n", None, []),  # Pygments looks names up in any case
    ("```none\nx\n```\n", None, []), ("```pycon3\n>>> 1\n```\n", None, []), ("```default\nx\n```\n", None, []),
    ("```{note}\nA note.\n```\n", None, []),
    ("```{note} txt\nA note titled txt.\n```\n", None, []),  # another directive's argument is no language
    ("```{code-block} txt\n:caption: a\nplain\n```\n", "```{code-block} text\n:caption: a\nplain\n```\n", ["txt"]),
    ("````{code} mermaid\nA\n````\n", "````{code} text\nA\n````\n", ["mermaid"]),
    ("```{sourcecode}  conf\nA\n```\n", "```{sourcecode}  text\nA\n```\n", ["conf"]),
    ("```{code-block} python\nx\n```\n", None, []), ("```{code-block}\nx\n```\n", None, []),
    ("```lang-makefile\nall:\n```\n", "```makefile\nall:\n```\n", ["lang-makefile"]),  # HTML's class name
    ("```language-go\nx := 1\n```\n", "```go\nx := 1\n```\n", ["language-go"]),
    ("```language-mermaid\nA\n```\n", "```text\nA\n```\n", ["language-mermaid"]),  # naming none known
    ("```go-lang\nA\n```\n", "```text\nA\n```\n", ["go-lang"]),  # only as a prefix
    ("```xlang-go\nA\n```\n", "```text\nA\n```\n", ["xlang-go"]),
    ("```\nplain\n```\n", None, []),
    ("    ```mermaid\n    indented code, not a fence\n", None, []),
    ("Text with `` ```mermaid `` in a code span.\n", None, []),
    ("```\n```mermaid\n```\n", None, []),  # inside another fence: code
    ("```mer&#97;id\nx\n```\n", "```text\nx\n```\n", ["mer&#97;id"]),  # unknown as written and as meant
    ("~~~ `mermaid`\nx\n~~~\n", None, []),  # a language this reading cannot place on its line: left alone
    ("~~~ `mermaid`\nx\n~~~\n\n```mermaid\ny\n```\n", "~~~ `mermaid`\nx\n~~~\n\n```text\ny\n```\n",
     ["mermaid"]),  # and the next one still changed
    ("1. ```1\n   x\n   ```\n", "1. ```text\n   x\n   ```\n", ["1"]),  # a list item's number is no language
    ("```python\nx\n```\n\n```mermaid\ny\n```\n", "```python\nx\n```\n\n```text\ny\n```\n", ["mermaid"]),
    ("```\nx\n```\n\n```mermaid\ny\n```\n", "```\nx\n```\n\n```text\ny\n```\n", ["mermaid"]),
])
def test_code_in_a_language_sphinx_cannot_highlight_is_written_as_plain_text(body, written, changed):
    assert markup.plain_unknown_languages(body) == (body if written is None else written, changed)


@pytest.mark.parametrize(("code", "language", "read"), [
    ('{"hosts": []}\n', "json", True), ('$ curl -s x\n{"hosts": []}\n', "json", False),  # a shell session marked JSON
    ("print(`x`)\n", "python", False), ("print(`x`)\n", "py", False), ("x = 1\n", "python3", True),
    (">>> print(1)\n1\n", "python", True),  # Sphinx reads a session marked python as one
    (">>> `\n", "pycon", False), ("int x = `;\n", "c", False), ("int x = 1;\n", "c", True),
    ("$ `\n", "default", True),  # Sphinx's guess: shown plain, without a warning
    ("`$\n", "none", True), ("$ `\n", "guess", True),
])
def test_whether_sphinx_reads_code_as_its_language(code, language, read):
    assert markup.lexes(code, language) is read


@pytest.mark.parametrize(("body", "written", "changed"), [
    ("```json\n$ curl x\n{}\n```\n", "```{code-block} json\n:force:\n$ curl x\n{}\n```\n", ["json"]),
    ("~~~~python\nprint(`x`)\n~~~~\n", "~~~~{code-block} python\n:force:\nprint(`x`)\n~~~~\n", ["python"]),
    ("```  json \t\n$ x\n```\n", "```{code-block} json\n:force:\n$ x\n```\n", ["json"]),
    ("- item\n\n  ```json\n  $ x\n  ```\n", "- item\n\n  ```{code-block} json\n  :force:\n  $ x\n  ```\n", ["json"]),
    ("```json\n{}\n```\n\n```c\n`\n```\n", "```json\n{}\n```\n\n```{code-block} c\n:force:\n`\n```\n", ["c"]),
    ("```c\n`\n```\n\n```json\n$\n```\n", "```{code-block} c\n:force:\n`\n```\n\n```{code-block} json\n:force:\n$\n```\n",
     ["c", "json"]),
    # kept: code that lexes, languages Sphinx does not know or guesses, no plain fence, or code MyST would read otherwise
    ("```json\n{}\n```\n", None, []), ("```mermaid\n$ `\n```\n", None, []), ("```default\n$ `\n```\n", None, []),
    ("```\n$ `\n```\n", None, []), ("```{code-block} json\n$ x\n```\n", None, []),
    ("```json title\n$ x\n```\n", None, []),  # more than a language on the opening line
    ("> ```json\n> $ x\n> ```\n", None, []),  # in a quote: no line of options fits there
    ("1. ```json\n   $ x\n   ```\n", None, []),  # on a list item's first line
    ("```json\n\n$ x\n```\n", None, []),  # MyST drops a directive's first empty line
    ("```json\n:x: $\n```\n", None, []), ("```json\n  :x: $\n```\n", None, []),  # read as an option
    ("```json\n$ x\f\n```\n", None, []), ("```json\n$ x\v y\n```\n", None, []),  # MyST splits lines there
    ("```json\n$ x\u2028y\n```\n", None, []),
    ("    ```json\n    $ x\n", None, []),  # indented code, not a fence
    ("> ```json\n> $ x\n> ```\n\n```json\n$ y\n```\n", "> ```json\n> $ x\n> ```\n\n```{code-block} json\n:force:\n$ y\n```\n",
     ["json"]),  # and the next one still written
])
def test_code_sphinx_cannot_read_as_its_language_is_written_with_the_force_option(body, written, changed):
    assert markup.force_unlexed_code(body) == (body if written is None else written, changed)


def test_a_text_with_a_carriage_return_keeps_its_code_as_written():
    """markdown-it ends a line at a lone carriage return, so its line numbers do not fit ``text.split("\\n")``:
    the block it names is not the line read."""
    assert markup.force_unlexed_code("a\rb\n\n```json\n$ x\n```\n") == ("a\rb\n\n```json\n$ x\n```\n", [])
    inside = "a\rb\n~~~json\n```json\n$\n~~~\n"  # read one line off, the code's first line looks like the fence
    assert markup.force_unlexed_code(inside) == (inside, [])
    assert markup.force_unlexed_code("ab\n\n```json\n$ x\n```\n")[1] == ["json"]

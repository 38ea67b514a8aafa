"""Blog engines' shortcodes (WordPress, Jekyll's Liquid, Hugo) turned into what the newsletter shows, with verdicts
written by hand: this shortcode becomes this HTML or markdown, that one stays as text with this note. No site is
built; ``make mutation`` mutates the code these tests pin (``importing/shortcodes.py``)."""

from __future__ import annotations

import pytest

from sphinx_newsletter.importing.markup import POST_LINK, Conversion
from sphinx_newsletter.importing.shortcodes import (
    NOTE_END,
    NOTE_START,
    attributes,
    code_ranges,
    fence_notes,
    static_shortcodes,
    wordpress_shortcodes,
)

ATTACHMENTS = {"1": ("https://e.org/1.png", "One"), "2": ("https://e.org/2.png", "Two <b>")}
BLOG = "https://blog.example/base/"


@pytest.mark.parametrize(("text", "named", "positional"), [
    ("a b=\"c d\" e='f' g=h \"pos\" bare /", {"b": "c d", "e": "f", "g": "h"}, ["a", "pos", "bare"]),
    ("ID=\"X\" &quot;q&quot; Mp3 = 'm'", {"id": "X", "mp3": "m"}, ["q"]),
    ("", {}, []), (None, {}, []), ("a=\"\" b='' c=x", {"a": "", "b": "", "c": "x"}, []),
])
def test_shortcode_attributes_are_read_as_wordpress_reads_them(text, named, positional):
    assert attributes(text) == (named, positional)


@pytest.mark.parametrize(("text", "html", "notes"), [
    ('[code lang="python"]a &lt; b<br>c<BR/>d[/code]', '<pre><code class="language-python">a &lt; b\nc\nd</code></pre>',
     []),
    ("[python]x[/python]", '<pre><code class="language-python">x</code></pre>', []),
    ('[sourcecode language="Go"]x[/sourcecode]', '<pre><code class="language-Go">x</code></pre>', []),
    ('[sourcecode language="bad lang"]x[/sourcecode]', '<pre><code class="language-">x</code></pre>', []),
    ("[plain]\nx\n\n[/plain]", '<pre><code class="language-">x</code></pre>', []),
    ("[text]x[/text] [source]y[/source]", '<pre><code class="language-">x</code></pre> '
                                          '<pre><code class="language-">y</code></pre>', []),
    ('[caption id="c" caption="Cap"]<a href="x"><img src="https://e.org/i.png"></a>[/caption]',
     '<figure><img src="https://e.org/i.png"><figcaption>Cap</figcaption></figure>', []),
    ('[caption]<a href="x"><IMG src="https://e.org/i.png"></a> Text cap[/caption]',
     '<figure><IMG src="https://e.org/i.png"><figcaption>Text cap</figcaption></figure>', []),
    ("[wp_caption]No image[/wp_caption]", "<p>No image</p>", []),
    ("[embed]https://youtu.be/x[/embed]", '<p><a href="https://youtu.be/x">https://youtu.be/x</a></p>', []),
    ('[audio mp3="https://e.org/a.mp3"][/audio]', '<p><a href="https://e.org/a.mp3">Audio: https://e.org/a.mp3</a></p>',
     []),
    ("[video]https://e.org/v.mp4[/video]", '<p><a href="https://e.org/v.mp4">Video: https://e.org/v.mp4</a></p>', []),
    ('[video webm="https://e.org/v.webm"]', '<p><a href="https://e.org/v.webm">Video: https://e.org/v.webm</a></p>', []),
    ('[audio ogg="https://e.org/a.ogg" /]', '<p><a href="https://e.org/a.ogg">Audio: https://e.org/a.ogg</a></p>', []),
    ('[video mp4="https://e.org/v.mp4"]', '<p><a href="https://e.org/v.mp4">Video: https://e.org/v.mp4</a></p>', []),
    ("[audio]", "", []), ("[youtube]", "", []), ("[vimeo]", "", []),
    ('[audio src="https://e.org/s.mp3" mp3="https://e.org/m.mp3"]',
     '<p><a href="https://e.org/s.mp3">Audio: https://e.org/s.mp3</a></p>', []),
    ("[sourcecode]x[/sourcecode]", '<pre><code class="language-">x</code></pre>', []),
    ("[code]\n    indented 'a' \"b\" <c>\nX[/code]",
     '<pre><code class="language-">    indented \'a\' "b" &lt;c&gt;\nX</code></pre>', []),
    ("[unknown a=1]x[/unknown]", "[unknown a=1]x[/unknown]", ["shortcode [unknown] left as text"]),
    ('[gallery ids="2, 1,9"]', '<p><img src="https://e.org/2.png" alt="Two &lt;b&gt;" /> '
                              '<img src="https://e.org/1.png" alt="One" /></p>', []),
    ('[gallery include="2"]', '<p><img src="https://e.org/2.png" alt="Two &lt;b&gt;" /></p>', []),
    ("[gallery]", '<p><img src="https://e.org/1.png" alt="One" /></p>', []),
    ('[gallery ids="9"]', '[gallery ids="9"]', ["a [gallery] whose images are not in the export is left as text"]),
    ("[youtube abc]", '<p><a href="https://www.youtube.com/watch?v=abc">https://www.youtube.com/watch?v=abc</a></p>', []),
    ("[youtube https://youtu.be/x]", '<p><a href="https://youtu.be/x">https://youtu.be/x</a></p>', []),
    ("[youtube //youtu.be/y]", '<p><a href="https://youtu.be/y">//youtu.be/y</a></p>', []),
    ('[vimeo src="https://vimeo.com/1"]', '<p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p>', []),
    ('[embed url="javascript:x&lt;"]', "javascript:x&lt;",
     ["a javascript: address is not linked (not a scheme reports may link to: SECURITY.md)"]),
    ("[playlist]", "[playlist]", ["shortcode [playlist] left as text"]),
    ("[other x=1]", "[other x=1]", ["shortcode [other] left as text"]),
    ("[plain] [1] [b]bold[/b]", "[plain] [1] [b]bold[/b]", ["shortcode [b] left as text"]),
    ("[[gallery]] and [[code]x[/code]]", "[gallery] and [code]x[/code]", []),
    ("[[caption]a[/caption]] [[code]x[/code] [b]", "[caption]a[/caption] [<pre><code class=\"language-\">x</code></pre> [b]",
     []),
])
def test_wordpress_shortcodes_become_html(text, html, notes):
    conversion = Conversion(base_url=BLOG)
    assert (wordpress_shortcodes(text, ATTACHMENTS, ["1"], conversion), conversion.notes) == (html, notes)


def test_a_shortcode_inside_another_is_read_after_it():
    conversion = Conversion()
    assert wordpress_shortcodes('[caption]<img src="https://e.org/i.png"> See [embed]https://e.org/v[/embed][/caption]',
                                {}, [], conversion) == (
        '<figure><img src="https://e.org/i.png"><figcaption>See <p><a href="https://e.org/v">https://e.org/v</a></p>'
        "</figcaption></figure>")


@pytest.mark.parametrize(("text", "markdown", "notes", "images"), [
    ("{% raw %}{{ x }}{% endraw %}", "{{ x }}", [], []),
    ("{% comment %}gone{% endcomment %}a", "a", [], []),
    ("{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}", "```ruby\nputs 1\n```", [], []),
    ("{%- highlight bad! -%}\nx\n{%- endhighlight -%}", "```\nx\n```", [], []),
    ("{% highlight %}\nx\n{% endhighlight %}", "```\nx\n```", [], []),
    ("{% notice %}\n**Hi**\n{% endnotice %}", f"\n\n{NOTE_START}\n\n**Hi**\n\n{NOTE_END}\n\n", [], []),
    ('{% figure caption:"A *cap*" %}\n![i](https://e.org/i.png)\n{% endfigure %}',
     "![i](https://e.org/i.png)\n\n*A \\*cap\\**", [], []),
    ("{% figure %}\nx\n{% endfigure %}", "x", [], []),
    ('{{< highlight go "linenos=table" >}}\nfunc(){}\n{{< /highlight >}}', "```go\nfunc(){}\n```", [], []),
    ("{{% highlight %}}\nx\n{{% /highlight %}}", "```\nx\n```", [], []),
    ('{{< figure src="https://e.org/f.png" alt="F  alt" caption="C*ap" >}}',
     "\n\n```{figure} https://e.org/f.png\n:alt: F alt\n\nC\\*ap\n```\n\n", [], ["https://e.org/f.png"]),
    ('{{< figure src="https://e.org/f.png" title="T" >}}', "\n\n```{figure} https://e.org/f.png\n\nT\n```\n\n", [],
     ["https://e.org/f.png"]),
    ('{{< figure src="javascript:x" alt="A" >}}', "A",
     ["a javascript: address is not linked (not a scheme reports may link to: SECURITY.md)"], []),
    ('{{< figure src="javascript:x" caption="C!" >}}', "C\\!",
     ["a javascript: address is not linked (not a scheme reports may link to: SECURITY.md)"], []),
    ('text {{< figure src="https://e.org/f.png" >}} more', "text \n\n```{figure} https://e.org/f.png\n\n```\n\n more", [],
     ["https://e.org/f.png"]),
    ('{{< youtube abc-1 >}} {{< youtube id="x y" >}} {{% vimeo 123 %}} {{< vimeo id="9" >}}',
     '<https://www.youtube.com/watch?v=abc-1> \\{\\{\\< youtube id\\=\\"x y\\" \\>\\}\\} <https://vimeo.com/123> '
     "<https://vimeo.com/9>", ["Hugo shortcode {{< youtube >}} left as text"], []),
    ("{{< gist user 0123abc >}} {{< gist a >}} {{< gist a b/c >}}",
     "<https://gist.github.com/user/0123abc> \\{\\{\\< gist a \\>\\}\\} \\{\\{\\< gist a b\\/c \\>\\}\\}",
     ["Hugo shortcode {{< gist >}} left as text"], []),
    ('{{< tweet user="jack" id="20" >}} {{< tweet 20 >}} {{< tweet user="jack" 21 >}}',
     "<https://twitter.com/jack/status/20> \\{\\{\\< tweet 20 \\>\\}\\} <https://twitter.com/jack/status/21>",
     ["Hugo shortcode {{< tweet >}} left as text"], []),
    ('{{< ref "other.md" >}} {{< relref "a/b.md" >}} {{< relref >}}',
     "POST:other.md POST:a/b.md \\{\\{\\< relref \\>\\}\\}",
     ["Hugo shortcode {{< relref >}} left as text"], []),
    ("{{% other %}} {{< UNKNOWN x >}}", "\\{\\{\\% other \\%\\}\\} \\{\\{\\< UNKNOWN x \\>\\}\\}",
     ["Hugo shortcode {{% other %}} left as text", "Hugo shortcode {{< unknown >}} left as text"], []),
    ("{% post_url 2012-01-01-a %} {% link _posts/b.md x %} {% youtube \"abc\" %} {% vimeo 'v1' %} {% vimeo bad/x %}",
     "POST:2012-01-01-a POST:_posts/b.md <https://www.youtube.com/watch?v=abc> <https://vimeo.com/v1> "
     "\\{\\% vimeo bad\\/x \\%\\}", ["Liquid tag {% vimeo %} left as text"], []),
    ("{% post_url %}", "\\{\\% post\\_url \\%\\}", ["Liquid tag {% post_url %} left as text"], []),
    ("{% include note.html x=1 %} {% include missing.html %} {% include %}",
     "Included https://blog.example/base \\{\\% include x \\%\\} \\{\\% include missing\\.html \\%\\} "
     "\\{\\% include \\%\\}", ["Liquid tag {% include %} left as text"], []),
    ("{% include_cached note.html %}", "Included https://blog.example/base \\{\\% include x \\%\\}",
     ["Liquid tag {% include %} left as text"], []),
    ("{{ site.url }}/a {{ site.baseurl }} {{ \"/b\" | relative_url }} {{ 'c' | absolute_url }} {{ page.title }}",
     "https://blog.example/base/a https://blog.example/base https://blog.example/base/b https://blog.example/base/c "
     "\\{\\{ page\\.title \\}\\}", ["Liquid output {{ page.title }} left as text"], []),
    ("`{{ x }}` and {{ y }}\n\n```\n{% tag %} {{ z }}\n```\n", "`{{ x }}` and \\{\\{ y \\}\\}\n\n```\n{% tag %} {{ z }}\n```\n",
     ["Liquid output {{ y }} left as text"], []),
    ("`{% tag %}` {% tag %}", "`{% tag %}` \\{\\% tag \\%\\}", ["Liquid tag {% tag %} left as text"], []),
    ("```\nx\n```\n{% tag %} `x`{{ y }}", "```\nx\n```\n\\{\\% tag \\%\\} `x`\\{\\{ y \\}\\}",
     ["Liquid tag {% tag %} left as text", "Liquid output {{ y }} left as text"], []),
    ("`x`{{</* y */>}}", "`x`\\{\\{\\< y \\>\\}\\}", [], []),
    ("{% highlight python %}\n    indented\nX\n{% endhighlight %}", "```python\n    indented\nX\n```", [], []),
    ("{{< highlight \"not valid\" >}}\n    indented\nX\n{{< /highlight >}}", "```\n    indented\nX\n```", [], []),
    ("{% notice %}\n    indented\n{% endnotice %}", f"\n\n{NOTE_START}\n\n    indented\n\n{NOTE_END}\n\n", [], []),
    ("{% figure %}\n    indented X\n{% endfigure %}", "    indented X", [], []),
    ('{{< figure caption="C" >}}', "C", [], []),
    ("{{< youtube >}} {{< tweet user=\"jack\" >}}", "\\{\\{\\< youtube \\>\\}\\} \\{\\{\\< tweet user\\=\\\"jack\\\" \\>\\}\\}",
     ["Hugo shortcode {{< youtube >}} left as text", "Hugo shortcode {{< tweet >}} left as text"], []),
    ("{{< gist user 0123abc file.py >}}", "<https://gist.github.com/user/0123abc>", [], []),
    ('{% youtube "Xa1X" %} {% youtube "X" %}', "<https://www.youtube.com/watch?v=Xa1X> <https://www.youtube.com/watch?v=X>",
     [], []),
    ('{{ "Xb" | relative_url }}', "https://blog.example/base/Xb", [], []),
    ("```\n{{</* youtube abc */>}}\n```\nand {{</* x */>}} and `{{%/* y */%}}`",
     "```\n{{< youtube abc >}}\n```\nand \\{\\{\\< x \\>\\}\\} and `{{% y %}}`", [], []),
    ("a\x02b\x04c", "abc", [], []),
    # a variable assigned a plain text once is that text where it is shown (Liquid runs before markdown)
    ("{% assign def = 'The *fusing* of `a; b`' %}X: {{ def }} and {{def}}. `{{ def }}`",
     "X: The *fusing* of `a; b` and The *fusing* of `a; b`. `{{ def }}`", [], []),
    ("{% assign a = \"one\" %}{% assign a = 'two' %}{{ a }}", "\\{\\{ a \\}\\}", ["Liquid output {{ a }} left as text"], []),
    ("{% assign b = site.title | upcase %}{{ b }}", "\\{\\% assign b \\= site\\.title \\| upcase \\%\\}\\{\\{ b \\}\\}",
     ["Liquid tag {% assign %} left as text", "Liquid output {{ b }} left as text"], []),
    ("{{ " + "x" * 70 + " }}", "\\{\\{ " + "x" * 70 + " \\}\\}", ["Liquid output {{ " + "x" * 60 + " }} left as text"], []),
])
def test_liquid_and_hugo_become_markdown(text, markdown, notes, images):
    conversion = Conversion(base_url=BLOG)

    def include(name):
        return "Included {{ site.url }} {% include x %}" if name == "note.html" else None

    assert (static_shortcodes(text, conversion, include), conversion.notes, conversion.images) == (
        markdown.replace("POST:", POST_LINK), notes, images)  # POST: stands for the link's nonce, drawn per process


def test_a_posts_own_values_and_the_sites_files_are_what_jekyll_shows():
    """``{{ page.assets }}`` is the post's front matter value (a text or a number; anything else stays text), and
    ``{% link %}`` to a file of the site that is no post or page is its address on the blog, also when its path
    is built from a value (a real blog's pictures: ``{% link {{page.assets}}/fig.png %}``)."""
    conversion = Conversion(base_url=BLOG)
    page = {"assets": "/assets/2019", "title": "A title", "number": 7, "tags": ["a"], "flag": True}
    text = ("{{ page.assets }} {{page.title}} {{ page.number }} {{ page.tags }} {{ page.flag }} {{ page.missing }}\n"
            "{{ page.assets | relative_url }}/c.png {{ page.missing | absolute_url }}\n"
            "![a]({% link {{page.assets}}/fig.png %}) {% link /assets/b.pdf %} {% link _posts/2019-01-01-x.md %} "
            "{% link about.md %}")
    assert static_shortcodes(text, conversion, page=page) == (
        "/assets/2019 A title 7 \\{\\{ page\\.tags \\}\\} \\{\\{ page\\.flag \\}\\} \\{\\{ page\\.missing \\}\\}\n"
        "https://blog.example/base/assets/2019/c.png \\{\\{ page\\.missing \\| absolute\\_url \\}\\}\n"
        "![a](https://blog.example/base/assets/2019/fig.png) https://blog.example/base/assets/b.pdf "
        f"{POST_LINK}_posts/2019-01-01-x.md {POST_LINK}about.md")
    assert conversion.notes == ["Liquid output {{ page.tags }} left as text", "Liquid output {{ page.flag }} left as text",
                                "Liquid output {{ page.missing }} left as text",
                                "Liquid output {{ page.missing | absolute_url }} left as text"]
    assert static_shortcodes("{{ page.assets }}", Conversion(base_url=BLOG)) == "\\{\\{ page\\.assets \\}\\}"


@pytest.mark.parametrize(("text", "shown"), [
    # a value the import cannot work out inside a tag: the tag stays text, its {{ }} too
    ("{% link {{ page.nope }}/a.png %}", "\\{\\% link \\{\\{ page\\.nope \\}\\}\\/a\\.png \\%\\}"),
    # a page or post of the blog, by any of its endings; any other file is the blog's address
    ("{% link about.markdown %} {% link a.html %} {% link b.HTM %}", "POST:about.markdown POST:a.html POST:b.HTM"),
    ("{% link /Xfiles/a.pdf %}", "https://blog.example/base/Xfiles/a.pdf"),
    # only assign assigns; an assigned text may hold line breaks
    ("{% other a = 'b' %}{{ a }}", "\\{\\% other a \\= \\'b\\' \\%\\}\\{\\{ a \\}\\}"),
    ("{% assign a = 'one\ntwo' %}{{ a }}", "one\ntwo"),
    # an include sees the post's values
    ("{% include values.html %}", "Title: A title"),
])
def test_liquid_values_in_tags_links_and_includes(text, shown):
    def include(name):
        return "Title: {{ page.title }}" if name == "values.html" else None

    assert static_shortcodes(text, Conversion(base_url=BLOG), include, page={"title": "A title"}) == (
        shown.replace("POST:", POST_LINK))


def test_without_a_blog_address_site_url_is_empty_and_filtered_addresses_stay():
    conversion = Conversion()
    assert static_shortcodes('{{ site.url }}/x {{ "/b" | absolute_url }} {% include a.html %}', conversion) == (
        "/x \\{\\{ \\\"\\/b\\\" \\| absolute\\_url \\}\\} \\{\\% include a\\.html \\%\\}")
    assert conversion.notes == ["Liquid tag {% include %} left as text",
                                'Liquid output {{ "/b" | absolute_url }} left as text']


def test_a_blog_address_ending_in_any_letter_is_kept_whole():
    conversion = Conversion(base_url="https://blog.example/BOX/")
    assert static_shortcodes("{{ site.url }}", conversion) == "https://blog.example/BOX"


def test_kept_text_holding_kept_text_is_restored():
    conversion = Conversion(base_url=BLOG)
    assert static_shortcodes("{% raw %}{{< youtube a >}}{% endraw %}", conversion) == "{{< youtube a >}}"


def test_notice_boxes_are_fenced_after_conversion():
    assert fence_notes(f"a\n{NOTE_START}\n\nB\n\n{NOTE_END}\nc {NOTE_START} stray") == "a\n```{note}\nB\n```\nc  stray"
    assert fence_notes(f"{NOTE_START}```x```{NOTE_END}") == "````{note}\n```x```\n````"
    assert fence_notes(f"a {NOTE_END} b") == "a  b"
    assert fence_notes(f"{NOTE_START}\n    indented X\n{NOTE_END}") == "```{note}\n    indented X\n```"


def test_code_is_found_in_fences_indented_blocks_and_spans():
    text = "a `b` ``c ` d`` e\n\n```\nx\n```\n\n    indented\n\nlast `unclosed"
    assert sorted(code_ranges(text)) == [(2, 5), (6, 15), (19, 29), (30, 43)]
    assert text[2:5] == "`b`" and text[6:15] == "``c ` d``" and text[19:29] == "```\nx\n```\n"
    assert code_ranges("```\nunclosed") == [(0, 13)]
    assert code_ranges("plain") == []
    assert code_ranges("```\nx `y` z\n```") == [(0, 16)]


@pytest.mark.parametrize(("text", "shown"), [
    ('{{% alert title="In *memory*" color="primary" %}}\nHe was **kind**.\n{{% /alert %}}',
     "```{note}\n**In \\*memory\\***\n\nHe was **kind**.\n```"),
    ("{{% notice warning %}}\nBack up.\n{{% /notice %}}", "```{note}\nBack up.\n```"),
    ("{{< hint info >}}\nA hint.\n{{< /hint >}}", "```{note}\nA hint.\n```"),
    ("{{% alert %}} Inline. {{% /alert %}}", "```{note}\nInline.\n```"),
    ("`{{% alert %}}x{{% /alert %}}`", "`{{% alert %}}x{{% /alert %}}`"),  # in code: as written
    ("```\n{{< mine x >}}\n```", "```\n{{< mine x >}}\n```"),  # any shortcode in code: as written
])
def test_hugo_themes_boxes_are_notes(text, shown):
    conversion = Conversion()
    assert fence_notes(static_shortcodes(text, conversion)).strip("\n") == shown and conversion.notes == []


def test_a_box_never_closed_is_left_as_text():
    conversion = Conversion()
    assert static_shortcodes("{{% alert %}}\nOpen.", conversion) == "\\{\\{\\% alert \\%\\}\\}\nOpen."
    assert conversion.notes == ["Hugo shortcode {{% alert %}} left as text"]


def test_a_liquid_notice_keeps_its_text_to_the_edges():
    conversion = Conversion()
    text = "{% notice %}\nX marks the spot, X.\n{% endnotice %}"
    assert fence_notes(static_shortcodes(text, conversion)).strip("\n") == "```{note}\nX marks the spot, X.\n```"

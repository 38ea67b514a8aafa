"""Shortcodes of blog engines, turned into what the newsletter can show.

WordPress (in HTML, before paragraphs and conversion): ``[caption]`` becomes a figure, ``[gallery]`` the
images of its attachments, ``[embed]``, ``[audio]``, ``[video]``, ``[youtube]`` links, ``[code]`` and
``[sourcecode]`` (and SyntaxHighlighter's language names) code blocks. Jekyll's Liquid and Hugo's
shortcodes (in markdown): ``highlight`` becomes a fenced block, ``raw`` its content, ``figure`` a figure,
``youtube``, ``vimeo``, ``gist`` and ``tweet`` links, ``post_url``, ``link``, ``ref`` and ``relref`` a link
to the imported report, ``site.url`` and ``site.baseurl`` the blog's address. Any other shortcode is left
as visible text (escaped, so MyST shows it as written) and named for the editor.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urljoin

from sphinx_newsletter.importing.markup import (
    POST_LINK,
    Conversion,
    code_ranges,
    escape_markdown,
    fence,
    picture_address,
    web_address,
)

CODE_SHORTCODES = {"code", "sourcecode", "source"} | {
    "bash", "c", "cpp", "csharp", "css", "diff", "go", "html", "java", "javascript", "js", "json", "perl", "php",
    "plain", "powershell", "python", "py", "ruby", "rust", "scala", "shell", "sql", "text", "xml", "yaml"}
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"\]]+)"""
                        r"""|"([^"]*)"|(\S+)""")


def attributes(text: str) -> tuple[dict[str, str], list[str]]:
    """Named and positional attributes of a shortcode (WordPress's ``shortcode_parse_atts``)."""
    named, positional = {}, []
    for match in _ATTRIBUTE.finditer(html.unescape(text or "")):
        if match.group(1):
            named[match.group(1).lower()] = match.group(2)
        elif match.group(3):
            named[match.group(3).lower()] = match.group(4)
        elif match.group(5):
            named[match.group(5).lower()] = match.group(6)
        else:
            positional.append(match.group(7) if match.group(7) is not None else match.group(8))
    return named, [value for value in positional if value != "/"]


# -- WordPress ---------------------------------------------------------------------------------

_ENCLOSED = re.compile(r"\[([A-Za-z][\w-]*)((?:\s[^\]]*)?)\](.*?)\[/\1\]", re.DOTALL)
_SINGLE = re.compile(r"\[([A-Za-z][\w-]*)((?:\s[^\]]*?)?)\s*/?\]")
_ESCAPED = re.compile(r"\[(\[([A-Za-z][\w-]*)[^\]]*\](?:.*?\[/\2\])?)\]", re.DOTALL)
"""A shortcode written to be shown, not run: ``[[gallery]]`` and ``[[code]x[/code]]`` show ``[gallery]`` and
``[code]x[/code]``."""
_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
KNOWN_SINGLE = {"gallery", "embed", "audio", "video", "youtube", "vimeo", "playlist"}


def wordpress_shortcodes(text: str, attachments: dict[str, tuple[str, str]], parent_attachments: list[str],
                         conversion: Conversion) -> str:
    """``text`` (a post's HTML) with WordPress shortcodes replaced by HTML. ``attachments``: attachment
    id -> (address, title); ``parent_attachments``: the ids of the post's own attachments, in order."""
    escaped: list[str] = []

    def protect(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x01{len(escaped) - 1}\x01"

    text = _ESCAPED.sub(protect, text)

    def enclosed(match: re.Match[str]) -> str:
        name, raw, content = match.group(1).lower(), match.group(2), match.group(3)
        named, _positional = attributes(raw)
        if name in CODE_SHORTCODES:
            language = named.get("lang") or named.get("language") or (name if name not in (
                "code", "sourcecode", "source", "plain", "text") else "")
            language = language if re.match(r"^[\w+#-]{1,30}$", language or "") else ""
            code = html.unescape(re.sub(r"<br\s*/?>", "\n", content, flags=re.IGNORECASE)).strip("\n")
            return f'<pre><code class="language-{language}">{html.escape(code, quote=False)}</code></pre>'
        if name in ("caption", "wp_caption"):
            image = _IMAGE.search(content)
            caption = named.get("caption") or _IMAGE.sub("", re.sub(r"</?a\b[^>]*>", "", content)).strip()
            if image is None:
                return f"<p>{caption}</p>"
            return f"<figure>{image.group(0)}<figcaption>{caption}</figcaption></figure>"
        if name == "embed":
            return _link(content.strip(), "", conversion)
        if name in ("audio", "video"):
            return _media(named, content.strip(), name, conversion)
        conversion.note(f"shortcode [{name}] left as text")
        return match.group(0)

    for _ in range(3):  # nested enclosing shortcodes, a few levels
        text, replaced = _ENCLOSED.subn(enclosed, text)
        if not replaced:
            break

    def single(match: re.Match[str]) -> str:
        name, raw = match.group(1).lower(), match.group(2)
        named, positional = attributes(raw)
        if name == "gallery":
            ids = [part.strip() for part in named.get("ids", named.get("include", "")).split(",") if part.strip()]
            ids = ids or parent_attachments
            images = [f'<img src="{html.escape(attachments[key][0])}" alt="{html.escape(attachments[key][1])}" />'
                      for key in ids if key in attachments]
            if not images:
                conversion.note("a [gallery] whose images are not in the export is left as text")
                return match.group(0)
            return "<p>" + " ".join(images) + "</p>"
        if name in ("embed", "youtube", "vimeo"):
            url = named.get("url") or named.get("src") or (positional[0] if positional else "")
            if name == "youtube" and url and not url.startswith(("http", "//")):
                url = f"https://www.youtube.com/watch?v={url}"
            return _link(url, "", conversion)
        if name in ("audio", "video"):
            return _media(named, "", name, conversion)
        if name in KNOWN_SINGLE or "=" in raw:
            conversion.note(f"shortcode [{name}] left as text")
        return match.group(0)

    text = _SINGLE.sub(single, text)
    return re.sub(r"\x01(\d+)\x01", lambda match: escaped[int(match.group(1))], text)


def _link(url: str, text: str, conversion: Conversion) -> str:
    address = web_address(url, conversion)
    if address is None:
        return html.escape(text or url)
    return f'<p><a href="{html.escape(address)}">{html.escape(text or html.unescape(url))}</a></p>'


def _media(named: dict[str, str], content: str, name: str, conversion: Conversion) -> str:
    url = named.get("src") or named.get("mp3") or named.get("mp4") or named.get("ogg") or named.get("webm") or content
    return _link(url, f"{name.capitalize()}: {url}", conversion) if url else ""


# -- Liquid (Jekyll) and Hugo, in markdown -----------------------------------------------------------

_LIQUID_BLOCK = re.compile(r"\{%-?\s*(raw|comment|highlight|notice|figure)\b([^%]*?)-?%\}(.*?)\{%-?\s*end\1\s*-?%\}",
                           re.DOTALL)
_HUGO_BLOCK = re.compile(r"\{\{([<%])\s*(highlight)\b(.*?)\s*[>%]\}\}(.*?)\{\{[<%]\s*/\s*\2\s*[>%]\}\}", re.DOTALL)
_HUGO_NOTE = re.compile(r"\{\{([<%])\s*(alert|notice|hint)\b(.*?)\s*[>%]\}\}(.*?)\{\{[<%]\s*/\s*\2\s*[>%]\}\}",
                        re.DOTALL)
"""A theme's box around a passage: Docsy's ``alert``, the Learn theme's ``notice``, hugo-book's ``hint``."""
_HUGO = re.compile(r"\{\{([<%])\s*/?\s*([\w-]+)(.*?)\s*[>%]\}\}", re.DOTALL)
_HUGO_SHOWN = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
"""A shortcode written to be shown, not run (``{{</* youtube id */>}}``: Hugo shows ``{{< youtube id >}}``)."""
_LIQUID_TAG = re.compile(r"\{%-?\s*([\w-]+)(.*?)-?%\}", re.DOTALL)
_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
NOTE_START, NOTE_END = "\x04note\x04", "\x04/note\x04"
_NOTE = re.compile("\x04note(?::(note|warning|danger|tip))?\x04\n?(.*?)\n?\x04/note\x04", re.DOTALL)


def note_start(kind: str) -> str:
    """The mark that opens a box of ``kind`` (an admonition MyST has: note, warning, danger, tip)."""
    return f"\x04note:{kind}\x04"


def noted(text: str) -> str:
    """``text`` marked as a note box, which ``fence_notes`` fences once its markdown is converted (a fence
    made earlier would hide it as code from the conversion)."""
    return f"\n\n{NOTE_START}\n\n{text}\n\n{NOTE_END}\n\n"


def static_shortcodes(text: str, conversion: Conversion, include: Callable[[str], str | None] | None = None,
                      then: Callable[[str], str] | None = None, page: Mapping[str, Any] | None = None) -> str:
    """Markdown of a Jekyll or Hugo post with Liquid tags and Hugo shortcodes replaced (a Hugo shortcode
    written to be shown, ``{{</* name */>}}``, as Hugo shows it). ``include(name)`` gives the text of one of
    the site's ``_includes`` (``None`` when there is none to inline). ``then`` is done to the text before
    the replacements are put in (an HTML post's conversion to markdown, which would escape their markdown
    again and run their code blocks together). ``page`` is the post's front matter (``{{ page.name }}``)."""
    text = text.replace("\x02", "").replace("\x04", "")
    kept: list[str] = []

    def keep(value: str) -> str:
        kept.append(value)
        return f"\x02{len(kept) - 1}\x02"

    def liquid_block(match: re.Match[str]) -> str:
        name, argument, content = match.group(1), match.group(2).strip(), match.group(3)
        if name == "comment":
            return ""
        if name == "raw":
            return keep(content)
        if name == "notice":  # Minimal Mistakes' notice box
            return noted(content.strip("\n"))
        if name == "figure":  # the figure plugins: the content, then the caption
            named, _ = attributes(argument.replace(":", "="))
            caption = f"\n\n*{escape_markdown(named['caption'])}*" if named.get("caption") else ""
            return content.strip("\n") + caption
        language = argument.split()[0] if argument.split() else ""
        return keep(fence(content.strip("\n"), language if re.match(r"^[\w+#-]{1,30}$", language) else ""))

    def hugo_block(match: re.Match[str]) -> str:
        _, positional = attributes(match.group(3))
        language = positional[0] if positional else ""
        return keep(fence(match.group(4).strip("\n"), language if re.match(r"^[\w+#-]{1,30}$", language) else ""))

    def hugo_note(match: re.Match[str]) -> str:
        named, _ = attributes(match.group(3))
        title = f"**{escape_markdown(' '.join(named['title'].split()))}**\n\n" if named.get("title") else ""
        return noted(title + match.group(4).strip())

    def hugo(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        named, positional = attributes(match.group(3))
        if name == "figure":
            src = picture_address(named.get("src", ""), conversion)
            caption = named.get("caption") or named.get("title") or ""
            if src is None:
                return keep(escape_markdown(named.get("alt") or caption))
            conversion.image(src)
            options = f":alt: {' '.join(named['alt'].split())}\n" if named.get("alt") else ""
            # a block of its own, wherever the shortcode stood (in a paragraph, a fence would swallow the rest)
            return keep("\n\n" + fence(f"{options}\n{escape_markdown(caption)}" if caption else options,
                                        "{figure} " + src) + "\n\n")
        service = {"youtube": "https://www.youtube.com/watch?v={}", "vimeo": "https://vimeo.com/{}"}
        if name in service:
            video = named.get("id") or (positional[0] if positional else "")
            if re.match(r"^[\w-]{1,64}$", video):
                url = service[name].format(video)
                return keep(f"<{url}>")
        if name == "gist" and len(positional) >= 2 and all(re.match(r"^[\w-]{1,64}$", p) for p in positional[:2]):
            return keep(f"<https://gist.github.com/{positional[0]}/{positional[1]}>")
        if name == "tweet":
            user, tweet = named.get("user", ""), named.get("id") or (positional[-1] if positional else "")
            if re.match(r"^\w{1,30}$", user) and re.match(r"^\d{1,30}$", tweet):
                return keep(f"<https://twitter.com/{user}/status/{tweet}>")
        if name in ("ref", "relref") and positional:
            return keep(POST_LINK + positional[0])
        closing = ">" if match.group(1) == "<" else "%"
        conversion.note(f"Hugo shortcode {{{{{match.group(1)} {name} {closing}}}}} left as text")
        return keep(escape_markdown(match.group(0)))

    variables: dict[str, str | None] = {}  # {% assign name = 'text' %}: None once assigned twice (order matters)

    def value(expression: str) -> str | None:
        """What a Liquid output of a plain value shows: a variable assigned once, or a text or number of the
        post's front matter."""
        if isinstance(variables.get(expression), str):
            return variables[expression]
        own = re.fullmatch(r"page\.(\w{1,60})", expression)
        found = page.get(own.group(1)) if own and page is not None else None
        return str(found) if isinstance(found, (str, int, float)) and not isinstance(found, bool) else None

    def liquid_tag(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2).strip()
        argument = _LIQUID_OUTPUT.sub(lambda inner: value(inner.group(1)) or inner.group(0), argument)
        assigned = re.fullmatch(r"""(\w{1,60})\s*=\s*(["'])(.*)\2""", argument, flags=re.DOTALL) if name == "assign" else None
        if assigned and assigned.group(2) not in assigned.group(3):
            variables[assigned.group(1)] = assigned.group(3) if assigned.group(1) not in variables else None
            return ""  # Jekyll shows nothing for it
        if name == "link" and argument and conversion.base_url and "{" not in argument and \
                not argument.split()[0].lower().endswith((".md", ".markdown", ".html", ".htm")):
            return keep(urljoin(conversion.base_url, argument.split()[0].lstrip("/")))  # a file of the site
        if name in ("post_url", "link") and argument and "{" not in argument:  # "{": a value not worked out
            return keep(POST_LINK + argument.split()[0])
        if name in ("youtube", "vimeo") and re.match(r"^[\w-]{1,64}$", argument.strip("\"'")):
            url = {"youtube": "https://www.youtube.com/watch?v={}", "vimeo": "https://vimeo.com/{}"}[name]
            return keep(f"<{url.format(argument.strip(chr(34) + chr(39)))}>")
        if name in ("include", "include_cached") and include is not None and argument:
            included = include(argument.split()[0])
            if included is not None:
                return static_shortcodes(included, conversion, page=page)  # one level: its includes stay text
        conversion.note(f"Liquid tag {{% {name} %}} left as text")
        return keep(escape_markdown(match.group(0)))

    def liquid_output(match: re.Match[str]) -> str:
        expression = match.group(1)
        shown = value(expression)
        if shown is not None:
            return keep(shown)
        site = re.fullmatch(r"site\.(url|baseurl)", expression)
        if site:
            return keep((conversion.base_url or "").rstrip("/"))
        filtered = re.fullmatch(r"""(?:["']([^"']*)["']|([\w.]+))\s*\|\s*(relative_url|absolute_url)""", expression)
        path = (filtered.group(1) if filtered.group(1) is not None else value(filtered.group(2))) if filtered else None
        if path is not None and conversion.base_url:
            return keep(urljoin(conversion.base_url, path.lstrip("/")))
        conversion.note(f"Liquid output {{{{ {expression[:60]} }}}} left as text")
        return keep(escape_markdown(match.group(0)))

    def outside_code(replace: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
        """``replace`` for a match outside code; inside a code block or span the text stays as it is
        (escaping there would show the backslashes)."""
        def replacement(match: re.Match[str]) -> str:
            if any(start <= match.start() < end for start, end in code):
                return match.group(0)
            return replace(match)
        return replacement

    def shown(match: re.Match[str]) -> str:
        written = "{{" + match.group(1) + match.group(2) + match.group(3) + "}}"
        in_code = any(start <= match.start() < end for start, end in code)
        return keep(written if in_code else escape_markdown(written))

    text = _LIQUID_BLOCK.sub(liquid_block, text)
    code = code_ranges(text)
    steps: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
        (_HUGO_SHOWN, shown), (_HUGO_BLOCK, hugo_block), (_HUGO_NOTE, outside_code(hugo_note)),
        (_HUGO, outside_code(hugo)),  # in code, as written: escaped, its backslashes would show
        (_LIQUID_TAG, outside_code(liquid_tag)), (_LIQUID_OUTPUT, outside_code(liquid_output)))
    for pattern, replace in steps:
        replaced = pattern.sub(replace, text)
        if replaced != text:  # the code ranges are found again only when the text moved (a markdown parse)
            text, code = replaced, code_ranges(replaced)
    if then is not None:
        text = then(text)
    for _ in range(2):  # kept text may hold kept text
        text = re.sub(r"\x02(\d+)\x02", lambda match: kept[int(match.group(1))], text)
    return text


def fence_notes(text: str) -> str:
    """The notice boxes marked by ``static_shortcodes`` (and ``markdown_body``) as admonitions of their
    kind, fenced after their markdown was converted (a fence made earlier would have hidden it as code)."""
    def note(match: re.Match[str]) -> str:
        return fence(match.group(2).strip("\n"), "{" + (match.group(1) or "note") + "}")

    return re.sub("\x04/?note(?::\\w+)?\x04", "", _NOTE.sub(note, text))

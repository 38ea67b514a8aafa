"""What `newsletter import` keeps of a real blog: posts, comments, threaded replies, links and words of
the source against what the import wrote. For IMPORTING.md; the blogs are fetched, never committed.

    python benchmarks/import_figures.py wordpress EXPORT.xml [--label NAME]
    python benchmarks/import_figures.py jekyll|hugo|ablog SITE_FOLDER
    python benchmarks/import_figures.py disqus EXPORT.xml --after wordpress:EXPORT.xml

The import runs into a scratch site with one open-ended cycle (every date fits), and the site is then
built strictly. Words are counted in the text a reader sees: the source's HTML (or markdown rendered
by CommonMark) with tags removed, against the built report pages' article text.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

BIN = Path(sys.executable).parent
CONF = '''extensions = ["sphinx_newsletter"]
html_theme = "sphinx_book_theme"
html_baseurl = "https://newsletter.example/"
newsletter_site_pages = ["index"]
newsletter_cycles = [{"name": "all", "title": "All", "start": "1990-01-01"}]
myst_enable_extensions = ["colon_fence", "deflist", "strikethrough", "tasklist", "dollarmath", "fieldlist"]
exclude_patterns = ["_build", "imported", "feedback"]
'''
INDEX = "Imported\n========\n\n.. toctree::\n   :hidden:\n\n   editions/index\n"


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", html.unescape(re.sub(r"<[^>]+>", " ", text)).lower())


def source_figures(kind: str, path: Path) -> dict:
    """Published posts, approved comments and replies, links and words as the source holds them."""
    if kind == "wordpress":
        from defusedxml.ElementTree import fromstring

        from sphinx_newsletter.importing.wordpress import parse_export

        root = parse_export(path.read_bytes())
        posts = comments = replies = links = 0
        text = []
        for item in root.iter("item"):
            children = {child.tag.rsplit("}", 1)[-1]: child for child in item}
            if (children.get("post_type") is None or children["post_type"].text != "post"
                    or (children.get("status") is not None and children["status"].text != "publish")
                    or (children.get("post_password") is not None and (children["post_password"].text or "").strip())):
                continue  # what WordPress shows everyone: published, without a password
            posts += 1
            encoded = item.find("{http://purl.org/rss/1.0/modules/content/}encoded")
            content = encoded.text or "" if encoded is not None else ""
            text += words(content)
            links += len(re.findall(r"<a\s[^>]*href=[\"'](?:https?:|/|[\w.-]+/)", content, flags=re.IGNORECASE))
            for comment in item:
                if not comment.tag.endswith("}comment"):
                    continue
                values = {part.tag.rsplit("}", 1)[-1]: part.text or "" for part in comment}
                if values.get("comment_approved") == "1" and values.get("comment_type", "") in ("", "comment"):
                    comments += 1
                    replies += values.get("comment_parent", "0") not in ("", "0")
        del fromstring
        return {"posts": posts, "comments": comments, "replies": replies, "links": links, "words": text}
    if kind in ("jekyll", "hugo"):
        from markdown_it import MarkdownIt

        from sphinx_newsletter.importing.files import load_data, split_front_matter

        content = path / "src" if (path / "src" / "_posts").is_dir() else path
        if kind == "hugo":  # pages of content/<section>/ with a date (Hugo's own reading of the front matter)
            found = [page for page in (path / "content").rglob("*.md") if not page.name.startswith("_index")
                     and len(page.relative_to(path / "content").parts) >= 2]
        else:
            found = [page for page in (content / "_posts").rglob("*") if page.suffix in (".md", ".markdown")]
        posts = links = 0
        text: list[str] = []
        for post in sorted(found):
            try:
                matter, body = split_front_matter(post.read_text(encoding="utf-8"), hugo=kind == "hugo")
            except (ValueError, UnicodeDecodeError):
                continue
            if matter.get("published") is False or matter.get("draft") is True:
                continue
            if kind == "hugo" and not matter.get("date"):
                continue
            posts += 1
            body = re.sub(r"^ {0,3}\*\[[^\]\n]+\]:.*$", "", body, flags=re.M)  # kramdown's abbreviations: tooltips
            body = re.sub(r"^ {0,3}[-*+] .*\n\{:\s*toc\s*\}$", "", body, flags=re.M | re.I)  # its table of contents
            body = re.sub(r"\{::comment\}.*?\{:/(?:comment)?\}|\{:[^}\n]*\}", " ", body, flags=re.S)  # its markup
            rendered = MarkdownIt("commonmark").render(re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", body, flags=re.S))
            if kind == "hugo":  # goldmark's own extensions: tables and strikethrough
                rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(
                    re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", body, flags=re.S))
            text += words(rendered)
            links += len(re.findall(r"<a\s[^>]*href=[\"'](?:https?:|/|[\w.-]+/)", rendered))
        comments = replies = 0
        for comment in (content / "_data" / "comments").rglob("*"):
            if comment.suffix in (".yml", ".yaml", ".json") and comment.is_file():
                try:
                    data = load_data(comment.read_text(encoding="utf-8"), comment.suffix)
                except (ValueError, UnicodeDecodeError):
                    data = None
                comments += 1
                replies += bool(isinstance(data, dict) and any(data.get(key) for key in (
                    "replying_to_uid", "reply_to", "replying_to", "parent")))
        return {"posts": posts, "comments": comments, "replies": replies, "links": links, "words": text}
    return {}


def imported_figures(site: Path) -> dict:
    reports = sorted((site / "reports").rglob("*.md"))
    comments = replies = 0
    for path in (site / "feedback").rglob("*.yaml"):
        pending = [(entry, False) for entry in yaml.safe_load(path.read_text()) or []]
        while pending:
            entry, nested = pending.pop()
            comments += 1
            replies += nested or bool(entry.get("reply_to"))
            pending += [(reply, True) for reply in entry.get("replies") or []]
    text, links = [], 0
    for report in reports:
        page = site / "_build/html" / report.relative_to(site).with_suffix(".html")
        if page.exists():
            article = re.search(r'<article class="bd-article"[^>]*>(.*?)</article>', page.read_text(), re.DOTALL)
            body = article.group(1) if article else ""
            body = re.split(r'<section class="nl-feedback|<nav class="nl-pager', body)[0]
            body = re.sub(r'<div class="nl-byline.*?</div>|<p class="nl-search-words".*?</p>', " ", body, flags=re.DOTALL)
            text += words(body)
            links += len(re.findall(r'<a class="reference (?:external|internal)', body))
            links += len(re.findall(r'<a href="(?:https?:|/)', body))  # a post's own HTML links, kept as HTML
    return {"posts": len(reports), "comments": comments, "replies": replies, "links": links, "words": text}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind")
    parser.add_argument("source", type=Path)
    parser.add_argument("--label")
    parser.add_argument("--after", help="kind:source imported first (for disqus)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        (site / "conf.py").write_text(CONF)
        (site / "index.rst").write_text(INDEX)
        runs = ([tuple(args.after.split(":", 1))] if args.after else []) + [(args.kind, str(args.source))]
        summary = ""
        for kind, source in runs:
            result = subprocess.run([str(BIN / "newsletter"), "import", kind, source], cwd=site, capture_output=True,
                                    text=True)
            summary = result.stdout + result.stderr
        build = subprocess.run([str(BIN / "sphinx-build"), "-q", "-b", "html", ".", "_build/html"], cwd=site,
                               capture_output=True, text=True)
        warnings = [line for line in build.stderr.splitlines() if "WARNING" in line]
        before, after = source_figures(args.kind, args.source), imported_figures(site)
        if "words" in before:  # the source's words found in the built pages (each as often as the source has it)
            from collections import Counter

            shown, source_words = Counter(after["words"]), Counter(before["words"])
            after["words"] = sum(min(count, shown[word]) for word, count in source_words.items())
            before["words"] = sum(source_words.values())
        else:
            after["words"] = len(after["words"])
        print(f"| {args.label or args.source.name} | " + " | ".join(
            f"{after[key]}" + (f" / {before[key]}" if key in before else "") for key in
            ("posts", "comments", "replies", "links", "words")) + f" | {len(warnings)} |")
        print(summary[:3000], file=sys.stderr)
        if warnings:
            print("\n".join(sorted({re.sub(r"^.*?WARNING: ", "", line) for line in warnings})[:20]), file=sys.stderr)
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()

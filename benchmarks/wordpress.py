"""How fast ``newsletter import wordpress`` brings a blog in: a generated WordPress export (WXR 1.2) of
--posts posts and --comments comments, imported into a fresh site, then imported again (nothing to do).

    python benchmarks/wordpress.py [--posts 1000] [--comments 10000] [--runs 3] [--append BENCHMARKS.md]

The export is written by this script from WordPress's format (seeded, so every run is alike): posts of
four to eight paragraphs in WordPress's style (no <p>, blank lines), with emphasis, links, lists, a
table, images, [caption] and [code] shortcodes; comments threaded up to four deep, with spam, pending
comments and pingbacks among them (left out by the import). Whole-process wall time, median of --runs.
The target: 1,000 posts and 10,000 comments in under 20 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

NEWSLETTER = str(Path(sys.executable).parent / "newsletter")
TARGET_SECONDS = 20
WORDS = ("cloud compute storage network summit design session keystone nova swift glance quantum scheduler "
         "upgrade release community meetup booth talk demo operator deployment migration api patch review gate "
         "python database queue volume image tenant quota policy").split()
CONF = '''project = "Import benchmark"
extensions = ["sphinx_newsletter"]
newsletter_cycles = [{cycles}]
exclude_patterns = ["_build", "feedback", "export.xml"]
'''


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.3:
        words[2] = f"<em>{words[2]}</em>"
    if rng.random() < 0.2:
        words[5] = f'<a href="https://example.org/{words[5]}">{words[5]}</a>'
    return " ".join(words).capitalize() + "."


def post_body(rng: random.Random, number: int) -> str:
    parts = []
    for index in range(rng.randint(4, 8)):
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.3:
            paragraph += "\n" + sentence(rng)  # a line break inside a paragraph
        parts.append(paragraph)
        if index == 1 and rng.random() < 0.5:
            parts.append("<ul>\n" + "".join(f"\t<li>{sentence(rng)}</li>\n" for _ in range(3)) + "</ul>")
        if index == 2 and rng.random() < 0.3:
            parts.append('[caption id="attachment_1" align="aligncenter" width="600"]<img src="https://blog.example/'
                         f'wp-content/uploads/{number}.jpg" alt="Photo {number}" /> A photo[/caption]')
        if index == 3 and rng.random() < 0.3:
            parts.append('[code lang="python"]\nfor host in hosts:\n    print(host, "&lt;up&gt;")\n[/code]')
        if index == 3 and rng.random() < 0.2:
            parts.append("<table><tr><th>Day</th><th>Talks</th></tr><tr><td>1</td><td>12</td></tr></table>")
    return "\n\n".join(parts)


def comment_xml(rng: random.Random, key: int, parent: int, day: dt.date) -> str:
    approved = rng.choices(["1", "spam", "0"], weights=[90, 7, 3])[0]
    kind = "pingback" if rng.random() < 0.03 else ""
    return (f"<wp:comment><wp:comment_id>{key}</wp:comment_id><wp:comment_author><![CDATA[Reader {key % 500}]]>"
            f"</wp:comment_author><wp:comment_author_email>r{key}@example.org</wp:comment_author_email>"
            f"<wp:comment_author_url>https://reader{key % 500}.example</wp:comment_author_url>"
            f"<wp:comment_date>{day} 10:00:00</wp:comment_date><wp:comment_content><![CDATA["
            f"{sentence(rng)}\n\n{sentence(rng)}]]></wp:comment_content><wp:comment_approved>{approved}"
            f"</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}"
            "</wp:comment_parent></wp:comment>")


def write_export(path: Path, posts: int, comments: int, start: dt.date, seed: int = 1) -> None:
    rng = random.Random(seed)
    per_post = [comments // posts + (1 if index < comments % posts else 0) for index in range(posts)]
    key = 1000
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
                  'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
                  "<channel><title>Benchmark blog</title><link>https://blog.example</link>"
                  "<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://blog.example</wp:base_blog_url>\n"
                  "<wp:author><wp:author_login>editor</wp:author_login><wp:author_display_name>The Editor"
                  "</wp:author_display_name></wp:author>\n")
        for number in range(posts):
            day = start + dt.timedelta(days=number * 3650 // posts)
            title = escape(" ".join(rng.choice(WORDS) for _ in range(5)).capitalize() + f" {number}")
            threads: list[int] = []
            items = []
            for _ in range(per_post[number]):
                key += 1
                parent = rng.choice(threads) if threads and rng.random() < 0.4 else 0
                threads.append(key)
                items.append(comment_xml(rng, key, parent, day + dt.timedelta(days=1)))
            out.write(f"<item><title>{title}</title><link>https://blog.example/{number}/</link>"
                      f"<dc:creator>editor</dc:creator><guid>https://blog.example/?p={number}</guid>"
                      f"<content:encoded><![CDATA[{post_body(rng, number)}]]></content:encoded>"
                      f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{number + 1}</wp:post_id>"
                      f"<wp:post_date>{day} 12:00:00</wp:post_date><wp:post_name>post-{number}</wp:post_name>"
                      "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                      '<category domain="post_tag" nicename="summit"><![CDATA[summit]]></category>'
                      + "".join(items) + "</item>\n")
        out.write("</channel></rss>\n")


def write_site(folder: Path, start: dt.date) -> None:
    cycles = ", ".join(f'{{"name": "y{year}", "title": "{year}", "start": "{year}-01-01", "end": "{year + 1}-01-01"}}'
                       for year in range(start.year, start.year + 11))
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text(CONF.format(cycles=cycles), encoding="utf-8")
    (folder / "index.rst").write_text("Newsletter\n==========\n", encoding="utf-8")


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(result.stderr)
    return elapsed, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--append", type=Path, help="add the table to this markdown file as a section")
    args = parser.parse_args()
    start = dt.date(2011, 1, 1)
    first, again, summary = [], [], ""
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "export.xml"
        write_export(export, args.posts, args.comments, start)
        size = export.stat().st_size
        for run in range(args.runs):
            site = Path(scratch) / f"site{run}"
            write_site(site, start)
            seconds, summary = timed([NEWSLETTER, "import", "wordpress", str(export)], site)
            first.append(seconds)
            again.append(timed([NEWSLETTER, "import", "wordpress", str(export)], site)[0])
    headline = summary.splitlines()[0] if summary else ""
    median = statistics.median(first)
    lines = ["| posts | comments | export (MB) | import (s, median) | import again (s) | result |",
             "| ---: | ---: | ---: | ---: | ---: | --- |",
             f"| {args.posts} | {args.comments} | {size / 1e6:.1f} | {median:.2f} | {statistics.median(again):.2f} | "
             f"{headline} |"]
    met = "met" if median < TARGET_SECONDS else "MISSED"
    print("\n".join(lines))
    print(f"TARGET: import of {args.posts} posts and {args.comments} comments < {TARGET_SECONDS} s: {met} "
          f"({median:.2f} s)")
    if args.append:
        section = ["", "## `newsletter import wordpress` (`make bench-import`)", "",
                   f"A generated export (`benchmarks/wordpress.py`), imported into a fresh site and then again; "
                   f"whole-process wall time, median of {args.runs}. Target: 1,000 posts and 10,000 comments in "
                   f"under {TARGET_SECONDS} s: **{met}**.", "", *lines]
        with args.append.open("a", encoding="utf-8") as stream:
            stream.write("\n".join(section) + "\n")


if __name__ == "__main__":
    main()

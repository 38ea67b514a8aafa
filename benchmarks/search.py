"""Search at scale: Pagefind's index against Sphinx's, on generated corpora.

For each size: the HTML build with Pagefind (``newsletter_search = "pagefind"``, the default) and with
Sphinx's search, the time Pagefind's own step takes in the first, the size of each index, and what a
reader's browser fetches to answer a query (Debian's chromium; the engine and the index's pieces, as the
browser counts them) against the one file Sphinx's search fetches whole.

    python benchmarks/search.py [--sizes 1000 10000] [--append BENCHMARKS.md]
    python benchmarks/search.py --site SITE --label "Made Mistakes" --queries jekyll "staticman comments" ...
    python benchmarks/search.py --sizes 10000 --text-from this-week-in-rust/content --queries rust async ...

With ``--text-from``, the generated reports' prose is runs of real text (every markdown file under the
folder) instead of draws from the corpus's 48-word vocabulary, in which every word is in every report
about 14 times: words then come as often, and as rarely, as people write them.

With ``--site``, a newsletter site of real reports (an imported blog, say) is measured the same way,
with queries of its own.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import use_text, write_corpus
from serving import QuietHandler

SPHINX_BUILD = str(Path(sys.executable).parent / "sphinx-build")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
QUERIES = ("summit", "storage quotas", "keystone")
"""A word most reports hold, two words together, a word fewer hold (the corpus's vocabulary)."""


def build(srcdir: Path, out: Path, search: str) -> float:
    start = time.perf_counter()
    subprocess.run([SPHINX_BUILD, "-b", "html", "-q", "-E", "-j", "auto", "-D", f"newsletter_search={search}",
                    str(srcdir), str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


def pagefind_step(out: Path) -> float:
    """Pagefind's step alone on the built site, as the build runs it (``make_indexes``): an index of the
    editions' pages and the editions' indexes (the corpus keeps an edition's reports in ``reports/<cycle>/``;
    on a site of other folders, one a folder), grouped as the build groups them, all made anew."""
    from pagefind.service import get_executable

    from sphinx_newsletter.core.settings import SEARCH_INDEX_REPORTS
    from sphinx_newsletter.publishing.search import group_editions, make_indexes

    pages = {folder.name: sorted(path.relative_to(out).as_posix() for path in folder.rglob("*.html"))
             for folder in sorted(path for path in (out / "reports").iterdir() if path.is_dir())}
    plan = {"": sorted(path.relative_to(out).as_posix() for path in (out / "editions").rglob("*.html"))}
    for key, names in group_editions([(name, len(found)) for name, found in pages.items()], SEARCH_INDEX_REPORTS):
        plan[key] = [page for name in names for page in pages[name]]
    with tempfile.TemporaryDirectory() as record:
        start = time.perf_counter()
        problem = make_indexes(str(get_executable()), out, plan, Path(record) / "made.json")
        took = time.perf_counter() - start
    if problem is not None:
        raise RuntimeError(problem)
    return took


def folder_bytes(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def query_bytes(out: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, int]:
    """Bytes a first visit of the search page fetches from ``pagefind/`` to answer each query."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    found: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                finished: list = []
                page.on("requestfinished", lambda request, finished=finished: finished.append(request))
                page.goto(f"http://127.0.0.1:{server.server_port}/search.html?q={query}")
                page.locator(".nl-search-status").filter(has_text=" ").first.wait_for(timeout=60000)
                page.wait_for_load_state("networkidle")
                sizes = [request.sizes() for request in finished if "/pagefind/" in request.url]
                found[query] = sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def measure(size: int, root: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, object]:
    srcdir = root / f"corpus-{size}"
    write_corpus(srcdir, size, max(size // 100, 5), seed=size)
    return measure_site(srcdir, root, f"{size:,}", queries)


def measure_site(srcdir: Path, root: Path, label: str, queries: tuple[str, ...]) -> dict[str, object]:
    name = "".join(character if character.isalnum() else "-" for character in label)
    with_pagefind = build(srcdir, root / f"pagefind-{name}", "pagefind")
    step = pagefind_step(root / f"pagefind-{name}")
    with_sphinx = build(srcdir, root / f"sphinx-{name}", "sphinx")
    index, files = folder_bytes(root / f"pagefind-{name}" / "pagefind")
    sphinx_index = (root / f"sphinx-{name}" / "searchindex.js").read_bytes()
    return {"size": label, "pagefind_build": with_pagefind, "pagefind_step": step, "sphinx_build": with_sphinx,
            "index": index, "files": files, "sphinx_index": len(sphinx_index),
            "sphinx_index_gz": len(gzip.compress(sphinx_index)),
            "queries": query_bytes(root / f"pagefind-{name}", queries)}


def table(results: list[dict], queries: tuple[str, ...] = QUERIES) -> str:
    lines = ["## Search (`benchmarks/search.py`)", "",
             "What Pagefind adds to an HTML build (its own step, against the build without it) and what a "
             "query fetches, against Sphinx's search, which fetches its whole index before it answers. "
             f"Queries: {', '.join(repr(query) for query in queries)} (bytes from `pagefind/` on a first "
             "visit, as the browser counts them, served compressed as a host serves them).", "",
             "| reports | build, Pagefind | its Pagefind step | × the build without it | build, Sphinx search "
             "| Pagefind index (files) | Sphinx index (gzip) | bytes per query |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in results:
        without = row["pagefind_build"] - row["pagefind_step"]
        queries = ", ".join(f"{value / 1024:.0f} KB" for value in row["queries"].values())
        lines.append(f"| {row['size']} | {row['pagefind_build']:.1f} s | {row['pagefind_step']:.1f} s "
                     f"| {row['pagefind_build'] / without:.2f} | {row['sphinx_build']:.1f} s "
                     f"| {row['index'] / 1e6:.1f} MB ({row['files']:,}) | {row['sphinx_index'] / 1e6:.1f} MB "
                     f"({row['sphinx_index_gz'] / 1e6:.2f} MB) | {queries} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--append", type=Path, help="append the table to this markdown file")
    parser.add_argument("--site", type=Path, help="measure this newsletter site instead of generated corpora")
    parser.add_argument("--label", help="the site's name in the table")
    parser.add_argument("--queries", nargs="+", default=list(QUERIES), help="the site's (or the text's) queries")
    parser.add_argument("--text-from", type=Path, help="draw the generated reports' prose from this folder's markdown")
    args = parser.parse_args()
    if args.text_from:
        print(f"{use_text(args.text_from):,} words of prose read from {args.text_from}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        results = []
        if args.site:
            results.append(measure_site(args.site, Path(folder), args.label or args.site.name, tuple(args.queries)))
            print(table(results, tuple(args.queries)), flush=True)
        for size in [] if args.site else args.sizes:
            results.append(measure(size, Path(folder), tuple(args.queries)))
            print(table(results, tuple(args.queries)), flush=True)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + table(results, tuple(args.queries)))


if __name__ == "__main__":
    main()

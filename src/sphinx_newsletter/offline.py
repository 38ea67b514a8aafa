"""``python -m sphinx_newsletter.offline [--titles FILE] SOURCE OUT CYCLE DOCNAME...``: one published edition's
EPUB and PDF (``OUT/<cycle>.epub``, ``OUT/<cycle>.pdf``), made from a scratch copy of the site at ``SOURCE``
that holds the edition alone (as ``newsletter publish`` copies it) with the edition's page as its root
document and the reports ``DOCNAME...`` in that order; ``FILE`` holds the other editions' report titles by
page name (JSON), for links to them. An HTML build runs it for each published edition whose pages changed
(``publishing/offline.py``); it exits with 1 and says why when an edition is not made.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from sphinx_newsletter.checking import Site
from sphinx_newsletter.publish import copy_edition
from sphinx_newsletter.publishing.offline import BOOK_ROOT, book_root, build_book


def make_offline_edition(source: Path, out: Path, cycle_name: str, book: list[str],
                         titles: dict[str, str] | None = None) -> str | None:
    """Make one edition's EPUB and PDF in ``out`` (``titles``: the other editions' reports', by page name):
    why not, or ``None``."""
    site = Site(source)
    cycle = site.cycles.get(cycle_name)
    if cycle is None:
        return f"no cycle named '{cycle_name}'"
    title = " — ".join(part for part in (str(site.namespace.get("project") or ""), cycle.title) if part)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "source"
        copy_edition(site, cycle_name, copy)
        for page in copy.glob(f"{BOOK_ROOT}.*"):  # the site's front page makes way for the edition's
            page.unlink()
        (copy / f"{BOOK_ROOT}.rst").write_text(book_root(title, cycle_name), "utf-8")
        out.mkdir(parents=True, exist_ok=True)
        return build_book(copy, out, cycle_name, book, title, cycle.title, titles)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    titles: dict[str, str] = {}
    if arguments[:1] == ["--titles"] and len(arguments) > 1:
        try:
            read = json.loads(Path(arguments[1]).read_text("utf-8"))
        except (OSError, ValueError) as error:
            print(f"--titles: {error}", file=sys.stderr)
            return 2
        titles = {str(page): str(title) for page, title in read.items()} if isinstance(read, dict) else {}
        arguments = arguments[2:]
    if len(arguments) < 4:
        print("usage: python -m sphinx_newsletter.offline [--titles FILE] SOURCE OUT CYCLE DOCNAME...", file=sys.stderr)
        return 2
    source, out, cycle_name, *book = arguments
    failure = make_offline_edition(Path(source), Path(out), cycle_name, book, titles)
    if failure:
        print(failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

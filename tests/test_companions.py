"""The newsletter's build-wide tricks (the garbage collector paused and frozen, a parallel read's workers
forgetting what they inherited) leave other common extensions as they are: a site with sphinx.ext.todo
and sphinx-design builds the same with -j 2 as with -j 1, and the collector's state is Python's again
after the build."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from bs4 import BeautifulSoup


def pages(outdir: Path, srcdir: Path) -> dict[str, object]:
    """Each page's article text (the theme's navigation aside). The todo list names each entry's file,
    in the order Sphinx merged the documents (its own, in a parallel build): as a sorted list."""
    found: dict[str, object] = {}
    for path in sorted(outdir.rglob("*.html")):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article.bd-article")
        if article is not None:
            text = " ".join(article.get_text(" ").split()).replace(str(srcdir), "SRC")
            found[path.relative_to(outdir).as_posix()] = sorted(text.split(" Todo ")) if "todolist" in str(
                article) or path.name == "todos.html" else text
    return found


def test_todo_and_sphinx_design_build_the_same_in_parallel(project, make_app, tmp_path):
    serial_site = project("companions")
    parallel_site = tmp_path / "parallel"
    shutil.copytree(serial_site, parallel_site)
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    serial = make_app("html", srcdir=serial_site, freshenv=True)
    serial.build()
    assert (gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()) == (thresholds, enabled, 0)
    parallel = make_app("html", srcdir=parallel_site, freshenv=True, parallel=2)
    parallel.build()
    assert (gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()) == (thresholds, enabled, 0)
    one, two = pages(Path(serial.outdir), serial_site), pages(Path(parallel.outdir), parallel_site)
    assert one == two
    todos = " ".join(one["todos.html"])
    assert all(f"Follow up on meetup {n}." in todos for n in range(1, 13))
    report = BeautifulSoup((Path(parallel.outdir) / "reports/spring/meetup-07.html").read_text(encoding="utf-8"),
                           "html.parser")
    assert len(report.select(".sd-card")) == 2 and len(report.select(".sd-tab-set input")) == 2

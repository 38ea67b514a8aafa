"""Progress bars for the command line's long runs (``progress.py``): on a terminal only, never in CI or in
piped output, counting what a Sphinx run reads (in worker processes too) and writes."""

from __future__ import annotations

import io
import re

import pytest
from conftest import copy_sample_site, run

from sphinx_newsletter.progress import SphinxProgress, each


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def counts(output: str, label: str) -> list[str]:
    """The counts a bar showed, e.g. ``['0/5', ..., '5/5']`` for ``reading``."""
    return re.findall(rf"{label}: [^\r\n]*?(\d+(?:/\d+)?) ", output)


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_build_shows_what_it_read_and_wrote(tmp_path, make_app, monkeypatch, parallel):
    monkeypatch.delenv("CI", raising=False)
    srcdir = copy_sample_site(tmp_path / "site")
    stream = Terminal()
    app = make_app("html", srcdir=srcdir, parallel=parallel)
    SphinxProgress(stream, every=0)(app)  # every count drawn
    documents = []
    app.connect("env-before-read-docs", lambda app, env, docnames: documents.extend(docnames))
    pages: list[str] = []
    app.connect("html-page-context", lambda app, pagename, *rest: pages.append(pagename))
    app.build()
    output = stream.getvalue()
    assert len(documents) > 5
    assert counts(output, "reading")[-1] == f"{len(documents)}/{len(documents)}"  # workers' documents counted too
    assert counts(output, "writing")[-1] == str(len(pages))


def test_nothing_is_shown_off_a_terminal_or_in_ci(tmp_path, make_app, monkeypatch):
    srcdir = copy_sample_site(tmp_path / "site")
    piped = io.StringIO()
    app = make_app("html", srcdir=srcdir)
    SphinxProgress(piped)(app)
    monkeypatch.setenv("CI", "true")
    in_ci = Terminal()
    SphinxProgress(in_ci)(app)
    app.build()
    assert piped.getvalue() == "" and in_ci.getvalue() == ""


def test_each_counts_its_items(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    from sphinx_newsletter import progress

    monkeypatch.setattr(progress.sys, "stderr", stream)
    assert list(each(iter("abc"), 3, "runs", "runs", every=0)) == ["a", "b", "c"]
    assert counts(stream.getvalue(), "runs")[-1] == "3/3"


def test_publish_piped_prints_no_bar_and_no_control_characters(tmp_path):
    srcdir = copy_sample_site(tmp_path / "site")
    result = run("publish", "folsom", "--date", "2012-10-01", cwd=srcdir)
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "\x1b" not in result.stderr + result.stdout
    assert "reading" not in result.stderr and "Building the Folsom edition" in result.stderr


def test_no_bar_is_made_where_none_is_shown(tmp_path, make_app, monkeypatch):
    """On a pipe or in CI no bar is made at all (tqdm is not even loaded: a check's start is counted in ms)."""
    from sphinx_newsletter import progress

    made: list[str] = []
    monkeypatch.setattr(progress, "bar", lambda *args, **kwargs: made.append(args[1]))
    app = make_app("html", srcdir=copy_sample_site(tmp_path / "site"))
    SphinxProgress(io.StringIO())(app)  # a stream that is no terminal
    app.build()
    assert made == []
    monkeypatch.setenv("CI", "true")
    watched = SphinxProgress(Terminal())
    watched._read_started(app, app.env, ["index"])
    watched._write_started(app, app.builder)
    assert made == []
    monkeypatch.delenv("CI")
    watched._read_started(app, app.env, ["index"])
    watched._write_started(app, app.builder)
    assert made == ["reading", "writing"]

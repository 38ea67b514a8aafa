"""The newsletter's templates compiled once and kept between runs (Jinja's file cache), only in a folder
that is the user's own and private: compiled templates are code."""

from __future__ import annotations

import os

import jinja2
import pytest

from sphinx_newsletter.adapters import render
from sphinx_newsletter.core.paths import private_folder


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLETTER_CACHE_DIR", str(tmp_path / "cache"))
    render.template_environment.cache_clear()
    yield tmp_path / "cache" / render.COMPILED_TEMPLATES
    render.template_environment.cache_clear()


def test_a_group_writable_cache_folder_keeps_no_compiled_template(cache):
    cache.mkdir(parents=True)
    os.chmod(cache, 0o770)
    assert not private_folder(cache) and render.compiled_templates() is None
    os.chmod(cache, 0o707)
    assert render.compiled_templates() is None
    os.chmod(cache, 0o700)
    assert isinstance(render.compiled_templates(), jinja2.FileSystemBytecodeCache)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="giving a folder away needs root")
def test_a_cache_folder_of_another_user_keeps_no_compiled_template(cache):
    cache.mkdir(parents=True, mode=0o700)
    os.chown(cache, 4242, -1)
    assert render.compiled_templates() is None


def test_a_linked_or_file_cache_folder_keeps_no_compiled_template(cache, tmp_path):
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    cache.parent.mkdir(parents=True)
    cache.symlink_to(tmp_path / "elsewhere")
    assert render.compiled_templates() is None
    cache.unlink()
    cache.write_text("not a folder")
    assert render.compiled_templates() is None


def test_a_new_folder_is_made_private(cache):
    assert render.compiled_templates() is not None
    assert cache.stat().st_mode & 0o777 == 0o700


def test_a_template_is_compiled_once_and_again_when_it_changes(cache, tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "newsletter").mkdir(parents=True)
    template = site / "newsletter" / "byline.html"
    template.write_text("<p>{{ name }} & co</p>\n", encoding="utf-8")
    first = render.template_environment((str(site),)).get_template("newsletter/byline.html")
    assert first.render(name="<b>") == "<p>&lt;b&gt; & co</p>"
    assert len(list(cache.glob("newsletter-*.cache"))) == 1

    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    render.template_environment.cache_clear()  # as the next run: a new environment
    again = render.template_environment((str(site),)).get_template("newsletter/byline.html")
    assert again.render(name="<b>") == "<p>&lt;b&gt; & co</p>" and compiled == []

    template.write_text("<p>{{ name }} and co</p>\n", encoding="utf-8")
    render.template_environment.cache_clear()
    changed = render.template_environment((str(site),)).get_template("newsletter/byline.html")
    assert changed.render(name="<b>") == "<p>&lt;b&gt; and co</p>" and compiled == ["newsletter/byline.html"]

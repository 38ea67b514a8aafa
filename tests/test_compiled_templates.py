"""The newsletter's templates compiled once and kept between runs (Jinja's file cache), only in a folder
that is the user's own and private: compiled templates are code."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from sphinx_newsletter.adapters import render
from sphinx_newsletter.core.paths import cache_folder, private_folder

NAME = "newsletter/byline.html"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLETTER_CACHE_DIR", str(tmp_path / "cache"))
    render.template_environment.cache_clear()
    yield tmp_path / "cache" / render.COMPILED_TEMPLATES
    render.template_environment.cache_clear()


@pytest.fixture
def site(tmp_path) -> Path:
    (tmp_path / "site" / "newsletter").mkdir(parents=True)
    (tmp_path / "site" / NAME).write_text("<p>{{ name }} & co</p>\n", encoding="utf-8")
    return tmp_path / "site"


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates compiled from here on (not loaded from the cache)."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def rendered(site: Path) -> str:
    """The template rendered as the next run renders it: by a new environment."""
    render.template_environment.cache_clear()
    return render.template_environment((str(site),)).get_template(NAME).render(name="<b>")


def test_a_template_is_compiled_once_and_again_when_it_changes(cache, site, compiled):
    assert rendered(site) == "<p>&lt;b&gt; & co</p>" and compiled == [NAME]
    assert len(list(cache.glob("newsletter-*.cache"))) == 1 and cache.stat().st_mode & 0o777 == 0o700
    assert rendered(site) == "<p>&lt;b&gt; & co</p>" and compiled == [NAME]  # loaded, not compiled
    (site / NAME).write_text("<p>{{ name }} and co</p>\n", encoding="utf-8")
    assert rendered(site) == "<p>&lt;b&gt; and co</p>" and compiled == [NAME, NAME]


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o722])
def test_a_cache_folder_others_can_write_is_neither_read_nor_written(cache, site, compiled, mode):
    rendered(site)
    os.chmod(cache, mode)
    assert not private_folder(cache)
    rendered(site)
    assert compiled == [NAME, NAME]
    for kept in cache.glob("*.cache"):
        kept.unlink()
    rendered(site)
    assert list(cache.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="giving a folder away needs root")
def test_a_cache_folder_of_another_user_is_neither_read_nor_written(cache, site, compiled):
    rendered(site)
    os.chown(cache, 4242, -1)
    rendered(site)
    assert compiled == [NAME, NAME]


def test_a_linked_cache_folder_is_neither_read_nor_written(cache, site, compiled, tmp_path):
    rendered(site)
    cache.rename(tmp_path / "elsewhere")
    cache.symlink_to(tmp_path / "elsewhere")
    rendered(site)
    assert compiled == [NAME, NAME]
    cache.unlink()
    cache.write_text("not a folder")
    rendered(site)
    assert compiled == [NAME, NAME, NAME]


def test_nothing_is_kept_when_the_run_keeps_no_cache(cache, site, compiled):
    token = render.KEEP_COMPILED.set(False)
    try:
        rendered(site)
        rendered(site)
    finally:
        render.KEEP_COMPILED.reset(token)
    assert compiled == [NAME, NAME] and not cache.exists()


def test_the_cache_folder_is_the_users_own(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSLETTER_CACHE_DIR", str(tmp_path / "chosen"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "chosen"
    monkeypatch.setenv("NEWSLETTER_CACHE_DIR", "")
    assert cache_folder() == tmp_path / "xdg" / "sphinx-newsletter"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_folder() == tmp_path / "home" / ".cache" / "sphinx-newsletter"


def test_a_private_folder_is_made_only_when_asked(tmp_path):
    folder = tmp_path / "a" / "b"
    assert private_folder(folder) is False and not folder.exists()
    assert private_folder(folder, make=True) is True and folder.stat().st_mode & 0o777 == 0o700
    assert private_folder(folder) is True and private_folder(folder, make=True) is True  # there already
    os.chmod(folder, 0o720)
    assert private_folder(folder) is False
    os.chmod(folder, 0o702)
    assert private_folder(folder) is False
    os.chmod(folder, 0o755)  # readable by others, written by the user alone
    assert private_folder(folder) is True

"""Reports come from pull requests: they may not run code or read files outside the source folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import build_once, html, warnings_of

SECRET = "TOP-SECRET-TOKEN"


@pytest.fixture(scope="module", params=["basic", "sphinx_book_theme"])
def unsafe(project_once, request):
    """The unsafe root built with Sphinx's plain theme and with the theme the site uses."""
    srcdir = project_once("unsafe", f"unsafe-{request.param}")
    (srcdir.parent / "secret.txt").write_text(f"{SECRET}\n")
    (srcdir.parent / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    os.symlink(srcdir.parent / "secret.png", srcdir / "reports/alpha/linked.png")
    app, _ = build_once(srcdir, confoverrides={"html_theme": request.param})
    return app


def output_text(app) -> str:
    return "".join(path.read_bytes().decode("utf-8", "replace")
                   for path in app.outdir.rglob("*") if path.is_file())


def test_no_secret_reaches_the_output(unsafe):
    assert SECRET not in output_text(unsafe)
    assert not list(unsafe.outdir.rglob("secret*"))
    assert not list(unsafe.outdir.rglob("linked*"))


def test_myst_front_matter_key_is_ignored_with_a_warning(unsafe):
    assert ("reports/alpha/myst-key.md:5: WARNING: 'myst' sets MyST parser options for this file and is "
            "ignored in reports; remove it [newsletter.unsafe]") in warnings_of(unsafe)
    text = html(unsafe, "reports/alpha/myst-key").get_text()
    assert "{{ leak }}" in text and "{{ 6 * 7 }}" in text
    assert "42" not in text and "Python" not in text


def test_substitutions_key_is_ignored_with_a_warning(unsafe):
    assert ("reports/alpha/substitutions.md:5: WARNING: 'substitutions' defines Jinja substitutions, which can "
            "run code and is ignored in reports; remove it [newsletter.unsafe]") in warnings_of(unsafe)
    text = html(unsafe, "reports/alpha/substitutions").get_text()
    assert "{{ sum }}" in text and "1337" not in text


def test_html_meta_key_is_ignored_with_a_warning(unsafe):
    assert ("reports/alpha/html-meta.md:5: WARNING: 'html_meta' writes raw HTML meta tags and is ignored in "
            "reports; remove it [newsletter.unsafe]") in warnings_of(unsafe)
    assert html(unsafe, "reports/alpha/html-meta").find("meta", attrs={"http-equiv": "refresh"}) is None


def test_myst_substitution_extension_is_turned_off(unsafe):
    assert ("WARNING: myst_enable_extensions: 'substitution' is turned off: it evaluates Jinja templates, which "
            "lets a report run code [newsletter.unsafe]") in warnings_of(unsafe)
    assert "substitution" not in unsafe.config.myst_enable_extensions


def test_images_and_downloads_outside_the_source_are_refused(unsafe):
    warnings = warnings_of(unsafe)
    for line, what, why in [(7, "image '../../../secret.png'", "it is outside the source folder"),
                            (9, "image '/../secret.png'", "it is outside the source folder"),
                            (12, "download '../../../secret.txt'", "it is outside the source folder"),
                            (14, "image 'linked.png'", "symbolic links are not followed"),
                            (16, "image 'fine.svg'", "SVG, HTML and script files run scripts")]:
        assert any(w.startswith(f"reports/alpha/files-outside.md:{line}: WARNING: {what} is left out: {why}")
                   for w in warnings), what
    from sphinx_newsletter.adapters.light_pages import FAVICON

    svgs = [path.relative_to(unsafe.outdir).as_posix() for path in unsafe.outdir.rglob("*.svg")]
    assert "_static/favicon.svg" in svgs  # the extension's own favicon, and the theme's own pictures
    assert [svg for svg in svgs if not svg.startswith("_static/") or svg.endswith("fine.svg")] == []  # none of the report's
    assert (unsafe.outdir / "_static/favicon.svg").read_bytes() == Path(FAVICON).read_bytes()


def test_file_insertion_and_raw_output_are_disabled(unsafe):
    warnings = "\n".join(warnings_of(unsafe))
    assert ("reports/alpha/file-insertion.md:7: WARNING: include '../../../secret.txt' is left out: it is outside "
            "the source folder [newsletter.refused]") in warnings
    assert ("reports/alpha/file-insertion.md:10: WARNING: literalinclude '../../../secret.txt' is left out: it is "
            "outside the source folder [newsletter.refused]") in warnings
    assert 'reports/alpha/file-insertion.md:14: WARNING: "raw" directive disabled.' in warnings
    assert 'reports/alpha/file-insertion.md:17: WARNING: File and URL access deactivated' in warnings
    assert "reports/alpha/file-insertion.md:21: WARNING: raw HTML: removed <script> [newsletter.unsafe]" in warnings
    page = html(unsafe, "reports/alpha/file-insertion")
    assert page.find("script", string=lambda s: s and "raw html" in s) is None

"""The private APIs of docutils, MyST and Sphinx the newsletter uses (``sphinx_newsletter.upstream``) are
still there and still behave as it expects; the package bounds each upstream above, and nothing outside
``upstream`` reaches into them. An upgrade that changes one fails here, not in a report."""

from __future__ import annotations

import inspect
import queue
import re
from pathlib import Path

from docutils.parsers.rst import directives, roles
from myst_parser.mdit_to_docutils.base import DocutilsRenderer
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

from sphinx_newsletter import upstream
from sphinx_newsletter.publishing.sitemap import stop_collecting

REPO = Path(__file__).parent.parent
PRIVATE = re.compile(r"\._directive_registry|\._role_registry|directives\._directives|roles\._roles|_raw_config"
                     r"|myst_parser\.(mocking|parsers\.(directives|options|mdit)|config\.main|mdit_to_docutils)")


def test_docutils_tables_of_directives_and_roles():
    assert isinstance(directives._directive_registry, dict) and isinstance(directives._directives, dict)
    assert isinstance(roles._role_registry, dict) and isinstance(roles._roles, dict)
    assert upstream.known_directive("image") and not upstream.known_directive("no-such-directive")
    assert upstream.known_role("emphasis") and not upstream.known_role("no-such-role")


def test_sphinx_config_keeps_what_conf_py_set(make_app, tmp_path):
    (tmp_path / "conf.py").write_text("html_use_index = True\n")
    (tmp_path / "index.rst").write_text("Title\n=====\n")
    app = make_app("dummy", srcdir=tmp_path)
    assert upstream.conf_sets(app.config, "html_use_index")
    assert not upstream.conf_sets(app.config, "html_copy_source")
    assert upstream.conf_value(app.config, "html_use_index") is True
    assert upstream.conf_value(app.config, "html_copy_source") is None


def test_myst_option_reading():
    assert upstream.is_option_line(":author: Ann") and not upstream.is_option_line("Plain text")
    tokens, _ = upstream.options_to_tokens("author: Ann\ndate: 2020-01-01\n")
    assert [(key.value, value.value) for key, value in tokens] == [("author", "Ann"), ("date", "2020-01-01")]
    try:  # the feedback reader names the line and asks for single quotes on exactly this error
        upstream.options_to_tokens('author: "Jim" Smith\n')
    except upstream.TokenizeError as error:
        assert error.problem_mark.line == 0 and error.problem
    else:
        raise AssertionError("MyST no longer refuses a value that starts with a quote and goes on")


def test_myst_parser_pieces_and_the_renderer_methods_overridden():
    from myst_parser.config.main import MdParserConfig

    parser = upstream.create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), upstream.HookedRenderer)
    assert [token.type for token in parser.parse(":::{note}\nText\n:::\n")] == ["colon_fence"]
    for name, parameters in (("run_directive", ["self", "name", "first_line", "content", "position"]),
                             ("nested_render_text", ["self", "text", "lineno"]),
                             ("render_restructuredtext", ["self", "token"]),
                             ("_render_tokens", ["self", "tokens"]),
                             ("add_line_and_source_path", ["self", "node", "token"]),
                             ("render_myst_role", ["self", "token"]), ("render_html_inline", ["self", "token"])):
        method = getattr(SphinxRenderer, name, None) or getattr(DocutilsRenderer, name)
        assert list(inspect.signature(method).parameters)[:len(parameters)] == parameters, name


def test_sphinx_reading_and_translating_steps(make_app, tmp_path):
    """``newsletter check`` reads some documents with the builder's own reading step and translates each
    page as ``write_doc`` does: those steps are still there, with the arguments it gives them."""
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder

    assert list(inspect.signature(Builder._read_serial).parameters) == ["self", "docnames"]
    assert list(inspect.signature(Builder._read_parallel).parameters) == ["self", "docnames", "nproc"]
    written = inspect.getsource(StandaloneHTMLBuilder.write_doc)
    for step in ("doctree.settings = self.docsettings", "self.create_translator(doctree, self)",
                 "doctree.walkabout(visitor)", "visitor.fragment"):
        assert step in written, step
    (tmp_path / "conf.py").write_text("")
    (tmp_path / "index.rst").write_text("Title\n=====\n\nSee *this*.\n")
    app = make_app("html", srcdir=tmp_path)
    app.env.find_files(app.config, app.builder)
    upstream.read_documents(app.builder, ["index"], 1)
    app.builder.prepare_writing({"index"})
    html = upstream.translate_document(app.builder, "index", app.env.get_and_resolve_doctree("index", app.builder, tags=app.tags))
    assert "<em>this</em>" in html and "<html" not in html


def test_upstreams_are_bounded_above_and_reached_only_through_upstream():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for package in ("sphinx", "docutils", "myst-parser"):
        assert re.search(rf'"{package}[^"]*<\d', pyproject), f"{package} has no upper bound"
    outside = [str(path.relative_to(REPO)) for path in (REPO / "src").rglob("*.py")
               if "upstream" not in path.parts and PRIVATE.search(path.read_text(encoding="utf-8"))]
    assert outside == []


def test_an_html_builder_without_sphinx_search_writes_no_index_or_search_page(make_app, tmp_path):
    from sphinx.builders.html import StandaloneHTMLBuilder

    assert StandaloneHTMLBuilder.search is True
    (tmp_path / "conf.py").write_text("")
    (tmp_path / "index.rst").write_text("Title\n=====\n\nWords.\n")
    app = make_app("html", srcdir=tmp_path)
    upstream.without_sphinx_search(app.builder)
    app.build()
    assert (app.outdir / "index.html").is_file()
    assert not (app.outdir / "searchindex.js").exists() and not (app.outdir / "search.html").exists()


def test_an_html_builder_copies_its_theme_files_through_the_method_replaced(make_app, tmp_path):
    """``copy_theme_static_files(context)`` is what copies the theme's static files into ``_static``
    (``static_folder``): the copy given in its place is the one that runs."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    assert list(inspect.signature(StandaloneHTMLBuilder.copy_theme_static_files).parameters) == ["self", "context"]
    (tmp_path / "conf.py").write_text("")
    (tmp_path / "index.rst").write_text("Title\n=====\n")
    app = make_app("html", srcdir=tmp_path)
    contexts = []
    upstream.theme_static_copy(app.builder, contexts.append)
    app.build()
    assert upstream.static_folder(app.builder) == app.outdir / "_static"
    assert len(contexts) == 1 and "project" in contexts[0]
    assert not (app.outdir / "_static/basic.css").exists() and (app.outdir / "_static/pygments.css").exists()


def test_myst_names_an_unknown_directive_or_role_as_the_renderer_reads_it():
    """HookedRenderer completes MyST's two warnings by their words and subtype: MyST still writes them so."""
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer as Base

    from sphinx_newsletter.upstream.renderer import UNKNOWN_NAME

    source = inspect.getsource(Base)
    assert 'f"Unknown directive type: {name!r}"' in source and "MystWarnings.UNKNOWN_DIRECTIVE" in source
    assert "f'Unknown interpreted text role \"{name}\".'" in source and "MystWarnings.UNKNOWN_ROLE" in source
    assert UNKNOWN_NAME.match("Unknown directive type: 'notee'")["name"] == "notee"
    assert UNKNOWN_NAME.match('Unknown interpreted text role "reff".')["name"] == "reff"
    assert list(inspect.signature(Base.create_warning).parameters)[:3] == ["self", "message", "subtype"]


def test_each_inline_token_knows_how_many_lines_below_its_paragraph_it_starts():
    from markdown_it import MarkdownIt

    from sphinx_newsletter.upstream.renderer import LINES_DOWN, count_lines_down

    text = ("one *a*\ntwo  \nthree <b\nclass='x'>four</b> `code\nspan` five\n![alt\ntext](p.png) six\n"
            "$x$ seven")
    inline = MarkdownIt("commonmark").parse(text)[1]
    count_lines_down(inline.children)
    down = [(token.type, token.content, token.meta[LINES_DOWN]) for token in inline.children]
    assert down == [("text", "one ", 0), ("em_open", "", 0), ("text", "a", 0), ("em_close", "", 0),
                    ("softbreak", "", 0), ("text", "two", 1), ("hardbreak", "", 1), ("text", "three ", 2),
                    ("html_inline", "<b\nclass='x'>", 2), ("text", "four", 3), ("html_inline", "</b>", 3),
                    ("text", " ", 3), ("code_inline", "code span", 3), ("text", " five", 3), ("softbreak", "", 3),
                    ("image", "alt\ntext", 4), ("text", " six", 5), ("softbreak", "", 5), ("text", "$x$ seven", 6)]
    image = inline.children[15]
    assert [(token.type, token.meta[LINES_DOWN]) for token in image.children] == [
        ("text", 4), ("softbreak", 4), ("text", 5)]  # the picture's text over two lines


def test_the_document_state_of_mysts_renderer_is_what_forget_document_lets_go():
    """``setup_render`` gives the renderer the document it renders; a renderer kept for the next report
    (``adapters.reading.report_parser``) lets go of all of it, and keeps only what the parser gives."""
    import gc
    import weakref

    from docutils import nodes
    from myst_parser.mdit_to_docutils.base import make_document

    from sphinx_newsletter.adapters.reading import ReportRenderer, report_parser

    renderer = upstream.create_md_parser(upstream.MdParserConfig(), ReportRenderer).renderer
    before = set(vars(renderer))
    renderer.setup_render({"myst_config": upstream.MdParserConfig(), "document": make_document()}, {})
    assert set(vars(renderer)) - before == {*ReportRenderer.DOCUMENT_STATE, "md_options", "md_config",
                                            "language_module_rst", "_heading_offset"}
    renderer.forget_document()
    assert set(vars(renderer)) - before == {"md_options", "md_config", "language_module_rst", "_heading_offset"}
    document = make_document()
    with report_parser(upstream.MdParserConfig()) as parser:
        parser.options["document"] = document
        parser.renderer.setup_render(parser.options, {"references": {}})  # as parser.render does, without
        parser.renderer.current_node += nodes.paragraph("", "words")  # the Sphinx a render needs
    assert document.astext() == "words"
    gone = weakref.ref(document)
    del document
    gc.collect()
    assert gone() is None  # the parser kept for the next report keeps nothing of this one


def test_opengraph_imports_its_social_card_module_inside_a_guard_against_import_errors():
    """sphinxext-opengraph's ``__init__`` imports ``_social_cards`` inside ``try``/``except ImportError``:
    refusing that module leaves the extension working, without cards (``upstream.import_without_module``)."""
    import importlib.util

    spec = importlib.util.find_spec("sphinxext.opengraph")
    source = Path(spec.origin).read_text(encoding="utf-8")
    guarded = [block for block in re.findall(r"^try:\n((?:[ \t]+.*\n)+)except ImportError:", source, re.MULTILINE)
               if f"from {upstream.OPENGRAPH_SOCIAL_CARDS} import" in block]
    assert guarded, "sphinxext-opengraph no longer imports its social cards inside try/except ImportError"
    assert importlib.util.find_spec(upstream.OPENGRAPH_SOCIAL_CARDS) is not None
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"sphinxext-opengraph[^"]*<\d', pyproject), "sphinxext-opengraph has no upper bound"


def test_sphinx_sitemaps_collector_is_found_and_replaced_where_one_process_writes(make_app, tmp_path):
    """sphinx-sitemap connects ``record_builder_type`` to ``builder-inited``, which sets ``env.is_directory_builder``
    and ``app.sitemap_links`` (``upstream.collect_sitemap_in_a_queue`` does its work without a server process)."""
    import sphinx_sitemap

    module, name = upstream.SITEMAP_COLLECTOR
    assert sphinx_sitemap.__name__ == module and callable(getattr(sphinx_sitemap, name))
    source = inspect.getsource(getattr(sphinx_sitemap, name))
    assert "env.is_directory_builder" in source and ".sitemap_links = Manager().Queue()" in source
    assert 'app.connect("builder-inited", record_builder_type)' in inspect.getsource(sphinx_sitemap.setup)
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_sitemap"]\nhtml_baseurl = "https://x.example/"\n')
    (tmp_path / "index.rst").write_text("Title\n=====\n")
    app = make_app("dirhtml", srcdir=tmp_path)  # its handler has started a server already: stopped here
    stop_collecting(app, None)
    handlers = [listener.handler for listener in app.events.listeners["builder-inited"]]
    assert getattr(sphinx_sitemap, name) in handlers  # Sphinx keeps its listeners where this looks for them
    app.builder.env.is_directory_builder = None
    assert upstream.collect_sitemap_in_a_queue(app)
    assert getattr(sphinx_sitemap, name) not in [listener.handler for listener in app.events.listeners["builder-inited"]]
    app.events.emit("builder-inited")
    assert app.builder.env.is_directory_builder is True and type(app.sitemap_links) is queue.Queue
    assert not upstream.collect_sitemap_in_a_queue(app)  # found once: there is nothing left to replace
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"sphinx-sitemap[^"]*<\d', pyproject), "sphinx-sitemap has no upper bound"

"""One MyST parser reads every report of a build (``adapters.reading.report_parser``): a parser per
document was garbage in cycles that only a full collection frees (10 MB of a 1,000-post blog's peak).
Reports read by one parser share nothing: each is read as if it were the only one."""

from __future__ import annotations

from conftest import html, write_sources

from sphinx_newsletter.adapters import reading
from sphinx_newsletter.upstream import MdParserConfig

MATTER = "---\ntitle: {title}\nauthor: Ada Lovelace\ndate: 2021-03-0{day}\ntags: [sprint]\n---\n\n"


def test_one_parser_reads_every_report_of_a_build(project, build, monkeypatch):
    made = []

    def counted(config, renderer):
        made.append(config)
        return real(config, renderer)

    real = reading.create_md_parser
    monkeypatch.setattr(reading, "create_md_parser", counted)
    app, _written = build(project("basic"))
    assert made == [app.env.myst_config]  # seven reports, one parser
    app, _written = build(project("basic", "again"))
    assert len(made) == 2 and made[1] is app.env.myst_config  # another build's configuration: a parser of its own


def test_a_report_read_while_another_is_gets_a_parser_of_its_own():
    config, other = MdParserConfig(), MdParserConfig()
    with reading.report_parser(config) as first, reading.report_parser(config) as nested:
        assert nested is not first
    with reading.report_parser(config) as again:
        assert again is first  # the outer one, kept when it was done with
        assert "document" not in again.options  # no document kept from the last reading
    with reading.report_parser(other) as changed:
        assert changed is not first


def test_reports_read_by_one_parser_share_nothing(project, build):
    srcdir = write_sources(project("basic"), {
        "conf.py": (project("basic", "conf") / "conf.py").read_text().replace(
            'html_theme = "basic"', 'html_theme = "sphinx_book_theme"\nmyst_heading_anchors = 2\n'),
        "reports/gamma/spring-sprint.md": MATTER.format(title="Spring sprint", day=5) + (
            "## Plans\n\nSee [the plan][plan] and a note.[^n]\n\n[plan]: https://plan.example/\n\n"
            "[^n]: The sprint note.\n"),
        "reports/gamma/winter-conf.md": MATTER.format(title="Winter conf", day=6) + (
            "## Plans\n\nSee [the plan][plan], [the plans](#plans) and a note.[^n]\n\n[^n]: The conference note.\n"),
    })
    app, _written = build(srcdir)
    sprint, conf = html(app, "reports/gamma/spring-sprint"), html(app, "reports/gamma/winter-conf")
    assert sprint.find("a", href="https://plan.example/") is not None
    assert conf.find("a", href="https://plan.example/") is None and "[the plan][plan]" in conf.get_text()
    assert conf.find("a", href="#plans") is not None and conf.find(id="plans") is not None
    assert "The conference note." in conf.get_text() and "The sprint note." not in conf.get_text()

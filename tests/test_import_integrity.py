"""What an imported blog did not publish is never published; a post's identity is the importer's own
record (the ledger, committed with the site), never a value a pull request can write; comments go to
exactly one report; nothing in an export reaches a report unescaped, the importer's own markers
included; a re-import never brings back what the editors deleted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import copy_sample_site, run

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"><channel><title>T</title>
<link>{blog}</link><wp:wxr_version>1.2</wp:wxr_version>
{items}</channel></rss>"""


def item(post_id, name, status="publish", password="", content="Text.", comments=""):
    return (f"<item><title>Post {name}</title><link>https://blog.example/{name}/</link><dc:creator>ed</dc:creator>"
            f"<guid>https://blog.example/?p={post_id}</guid>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date>2012-06-01 10:00:00</wp:post_date><wp:post_name>{name}</wp:post_name>"
            f"<wp:status>{status}</wp:status><wp:post_password>{password}</wp:post_password>"
            f"<wp:post_type>post</wp:post_type>{comments}</item>")


def comment(key, body, author="Reader"):
    return (f"<wp:comment><wp:comment_id>{key}</wp:comment_id><wp:comment_author>{author}</wp:comment_author>"
            f"<wp:comment_date>2012-06-02 10:00:00</wp:comment_date><wp:comment_content><![CDATA[{body}]]>"
            f"</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
            f"<wp:comment_parent>0</wp:comment_parent></wp:comment>")


def export(tmp_path: Path, items: str, blog="https://blog.example", name="export.xml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD.format(items=items, blog=blog), encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_sample_site(tmp_path / "site")


def reports(site: Path) -> set[str]:
    return {path.name for path in (site / "reports").rglob("*.md")}


RESTRICTED = [item(1, "private-notes", status="private", content="PRIVATEWORDS"),
              item(2, "locked", password="hunter2", content="PASSWORDWORDS"),
              item(3, "pending-review", status="pending", content="PENDINGWORDS"),
              item(4, "later", status="future", content="SCHEDULEDWORDS"),
              item(5, "wip", status="draft", content="DRAFTWORDS"),
              item(6, "binned", status="trash", content="TRASHWORDS")]


@pytest.mark.parametrize("flags", [(), ("--unpublished", "draft"), ("--unpublished", "draft", "--late")])
def test_what_wordpress_did_not_publish_is_never_published(site, tmp_path, flags):
    result = run("import", "wordpress", str(export(tmp_path, "".join(RESTRICTED))), *flags, cwd=site)
    assert result.returncode == 0, result.stderr
    # private and password-protected posts never enter the (public) repository, whatever the flags
    written = "".join(path.read_text() for path in (site / "reports").rglob("*.md"))
    assert "PRIVATEWORDS" not in written and "PASSWORDWORDS" not in written and "TRASHWORDS" not in written
    assert "private: never imported" in result.stdout and "password-protected: never imported" in result.stdout
    for name in ("pending-review.md", "later.md", "wip.md"):
        path = next((site / "reports").rglob(name), None)
        if flags:
            assert path is not None and "draft: true" in path.read_text()  # a draft: never built but in preview
        else:
            assert path is None


STATIC_POSTS = {
    "quoted-true.md": 'draft: "true"',
    "one.md": "draft: 1",
    "yes.md": "draft: yes",
    "unpublished.md": "published: false",
    "unpublished-string.md": 'published: "false"',
    "future.md": "publishDate: 2999-01-01",
    "expired.md": "expiryDate: 2012-06-02",
    "never-rendered.md": "_build:\n  render: never",
    "build-false.md": "build:\n  render: false",
}


@pytest.mark.parametrize("kind", ["hugo", "jekyll"])
def test_drafts_in_every_form_a_static_site_accepts_are_never_published(site, tmp_path, kind):
    blog = tmp_path / "blog"
    folder = blog / ("content/posts" if kind == "hugo" else "_posts")
    folder.mkdir(parents=True)
    (blog / ("config.toml" if kind == "hugo" else "_config.yml")).write_text(
        'baseURL = "https://blog.example/"\n' if kind == "hugo" else "url: https://blog.example\n")
    for name, line in STATIC_POSTS.items():
        stem = name[:-3] if kind == "hugo" else "2012-06-01-" + name[:-3]
        (folder / f"{stem}.md").write_text(f"---\ntitle: {name}\ndate: 2012-06-01\n{line}\n---\n\nSECRET {name}\n")
    (folder / ("fine.md" if kind == "hugo" else "2012-06-01-fine.md")).write_text(
        "---\ntitle: Fine\ndate: 2012-06-01\n---\n\nPublished text.\n")
    result = run("import", kind, str(blog), cwd=site)
    assert result.returncode == 0, result.stderr
    written = {path.name: path.read_text() for path in (site / "reports").rglob("*.md")}
    assert "fine.md" in written
    assert not any("SECRET" in text for text in written.values()), [n for n, t in written.items() if "SECRET" in t]


def test_a_report_claiming_a_posts_origin_captures_nothing(site, tmp_path):
    """origin: in a report is what a pull request can write: it identifies nothing."""
    stolen = site / "reports/folsom/europython-openstack.md"
    stolen.write_text(stolen.read_text().replace("\n---\n", "\norigin: https://blog.example/?p=7\n---\n", 1))
    path = export(tmp_path, item(7, "real-post", comments=comment(70, "A reader's words.")))
    result = run("import", "wordpress", str(path), cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "reports/folsom/real-post.md").is_file()
    assert "A reader's words." in (site / "feedback/folsom/real-post.yaml").read_text()
    assert "A reader's words." not in (site / "feedback/folsom/europython-openstack.yaml").read_text()


def test_two_blogs_with_the_same_post_path_keep_their_comments_apart(site, tmp_path):
    first = export(tmp_path, item(7, "same", comments=comment(70, "FIRSTBLOG comment.")), name="one.xml")
    second = export(tmp_path, item(7, "same", comments=comment(70, "SECONDBLOG comment.")),
                    blog="https://other.example", name="two.xml")
    assert run("import", "wordpress", str(first), cwd=site).returncode == 0
    assert run("import", "wordpress", str(second), cwd=site).returncode == 0
    one, two = (site / "feedback/folsom/same.yaml").read_text(), (site / "feedback/folsom/same-2.yaml").read_text()
    assert "FIRSTBLOG" in one and "SECONDBLOG" not in one
    assert "SECONDBLOG" in two and "FIRSTBLOG" not in two


def test_the_importers_marker_in_an_export_stays_text(site, tmp_path):
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_config.yml").write_text("url: https://blog.example\n")
    forged = ("See [this](newsletter-import-post:x)\n\nnewsletter-import-post:{feedback}\n\n"
              "\x04post\x04:::{feedback}\n:author: The Editors\n")
    (blog / "_posts/2012-06-01-forged.md").write_text(f"---\ntitle: Forged\ndate: 2012-06-01\n---\n\n{forged}")
    result = run("import", "jekyll", str(blog), cwd=site)
    assert result.returncode == 0, result.stderr
    text = (site / "reports/folsom/forged.md").read_text()
    assert "\x04" not in text and not re.search(r"^\s*:::", text, re.MULTILINE)  # no block of the report's own
    assert run("check", "--strict", "reports/folsom/forged.md", cwd=site).returncode == 0


def test_a_reimport_never_brings_back_what_the_editors_deleted(site, tmp_path):
    comments = comment(71, "Keep me.") + comment(72, "SPAMWORDS delete me.")
    path = export(tmp_path, item(7, "kept", comments=comments) + item(8, "unwanted", content="UNWANTEDWORDS"))
    assert run("import", "wordpress", str(path), cwd=site).returncode == 0
    ledger = list((site / "imported").glob("*.json"))
    assert len(ledger) == 1
    recorded = json.loads(ledger[0].read_text())
    assert {post["report"] for post in recorded["posts"].values()} == {"reports/folsom/kept.md",
                                                                       "reports/folsom/unwanted.md"}
    # the editors delete a comment and a report
    feedback = site / "feedback/folsom/kept.yaml"
    text = feedback.read_text()
    feedback.write_text(text[:text.index("- id: wp-72")])
    (site / "reports/folsom/unwanted.md").unlink()
    result = run("import", "wordpress", str(path), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "SPAMWORDS" not in feedback.read_text() and "Keep me." in feedback.read_text()
    assert not (site / "reports/folsom/unwanted.md").exists()
    assert "deleted by the editors after an earlier import: not imported again" in result.stdout
    # a new comment still arrives
    path = export(tmp_path, item(7, "kept", comments=comments + comment(73, "A new one.")) + item(8, "unwanted"))
    assert run("import", "wordpress", str(path), cwd=site).returncode == 0
    assert "A new one." in feedback.read_text() and "SPAMWORDS" not in feedback.read_text()


def test_a_staticman_folder_two_posts_name_goes_to_neither(site, tmp_path):
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_config.yml").write_text("url: https://blog.example\n")
    for year in ("2012", "2011"):
        (blog / f"_posts/{year}-06-01-recap.md").write_text(f"---\ntitle: Recap {year}\ndate: {year}-06-01\n---\n\nText.\n")
    (blog / "_posts/2012-07-01-own.md").write_text("---\ntitle: Own\ndate: 2012-07-01\n---\n\nText.\n")
    for folder, words in (("recap", "WHOSEWORDS"), ("own", "OWNWORDS")):
        (blog / "_data/comments" / folder).mkdir(parents=True)
        (blog / "_data/comments" / folder / "entry1.yml").write_text(
            f"_id: {folder}1\nname: Ann\ndate: 2012-07-02\nmessage: {words} here.\n")
    result = run("import", "jekyll", str(blog), "--late", cwd=site)
    assert result.returncode == 0, result.stderr
    feedback = "".join(path.read_text() for path in (site / "feedback").rglob("*.yaml"))
    assert feedback.count("WHOSEWORDS") == 0 and feedback.count("OWNWORDS") == 1
    assert "_data/comments/recap: the comments of more than one post" in result.stdout


def test_an_export_with_an_undeclared_prefix_is_read(site, tmp_path):
    """WordPress.com writes <atom:link> in the channel without declaring atom: WordPress reads it."""
    path = export(tmp_path, '<atom:link rel="search" type="application/opensearchdescription+xml" '
                            'href="https://blog.example/osd.xml" title="T" />' + item(9, "undeclared"))
    result = run("import", "wordpress", str(path), cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "reports/folsom/undeclared.md").is_file()
    broken = tmp_path / "broken.xml"
    broken.write_text(path.read_text().replace("</channel>", ""))  # still refused when it is not well-formed
    result = run("import", "wordpress", str(broken), cwd=site)
    assert result.returncode == 1 and "not well-formed XML" in result.stderr

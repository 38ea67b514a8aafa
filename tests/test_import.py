"""``newsletter import``: a WordPress export, a Jekyll site with Staticman comments, a Hugo site and an
ABlog site (fixtures in ``tests/data/import``, written from the documented formats) imported into a copy
of the sample site, which then builds strictly with its real theme; the rendered threads are checked."""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, copy_sample_site, run
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

DATA = REPO / "tests" / "data" / "import"
SOURCES = (("wordpress", DATA / "wordpress.xml"), ("jekyll", DATA / "jekyll"), ("hugo", DATA / "hugo"),
           ("ablog", DATA / "ablog"))
LEFT_OUT = ("SPAM-MARKER", "PENDING-MARKER", "TRASH-MARKER", "PINGBACK-MARKER", "TRACKBACK-MARKER", "PAGE-MARKER",
            "DRAFT-MARKER", "SCHEDULED-MARKER", "PRIVATE-MARKER", "priya@example.org", "192.0.2.10",
            "5d41402abc4b2a76b9719d911017c592")
"""Text of what must never be imported: spam, pending, trashed comments, pings, pages, unpublished
posts, and readers' e-mail addresses, e-mail hashes and IP addresses."""


def strict_build(site: Path):
    warnings = io.StringIO()
    with patch_docutils(site), docutils_namespace():  # as sphinx-build does: one build's registrations only
        app = Sphinx(site, site, site / "_build" / "html", site / "_build" / "doctrees", "html",
                     status=io.StringIO(), warning=warnings, freshenv=True)
        app.build()
    return app, warnings.getvalue()


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for folder in ("reports", "feedback") for path in sorted((site / folder).rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    site = copy_sample_site(tmp_path_factory.mktemp("import") / "site")
    before = tree(site)
    results = [run("import", kind, str(source), cwd=site) for kind, source in SOURCES]
    app, warnings = strict_build(site)
    return SimpleNamespace(site=site, before=before, results=results, app=app, warnings=warnings)


def page(imported, slug: str) -> BeautifulSoup:
    return BeautifulSoup((imported.site / "_build" / "html" / "reports" / "folsom" / f"{slug}.html").read_text(
        encoding="utf-8"), "html.parser")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_every_import_succeeds_and_the_site_builds_strictly(imported):
    for result in imported.results:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert imported.app.statuscode == 0
    assert imported.warnings.strip() == ""
    assert run("check", "--strict", cwd=imported.site).returncode == 0
    new = set(tree(imported.site)) - set(imported.before)
    assert new == {
        "reports/folsom/linuxtag-booth.md", "reports/folsom/hardware-notes.md", "feedback/folsom/linuxtag-booth.yaml",
        "reports/folsom/summit-recap.md", "reports/folsom/meetup-notes.md", "feedback/folsom/summit-recap.yaml",
        "feedback/folsom/meetup-notes.yaml", "reports/folsom/folsom-release-party.md",
        "reports/folsom/quantum-hackday.md", "feedback/folsom/folsom-release-party.yaml",
        "reports/folsom/design-summit.md", "reports/folsom/meetup.md"}
    assert all(tree(imported.site)[path] == data for path, data in imported.before.items())


def test_what_is_not_a_published_post_or_an_approved_comment_is_written_nowhere(imported):
    written = b"".join(tree(imported.site).values()) + b"".join(
        path.read_bytes() for path in (imported.site / "_build" / "html").rglob("*.html"))
    for marker in LEFT_OUT:
        assert marker.encode() not in written, marker
    summary = imported.results[0].stdout
    assert "item 4 (About this blog): a page, not a post" in summary
    assert "item 5 (Draft: Summit plans): a draft: not imported" in summary
    assert "item 6 (Scheduled: Autumn meetup): scheduled: not imported" in summary
    assert "item 7 (Private: budget): private: never imported" in summary
    assert "item 8 (Home): a nav menu item, not a post" in summary
    assert ("Comments left out: 1 in the trash, 1 not approved (pending), 1 pingbacks (not reader comments), 1 spam, "
            "1 trackbacks (not reader comments)") in summary


def test_wordpress_post_fields(imported):
    matter = front_matter(imported.site / "reports/folsom/linuxtag-booth.md")
    assert matter["title"] == "Our booth at LinuxTag: “Is it ready?” & other questions"
    assert matter["author"] == "María García"  # the display name, not the login
    assert matter["tags"] == ["conference", "swift", "Berlin"]
    assert (matter["event"], matter["location"]) == ("LinuxTag 2012", "Berlin, Germany")
    assert matter["summary"] == "Four days at LinuxTag in Berlin, and one question from every visitor."
    assert matter["origin"] == "https://travel.stackers.example/?p=12"  # its guid: it never changes
    other = front_matter(imported.site / "reports/folsom/hardware-notes.md")
    assert other["author"] == "Ken Wong"  # first and last name when there is no display name
    assert other["tags"] == []  # 'Uncategorized' is WordPress's default, not a topic


def test_wordpress_body_keeps_what_the_post_shows(imported):
    soup = page(imported, "linuxtag-booth")
    body = soup.find("article", class_="bd-article") or soup
    text = body.get_text()
    assert "It never fell over — not even when someone pulled a network cable “to see what happens”." in text
    assert "Café au lait … naïve questions welcome. {raw}`html` stays text." in text
    assert "$3 for a coffee, $5 for a pretzel" in text  # dollars are not maths
    figure = body.find("figure")
    assert figure.find("img")["src"] == "https://travel.stackers.example/wp-content/uploads/2012/05/booth.jpg"
    assert "The booth, before the crowds" in figure.get_text()
    assert [li.get_text(" ", strip=True) for li in body.find("ol").find_all("li")][2] == \
        "Can I run it on my old hardware ?"
    assert body.find("a", string="my old hardware")["href"] == "hardware-notes.html"  # another imported post
    assert [cell.get_text() for cell in body.find("table").find_all(["td", "th"])] == \
        ["Day", "Visitors", "Wednesday", "120", "Thursday", "185"]
    code = body.find("div", class_="highlight-python").get_text()
    assert 'print("fine & dandy")' in code and 'if proxy["workers"] < 8 and True:' in code
    assert body.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ")  # [embed]
    assert len(body.find_all("img")) == 2  # the caption's image and the gallery's
    other = page(imported, "hardware-notes")
    assert 'nova-manage service list | grep -v ":-)"' in other.find("div", class_="highlight-bash").get_text()
    assert "[sc_unknown_widget id=" in other.get_text()  # an unknown shortcode stays visible


def test_wordpress_thread_is_rendered_nested_with_likes_and_safe_links(imported):
    soup = page(imported, "linuxtag-booth")
    first, reply, answer = (soup.find(id=f"comment-wp-{key}") for key in (101, 102, 103))
    assert reply in first.find("div", class_="nl-feedback-replies").find_all("article", recursive=False)
    assert answer in reply.find("div", class_="nl-feedback-replies").find_all("article", recursive=False)
    assert first.find("span", class_="nl-likes").get_text() == "3 likes"
    assert first.find("a", class_="nl-feedback-author")["href"] == "https://example.org/priya"
    assert answer.find("a", class_="nl-feedback-author") is None  # its javascript: address is left out
    assert "reassuring" in answer.get_text() and "javascript" not in str(answer)
    assert answer.find("a", href="https://docs.openstack.org/")
    assert not soup.find_all("script", string=re.compile("alert"))


def test_jekyll_post_with_staticman_replies(imported):
    matter = front_matter(imported.site / "reports/folsom/summit-recap.md")
    assert matter["author"] == "Lin Chen"  # from _data/authors.yml
    assert matter["tags"] == ["nova", "community", "conference"]
    assert matter["origin"] == "_posts/2012-06-18-summit-recap.md"
    soup = page(imported, "summit-recap")
    assert soup.find("a", href="meetup-notes.html")  # {% post_url %} became a link to the imported report
    assert soup.find("a", href="https://abroad.stackers.example/blog/assets/slides.pdf")  # {{ site.baseurl }}
    assert soup.find("img", src="https://abroad.stackers.example/assets/img/room.jpg")
    assert 'return "```not a fence end"' in soup.find("div", class_="highlight-python").get_text()
    session = soup.find("div", class_="highlight-json")  # a shell session marked JSON: shown as far as it lexes
    assert session.find("pre").get_text() == '$ curl -s http://scheduler.example/v1/hosts\n{"hosts": ["compute-1"]}\n'
    assert session.find("span", class_="s2", string='"compute-1"')
    assert "{% include newsletter-signup.html %}" in soup.get_text()  # an include the site lacks stays visible
    assert "Like these reports?" in soup.get_text()  # an include from _includes/ is inlined
    headings = [(tag.name, tag.get_text().strip("#¶ \n")) for tag in soup.find("article").find_all(["h2", "h3", "h4"])]
    assert headings[:2] == [("h2", "Talks"), ("h3", "A detail")]  # the source's h2 then h4: no level skipped
    note = soup.find("div", class_="admonition note")
    assert note.find("a", href="https://abroad.stackers.example/assets/slides-notice.pdf")  # markdown in a notice
    assert note.find("img", src="https://abroad.stackers.example/assets/img/chart.png")
    keynote = soup.find("img", src="https://abroad.stackers.example/assets/img/keynote-small.jpg")
    assert keynote.find_parent("a")["href"] == "https://abroad.stackers.example/assets/img/keynote.jpg"
    assert "The keynote stage" in soup.get_text()
    assert soup.find("a", href="https://www.youtube.com/watch?v=xyz_123")
    assert soup.find("a", href="https://abroad.stackers.example/docs/nova-manage/").find("code")
    assert "Great day in Paris!" in soup.get_text() and soup.find("a", href="https://twitter.com/x/status/1")
    assert not soup.find("script", src=re.compile("twitter")) and "data-datetime" not in str(soup)
    speakers = soup.find("a", string="speakers page")
    assert speakers["href"] == "https://abroad.stackers.example/speakers/" and not speakers.get("onclick")
    ids = ["comment-sm-4f1c2a10-b9a8-11e1-8d4a-00000000000" + str(n) for n in (1, 2, 3)]
    first, reply, answer = (soup.find(id=key) for key in ids)
    assert reply in first.find("div", class_="nl-feedback-replies").find_all("article", recursive=False)
    assert answer in reply.find("div", class_="nl-feedback-replies").find_all("article", recursive=False)
    assert answer.find("img") is None and answer.find("a", href="https://tracker.example/p.gif")
    assert "{raw}" in answer.get_text() and "<b>x</b>" in answer.get_text()
    assert "alert" not in str(reply)
    notes = page(imported, "meetup-notes")
    assert notes.find(id="comment-sm-9a0b7c60-9491-11e1-a1b2-000000000010")  # a JSON comment file
    assert front_matter(imported.site / "reports/folsom/meetup-notes.md")["authors"] == ["Lin Chen", "Guest Writer"]


def test_hugo_site_with_toml_front_matter(imported):
    matter = front_matter(imported.site / "reports/folsom/folsom-release-party.md")
    assert matter["author"] == "Rahul Nair"  # from data/authors.toml
    assert matter["date"].isoformat() == "2012-09-20"
    assert matter["tags"] == ["release", "meetup", "community"]
    assert matter["location"] == "Bangalore, India"
    assert matter["summary"] == "Cake, demos and a countdown for Folsom."
    soup = page(imported, "folsom-release-party")
    assert soup.find("figure").find("img")["src"] == "https://stack.hugo.example/images/cake.jpg"
    assert "A cake shaped like a server rack" in soup.find("figure").get_text()
    assert soup.find("a", href="quantum-hackday.html")  # {{< ref >}}
    assert soup.find("a", href="https://twitter.com/openstack/status/123456789")
    assert "{{< unknown-widget foo=" in soup.get_text()  # left visible (Sphinx curls its quotes, as for any text)
    assert soup.find(id="comment-sm-1b2c3d40-0000-11e2-0000-00000000abcd")
    assert "content/posts/draft-post.md: a draft: not imported" in imported.results[2].stdout


def test_ablog_posts_rst_and_myst(imported):
    matter = front_matter(imported.site / "reports/folsom/design-summit.md")
    assert (matter["author"], matter["date"].isoformat()) == ("Sven Olsen", "2012-04-16")
    assert matter["tags"] == ["design-summit", "nova", "conference"]
    soup = page(imported, "design-summit")
    assert soup.find("div", class_="admonition note")
    assert "def cells():" in soup.find("div", class_="highlight-python").get_text()
    literal = " ".join(pre.get_text() for pre in soup.find_all("pre"))
    assert '.. raw:: html' in literal and "RAW-MARKER" in literal  # shown as text, never as HTML
    assert not soup.find_all("script", string=re.compile("RAW-MARKER"))
    assert ".. include:: /etc/passwd" in literal and "root:" not in soup.get_text()
    assert soup.find("a", href="https://www.openstack.org/")
    assert "Update on Apr 20, 2012" in soup.get_text()
    changed = soup.find("p", class_="admonition-title", string="Changed in version 2012.2").parent
    assert "The schedule moved to the wiki." in changed.get_text()  # Sphinx's role kept as its text
    assert soup.find("p", class_="admonition-title", string="See also").parent.find(
        "a", href="https://etherpad.openstack.org/")
    myst = front_matter(imported.site / "reports/folsom/meetup.md")
    assert (myst["title"], myst["author"]) == ("Lisbon meetup, July", "Inês Duarte")
    assert "posts/2012/draft.rst: excluded from the blog" in imported.results[3].stdout


def test_staticman_replies_by_number_as_in_made_mistakes(tmp_path):
    """``replying_to`` holding the parent's number among the post's top-level comments (Made Mistakes'
    templates) threads like ``replying_to_uid``; a number that names no comment leaves it top-level."""
    blog = tmp_path / "blog"
    (blog / "_posts").mkdir(parents=True)
    (blog / "_posts/2012-06-01-talk.md").write_text("---\ntitle: Talk\nauthor: Ed\n---\nText.\n", encoding="utf-8")
    comments = blog / "_data/comments/talk"
    comments.mkdir(parents=True)
    for number, (reply, day) in enumerate((("", 2), ("", 3), ("2", 4), ("9", 5)), 1):
        (comments / f"comment-{number}.yml").write_text(
            f"_id: c{number}\nname: R{number}\nmessage: Comment {number}.\nreplying_to: '{reply}'\n"
            f"date: 2012-06-0{day}T10:00:00Z\n", encoding="utf-8")
    site = copy_sample_site(tmp_path / "site")
    assert run("import", "jekyll", str(blog), cwd=site).returncode == 0
    entries = yaml.safe_load((site / "feedback/folsom/talk.yaml").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in entries] == ["sm-c1", "sm-c2", "sm-c4"]
    assert [reply["id"] for reply in entries[1]["replies"]] == ["sm-c3"]


def test_importing_again_changes_nothing(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    for kind, source in SOURCES:
        assert run("import", kind, str(source), cwd=site).returncode == 0
    before = tree(site)
    for kind, source in SOURCES:
        result = run("import", kind, str(source), cwd=site)
        assert result.returncode == 0
        assert result.stdout.startswith("0 report(s) written, ")
        assert " 0 comment(s) added to 0 feedback file(s)" in result.stdout.splitlines()[0]
    assert tree(site) == before


def test_a_newer_export_adds_only_what_is_new_and_keeps_edited_reports(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    assert run("import", "wordpress", str(DATA / "wordpress.xml"), cwd=site).returncode == 0
    feedback = site / "feedback/folsom/linuxtag-booth.yaml"
    old_feedback = feedback.read_text(encoding="utf-8")
    edited = site / "reports/folsom/hardware-notes.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("one switch", "one switch (a loud one)"),
                      encoding="utf-8")
    newer = (DATA / "wordpress.xml").read_text(encoding="utf-8")
    newer = newer.replace("</channel>", """<item><title>Back from Boston</title>
        <link>https://travel.stackers.example/2012/06/boston/</link><dc:creator>kwong</dc:creator>
        <guid isPermaLink="false">https://travel.stackers.example/?p=50</guid>
        <content:encoded><![CDATA[A new post.]]></content:encoded><wp:post_id>50</wp:post_id>
        <wp:post_date>2012-06-20 10:00:00</wp:post_date><wp:post_name>boston</wp:post_name>
        <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel>""")
    newer = newer.replace("""<wp:comment>
			<wp:comment_id>104</wp:comment_id>""", """<wp:comment><wp:comment_id>110</wp:comment_id>
			<wp:comment_author>Li Wei</wp:comment_author><wp:comment_date>2012-06-01 10:00:00</wp:comment_date>
			<wp:comment_content>A late answer.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
			<wp:comment_parent>103</wp:comment_parent></wp:comment>
		<wp:comment><wp:comment_id>111</wp:comment_id><wp:comment_author>Ana</wp:comment_author>
			<wp:comment_date>2012-06-02 10:00:00</wp:comment_date><wp:comment_content>New thread.</wp:comment_content>
			<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
		<wp:comment>
			<wp:comment_id>104</wp:comment_id>""")
    export = tmp_path / "newer.xml"
    export.write_text(newer, encoding="utf-8")
    result = run("import", "wordpress", str(export), cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 report(s) written, 1 unchanged, 1 kept as they are; 2 comment(s) added")
    assert "Kept as they are" in result.stdout and "  reports/folsom/hardware-notes.md" in result.stdout
    assert "one switch (a loud one)" in edited.read_text(encoding="utf-8")
    text = feedback.read_text(encoding="utf-8")
    assert text.startswith(old_feedback)
    added = yaml.safe_load(text[len(old_feedback):])
    assert [(entry["id"], entry.get("reply_to")) for entry in added] == [("wp-110", "comment-wp-103"), ("wp-111", None)]
    assert (site / "reports/folsom/boston.md").is_file()
    app, warnings = strict_build(site)
    assert app.statuscode == 0 and warnings.strip() == ""
    soup = BeautifulSoup((site / "_build/html/reports/folsom/linuxtag-booth.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert soup.find(id="comment-wp-110") in soup.find(id="comment-wp-103").find_all("article")


def test_posts_dated_in_a_published_edition_are_refused_unless_late(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    export = tmp_path / "essex.xml"
    export.write_text((DATA / "wordpress.xml").read_text(encoding="utf-8").replace(
        "2012-05-24 20:30:00", "2011-11-24 20:30:00"), encoding="utf-8")  # in the published Essex edition
    before = tree(site)
    refused = run("import", "wordpress", str(export), cwd=site)
    assert refused.returncode == 1
    assert "1 in the Essex edition, published on 2012-04-12 (e.g. item 2 (Our booth" in refused.stderr
    assert "Pass --late" in refused.stderr and "nothing was written" in refused.stderr
    assert tree(site) == before
    late = run("import", "wordpress", str(export), "--late", cwd=site)
    assert late.returncode == 0
    assert "reports/folsom/linuxtag-booth.md (new, late report in the Folsom edition" in late.stdout
    assert front_matter(site / "reports/folsom/linuxtag-booth.md")["date"].isoformat() == "2011-11-24"
    assert run("check", "--strict", cwd=site).returncode == 0


def test_dry_run_since_and_unpublished_drafts(tmp_path):
    site = copy_sample_site(tmp_path / "site")
    before = tree(site)
    dry = run("import", "wordpress", str(DATA / "wordpress.xml"), "--dry-run", cwd=site)
    assert dry.returncode == 0 and "Dry run: nothing was written." in dry.stdout
    assert "reports/folsom/linuxtag-booth.md (new, 3 comment(s)" in dry.stdout
    assert tree(site) == before
    since = run("import", "wordpress", str(DATA / "wordpress.xml"), "--since", "2012-05-01", cwd=site)
    assert "1 post(s) dated before --since" in since.stdout
    assert not (site / "reports/folsom/hardware-notes.md").exists()
    drafts = run("import", "wordpress", str(DATA / "wordpress.xml"), "--unpublished", "draft", cwd=site)
    assert drafts.returncode == 0
    for name in ("draft-summit-plans", "autumn-meetup"):
        assert front_matter(site / f"reports/folsom/{name}.md")["draft"] is True
    assert not (site / "reports/folsom/budget.md").exists()  # private: never, whatever the flags
    assert run("check", "--strict", cwd=site).returncode == 0

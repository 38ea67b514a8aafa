"""The policy's primitives with verdicts written by hand: this address is refused, that one kept; this
title is one character too long. Nothing here reads the constants under test (a change to the allow-list
or a limit must change these verdicts to pass). ``make mutation`` mutates the code these tests pin."""

from __future__ import annotations

import os

import pytest

from sphinx_newsletter.core.text import clean_text, singular_key, tag_key
from sphinx_newsletter.core.urls import is_remote, is_safe_url, url_scheme

KEPT = [
    "https://example.org/a?b=c#d", "http://example.org", "HTTPS://EXAMPLE.ORG/", "mailto:editor@example.org",
    "MailTo:editor@example.org", "page.html", "../up/page.html", "/absolute/path", "#anchor", "?query=1", "",
    "1abc:not-a-scheme", "//example.org/picture.png",  # another host, over the page's own http or https
    # schemes a browser hands to another program (ammonia's allow-list): nothing runs in the page
    "ftp://example.org/file", "FTPS://example.org/f", "tel:+123", "sms:+123", "smsto:+123", "mms://x",
    "irc://irc.libera.chat/openstack", "ircs://irc.libera.chat:6697/openstack", "im:a@example.org",
    "xmpp:a@example.org", "sip:a@example.org", "news:comp.lang.python", "nntp://news.example.org/g",
    "webcal://example.org/summit.ics", "geo:47.37,8.54", "magnet:?xt=urn:btih:abc", "bitcoin:1abc",
    "openpgp4fpr:ABCDEF", "ssh://git@example.org/r.git", "mx:x", "url:https://x", "wtai://wp/mc;+123",
]
REFUSED = [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "java\rscript:alert(1)", "\x01javascript:alert(1)", "javascript\x00:alert(1)",
    "jav&#x09;ascript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)",
    "java&Tab;script:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "file:///etc/passwd", "a.b+c-d:x", "javascript\x7f:alert(1)", "blob:https://example.org/x",
    "doi:10.1186/gm483", "gh-issue:639", "intent://x#Intent;end", "view-source:https://x", "sftp://x",
    "ms-settings:privacy", "jar:https://x!/", "filesystem:https://x/temporary/a", "about:blank",
    "j&#x61;vascript:alert(1)", "&#x64;ata:text/html,x",
]


@pytest.mark.parametrize("url", KEPT)
def test_an_address_kept(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("url", REFUSED)
def test_an_address_refused(url):
    assert not is_safe_url(url)


@pytest.mark.parametrize(("url", "scheme"), [
    ("HTTP://example.org", "http"), ("java\tscript:x", "javascript"), ("&#106;avascript:x", "javascript"),
    ("a.b+c-d:x", "a.b+c-d"), ("page.html", None), ("#top", None), ("1abc:x", None), ("", None),
    ("//host/x", "//"), ("\\\\host\\x", "//"), ("/\\host", "//"), ("\\/host", "//"), ("/path", None),
    ("  https://example.org", "https"), ("https\x00://x", "https"),
])
def test_the_scheme_a_browser_reads(url, scheme):
    assert url_scheme(url) == scheme


def test_a_scheme_relative_address_follows_the_allowed_schemes():
    assert is_safe_url("//example.org/x", {"https"}) and is_safe_url("//example.org/x", {"https", "mailto"})
    assert not is_safe_url("//example.org/x", {"http", "mailto"})
    assert is_safe_url("mailto:a@example.org", {"mailto"}) and not is_safe_url("https://example.org", {"mailto"})
    assert is_safe_url("page.html", set())


@pytest.mark.parametrize(("url", "remote"), [
    ("https://example.org/p.png", True), ("//example.org/p.png", True), ("mailto:a@example.org", True),
    ("p.png", False), ("../pictures/p.png", False), ("#x", False),
])
def test_whether_an_address_is_on_another_host(url, remote):
    assert is_remote(url) is remote


@pytest.mark.parametrize(("text", "limit", "cleaned", "notes"), [
    ("A summit", 8, "A summit", []),  # at the limit: kept whole
    ("A summit!", 8, "A summi…", ["shortened to 8 characters"]),  # one over: cut, with an ellipsis
    ("A  summit \t in\nBoston\r\n", 40, "A summit in Boston", []),
    ("Safe\u202eevil", 40, "Safeevil", ["invisible control characters removed (U+202E RIGHT-TO-LEFT OVERRIDE)"]),
    ("a\x00b\x07c", 40, "abc", ["invisible control characters removed (U+0000 CONTROL, U+0007 CONTROL)"]),
    ("\u2066\u2067\u2068x", 40, "x", ["invisible control characters removed (U+2066 LEFT-TO-RIGHT ISOLATE, "
                                     "U+2067 RIGHT-TO-LEFT ISOLATE, U+2068 FIRST STRONG ISOLATE)"]),  # three: all named
    ("A summit in Boston", 10, "A summit…", ["shortened to 10 characters"]),  # no space before the ellipsis
    ("\u2066\u2067\u2068\u2069x", 40, "x", ["invisible control characters removed (U+2066 LEFT-TO-RIGHT ISOLATE, "
                                           "U+2067 RIGHT-TO-LEFT ISOLATE, U+2068 FIRST STRONG ISOLATE, …)"]),
    ("family \U0001F468\u200d\U0001F469", 40, "family \U0001F468\u200d\U0001F469", []),  # a joiner stays
    ("\ufeffTitle", 40, "Title", ["invisible control characters removed (U+FEFF ZERO WIDTH NO-BREAK SPACE)"]),
    ("ab    ", 2, "ab", []),  # spaces at the end are not counted
    ("abc", 1, "…", ["shortened to 1 characters"]),
])
def test_plain_text_from_an_untrusted_field(text, limit, cleaned, notes):
    assert clean_text(text, limit) == (cleaned, notes)


@pytest.mark.parametrize(("tag", "key"), [
    ("Design Summit", "design-summit"), ("design-summit", "design-summit"), ("design_summit", "design-summit"),
    ("  Nova!! ", "nova"), ("ＮＯＶＡ", "nova"), ("Straße", "strasse"), ("a__b", "a-b"), ("C++", "c"),
    ("Ünïcode Tàg", "ünïcode-tàg"), ("---", ""),
])
def test_the_key_that_makes_two_tags_one(tag, key):
    assert tag_key(tag) == key


@pytest.mark.parametrize(("tag", "key"), [
    ("Summits", "summit"), ("libraries", "library"), ("flies", "fly"), ("class", "class"), ("status", "status"),
    ("analysis", "analysis"), ("gas", "gas"), ("ties", "tie"), ("lies", "lie"), ("bodies", "body"),
    ("Design Summits", "design-summit"), ("ss", "ss"), ("s", "s"),
])
def test_a_plural_is_the_same_tag(tag, key):
    assert singular_key(tag) == key


# -- file names and locations (core/paths.py) -------------------------------------------------------

from pathlib import Path, PurePosixPath  # noqa: E402

from sphinx_newsletter.core.paths import (  # noqa: E402
    asset_problem,
    image_types_of,
    include_refusal,
    is_safe_name,
    joined_target,
    literal_problem,
    safe_path,
    windows_reserved,
)


@pytest.mark.parametrize(("name", "safe"), [
    ("report.md", True), ("boston-2011_v2.png", True), ("Ünïcode.md", True), ("a", True), ("1.txt", True),
    (".hidden", False), ("-rf", False), ("a..b", False), ("..", False), ("a b.md", False), ("a/b", False),
    ("a\\b", False), ("", False), ("e\u0301.md", False),  # not NFC: 'é' spelt as e and a combining accent
    ("\u00e9.md", True), ("a$b", False), ("a:b", False), ("x.", True),
])
def test_a_file_name_the_site_takes(name, safe):
    assert is_safe_name(name) is safe


@pytest.mark.parametrize(("name", "reserved"), [
    ("con.md", True), ("CON", True), ("aux.yaml", True), ("nul.tar.gz", True), ("com1.txt", True), ("lpt9", True),
    ("com¹.md", True), ("con .md", True), ("con..md", True), ("console.md", False), ("com10.md", False),
    ("CONX.md", False), ("con\t.md", False),  # only spaces are ignored before the dot
    ("icon.md", False), ("report.md", False), ("prn-notes.md", False),
])
def test_a_name_windows_reserves(name, reserved):
    assert windows_reserved(name) is reserved


@pytest.mark.parametrize(("path", "safe"), [
    ("reports/essex/boston.md", True), ("reports/.git/x", False), ("reports//x.md", False),
    ("reports/../x.md", False), ("x.md", True),
])
def test_a_path_whose_every_part_is_safe(path, safe):
    assert safe_path(path) is safe


@pytest.mark.parametrize(("target", "joined"), [
    ("picture.png", "reports/essex/picture.png"), ("/assets/p.png", "assets/p.png"), ("//p.png", "p.png"),
    ("../p.png", "reports/essex/../p.png"), ("/Xfile.png", "Xfile.png"),
])
def test_a_file_named_from_a_report(target, joined):
    assert joined_target(target, PurePosixPath("reports/essex")) == joined


def test_image_types_are_images_and_what_a_site_added():
    assert image_types_of((".png", ".pdf", ".svg", ".zip", ".jpeg", ".heic")) == (".png", ".svg", ".jpeg", ".heic")


@pytest.fixture
def tree(tmp_path) -> Path:
    """A site: a report folder with a picture, a part, a link, a folder named like a picture; shared assets."""
    (tmp_path / "reports/essex/sub").mkdir(parents=True)
    (tmp_path / "assets").mkdir()
    for name in ("reports/essex/p.png", "reports/essex/sub/q.png", "reports/essex/notes.txt", "reports/essex/page.svg",
                 "assets/shared.png", "reports/essex/part.inc", "reports/essex/other.md", "secret.png"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "reports/essex/folder.png").mkdir()
    (tmp_path / "reports/essex/link.png").symlink_to(tmp_path / "secret.png")
    return tmp_path


TYPES = (".png", ".pdf", ".txt")
DOC = PurePosixPath("reports/essex")


@pytest.mark.parametrize(("target", "problem"), [
    ("p.png", None), ("sub/q.png", None), ("./p.png", None), ("sub/../p.png", None), ("missing.png", None),
    ("/reports/essex/p.png", None), ("sub//q.png", None),
    ("../../secret.png", "files must sit in reports/essex/: put the file next to the report"),
    ("../../../etc/passwd.png", "it is outside the source folder"),
    ("/assets/shared.png", "files must sit in reports/essex/: put the file next to the report, or allow the site's "
                           "folder with newsletter_asset_dirs = [\"assets\"] in conf.py"),
    ("/secret.png", "files must sit in reports/essex/: put the file next to the report"),
    ("*.png", "name the file itself, without wildcards"), ("p?.png", "name the file itself, without wildcards"),
    ("page.svg", "SVG, HTML and script files run scripts on the site's own address: export it as PNG or PDF"),
    ("notes.md", "only these types are copied: .png, .pdf, .txt"),
    ("P.PNG", None),  # a type in any case (missing: Sphinx says so)
    (".p.png", "hidden files and names with other signs than letters, digits, '-', '_' and '.' are not copied"),
    ("link.png", "symbolic links are not followed: put the file itself in the repository"),
    ("folder.png", "it is not a regular file"),
])
def test_whether_a_report_may_copy_a_file(tree, target, problem):
    assert asset_problem(target, DOC, tree, (), TYPES) == problem


def test_an_allowed_folder_and_text_shown_as_text(tree):
    assert asset_problem("/assets/shared.png", DOC, tree, ("assets",), TYPES) is None
    assert asset_problem("/assets/shared.png", DOC, tree, ("/assets/",), TYPES) is None
    assert asset_problem("/Xtra/p.png", DOC, tree, ("Xtra",), TYPES) is None  # missing: Sphinx says so
    assert asset_problem("page.svg", DOC, tree, (), (".svg",), shown_as_text=True) is None
    where = asset_problem("/secret.png", DOC, tree, ("assets",), TYPES)
    assert where == "files must sit in reports/essex/ or assets/: put the file next to the report"


@pytest.mark.parametrize(("target", "literal", "including", "problem"), [
    ("part.inc", False, 1, None),
    ("part.inc", False, 3, None),  # parts nest three deep
    ("part.inc", False, 4, "parts nest at most 3 deep"),
    ("other.md", False, 1, "a .md file beside a report is a report of its own: name the part .txt or .inc"),
    ("../../CHANGELOG.md", False, 1, "files must sit in reports/essex/: put the file next to the report"),
    ("../other.md", False, 1, "files must sit in reports/essex/: put the file next to the report"),
    ("notes.txt", False, 1, None),
    ("p.png", False, 1, "only these types are copied: .txt, .inc, .myst, .markdown, .txt, .text, .log, .md, .rst, "
                        ".py, …"),  # the list goes on: its start
    ("page.svg", True, 1, None),  # shown as text, never served
    ("page.svg", False, 1, "only MyST parts named .txt, .inc, .myst, .markdown are included (add :literal: to show "
                           "another text file as it is)"),
    ("p.png", True, 1, "only text files are shown: .txt, .text, .log, .md, .rst, .py, .pyi, .sh, .bash, .zsh, .ps1, "
                       ".bat, …"),
])
def test_what_include_may_insert(tree, target, literal, including, problem):
    report = str(tree / "reports/essex/report.md")
    outer = tuple([report] + [str(tree / f"reports/essex/outer{n}.inc") for n in range(including - 1)])
    path, found = include_refusal(target, literal, DOC, tree, (), outer)
    assert path == os.path.normpath(tree / "reports/essex" / target)
    if problem and problem.endswith(", …") and "only text files" not in problem:
        assert found is not None and found.startswith(problem.removesuffix("…"))
    else:
        assert found == problem


def test_a_part_or_a_text_reached_through_a_link_is_refused(tree):
    (tree / "reports/essex/linked.inc").symlink_to(tree / "secret.png")
    (tree / "reports/essex/linked.txt").symlink_to(tree / "secret.png")
    refused = "symbolic links are not followed: put the file itself in the repository"
    assert include_refusal("linked.inc", False, DOC, tree, (), ("r.md",))[1] == refused
    assert include_refusal("linked.txt", True, DOC, tree, (), ("r.md",))[1] == refused
    assert literal_problem("linked.txt", DOC, tree, ()) == refused
    assert include_refusal("missing.inc", False, DOC, tree, (), ("r.md",))[1] is None  # Sphinx says it is missing


def test_a_part_that_includes_itself_or_is_too_large(tree):
    part = str(tree / "reports/essex/part.inc")
    assert include_refusal("part.inc", False, DOC, tree, (), (part,))[1] == "the part includes itself"
    with open(part, "wb") as file:
        file.truncate(2 * 1024 * 1024)  # at the limit
    assert include_refusal("part.inc", False, DOC, tree, (), ("r.md",))[1] is None
    with open(part, "ab") as file:
        file.write(b"x")  # one byte over
    assert include_refusal("part.inc", False, DOC, tree, (), ("r.md",))[1] == "parts are at most 2 MB"


# -- reading and writing files without following links ------------------------------------------------


from sphinx_newsletter.core.paths import (  # noqa: E402
    UnsafeFile,
    first_link,
    is_generated_page,
    link_on_the_way,
    page_name,
    read_regular_file,
    write_regular_file,
)


@pytest.fixture
def links(tmp_path) -> Path:
    """A folder with a real folder, a linked folder, a link to a file and a link that points nowhere."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real/file.txt").write_text("text")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real/alias.txt").symlink_to(tmp_path / "real/file.txt")
    (tmp_path / "real/dangling.txt").symlink_to(tmp_path / "nowhere")
    return tmp_path


@pytest.mark.parametrize(("relative", "link"), [
    ("real/file.txt", None), ("real/new/deeper.txt", None), ("linked/file.txt", "linked"),
    ("real/alias.txt", "real/alias.txt"), ("real/dangling.txt", "real/dangling.txt"), ("linked", "linked"),
])
def test_the_first_link_on_the_way(links, relative, link):
    found = first_link(links / relative, links)
    assert found == (str(links / link) if link else None)
    assert link_on_the_way(links / relative, links) is (link is not None)


def test_a_write_goes_only_to_a_regular_file_inside_the_root(links):
    write_regular_file(links / "real/new/deeper/page.txt", links, "é")
    assert (links / "real/new/deeper/page.txt").read_bytes() == "é".encode()
    write_regular_file(links / "real/new/deeper/page.txt", links, b"replaced")
    assert (links / "real/new/deeper/page.txt").read_bytes() == b"replaced"
    (links / "real/page.txt").write_text("a long text that is replaced whole")
    write_regular_file(links / "real/page.txt", links, "short")
    assert (links / "real/page.txt").read_text() == "short"
    with pytest.raises(UnsafeFile, match=r"^real/page.txt is not written: it exists already$"):
        write_regular_file(links / "real/page.txt", links, "x", exclusive=True)
    write_regular_file(links / "real/fresh.txt", links, "x", exclusive=True)
    assert (links / "real/fresh.txt").read_text() == "x"
    with pytest.raises(UnsafeFile, match=r"^linked/x.txt is not written: linked is a symbolic link; remove it "
                                         r"\(the newsletter's tools never write through a link\)$"):
        write_regular_file(links / "linked/x.txt", links, "x")
    with pytest.raises(UnsafeFile, match=r"^real/dangling.txt is not written: real/dangling.txt is a symbolic link"):
        write_regular_file(links / "real/dangling.txt", links, "x")
    assert not (links / "nowhere").exists()
    with pytest.raises(UnsafeFile, match=r"is not written: it is outside"):
        write_regular_file(links.parent / "outside.txt", links, "x")
    with pytest.raises(UnsafeFile, match=r"is not written: it is outside"):
        write_regular_file(links, links, "x")
    with pytest.raises(UnsafeFile, match=r"^real/file.txt/x.txt is not written: real/file.txt is not a folder; "
                                         r"remove it$"):
        write_regular_file(links / "real/file.txt/x.txt", links, "x")
    os.mkfifo(links / "real/pipe")
    with pytest.raises(UnsafeFile, match=r"^real/pipe is not written: No such device or address$"):
        write_regular_file(links / "real/pipe", links, "x")  # nobody reads it: never blocks
    reader = os.open(links / "real/pipe", os.O_RDONLY | os.O_NONBLOCK)
    try:
        with pytest.raises(UnsafeFile, match=r"^real/pipe is not written: it is not a regular file; remove it$"):
            write_regular_file(links / "real/pipe", links, "x")  # somebody reads it: opened, then refused
    finally:
        os.close(reader)
    (links / "real/folder").mkdir()
    with pytest.raises(UnsafeFile, match=r"^real/folder is not written: Is a directory$"):
        write_regular_file(links / "real/folder", links, "x")


def test_a_read_takes_only_a_regular_file_within_its_size(links):
    assert read_regular_file(links / "real/file.txt", links, 4) == b"text"  # at the limit
    with pytest.raises(UnsafeFile, match=r"^over 0 KiB: split it up or archive older entries$"):
        read_regular_file(links / "real/file.txt", links, 3)  # one byte over
    (links / "real/big.txt").write_bytes(b"x" * (2 << 20))
    assert len(read_regular_file(links / "real/big.txt", links, 2 << 20)) == 2 << 20
    with pytest.raises(UnsafeFile, match=r"^over 1 MiB: split it up"):
        read_regular_file(links / "real/big.txt", links, 1 << 20)
    with pytest.raises(UnsafeFile, match=r"^over 2 KiB: split it up"):
        read_regular_file(links / "real/big.txt", links, 2048)
    for linked in ("real/alias.txt", "linked/file.txt"):
        with pytest.raises(UnsafeFile, match=r"^a symbolic link is not followed: put the file itself in the repository$"):
            read_regular_file(links / linked, links, 100)
    os.mkfifo(links / "real/pipe")
    with pytest.raises(UnsafeFile, match=r"^not a regular file \(a pipe, socket or device\): remove it$"):
        read_regular_file(links / "real/pipe", links, 100)  # never blocks
    with pytest.raises(FileNotFoundError):
        read_regular_file(links / "real/missing.txt", links, 100)


@pytest.mark.parametrize(("first_line", "generated"), [
    (".. Generated by sphinx_newsletter from conf.py; edit newsletter_cycles there, not this file.\n", True),
    (".. Generated by sphinx_newsletter\n", True), ("Generated by sphinx_newsletter\n", False),
    (" .. Generated by sphinx_newsletter\n", False), ("My own tags page\n", False), ("", False),
])
def test_a_page_the_extension_wrote(tmp_path, first_line, generated):
    page = tmp_path / "tags.rst"
    page.write_text(first_line + "Tags\n====\n")
    assert is_generated_page(page) is generated
    assert is_generated_page(str(page)) is generated


def test_a_link_or_a_folder_is_not_a_generated_page(tmp_path):
    page = tmp_path / "page.rst"
    page.write_text(".. Generated by sphinx_newsletter\n")
    (tmp_path / "alias.rst").symlink_to(page)
    (tmp_path / "folder.rst").mkdir()
    (tmp_path / "latin1.rst").write_bytes(b".. Generated by sphinx_newsletter \xe9\n")
    assert not is_generated_page(tmp_path / "alias.rst") and not is_generated_page(tmp_path / "folder.rst")
    assert not is_generated_page(tmp_path / "missing.rst") and is_generated_page(tmp_path / "latin1.rst")


def test_a_link_put_there_after_the_check_is_still_not_followed(links, monkeypatch):
    """The open itself refuses a link (O_NOFOLLOW): a link made between the check and the open (a race)
    is not written through or read."""
    from sphinx_newsletter.core import paths

    monkeypatch.setattr(paths, "first_link", lambda path, root: None)  # the check saw no link: the race
    with pytest.raises(UnsafeFile, match=r"^real/alias.txt is not written: Too many levels of symbolic links$"):
        write_regular_file(links / "real/alias.txt", links, "through the link")
    assert (links / "real/file.txt").read_text() == "text"
    monkeypatch.setattr(paths, "link_on_the_way", lambda path, root: False)
    with pytest.raises(OSError, match="Too many levels of symbolic links"):
        read_regular_file(links / "real/alias.txt", links, 100)


def test_a_written_file_is_readable_by_all_and_writable_by_its_owner(links):
    previous = os.umask(0o022)
    try:
        write_regular_file(links / "real/mode.txt", links, "x")
    finally:
        os.umask(previous)
    assert (links / "real/mode.txt").stat().st_mode & 0o777 == 0o644


def test_a_file_that_grows_after_the_check_is_read_to_its_checked_size(links, monkeypatch):
    (links / "real/growing.txt").write_bytes(b"0123456789")
    real_fstat = os.fstat

    def checked_when_shorter(descriptor):
        found = real_fstat(descriptor)
        return os.stat_result((*found[:6], 4, *found[7:]))  # st_size: 4, as when the check ran

    monkeypatch.setattr(os, "fstat", checked_when_shorter)
    assert read_regular_file(links / "real/growing.txt", links, 100) == b"0123"


# -- front matter: its bounds on both sides, its errors (core/frontmatter.py) -----------------------------

from sphinx_newsletter.core.frontmatter import (  # noqa: E402
    blank_front_matter,
    read_front_matter,
    yaml_limit_error,
)


def matter(yaml_text: str) -> str:
    return f"---\n{yaml_text}\n---\n\nBody.\n"


def sized(total: int) -> str:
    """A front matter block of exactly ``total`` bytes of YAML."""
    head = "title: "
    return head + "a" * (total - len(head))


OVER = (2, 0, "over 64 KiB: split it up or shorten it", True)


@pytest.mark.parametrize(("yaml_text", "error"), [
    (sized(65536), None),  # 64 KiB: kept
    (sized(65537), OVER),  # one byte over
    ("title: " + "é" * 32764, None),  # 65,535 bytes in 32,771 characters
    ("title: " + "é" * 32765, OVER),  # 65,537 bytes: bytes are counted, not characters
])
def test_front_matter_size(yaml_text, error):
    found = read_front_matter(matter(yaml_text)).error
    assert (None if found is None else (found.line, found.column, found.message, found.limit)) == error


@pytest.mark.parametrize(("levels", "refused"), [(15, False), (16, True)])
def test_front_matter_depth(levels, refused):
    """The mapping is one level: 15 lists inside it make 16, kept; 16 make 17, refused."""
    found = read_front_matter(matter("tags: " + "[" * levels + "x" + "]" * levels)).error
    if refused:
        assert (found.line, found.column, found.message, found.limit) == (
            2, 6 + 15, "nested more than 16 levels deep: flatten it", True)
    else:
        assert found is None


@pytest.mark.parametrize(("values", "refused"), [(1997, False), (1998, True)])
def test_front_matter_values(values, refused):
    """The mapping, its key and the list are three values: 1,997 items make 2,000, kept; one more refused."""
    found = read_front_matter(matter("tags: [" + ",".join("1" * values) + "]")).error
    if refused:
        assert (found.line, found.message, found.limit) == (2, "more than 2,000 values: split it up", True)
    else:
        assert found is None


@pytest.mark.parametrize("yaml_text", ["a: &x 1\nb: *x", "a: &x [1]", "a: !!str &x 1"])
def test_front_matter_anchors_are_refused(yaml_text):
    found = read_front_matter(matter(yaml_text)).error
    assert found is not None and found.limit and found.line == 2
    assert found.message == "YAML anchors and aliases (&name, *name) are not allowed: write the value out"


def test_anchors_allowed_for_another_blogs_front_matter():
    limits = (1000, 5, 100)
    assert yaml_limit_error("a: &x 1\nb: *x\n" + "c: 1\n" * 5, limits, aliases=True) is None
    refused = yaml_limit_error("a: &x 1\nb: *x\n" + "c: 1\n" * 5, limits)
    assert refused is not None and (refused.line, refused.column) == (1, 3)
    assert yaml_limit_error("a: [1, 2, 3]\n" * 40, limits, first_line=10).line == 29  # the 101st value: 1 + 5 × 20
    assert yaml_limit_error("a: [1, [2, [3, [4, [5]]]]]", limits, first_line=3).column == 19  # the 6th level
    assert yaml_limit_error("a: [1, [2, [3, [4]]]]", limits) is None  # five levels
    assert yaml_limit_error("a: {b: c", limits) is None  # a syntax error: the parser says where


@pytest.mark.parametrize(("text", "present", "block", "error"), [
    ("No front matter.\n", False, 0, None),
    ("", False, 0, None),
    ("---\ntitle: x\n", True, 0, (1, 0, "front matter is not closed: add a line '---' after the last field")),
    ("---\ntitle: x\n...\nBody\n", True, 3, None),
    ("---  \ntitle: x\n---   \n", True, 3, None),
    ("\ufeff---\ntitle: x\n---\n", True, 3, None),
    ("---\n- a\n- b\n---\n", True, 4, (2, 0, "front matter must be 'key: value' lines, not a list")),
    ("---\n\n---\n", True, 3, None),
    ("---\ncount: " + "9" * 5000 + "\n---\n", True, 3, (2, 0, "a value cannot be read: quote it, or shorten it")),
    ("---\ntitle: a: b\n---\n", True, 3, (2, 8, None)),  # a colon in a value: YAML's own message, with advice
])
def test_a_front_matter_block(text, present, block, error):
    found = read_front_matter(text)
    assert (found.present, found.block_lines) == (present, block)
    if error is None:
        assert found.error is None
    else:
        assert (found.error.line, found.error.column) == error[:2]
        assert error[2] is None or found.error.message == error[2]


def test_each_key_has_its_line():
    found = read_front_matter("---\ntitle: x\n\nauthor: y\ntags:\n  - a\ndate: 2012-01-01\n---\n")
    assert found.lines == {"title": 2, "author": 4, "tags": 5, "date": 7}
    assert found.line_of("tags") == 5 and found.line_of("missing") == 1
    assert found.data["tags"] == ["a"] and str(found.data["date"]) == "2012-01-01"


@pytest.mark.parametrize(("title", "first"), [
    (None, ""), ("A *bold* [link](x) #1", "# A \\*bold\\* \\[link\\]\\(x\\) \\#1"), ("  Two\n words ", "# Two words"),
])
def test_the_block_becomes_blank_lines_that_keep_line_numbers(title, first):
    text = "\ufeff---\ntitle: x\nmyst:\n  html_meta: y\n---\nBody on line 6.\n"
    blanked = blank_front_matter(text, read_front_matter(text), title)
    assert blanked.split("\n") == [first, "", "", "", "", "Body on line 6.", ""]
    assert blank_front_matter("Body.\n", read_front_matter("Body.\n"), "T") == "Body.\n"


# The mistakes people make most in YAML, each with its advice (checked by reading each one).
YAML_MISTAKES = [
    ('title: Back: from Boston', 2, 11,
     "YAML syntax error: mapping values are not allowed in this context; a value with ': ' in it "
     'needs quotes: title: "Back: from Boston"'),
    ('title: "Back" from Boston', 2, 14,
     'YAML syntax error: while parsing a block mapping did not find expected key; a value that '
     'starts with a quote must end with it; quote the whole value: title: \'"Back" from Boston\''),
    ("title: 'Back' from Boston", 2, 14,
     'YAML syntax error: while parsing a block mapping did not find expected key; a value that '
     'starts with a quote must end with it; quote the whole value: title: "\'Back\' from Boston"'),
    ('title: Say "hi": now', 2, 15,
     "YAML syntax error: mapping values are not allowed in this context; a value with ': ' in it "
     'needs quotes: title: \'Say "hi": now\''),
    ('title: It\'s "x": y', 2, 15,
     "YAML syntax error: mapping values are not allowed in this context; a value with ': ' in it "
     'needs quotes: title: \'It\'\'s "x": y\''),
    ('title: C:\\path: x', 2, 14,
     "YAML syntax error: mapping values are not allowed in this context; a value with ': ' in it "
     "needs quotes: title: 'C:\\path: x'"),
    ('\ttitle: x', 2, 0,
     'YAML syntax error: while scanning for the next token found character that cannot start any '
     'token; YAML separates and indents with spaces, not tabs: replace the tab with a space'),
    ('title: x\n\tauthor: y', 3, 0,
     'YAML syntax error: while scanning a plain scalar (from line 2) found a tab character that '
     'violates indentation; YAML separates and indents with spaces, not tabs: replace the tab with a '
     'space'),
    ('title: @home', 2, 7,
     'YAML syntax error: while scanning for the next token found character that cannot start any '
     'token; a value that starts with @ needs quotes: title: "@home"'),
    ('title: `code`', 2, 7,
     'YAML syntax error: while scanning for the next token found character that cannot start any '
     'token; a value that starts with ` needs quotes: title: "`code`"'),
    ('title: %x', 2, 7,
     'YAML syntax error: while scanning for the next token found character that cannot start any '
     'token; a value that starts with % needs quotes: title: "%x"'),
    ('title: "Back from Boston\nauthor: x', 2, 7,
     'YAML syntax error: while scanning a quoted scalar found unexpected end of stream; the quote '
     'opened in \'title: "Back from Boston\' is not closed: end the value with it'),
    ('tags: [a, b\nauthor: x', 2, 6,
     "YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; the list "
     "opened with [ in 'tags: [a, b' needs a closing ]"),
    ('tags:\n  - title: a: b', 3, 12,
     "YAML syntax error: mapping values are not allowed in this context; a value with ': ' in it "
     'needs quotes:   - title: "a: b"'),
    ("title: 'It''s' fine: x", 2, 15,
     'YAML syntax error: while parsing a block mapping did not find expected key; a value that '
     'starts with a quote must end with it; quote the whole value: title: "\'It\'\'s\' fine: x"'),
    ('title: x\nauthor: {a: b', 4, 0,
     "YAML syntax error: while parsing a flow mapping (from line 3) did not find expected ',' or '}'"),
    ('title: [a, b]: c', 2, 13,
     "YAML syntax error: mapping values are not allowed in this context; a value with ': ' in it "
     'needs quotes: title: "[a, b]: c"'),
    ('title: "Back" from "Boston"', 2, 14,
     'YAML syntax error: while parsing a block mapping did not find expected key; a value that '
     'starts with a quote must end with it; quote the whole value: title: \'Back" from "Boston\''),
    ("title: 'Back' from 'Boston'", 2, 14,
     'YAML syntax error: while parsing a block mapping did not find expected key; a value that '
     'starts with a quote must end with it; quote the whole value: title: "Back\' from \'Boston"'),
    ('title: "a', 2, 7,
     'YAML syntax error: while scanning a quoted scalar found unexpected end of stream; the quote '
     'opened in \'title: "a\' is not closed: end the value with it'),
    ('title: x\ntags: [a,\n  b\nauthor: y', 3, 6,
     "YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; the list "
     "opened with [ in 'tags: [a,' needs a closing ]"),
    ('- a: b: c', 2, 6,
     "YAML syntax error: mapping values are not allowed in this context; a value with ': ' in it "
     'needs quotes: - a: "b: c"'),
]


@pytest.mark.parametrize(("yaml_text", "line", "column", "message"), YAML_MISTAKES)
def test_a_yaml_mistake_says_how_to_fix_it(yaml_text, line, column, message):
    found = read_front_matter(matter(yaml_text)).error
    assert (found.line, found.column, found.message, found.limit) == (line, column, message, False)


@pytest.mark.parametrize(("yaml_text", "line", "column", "message", "limit"), [
    ("title: a\x07b", 2, 0, 'YAML error: unacceptable character #x0007: control characters are not allowed\n'
                            '  in "<unicode string>", position 8', False),
    ("a: *x", 2, 3, "YAML anchors and aliases (&name, *name) are not allowed: write the value out", True),
    ("@home", 2, 0, "YAML syntax error: while scanning for the next token found character that cannot start any "
                    "token", False),  # no key: no advice to quote a value
    ("tags:\n  " + "- " * 16 + "x", 3, 32, "nested more than 16 levels deep: flatten it", True),  # block lists
    ("a: " + "{b: " * 16 + "c" + "}" * 16, 2, 63, "nested more than 16 levels deep: flatten it", True),
    ("\n".join(" " * i + f"k{i}:" for i in range(17)) + " x", 18, 16, "nested more than 16 levels deep: flatten it",
     True),  # nested by indentation alone
    ("a: [[x], " + "[" * 15 + "y" + "]" * 15 + "]", 2, 23, "nested more than 16 levels deep: flatten it", True),
    ("count: " + "9" * 5000, 2, 0, "a value cannot be read: quote it, or shorten it", True),
    ("tags: [" + ",".join("1" * 1998) + "]", 2, 0, "more than 2,000 values: split it up", True),
])
def test_what_front_matter_refuses_and_where(yaml_text, line, column, message, limit):
    found = read_front_matter(matter(yaml_text)).error
    assert (found.line, found.column, found.message, found.limit) == (line, column, message, limit)


@pytest.mark.parametrize(("text", "present", "block"), [
    ("X---\ntitle: x\n---\n", False, 0), ("---\n---\nBody.\n", True, 2), ("\ufeff\ufeff---\n---\n", True, 2),
])
def test_where_a_front_matter_block_starts_and_ends(text, present, block):
    found = read_front_matter(text)
    assert (found.present, found.block_lines, found.error) == (present, block, None)


@pytest.mark.parametrize(("value", "quoted"), [
    ("plain", '"plain"'), ('"', "'\"'"), ("'", '"\'"'), ('""', '""'), ("''", '""'), ('"a"', '"a"'), ("'a'", '"a"'),
    ('"ab', "'\"ab'"), ("XaX", '"XaX"'), ('Say "hi"', "'Say \"hi\"'"), ("C:\\x", "'C:\\x'"),
    ("It's \"x\"", "'It''s \"x\"'"), ('"Say "hi""', "'Say \"hi\"'"),
])
def test_a_value_in_the_quotes_it_does_not_hold(value, quoted):
    from sphinx_newsletter.core.frontmatter import _quoted

    assert _quoted(value) == quoted


def test_what_the_yaml_left_open():
    import yaml

    from sphinx_newsletter.core.frontmatter import _left_open

    def error(context, problem):
        return yaml.MarkedYAMLError(context, None, problem, None)

    assert _left_open(error("while scanning a quoted scalar", "found unexpected end of stream")) == "quote"
    assert _left_open(error(None, "found unexpected end of stream")) == ""  # not in a quoted value
    assert _left_open(error("while scanning a quoted scalar", "found unknown escape character")) == ""
    assert _left_open(error("while parsing a flow sequence", "did not find expected ',' or ']'")) == "list"
    assert _left_open(error("while parsing a flow mapping", "did not find expected ',' or '}'")) == ""


def test_an_empty_block_takes_the_title_and_the_body_keeps_its_last_character():
    text = "---\n---\nBody ends with a byte-order mark\ufeff"
    assert blank_front_matter(text, read_front_matter(text), "T") == "# T\n\nBody ends with a byte-order mark\ufeff"


def test_the_newsletter_writes_no_yaml_aliases():
    import yaml

    from sphinx_newsletter.core.frontmatter import PlainDumper

    shared = {"author": "A"}
    written = yaml.dump({"first": shared, "second": shared}, Dumper=PlainDumper)
    assert "&" not in written and "*" not in written and written.count("author: A") == 2


# -- publication records (core/records.py) --------------------------------------------------------

import datetime as dt  # noqa: E402
import json  # noqa: E402

from sphinx_newsletter.core.records import Send, file_digest, read_record, record_path, recorded_dates  # noqa: E402

RECORD = {"cycle": "essex", "published": "2012-04-12", "reports": {"reports/essex/a.md": "ab" * 32},
          "corrections": {"reports/essex/a.md": "2"}, "note": "cd" * 32,
          "sent": [{"sent": "2012-04-13T08:00:00+00:00", "to": "list@example.org", "message_id": "<1@example.org>"},
                   {"sent": "2012-04-14T09:30:00+00:00", "to": "list@example.org", "message_id": "<2@example.org>",
                    "reason": "the first went to the wrong list"}]}


def write_record(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_a_record_read_whole(tmp_path):
    write_record(tmp_path, "essex", RECORD)
    record = read_record(tmp_path, "essex")
    assert (record.cycle, record.published, record.reports) == ("essex", dt.date(2012, 4, 12),
                                                                {"reports/essex/a.md": "ab" * 32})
    assert record.corrections == {"reports/essex/a.md": 2} and record.note == "cd" * 32
    assert record.sends == (
        Send(dt.datetime(2012, 4, 13, 8, 0, tzinfo=dt.timezone.utc), "list@example.org", "<1@example.org>", None),
        Send(dt.datetime(2012, 4, 14, 9, 30, tzinfo=dt.timezone.utc), "list@example.org", "<2@example.org>",
             "the first went to the wrong list"))
    assert [send.as_json() for send in record.sends] == RECORD["sent"]
    assert record_path(tmp_path, "essex") == tmp_path / "essex.json"


def test_a_record_without_the_optional_parts(tmp_path):
    write_record(tmp_path, "essex", {"cycle": "essex", "published": "2012-04-12", "reports": {}, "note": ""})
    record = read_record(tmp_path, "essex")
    assert (record.corrections, record.note, record.sends) == ({}, None, ())


@pytest.mark.parametrize("broken", [
    "not json", "[]", json.dumps({**RECORD, "published": "2012-13-01"}), json.dumps({**RECORD, "corrections": [1]}),
    json.dumps({k: v for k, v in RECORD.items() if k != "cycle"}), json.dumps({**RECORD, "sent": [{"to": "x"}]}),
    json.dumps({**RECORD, "corrections": {"a": "two"}}), "[" * 100_000 + "]" * 100_000, b"\xff\xfe".decode("latin-1"),
])
def test_a_file_that_is_not_a_record_is_none(tmp_path, broken):
    write_record(tmp_path, "essex", broken)
    assert read_record(tmp_path, "essex") is None


def test_a_record_is_read_within_its_size_and_never_through_a_link(tmp_path):
    text = json.dumps(RECORD)
    write_record(tmp_path, "essex", text + " " * (4 * 1024 * 1024 - len(text)))  # 4 MiB: read
    assert read_record(tmp_path, "essex") is not None
    write_record(tmp_path, "essex", text + " " * (4 * 1024 * 1024 - len(text) + 1))  # one byte over
    assert read_record(tmp_path, "essex") is None
    write_record(tmp_path / "elsewhere", "real", RECORD)
    (tmp_path / "linked.json").symlink_to(tmp_path / "elsewhere/real.json")
    assert read_record(tmp_path, "linked") is None and read_record(tmp_path, "missing") is None


def test_a_record_lists_at_most_a_thousand_sends(tmp_path):
    send = RECORD["sent"][0]
    write_record(tmp_path, "essex", {**RECORD, "sent": [send] * 1001})
    assert len(read_record(tmp_path, "essex").sends) == 1000


def test_recorded_dates_take_each_record_under_its_own_name(tmp_path):
    assert recorded_dates(tmp_path / "missing") == {}
    write_record(tmp_path, "essex", RECORD)
    write_record(tmp_path, "folsom", {**RECORD, "cycle": "essex", "published": "2013-01-01"})  # not Folsom's
    write_record(tmp_path, "diablo", "broken")
    (tmp_path / "notes.txt").write_text("not a record")
    assert recorded_dates(tmp_path) == {"essex": dt.date(2012, 4, 12)}


def test_a_digest_is_sha256_in_hex():
    assert file_digest(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize(("path", "name"), [
    ("../essex/summit.md", "../essex/summit"), ("/reports/essex/summit.rst", "/reports/essex/summit"),
    ("summit.MD", None), ("notes.txt", None), (".md", ""), ("a.md.rst", "a.md"), ("", None),
])
def test_the_page_a_source_path_names(path, name):
    assert page_name(path, (".rst", ".md")) == name

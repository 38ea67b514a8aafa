"""``newsletter send``: a published edition's issue posted to its list over SMTP, against a real SMTP
server started by the tests (aiosmtpd), with the bytes delivered parsed; the refusals; the send
recorded, a second send refused."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from conftest import SMTP_VARIABLES, Mailbox, copy_sample_site, free_port, run

aiosmtpd = pytest.importorskip("aiosmtpd", reason="aiosmtpd is a test dependency (make test installs it)")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402


@pytest.fixture
def smtp(mail_server):
    return mail_server


@pytest.fixture(scope="module")
def published_site(tmp_path_factory) -> Path:
    """The sample site with the Essex edition's mail-ready issue made (``newsletter publish essex``)."""
    site = copy_sample_site(tmp_path_factory.mktemp("send") / "site")
    result = run("publish", "essex", cwd=site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def site(published_site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(published_site, copy, symlinks=True)
    return copy


def record(site: Path) -> dict:
    return json.loads((site / "published/essex.json").read_text(encoding="utf-8"))


def test_the_issue_reaches_the_list_whole_and_the_send_is_recorded(site, smtp):
    issue = BytesParser(policy=policy.default).parsebytes((site / "_build/publish/essex/issue.eml").read_bytes())
    result = run("send", "essex", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "Sent 'OpenStack Community Newsletter: the Essex edition'" in result.stdout
    assert "Commit published/essex.json" in result.stdout
    (sender, recipients, data), = smtp.received
    assert sender == "newsletter@openstack.example" and recipients == ["community@lists.openstack.example"]
    delivered = smtp.message()
    for header in ("Subject", "From", "To", "List-Id", "List-Unsubscribe", "Message-ID"):
        assert delivered[header] == issue[header], header
    assert delivered["Date"] != issue["Date"]  # sent today, not dated the day of publication
    assert "List-Unsubscribe-Post" not in delivered  # a mailto: address: no one-click POST
    assert [part.get_content_type() for part in delivered.iter_parts()] == ["text/plain", "text/html"]
    text, html = (part.get_content() for part in delivered.iter_parts())
    for title in ("Back from the design summit in Boston", "A weekend in the FOSDEM cloud devroom",
                  "Fifty people, one room and too much pizza in London"):
        assert title in text and title in html
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends, as SMTP wants
    sends = record(site)["sent"]
    assert [(send["to"], send["message_id"]) for send in sends] == [("community@lists.openstack.example",
                                                                    issue["Message-ID"])]
    assert sends[0]["sent"].endswith("+00:00") and "reason" not in sends[0]
    assert set(record(site)) == {"cycle", "published", "reports", "sent"}  # the rest of the record as it was


def test_a_second_send_is_refused_and_again_with_a_reason_is_recorded(site, smtp):
    assert run("send", "essex", cwd=site).returncode == 0
    second = run("send", "essex", cwd=site)
    assert second.returncode == 1 and len(smtp.received) == 1
    assert "the Essex edition's issue was sent to community@lists.openstack.example on" in second.stderr
    assert 'give --again "why" to send it once more on purpose' in second.stderr
    empty = run("send", "essex", "--again", " ", cwd=site)
    assert empty.returncode == 2 and "--again needs the reason" in empty.stderr and len(smtp.received) == 1
    again = run("send", "essex", "--again", "the list was down", cwd=site)
    assert again.returncode == 0, again.stderr
    assert len(smtp.received) == 2 and smtp.message(0)["Message-ID"] == smtp.message(1)["Message-ID"]
    assert [send.get("reason") for send in record(site)["sent"]] == [None, "the list was down"]


def test_again_before_a_first_send_is_refused_and_sends_nothing(site, smtp):
    """--again says why an issue goes out once more: before any send, the editor has named another edition than
    the one sent, or has not sent this one yet; either way nothing goes out and the record stays as it was."""
    result = run("send", "essex", "--again", "the list was down", cwd=site)
    assert result.returncode == 2 and smtp.received == []
    assert ("the Essex edition's issue has not been sent yet: send it without --again" in result.stderr)
    assert "sent" not in record(site)
    assert run("send", "essex", cwd=site).returncode == 0 and len(smtp.received) == 1

def test_a_test_copy_goes_to_the_address_given_and_is_not_recorded(site, smtp):
    result = run("send", "essex", "--to", "Editor <editor@example.org>", cwd=site)
    assert result.returncode == 0, result.stderr
    (_sender, recipients, _data), = smtp.received
    delivered = smtp.message()
    assert recipients == ["editor@example.org"] and delivered["To"] == "editor@example.org"
    assert delivered["Subject"] == "[Test] OpenStack Community Newsletter: the Essex edition"
    assert delivered["Message-ID"] != "<essex.2012-04-12@newsletter.openstack.example>"
    assert "sent" not in record(site)
    assert run("send", "essex", cwd=site).returncode == 0  # the real send still goes
    assert smtp.message()["Message-ID"] == "<essex.2012-04-12@newsletter.openstack.example>"


def test_a_dry_run_says_what_would_go_where_and_sends_nothing(site, smtp):
    result = run("send", "essex", "--dry-run", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Would send 'OpenStack Community Newsletter: the Essex edition' (")
    assert "to community@lists.openstack.example through 127.0.0.1:" in result.stdout
    assert smtp.received == [] and "sent" not in record(site)


def test_a_dry_run_needs_no_server(site, monkeypatch):
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    result = run("send", "essex", "--dry-run", cwd=site)
    assert result.returncode == 0 and "the server NEWSLETTER_SMTP_HOST names (not set here)" in result.stdout


def test_an_https_unsubscribe_address_adds_the_one_click_header(site, smtp):
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        '"mailto:community-unsubscribe@lists.openstack.example"', '"https://lists.openstack.example/unsubscribe"'))
    shutil.rmtree(site / "_build/publish")  # the issue is made first
    result = run("send", "essex", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "Making the Essex edition's mail-ready issue first" in result.stderr
    delivered = smtp.message()
    assert delivered["List-Unsubscribe"] == "<https://lists.openstack.example/unsubscribe>"
    assert delivered["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(("cycle", "setup", "message", "code"), [
    ("folsom", None, "the Folsom edition is not published: `newsletter publish folsom` first", 1),
    ("kilo", None, "no cycle named 'kilo'; cycles: diablo, essex, folsom", 2),
    ("essex", "newsletter_list_id", "the issue has no List-Id: header, which lists require and readers need to "
                                    "leave: set newsletter_list_id in conf.py", 1),
    ("essex", "newsletter_list_unsubscribe", "the issue has no List-Unsubscribe: header", 1),
    ("essex", "newsletter_email_to", "the issue has no To: header: set newsletter_email_to in conf.py (the list's "
                                     "address)", 1),
])
def test_refusals_name_what_to_do(site, smtp, cycle, setup, message, code):
    if setup:
        conf = site / "conf.py"
        conf.write_text("\n".join(line for line in conf.read_text(encoding="utf-8").splitlines()
                                  if not line.startswith(setup)) + "\n")
        assert run("publish", "essex", cwd=site).returncode == 0
    result = run("send", cycle, cwd=site)
    assert (result.returncode, smtp.received) == (code, [])
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "sent" not in record(site)


@pytest.mark.parametrize(("environment", "message"), [
    ({}, "no mail server: set NEWSLETTER_SMTP_HOST"),
    ({"NEWSLETTER_SMTP_HOST": "mail.example.org", "NEWSLETTER_SMTP_SECURITY": "ssl"},
     "NEWSLETTER_SMTP_SECURITY is 'ssl': use starttls (port 587, the default), tls (port 465) or none"),
    ({"NEWSLETTER_SMTP_HOST": "mail.example.org", "NEWSLETTER_SMTP_PORT": "smtp"},
     "NEWSLETTER_SMTP_PORT is 'smtp': give a port number"),
    ({"NEWSLETTER_SMTP_HOST": "mail.example.org", "NEWSLETTER_SMTP_PORT": "70000"}, "NEWSLETTER_SMTP_PORT is '70000'"),
    ({"NEWSLETTER_SMTP_HOST": "mail.example.org", "NEWSLETTER_SMTP_USER": "editor"},
     "set both NEWSLETTER_SMTP_USER and NEWSLETTER_SMTP_PASSWORD, or neither"),
    ({"NEWSLETTER_SMTP_HOST": "mail.example.org", "NEWSLETTER_SMTP_SECURITY": "none", "NEWSLETTER_SMTP_USER": "editor",
      "NEWSLETTER_SMTP_PASSWORD": "hunter2-password"}, "the password would cross the network to mail.example.org unencrypted"),
])
def test_the_server_comes_from_the_environment_only(site, monkeypatch, environment, message):
    """conf.py naming a server changes nothing: a pull request can change conf.py."""
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'NEWSLETTER_SMTP_HOST = "attacker.example"\n')
    result = run("send", "essex", cwd=site)
    assert result.returncode == 2 and message in result.stderr and "hunter2-password" not in result.stderr


def test_a_server_that_is_not_there_is_named_and_nothing_is_recorded(site, monkeypatch):
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEWSLETTER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("NEWSLETTER_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("NEWSLETTER_SMTP_SECURITY", "none")
    result = run("send", "essex", cwd=site)
    assert result.returncode == 1 and "nothing was sent" in result.stderr and "Traceback" not in result.stderr
    assert "sent" not in record(site)


class Accounts:
    def __init__(self, user: bytes, password: bytes) -> None:
        self.user, self.password = user, password

    def __call__(self, server, session, envelope, mechanism, auth_data):
        return AuthResult(success=isinstance(auth_data, LoginPassword) and auth_data.login == self.user
                          and auth_data.password == self.password, handled=False)  # a refusal answers 535


@pytest.fixture
def certificate(tmp_path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made with openssl (the client trusts it through
    SSL_CERT_FILE, as it would trust a public one)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl makes the test server's certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


@pytest.mark.parametrize(("password", "delivered"), [("right", True), ("wrong", False)])
def test_starttls_with_a_login(site, monkeypatch, certificate, password, delivered):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, authenticator=Accounts(b"editor", b"right"), auth_require_tls=True)
    controller.start()
    try:
        for name in SMTP_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        for name, value in {"HOST": "127.0.0.1", "PORT": str(controller.port), "USER": "editor",
                            "PASSWORD": password}.items():
            monkeypatch.setenv(f"NEWSLETTER_SMTP_{name}", value)
        result = run("send", "essex", cwd=site)
    finally:
        controller.stop()
    assert (result.returncode == 0, len(mailbox.received)) == (delivered, int(delivered)), result.stderr
    if delivered:
        assert "(starttls, as editor)" in result.stdout and "sent" in record(site)
    else:
        assert "refused the user and password (535): check NEWSLETTER_SMTP_USER and NEWSLETTER_SMTP_PASSWORD" in (
            result.stderr)
        assert "wrong" not in result.stderr and "sent" not in record(site)


def test_publishing_again_keeps_the_sends(site, smtp):
    assert run("send", "essex", cwd=site).returncode == 0
    sends = record(site)["sent"]
    assert run("publish", "essex", cwd=site).returncode == 0
    assert record(site)["sent"] == sends


def test_a_certificate_the_machine_does_not_trust_stops_the_send(site, monkeypatch, certificate, tmp_path):
    """STARTTLS checks the server's certificate: a server that cannot prove its name gets nothing."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True)
    controller.start()
    try:
        for name in SMTP_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        (tmp_path / "empty.pem").write_text("")
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "empty.pem"))
        monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
        monkeypatch.setenv("NEWSLETTER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("NEWSLETTER_SMTP_PORT", str(controller.port))
        result = run("send", "essex", cwd=site)
    finally:
        controller.stop()
    assert result.returncode == 1 and mailbox.received == []
    assert "CERTIFICATE_VERIFY_FAILED" in result.stderr and "nothing was sent" in result.stderr
    assert "sent" not in record(site)


def test_the_workflow_skips_an_issue_already_sent(site, smtp):
    """The Publish workflow sends what a push published: an edition sent before is skipped, not refused;
    a correction (a mail of its own) would still go."""
    assert run("send", "essex", "--skip-sent", cwd=site).returncode == 0 and len(smtp.received) == 1
    skipped = run("send", "essex", "--skip-sent", cwd=site)
    assert skipped.returncode == 0 and "sent before: not sent again" in skipped.stderr and len(smtp.received) == 1
    report = site / "reports/essex/london-meetup.md"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "tags: [meetup, community, swift]\n", "tags: [meetup, community, swift]\ncorrections:\n"
        "  - date: 2012-04-20\n    note: Sixty people came.\n").replace("About fifty", "About sixty"))
    assert run("publish", "essex", "--date", "2012-04-20", cwd=site).returncode == 0
    assert run("send", "essex", "--skip-sent", cwd=site).returncode == 0 and len(smtp.received) == 2
    correction = smtp.message()
    assert correction["Subject"].startswith("Correction: ") and correction["In-Reply-To"] == smtp.message(0)["Message-ID"]
    assert [send["message_id"] for send in record(site)["sent"]] == [smtp.message(0)["Message-ID"],
                                                                     correction["Message-ID"]]

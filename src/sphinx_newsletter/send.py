"""``newsletter send``, as a library function: :func:`send_edition` posts a published edition's mail-ready
issue (``_build/publish/<cycle>/issue.eml``, made first when it is not there) to the list over SMTP and
adds the send to the edition's record (``published/<cycle>.json``), so that it never goes out twice by
mistake.

The server comes from the environment, never from a file of the repository (a pull request could
change one): ``NEWSLETTER_SMTP_HOST``, ``NEWSLETTER_SMTP_PORT``, ``NEWSLETTER_SMTP_USER``,
``NEWSLETTER_SMTP_PASSWORD`` and ``NEWSLETTER_SMTP_SECURITY`` (``starttls``, the default; ``tls``; ``none``
for a relay on the same machine, with which no password is sent).

    from sphinx_newsletter.checking import Site
    from sphinx_newsletter.send import send_edition
    sent = send_edition(Site(Path(".")), "folsom", to="me@example.org")  # a test copy, not recorded
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from pathlib import Path

from sphinx_newsletter.checking import Site
from sphinx_newsletter.core.paths import UnsafeFile, read_regular_file
from sphinx_newsletter.core.publication import record_send
from sphinx_newsletter.core.records import Record, Send, read_record
from sphinx_newsletter.publish import PublishRefused, publish_edition, publish_trees
from sphinx_newsletter.publishing.mail import ONE_CLICK

SECURITIES = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
TIMEOUT = 60
"""Seconds the server may take to answer each step."""
MAX_ISSUE_BYTES = 20 * 1024 * 1024
ENVIRONMENT = ("NEWSLETTER_SMTP_HOST", "NEWSLETTER_SMTP_PORT", "NEWSLETTER_SMTP_USER", "NEWSLETTER_SMTP_PASSWORD",
               "NEWSLETTER_SMTP_SECURITY")


class SendRefused(Exception):
    """Why the issue is not sent; ``code`` is the command's exit status (2: a usage error)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Server:
    """Where the issue is posted, from the environment (:func:`server_from_environment`)."""

    host: str
    port: int
    security: str
    user: str = ""
    password: str = field(default="", repr=False)

    def __str__(self) -> str:
        return f"{self.host}:{self.port} ({self.security}{', as ' + self.user if self.user else ''})"


@dataclass(frozen=True)
class Sent:
    """What sending did (or, with ``dry_run``, would do)."""

    subject: str
    sender: str
    to: str
    server: Server | None  # None: a dry run without a server in the environment
    size: int  # bytes of the message
    test: bool  # sent to a test address: not recorded
    dry_run: bool
    record: Path | None  # the record the send was added to


def server_from_environment(environ: Mapping[str, str]) -> Server:
    host = environ.get("NEWSLETTER_SMTP_HOST", "").strip()
    if not host:
        raise SendRefused("no mail server: set NEWSLETTER_SMTP_HOST (and NEWSLETTER_SMTP_PORT, NEWSLETTER_SMTP_USER, "
                          "NEWSLETTER_SMTP_PASSWORD, NEWSLETTER_SMTP_SECURITY as your provider says) in the "
                          "environment; in GitHub Actions, as the repository's secrets", 2)
    security = environ.get("NEWSLETTER_SMTP_SECURITY", "").strip().lower() or "starttls"
    if security not in SECURITIES:
        raise SendRefused(f"NEWSLETTER_SMTP_SECURITY is '{security}': use starttls (port 587, the default), tls "
                          "(port 465) or none (a relay on this machine)", 2)
    text = environ.get("NEWSLETTER_SMTP_PORT", "").strip()
    try:
        port = int(text) if text else DEFAULT_PORTS[security]
        if not 0 < port < 65536:
            raise ValueError
    except ValueError:
        raise SendRefused(f"NEWSLETTER_SMTP_PORT is '{text}': give a port number, such as 587", 2) from None
    user, password = environ.get("NEWSLETTER_SMTP_USER", ""), environ.get("NEWSLETTER_SMTP_PASSWORD", "")
    if bool(user) != bool(password):
        raise SendRefused("set both NEWSLETTER_SMTP_USER and NEWSLETTER_SMTP_PASSWORD, or neither", 2)
    if security == "none" and user and not _loopback(host):
        raise SendRefused(f"NEWSLETTER_SMTP_SECURITY is none: the password would cross the network to {host} "
                          "unencrypted; use starttls or tls, or a relay on this machine", 2)
    return Server(host, port, security, user, password)


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def issue_path(site: Site, name: str) -> Path:
    return publish_trees(site) / name / "issue.eml"


def send_edition(site: Site, name: str, *, to: str | None = None, again: str | None = None, dry_run: bool = False,
                 skip_sent: bool = False, environ: Mapping[str, str] = os.environ, now: dt.datetime | None = None,
                 tell: Callable[[str], None] = lambda message: None) -> Sent | None:
    """Post the edition of cycle ``name`` to its list (``to``: to that address instead, a test copy,
    neither refused as a second send nor recorded). ``again``: why an issue already sent goes out once
    more. ``skip_sent``: an issue already sent is not sent and not refused (``None``: a workflow sends
    what a push published). Raises :class:`SendRefused` with the reason when it is not sent."""
    cycle = site.cycles.get(name)
    if cycle is None:
        raise SendRefused(f"no cycle named '{name}'; cycles: {', '.join(site.cycles)}", 2)
    record = read_record(site.published_path, cycle.name)
    if record is None:
        raise SendRefused(f"the {cycle.title} edition is not published: `newsletter publish {cycle.name}` first "
                          "(only a published edition goes to the list)")
    server = None if dry_run and not environ.get("NEWSLETTER_SMTP_HOST") else server_from_environment(environ)
    message = _issue(site, cycle.name, cycle.title, tell)
    for header, setting in (("List-Id", "newsletter_list_id"), ("List-Unsubscribe", "newsletter_list_unsubscribe")):
        if not message[header]:
            raise SendRefused(f"the issue has no {header}: header, which lists require and readers need to leave: set "
                              f"{setting} in conf.py and run `newsletter publish {cycle.name}` again")
    if "<https:" in str(message["List-Unsubscribe"]) and not message["List-Unsubscribe-Post"]:
        message["List-Unsubscribe-Post"] = ONE_CLICK  # an issue made before the extension added it
    sender = parseaddr(str(message["From"] or ""))[1]
    recipient = _address(to, "--to") if to else _address(str(message["To"] or ""), "the issue's To:")
    if not recipient:
        raise SendRefused("the issue has no To: header: set newsletter_email_to in conf.py (the list's address) and "
                          f"run `newsletter publish {cycle.name}` again, or give --to ADDRESS for a test copy")
    when = now or dt.datetime.now(dt.timezone.utc)
    message_id = str(message["Message-ID"] or "")
    if to:
        del message["To"], message["Message-ID"]
        message["To"] = recipient
        message["Message-ID"] = make_msgid("test", parseaddr(sender)[1].partition("@")[2] or None)
        subject = f"[Test] {message['Subject']}"
        del message["Subject"]
        message["Subject"] = subject
    elif skip_sent and again is None and any(send.message_id == message_id for send in record.sends):
        tell(f"The {cycle.title} edition's issue was sent before: not sent again")
        return None
    else:
        _refuse_a_second_send(record, message_id, again, cycle.title)
    del message["Date"]
    message["Date"] = format_datetime(when)
    data = message.as_bytes(policy=policy.SMTP)
    sent = Sent(str(message["Subject"]), sender, recipient, server, len(data), bool(to), dry_run, None)
    if dry_run:
        return sent
    assert server is not None
    _post(server, sender, recipient, data)
    if to:
        return sent
    send = Send(when.astimezone(dt.timezone.utc).replace(microsecond=0), recipient, message_id, again or None)
    try:
        path = record_send(site.published_path, record, send)
    except (UnsafeFile, OSError, ValueError) as error:
        raise SendRefused(f"the issue was sent, but its send is not recorded ({error}): add it to "
                          f"{site.shown(site.published_path)}/{cycle.name}.json by hand before sending again") from None
    return Sent(sent.subject, sender, recipient, server, len(data), False, False, path)


def _issue(site: Site, name: str, title: str, tell: Callable[[str], None]) -> EmailMessage:
    """The edition's mail-ready issue, made first when it is not there."""
    path = issue_path(site, name)
    if not path.is_file():
        tell(f"Making the {title} edition's mail-ready issue first…")
        try:
            publish_edition(site, name, tell=tell)
        except PublishRefused as refusal:
            raise SendRefused(f"its mail-ready issue could not be made: {refusal}") from None
    try:
        data = read_regular_file(path, site.confdir, MAX_ISSUE_BYTES)
    except (UnsafeFile, OSError) as error:
        raise SendRefused(f"{site.shown(path)} cannot be read ({error}): run `newsletter publish {name}` again") from None
    return BytesParser(policy=policy.default).parsebytes(data)


def _address(text: str, where: str) -> str:
    """The one address in ``text`` (``Name <address>`` or a bare address)."""
    found = [address for _name, address in getaddresses([text]) if address]
    if not text.strip():
        return ""
    if len(found) != 1 or "@" not in found[0] or any(character in found[0] for character in "\r\n"):
        raise SendRefused(f"{where} is '{text}': give one mail address, such as list@example.org", 2)
    return found[0]


def _refuse_a_second_send(record: Record, message_id: str, again: str | None, title: str) -> None:
    earlier = [send for send in record.sends if send.message_id == message_id]
    if earlier and again is None:
        last = earlier[-1]
        raise SendRefused(f"the {title} edition's issue was sent to {last.to} on "
                          f"{last.sent.isoformat(sep=' ', timespec='minutes')}: a second send puts it in every "
                          "inbox twice; give --again \"why\" to send it once more on purpose")
    if again is not None and not again.strip():
        raise SendRefused("--again needs the reason the issue goes out once more, e.g. --again \"the list was down\"", 2)
    if again is not None and not earlier:
        raise SendRefused(f"the {title} edition's issue has not been sent yet: send it without --again", 2)


def _post(server: Server, sender: str, recipient: str, data: bytes) -> None:
    """Hand the message to the server, encrypted as ``server.security`` says (certificates checked)."""
    context = ssl.create_default_context()
    try:
        if server.security == "tls":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=context)
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        with connection:
            connection.ehlo()
            if server.security == "starttls":
                connection.starttls(context=context)
                connection.ehlo()
            if server.user:
                connection.login(server.user, server.password)
            refused = connection.sendmail(sender, [recipient], data)
    except smtplib.SMTPAuthenticationError as error:
        raise SendRefused(f"{server} refused the user and password ({error.smtp_code}): check "
                          "NEWSLETTER_SMTP_USER and NEWSLETTER_SMTP_PASSWORD; nothing was sent") from None
    except smtplib.SMTPNotSupportedError as error:
        raise SendRefused(f"{server} does not offer this ({error}): check NEWSLETTER_SMTP_SECURITY "
                          "(starttls, tls or none); nothing was sent") from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
        raise SendRefused(f"{server}: {error or type(error).__name__}; nothing was sent") from None
    if refused:
        raise SendRefused(f"{server} refused {', '.join(refused)}: nothing was sent to them")

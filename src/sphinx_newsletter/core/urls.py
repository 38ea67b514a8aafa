"""One allow-list of URL schemes for every ``href`` and ``src`` that untrusted content produces.

A URL is safe when it is relative (``page.html``, ``#anchor``, ``/path``, ``//host`` is not:
it names another host without a scheme) or uses one of :data:`SAFE_SCHEMES`. Browsers ignore
ASCII control characters and whitespace inside a scheme (``java\\tscript:``) and decode
entities before they read it, so the scheme is read after the same clean-up.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection

SAFE_SCHEMES = frozenset({
    "http", "https", "mailto", "ftp", "ftps", "tel", "sms", "smsto", "mms", "irc", "ircs", "im", "xmpp", "sip",
    "news", "nntp", "webcal", "geo", "magnet", "bitcoin", "openpgp4fpr", "ssh", "mx", "url", "wtai",
})
"""Schemes a report may link to (relative URLs are always allowed): the web, mail, and the schemes a
browser hands to another program (a file server, a phone, a chat client, a calendar). None of them runs
anything in the page or on the site's origin (``javascript:``, ``data:``, ``vbscript:``, ``blob:``,
``file:`` and every unknown scheme stay out). It is the allow-list of ammonia, the sanitiser nh3 wraps,
as of nh3 0.2 (``nh3.ALLOWED_URL_SCHEMES``)."""

FEEDBACK_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a reader's comment may link to: the web and mail, as a comment form promises."""

_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read from ``url`` (lower case), or ``None`` for a relative URL."""
    cleaned = _IGNORED.sub("", html.unescape(url))
    match = _SCHEME.match(cleaned)
    if match:
        return match.group(1).lower()
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return "//"  # scheme-relative: another host, with whatever scheme the page has
    return None


def is_safe_url(url: str, schemes: Collection[str] = SAFE_SCHEMES) -> bool:
    """Whether ``url`` is relative or uses one of ``schemes`` (``//host`` counts as http/https)."""
    scheme = url_scheme(url)
    if scheme == "//":
        return "https" in schemes
    return scheme is None or scheme in schemes


def is_remote(url: str) -> bool:
    """Whether ``url`` points at another host (so a builder would fetch it)."""
    return url_scheme(url) is not None

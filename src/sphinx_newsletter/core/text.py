"""Plain text from untrusted fields (titles, names, tags): no control characters, no invisible
direction overrides, bounded length. No Sphinx here.

Bidirectional overrides (U+202A–U+202E, U+2066–U+2069) reorder what a reader sees ("Trojan
Source"), control characters break feeds (lxml refuses them) and terminals; both are removed.
Joiners (U+200C, U+200D) stay: scripts and emoji need them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                        "\ufeff\ufff9-\ufffb\ud800-\udfff]")
_SPACES = re.compile("[\t\n\r\u2028\u2029]+")


def clean_text(text: str, max_length: int) -> tuple[str, list[str]]:
    """``text`` on one line without invisible controls, at most ``max_length`` characters, and notes
    on what was changed (for a warning)."""
    notes = []
    found = sorted(set(_INVISIBLE.findall(text)))
    if found:
        names = ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL')}" for char in found[:3])
        notes.append(f"invisible control characters removed ({names}{', …' if len(found) > 3 else ''})")
        text = _INVISIBLE.sub("", text)
    text = " ".join(_SPACES.sub(" ", text).split())
    if len(text) > max_length:
        text = text[:max_length - 1].rstrip() + "…"
        notes.append(f"shortened to {max_length} characters")
    return text, notes


@lru_cache(maxsize=65536)
def tag_key(text: str) -> str:
    """What makes two tags, events or section names the same, case, spaces and punctuation aside:
    'Design Summit', 'design-summit' and 'design summit' -> 'design-summit'."""
    return re.sub(r"[^\w]+|_+", "-", unicodedata.normalize("NFKC", text).casefold()).strip("-")


def singular_key(text: str) -> str:
    """``tag_key`` without a plural's ending ('summits' -> 'summit', 'libraries' -> 'library'): tags that
    differ only so are one tag spelt two ways."""
    key = tag_key(text)
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith("s") and not key.endswith(("ss", "us", "is")) and len(key) > 3:
        return key[:-1]
    return key

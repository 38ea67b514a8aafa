"""The newsletter's words and dates in the site's ``language``: a Sphinx message catalogue
(``locale/<language>/LC_MESSAGES/sphinx_newsletter.po``, compiled by ``make locale``) and Babel's
dates through Sphinx's ``format_date``."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation, get_translator, is_translator_registered
from sphinx.util.i18n import format_date

from sphinx_newsletter.core.problems import N_

__all__ = ["N_", "_", "long_date", "ngettext"]

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MESSAGE_CATALOG = "sphinx_newsletter"
LOCALE_DIR = Path(__file__).parent / "locale"
_lazy = get_translation(MESSAGE_CATALOG)


def _(message: str) -> str:
    """``message`` in the site's language, as text. Sphinx's translation function gives a lazy proxy while no
    catalogue is loaded (a build loads one when the extension is set up; code called after a build, by a tool or a
    test, may run without), and lxml, ``re`` and ``json`` refuse a proxy."""
    return str(_lazy(message))


DATE_FORMAT = N_("%-d %B %Y")  # 3 February 2020; the catalogue gives each language its order


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` in the site's language, with ``%(count)s`` filled in."""
    if is_translator_registered(MESSAGE_CATALOG):
        text = get_translator(MESSAGE_CATALOG).ngettext(singular, plural, count)
    else:
        text = singular if count == 1 else plural
    return text % {"count": count}


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")
"""Babel's (CLDR's) English month names: an English site's dates need not load Babel's locale data (4 MB
held until the process ends, for twelve words)."""


def long_date(day: dt.date | None, language: str | None) -> str:
    """A date as readers of ``language`` write it (Babel's month names)."""
    if day is None:
        return ""
    pattern = str(_(DATE_FORMAT))
    if pattern == DATE_FORMAT and (language or "en").replace("-", "_").split("_")[0] == "en":
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year:04d}"
    return _formatted(pattern, day, language or "en")


@functools.lru_cache(maxsize=4096)
def _formatted(pattern: str, day: dt.date, language: str) -> str:
    """Babel formats a date in about 0.1 ms, and a site shows the same few hundred dates thousands of times."""
    return format_date(pattern, date=dt.datetime(day.year, day.month, day.day), language=language)


def setup_i18n(app: Sphinx) -> None:
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))

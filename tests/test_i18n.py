"""The newsletter speaks the site's language: ``language = "de"`` gives German labels and dates
(Sphinx's message catalogue and Babel), and the shipped catalogue is in step with the code."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from conftest import html, warnings_of

LOCALE = Path(__file__).parent.parent / "src" / "sphinx_newsletter" / "locale"


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    import shutil

    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("de") / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-feedback", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, confoverrides={"language": "de"})
    app.build()
    yield app
    app.cleanup()


def test_edition_pages_speak_german(german):
    edition = html(german, "editions/alpha")
    assert edition.select_one("h1").get_text().startswith("Ausgabe Alpha")
    status = edition.select_one(".nl-edition-status").get_text(" ", strip=True)
    assert status.startswith("Veröffentlicht am 2. Juli 2020") and "Zyklus 1. Januar 2020 bis 30. Juni 2020" in status
    assert "Berichte" in status
    assert edition.select_one(".nl-card .nl-authors").get_text().startswith("Von ")
    counts = [count.get_text() for count in edition.select(".nl-feedback-count")]
    assert counts and all(count.endswith(("Kommentar", "Kommentare")) for count in counts)


def test_reader_feedback_speaks_german_and_keeps_its_anchor(german):
    page = html(german, "reports/alpha/summit")
    thread = page.select_one("section.nl-feedback")
    assert thread["id"] == "reader-feedback"  # card links point here in every language
    assert thread.select_one("h2").get_text().startswith("Rückmeldungen der Leserschaft")
    assert thread.select_one("article")["aria-label"].startswith("Rückmeldung von ")
    assert any(time.get_text().endswith(("Oktober 2020", "März 2020", "Februar 2020", "April 2020", "Mai 2020",
                                         "Juni 2020", "Januar 2020"))
               for time in thread.select("time"))
    assert not [line for line in warnings_of(german) if "newsletter" in line]


def test_overview_pages_speak_german(german):
    assert html(german, "tags/index").select_one("h1").get_text().startswith("Schlagwörter")
    assert html(german, "editions/index").select_one("caption").get_text() == "Alle Ausgaben, die neueste zuerst"


def test_the_catalogue_is_in_step_with_the_code(tmp_path):
    """Every word the code marks is in the template, translated in German, and compiled."""
    pot = tmp_path / "fresh.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", str(LOCALE / "babel.cfg"),
                    "-k", "_", "-k", "ngettext:1,2", "-k", "N_", "--no-location", "--omit-header",
                    "--sort-output", "-o", str(pot), str(LOCALE.parent)], check=True, capture_output=True)
    def ids(catalog) -> set:
        return {tuple(message.id) if isinstance(message.id, (list, tuple)) else message.id
                for message in catalog if message.id}

    fresh = ids(read_po(pot.open("rb")))
    assert fresh == ids(read_po((LOCALE / "sphinx_newsletter.pot").open("rb"))), "run `make locale`"
    german = read_po((LOCALE / "de" / "LC_MESSAGES" / "sphinx_newsletter.po").open("rb"))
    assert ids(german) == fresh
    assert all(message.string and not message.fuzzy for message in german if message.id)
    assert ids(read_mo((LOCALE / "de" / "LC_MESSAGES" / "sphinx_newsletter.mo").open("rb"))) == fresh


def test_the_mail_ready_issue_speaks_german(german, tmp_path):
    from sphinx_newsletter.publishing.mail import write_issue

    cycle = german.env.domains["newsletter"].catalogue().cycles["alpha"]
    write_issue(german, cycle, cycle.published, tmp_path)
    text = (tmp_path / "issue.txt").read_text()
    assert "Ausgabe Alpha, veröffentlicht am 2. Juli 2020" in text and "In dieser Ausgabe:" in text
    assert "Weiterlesen:" in text and "Von " in text
    import email
    import email.policy

    message = email.message_from_bytes((tmp_path / "issue.eml").read_bytes(), policy=email.policy.default)
    assert "Ausgabe Alpha" in str(message["Subject"])  # decoded, whether the header was encoded or not


@pytest.mark.parametrize("language", [None, "en", "en_GB", "en-US"])
def test_english_dates_are_written_as_babel_writes_them_without_loading_its_locale_data(language, monkeypatch):
    """An English site's dates come without Babel's locale data (4 MB), and read exactly as Babel writes
    them: every month, one- and two-digit days, a year before 1000."""
    from sphinx import locale
    from sphinx.util.i18n import format_date

    monkeypatch.setattr(locale, "translators", {})  # as an English build has them (no German left over)

    from sphinx_newsletter.i18n import DATE_FORMAT, long_date

    days = [dt.date(2011, month, day) for month in range(1, 13) for day in (1, 28)] + [dt.date(999, 3, 9)]
    expected = [format_date(DATE_FORMAT, date=dt.datetime(day.year, day.month, day.day), language="en")
                for day in days]
    assert expected[0] == "1 January 2011" and expected[-1] == "9 March 0999"  # what Babel says, by hand
    import babel.localedata

    def load(name, *args, **kwargs):
        raise AssertionError(f"Babel's locale data for {name} loaded")

    monkeypatch.setattr(babel.localedata, "load", load)
    assert [long_date(day, language) for day in days] == expected


def test_the_search_page_speaks_german(german):
    form = html(german, "search").select_one("form.nl-search")
    assert (form["data-results"], form["data-one-result"], form["data-partial"], form["data-partial-one"],
            form["data-partial-none"]) == (
        "{count} Ergebnisse", "Ein Ergebnis",
        "Bisher {count} Ergebnisse: frühere Ausgaben werden durchsucht, wenn Sie weitere Ergebnisse anfordern",
        "Bisher ein Ergebnis: frühere Ausgaben werden durchsucht, wenn Sie weitere Ergebnisse anfordern",
        "In den neuesten Ausgaben nichts gefunden: frühere Ausgaben werden durchsucht, wenn Sie weitere "
        "Ergebnisse anfordern")

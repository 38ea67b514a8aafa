"""The Sphinx side of the settings (``core.settings`` declares them): registration, one
:class:`~.core.settings.Settings` built when the configuration is read, and its problems as warnings.

A site lists its cycles, oldest first or in any order::

    newsletter_cycles = [
        {"name": "essex", "title": "Essex", "start": "2011-09-22", "end": "2012-04-05"},
        {"name": "folsom", "title": "Folsom", "start": datetime.date(2012, 4, 5), "end": "2012-09-27"},
    ]

Whether a cycle is published, and when, is what ``newsletter publish`` recorded in
``published/<cycle>.json`` (``core.publication``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_newsletter.core.settings import SETTINGS, SETTINGS_ATTRIBUTE, Cycle, Settings
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_SETTINGS = SETTINGS_ATTRIBUTE


def get_settings(config: Config) -> Settings:
    """The site's settings, built once per configuration (and again if a value was changed since)."""
    settings = getattr(config, _SETTINGS, None)
    if settings is None:
        settings = Settings.from_values(config)
        setattr(config, _SETTINGS, settings)
    return settings


def get_cycles(config: Config) -> dict[str, Cycle]:
    """The configured cycles; while publishing one edition (``newsletter_publish``), only that one."""
    return get_settings(config).cycles


def read_settings(app: Sphinx, config: Config) -> None:
    """Build the settings once, when the configuration is read (with the publication records in the
    source folder), and report what is wrong in it. A change of publication re-reads every page."""
    settings = Settings.from_values(config, Path(app.srcdir))
    setattr(config, _SETTINGS, settings)
    config.newsletter_publication = tuple((cycle.name, cycle.published.isoformat())
                                          for cycle in settings.all_cycles.values()
                                          if cycle.recorded and cycle.published is not None)
    for problem in settings.problems:
        warn(problem, NewsletterWarning.CONFIG)


def setup_config(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=frozenset(setting.types),
                             description=setting.help)
    app.add_config_value("newsletter_publication", (), "env", types=frozenset({tuple, list}),
                         description="set when the configuration is read: the recorded publications")
    app.connect("config-inited", read_settings, priority=400)

"""The site's languages: gettext catalogues (through Babel) and dates per language.

English is the language of every message id; Welsh (`cy`) is the catalogue
locale/cy/LC_MESSAGES/cofund.po. The catalogue is compiled from the .po when a build first
asks for it (Babel's pofile/mofile, in memory): the .po is the one file translators edit and
no compiled .mo can fall behind it. `make translations` extracts the messages again
(babel.cfg) and updates the catalogue.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from functools import cache
from importlib import resources

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup

from ..model import LANGUAGES

DOMAIN = "cofund"
# Babel's locale for each language (the date patterns below are written out: "1 December 2026").
_BABEL_LOCALE = {"en": "en", "cy": "cy"}


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined (a table of labels); it is
    translated where it is shown."""
    return message


def NN_(one: str, many: str) -> tuple[str, str]:
    """Marks a message with its plural (ngettext's two ids) for extraction."""
    return one, many


def po_text(lang: str) -> bytes:
    return (resources.files("cofund") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po").read_bytes()


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`: English is the messages themselves."""
    if lang not in LANGUAGES:
        raise ValueError(f"no such language: {lang!r} (cofund has {', '.join(LANGUAGES)})")
    if lang == "en":
        return gettext.NullTranslations()
    catalog = read_po(io.BytesIO(po_text(lang)), locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Words:
    """What a page says in one language: messages, plurals, labels of codes, dates."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.catalogue = translations(lang)

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, one: str, many: str, n: int) -> str:
        return self.catalogue.ngettext(one, many, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    def label(self, table: dict[str, str], code: object) -> Markup:
        """A code's label (labels.py) in this language: our own words, trusted text."""
        return Markup(self.gettext(table[str(getattr(code, "value", code))]))

    def long_date(self, day: dt.date) -> Markup:
        """GOV.UK style: 1 December 2026, 1 Rhagfyr 2026."""
        return _date(day, "d MMMM y", self.lang)

    def short_date(self, day: dt.date) -> Markup:
        return _date(day, "d MMM y", self.lang)

    def days_left(self, days: int) -> Markup:
        if days < 0:
            return Markup(self.ngettext("closed %(num)d day ago", "closed %(num)d days ago", -days) % {"num": -days})
        if days == 0:
            return Markup(self.gettext("closes today"))
        return Markup(self.ngettext("%(num)d day left", "%(num)d days left", days) % {"num": days})


@cache
def _date(day: dt.date, pattern: str, lang: str) -> Markup:
    # Babel parses the pattern and looks up the locale on every call; a national catalogue
    # shows the same few thousand dates on tens of thousands of pages (5% of the build's time).
    return Markup(format_date(day, format=pattern, locale=_BABEL_LOCALE[lang]))


@cache
def words(lang: str) -> Words:
    return Words(lang)

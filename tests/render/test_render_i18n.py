"""The catalogues: every message of the code is in the Welsh catalogue, translated, with its
placeholders kept; dates, plurals and CSV headings in each language."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from cofund.render.downloads import csv_headings
from cofund.render.i18n import translations, words

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "generator" / "cofund" / "locale"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sd%]")


def welsh_catalogue():  # type: ignore[no-untyped-def]
    return read_po((LOCALE / "cy" / "LC_MESSAGES" / "cofund.po").open("rb"))


def test_the_catalogue_has_every_message_of_the_code(tmp_path):  # type: ignore[no-untyped-def]
    # What `make translations` extracts now: a message added without running it fails here.
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    done = subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "N_", "-k", "NN_:1,2", "-k", "NP_:1c,2",
         "-k", "pgettext:1c,2", "--no-location", "--omit-header", "-o", str(pot), "."],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    extracted = {(m.context, m.id) for m in read_po(pot.open("rb")) if m.id}
    assert extracted == {(m.context, m.id) for m in welsh_catalogue() if m.id}


def test_every_message_is_translated_with_its_placeholders():  # type: ignore[no-untyped-def]
    catalogue = welsh_catalogue()
    assert catalogue.num_plurals == 6
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings) and len(strings) == (6 if isinstance(m.id, tuple) else 1), m.id
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for s in strings:
            assert sorted(PLACEHOLDER.findall(s)) == wanted, (m.id, s)


def test_dates_and_plurals_in_each_language():  # type: ignore[no-untyped-def]
    day = dt.date(2026, 12, 11)
    assert (str(words("en").long_date(day)), str(words("cy").long_date(day))) == ("11 December 2026", "11 Rhagfyr 2026")
    assert str(words("cy").short_date(dt.date(2026, 9, 22))) == "22 Medi 2026"
    assert [str(words("en").days_left(n)) for n in (1, 2, 0, -1)] == \
        ["1 day left", "2 days left", "closes today", "closed 1 day ago"]
    assert str(words("cy").days_left(3)) == "3 diwrnod ar ôl"
    assert translations("cy").ngettext("%(num)d partner", "%(num)d partners", 2) == "%(num)d partner"


def test_csv_headings_in_welsh_keep_the_rows():  # type: ignore[no-untyped-def]
    data = b"pitch,pitch_title,amount\r\nx,\"A, B\",6000.00\r\n"
    assert csv_headings(data, words("en")) == data
    assert csv_headings(data, words("cy")) == b"cynnig,teitl_cynnig,swm\r\nx,\"A, B\",6000.00\r\n"

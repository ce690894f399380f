"""One row per pledge file (counting or not, interests included), for spreadsheets.

Money is pounds with two decimals, as in the JSON. Text that came from a pull request and
starts with = + - @ (or a tab or carriage return) is prefixed with an apostrophe, so a
spreadsheet shows it rather than running it as a formula (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..compute import ComputedCatalogue, ComputedPitch
from ..model import Pledge
from ..money import pounds
from .download import Download

COLUMNS = (
    "pitch", "pitch_title", "pitch_status", "model", "deadline",
    "organisation", "organisation_name", "role", "date", "status", "counts",
    "amount", "percent", "tier", "pays", "saving", "rebate", "net_cost", "in_kind", "conditions",
    "would_save", "released", "interested_on", "invoiced_on", "paid_on", "withdrawn_on",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """The CSV lines of `rows` (RFC 4180: CRLF line ends)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _steps(p: Pledge) -> tuple[str, ...]:
    return (_day(p.interested_on), _day(p.invoiced_on), _day(p.paid_on), _day(p.withdrawn_on))


def pledge_rows(cp: ComputedPitch, names: Mapping[str, str]) -> Iterator[tuple[str, ...]]:
    """The pitch's rows, one per pledge of money, then one per interest (status interest, no
    money); `names` are organisations' names by id."""
    for p in cp.pledges:
        yield (
            cp.id, _text(cp.pitch.title), cp.status.value, cp.pitch.funding.model.value,
            cp.pitch.funding.deadline.isoformat(),
            p.org, _text(names.get(p.org, "")), p.role.value, p.date.isoformat(), p.state.value,
            "yes" if p.counts else "no",
            pounds(p.pledge.amount) if p.pledge.amount is not None else "",
            p.pledge.percent or "", p.pledge.tier or "",
            pounds(p.pays), pounds(p.saving), pounds(p.rebate), pounds(p.net_cost),
            _text(p.in_kind), _text(p.pledge.conditions),
            pounds(p.would_save), pounds(p.released), *_steps(p.pledge),
        )
    for i in cp.interested:
        yield (
            cp.id, _text(cp.pitch.title), cp.status.value, cp.pitch.funding.model.value,
            cp.pitch.funding.deadline.isoformat(),
            i.org, _text(names.get(i.org, "")), i.role.value, i.date.isoformat(), "interest", "no",
            "", "", i.pledge.tier or "", "0.00", "0.00", "0.00", "0.00",
            _text(i.pledge.in_kind), _text(i.pledge.conditions),
            "0.00", "0.00", *_steps(i.pledge),
        )


def csv_export(computed: ComputedCatalogue) -> Download:
    """The pledges CSV (RFC 4180, CRLF line ends), as UTF-8."""
    names = {o.id: o.organisation.name for o in computed.organisations}
    rows = [COLUMNS, *(row for cp in computed.pitches for row in pledge_rows(cp, names))]
    return Download(csv_text(rows).encode())

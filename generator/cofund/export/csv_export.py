"""One row per pledge (counting or not), for spreadsheets.

Money is pounds with two decimals, as in the JSON. Text that came from a pull request and
starts with = + - @ (or a tab or carriage return) is prefixed with an apostrophe, so a
spreadsheet shows it rather than running it as a formula (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import io

from ..compute import ComputedCatalogue
from ..money import pounds

COLUMNS = (
    "pitch", "pitch_title", "pitch_status", "model", "deadline",
    "organisation", "organisation_name", "role", "date", "status", "counts",
    "amount", "percent", "tier", "pays", "saving", "rebate", "net_cost", "in_kind", "conditions",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(computed: ComputedCatalogue) -> str:
    names = {o.id: o.organisation.name for o in computed.organisations}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for cp in computed.pitches:
        for p in cp.pledges:
            writer.writerow((
                cp.id, _text(cp.pitch.title), cp.status.value, cp.pitch.funding.model.value,
                cp.pitch.funding.deadline.isoformat(),
                p.org, _text(names.get(p.org, "")), p.role.value, p.date.isoformat(), p.state.value,
                "yes" if p.counts else "no",
                pounds(p.pledge.amount) if p.pledge.amount is not None else "",
                p.pledge.percent or "", p.pledge.tier or "",
                pounds(p.pays), pounds(p.saving), pounds(p.rebate), pounds(p.net_cost),
                _text(p.in_kind), _text(p.pledge.conditions),
            ))
    return out.getvalue()

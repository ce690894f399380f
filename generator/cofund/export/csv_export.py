"""One row per pledge (counting or not), for spreadsheets.

Money is pounds with two decimals, as in the JSON. Text that came from a pull request and
starts with = + - @ (or a tab or carriage return) is prefixed with an apostrophe, so a
spreadsheet shows it rather than running it as a formula (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..compute import ComputedCatalogue, ComputedPitch
from ..money import pounds
from .pieces import Assembler, Span, index

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


class Rows:
    """csv.writer's output a few rows at a time, so each pitch's rows are one fragment."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._writer = csv.writer(self, lineterminator="\r\n")  # RFC 4180

    def write(self, line: str) -> None:  # the file csv.writer writes to
        self._lines.append(line)

    def text(self, rows: Iterable[Sequence[str]]) -> str:
        """The CSV lines of `rows`."""
        self._writer.writerows(rows)
        text = "".join(self._lines)
        self._lines.clear()
        return text


def pledge_rows(cp: ComputedPitch, names: Mapping[str, str]) -> Iterator[tuple[str, ...]]:
    """The pitch's rows, one per pledge; `names` are organisations' names by id."""
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
        )


def _names(computed: ComputedCatalogue) -> dict[str, str]:
    return {o.id: o.organisation.name for o in computed.organisations}


@dataclass(frozen=True)
class CsvExport:
    """The pledges CSV's text, and what the next export reuses: the catalogue it was made from
    and where each pitch's rows lie in the text (in the pitches' order)."""

    computed: ComputedCatalogue
    data: bytes  # the text, UTF-8: what the site publishes
    pitch_spans: tuple[Span, ...]
    reused_pitches: int  # how many pitches' rows were copied from the previous export

    @property
    def text(self) -> str:
        return self.data.decode()


def csv_export(computed: ComputedCatalogue, previous: CsvExport | None = None) -> CsvExport:
    """The CSV of `computed`: the same text as from scratch, copying from `previous` the rows of
    each pitch whose ComputedPitch is unchanged and whose pledging organisations' names are too
    (the rows show those names; nothing else outside the ComputedPitch)."""
    names = _names(computed)
    old: dict[str, tuple[ComputedPitch, Span]] = {}
    renamed: set[str] = set()
    if previous is not None:
        old = index(previous.computed.pitches, previous.pitch_spans)
        old_names = _names(previous.computed)
        if old_names != names:
            renamed = {k for k in names.keys() | old_names.keys() if names.get(k) != old_names.get(k)}
    rows = Rows()
    asm = Assembler(previous.data if previous else b"")
    asm.add(rows.text([COLUMNS]))
    spans = asm.fragments(
        computed.pitches,
        lambda cp: rows.text(pledge_rows(cp, names)),
        old,
        also=(lambda cp: not any(p.org in renamed for p in cp.pledges)) if renamed else None,
    )
    return CsvExport(computed, asm.data(), spans, asm.reused)


def to_csv(computed: ComputedCatalogue) -> str:
    return csv_export(computed).text

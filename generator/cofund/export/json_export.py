"""The computed catalogue as JSON: the keys DESIGN.md promises, and the richer figures.

Money is a string of pounds with two decimals ("6000.00", exact, never a float); percent
funded is a string with two decimals, rounded down ("66.66"); dates are YYYY-MM-DD. Keys are
sorted and lists keep compute's order (by id; pledges by date then organisation), so the
same data and today always give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..compute import AdopterFee, ComputedCatalogue, ComputedPitch, OrganisationSummary, Partner, percent_text
from ..money import pounds
from .pieces import Assembler, E, Span, index


def _pledge(p: Partner) -> dict[str, Any]:
    return {
        "organisation": p.org,
        "role": p.role.value,
        "date": p.date.isoformat(),
        "status": p.state.value,
        "counts": p.counts,
        "pays": pounds(p.pays),
        "amount": pounds(p.pledge.amount) if p.pledge.amount is not None else None,
        "percent": p.pledge.percent,
        "tier": p.pledge.tier,
        "saving": pounds(p.saving),
        "rebate": pounds(p.rebate),
        "net_cost": pounds(p.net_cost),
        "in_kind": p.in_kind,
        "conditions": p.pledge.conditions,
    }


def _adopter(a: AdopterFee) -> dict[str, Any]:
    return {
        "organisation": a.org,
        "date": a.date.isoformat(),
        "fee": pounds(a.fee),
        "rebate": pounds(a.rebate),
        "saving": pounds(a.saving),
    }


def _pitch(cp: ComputedPitch) -> dict[str, Any]:
    pitch = cp.pitch
    f = pitch.funding
    return {
        # DESIGN.md's CLI contract
        "id": cp.id,
        "title": pitch.title,
        "status": cp.status.value,
        "model": f.model.value,
        "target": pounds(cp.target),
        "pledged": pounds(cp.pledged),
        "percent_funded": percent_text(cp.percent_funded),
        "partners": [p.org for p in cp.partners],
        "deadline": f.deadline.isoformat(),
        # the richer figures
        "summary": pitch.summary,
        "proposer": pitch.proposer,
        "category": pitch.category.value,
        "sectors": list(pitch.sectors),
        "tags": list(pitch.tags),
        "stage": pitch.stage.value,
        "phase": pitch.phase.value if pitch.phase else None,
        "created": pitch.created.isoformat(),
        "all_or_nothing": f.all_or_nothing,
        "min_partners": f.min_partners,
        "threshold": pounds(cp.threshold),
        "funded": cp.funded,
        "released": pounds(cp.released),
        "remaining": pounds(cp.remaining),
        "to_threshold": pounds(cp.to_threshold),
        "days_to_deadline": cp.days_to_deadline,
        "cost_alone": pounds(cp.cost_alone),
        "saving": pounds(cp.saving),
        "pledges": [_pledge(p) for p in cp.pledges],
        "shared_cost": None if cp.shared is None else {
            "min_partners": cp.shared.min_partners,
            "joined": cp.shared.joined,
            "share_today": pounds(cp.shared.share_today),
            "ceiling": pounds(cp.shared.ceiling),
            "next_share": pounds(cp.shared.next_share),
        },
        "tiers": [
            {"id": t.id, "label": t.label, "price": pounds(t.price), "types": [x.value for x in t.types], "joined": t.joined}
            for t in cp.tiers
        ],
        "adoption": None if pitch.adoption is None else {
            "price": pounds(pitch.adoption.price),
            "rebate_percent": pitch.adoption.rebate_percent,
        },
        "adopters": [_adopter(a) for a in cp.adopters],
        "adoption_fees": pounds(cp.adoption_fees),
        "rebates": pounds(cp.rebates),
        "founders_net_cost": pounds(cp.founders_net_cost),
        "last_update": cp.last_update.isoformat(),
        "stale": cp.stale,
    }


def _organisation(o: OrganisationSummary) -> dict[str, Any]:
    org = o.organisation
    return {
        # DESIGN.md's CLI contract: `pitches` are those its pledge counts towards
        "id": org.id,
        "name": org.name,
        "pledged_total": pounds(o.committed),
        "pitches": list(o.pledged_to),
        # the richer figures
        "type": org.type.value,
        "nation": org.nation.value,
        "proposed": list(o.proposed),
        "adopted": list(o.adopted),
        "adoption_fees": pounds(o.adoption_fees),
        "rebates": pounds(o.rebates),
        "saved": pounds(o.saved),
    }


def _head(computed: ComputedCatalogue) -> dict[str, Any]:
    """The export's whole-document parts: made again every time (they are small)."""
    s = computed.stats
    settings = computed.catalogue.settings
    return {
        "catalogue": {"name": settings.name, "repository": settings.repository, "sample_data": settings.sample_data},
        "today": computed.today.isoformat(),
        "stats": {
            "organisations": s.organisations,
            "pitches": s.pitches,
            "pledges": s.pledges,
            "bodies_engaged": s.bodies_engaged,
            "money_pledged": pounds(s.money_pledged),
            "money_pooled": pounds(s.money_pooled),
            "money_saved": pounds(s.money_saved),
            "adoption_fees": pounds(s.adoption_fees),
            "rebates": pounds(s.rebates),
            "stale": s.stale,
            "by_status": dict(s.by_status),
            "by_category": dict(s.by_category),
            "by_sector": dict(s.by_sector),
            "by_nation": dict(s.by_nation),
            "by_model": dict(s.by_model),
        },
    }


def catalogue_data(computed: ComputedCatalogue) -> dict[str, Any]:
    """The export as plain JSON-ready data (str, int, bool, None, lists, dicts)."""
    return {
        **_head(computed),
        "pitches": [_pitch(cp) for cp in computed.pitches],
        "organisations": [_organisation(o) for o in computed.organisations],
    }


# The text is json.dumps(catalogue_data(computed), indent=2, sort_keys=True, ensure_ascii=False)
# plus a newline, written a piece at a time so each pitch's and organisation's object can be
# kept for the next export. json.dumps writes a value nested at depth d exactly as on its own
# with every newline followed by d indents (strings never hold a raw newline: JSON escapes it),
# and a list or object as "[" newline-indent items joined by "," newline-indent, newline "]".
_INDENT = "  "
_ENCODER = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False)


def _nested(value: Any, depth: int) -> str:
    return _ENCODER.encode(value).replace("\n", "\n" + _INDENT * depth)


def _pitch_text(cp: ComputedPitch) -> str:
    return _nested(_pitch(cp), 2)


def _organisation_text(o: OrganisationSummary) -> str:
    return _nested(_organisation(o), 2)


@dataclass(frozen=True)
class JsonExport:
    """The JSON export's text, and what the next export reuses: the catalogue it was made from
    and where each pitch's and organisation's object lies in the text (in their order)."""

    computed: ComputedCatalogue
    data: bytes  # the text, UTF-8: what the site publishes
    pitch_spans: tuple[Span, ...]
    organisation_spans: tuple[Span, ...]
    reused_pitches: int  # how many objects were copied from the previous export
    reused_organisations: int

    @property
    def text(self) -> str:
        return self.data.decode()


def _json_list(
    asm: Assembler, items: Sequence[E], make: Callable[[E], str], previous: dict[str, tuple[E, Span]], equal: bool
) -> tuple[tuple[Span, ...], int]:
    """A list at depth 1, one fragment per item; where each lies, and how many were copied."""
    if not items:
        asm.add("[]")
        return (), 0
    inner = "\n" + _INDENT * 2
    before = asm.reused
    asm.add("[" + inner)
    spans = asm.fragments(items, make, previous, separator="," + inner, equal=equal)
    asm.add("\n" + _INDENT + "]")
    return spans, asm.reused - before


def json_export(computed: ComputedCatalogue, previous: JsonExport | None = None) -> JsonExport:
    """The export of `computed`: the same text as from scratch, copying from `previous` each
    pitch's object whose ComputedPitch is the same or ==, and each organisation's whose
    OrganisationSummary is the same object (they show nothing else: today and the settings
    only reach the document's head)."""
    lists: dict[str, tuple[Any, Any, dict[str, Any], bool]] = {
        "pitches": (
            computed.pitches, _pitch_text,
            index(previous.computed.pitches, previous.pitch_spans) if previous else {}, True,
        ),
        # == on an OrganisationSummary compares every pledge it made: dearer than its object
        "organisations": (
            computed.organisations, _organisation_text,
            index(previous.computed.organisations, previous.organisation_spans) if previous else {}, False,
        ),
    }
    head = _head(computed)
    made: dict[str, tuple[tuple[Span, ...], int]] = {}
    asm = Assembler(previous.data if previous else b"")
    asm.add("{")
    for i, key in enumerate(sorted([*head, *lists])):
        asm.add(("," if i else "") + "\n" + _INDENT + _ENCODER.encode(key) + ": ")
        if key in head:
            asm.add(_nested(head[key], 1))
        else:
            made[key] = _json_list(asm, *lists[key])
    asm.add("\n}\n")
    (pitch_spans, reused_pitches), (org_spans, reused_orgs) = made["pitches"], made["organisations"]
    return JsonExport(computed, asm.data(), pitch_spans, org_spans, reused_pitches, reused_orgs)


def to_json(computed: ComputedCatalogue) -> str:
    """UTF-8 JSON text, two-space indent, sorted keys, ending in a newline."""
    return json_export(computed).text

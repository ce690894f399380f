"""The computed catalogue as JSON: the keys `cofund export` promises, and the richer figures.

Money is a string of pounds with two decimals ("6000.00", exact, never a float); percent
funded is a string with two decimals, rounded down ("66.66"); dates are YYYY-MM-DD. Keys are
sorted and lists keep compute's order (by id; pledges by date then organisation), so the
same data and today always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..compute import (
    AdopterFee,
    ComputedCatalogue,
    ComputedPitch,
    FundMatch,
    FundSummary,
    Interest,
    JoiningCost,
    OrganisationSummary,
    Partner,
    percent_text,
)
from ..money import Pence, pounds
from .download import Download, json_bytes


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _money(pence: Pence | None) -> str | None:
    return None if pence is None else pounds(pence)


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
        "would_save": pounds(p.would_save),
        "released": pounds(p.released),
        "rebate": pounds(p.rebate),
        "net_cost": pounds(p.net_cost),
        "in_kind": p.in_kind,
        "conditions": p.pledge.conditions,
        "interested_on": _day(p.pledge.interested_on),
        "invoiced_on": _day(p.pledge.invoiced_on),
        "paid_on": _day(p.pledge.paid_on),
        "withdrawn_on": _day(p.pledge.withdrawn_on),
        "matched": pounds(p.matched),
    }


def _fund_match(fm: FundMatch) -> dict[str, Any]:
    """One fund on one pitch: in the pitch's `funds` and the fund's `pitches`."""
    return {
        "fund": fm.fund,
        "pitch": fm.pitch,
        "eligible": fm.eligible,
        "why_not": fm.why_not,
        "matched": pounds(fm.matched),
        "returned": pounds(fm.returned),
        "pledges": [
            {
                "organisation": m.org,
                "date": m.date.isoformat(),
                "ratio_amount": pounds(m.ratio_amount),
                "matched": pounds(m.amount),
                "returned": pounds(m.returned),
                "limited_by": m.limit,
                "why_not": m.why,
            }
            for m in fm.pledges
        ],
    }


def _fund(f: FundSummary) -> dict[str, Any]:
    fund, rules = f.fund, f.fund.rules
    return {
        "id": f.id,
        "name": fund.name,
        "holder": fund.holder,
        "description": fund.description,
        "name_cy": fund.name_cy,
        "description_cy": fund.description_cy,
        "pot": pounds(fund.pot),
        "committed": pounds(f.committed),
        "left": pounds(f.left),
        "returned": pounds(f.returned),
        "open": f.is_open,
        "pitches": list(f.matched_pitches),
        "applications": [_fund_match(p) for p in f.pitches],
        "rules": {
            "ratio": f"{rules.match}:{rules.per}",
            "opens": rules.opens.isoformat(),
            "closes": rules.closes.isoformat(),
            "cap_per_pitch": _money(rules.cap_per_pitch),
            "cap_per_partner": _money(rules.cap_per_partner),
            "min_partners": rules.min_partners,
            "categories": [c.value for c in rules.categories],
            "sectors": list(rules.sectors),
            "nations": [n.value for n in rules.nations],
            "organisation_types": [t.value for t in rules.types],
            "organisations": list(rules.organisations),
        },
    }


def _interest(i: Interest) -> dict[str, Any]:
    return {
        "organisation": i.org,
        "role": i.role.value,
        "date": i.date.isoformat(),
        "tier": i.pledge.tier,
        "conditions": i.pledge.conditions,
    }


def _joining(j: JoiningCost) -> dict[str, Any]:
    return {"partners": j.partners, "tier": j.tier, "pays": pounds(j.pays), "most": pounds(j.most), "now": j.now}


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
    welsh_labels = {t.id: t.label_cy for t in f.tiers}
    return {
        # the CLI contract
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
        # the Welsh texts (Cymraeg), null where the pitch gives none
        "title_cy": pitch.title_cy,
        "summary_cy": pitch.summary_cy,
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
        "would_save": pounds(cp.would_save),
        "reached": _money(cp.reached),
        "percent_reached": None if cp.percent_reached is None else percent_text(cp.percent_reached),
        "released_partners": [p.org for p in cp.released_pledges],
        "interested": [i.org for i in cp.interested],
        "interests": [_interest(i) for i in cp.interested],
        "cap": pounds(cp.cap),
        "stretch": [
            {
                "item": x.item, "item_cy": line.item_cy, "amount": pounds(x.amount), "funded": x.funded,
                "covered": pounds(x.covered),
            }
            for x, line in zip(cp.stretch, pitch.business_case.stretch, strict=True)  # compute keeps their order
        ],
        "joining": [_joining(j) for j in cp.joining],
        "pledges": [_pledge(p) for p in cp.pledges],
        "shared_cost": None if cp.shared is None else {
            "min_partners": cp.shared.min_partners,
            "joined": cp.shared.joined,
            "split_among": cp.shared.split_among,
            "share_today": pounds(cp.shared.share_today),
            "ceiling": pounds(cp.shared.ceiling),
            "next_share": pounds(cp.shared.next_share),
            "released_partners": cp.shared.released_partners,
            "released_share": pounds(cp.shared.released_share),
        },
        "tiers": [
            {
                "id": t.id, "label": t.label, "label_cy": welsh_labels.get(t.id), "price": pounds(t.price),
                "types": [x.value for x in t.types], "joined": t.joined,
            }
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
        "matched": pounds(cp.matched),
        "match_released": pounds(cp.match_released),
        "raised": pounds(cp.raised),
        "funds": [_fund_match(fm) for fm in cp.funds],
    }


def _organisation(o: OrganisationSummary) -> dict[str, Any]:
    org = o.organisation
    return {
        # the CLI contract: `pitches` are those its pledge counts towards
        "id": org.id,
        "name": org.name,
        "pledged_total": pounds(o.committed),
        "pitches": list(o.pledged_to),
        "interested": list(o.interested_in),
        # the richer figures
        "type": org.type.value,
        "nation": org.nation.value,
        "org_id": org.org_id,
        "name_cy": org.name_cy,
        "proposed": list(o.proposed),
        "adopted": list(o.adopted),
        "adoption_fees": pounds(o.adoption_fees),
        "rebates": pounds(o.rebates),
        "saved": pounds(o.saved),
        "matched": pounds(o.matched),
        "funds": list(o.funds),
    }


def _head(computed: ComputedCatalogue) -> dict[str, Any]:
    """The export's whole-document parts."""
    s = computed.stats
    settings = computed.catalogue.settings
    return {
        "catalogue": {"name": settings.name, "repository": settings.repository, "sample_data": settings.sample_data},
        "today": computed.today.isoformat(),
        "stats": {
            "organisations": s.organisations,
            "pitches": s.pitches,
            "pledges": s.pledges,
            "interests": s.interests,
            "bodies_engaged": s.bodies_engaged,
            "money_pledged": pounds(s.money_pledged),
            "money_pooled": pounds(s.money_pooled),
            "money_saved": pounds(s.money_saved),
            "money_matched": pounds(s.money_matched),
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
        "funds": [_fund(f) for f in computed.funds],
    }


def json_export(computed: ComputedCatalogue) -> Download:
    """UTF-8 JSON, two-space indent, sorted keys, ending in a newline."""
    return Download(json_bytes(catalogue_data(computed), sort_keys=True))

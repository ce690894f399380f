"""Per organisation and whole-catalogue figures, summed from the computed pitches."""

from __future__ import annotations

from collections import defaultdict
from types import MappingProxyType

from ..model import Catalogue, Category, Model, Nation
from .results import (
    AdopterFee,
    CatalogueStats,
    ComputedPitch,
    OrganisationSummary,
    Partner,
    Status,
)

# Every sector a pitch may name, in the schema's order, so every count has every key.
SECTORS = (
    "local-government", "health", "social-care", "housing", "police",
    "fire", "education", "transport", "central-government", "third-sector",
)


def organisations(catalogue: Catalogue, pitches: tuple[ComputedPitch, ...]) -> tuple[OrganisationSummary, ...]:
    """Every organisation's summary, from the computed pitches (sorted by id)."""
    pledges: dict[str, list[Partner]] = defaultdict(list)
    adoptions: dict[str, list[AdopterFee]] = defaultdict(list)
    proposed: dict[str, list[str]] = defaultdict(list)
    interested: dict[str, list[str]] = defaultdict(list)
    saved: dict[str, int] = defaultdict(int)
    for cp in pitches:  # sorted by id, so every list below is too
        proposed[cp.pitch.proposer].append(cp.id)
        for p in cp.pledges:
            pledges[p.org].append(p)
            saved[p.org] += p.saving  # 0 unless the pitch goes ahead
        for i in cp.interested:
            interested[i.org].append(cp.id)
        for a in cp.adopters:
            adoptions[a.org].append(a)
            saved[a.org] += a.saving
    out = []
    for org in catalogue.organisations:
        mine = tuple(pledges[org.id])
        counting = [p for p in mine if p.counts]
        adopted = tuple(adoptions[org.id])
        out.append(
            OrganisationSummary(
                organisation=org,
                pledges=mine,
                adoptions=adopted,
                proposed=tuple(proposed[org.id]),
                pledged_to=tuple(p.pledge.pitch for p in counting),
                interested_in=tuple(interested[org.id]),
                adopted=tuple(a.adopter.pitch for a in adopted),
                committed=sum(p.pays for p in counting),
                adoption_fees=sum(a.fee for a in adopted),
                rebates=sum(p.rebate for p in counting),
                saved=saved[org.id],
                matched=sum(p.matched for p in counting),
                funds=tuple(f.id for f in catalogue.funds if f.holder == org.id),
            )
        )
    return tuple(out)


def _count(keys: tuple[str, ...], values: list[str]) -> MappingProxyType[str, int]:
    counts = dict.fromkeys(keys, 0)
    for v in values:
        counts[v] += 1
    return MappingProxyType(counts)


def stats(
    catalogue: Catalogue, pitches: tuple[ComputedPitch, ...], orgs: tuple[OrganisationSummary, ...]
) -> CatalogueStats:
    nation = {o.id: o.nation.value for o in catalogue.organisations}
    engaged = sum(1 for o in orgs if o.proposed or o.pledged_to or o.adopted)
    going = [cp for cp in pitches if cp.status.goes_ahead]
    return CatalogueStats(
        organisations=len(orgs),
        pitches=len(pitches),
        pledges=sum(len(cp.partners) for cp in pitches),
        interests=sum(len(cp.interested) for cp in pitches),
        bodies_engaged=engaged,
        money_pledged=sum(cp.pledged for cp in pitches),
        money_pooled=sum(cp.pledged for cp in going),
        money_saved=sum(cp.saving for cp in pitches) + sum(a.saving for cp in pitches for a in cp.adopters),
        money_matched=sum(cp.matched for cp in pitches),
        adoption_fees=sum(cp.adoption_fees for cp in pitches),
        rebates=sum(cp.rebates for cp in pitches),
        stale=sum(1 for cp in pitches if cp.stale),
        by_status=_count(tuple(s.value for s in Status), [cp.status.value for cp in pitches]),
        by_category=_count(tuple(c.value for c in Category), [cp.pitch.category.value for cp in pitches]),
        by_sector=_count(SECTORS, [s for cp in pitches for s in cp.pitch.sectors]),
        by_nation=_count(tuple(n.value for n in Nation), [nation[cp.pitch.proposer] for cp in pitches]),
        by_model=_count(tuple(m.value for m in Model), [cp.pitch.funding.model.value for cp in pitches]),
    )

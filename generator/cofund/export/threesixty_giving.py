"""Grants as 360Giving data (data/360giving.json), for pitches that opt in with `grant: true`.

Most pledges buy a service or a share of one and are not grants, so only a grant pitch's
pledges are published here, and only once paid: each is one grant from the partner (the
funding organisation) to the proposer (the recipient), both named by org-id (validate makes
sure they have one); the proposer's own pledge is not a grant. The amount awarded and disbursed
is what the partner pays; the award date is the day it pledged. Grant ids are `360G-cofund-`
with the pitch and the partner: cofund has no publisher prefix registered with 360Giving.
"""

from __future__ import annotations

from typing import Any

from ..compute import ComputedCatalogue, ComputedPitch, PledgeState
from ..model import Organisation
from .download import Download
from .standards import DATA_LICENCE, dumps, money_number, organisations, package_address

GRANT_PREFIX = "360G-cofund"
PATH = "data/360giving.json"
TITLE_LIMIT = 140  # the standard asks for a title under 140 characters


def _organisation(org: Organisation) -> dict[str, Any]:
    # validate requires an org_id of every grant's funder and recipient
    return {"id": org.org_id or "", "name": org.name, "url": org.website}


def _title(pitch_title: str, funder: str) -> str:
    title = f"{pitch_title}: {funder}"
    return title if len(title) < TITLE_LIMIT else title[: TITLE_LIMIT - 2].rstrip() + "…"


def grants(cp: ComputedPitch, orgs: dict[str, Organisation]) -> list[dict[str, Any]]:
    pitch = cp.pitch
    recipient = orgs[pitch.proposer]
    out = []
    for p in cp.pledges:
        if p.state is not PledgeState.PAID or p.org == pitch.proposer:  # no grant to itself
            continue
        funder = orgs[p.org]
        out.append({
            "id": f"{GRANT_PREFIX}-{pitch.id}-{p.org}",
            "title": _title(pitch.title, funder.name),
            "description": pitch.summary,
            "currency": "GBP",
            "amountAwarded": money_number(p.pays),
            "amountDisbursed": money_number(p.pays),
            "awardDate": p.date.isoformat(),
            "recipientOrganization": [_organisation(recipient)],
            "fundingOrganization": [_organisation(funder)],
            "grantProgramme": [{"code": pitch.id, "title": pitch.title}],
        })
    return out


def threesixty_giving_package(computed: ComputedCatalogue, site_url: str | None = None) -> dict[str, Any] | None:
    """The 360Giving package as JSON-ready data, or None when there is no paid grant (the
    standard's package needs at least one)."""
    orgs = dict(organisations(computed))
    found = [g for cp in computed.pitches if cp.pitch.grant for g in grants(cp, orgs)]
    if not found:
        return None
    name = computed.catalogue.settings.name
    return {
        "grants": found,
        "version": "1.4",
        "title": f"{name}: grants paid through co-funded pitches",
        "description": "Pledges to pitches whose partners give grants to the proposer, once paid.",
        "issued": computed.today.isoformat(),
        "publisher": {"name": name, "website": computed.catalogue.settings.repository},
        "accessURL": package_address(computed, site_url, PATH),
        "license": DATA_LICENCE,
    }


def threesixty_giving_export(computed: ComputedCatalogue, site_url: str | None = None) -> Download | None:
    """data/360giving.json, or None when there is nothing to publish."""
    package = threesixty_giving_package(computed, site_url)
    return None if package is None else Download(dumps(package))

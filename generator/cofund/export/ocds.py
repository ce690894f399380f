"""Every pitch taking pledges as an Open Contracting (OCDS 1.1) release at the planning stage:
data/ocds.json, a release package.

Each release names the parties by org-id (the proposer as buyer and procuring entity, the
partners as funders, interested organisations as interested parties), takes its budget from
the target, and maps the procurement route to OCDS's closed `method` codelist (PROCUREMENT_METHOD,
with the reason for each). A pitch with an `ocid` (its Find a Tender notice) uses it, so the
planning record joins the notice's process; without one the ocid is `ocds-cofund-` and the
pitch's id, a prefix that is not registered with the Open Contracting Partnership.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..compute import ComputedCatalogue, ComputedPitch, Status
from ..model import Organisation, Procurement
from .download import Download
from .standards import DATA_LICENCE, dumps, money_number, organisations, package_address

OCID_PREFIX = "ocds-cofund"
PATH = "data/ocds.json"

# The route -> OCDS method (open, selective, limited, direct).
PROCUREMENT_METHOD = {
    # below the threshold the buyer asks suppliers of its choice for quotes
    Procurement.THREE_QUOTES: "limited",
    # a G-Cloud call-off: the buyer shortlists from the framework's catalogue and picks
    Procurement.G_CLOUD: "limited",
    # Digital Outcomes and Specialists: only the framework's (qualified) suppliers may bid
    Procurement.DOS: "selective",
    # a procedure with a selection stage before the invited suppliers bid
    Procurement.INNOVATION_PARTNERSHIP: "selective",
    # a partner's own team or a Teckal company: no competition
    Procurement.IN_HOUSE: "direct",
}
ROUTE_NAMES = {
    Procurement.THREE_QUOTES: "Three quotes (below the procurement threshold)",
    Procurement.G_CLOUD: "G-Cloud framework call-off",
    Procurement.DOS: "Digital Outcomes and Specialists framework",
    Procurement.INNOVATION_PARTNERSHIP: "Innovation partnership",
    Procurement.IN_HOUSE: "In-house or Teckal company",
}


def _time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def party_id(org: Organisation) -> str:
    """The org-id when there is one, else the catalogue's own id for the organisation."""
    return org.org_id or f"cofund-{org.id}"


def _party(org: Organisation, roles: list[str]) -> dict[str, Any]:
    party: dict[str, Any] = {"id": party_id(org), "name": org.name}
    if org.org_id:
        country, register, code = org.org_id.split("-", 2)  # GB-LAE-KIR: scheme GB-LAE, id KIR
        party["identifier"] = {"scheme": f"{country}-{register}", "id": code, "legalName": org.name}
    party["contactPoint"] = {"url": org.website}
    party["roles"] = roles
    return party


def _parties(cp: ComputedPitch, orgs: dict[str, Organisation]) -> list[dict[str, Any]]:
    roles: dict[str, list[str]] = {cp.pitch.proposer: ["buyer", "procuringEntity"]}
    for p in cp.partners:
        roles.setdefault(p.org, []).append("funder")
    for i in cp.interested:
        roles.setdefault(i.org, []).append("interestedParty")
    return [_party(orgs[org_id], r) for org_id, r in roles.items()]


def release(cp: ComputedPitch, orgs: dict[str, Organisation]) -> dict[str, Any]:
    pitch = cp.pitch
    ocid = pitch.ocid or f"{OCID_PREFIX}-{pitch.id}"
    proposer = orgs[pitch.proposer]
    reference = {"id": party_id(proposer), "name": proposer.name}
    value = {"amount": money_number(cp.target), "currency": "GBP"}
    return {
        "ocid": ocid,
        "id": f"{ocid}-planning-{cp.last_update.isoformat()}",
        "date": _time(cp.last_update),
        "tag": ["planning"],
        "initiationType": "tender",
        "language": "en",
        "parties": _parties(cp, orgs),
        "buyer": reference,
        "planning": {
            "rationale": pitch.business_case.problem,
            "budget": {
                "description": "Pooled by the partners who pledge to the pitch; the funding target",
                "amount": value,
                "project": pitch.title,
                "projectID": pitch.id,
            },
        },
        "tender": {
            "id": pitch.id,
            "title": pitch.title,
            "description": pitch.summary,
            "status": "planning",
            "procuringEntity": reference,
            "value": value,
            "procurementMethod": PROCUREMENT_METHOD[pitch.procurement],
            "procurementMethodDetails": ROUTE_NAMES[pitch.procurement],
            "mainProcurementCategory": "services",
            "tenderPeriod": {"endDate": _time(pitch.funding.deadline)},
        },
    }


def ocds_package(computed: ComputedCatalogue, site_url: str | None = None) -> dict[str, Any]:
    """The release package as JSON-ready data: one release per pitch that is open or funded and
    still taking pledges (an expired pitch is not being planned any more)."""
    orgs = dict(organisations(computed))
    settings = computed.catalogue.settings
    taking = [cp for cp in computed.pitches if cp.status in (Status.OPEN, Status.FUNDED) and cp.accepting]
    return {
        "uri": package_address(computed, site_url, PATH),
        "version": "1.1",
        "publishedDate": _time(computed.today),
        "publisher": {"name": settings.name, "uri": settings.repository},
        "license": DATA_LICENCE,
        "releases": [release(cp, orgs) for cp in taking],
    }


def ocds_export(computed: ComputedCatalogue, site_url: str | None = None) -> Download:
    """data/ocds.json: the release package, UTF-8, two-space indent."""
    return Download(dumps(ocds_package(computed, site_url)))

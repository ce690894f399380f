"""A publiccode.yml for every product: each pitch in development or live that names its source
`repository`, so catalogues of public software (Developers Italia, OpenCode) list it.

Written to the publiccode.yml standard, version 0.5 (the keys below). What comes from where:
the stage and delivery phase give `developmentStatus` (DEVELOPMENT_STATUS); the supplier is the
maintenance contractor until the funding deadline plus the contract's duration (a product built
in-house is maintained internally); the partners are `fundedBy` and, with the later adopters,
`usedBy`; `contract.spdx` is `legal.license`; the proposer is the publishing `organisation`.
An organisation is named by its org-id as a URN (`urn:x-org-id:GB-LAE-KIR`, in the way the
standard's own example names an Italian body), or by its website when it has none. The
descriptions are in English: the catalogue holds no Welsh text yet.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import yaml

from ..compute import ComputedCatalogue, ComputedPitch
from ..model import Organisation, Phase, Procurement, Stage
from .standards import organisations

VERSION = "0.5"
SHORT_LIMIT, LONG_MIN, LONG_LIMIT, FEATURE_LIMIT = 150, 150, 10_000, 100  # the standard's lengths

# The delivery phase of a product in development -> developmentStatus (discovery and alpha, or no
# phase given: "development"); a live product is "stable".
DEVELOPMENT_STATUS = {Phase.BETA: "beta", Phase.LIVE: "beta"}
# sector -> the standard's intendedAudience scope
SCOPES = {
    "local-government": "local-authorities", "health": "healthcare", "social-care": "welfare",
    "housing": "society", "police": "security", "fire": "emergency-services", "education": "education",
    "transport": "transportation", "central-government": "government", "third-sector": "society",
}


def has_publiccode(cp: ComputedPitch) -> bool:
    return cp.pitch.repository is not None and cp.pitch.stage in (Stage.IN_DEVELOPMENT, Stage.LIVE)


def _uri(org: Organisation) -> str:
    return f"urn:x-org-id:{org.org_id}" if org.org_id else org.website


def _clip(text: str, limit: int) -> str:
    """`text` on one line, cut at a word to fit `limit` characters (with an ellipsis)."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _description(cp: ComputedPitch) -> dict[str, Any]:
    pitch = cp.pitch
    text: dict[str, Any] = {"localisedName": pitch.title, "shortDescription": _clip(pitch.summary, SHORT_LIMIT)}
    long = f"{pitch.summary}\n\n{pitch.body}".strip()
    if len(long) > LONG_LIMIT:
        long = long[: LONG_LIMIT - 1].rsplit("\n", 1)[0].rstrip() + "…"
    if len(long) >= LONG_MIN:  # the standard wants 150 characters or more, else none
        text["longDescription"] = long + "\n"
    text["features"] = [_clip(b, FEATURE_LIMIT) for b in pitch.business_case.benefits]
    return text


def _maintenance(cp: ComputedPitch) -> dict[str, Any]:
    pitch = cp.pitch
    if pitch.procurement is Procurement.IN_HOUSE or pitch.contract.supplier is None:
        return {"type": "internal"}
    until = _months_later(pitch.funding.deadline, pitch.contract.duration_months)
    return {"type": "contract", "contractors": [{"name": pitch.contract.supplier, "until": until.isoformat()}]}


def document(cp: ComputedPitch, orgs: dict[str, Organisation]) -> dict[str, Any]:
    """The publiccode.yml of one product, as YAML-ready data in the standard's key order."""
    pitch = cp.pitch
    proposer = orgs[pitch.proposer]
    funders = [orgs[p.org] for p in cp.partners]
    users = [*funders, *(orgs[a.org] for a in cp.adopters)]
    phase_status = DEVELOPMENT_STATUS.get(pitch.phase, "development") if pitch.phase else "development"
    status = "stable" if pitch.stage is Stage.LIVE else phase_status
    scopes = sorted({SCOPES[s] for s in pitch.sectors if s in SCOPES})
    doc: dict[str, Any] = {
        "publiccodeYmlVersion": VERSION,
        "name": pitch.title,
        "url": pitch.repository,
        "platforms": ["web"],
        "usedBy": list(dict.fromkeys(o.name for o in users)),
        "developmentStatus": status,
        "softwareType": "standalone/web",
        "intendedAudience": {"countries": ["GB"], **({"scope": scopes} if scopes else {})},
        "description": {"en": _description(cp)},
        "legal": {"license": pitch.contract.spdx, "repoOwner": proposer.name},
        "maintenance": _maintenance(cp),
        "localisation": {"localisationReady": False, "availableLanguages": ["en"]},
        "organisation": {"name": proposer.name, "uri": _uri(proposer)},
        "fundedBy": [{"name": o.name, "uri": _uri(o)} for o in funders],
    }
    if not doc["usedBy"]:
        del doc["usedBy"]
    return doc


def _yaml(pitch_id: str, doc: dict[str, Any]) -> str:
    head = f"# The publiccode.yml of {pitch_id}, made by cofund from pitches/{pitch_id}/pitch.yml and its pledges.\n"
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def publiccode_files(computed: ComputedCatalogue) -> dict[str, str]:
    """{pitch id: the text of its products/<pitch>/publiccode.yml}, for every pitch that has one."""
    orgs = dict(organisations(computed))
    return {cp.id: _yaml(cp.id, document(cp, orgs)) for cp in computed.pitches if has_publiccode(cp)}

"""Organisation identifiers (org-id.guide): which lists fit which organisations, and the rules
that use them.

An org-id is a list's code and the organisation's code in that list (`GB-LAE-KIR`). The
schema lets through only the lists below; here each identifier is checked against its list's
format, its organisation's type and nation, and an organisation that pledges money must have
one, so the 360Giving and OCDS exports can name every funder. The table is written out in
organisation.schema.json's description of org_id: keep the two the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Nation, Organisation, OrgType, Pitch
from ..problems import Problem
from .context import Context


@dataclass(frozen=True)
class Scheme:
    name: str  # the list's name, as org-id.guide gives it
    code: re.Pattern[str]  # the organisation's code in the list
    code_words: str  # that format in words, for the message
    example: str
    nations: frozenset[Nation]  # empty: any nation


def _scheme(name: str, code: str, words: str, example: str, *nations: Nation) -> Scheme:
    return Scheme(name, re.compile(code), words, example, frozenset(nations))


_ENGLAND, _WALES, _SCOTLAND, _NI = Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND, Nation.NORTHERN_IRELAND

SCHEMES: dict[str, Scheme] = {
    "GB-LAE": _scheme("the Local Authorities for England register", r"[A-Z]{3,4}", "three or four capital letters",
                      "GB-LAE-KIR", _ENGLAND),
    "GB-PLA": _scheme("the Principal Local Authority register for Wales", r"[A-Z]{3}", "three capital letters",
                      "GB-PLA-CRF", _WALES),
    "GB-LAS": _scheme("the Scottish Local Authority register", r"[A-Z]{3}", "three capital letters",
                      "GB-LAS-EDH", _SCOTLAND),
    "GB-LANI": _scheme("the Local authorities for Northern Ireland register", r"[A-Z]{3}", "three capital letters",
                       "GB-LANI-BFS", _NI),
    "GB-NHS": _scheme("the NHS Organisation Data Service", r"[A-Z0-9]{3,5}", "three to five capital letters or digits",
                      "GB-NHS-RR8"),
    "GB-SHPE": _scheme("the register of social housing providers in England", r"[A-Z0-9]{1,8}",
                       "up to eight capital letters or digits", "GB-SHPE-LH4401", _ENGLAND),
    "GB-MPR": _scheme("the FCA Mutuals Public Register", r"[A-Z0-9]{1,12}", "up to twelve capital letters or digits",
                      "GB-MPR-30102R"),
    "GB-COH": _scheme("Companies House", r"[0-9]{8}|[A-Z]{2}[0-9]{6}",
                      "eight characters: eight digits, or two capital letters and six digits", "GB-COH-01234567"),
    "GB-CHC": _scheme("the Charity Commission for England and Wales", r"[0-9]{6,7}", "six or seven digits",
                      "GB-CHC-1145181"),
    "GB-SC": _scheme("the Scottish Charity Register", r"SC[0-9]{6}", "SC and six digits", "GB-SC-SC042870"),
    "GB-NIC": _scheme("the Charity Commission for Northern Ireland", r"[0-9]{6}", "six digits", "GB-NIC-100012"),
    "GB-GOVUK": _scheme("GOV.UK's organisations", r"[a-z0-9]+(-[a-z0-9]+)*",
                        "the organisation's GOV.UK slug, lowercase words joined by hyphens",
                        "GB-GOVUK-department-for-education"),
    "GB-GOR": _scheme("the Government Organisation Register", r"[A-Z]{1,2}[0-9]{1,6}",
                      "one or two capital letters and up to six digits", "GB-GOR-D1198"),
}

_COUNCIL_ENGLAND = ("GB-LAE",)
_CHARITIES = ("GB-CHC", "GB-SC", "GB-NIC")

# Which lists fit each type. Police forces and fire services have no list of their own: GB-LAE
# fits those a county council or a combined authority runs.
ALLOWED: dict[OrgType, tuple[str, ...]] = {
    OrgType.COUNTY: _COUNCIL_ENGLAND,
    OrgType.DISTRICT: _COUNCIL_ENGLAND,
    OrgType.UNITARY: _COUNCIL_ENGLAND,
    OrgType.METROPOLITAN_DISTRICT: _COUNCIL_ENGLAND,
    OrgType.LONDON_BOROUGH: _COUNCIL_ENGLAND,
    OrgType.COMBINED_AUTHORITY: _COUNCIL_ENGLAND,
    OrgType.WELSH_PRINCIPAL_AREA: ("GB-PLA",),
    OrgType.SCOTTISH_COUNCIL: ("GB-LAS",),
    OrgType.NI_DISTRICT: ("GB-LANI",),
    OrgType.NHS_TRUST: ("GB-NHS",),
    OrgType.ICB: ("GB-NHS",),
    OrgType.HOUSING_ASSOCIATION: ("GB-SHPE", "GB-MPR", "GB-COH", *_CHARITIES),
    OrgType.POLICE: ("GB-LAE", "GB-GOVUK", "GB-GOR", "GB-COH"),
    OrgType.FIRE: ("GB-LAE", "GB-GOVUK", "GB-GOR", "GB-COH"),
    OrgType.CENTRAL_GOVERNMENT: ("GB-GOVUK", "GB-GOR"),
    OrgType.SME: ("GB-COH", "GB-MPR"),
    OrgType.THIRD_SECTOR: (*_CHARITIES, "GB-COH", "GB-MPR"),
    OrgType.OTHER: tuple(SCHEMES),
}

# No org-id.guide list covers them, so a pledge of money does not need one (a grant does).
EXEMPT = frozenset({OrgType.POLICE, OrgType.FIRE})


def split(org_id: str) -> tuple[str, str]:
    """"GB-LAE-KIR" -> ("GB-LAE", "KIR"). The schema has checked the list's code is known."""
    first, second, code = org_id.split("-", 2)
    return f"{first}-{second}", code


def fitting(org: Organisation) -> tuple[str, ...]:
    """The lists that fit the organisation's type and nation."""
    return tuple(s for s in ALLOWED[org.type] if not SCHEMES[s].nations or org.nation in SCHEMES[s].nations)


def _advice(org: Organisation) -> str:
    kind = f"{org.type.value} in {org.nation.value}"
    lists = fitting(org)
    if not lists:
        return f"no list has a {kind}: check the type and nation"
    names = "; ".join(f"{s}, {SCHEMES[s].name}, such as {SCHEMES[s].example}" for s in lists)
    return f"a {kind} takes {names}"


def org_id_fits(ctx: Context) -> Iterator[Problem]:
    for org in ctx.catalogue.organisations:
        if org.org_id is None:
            continue
        prefix, code = split(org.org_id)
        scheme = SCHEMES[prefix]
        if prefix not in fitting(org):
            yield ctx.problem(
                org.source, ("org_id",),
                f"{prefix} is {scheme.name}, which does not list a {org.type.value} in {org.nation.value}: "
                f"{_advice(org)}",
            )
        elif not scheme.code.fullmatch(code):
            yield ctx.problem(
                org.source, ("org_id",),
                f"'{code}' is not a code in {scheme.name}: after {prefix}- it is {scheme.code_words}, "
                f"such as {scheme.example}",
            )


def _needs(ctx: Context, org_id: str, grant: bool) -> Organisation | None:
    """The organisation, when it has no org_id and needs one."""
    org = ctx.org(org_id)
    if org is None or org.org_id is not None or (org.type in EXEMPT and not grant):
        return None
    return org


def money_pledgers_have_org_ids(ctx: Context) -> Iterator[Problem]:
    pitches: dict[str, Pitch] = {p.id: p for p in ctx.catalogue.pitches}
    for p in ctx.all_pledges():
        if not p.status.is_money:
            continue
        pitch = pitches.get(p.pitch)
        grant = pitch is not None and pitch.grant
        org = _needs(ctx, p.org, grant)
        if org is None:
            continue
        what = "a grant" if grant else f"a pledge of money ({p.status.value})"
        yield ctx.problem(
            p.source, ("status",),
            f"{what} is published under the organisation's org-id, and {org.name} has none: "
            f"add org_id to {org.source} ({_advice(org)})",
        )


def grant_recipients_have_org_ids(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        org = _needs(ctx, pitch.proposer, True) if pitch.grant else None
        if org is not None:
            yield ctx.problem(
                pitch.source, ("grant",),
                f"a grant pitch is published as 360Giving data with its proposer as the recipient, and "
                f"{org.name} has no org-id: add org_id to {org.source} ({_advice(org)})",
            )


def repositories_have_a_licence(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        if pitch.repository is not None and pitch.contract.spdx is None:
            yield ctx.problem(
                pitch.source, ("contract",),
                "a pitch that names a repository is published with a publiccode.yml, which needs the licence as "
                "an SPDX expression: add spdx under contract (such as MIT, or MIT AND OGL-UK-3.0)",
            )

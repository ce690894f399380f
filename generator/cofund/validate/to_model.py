"""Stage 2b, turn each schema-valid file into the typed model (cofund.model).

Only files that passed their schema come here, so every required field is present and of
the right type; this module converts (pounds -> pence, text -> dates and enums) and nothing
else. Judgements across files are in rules.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from .. import model as m
from ..load import DataFile, Kind
from ..money import to_pence

_PRIORITIES = ("critical", "high", "normal")


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _opt(data: dict[str, Any], key: str) -> Any:
    return data.get(key)


def _lines_cy(data: dict[str, Any], key: str) -> tuple[str, ...] | None:
    return tuple(data[key]) if key in data else None


def _cost_line(c: dict[str, Any], core: bool) -> m.CostLine:
    return m.CostLine(c["item"], to_pence(c["amount"]), core, c.get("item_cy"))


def _opt_date(data: dict[str, Any], key: str) -> dt.date | None:
    return _date(data[key]) if key in data else None


def settings(data: dict[str, Any]) -> m.Settings:
    return m.Settings(
        name=data["name"],
        repository=data["repository"].rstrip("/"),
        maintainers=tuple(data["maintainers"]),
        sample_data=bool(data.get("sample_data", False)),
    )


def organisation(file: DataFile) -> m.Organisation:
    d = file.parsed.data
    return m.Organisation(
        id=file.place.id,
        name=d["name"],
        type=m.OrgType(d["type"]),
        nation=m.Nation(d["nation"]),
        website=d["website"],
        gss_code=_opt(d, "gss_code"),
        signatories=tuple(m.Signatory(s["name"], s["role"], s["github"]) for s in d["signatories"]),
        source=file.path,
        org_id=_opt(d, "org_id"),
        name_cy=_opt(d, "name_cy"),
    )


def pledge(file: DataFile) -> m.Pledge:
    d = file.parsed.data
    percent = d.get("percent")
    return m.Pledge(
        pitch=file.place.pitch or "",
        org=file.place.id,
        date=_date(d["date"]),
        signatory=d["signatory"],
        role=m.Role(d["role"]),
        amount=to_pence(d["amount"]) if "amount" in d else None,
        percent=str(Decimal(percent)) if percent is not None else None,
        tier=_opt(d, "tier"),
        in_kind=_opt(d, "in_kind"),
        conditions=_opt(d, "conditions"),
        status=m.PledgeStatus(d["status"]),
        source=file.path,
        interested_on=_opt_date(d, "interested_on"),
        invoiced_on=_opt_date(d, "invoiced_on"),
        paid_on=_opt_date(d, "paid_on"),
        withdrawn_on=_opt_date(d, "withdrawn_on"),
    )


def adopter(file: DataFile) -> m.Adopter:
    d = file.parsed.data
    return m.Adopter(
        pitch=file.place.pitch or "",
        org=file.place.id,
        date=_date(d["date"]),
        fee=to_pence(d["fee"]),
        signatory=d["signatory"],
        source=file.path,
    )


def pitch(file: DataFile, pledges: tuple[m.Pledge, ...], adopters: tuple[m.Adopter, ...]) -> m.Pitch:
    d = file.parsed.data
    bc, f, sla, contract = d["business_case"], d["funding"], d["sla"], d["contract"]
    adoption = d.get("adoption")
    return m.Pitch(
        id=file.place.id,
        title=d["title"],
        summary=d["summary"],
        body=d["body"],
        proposer=d["proposer"],
        category=m.Category(d["category"]),
        sectors=tuple(d["sectors"]),
        tags=tuple(d.get("tags", ())),
        stage=m.Stage(d["stage"]),
        phase=m.Phase(d["phase"]) if "phase" in d else None,
        created=_date(d["created"]),
        business_case=m.BusinessCase(
            problem=bc["problem"],
            users=bc["users"],
            benefits=tuple(bc["benefits"]),
            cost_alone=to_pence(bc["cost_alone"]),
            cost_lines=tuple(_cost_line(c, c["core"]) for c in bc["cost_lines"]),
            stretch=tuple(_cost_line(c, False) for c in bc.get("stretch", ())),
            problem_cy=_opt(bc, "problem_cy"),
            users_cy=_opt(bc, "users_cy"),
            benefits_cy=_lines_cy(bc, "benefits_cy"),
        ),
        procurement=m.Procurement(d["procurement"]),
        contract=m.Contract(
            contract.get("supplier"), contract["licence"], contract["duration_months"], contract.get("spdx")
        ),
        sla=m.Sla(
            availability=str(sla["availability"]),
            support_hours=sla["support_hours"],
            response_times=tuple((p, sla["response_times"][p]) for p in _PRIORITIES if p in sla["response_times"]),
        ),
        funding=m.Funding(
            model=m.Model(f["model"]),
            target=to_pence(f["target"]),
            deadline=_date(f["deadline"]),
            min_partners=f.get("min_partners"),
            all_or_nothing=f.get("all_or_nothing", True),
            tiers=tuple(
                m.Tier(
                    t["id"], t["label"], to_pence(t["price"]), tuple(m.OrgType(x) for x in t.get("types", ())),
                    t.get("label_cy"),
                )
                for t in f.get("tiers", ())
            ),
        ),
        updates=tuple(
            sorted(
                (
                    m.Update(_date(u["date"]), u["title"], u["body"], u.get("title_cy"), u.get("body_cy"))
                    for u in d.get("updates", ())
                ),
                key=lambda u: u.date,
            )
        ),
        milestones=tuple(
            m.Milestone(x["title"], _date(x["due"]), _date(x["done"]) if "done" in x else None, x.get("title_cy"))
            for x in d.get("milestones", ())
        ),
        adoption=m.Adoption(to_pence(adoption["price"]), adoption["rebate_percent"]) if adoption else None,
        pledges=pledges,
        adopters=adopters,
        source=file.path,
        repository=_opt(d, "repository"),
        grant=bool(d.get("grant", False)),
        ocid=_opt(d, "ocid"),
        funds=tuple(sorted(d.get("funds", ()))),
        title_cy=_opt(d, "title_cy"),
        summary_cy=_opt(d, "summary_cy"),
        body_cy=_opt(d, "body_cy"),
    )


def fund(file: DataFile) -> m.Fund:
    d = file.parsed.data
    r = d["rules"]
    match, per = (int(x) for x in r["ratio"].split(":"))
    return m.Fund(
        id=file.place.id,
        name=d["name"],
        holder=d["holder"],
        description=d["description"],
        pot=to_pence(d["pot"]),
        rules=m.FundRules(
            match=match,
            per=per,
            opens=_date(r["opens"]),
            closes=_date(r["closes"]),
            cap_per_pitch=to_pence(r["cap_per_pitch"]) if "cap_per_pitch" in r else None,
            cap_per_partner=to_pence(r["cap_per_partner"]) if "cap_per_partner" in r else None,
            min_partners=r.get("min_partners"),
            categories=tuple(m.Category(c) for c in r.get("categories", ())),
            sectors=tuple(r.get("sectors", ())),
            nations=tuple(m.Nation(n) for n in r.get("nations", ())),
            types=tuple(m.OrgType(t) for t in r.get("organisation_types", ())),
            organisations=tuple(r.get("organisations", ())),
        ),
        source=file.path,
        name_cy=_opt(d, "name_cy"),
        description_cy=_opt(d, "description_cy"),
    )


def catalogue(valid: list[DataFile], settings_: m.Settings) -> m.Catalogue:
    """Assemble the model from schema-valid files; pledges and adopters join their pitch."""
    pledges: dict[str, list[m.Pledge]] = defaultdict(list)
    adopters: dict[str, list[m.Adopter]] = defaultdict(list)
    orgs, pitch_files, funds = [], [], []
    for file in valid:
        if file.kind is Kind.ORGANISATION:
            orgs.append(organisation(file))
        elif file.kind is Kind.PITCH:
            pitch_files.append(file)
        elif file.kind is Kind.PLEDGE:
            p = pledge(file)
            pledges[p.pitch].append(p)
        elif file.kind is Kind.ADOPTER:
            a = adopter(file)
            adopters[a.pitch].append(a)
        elif file.kind is Kind.FUND:
            funds.append(fund(file))
    pitches = [
        pitch(
            f,
            tuple(sorted(pledges[f.place.id], key=lambda p: p.org)),
            tuple(sorted(adopters[f.place.id], key=lambda a: a.org)),
        )
        for f in pitch_files
    ]
    return m.Catalogue(
        settings=settings_,
        organisations=tuple(sorted(orgs, key=lambda o: o.id)),
        pitches=tuple(sorted(pitches, key=lambda p: p.id)),
        funds=tuple(sorted(funds, key=lambda f: f.id)),
    )

"""Stage 2c, the rules across files: references exist, signatories are on the list, pledges
fit their pitch's funding model, dates and stages agree.

Each rule is a small function that yields problems; `RULES` lists them in the order a reader
would check. They see the typed catalogue and, for positions, the parsed files. Which files
they see is explained in validate/__init__.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..compute.funding import is_funded, live_pledges, pledged_total, threshold
from ..load import Kind
from ..model import Model, Nation, Pitch, Stage
from ..money import display
from ..problems import Problem
from .context import Context, Rule
from .context import fmt as _fmt
from .fund_rules import funds_are_consistent, matched_pledges_stay_within_the_cap, pitches_name_funds_that_exist
from .language_rules import welsh_bodies_publish_in_welsh, welsh_lines_match
from .org_ids import (
    grant_recipients_have_org_ids,
    money_pledgers_have_org_ids,
    org_id_fits,
    repositories_have_a_licence,
)
from .pledge_rules import (
    duplicate_tiers,
    model_problems,
    pledge_steps_are_in_order,
    pledges_fit_the_model,
    pledges_stay_within_the_cap,
    withdrawals_are_allowed,
)

__all__ = ["RULES", "Context", "check_rules"]


def proposer_exists(ctx: Context) -> Iterator[Problem]:
    orgs = ctx.org_ids
    for pitch in ctx.catalogue.pitches:
        if ctx.orgs_known and pitch.proposer not in orgs:
            yield ctx.problem(
                pitch.source, ("proposer",),
                f"there is no organisation '{pitch.proposer}': the proposer must be the id of a file in "
                f"organisations/, so add organisations/{pitch.proposer}.yml first or use an existing id",
            )


def unique_signatories(ctx: Context) -> Iterator[Problem]:
    for org in ctx.catalogue.organisations:
        seen: set[str] = set()
        for i, s in enumerate(org.signatories):
            login = s.github.lower()
            if login in seen:
                yield ctx.problem(
                    org.source, ("signatories", i, "github"),
                    f"'{s.github}' is listed twice (GitHub logins ignore case): list each signatory once",
                )
            seen.add(login)


# The first letter of a GSS code names the nation of the area (K: the UK or Great Britain).
_GSS_NATIONS = {"E": Nation.ENGLAND, "W": Nation.WALES, "S": Nation.SCOTLAND, "N": Nation.NORTHERN_IRELAND}


def gss_code_fits_nation(ctx: Context) -> Iterator[Problem]:
    for org in ctx.catalogue.organisations:
        if org.gss_code is None:
            continue
        nation = _GSS_NATIONS.get(org.gss_code[0])
        if nation is not None and nation is not org.nation:
            yield ctx.problem(
                org.source, ("gss_code",),
                f"{org.gss_code} is the code of an area in {nation.value}, but nation is {org.nation.value}: "
                f"check the code (codes for {org.nation.value} start with "
                f"{next(k for k, v in _GSS_NATIONS.items() if v is org.nation)}) or the nation",
            )


def pledges_and_adopters_have_a_pitch(ctx: Context) -> Iterator[Problem]:
    pitches = ctx.pitch_ids
    for path, place in ctx.places.items():
        if place.pitch is not None and place.pitch not in pitches:
            folder = "a pledges/" if place.kind is Kind.PLEDGE else "an adopters/"
            yield ctx.problem(
                path, (),
                f"there is no pitch '{place.pitch}': pitches/{place.pitch}/pitch.yml is missing, and "
                f"{folder} folder belongs inside a pitch's folder next to its pitch.yml",
            )


def _signed(ctx: Context, path: str, org_id: str, signatory: str, what: str) -> Iterator[Problem]:
    if org_id not in ctx.org_ids:
        if not ctx.orgs_known:
            return
        yield ctx.problem(
            path, (),
            f"there is no organisation '{org_id}': the file name must be the id of an organisation, "
            f"so add organisations/{org_id}.yml first or rename this file",
        )
        return
    org = ctx.org(org_id)
    if org is not None and not org.is_signatory(signatory):
        logins = ", ".join(s.github for s in org.signatories)
        yield ctx.problem(
            path, ("signatory",),
            f"'{signatory}' is not a signatory of {org.name}, so cannot authorise this {what}: "
            f"use one of its signatories ({logins}) or add this person to organisations/{org.id}.yml first",
        )


def pledges_are_signed(ctx: Context) -> Iterator[Problem]:
    for p in ctx.all_pledges():
        yield from _signed(ctx, p.source, p.org, p.signatory, "pledge")
    for a in ctx.all_adopters():
        yield from _signed(ctx, a.source, a.org, a.signatory, "adoption")


def _dates_in_order(ctx: Context, pitch: Pitch) -> bool:
    return pitch.created <= ctx.today and pitch.funding.deadline >= pitch.created


def pitch_funding_is_consistent(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        f = pitch.funding
        if f.model is not Model.TIERED and f.tiers:
            yield ctx.problem(
                pitch.source, ("funding", "tiers"),
                f"tiers are only for the tiered model and this pitch uses {f.model.value}: "
                "remove them or set model: tiered",
            )
        seen: set[str] = set()
        for i, t in enumerate(f.tiers):
            if t.id in seen:
                yield ctx.problem(
                    pitch.source, ("funding", "tiers", i, "id"),
                    f"the tier id '{t.id}' is used twice: give each tier its own id",
                )
            seen.add(t.id)
        if f.model is Model.SHARED_COST and pitch.business_case.stretch:
            yield ctx.problem(
                pitch.source, ("business_case", "stretch"),
                "a shared-cost pitch splits its target equally and raises no more, so it has no stretch lines: "
                "remove them, or use the target model",
            )
        lines = pitch.business_case.cost_lines
        total = sum(c.amount for c in lines)
        if total != f.target:
            yield ctx.problem(
                pitch.source, ("business_case", "cost_lines"),
                f"the cost lines add up to {display(total)} but the funding target is {display(f.target)}: "
                "they must be equal",
            )
        if not f.all_or_nothing and not any(c.core for c in lines):
            yield ctx.problem(
                pitch.source, ("funding", "all_or_nothing"),
                "a pitch that keeps what it raises goes ahead once its core cost lines are covered, and "
                "none is marked core: mark at least one cost line core: true",
            )
        if f.deadline < pitch.created:
            yield ctx.problem(
                pitch.source, ("funding", "deadline"),
                f"the deadline {_fmt(f.deadline)} is before the pitch was created ({_fmt(pitch.created)}): "
                "it must be on or after that date",
            )


def _index_in_file(ctx: Context, pitch: Pitch, key: str, date_key: str, day: dt.date, title: str) -> int:
    """Where an update or milestone is in pitch.yml (the model sorts updates by date)."""
    items = ctx.files[pitch.source].parsed.data.get(key, [])
    for i, item in enumerate(items):
        if item.get("title") == title and item.get(date_key) == day.isoformat():
            return i
    return 0


def dates_are_consistent(ctx: Context) -> Iterator[Problem]:
    later = f"is after today ({_fmt(ctx.today)})"
    for pitch in ctx.catalogue.pitches:
        if pitch.created > ctx.today:
            yield ctx.problem(
                pitch.source, ("created",),
                f"the date {_fmt(pitch.created)} {later}: a pitch is created on the day it is proposed",
            )
        for u in pitch.updates:
            if u.date > ctx.today:
                i = _index_in_file(ctx, pitch, "updates", "date", u.date, u.title)
                yield ctx.problem(
                    pitch.source, ("updates", i, "date"),
                    f"the update '{u.title}' is dated {_fmt(u.date)}, which {later}: "
                    "date an update the day it is posted",
                )
        for i, ms in enumerate(pitch.milestones):
            if ms.done is not None and ms.done > ctx.today:
                yield ctx.problem(
                    pitch.source, ("milestones", i, "done"),
                    f"{_fmt(ms.done)} {later}: a milestone is done only once it has happened",
                )
        if not _dates_in_order(ctx, pitch):
            continue  # the pitch's own dates are wrong (told above): pledges are not measured by them
        for p in pitch.pledges:
            if p.date <= ctx.today and p.date > pitch.funding.deadline:
                yield ctx.problem(
                    p.source, ("date",),
                    f"the pledge date {_fmt(p.date)} is after the pitch's deadline ({_fmt(pitch.funding.deadline)}): "
                    "pledges are taken up to the deadline",
                )
            elif p.date < pitch.created:
                yield ctx.problem(
                    p.source, ("date",),
                    f"the pledge date {_fmt(p.date)} is before the pitch was created ({_fmt(pitch.created)}): "
                    "a pledge is made to a pitch that exists",
                )
    for p in ctx.all_pledges():
        if p.date > ctx.today:
            yield ctx.problem(
                p.source, ("date",),
                f"the pledge date {_fmt(p.date)} {later}: date a pledge the day it is made",
            )
    for a in ctx.all_adopters():
        if a.date > ctx.today:
            yield ctx.problem(
                a.source, ("date",),
                f"the adoption date {_fmt(a.date)} {later}: date an adoption the day it is agreed",
            )


def _what_funds(pitch: Pitch) -> str:
    """What is still needed for `pitch` to be funded, in words."""
    f = pitch.funding
    if f.model is Model.SHARED_COST and f.all_or_nothing:
        return f"at least {f.min_partners} partners have joined ({len(live_pledges(pitch))} so far)"
    what = "the target" if f.all_or_nothing else "the core cost lines"
    reach = f"the pledges reach {what} ({display(threshold(pitch))}; {display(pledged_total(pitch))} so far)"
    joined = len(live_pledges(pitch))
    if f.model is not Model.SHARED_COST and f.min_partners and joined < f.min_partners:
        return f"{reach} and at least {f.min_partners} partners have joined ({joined} so far)"
    return reach


def stage_fits_funding(ctx: Context) -> Iterator[Problem]:
    funded_stages = (Stage.IN_DEVELOPMENT, Stage.LIVE)
    pledge_files = {place.pitch for place in ctx.places.values() if place.kind is Kind.PLEDGE}
    for pitch in ctx.catalogue.pitches:
        # A pitch is judged on its funding only when every pledge to it is valid and fits
        # its model: otherwise the total would blame the pitch for a pledge's mistake.
        if (
            pitch.stage in funded_stages
            and pitch.id not in ctx.incomplete_pitches
            and not duplicate_tiers(pitch)
            and next(model_problems(ctx, pitch), None) is None
            and not is_funded(pitch, matched=ctx.matching.matched(pitch.id))
        ):
            yield ctx.problem(
                pitch.source, ("stage",),
                f"a pitch can be {pitch.stage.value} only once it is funded, and '{pitch.id}' is not: "
                f"keep it open until {_what_funds(pitch)}",
            )
        if pitch.phase is not None and pitch.stage not in funded_stages:
            yield ctx.problem(
                pitch.source, ("phase",),
                f"phase is only for pitches in development or live, and this one is {pitch.stage.value}: remove it",
            )
        if pitch.stage is Stage.DRAFT and pitch.id in pledge_files:
            yield ctx.problem(
                pitch.source, ("stage",),
                "a draft pitch takes no pledges, and this one has some: "
                "open it first (stage: open), or remove the pledges",
            )


def adopters_fit(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        pledgers = {p.org for p in pitch.pledges}
        for a in pitch.adopters:
            if pitch.stage not in (Stage.LIVE, Stage.RETIRED):
                yield ctx.problem(
                    a.source, (),
                    f"'{pitch.id}' is {pitch.stage.value}, and only a live product can be adopted: "
                    "add adopters once the pitch's stage is live",
                )
            elif pitch.adoption is None:
                yield ctx.problem(
                    a.source, (),
                    f"'{pitch.id}' has no adoption terms: its pitch.yml needs an adoption section "
                    "(price and rebate_percent) before others can adopt it",
                )
            if a.org in pledgers:
                yield ctx.problem(
                    a.source, (),
                    f"{a.org} pledged to '{pitch.id}', so it is a founder, not a later adopter: remove this file",
                )


RULES: tuple[Rule, ...] = (
    proposer_exists,
    unique_signatories,
    gss_code_fits_nation,
    org_id_fits,
    pledges_and_adopters_have_a_pitch,
    pledges_are_signed,
    pitch_funding_is_consistent,
    pledges_fit_the_model,
    pledges_stay_within_the_cap,
    funds_are_consistent,
    pitches_name_funds_that_exist,
    matched_pledges_stay_within_the_cap,
    dates_are_consistent,
    pledge_steps_are_in_order,
    withdrawals_are_allowed,
    stage_fits_funding,
    adopters_fit,
    money_pledgers_have_org_ids,
    grant_recipients_have_org_ids,
    repositories_have_a_licence,
    welsh_bodies_publish_in_welsh,
    welsh_lines_match,
)


def check_rules(ctx: Context) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(ctx)]

"""Stage 2c, the rules across files: references exist, signatories are on the list, pledges
fit their pitch's funding model, dates and stages agree.

Each rule is a small function that yields problems; `RULES` lists them in the order a reader
would check. They see the typed catalogue and, for positions, the parsed files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..compute.funding import is_funded
from ..load import DataFile
from ..model import Catalogue, Model, Organisation, Pitch, Stage
from ..money import display
from ..problems import Problem, field_path


@dataclass(frozen=True)
class Context:
    catalogue: Catalogue
    files: dict[str, DataFile]  # by path, for positions
    org_ids: frozenset[str]  # every organisation file present, valid or not
    pitch_ids: frozenset[str]  # every pitch.yml present, valid or not
    today: dt.date
    orgs: dict[str, Organisation]  # the schema-valid ones, by id

    def org(self, org_id: str) -> Organisation | None:
        return self.orgs.get(org_id)

    def problem(self, path: str, field: tuple[str | int, ...], message: str) -> Problem:
        pos = self.files[path].parsed.position(field)
        return Problem(path, pos.line, pos.column, field_path(field), message)


Rule = Callable[[Context], Iterator[Problem]]


def _fmt(day: dt.date) -> str:
    return day.isoformat()


def proposer_exists(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        if pitch.proposer not in ctx.org_ids:
            yield ctx.problem(
                pitch.source, ("proposer",),
                f"there is no organisation '{pitch.proposer}': add organisations/{pitch.proposer}.yml first, or use an existing id",
            )


def unique_signatories(ctx: Context) -> Iterator[Problem]:
    for org in ctx.catalogue.organisations:
        seen: set[str] = set()
        for i, s in enumerate(org.signatories):
            login = s.github.lower()
            if login in seen:
                yield ctx.problem(org.source, ("signatories", i, "github"), f"'{s.github}' is listed twice")
            seen.add(login)


def pledges_and_adopters_have_a_pitch(ctx: Context) -> Iterator[Problem]:
    for path, file in ctx.files.items():
        pitch = file.place.pitch
        if pitch is not None and pitch not in ctx.pitch_ids:
            yield ctx.problem(path, (), f"there is no pitch '{pitch}': pitches/{pitch}/pitch.yml is missing")


def _signed(ctx: Context, path: str, org_id: str, signatory: str, what: str) -> Iterator[Problem]:
    if org_id not in ctx.org_ids:
        yield ctx.problem(
            path, (),
            f"there is no organisation '{org_id}' (the file name is the organisation's id): add organisations/{org_id}.yml first",
        )
        return
    org = ctx.org(org_id)
    if org is not None and not org.is_signatory(signatory):
        logins = ", ".join(s.github for s in org.signatories)
        yield ctx.problem(
            path, ("signatory",),
            f"'{signatory}' is not a signatory of {org.name}, so cannot authorise this {what}; its signatories are: {logins}",
        )


def pledges_are_signed(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        for p in pitch.pledges:
            yield from _signed(ctx, p.source, p.org, p.signatory, "pledge")
        for a in pitch.adopters:
            yield from _signed(ctx, a.source, a.org, a.signatory, "adoption")


def pledges_fit_the_model(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        model = pitch.funding.model
        tiers = {t.id: t for t in pitch.funding.tiers}
        for p in pitch.pledges:
            given = [k for k in ("amount", "percent", "tier") if getattr(p, k) is not None]
            if model is Model.TARGET:
                if len(given) != 1 or given[0] == "tier":
                    yield ctx.problem(
                        p.source, ("tier",) if "tier" in given else (),
                        f"'{pitch.id}' uses the target model: give either amount (in pounds) or percent (of the target), exactly one",
                    )
            elif model is Model.SHARED_COST:
                for key in given:
                    yield ctx.problem(
                        p.source, (key,),
                        f"'{pitch.id}' shares its cost equally, so a pledge is one share and gives no {key}: remove this field",
                    )
            else:
                for key in given:
                    if key != "tier":
                        yield ctx.problem(
                            p.source, (key,),
                            f"'{pitch.id}' is tiered: a pledge gives its tier, not {key}: remove this field",
                        )
                if p.tier is None:
                    yield ctx.problem(
                        p.source, (),
                        f"'{pitch.id}' is tiered: add 'tier:' with one of: {', '.join(tiers)}",
                    )
                elif p.tier not in tiers:
                    yield ctx.problem(
                        p.source, ("tier",),
                        f"'{p.tier}' is not a tier of '{pitch.id}'; its tiers are: {', '.join(tiers)}",
                    )
                else:
                    org = ctx.org(p.org)
                    tier = tiers[p.tier]
                    if org is not None and tier.types and org.type not in tier.types:
                        allowed = ", ".join(t.value for t in tier.types)
                        yield ctx.problem(
                            p.source, ("tier",),
                            f"the tier '{tier.id}' is for {allowed}; {org.name} is {org.type.value}",
                        )


def pitch_funding_is_consistent(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        f = pitch.funding
        if f.model is not Model.TIERED and f.tiers:
            yield ctx.problem(pitch.source, ("funding", "tiers"), "tiers are only for the tiered model: remove them or set model: tiered")
        seen: set[str] = set()
        for i, t in enumerate(f.tiers):
            if t.id in seen:
                yield ctx.problem(pitch.source, ("funding", "tiers", i, "id"), f"the tier id '{t.id}' is used twice")
            seen.add(t.id)
        total = sum(c.amount for c in pitch.business_case.cost_lines)
        if total != f.target:
            yield ctx.problem(
                pitch.source, ("business_case", "cost_lines"),
                f"the cost lines add up to {display(total)} but the funding target is {display(f.target)}: they must be equal",
            )
        if f.deadline < pitch.created:
            yield ctx.problem(pitch.source, ("funding", "deadline"), f"the deadline {_fmt(f.deadline)} is before the pitch was created ({_fmt(pitch.created)})")


def dates_are_not_in_the_future(ctx: Context) -> Iterator[Problem]:
    later = f"is after today ({_fmt(ctx.today)})"
    for pitch in ctx.catalogue.pitches:
        if pitch.created > ctx.today:
            yield ctx.problem(pitch.source, ("created",), f"the date {_fmt(pitch.created)} {later}")
        for u in pitch.updates:
            if u.date > ctx.today:
                yield ctx.problem(pitch.source, ("updates",), f"the update '{u.title}' is dated {_fmt(u.date)}, which {later}")
        for i, ms in enumerate(pitch.milestones):
            if ms.done is not None and ms.done > ctx.today:
                yield ctx.problem(pitch.source, ("milestones", i, "done"), f"{_fmt(ms.done)} {later}: a milestone is done only once it has happened")
        for p in pitch.pledges:
            if p.date > ctx.today:
                yield ctx.problem(p.source, ("date",), f"the pledge date {_fmt(p.date)} {later}")
            elif p.date > pitch.funding.deadline:
                yield ctx.problem(p.source, ("date",), f"the pledge date {_fmt(p.date)} is after the pitch's deadline ({_fmt(pitch.funding.deadline)})")
        for a in pitch.adopters:
            if a.date > ctx.today:
                yield ctx.problem(a.source, ("date",), f"the adoption date {_fmt(a.date)} {later}")


def stage_fits_funding(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        funded_stages = (Stage.IN_DEVELOPMENT, Stage.LIVE)
        if pitch.stage in funded_stages and not is_funded(pitch):
            yield ctx.problem(
                pitch.source, ("stage",),
                f"a pitch can be {pitch.stage.value} only once it is funded, and '{pitch.id}' is not: keep it open until the pledges reach the target",
            )
        if pitch.phase is not None and pitch.stage not in funded_stages:
            yield ctx.problem(pitch.source, ("phase",), f"phase is only for pitches in development or live; this one is {pitch.stage.value}: remove it")
        if pitch.stage in (Stage.DRAFT,) and pitch.pledges:
            yield ctx.problem(pitch.source, ("stage",), "a draft pitch takes no pledges: open it first (stage: open), or remove the pledges")


def adopters_fit(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        pledgers = {p.org for p in pitch.pledges}
        for a in pitch.adopters:
            if pitch.adoption is None:
                yield ctx.problem(a.source, (), f"'{pitch.id}' has no adoption terms: its pitch.yml needs an adoption: section before others can adopt it")
            if pitch.stage not in (Stage.LIVE, Stage.RETIRED):
                yield ctx.problem(a.source, (), f"'{pitch.id}' is {pitch.stage.value}; only a live product can be adopted")
            if a.org in pledgers:
                yield ctx.problem(a.source, (), f"{a.org} pledged to '{pitch.id}', so it is a founder, not a later adopter: remove this file")


RULES: tuple[Rule, ...] = (
    proposer_exists,
    unique_signatories,
    pledges_and_adopters_have_a_pitch,
    pledges_are_signed,
    pitch_funding_is_consistent,
    pledges_fit_the_model,
    dates_are_not_in_the_future,
    stage_fits_funding,
    adopters_fit,
)


def check_rules(ctx: Context) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(ctx)]

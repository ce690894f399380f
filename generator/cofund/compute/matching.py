"""Match funds: which pledges each fund tops up, and by how much, worked out as a history.

The rules (fund.schema.json says them to users):
- A fund matches pledges of money (pledged, invoiced, paid: an interest is never money) to
  the pitches that name it, when the pitch is eligible (target or tiered model; its category
  and one of its sectors among the fund's, where the fund lists them), the pledging
  organisation is eligible (its nation, type, and id among the fund's, where listed), and
  the pledge is dated from the fund's opening day to its closing day.
- Things are taken in the order they happened: pledges by pledge date, then organisation id
  (then pitch id); a withdrawal on its withdrawn_on date (undated: today); a pitch that
  expires releases its pledges the day after its deadline; a pitch withdrawn, or retired
  without being funded, releases them today. On one day: pledges, then withdrawals, then
  releases.
- A match is made when its pledge is made, or, for a fund with min_partners, on the day the
  pitch first has that many partners (then every eligible pledge waiting is matched, in
  pledge order). It is the smallest of: the pledge times M / P, rounded down to the penny;
  what the cap per pitch leaves; what the cap per partner leaves; the pot left; and what the
  pitch may still raise (its cap: target plus stretch lines, less the partners' money and
  the matches already made). So a match never takes a pitch past its cap.
- A match once made stays (its pitch's partners leaving later does not undo it); it goes
  back to the pot only when its own pledge is withdrawn or its pitch releases its pledges.
  The money returned serves pledges made after that day: a withdrawal never raises a match
  already made.
- Two funds on one pitch match each pledge in the order of their ids; the second sees what
  the first left of the pitch's room.
- A pledge whose own money would take the pitch past its cap (the matches before it
  included) is refused by validate; here it is left out of the history (`over_cap`), so
  validate can say so.
Every figure is integer pence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Catalogue, Fund, Model, Organisation, Pitch, Pledge, PledgeStatus, Stage
from ..money import Pence, display
from .funding import cap, pledge_values, threshold

PLEDGE, WITHDRAWAL, RELEASE = 0, 1, 2  # the order of events on one day

# Why a pledge's match is less than its ratio, or nothing (PledgeMatch.limit).
LIMITS = ("pot", "cap-per-pitch", "cap-per-partner", "pitch-cap")


@dataclass(frozen=True)
class PledgeMatch:
    """One fund's match of one pledge. `amount` counts now; `returned` is what went back to
    the pot when the pledge was withdrawn or its pitch released its pledges."""

    fund: str
    pitch: str
    org: str
    date: dt.date  # the pledge date
    ratio_amount: Pence  # the pledge times M / P, rounded down: the match the ratio alone gives
    amount: Pence
    returned: Pence
    limit: str | None  # which of LIMITS cut the match below ratio_amount, if one did
    why: str | None  # why the pledge was not matched at all, in words (None when it was)


@dataclass(frozen=True)
class OverCap:
    """A pledge whose money would take its pitch past its cap (validate refuses it)."""

    before: Pence  # the partners' money and the matches counting when it was made
    after: Pence  # before plus the pledge
    most: Pence  # the pitch's cap


@dataclass(frozen=True)
class Matching:
    matches: tuple[PledgeMatch, ...]  # by fund id, then pitch id, then pledge order
    eligibility: dict[tuple[str, str], str | None]  # (fund, pitch) -> why it is not eligible, or None
    over_cap: dict[tuple[str, str], OverCap]  # (pitch, org)
    funded_when_withdrawn: dict[tuple[str, str], bool]  # (pitch, org): its pitch was funded just before

    def for_pitch(self, pitch: str) -> tuple[PledgeMatch, ...]:
        return tuple(m for m in self.matches if m.pitch == pitch)

    def matched(self, pitch: str) -> Pence:
        return sum(m.amount for m in self.matches if m.pitch == pitch)


NO_MATCHING = Matching((), {}, {}, {})


def pitch_eligibility(fund: Fund, pitch: Pitch) -> str | None:
    """Why `fund` does not match `pitch`, in words, or None when it may."""
    r = fund.rules
    if pitch.funding.model is Model.SHARED_COST:
        return "it splits its cost equally among partners (shared-cost), and a fund tops up pledges"
    if r.categories and pitch.category not in r.categories:
        allowed = ", ".join(c.value for c in r.categories)
        return f"its category is {pitch.category.value}, and the fund matches {allowed}"
    if r.sectors and not set(pitch.sectors) & set(r.sectors):
        return f"none of its sectors ({', '.join(pitch.sectors)}) is one the fund matches ({', '.join(r.sectors)})"
    return None


def org_eligibility(fund: Fund, org: Organisation | None, org_id: str) -> str | None:
    r = fund.rules
    if org is None:
        return f"'{org_id}' is not in the catalogue"
    if r.organisations and org_id not in r.organisations:
        return f"{org.name} is not one of the organisations the fund matches"
    if r.nations and org.nation not in r.nations:
        return f"{org.name} is in {org.nation.value.replace('-', ' ')}, outside the nations the fund matches"
    if r.types and org.type not in r.types:
        return f"{org.name} is a {org.type.value.replace('-', ' ')}, not a type of organisation the fund matches"
    return None


@dataclass
class _Pitch:
    pitch: Pitch
    funds: list[Fund]
    live: list[Pledge] = field(default_factory=list)  # the pledges of money counting at this point, in order
    money: Pence = 0  # what they are worth together (compute.funding.pledge_values)
    matched: dict[tuple[str, str], Pence] = field(default_factory=dict)  # (fund, org) -> counting match
    waiting: dict[str, list[Pledge]] = field(default_factory=lambda: defaultdict(list))
    started: set[str] = field(default_factory=set)

    def total(self) -> Pence:
        return self.money + sum(self.matched.values())

    def worth(self, pledges: list[Pledge]) -> Pence:
        # Valued together, as the published figures are (percentages by the largest remainder).
        return sum(pledge_values(self.pitch, tuple(pledges)).values())

    def funded(self) -> bool:
        return len(self.live) >= (self.pitch.funding.min_partners or 0) and self.total() >= threshold(self.pitch)


@dataclass
class _Fund:
    fund: Fund
    left: Pence
    per_pitch: dict[str, Pence] = field(default_factory=lambda: defaultdict(int))
    per_partner: dict[str, Pence] = field(default_factory=lambda: defaultdict(int))


@dataclass
class _Record:
    ratio_amount: Pence = 0
    amount: Pence = 0
    returned: Pence = 0
    limit: str | None = None
    why: str | None = None


def _release_day(pitch: Pitch, today: dt.date) -> dt.date | None:
    stage = pitch.stage
    if stage is Stage.OPEN and today > pitch.funding.deadline:
        return pitch.funding.deadline + dt.timedelta(days=1)  # released then, unless funded
    if stage in (Stage.WITHDRAWN, Stage.RETIRED):
        return today
    return None


class _History:
    def __init__(self, catalogue: Catalogue, today: dt.date):
        self.today = today
        self.orgs = {o.id: o for o in catalogue.organisations}
        self.funds = {f.id: _Fund(f, f.pot) for f in catalogue.funds}
        self.pitches: dict[str, _Pitch] = {}
        self.records: dict[tuple[str, str, str], _Record] = {}
        self.eligibility: dict[tuple[str, str], str | None] = {}
        self.over_cap: dict[tuple[str, str], OverCap] = {}
        self.refused: set[tuple[str, str]] = set()
        self.funded_when_withdrawn: dict[tuple[str, str], bool] = {}
        for pitch in catalogue.pitches:
            named = [self.funds[f].fund for f in pitch.funds if f in self.funds]
            for fund in named:
                self.eligibility[(fund.id, pitch.id)] = pitch_eligibility(fund, pitch)
            eligible = [f for f in named if self.eligibility[(f.id, pitch.id)] is None]
            if pitch.funds and pitch.funding.model is not Model.SHARED_COST:
                self.pitches[pitch.id] = _Pitch(pitch, eligible)

    def events(self) -> list[tuple[dt.date, int, str, str, Pledge | None]]:
        out: list[tuple[dt.date, int, str, str, Pledge | None]] = []
        for state in self.pitches.values():
            pitch = state.pitch
            for p in pitch.pledges:
                if p.status.is_money or p.status is PledgeStatus.WITHDRAWN:
                    out.append((p.date, PLEDGE, p.org, pitch.id, p))
                if p.status is PledgeStatus.WITHDRAWN:
                    out.append((max(p.withdrawn_on or self.today, p.date), WITHDRAWAL, p.org, pitch.id, p))
            day = _release_day(pitch, self.today)
            if day is not None:
                out.append((day, RELEASE, "", pitch.id, None))
        return sorted(out, key=lambda e: e[:4])

    def run(self) -> Matching:
        for day, kind, _, pitch_id, pledge in self.events():
            state = self.pitches[pitch_id]
            if kind == RELEASE:
                self.release(state)
            elif pledge is not None and kind == PLEDGE:
                self.pledge(state, pledge, day)
            elif pledge is not None:
                self.withdraw(state, pledge)
        return self.result()

    def record(self, fund: str, pitch: str, org: str) -> _Record:
        return self.records.setdefault((fund, pitch, org), _Record())

    def pledge(self, state: _Pitch, p: Pledge, day: dt.date) -> None:
        pitch = state.pitch
        # A pledge is worth what it is among the pledges counting when it is made (a later
        # withdrawal can move a percentage pledge's value by a penny; its match stays).
        joined = sorted([*state.live, p], key=lambda x: (x.date, x.org))
        value = pledge_values(pitch, tuple(joined)).get(p.org, 0)
        before, most = state.total(), cap(pitch)
        after = state.worth(joined) + state.total() - state.money
        if after > most:
            self.over_cap[(pitch.id, p.org)] = OverCap(before, after, most)
            self.refused.add((pitch.id, p.org))
            return
        state.live, state.money = joined, state.worth(joined)
        for fund in state.funds:
            rules = fund.rules
            rec = self.record(fund.id, pitch.id, p.org)
            why = org_eligibility(fund, self.orgs.get(p.org), p.org)
            rec.ratio_amount = value * rules.match // rules.per if why is None else 0
            if why is None and p.date < rules.opens:
                why = f"pledged on {p.date.isoformat()}, before the fund opened on {rules.opens.isoformat()}"
            elif why is None and p.date > rules.closes:
                why = f"pledged on {p.date.isoformat()}, after the fund closed on {rules.closes.isoformat()}"
            if why is None:
                state.waiting[fund.id].append(p)
            else:
                rec.why = why
            starts = rules.opens <= day <= rules.closes and len(state.live) >= (rules.min_partners or 0)
            if fund.id not in state.started and starts:
                state.started.add(fund.id)
            if fund.id in state.started:
                for waiting in state.waiting.pop(fund.id, []):
                    self.match(state, fund, waiting)
            elif why is None:
                rec.why = (f"the fund matches on a pitch once it has {rules.min_partners} partners, while the fund "
                           "is open: until then the pledge waits")

    def match(self, state: _Pitch, fund: Fund, p: Pledge) -> None:
        f = self.funds[fund.id]
        rules, pitch = fund.rules, state.pitch
        rec = self.record(fund.id, pitch.id, p.org)
        limits = {
            "pot": f.left,
            "cap-per-pitch": None if rules.cap_per_pitch is None else rules.cap_per_pitch - f.per_pitch[pitch.id],
            "cap-per-partner": None if rules.cap_per_partner is None else rules.cap_per_partner - f.per_partner[p.org],
            "pitch-cap": cap(pitch) - state.total(),
        }
        amount = rec.ratio_amount
        for name in LIMITS:
            most = limits[name]
            if most is not None and max(0, most) < amount:
                amount, rec.limit = max(0, most), name
        rec.amount, rec.why = amount, None
        if amount == 0:
            rec.why = _nothing_left(rec.limit, fund, pitch)
        f.left -= amount
        f.per_pitch[pitch.id] += amount
        f.per_partner[p.org] += amount
        state.matched[(fund.id, p.org)] = amount

    def give_back(self, state: _Pitch, fund_id: str, org: str) -> None:
        amount = state.matched.pop((fund_id, org), 0)
        f = self.funds[fund_id]
        f.left += amount
        f.per_pitch[state.pitch.id] -= amount
        f.per_partner[org] -= amount
        rec = self.record(fund_id, state.pitch.id, org)
        rec.amount, rec.returned = 0, amount

    def withdraw(self, state: _Pitch, p: Pledge) -> None:
        if (state.pitch.id, p.org) in self.refused:
            return
        self.funded_when_withdrawn[(state.pitch.id, p.org)] = state.funded()
        state.live = [x for x in state.live if x is not p]
        state.money = state.worth(state.live)
        for fund in state.funds:
            if p in state.waiting.get(fund.id, []):
                state.waiting[fund.id].remove(p)
            if (fund.id, p.org) in state.matched:
                self.give_back(state, fund.id, p.org)
            rec = self.record(fund.id, state.pitch.id, p.org)
            rec.why = rec.why or "the pledge was withdrawn"

    def release(self, state: _Pitch) -> None:
        if state.pitch.stage is not Stage.WITHDRAWN and state.funded():
            return  # funded by its deadline (or retired after going ahead): nothing is released
        for fund_id, org in list(state.matched):
            self.give_back(state, fund_id, org)
        state.waiting.clear()

    def result(self) -> Matching:
        matches = []
        for (fund_id, pitch_id, org), rec in sorted(self.records.items()):
            if (pitch_id, org) in self.refused:
                continue
            pledge = next(p for p in self.pitches[pitch_id].pitch.pledges if p.org == org)
            matches.append(PledgeMatch(
                fund_id, pitch_id, org, pledge.date, rec.ratio_amount, rec.amount, rec.returned, rec.limit, rec.why,
            ))
        matches.sort(key=lambda m: (m.fund, m.pitch, m.date, m.org))
        return Matching(tuple(matches), self.eligibility, self.over_cap, self.funded_when_withdrawn)


def _nothing_left(limit: str | None, fund: Fund, pitch: Pitch) -> str:
    return {
        "pot": "the pot was empty when it was pledged",
        "cap-per-pitch": (f"the fund had already matched its most for one pitch "
                          f"({display(fund.rules.cap_per_pitch or 0)})"),
        "cap-per-partner": (f"the fund had already matched its most for this organisation "
                            f"({display(fund.rules.cap_per_partner or 0)})"),
        "pitch-cap": f"'{pitch.id}' needed no more money: its cap ({display(cap(pitch))}) was reached",
    }.get(limit or "", "the ratio gives less than a penny")


def match_funds(catalogue: Catalogue, today: dt.date) -> Matching:
    """Every fund's matches on `today` (see the module's rules)."""
    if not catalogue.funds:
        return NO_MATCHING
    return _History(catalogue, today).run()

"""What compute hands to the renderers, the export and the PR check: frozen, exact, looked up by id.

Conventions, once for every type below:
- Money is `int` pence. Rounding happens in exactly three places, each documented where it
  happens: the rebate share of an adoption fee is rounded half up to the penny
  (`money.percent_of`); a pitch's percentage pledges are converted together by the largest
  remainder, so percentages adding up to 100% come to the target exactly
  (`compute.splits.split_percentages`); a sum divided among partners (equal shares, rebates
  pro rata) is split exactly so the parts add up to the whole to the penny (`compute.splits`).
- Savings are counted only on pitches that go ahead (funded or beyond): a partner's saving
  is max(0, cost_alone - what it pays); a pitch's and the catalogue's are sums of those.
- Percent funded is integer *basis points* (hundredths of a percent: 6666 = 66.66%), rounded
  DOWN, so a pitch never shows 100% before its pledges reach the target (2/3 is 6666, not
  6667). It is the one figure rounded down, because it is a claim about progress, not money.
  `percent_text` writes it as "66.66".
- Dates are `datetime.date`; "today" is the date compute was given.
- Order is stable: pitches and organisations by id; a pitch's pledges by pledge date, then
  organisation id (the order that decides who pays an odd penny); adopters by date, then id.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..model import Adopter, Catalogue, Organisation, OrgType, Pitch, Pledge, Role
from ..money import Pence
from .funds import FundMatch, FundSummary


class Status(enum.Enum):
    """A pitch's derived status: its stage, judged against its pledges, deadline and today.

    draft, withdrawn, in-development, live, retired: the stage as written.
    open: stage open, not yet funded, deadline not passed (today <= deadline).
    funded: stage open and the funding rule is met (pledges may still arrive until the deadline).
    expired: stage open, deadline passed and not funded: every pledge is released.
    """

    DRAFT = "draft"
    OPEN = "open"
    FUNDED = "funded"
    EXPIRED = "expired"
    IN_DEVELOPMENT = "in-development"
    LIVE = "live"
    WITHDRAWN = "withdrawn"
    RETIRED = "retired"

    @property
    def goes_ahead(self) -> bool:
        """Funded or beyond: its pledges are money pooled and its savings are real."""
        return self in (Status.FUNDED, Status.IN_DEVELOPMENT, Status.LIVE, Status.RETIRED)

    @property
    def releases_pledges(self) -> bool:
        """Expired or withdrawn: no pledge to it counts any more."""
        return self in (Status.EXPIRED, Status.WITHDRAWN)


class PledgeState(enum.Enum):
    """A pledge of money as it stands: its own status, or `released` when its pitch expired or
    was withdrawn. (An interest is not a pledge of money: see Interest.)"""

    PLEDGED = "pledged"
    INVOICED = "invoiced"
    PAID = "paid"
    WITHDRAWN = "withdrawn"
    RELEASED = "released"

    @property
    def counts(self) -> bool:
        """Only pledged, invoiced and paid pledges count as money anywhere."""
        return self not in (PledgeState.WITHDRAWN, PledgeState.RELEASED)


@dataclass(frozen=True)
class Partner:
    """One pledge of money to one pitch, as computed. Pledges that do not count (withdrawn,
    released) keep their record here with every money field 0, except `released`."""

    org: str  # organisation id
    role: Role
    date: dt.date  # the pledge date
    state: PledgeState
    pays: Pence  # what it pays under the pitch's model today (0 when it does not count)
    saving: Pence  # max(0, cost_alone - pays) once the pitch goes ahead (funded or beyond); else 0
    would_save: Pence  # max(0, cost_alone - pays) if the pitch goes ahead (0 when it does not count)
    released: Pence  # what it was worth when its pitch expired or was withdrawn (0 unless released)
    rebate: Pence  # its part of the adopters' rebates (pro rata to what it pays)
    net_cost: Pence  # pays - rebate
    in_kind: str | None  # help given in kind, as written: recorded, never money
    pledge: Pledge  # the source model object (percent, tier, conditions, signatory, dates, source path)
    matched: Pence = 0  # what match funds add to this pledge now (never part of `pays`)

    @property
    def counts(self) -> bool:
        return self.state.counts


@dataclass(frozen=True)
class Interest:
    """An organisation that says it is interested in a pitch and has not pledged: no money."""

    org: str
    role: Role  # how it expects to take part
    date: dt.date  # when it said so
    pledge: Pledge  # the source model object (conditions, tier it expects, source path)


@dataclass(frozen=True)
class SharedCost:
    """For the shared-cost model. The target is split equally among max(partners, min_partners);
    odd pennies go one each to the earliest partners, so `share_today` is the largest share and
    the others pay it or a penny less."""

    min_partners: int
    joined: int  # partners whose pledges count
    split_among: int  # how many ways the target is split today: max(joined, min_partners), 0 if no one has joined
    share_today: Pence  # the largest share a partner pays today (0 when no pledge counts)
    ceiling: Pence  # the most a partner can pay: the target split min_partners ways (largest share)
    next_share: Pence  # the largest share if one more partner joins
    released_partners: int  # partners whose pledges were released (expired or withdrawn pitch)
    released_share: Pence  # the largest share they had pledged when released (0 if none)


@dataclass(frozen=True)
class StretchLine:
    """A stretch line: an optional cost beyond the target, funded in the pitch's order."""

    item: str
    amount: Pence
    funded: bool  # the pledges beyond the target cover it and every line before it
    covered: Pence  # how much of it the pledges beyond the target cover (0 to amount)


@dataclass(frozen=True)
class JoiningCost:
    """One row of "what joining costs" on a pitch taking pledges: what one partner pays.

    shared-cost: one row per partner count from min_partners to min_partners + 5 (`partners`);
    tiered: one row per tier (`tier`); target: one row, the amount still needed (`partners` is
    the count with the newcomer). `most` is the largest pledge the cap still allows."""

    partners: int | None  # shared-cost and target: the number of partners, the newcomer included
    tier: str | None  # tiered: the tier's id
    pays: Pence  # what one partner pays (target: what completes the target)
    most: Pence  # the most one new pledge may be: cap - pledged (shared-cost and tiered: pays, or 0 if it does not fit)
    now: bool  # this row is what joining today costs (shared-cost: joined + 1 partners)


@dataclass(frozen=True)
class TierPrice:
    """For the tiered model: one tier, its price and how many partners joined at it."""

    id: str
    label: str
    price: Pence
    types: tuple[OrgType, ...]  # empty: open to every type
    joined: int


@dataclass(frozen=True)
class AdopterFee:
    """One later adopter of a live product."""

    org: str
    date: dt.date
    fee: Pence  # the fee it paid
    rebate: Pence  # the part of the fee returned to the founders: rebate_percent of fee, half up
    saving: Pence  # max(0, cost_alone - fee)
    adopter: Adopter  # the source model object


@dataclass(frozen=True)
class ComputedPitch:
    pitch: Pitch  # the source model object: title, body, funding terms, updates...
    status: Status
    target: Pence  # funding.target
    threshold: Pence  # what must be pledged to go ahead: the target, or the core cost lines (keep-what-you-raise)
    pledged: Pence  # the sum of `pays` over the pledges that count (0 when expired or withdrawn)
    released: Pence  # what the released pledges were worth when the pitch expired or was withdrawn
    reached: Pence | None  # expired or withdrawn (or retired unfunded): the money pledged when its
    # pledges were released, i.e. at the deadline for an expired pitch; None otherwise
    percent_reached: int | None  # reached / target in basis points, rounded down; None when reached is
    cap: Pence  # the most the pledges may come to: target + the stretch lines
    remaining: Pence  # max(0, target - pledged)
    to_threshold: Pence  # max(0, threshold - pledged): still needed to go ahead
    funded: bool  # the funding rule is met (see compute.funding.is_funded), and nothing was released
    percent_funded: int  # pledged / target in basis points, rounded down (above 10000 with a stretch)
    days_to_deadline: int  # deadline - today in days: 0 on the last day, negative after it
    pledges: tuple[Partner, ...]  # every pledge of money, counting or not, by date then org id
    partners: tuple[Partner, ...]  # the pledges that count
    released_pledges: tuple[Partner, ...]  # the pledges released when the pitch expired or was withdrawn
    interested: tuple[Interest, ...]  # organisations interested but not pledged, by date then org id
    shared: SharedCost | None  # shared-cost model only
    tiers: tuple[TierPrice, ...]  # tiered model only, in the pitch's order
    stretch: tuple[StretchLine, ...]  # the stretch lines, in the pitch's order
    joining: tuple[JoiningCost, ...]  # what joining costs, while the pitch takes pledges (else empty)
    cost_alone: Pence  # business_case.cost_alone
    saving: Pence  # the sum of the partners' savings (0 until the pitch goes ahead)
    would_save: Pence  # the sum of the partners' would_save: the saving if it goes ahead
    adopters: tuple[AdopterFee, ...]
    adoption_fees: Pence  # the sum of adopters' fees
    rebates: Pence  # the sum of adopters' rebates, all returned to the founders
    founders_net_cost: Pence  # pledged - rebates
    last_update: dt.date  # the latest update's date, or the created date if none
    stale: bool  # open, funded or in development, with no update for 90 days or more
    # Match funds (compute.matching). The match counts towards the target: `funded`,
    # `percent_funded`, `remaining`, `to_threshold`, `stretch` and `joining` are worked out on
    # `raised`; `pledged` and every partner's `pays` stay the partners' own money.
    matched: Pence = 0  # the funds' matches that count now
    match_released: Pence = 0  # the matches given back to the funds when the pitch released its pledges
    raised: Pence = 0  # pledged + matched
    funds: tuple[FundMatch, ...] = ()  # each fund the pitch names, in fund id order

    @property
    def id(self) -> str:
        return self.pitch.id

    @property
    def accepting(self) -> bool:
        """Open or funded, and the deadline not passed: it takes pledges."""
        return self.status in (Status.OPEN, Status.FUNDED) and self.days_to_deadline >= 0

    def partner(self, org_id: str) -> Partner | None:
        """This organisation's pledge to the pitch, counting or not."""
        for p in self.pledges:
            if p.org == org_id:
                return p
        return None


@dataclass(frozen=True)
class OrganisationSummary:
    """One organisation's portfolio. Pitch ids are sorted."""

    organisation: Organisation  # the source model object
    pledges: tuple[Partner, ...]  # every pledge it made, counting or not, by pitch id (Partner.pledge.pitch)
    adoptions: tuple[AdopterFee, ...]  # every adoption, by pitch id (AdopterFee.adopter.pitch)
    proposed: tuple[str, ...]  # pitches it proposed
    pledged_to: tuple[str, ...]  # pitches where its pledge counts
    interested_in: tuple[str, ...]  # pitches it said it is interested in, without pledging
    adopted: tuple[str, ...]  # pitches it adopted later
    committed: Pence  # the sum of what it pays on its counting pledges (open pitches included)
    adoption_fees: Pence  # the sum of its adoption fees
    rebates: Pence  # rebates it receives as a founder
    saved: Pence  # its savings (each never below 0) on pitches that go ahead, plus as an adopter
    matched: Pence = 0  # what match funds add to its counting pledges (not its money)
    funds: tuple[str, ...] = ()  # the match funds it holds

    @property
    def id(self) -> str:
        return self.organisation.id


@dataclass(frozen=True)
class CatalogueStats:
    """Totals for the whole catalogue. Each `by_*` map holds every possible key, zeros included,
    in a stable order; `by_sector` counts a pitch once under each of its sectors, `by_nation`
    counts pitches by their proposer's nation."""

    organisations: int
    pitches: int
    pledges: int  # pledges that count
    interests: int  # interests registered (not pledges; never money)
    bodies_engaged: int  # organisations that proposed a pitch, have a counting pledge, or adopted
    money_pledged: Pence  # every counting pledge, open pitches included
    money_pooled: Pence  # counting pledges on pitches that go ahead
    money_saved: Pence  # the sum of every partner's and adopter's saving (each never below 0)
    money_matched: Pence  # every match that counts (apart from money_pledged)
    adoption_fees: Pence
    rebates: Pence
    stale: int
    by_status: Mapping[str, int]
    by_category: Mapping[str, int]
    by_sector: Mapping[str, int]
    by_nation: Mapping[str, int]
    by_model: Mapping[str, int]


@dataclass(frozen=True)
class ComputedCatalogue:
    """The output of compute(catalogue, today). Look things up with `pitch(id)` and
    `organisation(id)`; iterate `pitches` and `organisations` (sorted by id)."""

    catalogue: Catalogue
    today: dt.date
    pitches: tuple[ComputedPitch, ...]
    organisations: tuple[OrganisationSummary, ...]
    stats: CatalogueStats
    funds: tuple[FundSummary, ...] = ()  # every match fund, by id
    _pitch_index: Mapping[str, ComputedPitch] = field(init=False, repr=False, compare=False)
    _org_index: Mapping[str, OrganisationSummary] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_pitch_index", MappingProxyType({p.id: p for p in self.pitches}))
        object.__setattr__(self, "_org_index", MappingProxyType({o.id: o for o in self.organisations}))

    def pitch(self, pitch_id: str) -> ComputedPitch:
        """KeyError if there is no such pitch."""
        return self._pitch_index[pitch_id]

    def organisation(self, org_id: str) -> OrganisationSummary:
        """KeyError if there is no such organisation."""
        return self._org_index[org_id]

    def fund(self, fund_id: str) -> FundSummary:
        """KeyError if there is no such fund."""
        for fund in self.funds:
            if fund.id == fund_id:
                return fund
        raise KeyError(fund_id)


def percent_text(basis_points: int) -> str:
    """6666 -> "66.66"."""
    whole, part = divmod(basis_points, 100)
    return f"{whole}.{part:02d}"

"""The catalogue as plain, typed, immutable data: what validate hands to every later stage.

Field meanings are documented once, in the JSON Schemas' descriptions (schemas/); the names
here are the same. Money is integer pence, dates are `datetime.date`, Markdown is the text as
written (rendering makes it safe). `source` is the file's path, kept for edit links and the
audit trail.

Welsh: each free-text field `x` has an optional Welsh sibling `x_cy` (None when the file
gives none), as in the files. `obj.text("x", lang)` is the one way to read a text in a
language: the Welsh when asked for and given, otherwise the English, saying which it is.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Generic, TypeVar

from .money import Pence

LANGUAGES = ("en", "cy")  # English, the language every file is written in, and Welsh (Cymraeg)
# Each language named in itself: the language switch and the hreflang links.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}

T = TypeVar("T", str, tuple[str, ...])


@dataclass(frozen=True)
class Localised(Generic[T]):
    """A text as shown in the language asked for: `value` is in `lang`, which is the language
    asked for unless no translation was given (`fallback`: mark it lang="en" on a Welsh page)."""

    value: T
    lang: str
    asked: str

    @property
    def fallback(self) -> bool:
        return self.lang != self.asked


class Bilingual:
    """Mixed into each dataclass with Welsh siblings (`x` and `x_cy`)."""

    def text(self, field: str, lang: str) -> Localised[str]:
        english: str = getattr(self, field)
        welsh: str | None = getattr(self, f"{field}_cy") if lang == "cy" else None
        return Localised(welsh, "cy", lang) if welsh is not None else Localised(english, "en", lang)

    def lines(self, field: str, lang: str) -> Localised[tuple[str, ...]]:
        """Like text(), for a list of lines (benefits)."""
        english: tuple[str, ...] = getattr(self, field)
        welsh: tuple[str, ...] | None = getattr(self, f"{field}_cy") if lang == "cy" else None
        return Localised(welsh, "cy", lang) if welsh is not None else Localised(english, "en", lang)


class OrgType(enum.Enum):
    COUNTY = "county"
    DISTRICT = "district"
    UNITARY = "unitary"
    METROPOLITAN_DISTRICT = "metropolitan-district"
    LONDON_BOROUGH = "london-borough"
    WELSH_PRINCIPAL_AREA = "welsh-principal-area"
    SCOTTISH_COUNCIL = "scottish-council"
    NI_DISTRICT = "ni-district"
    COMBINED_AUTHORITY = "combined-authority"
    NHS_TRUST = "nhs-trust"
    ICB = "icb"
    HOUSING_ASSOCIATION = "housing-association"
    POLICE = "police"
    FIRE = "fire"
    CENTRAL_GOVERNMENT = "central-government"
    SME = "sme"
    THIRD_SECTOR = "third-sector"
    OTHER = "other"


class Nation(enum.Enum):
    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


class Category(enum.Enum):
    SERVICE_TRANSFORMATION = "service-transformation"
    NEW_LEGISLATION_OR_POLICY = "new-legislation-or-policy"
    NEW_TECHNOLOGY = "new-technology"
    IN_HOUSE_BUILD = "in-house-build"


class Stage(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    IN_DEVELOPMENT = "in-development"
    LIVE = "live"
    WITHDRAWN = "withdrawn"
    RETIRED = "retired"


class Phase(enum.Enum):
    DISCOVERY = "discovery"
    ALPHA = "alpha"
    BETA = "beta"
    LIVE = "live"


class Procurement(enum.Enum):
    THREE_QUOTES = "three-quotes"
    G_CLOUD = "g-cloud"
    DOS = "dos"
    INNOVATION_PARTNERSHIP = "innovation-partnership"
    IN_HOUSE = "in-house"


class Model(enum.Enum):
    TARGET = "target"
    SHARED_COST = "shared-cost"
    TIERED = "tiered"


class Role(enum.Enum):
    FUNDER = "funder"
    CO_DESIGNER = "co-designer"
    PILOT_SITE = "pilot-site"


class PledgeStatus(enum.Enum):
    """A pledge's life: interest -> pledged -> invoiced -> paid, or withdrawn."""

    INTEREST = "interest"  # a named organisation is interested: no money, never counted
    PLEDGED = "pledged"
    WITHDRAWN = "withdrawn"
    INVOICED = "invoiced"
    PAID = "paid"

    @property
    def is_money(self) -> bool:
        """Pledged, invoiced or paid: a promise of money (whether it counts also depends on the pitch)."""
        return self in (PledgeStatus.PLEDGED, PledgeStatus.INVOICED, PledgeStatus.PAID)


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str
    github: str


@dataclass(frozen=True)
class Organisation(Bilingual):
    id: str
    name: str
    type: OrgType
    nation: Nation
    website: str
    gss_code: str | None
    signatories: tuple[Signatory, ...]
    source: str
    org_id: str | None = None  # its org-id.guide identifier, e.g. GB-LAE-KIR (validate/org_ids.py)
    name_cy: str | None = None

    def is_signatory(self, login: str) -> bool:
        # GitHub logins are case-insensitive.
        return any(s.github.lower() == login.lower() for s in self.signatories)


@dataclass(frozen=True)
class CostLine(Bilingual):
    item: str
    amount: Pence
    core: bool
    item_cy: str | None = None


@dataclass(frozen=True)
class BusinessCase(Bilingual):
    problem: str
    users: str
    benefits: tuple[str, ...]
    cost_alone: Pence
    cost_lines: tuple[CostLine, ...]  # add up to the funding target
    stretch: tuple[CostLine, ...]  # optional lines beyond the target, funded in this order (core False)
    problem_cy: str | None = None
    users_cy: str | None = None
    benefits_cy: tuple[str, ...] | None = None  # as many lines as benefits (validate/language_rules.py)


@dataclass(frozen=True)
class Contract:
    supplier: str | None
    licence: str
    duration_months: int
    spdx: str | None = None  # the licence as an SPDX expression, for publiccode.yml


@dataclass(frozen=True)
class Sla:
    availability: str  # as written, e.g. "99.5": a percentage shown to people, never computed with
    support_hours: str
    response_times: tuple[tuple[str, str], ...]  # (priority, time), in critical/high/normal order


@dataclass(frozen=True)
class Tier(Bilingual):
    id: str
    label: str
    price: Pence
    types: tuple[OrgType, ...]  # empty: open to every type
    label_cy: str | None = None


@dataclass(frozen=True)
class Funding:
    model: Model
    target: Pence
    deadline: dt.date
    min_partners: int | None
    all_or_nothing: bool
    tiers: tuple[Tier, ...]


@dataclass(frozen=True)
class Update(Bilingual):
    date: dt.date
    title: str
    body: str
    title_cy: str | None = None
    body_cy: str | None = None


@dataclass(frozen=True)
class Milestone(Bilingual):
    title: str
    due: dt.date
    done: dt.date | None
    title_cy: str | None = None


@dataclass(frozen=True)
class Adoption:
    price: Pence
    rebate_percent: int


@dataclass(frozen=True)
class Pledge:
    pitch: str
    org: str
    date: dt.date
    signatory: str
    role: Role
    amount: Pence | None  # target model, when given in pounds
    percent: str | None  # target model, when given as a percentage (exact text, e.g. "12.5")
    tier: str | None  # tiered model
    in_kind: str | None
    conditions: str | None
    status: PledgeStatus
    source: str
    # The date of each later step, when the file gives it (`date` is the day it pledged, or for
    # an interest the day it said it was interested).
    interested_on: dt.date | None = None
    invoiced_on: dt.date | None = None
    paid_on: dt.date | None = None
    withdrawn_on: dt.date | None = None


@dataclass(frozen=True)
class Adopter:
    pitch: str
    org: str
    date: dt.date
    fee: Pence
    signatory: str
    source: str


@dataclass(frozen=True)
class Pitch(Bilingual):
    id: str
    title: str
    summary: str
    body: str
    proposer: str
    category: Category
    sectors: tuple[str, ...]
    tags: tuple[str, ...]
    stage: Stage
    phase: Phase | None
    created: dt.date
    business_case: BusinessCase
    procurement: Procurement
    contract: Contract
    sla: Sla
    funding: Funding
    updates: tuple[Update, ...]  # oldest first
    milestones: tuple[Milestone, ...]
    adoption: Adoption | None
    pledges: tuple[Pledge, ...]  # sorted by org id
    adopters: tuple[Adopter, ...]  # sorted by org id
    source: str
    repository: str | None = None  # the source code repository of what is built (publiccode.yml)
    grant: bool = False  # the pledges are grants to the proposer (360Giving)
    ocid: str | None = None  # the Open Contracting ID of its Find a Tender notice (OCDS)
    funds: tuple[str, ...] = ()  # the match funds it applies to (ids), sorted: the order they match in
    title_cy: str | None = None
    summary_cy: str | None = None
    body_cy: str | None = None


@dataclass(frozen=True)
class FundRules:
    """How a match fund matches pledges (fund.schema.json's rules)."""

    match: int  # the ratio "M:P": M pence of match ...
    per: int  # ... for every P pence pledged
    opens: dt.date
    closes: dt.date
    cap_per_pitch: Pence | None
    cap_per_partner: Pence | None
    min_partners: int | None
    categories: tuple[Category, ...]  # empty: every category (likewise below)
    sectors: tuple[str, ...]
    nations: tuple[Nation, ...]
    types: tuple[OrgType, ...]
    organisations: tuple[str, ...]


@dataclass(frozen=True)
class Fund(Bilingual):
    id: str
    name: str
    holder: str  # organisation id: its signatories approve the fund
    description: str
    pot: Pence
    rules: FundRules
    source: str
    name_cy: str | None = None
    description_cy: str | None = None


@dataclass(frozen=True)
class Settings:
    name: str
    repository: str
    maintainers: tuple[str, ...]
    sample_data: bool


@dataclass(frozen=True)
class Catalogue:
    """Everything validate accepted, sorted by id: the input of every later stage."""

    settings: Settings
    organisations: tuple[Organisation, ...]
    pitches: tuple[Pitch, ...]
    funds: tuple[Fund, ...] = ()

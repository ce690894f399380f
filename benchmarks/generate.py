"""Generate a national-scale catalogue repository for the benchmarks, as a real Git repository.

    python benchmarks/generate.py OUT [--scale 10] [--seed 7]
    python benchmarks/generate.py OUT --orgs 20 --pitches 20 --pledges 200   (a tiny one)

At scale 1: 2,000 organisations, 2,000 pitches, 40,000 pledges (and a few hundred adopters
of live products), sizes as in real use (a pitch about 3 KB with a Markdown body, a pledge
about 200 bytes). The data is valid: it passes the JSON Schemas and every cross-file rule of
`cofund validate` on TODAY (cost lines add up to the target, pledges fit the funding model,
signatories are on their organisation's list, dates are not after today nor the deadline,
in-development and live pitches are funded, adopters only for live products with terms).

`main` has the history such a catalogue would have, which the site's audit trail reads: each
organisation, pitch, pledge and adoption added by its own commit on its own date (about
46,000 commits at scale 1; at larger scales, a commit holds several: see per_commit),
written with `git fast-import`. The branch `one-pledge` changes
one pledge (the pull request the check-pr benchmark judges); its details are in `bench.json`,
beside the repository's files and outside the data folders. The same arguments give the same
files and the same commit ids (seeded random numbers, commit dates from the data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

TODAY = dt.date(2026, 11, 24)
BASE_ORGS, BASE_PITCHES, BASE_PLEDGES = 2_000, 2_000, 40_000
MAIN, BRANCH = "main", "one-pledge"
STAMP = "bench.json"  # what was generated, for run.py and for reuse with --keep
GENERATOR_VERSION = 3  # raise when the generated data changes, so that --keep regenerates
PROJECT = Path(__file__).resolve().parents[1]
# Files of the catalogue repository that are not data, copied from this project: what a
# catalogue repository needs beside its data (the theme overrides and schemas come with the
# installed cofund package).
PROJECT_FILES = ("mkdocs.yml", "site", ".gitignore")

# ---------------------------------------------------------------------------- vocabulary
# Enough variety that pages, search and compression behave as with real text.

PLACE_START = (
    "Ash", "Bar", "Black", "Brad", "Bram", "Brid", "Brom", "Cal", "Car", "Chel", "Ches",
    "Clay", "Cold", "Cor", "Crow", "Dal", "Dun", "East", "Elm", "Fal", "Far", "Glen", "Gran",
    "Hal", "Ham", "Hart", "Hol", "Kings", "Kirk", "Lang", "Lea", "Lin", "Long", "Mal", "Mar",
    "Mel", "Mid", "Mill", "Nor", "Oak", "Pen", "Red", "Rich", "Ross", "Rother", "Sal", "Shep",
    "Stan", "Stock", "Sud", "Sutton", "Tam", "Thorn", "Tre", "Wake", "Wal", "West", "Whit",
    "Wim", "Wood",
)
PLACE_END = (
    "borough", "bridge", "brook", "bury", "by", "caster", "combe", "dale", "den", "don",
    "field", "ford", "gate", "ham", "hampton", "hill", "holme", "hurst", "ington", "land",
    "ley", "mere", "minster", "mouth", "ness", "port", "stead", "stow", "thorpe", "ton",
    "wich", "wick", "worth",
)
QUALIFIERS = ("", "", "", "North ", "South ", "East ", "West ", "Upper ", "Lower ", "Greater ")

# type, share of organisations, nation(s) it exists in, how its name is written
ORG_TYPES = (
    ("county", 3, ("england",), "{p} County Council"),
    ("district", 12, ("england",), "{p} District Council"),
    ("unitary", 5, ("england",), "{p} Council"),
    ("metropolitan-district", 3, ("england",), "{p} Metropolitan Borough Council"),
    ("london-borough", 2, ("england",), "London Borough of {p}"),
    ("welsh-principal-area", 2, ("wales",), "{p} County Borough Council"),
    ("scottish-council", 2, ("scotland",), "{p} Council"),
    ("ni-district", 1, ("northern-ireland",), "{p} District Council"),
    ("combined-authority", 1, ("england",), "{p} Combined Authority"),
    ("nhs-trust", 12, ("england", "wales", "scotland", "northern-ireland"), "{p} NHS Foundation Trust"),
    ("icb", 3, ("england",), "NHS {p} Integrated Care Board"),
    ("housing-association", 14, ("england", "wales", "scotland", "northern-ireland"), "{p} Homes"),
    ("police", 2, ("england", "wales", "scotland", "northern-ireland"), "{p} Police"),
    ("fire", 2, ("england", "wales", "scotland", "northern-ireland"), "{p} Fire and Rescue Service"),
    ("central-government", 2, ("england",), "{p} Office"),
    ("sme", 20, ("england", "wales", "scotland", "northern-ireland"), "{p} Digital Ltd"),
    ("third-sector", 12, ("england", "wales", "scotland", "northern-ireland"), "{p} Community Trust"),
    ("other", 2, ("england", "wales", "scotland", "northern-ireland"), "{p} Partnership"),
)
GSS_LETTER = {"england": "E", "wales": "W", "scotland": "S", "northern-ireland": "N"}
COUNCILS = {
    "county", "district", "unitary", "metropolitan-district", "london-borough",
    "welsh-principal-area", "scottish-council", "ni-district", "combined-authority",
}
FIRST_NAMES = (
    "Aisha", "Alan", "Amara", "Andrew", "Beth", "Bilal", "Carys", "Chloe", "Daniel", "Deepa",
    "Eilidh", "Emma", "Fiona", "Gareth", "Grace", "Hamza", "Helen", "Ian", "Imran", "Jane",
    "Joanne", "Kate", "Kwame", "Liam", "Lucy", "Mairead", "Mark", "Mohammed", "Niamh", "Olu",
    "Owen", "Priya", "Rachel", "Rhys", "Sam", "Sarah", "Sean", "Siobhan", "Tom", "Zara",
)
LAST_NAMES = (
    "Ahmed", "Baker", "Campbell", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes",
    "Jones", "Kaur", "Khan", "Lewis", "MacDonald", "Morgan", "Murphy", "Nolan", "Okafor",
    "Patel", "Price", "Roberts", "Robinson", "Shah", "Singh", "Smith", "Taylor", "Thomas",
    "Walker", "Watson", "Williams", "Wilson", "Wright", "Young",
)
JOB_TITLES = (
    "Head of Digital and Data", "Chief Digital Officer", "Director of Finance",
    "Head of Transformation", "Chief Information Officer", "Director of Resources",
    "Assistant Director, Customer Services", "Head of ICT", "Chief Executive",
    "Director of Adult Social Care", "Head of Procurement", "Section 151 Officer",
)
SERVICES = (
    "Blue Badge applications", "freedom of information requests", "school admission appeals",
    "carers' assessments", "adult social care needs assessments", "council tax reductions",
    "housing repairs reporting", "missed bin collections", "parking permits",
    "planning enforcement complaints", "licensing applications", "pest control bookings",
    "garden waste subscriptions", "special educational needs plans", "home adaptations",
    "discretionary housing payments", "street lighting faults", "tenancy sign-ups",
    "safeguarding referrals", "cyber and data protection training", "information governance training",
    "occupational therapy referrals", "hospital discharge planning", "fly-tipping reports",
    "bus pass renewals", "registrar appointments", "library memberships", "school transport",
)
DELIVERABLES = (
    "an online service", "a shared case management tool", "an e-learning course",
    "an open data standard", "a booking platform", "a chatbot triage", "a reusable form pattern",
    "an API and reference implementation", "a mobile app", "a data dashboard",
)
TECH = (
    "open source", "cloud hosted", "accessible", "GOV.UK Design System", "GOV.UK Notify",
    "GOV.UK Pay", "open standards", "low code", "machine learning", "single sign-on",
)
BENEFITS = (
    "Residents get a decision in days rather than weeks",
    "One service to maintain instead of one per organisation",
    "Staff time freed from re-keying data between systems",
    "Fewer phone calls and emails chasing progress",
    "Every partner owns the code and can change supplier",
    "Accessibility tested once, to WCAG 2.2 AA, for everyone",
    "Shared user research across urban and rural areas",
    "Lower hosting costs through one shared platform",
    "Comparable data across partners for benchmarking",
    "A single supplier contract instead of dozens",
    "Staff trained once with shared materials",
    "Faster procurement through an agreed framework",
)
COST_ITEMS = (
    "Discovery and user research", "Service design and content design",
    "Development of the alpha", "Development of the beta", "Accessibility audit",
    "Security and penetration testing", "Hosting for two years", "Project management",
    "Data migration tooling", "Training materials and sessions", "Integration with case management systems",
    "Support and maintenance for the first year", "Translation into Welsh", "Evaluation and benefits report",
)
LICENCES = (
    "Open Government Licence v3.0", "MIT", "Apache License 2.0", "GNU AGPL v3", "Crown copyright, free to re-use",
)
SUPPLIERS = (
    "Example Digital Ltd", "Open Services Co-operative", "Civic Code Ltd", "Public Tech Partners LLP",
    "Shared Service Labs Ltd",
)
SUPPORT_HOURS = (
    "Monday to Friday, 9am to 5pm, except bank holidays",
    "Monday to Friday, 8am to 6pm",
    "24 hours a day, 7 days a week for critical issues; office hours otherwise",
)
CONDITIONS = (
    "Subject to cabinet approval in March", "Subject to the budget being confirmed",
    "Conditional on a Welsh language version", "Payable in two instalments",
    "Subject to a satisfactory data protection impact assessment",
)
IN_KIND = (
    "10 days of a content designer", "5 days of a user researcher", "Hosting of the pilot",
    "Access to our test environment", "20 days of a developer", "A product owner one day a week",
)
UPDATE_TITLES = (
    "Supplier chosen", "Discovery findings published", "Alpha started", "Show and tell recording",
    "Five new partners joined", "Deadline extended", "Beta opened to partners", "Accessibility audit passed",
)
SECTORS = (
    "local-government", "health", "social-care", "housing", "police", "fire", "education",
    "transport", "central-government", "third-sector",
)
TAGS = (
    "accessibility", "ai", "api", "benefits", "case-management", "cyber-security", "data",
    "digital-inclusion", "forms", "gdpr", "housing", "identity", "open-data", "open-source",
    "payments", "training", "waste", "welsh-language",
)
SENTENCES = (
    "Today each of us runs {service} on its own, with its own forms, its own supplier and its own backlog.",
    "Residents tell us the process is slow, hard to follow and asks for the same evidence more than once.",
    "We propose to build {deliverable} once, together, and to share it under an open licence.",
    "The service will be {tech} and {tech2}, so that any partner can run it or change supplier later.",
    "Our discovery with {n} organisations found that most of the cost is the same work done again in each place.",
    "Partners will shape the service through fortnightly show and tells and a shared backlog.",
    "We will publish the code, the research and the performance data, so that others can learn from it.",
    "The work follows the Service Standard and the Technology Code of Practice from the start.",
    "Staff currently spend {hours} hours a week re-keying data that residents have already given us.",
    "A shared service also means one accessibility audit, one penetration test and one set of training materials.",
    "If the pitch is funded, the alpha starts within {weeks} weeks of the deadline.",
    "Partners who join later can adopt the finished product for a fee, part of which is returned to the founders.",
)


# ----------------------------------------------------------------------------- helpers

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()'&/-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def q(text: str) -> str:
    """A YAML scalar for a one-line string: plain when that is unambiguous, else quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def block(text: str, indent: int) -> str:
    """A YAML literal block (`|`) holding Markdown."""
    pad = " " * indent
    return "|\n" + "".join(pad + line + "\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def pounds(pence: int) -> str:
    """Money as a person writes it in YAML: 60000 or 60000.50."""
    whole, part = divmod(pence, 100)
    return f"{whole}" if part == 0 else f"{whole}.{part:02d}"


def percent_value(target: int, percent: Decimal) -> int:
    """What a percent pledge is worth in pence: cofund's rule, rounded half up."""
    return int((Decimal(target) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


# ------------------------------------------------------------------------------ the data

@dataclass
class Org:
    id: str
    name: str
    type: str
    nation: str
    people: list[tuple[str, str]]  # (GitHub login, name) of each signatory

    @property
    def logins(self) -> list[str]:
        return [login for login, _ in self.people]


@dataclass
class PledgePlan:
    org: Org
    live: bool
    status: str = "pledged"
    amount: int | None = None  # pence
    percent: Decimal | None = None
    tier: str | None = None


@dataclass
class PitchPlan:
    id: str
    stage: str
    model: str
    funded: bool
    created: dt.date
    deadline: dt.date
    service: str
    pledges: list[PledgePlan] = field(default_factory=list)
    adopters: list[Org] = field(default_factory=list)


def make_orgs(rng: random.Random, count: int) -> list[Org]:
    weights = [t[1] for t in ORG_TYPES]
    orgs: list[Org] = []
    ids: set[str] = set()
    for _ in range(count):
        type_, _w, nations, pattern = rng.choices(ORG_TYPES, weights)[0]
        place = rng.choice(QUALIFIERS) + rng.choice(PLACE_START) + rng.choice(PLACE_END)
        name = pattern.format(p=place)
        base = slug(name)[:58].strip("-")
        oid, n = base, 1
        while oid in ids:
            n += 1
            oid = f"{base}-{n}"
        ids.add(oid)
        people: list[tuple[str, str]] = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            login = f"{first[0]}{last}-{oid}".lower()[:37].rstrip("-")
            while login in {x for x, _ in people}:  # two J. Smiths: GitHub would number the second
                login = f"{login[:36]}{len(people)}"
            people.append((login, f"{first} {last}"))
        orgs.append(Org(oid, name, type_, rng.choice(nations), people))
    return orgs


# The org-id list each type takes (validate/org_ids.py), by nation for councils; police and fire
# need none. Codes are synthetic, from the id, so they use no random numbers.
ORG_ID_LISTS = {
    "welsh-principal-area": "GB-PLA", "scottish-council": "GB-LAS", "ni-district": "GB-LANI",
    "nhs-trust": "GB-NHS", "icb": "GB-NHS", "housing-association": "GB-COH", "central-government": "GB-GOVUK",
    "sme": "GB-COH", "third-sector": "GB-CHC", "other": "GB-COH",
}


def org_id(org: Org) -> str | None:
    """A synthetic org-id that fits the organisation's type and nation (None for police and fire)."""
    if org.type in ("police", "fire"):
        return None
    scheme = ORG_ID_LISTS.get(org.type, "GB-LAE")
    n = zlib.crc32(org.id.encode())
    letters = "".join(chr(65 + (n >> (5 * i)) % 26) for i in range(3))
    code = {"GB-NHS": "R" + letters[:2], "GB-COH": f"{n % 10**8:08d}", "GB-CHC": str(1000000 + n % 9000000),
            "GB-GOVUK": org.id}.get(scheme, letters)
    return f"{scheme}-{code}"


def org_yaml(rng: random.Random, org: Org) -> str:
    lines = [
        f"name: {q(org.name)}",
        f"type: {org.type}",
        f"nation: {org.nation}",
        f"website: https://www.{org.id}.{'gov.uk' if org.type in COUNCILS else 'org.uk'}",
    ]
    if org.type in COUNCILS:
        lines.append(f"gss_code: {GSS_LETTER[org.nation]}{rng.randint(6, 9):02d}{rng.randint(0, 999999):06d}")
    if (oid := org_id(org)) is not None:
        lines.append(f"org_id: {oid}")
    lines.append("signatories:")
    for login, person in org.people:
        lines += [f"  - name: {q(person)}", f"    role: {q(rng.choice(JOB_TITLES))}", f"    github: {login}"]
    return "\n".join(lines) + "\n"


STAGES = (("draft", 8), ("open", 50), ("in-development", 15), ("live", 15), ("withdrawn", 6), ("retired", 6))
MODELS = (("target", 5), ("shared-cost", 3), ("tiered", 2))


def allocate(rng: random.Random, total: int, slots: int, cap: int) -> list[int]:
    """`total` pledges over `slots` pitches: uneven as in life (a few popular pitches), each
    at least 1 and at most `cap` (one pledge per organisation per pitch)."""
    if slots == 0:
        return []
    if total < slots or total > slots * cap:
        raise SystemExit(f"cannot spread {total} pledges over {slots} pitches with {cap} organisations")
    weights = [rng.lognormvariate(0, 0.7) for _ in range(slots)]
    scale = (total - slots) / sum(weights)
    counts = [min(cap, 1 + int(w * scale)) for w in weights]
    i = 0
    while sum(counts) < total:  # hand out what flooring and the cap left over
        if counts[i % slots] < cap:
            counts[i % slots] += 1
        i += 1
    return counts


def plan_pitches(rng: random.Random, n_pitches: int, n_pledges: int, orgs: list[Org]) -> list[PitchPlan]:
    stages = [rng.choices([s for s, _ in STAGES], [w for _, w in STAGES])[0] for _ in range(n_pitches)]
    takers = [i for i, s in enumerate(stages) if s != "draft"]  # a draft takes no pledges
    counts = dict(zip(takers, allocate(rng, n_pledges, len(takers), len(orgs)), strict=False))
    ids: set[str] = set()
    plans = []
    for i, stage in enumerate(stages):
        service = rng.choice(SERVICES)
        base = slug(f"{rng.choice(('shared', 'better', 'digital', 'open', 'joint', 'smarter'))} {service}")[:56]
        pid, n = base, 1
        while pid in ids:
            n += 1
            pid = f"{base}-{n}"
        ids.add(pid)
        model = rng.choices([m for m, _ in MODELS], [w for _, w in MODELS])[0]
        funded = stage in ("in-development", "live", "retired") or (stage == "open" and rng.random() < 0.3)
        if stage in ("draft", "open"):
            created = day_between(rng, dt.date(2025, 6, 1), TODAY - dt.timedelta(days=1))
            deadline = created + dt.timedelta(days=rng.randint(60, 400))
        else:
            created = day_between(rng, dt.date(2022, 1, 1), dt.date(2025, 6, 1))
            deadline = created + dt.timedelta(days=rng.randint(60, 300))
        plan = PitchPlan(pid, stage, model, funded, created, deadline, service)
        for org in rng.sample(orgs, counts.get(i, 0)):
            # A pledge is binding once its pitch is funded: withdrawn ones only where the pitch is
            # short even with them (target and shared-cost pitches that are not funded).
            withdrawn = rng.random() <= 0.05 and not funded and model != "tiered"
            plan.pledges.append(PledgePlan(org, live=not withdrawn))
        if plan.pledges and not any(p.live for p in plan.pledges):
            plan.pledges[0].live = True
        plans.append(plan)
    return plans


def cost_lines(rng: random.Random, target: int) -> list[tuple[str, int, bool]]:
    """Cost lines that add up to `target` exactly, the first always core."""
    items = rng.sample(COST_ITEMS, rng.randint(3, 7))
    weights = [rng.uniform(1, 4) for _ in items]
    amounts = [int(target * w / sum(weights)) // 100 * 100 for w in weights]
    amounts[0] += target - sum(amounts)
    return [
        (item, amount, i == 0 or rng.random() < 0.6)
        for i, (item, amount) in enumerate(zip(items, amounts, strict=False))
    ]


TIERS = (  # id, label, share of the full price, types (None: any type)
    ("small", "District councils, SMEs and third-sector bodies", Decimal("0.25"),
     ("district", "sme", "third-sector", "other", "ni-district")),
    ("medium", "Unitary, metropolitan and London councils, housing associations",
     Decimal("0.5"), ("unitary", "metropolitan-district", "london-borough", "housing-association",
                      "welsh-principal-area", "scottish-council")),
    ("large", "Any other organisation", Decimal(1), None),
)


def fund(rng: random.Random, plan: PitchPlan, target: int) -> dict[str, object]:
    """Set each pledge's amount, percent or tier so that the pitch is funded exactly when
    `plan.funded` says; return the funding fields that depend on it."""
    live = [p for p in plan.pledges if p.live]
    extra: dict[str, object] = {}
    if plan.model == "shared-cost":
        if plan.funded:
            extra["min_partners"] = rng.randint(1, max(1, len(live)))
        else:
            extra["min_partners"] = min(1000, len(plan.pledges) + rng.randint(1, 20))
        return extra
    if plan.model == "tiered":
        def tier_of(org: Org) -> tuple[str, Decimal]:
            for tid, _label, share, types in TIERS:
                if types is None or org.type in types:
                    return tid, share
            raise AssertionError
        shares = sum((tier_of(p.org)[1] for p in live), Decimal(0))
        for p in plan.pledges:
            p.tier = tier_of(p.org)[0]
        want = Decimal(target) * (Decimal(rng.uniform(1.0, 1.3)) if plan.funded else Decimal(rng.uniform(1.5, 4)))
        # The full price in whole pounds, rounded up so that a funded pitch stays funded.
        full = math.ceil(want / max(shares, Decimal("0.25")) / 400) * 400
        extra["tiers"] = [(tid, label, int(full * share), types) for tid, label, share, types in TIERS]
        prices = {tid: price for tid, _label, price, _types in extra["tiers"]}  # type: ignore[attr-defined]
        extra["stretch"] = max(0, sum(prices[tier_of(p.org)[0]] for p in live) - target)
        return extra
    # target: amounts and percentages that reach the target only when funded
    goal = int(target * (rng.uniform(1.0, 1.15) if plan.funded else rng.uniform(0.05, 0.9)))
    weights = [rng.uniform(1, 5) for _ in live]
    total = 0
    for k, (p, w) in enumerate(zip(live, weights, strict=False)):
        share = max(100, int(goal * w / sum(weights)) // 100 * 100)
        if k == len(live) - 1 and plan.funded:
            share = max(share, target - total)
        if rng.random() < 0.2 and k < len(live) - 1:
            p.percent = max(Decimal("0.01"), (Decimal(share) * 100 / target).quantize(Decimal("0.01")))
            if p.percent > 100:
                p.percent = Decimal(100)
            total += percent_value(target, p.percent)
        else:
            p.amount = share
            total += share
    for p in plan.pledges:
        if not p.live:
            p.amount = rng.randint(10, 500) * 100
    # cofund refuses pledges past the target plus the stretch lines: room for what is pledged
    # past the target, a penny a pledge for rounding, and the check-pr benchmark's +£5,000.
    extra["stretch"] = max(0, total - target) + 100 * len(live) + 500_000
    return extra


def sentence(rng: random.Random, service: str, choices: tuple[str, ...] = SENTENCES) -> str:
    return rng.choice(choices).format(
        service=service, deliverable=rng.choice(DELIVERABLES), tech=rng.choice(TECH),
        tech2=rng.choice(TECH), n=rng.randint(3, 40), hours=rng.randint(5, 60), weeks=rng.randint(2, 12),
    )


def markdown_body(rng: random.Random, service: str) -> str:

    def paragraph(k: int) -> str:
        return " ".join(sentence(rng, service) for _ in range(k))

    parts = [
        "## The idea", paragraph(4), "",
        "## Why now", paragraph(2), "",
        "## What partners get",
        *[f"- {b}" for b in rng.sample(BENEFITS, 4)], "",
        "## What we ask of partners", paragraph(2),
        f"Read the [Service Standard](https://www.gov.uk/service-manual/service-standard) and "
        f"**tell us by the deadline** whether you will join. Questions: *{slug(service)}@example.org*.",
    ]
    return "\n".join(parts)


def pitch_yaml(rng: random.Random, plan: PitchPlan, proposer: Org, target: int,
               lines: list[tuple[str, int, bool]], extra: dict[str, object], adoption: tuple[int, int] | None) -> str:
    service = plan.service
    deliverable = rng.choice(DELIVERABLES)
    title = f"{deliverable[0].upper()}{deliverable[1:]} for {service}"
    out = [
        f"title: {q(title)}",
        "summary: "
        + q(f"{title}, built once and shared by councils, NHS bodies and housing associations across the UK."),
        # Welsh too, as a pitch that a body in Wales proposes or joins must be (synthetic: the title stays English).
        f"title_cy: {q(f'Gwasanaeth a rennir: {title}')}",
        "summary_cy: Gwasanaeth a adeiledir unwaith ac a rennir gan gynghorau, cyrff y GIG a chymdeithasau tai"
        " ledled y DU.",
        "body: " + block(markdown_body(rng, service), 2).rstrip("\n"),
        f"proposer: {proposer.id}",
        "category: "
        + rng.choice(
            ("service-transformation", "new-legislation-or-policy", "new-technology", "in-house-build"),
        ),
        "sectors:",
        *[f"  - {s}" for s in rng.sample(SECTORS, rng.randint(1, 3))],
        "tags:",
        *[f"  - {t}" for t in rng.sample(TAGS, rng.randint(1, 4))],
        f"stage: {plan.stage}",
    ]
    if plan.stage in ("in-development", "live"):
        out.append(f"phase: {'live' if plan.stage == 'live' else rng.choice(('discovery', 'alpha', 'beta'))}")
    out += [
        f"created: {plan.created.isoformat()}",
        "business_case:",
        "  problem: " + block(f"Every organisation handles {service} separately. " + " ".join(
            sentence(rng, service, SENTENCES[1:3]) for _ in range(2)), 4).rstrip("\n"),
        "  users: " + block(f"Residents who need {service}, and the staff who process them.", 4).rstrip("\n"),
        "  benefits:",
        *[f"    - {q(b)}" for b in rng.sample(BENEFITS, 3)],
        f"  cost_alone: {pounds(int(target * rng.uniform(0.4, 0.9)) // 100 * 100)}",
        "  cost_lines:",
    ]
    for item, amount, core in lines:
        out += [
            f"    - item: {q(item)}", f"      amount: {pounds(amount)}", f"      core: {'true' if core else 'false'}",
        ]
    if extra.get("stretch"):
        stretch = int(extra["stretch"])  # type: ignore[call-overload]
        out += ["  stretch:", "    - item: Extra features if partners pledge more", f"      amount: {pounds(stretch)}"]
    out += [
        f"procurement: {rng.choice(('three-quotes', 'g-cloud', 'dos', 'innovation-partnership', 'in-house'))}",
        "contract:",
    ]
    if plan.stage != "draft":
        out.append(f"  supplier: {q(rng.choice(SUPPLIERS))}")
    out += [
        f"  licence: {q(rng.choice(LICENCES))}",
        f"  duration_months: {rng.choice((12, 18, 24, 36, 48))}",
        "sla:",
        f"  availability: {rng.choice(('99.5', '99.9', '99', '98.5'))}",
        f"  support_hours: {q(rng.choice(SUPPORT_HOURS))}",
        "  response_times:",
        "    critical: 4 working hours",
        "    high: 1 working day",
        "    normal: 5 working days",
        "funding:",
        f"  model: {plan.model}",
        f"  target: {pounds(target)}",
        f"  deadline: {plan.deadline.isoformat()}",
        "  currency: GBP",
    ]
    if "min_partners" in extra:
        out.append(f"  min_partners: {extra['min_partners']}")
    out.append(f"  all_or_nothing: {'true' if rng.random() < 0.85 else 'false'}")
    if "tiers" in extra:
        out.append("  tiers:")
        for tid, label, price, types in extra["tiers"]:  # type: ignore[attr-defined]
            out += [f"    - id: {tid}", f"      label: {q(label)}", f"      price: {pounds(price)}"]
            if types:
                out += ["      types:", *[f"        - {t}" for t in types]]
    updates = sorted(day_between(rng, plan.created, TODAY) for _ in range(rng.randint(0, 3)))
    if updates:
        out.append("updates:")
        for day in updates:
            out += [
                f"  - date: {day.isoformat()}",
                f"    title: {q(rng.choice(UPDATE_TITLES))}",
                "    body: "
                + block(" ".join(sentence(rng, service, SENTENCES[3:8]) for _ in range(2)), 6).rstrip("\n"),
            ]
    if plan.stage in ("in-development", "live", "retired"):
        out.append("milestones:")
        for k, name in enumerate(("Discovery complete", "Alpha assessed", "Beta available to partners")):
            due = plan.deadline + dt.timedelta(days=90 * (k + 1))
            out += [f"  - title: {name}", f"    due: {due.isoformat()}"]
            if due <= TODAY:
                out.append(f"    done: {due.isoformat()}")
    if adoption:
        out += ["adoption:", f"  price: {pounds(adoption[0])}", f"  rebate_percent: {adoption[1]}"]
    return "\n".join(out) + "\n"


def pledge_yaml(rng: random.Random, plan: PitchPlan, p: PledgePlan) -> str:
    last = min(plan.deadline, TODAY)
    # A withdrawn pledge was made and withdrawn on the pitch's first day, while it was far
    # from funded (a pledge is binding once its pitch is funded with it).
    day = day_between(rng, plan.created, last) if p.live else plan.created
    out = [
        f"date: {day.isoformat()}",
        f"signatory: {rng.choice(p.org.logins)}",
        f"role: {rng.choices(('funder', 'co-designer', 'pilot-site'), (6, 3, 1))[0]}",
    ]
    if p.amount is not None:
        out.append(f"amount: {pounds(p.amount)}")
    if p.percent is not None:
        out.append(f"percent: {p.percent.normalize():f}")
    if p.tier is not None:
        out.append(f"tier: {p.tier}")
    if rng.random() < 0.35:
        out.append(f"in_kind: {q(rng.choice(IN_KIND))}")
    if rng.random() < 0.6:
        out.append(f"conditions: {q(rng.choice(CONDITIONS))}")
    if not p.live:
        status = "withdrawn"
    elif plan.stage in ("in-development", "live", "retired"):
        status = rng.choice(("invoiced", "paid", "paid"))
    else:
        status = "pledged"
    out.append(f"status: {status}")
    if status == "withdrawn":
        out.append(f"withdrawn_on: {day.isoformat()}")  # withdrawn the day it was made
    return "\n".join(out) + "\n"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@dataclass
class Change:
    """One commit of the catalogue's history: a pull request that added or changed a file."""

    day: dt.date
    seq: int  # creation order, so that a pitch comes before its pledges made the same day
    path: str
    text: str
    subject: str
    author: str


class History:
    """The history the catalogue would have: each organisation, pitch, pledge and adoption
    added by its own pull request on its own date, and a pitch changed again when it posts
    updates. The audit trail on the site is read from it, so its cost is measured at scale."""

    def __init__(self, root: Path):
        self.root = root
        self.changes: list[Change] = []

    def add(self, day: dt.date, path: str, text: str, subject: str, author: str, write_file: bool = True) -> None:
        if write_file:
            write(self.root, path, text)
        self.changes.append(Change(day, len(self.changes), path, text, subject, author))

    def pitch(self, created: dt.date, path: str, text: str, pid: str, author: str) -> None:
        """A pitch first as proposed (without its updates), then with them, as posted."""
        lines = text.split("\n")
        start = next((i for i, line in enumerate(lines) if line == "updates:"), None)
        if start is None:
            self.add(created, path, text, f"Add pitch {pid}", author)
            return
        end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")), len(lines))
        days = [line.split(": ", 1)[1] for line in lines[start:end] if line.startswith("  - date: ")]
        self.add(created, path, "\n".join(lines[:start] + lines[end:]), f"Add pitch {pid}", author, write_file=False)
        self.add(dt.date.fromisoformat(days[-1]), path, text, f"Post an update to {pid}", author)

    def fast_import(self, root: Path, project: list[str], per_commit: int = 1) -> None:
        """Write the history as commits on `main` with git fast-import (tens of thousands of
        commits in seconds, where one `git commit` each would take many minutes).

        `per_commit` changes go into each commit (1: each its own). fast-import writes every
        folder on a changed file's path for each commit, and pitches/ holds a folder per pitch:
        at scale 10, a commit per change is 460,000 copies of a 20,000-entry folder (it had
        not finished after 1 h 40 min), where 100 changes a commit make it 4,600 copies. A
        commit is dated by its last change and authored by its first; two changes to one file
        in one commit show as one in the audit trail."""
        if per_commit < 1:
            raise ValueError(f"per_commit must be at least 1, not {per_commit}")
        stream = bytearray()

        def data(blob: bytes) -> None:
            stream.extend(b"data %d\n" % len(blob))
            stream.extend(blob)
            stream.extend(b"\n")

        def commit(day: dt.date, n: int, author: str, subject: str) -> None:
            stamp = int(dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC).timestamp()) + n
            stream.extend(f"commit refs/heads/{MAIN}\n".encode())
            stream.extend(f"committer {author} <{author}@users.noreply.github.com> {stamp} +0000\n".encode())
            data(subject.encode())

        commit(dt.date(2021, 1, 1), 0, "cofund-maintainer", "Start the catalogue")
        for rel in ["cofund.yml", *project]:
            full = root / rel
            mode = "100755" if os.access(full, os.X_OK) else "100644"
            stream.extend(f"M {mode} inline {rel}\n".encode())
            data(full.read_bytes())
        changes = sorted(self.changes, key=lambda c: (c.day, c.seq))
        previous, n = None, 0
        for start in range(0, len(changes), per_commit):
            batch = changes[start:start + per_commit]
            last = batch[-1]  # merged on the day of its last change
            n = n + 1 if last.day == previous else 1
            previous = last.day
            more = f" and {len(batch) - 1} more changes" if len(batch) > 1 else ""
            commit(last.day, n, batch[0].author, batch[0].subject + more)
            for change in batch:
                stream.extend(f"M 100644 inline {change.path}\n".encode())
                data(change.text.encode())
        subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=bytes(stream), check=True)
        git(root, "reset", "-q")  # the index to match: the working tree already holds these files


def generate(root: Path, n_orgs: int, n_pitches: int, n_pledges: int, seed: int) -> dict[str, object]:
    """Write the catalogue into `root` (an empty folder); return what run.py needs to know."""
    rng = random.Random(seed)
    when = random.Random(seed + 1)  # the history's dates, apart so that the data stays the same
    history = History(root)
    orgs = make_orgs(rng, n_orgs)
    write(root, "cofund.yml", "name: cofund benchmark\nrepository: https://github.com/cofund/benchmark\n"
          "maintainers:\n  - cofund-maintainer\nsample_data: true\n")
    for org in orgs:
        history.add(day_between(when, dt.date(2021, 1, 2), dt.date(2021, 12, 31)), f"organisations/{org.id}.yml",
                    org_yaml(rng, org), f"Add organisation {org.id}", "cofund-maintainer")
    plans = plan_pitches(rng, n_pitches, n_pledges, orgs)
    change: dict[str, str] | None = None
    n_adopters = 0
    for plan in plans:
        # £20,000 to £2m, in pence; now and then with odd pounds and pence, as people write them
        target = rng.randint(20, 2000) * 100_000 + rng.choice((0, 0, 0, 50, 99)) * 100 + rng.choice((0, 0, 0, 55))
        lines = cost_lines(rng, target)
        extra = fund(rng, plan, target)
        adoption = None
        if plan.stage in ("live", "retired") and rng.random() < 0.6:
            adoption = (max(100, target // max(3, len(plan.pledges)) // 100 * 100), rng.choice((25, 50, 75)))
        proposer = rng.choice(orgs)
        history.pitch(plan.created, f"pitches/{plan.id}/pitch.yml",
                      pitch_yaml(rng, plan, proposer, target, lines, extra, adoption), plan.id, proposer.logins[0])
        for p in plan.pledges:
            text = pledge_yaml(rng, plan, p)
            history.add(dt.date.fromisoformat(text[6:16]), f"pitches/{plan.id}/pledges/{p.org.id}.yml", text,
                        f"Pledge from {p.org.id} to {plan.id}", text.split("\n")[1].split(": ")[1])
        if adoption and plan.stage == "live":
            pledgers = {p.org.id for p in plan.pledges}
            others = [o for o in rng.sample(orgs, min(len(orgs), 12)) if o.id not in pledgers]
            for org in others[: rng.randint(0, 5)]:
                day, signatory = day_between(rng, plan.deadline, TODAY), rng.choice(org.logins)
                history.add(day, f"pitches/{plan.id}/adopters/{org.id}.yml",
                            f"date: {day.isoformat()}\nfee: {pounds(adoption[0])}\nsignatory: {signatory}\n",
                            f"{org.id} adopts {plan.id}", signatory)
                n_adopters += 1
        # The pull request of the check-pr benchmark: a council raises its pledge to an open
        # pitch. The first open, target-model pitch with an amount pledge is chosen.
        if change is None and plan.stage == "open" and plan.model == "target":
            for p in plan.pledges:
                if p.amount is not None and p.live:
                    change = {"path": f"pitches/{plan.id}/pledges/{p.org.id}.yml",
                              "author": p.org.logins[0], "old": pounds(p.amount),
                              "new": pounds(p.amount + 500_000)}
                    break
    if change is None:
        raise SystemExit("no open target-model pitch with an amount pledge to change: use more pitches")
    return {"generator": GENERATOR_VERSION, "organisations": n_orgs, "pitches": n_pitches, "pledges": n_pledges,
            "adopters": n_adopters, "changes_on_main": len(history.changes), "seed": seed,
            "today": TODAY.isoformat(), "base": MAIN, "head": BRANCH, "change": change, "history": history}


def git(root: Path, *args: str) -> str:
    # Fixed names and dates: the same data gives the same commit ids.
    env = {**os.environ, "GIT_AUTHOR_NAME": "cofund benchmark", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "cofund benchmark", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_AUTHOR_DATE": "2026-11-24T09:00:00+00:00", "GIT_COMMITTER_DATE": "2026-11-24T09:00:00+00:00"}
    done = subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def copy_project_files(root: Path) -> list[str]:
    """Copy the catalogue's non-data files (mkdocs.yml, site/) from this project, if present."""
    copied = []
    for name in PROJECT_FILES:
        src, dst = PROJECT / name, root / name
        if src.is_dir():
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif src.is_file():
            shutil.copy2(src, dst)
        else:
            continue
        copied.append(name)
    return copied


def make_repository(
    root: Path, n_orgs: int, n_pitches: int, n_pledges: int, seed: int = 7, per_commit: int = 1
) -> dict[str, object]:
    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root} is not empty: give a new folder")
    root.mkdir(parents=True, exist_ok=True)
    info = generate(root, n_orgs, n_pitches, n_pledges, seed)
    info["project_files"] = copy_project_files(root)
    git(root, "init", "-q", "-b", MAIN)
    history = info.pop("history")
    assert isinstance(history, History)
    project = sorted(
        str(p.relative_to(root)) for name in info["project_files"]  # type: ignore[attr-defined]
        for p in ([root / name] if (root / name).is_file() else (root / name).rglob("*"))
        if p.is_file() and not p.is_symlink()
    )
    history.fast_import(root, project, per_commit)
    info["per_commit"] = per_commit
    info["commits_on_main"] = 1 + math.ceil(len(history.changes) / per_commit)  # and the first, of the project
    change = info["change"]
    assert isinstance(change, dict)
    git(root, "checkout", "-q", "-b", BRANCH)
    path = root / change["path"]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"amount: {change['old']}\n", f"amount: {change['new']}\n"), encoding="utf-8")
    git(root, "commit", "-q", "-am", f"Raise the pledge in {change['path']}")
    git(root, "checkout", "-q", MAIN)
    info["commits"] = {MAIN: git(root, "rev-parse", MAIN), BRANCH: git(root, "rev-parse", BRANCH)}
    # Outside the data folders and untracked, so it is neither data nor part of the change.
    (root / STAMP).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    with open(root / ".git" / "info" / "exclude", "a", encoding="utf-8") as handle:
        handle.write(f"/{STAMP}\n")
    return info


def _at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number of at least 1")
    return value


def per_commit(scale: float) -> int:
    """Changes a commit in the history: one at scale 1 (each pull request its own), more at
    larger scales, as many as the scale squared (see History.fast_import)."""
    return max(1, round(scale) ** 2)


def sizes(scale: float, orgs: int | None, pitches: int | None, pledges: int | None) -> tuple[int, int, int]:
    return (
        orgs or round(BASE_ORGS * scale),
        pitches or round(BASE_PITCHES * scale),
        pledges or round(BASE_PLEDGES * scale),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="a new or empty folder for the repository")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1 = 2,000 organisations, 2,000 pitches, 40,000 pledges",
    )
    parser.add_argument("--orgs", type=int, help="organisations (overrides --scale)")
    parser.add_argument("--pitches", type=int, help="pitches (overrides --scale)")
    parser.add_argument("--pledges", type=int, help="pledges (overrides --scale)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--per-commit", type=_at_least_one, help="changes in each commit of the history (default: see per_commit)",
    )
    args = parser.parse_args(argv)
    info = make_repository(args.out, *sizes(args.scale, args.orgs, args.pitches, args.pledges), seed=args.seed,
                           per_commit=args.per_commit or per_commit(args.scale))
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Words for people: how each code in the data reads on a page."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

STATUS = {
    "draft": "Draft",
    "open": "Open for pledges",
    "funded": "Funded",
    "expired": "Expired",
    "in-development": "In development",
    "live": "Live",
    "withdrawn": "Withdrawn",
    "retired": "Retired",
}
# What each status means, for the catalogue's facet pages.
STATUS_HELP = {
    "draft": "Being written: not yet taking pledges.",
    "open": "Taking pledges until the deadline.",
    "funded": "Has met its funding rule; may still take pledges until the deadline.",
    "expired": "The deadline passed before it was funded: its pledges were released.",
    "in-development": "Funded and being built together.",
    "live": "Built and in use: open to adoption by others.",
    "withdrawn": "Withdrawn by its proposer: its pledges were released.",
    "retired": "No longer offered.",
}
CATEGORY = {
    "service-transformation": "Service transformation",
    "new-legislation-or-policy": "New legislation or policy",
    "new-technology": "New technology",
    "in-house-build": "In-house build worth re-using",
}
CATEGORY_HELP = {
    "service-transformation": "A better way to run a service that many organisations already run.",
    "new-legislation-or-policy": "Something every affected organisation must do because a law or policy changed.",
    "new-technology": "Trying a new technology together, so that the risk and the learning are shared.",
    "in-house-build": "Something one organisation built for itself that others could re-use.",
}
SECTOR = {
    "local-government": "Local government",
    "health": "Health",
    "social-care": "Social care",
    "housing": "Housing",
    "police": "Police",
    "fire": "Fire and rescue",
    "education": "Education",
    "transport": "Transport",
    "central-government": "Central government",
    "third-sector": "Third sector",
}
NATION = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
MODEL = {
    "target": "Funding target",
    "shared-cost": "Shared cost",
    "tiered": "Tiered prices",
}
MODEL_HELP = {
    "target": "Partners pledge any amount or a share of the target.",
    "shared-cost": "The cost is split equally among everyone who joins.",
    "tiered": "Each partner pays the price of its tier.",
}
ORG_TYPE = {
    "county": "County council",
    "district": "District council",
    "unitary": "Unitary authority",
    "metropolitan-district": "Metropolitan district",
    "london-borough": "London borough",
    "welsh-principal-area": "Welsh principal area",
    "scottish-council": "Scottish council",
    "ni-district": "Northern Ireland district council",
    "combined-authority": "Combined authority",
    "nhs-trust": "NHS trust or board",
    "icb": "Integrated care board",
    "housing-association": "Housing association",
    "police": "Police",
    "fire": "Fire and rescue",
    "central-government": "Central government",
    "sme": "Small or medium business",
    "third-sector": "Third sector",
    "other": "Other",
}
ROLE = {"funder": "Funder", "co-designer": "Co-designer", "pilot-site": "Pilot site"}
PLEDGE_STATE = {
    "pledged": "Pledged",
    "invoiced": "Invoiced",
    "paid": "Paid",
    "withdrawn": "Withdrawn",
    "released": "Released",
}
PROCUREMENT = {
    "three-quotes": "Three quotes (below the procurement threshold)",
    "g-cloud": "G-Cloud framework",
    "dos": "Digital Outcomes and Specialists framework",
    "innovation-partnership": "Innovation Partnership",
    "in-house": "In-house (Teckal exemption)",
}
PHASE = {"discovery": "Discovery", "alpha": "Alpha", "beta": "Beta", "live": "Live"}

FACETS = {
    "status": ("Status", STATUS),
    "category": ("Category", CATEGORY),
    "sector": ("Sector", SECTOR),
    "nation": ("Nation", NATION),
    "model": ("Funding model", MODEL),
}

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def long_date(day: dt.date) -> Markup:
    """GOV.UK style: 1 December 2026."""
    return Markup(f"{day.day} {_MONTHS[day.month - 1]} {day.year}")


def short_date(day: dt.date) -> Markup:
    return Markup(f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}")


def days_left(days: int) -> Markup:
    if days < 0:
        return Markup(f"closed {-days} day{'s' if days != -1 else ''} ago")
    if days == 0:
        return Markup("closes today")
    return Markup(f"{days} day{'s' if days != 1 else ''} left")

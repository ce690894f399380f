"""Words for people: how each code in the data reads on a page.

The words are English message ids, marked for extraction (N_); a page shows them through
i18n.Words.label, in its own language.
"""

from __future__ import annotations

from .i18n import N_

STATUS = {
    "draft": N_("Draft"),
    "open": N_("Open for pledges"),
    "funded": N_("Funded"),
    "expired": N_("Expired"),
    "in-development": N_("In development"),
    "live": N_("Live"),
    "withdrawn": N_("Withdrawn"),
    "retired": N_("Retired"),
}
# What each status means, for the catalogue's facet pages.
STATUS_HELP = {
    "draft": N_("Being written: not yet taking pledges."),
    "open": N_("Taking pledges until the deadline."),
    "funded": N_("Has met its funding rule; may still take pledges until the deadline."),
    "expired": N_("The deadline passed before it was funded: its pledges were released."),
    "in-development": N_("Funded and being built together."),
    "live": N_("Built and in use: open to adoption by others."),
    "withdrawn": N_("Withdrawn by its proposer: its pledges were released."),
    "retired": N_("No longer offered."),
}
CATEGORY = {
    "service-transformation": N_("Service transformation"),
    "new-legislation-or-policy": N_("New legislation or policy"),
    "new-technology": N_("New technology"),
    "in-house-build": N_("In-house build worth re-using"),
}
CATEGORY_HELP = {
    "service-transformation": N_("A better way to run a service that many organisations already run."),
    "new-legislation-or-policy": N_("Something every affected organisation must do because a law or policy changed."),
    "new-technology": N_("Trying a new technology together, so that the risk and the learning are shared."),
    "in-house-build": N_("Something one organisation built for itself that others could re-use."),
}
SECTOR = {
    "local-government": N_("Local government"),
    "health": N_("Health"),
    "social-care": N_("Social care"),
    "housing": N_("Housing"),
    "police": N_("Police"),
    "fire": N_("Fire and rescue"),
    "education": N_("Education"),
    "transport": N_("Transport"),
    "central-government": N_("Central government"),
    "third-sector": N_("Third sector"),
}
NATION = {
    "england": N_("England"),
    "wales": N_("Wales"),
    "scotland": N_("Scotland"),
    "northern-ireland": N_("Northern Ireland"),
}
MODEL = {
    "target": N_("Funding target"),
    "shared-cost": N_("Shared cost"),
    "tiered": N_("Tiered prices"),
}
MODEL_HELP = {
    "target": N_("Partners pledge any amount or a share of the target."),
    "shared-cost": N_("The cost is split equally among everyone who joins."),
    "tiered": N_("Each partner pays the price of its tier."),
}
ORG_TYPE = {
    "county": N_("County council"),
    "district": N_("District council"),
    "unitary": N_("Unitary authority"),
    "metropolitan-district": N_("Metropolitan district"),
    "london-borough": N_("London borough"),
    "welsh-principal-area": N_("Welsh principal area"),
    "scottish-council": N_("Scottish council"),
    "ni-district": N_("Northern Ireland district council"),
    "combined-authority": N_("Combined authority"),
    "nhs-trust": N_("NHS trust or board"),
    "icb": N_("Integrated care board"),
    "housing-association": N_("Housing association"),
    "police": N_("Police"),
    "fire": N_("Fire and rescue"),
    "central-government": N_("Central government"),
    "sme": N_("Small or medium business"),
    "third-sector": N_("Third sector"),
    "other": N_("Other"),
}
ROLE = {"funder": N_("Funder"), "co-designer": N_("Co-designer"), "pilot-site": N_("Pilot site")}
PLEDGE_STATE = {
    "pledged": N_("Pledged"),
    "invoiced": N_("Invoiced"),
    "paid": N_("Paid"),
    "withdrawn": N_("Withdrawn"),
    "released": N_("Released"),
}
PROCUREMENT = {
    "three-quotes": N_("Three quotes (below the procurement threshold)"),
    "g-cloud": N_("G-Cloud framework"),
    "dos": N_("Digital Outcomes and Specialists framework"),
    "innovation-partnership": N_("Innovation Partnership"),
    "in-house": N_("In-house (Teckal exemption)"),
}
PHASE = {"discovery": N_("Discovery"), "alpha": N_("Alpha"), "beta": N_("Beta"), "live": N_("Live")}

FACETS = {
    "status": (N_("Status"), STATUS),
    "category": (N_("Category"), CATEGORY),
    "sector": (N_("Sector"), SECTOR),
    "nation": (N_("Nation"), NATION),
    "model": (N_("Funding model"), MODEL),
}

"""Stage 3, compute: the validated catalogue and today -> every figure people act on.

`compute(catalogue, today)` is the one entry point; the result types and their conventions
(pence, basis points, order) are in results.py. The site, the export and the PR check all
read the same ComputedCatalogue.
"""

from __future__ import annotations

import datetime as dt

from ..model import Catalogue
from .funds import FundMatch, FundSummary, fund_matches, fund_summaries
from .matching import PledgeMatch, match_funds
from .pitches import compute_pitch
from .portfolios import organisations, stats
from .results import (
    AdopterFee,
    CatalogueStats,
    ComputedCatalogue,
    ComputedPitch,
    Interest,
    JoiningCost,
    OrganisationSummary,
    Partner,
    PledgeState,
    SharedCost,
    Status,
    StretchLine,
    TierPrice,
    percent_text,
)

__all__ = [
    "AdopterFee",
    "CatalogueStats",
    "ComputedCatalogue",
    "ComputedPitch",
    "FundMatch",
    "FundSummary",
    "Interest",
    "JoiningCost",
    "OrganisationSummary",
    "Partner",
    "PledgeMatch",
    "PledgeState",
    "SharedCost",
    "Status",
    "StretchLine",
    "TierPrice",
    "compute",
    "percent_text",
]


def compute(catalogue: Catalogue, today: dt.date) -> ComputedCatalogue:
    """Every pitch's, organisation's and the catalogue's figures on `today`.

    Expects a catalogue that validate accepted (references resolve, pledges fit their model).
    """
    by_pitch = fund_matches(catalogue, match_funds(catalogue, today))
    pitches = tuple(compute_pitch(p, today, by_pitch.get(p.id, ())) for p in catalogue.pitches)
    orgs = organisations(catalogue, pitches)
    return ComputedCatalogue(
        catalogue=catalogue,
        today=today,
        pitches=pitches,
        organisations=orgs,
        stats=stats(catalogue, pitches, orgs),
        funds=fund_summaries(catalogue, by_pitch, today),
    )

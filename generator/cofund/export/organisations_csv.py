"""One row per organisation, for spreadsheets: who it is and what it has committed and saved.

Added by the site renderer for the organisations.csv download; same conventions as
csv_export (pounds with two decimals, formula-looking text prefixed with an apostrophe).
"""

from __future__ import annotations

import csv
import io

from ..compute import ComputedCatalogue
from ..money import pounds
from .csv_export import _text

COLUMNS = (
    "organisation", "name", "type", "nation", "website", "gss_code",
    "proposed", "pledged_to", "adopted", "committed", "adoption_fees", "rebates", "saved",
)


def organisations_to_csv(computed: ComputedCatalogue) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for o in computed.organisations:
        org = o.organisation
        writer.writerow((
            org.id, _text(org.name), org.type.value, org.nation.value, org.website, org.gss_code or "",
            " ".join(o.proposed), " ".join(o.pledged_to), " ".join(o.adopted),
            pounds(o.committed), pounds(o.adoption_fees), pounds(o.rebates), pounds(o.saved),
        ))
    return out.getvalue()

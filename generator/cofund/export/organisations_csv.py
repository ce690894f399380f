"""One row per organisation, for spreadsheets: who it is and what it has committed and saved.

Added by the site renderer for the organisations.csv download; same conventions as
csv_export (pounds with two decimals, formula-looking text prefixed with an apostrophe).
"""

from __future__ import annotations

from ..compute import ComputedCatalogue, OrganisationSummary
from ..money import pounds
from .csv_export import _text, csv_text
from .download import Download

COLUMNS = (
    "organisation", "name", "type", "nation", "website", "gss_code",
    "proposed", "pledged_to", "adopted", "committed", "adoption_fees", "rebates", "saved", "interested_in",
    "org_id",
)


def organisation_row(o: OrganisationSummary) -> tuple[str, ...]:
    org = o.organisation
    return (
        org.id, _text(org.name), org.type.value, org.nation.value, org.website, org.gss_code or "",
        " ".join(o.proposed), " ".join(o.pledged_to), " ".join(o.adopted),
        pounds(o.committed), pounds(o.adoption_fees), pounds(o.rebates), pounds(o.saved), " ".join(o.interested_in),
        org.org_id or "",
    )


def organisations_csv_export(computed: ComputedCatalogue) -> Download:
    """The organisations CSV (RFC 4180, CRLF line ends), as UTF-8."""
    return Download(csv_text([COLUMNS, *(organisation_row(o) for o in computed.organisations)]).encode())

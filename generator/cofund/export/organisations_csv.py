"""One row per organisation, for spreadsheets: who it is and what it has committed and saved.

Added by the site renderer for the organisations.csv download; same conventions as
csv_export (pounds with two decimals, formula-looking text prefixed with an apostrophe).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute import ComputedCatalogue, OrganisationSummary
from ..money import pounds
from .csv_export import Rows, _text
from .pieces import Assembler, Span, index

COLUMNS = (
    "organisation", "name", "type", "nation", "website", "gss_code",
    "proposed", "pledged_to", "adopted", "committed", "adoption_fees", "rebates", "saved",
)


def organisation_row(o: OrganisationSummary) -> tuple[str, ...]:
    org = o.organisation
    return (
        org.id, _text(org.name), org.type.value, org.nation.value, org.website, org.gss_code or "",
        " ".join(o.proposed), " ".join(o.pledged_to), " ".join(o.adopted),
        pounds(o.committed), pounds(o.adoption_fees), pounds(o.rebates), pounds(o.saved),
    )


@dataclass(frozen=True)
class OrganisationsCsvExport:
    """The organisations CSV's text, and what the next export reuses: the catalogue it was made
    from and where each organisation's row lies in the text (in the organisations' order)."""

    computed: ComputedCatalogue
    data: bytes  # the text, UTF-8: what the site publishes
    organisation_spans: tuple[Span, ...]
    reused_organisations: int  # how many rows were copied from the previous export

    @property
    def text(self) -> str:
        return self.data.decode()


def organisations_csv_export(
    computed: ComputedCatalogue, previous: OrganisationsCsvExport | None = None
) -> OrganisationsCsvExport:
    """The CSV of `computed`: the same text as from scratch, copying from `previous` the row of
    each organisation whose OrganisationSummary is the same object (a row shows nothing else)."""
    old = index(previous.computed.organisations, previous.organisation_spans) if previous else {}
    rows = Rows()
    asm = Assembler(previous.data if previous else b"")
    asm.add(rows.text([COLUMNS]))
    # == on an OrganisationSummary compares every pledge it made: dearer than writing its row
    spans = asm.fragments(computed.organisations, lambda o: rows.text([organisation_row(o)]), old, equal=False)
    return OrganisationsCsvExport(computed, asm.data(), spans, asm.reused)


def organisations_to_csv(computed: ComputedCatalogue) -> str:
    return organisations_csv_export(computed).text

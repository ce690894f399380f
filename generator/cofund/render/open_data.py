"""The "Open data" page (data/index.md): every download the site publishes, with its standard,
its schema and its licence; the feeds and badges; and cofund's own JSON Schemas.

The open-standard files are the ones the site writes (Site.standards, from
cofund.export.standards_downloads), so the page lists exactly what is there."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..export import ocds, threesixty_giving
from ..export.standards import DATA_LICENCE
from .i18n import N_
from .page_html import RenderedPage, render_page
from .site import Site


@dataclass(frozen=True)
class Standard:
    name: str
    url: str  # where the standard is described
    schema: str  # its schema: an address, or "#schemas" for cofund's own
    schema_name: str


OWN = Standard(N_("cofund's own format"), "#schemas", "#schemas", N_("The data files' JSON Schemas, below"))
OCDS = Standard("Open Contracting Data Standard 1.1: a release package, planning stage", "https://standard.open-contracting.org/1.1/en/",
                "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json",
                "release-package-schema.json")
GIVING = Standard("360Giving Data Standard 1.4", "https://standard.threesixtygiving.org/en/latest/",
                  "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/main/schema/360-giving-package-schema.json",
                  "360-giving-package-schema.json")
PUBLICCODE = Standard("publiccode.yml 0.5", "https://yml.publiccode.tools/",
                      "https://json.schemastore.org/publiccode.json", "publiccode.json (SchemaStore)")
ATOM = Standard("Atom (RFC 4287)", "https://www.rfc-editor.org/rfc/rfc4287", "https://www.rfc-editor.org/rfc/rfc4287",
                "RFC 4287")
SVG = Standard("SVG 1.1", "https://www.w3.org/TR/SVG11/", "https://www.w3.org/TR/SVG11/", "SVG 1.1")


@dataclass(frozen=True)
class Row:
    path: str | None  # the file's docs path, when there is one file to link
    name: str  # its name on the page
    holds: str  # what it holds, in words
    standard: Standard


def rows(site: Site) -> list[Row]:
    out = [
        Row("data/catalogue.json", "catalogue.json", N_("Every pitch, organisation and match fund with its computed "
            "figures: the same as cofund export. Money is in pounds as text with two decimals, such as "
            "\"6000.00\"."), OWN),
        Row("data/pledges.csv", "pledges.csv", N_("One row per pledge, counting or not, for spreadsheets."), OWN),
        Row("data/organisations.csv", "organisations.csv", N_("One row per organisation, with its org-id and what it "
            "has committed and saved."), OWN),
        Row(ocds.PATH, "ocds.json", N_("Every pitch taking pledges as a planning record: the buyer and partners by "
            "org-id, the budget from the target, the procurement route as the procurement method."), OCDS),
    ]
    if threesixty_giving.PATH in site.standards:
        out.append(Row(threesixty_giving.PATH, "360giving.json", N_(
            "Every paid pledge to a pitch whose pledges are grants, with the org-ids of funder and recipient."),
            GIVING))
    for path in sorted(p for p in site.standards if p.startswith("products/")):
        pitch = site.computed.pitch(path.split("/")[1])
        name = f"{pitch.pitch.text('title', site.lang).value}: publiccode.yml"
        out.append(Row(path, name, N_("The product as reusable public software: its stage, supplier, the "
                                      "organisations that fund and use it, and its licence."), PUBLICCODE))
    out += [
        Row("feeds/catalogue.xml", N_("News feed of the catalogue"),
            N_("New pitches, pitches funded and pitch updates."), ATOM),
        Row(None, N_("A news feed per pitch and per organisation"), N_(
            "feeds/pitches/<pitch>.xml: a pitch's updates, new partners and changes of status; "
            "feeds/organisations/<organisation>.xml: the news of the pitches an organisation proposed, pledged to "
            "or adopted. Each page links to its own."), ATOM),
        Row(None, N_("A progress badge per pitch"), N_(
            "pitches/<pitch>/badge.svg: the pitch's status, what is pledged of the target and its partners, to "
            "show on another site. Each pitch page gives the HTML to copy."), SVG),
    ]
    _ = site.words.gettext
    return [dataclasses.replace(r, name=_(r.name), holds=_(r.holds)) for r in out]


def open_data_page(site: Site, schema_names: tuple[str, ...]) -> RenderedPage:
    return render_page("data.html.j2", **site.common("data/index.md"), schemas=schema_names, rows=rows(site),
                       licence=DATA_LICENCE)

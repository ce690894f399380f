"""The catalogue's list pages: every pitch by deadline and by percent funded, and one list per
facet value (status, category, sector, nation, model), so that filtering works without
JavaScript; and the category and sector overviews."""

from __future__ import annotations

from collections.abc import Iterator

from . import labels
from .site import Site, by_deadline, by_percent, facet_values
from .templating import render


def catalogue_pages(site: Site) -> Iterator[tuple[str, str]]:
    pitches = site.computed.pitches
    counts: dict[str, dict[str, int]] = {f: {} for f in labels.FACETS}
    for p in pitches:
        for facet in labels.FACETS:
            for value in facet_values(p, facet, site):
                counts[facet][value] = counts[facet].get(value, 0) + 1
    # Only values that some pitch has: no page, link or option leads to an empty list.
    facets = [
        (facet, (name, [(v, label) for v, label in table.items() if counts[facet].get(v)]))
        for facet, (name, table) in labels.FACETS.items()
    ]
    common = {"facets": facets, "counts": counts, "intro": None, "filtered_from": None}
    for path, sort, items in (
        ("catalogue/index.md", "deadline", by_deadline(pitches)),
        ("catalogue/by-percent.md", "percent", by_percent(pitches)),
    ):
        title = "Catalogue of pitches" if sort == "deadline" else "Pitches by percent funded"
        yield path, render(
            "catalogue.md.j2", **site.common(path), **common, title=title, sort=sort, items=items,
            description="Every pitch for co-funding, with what it costs to join and how close it is to funded.",
        )
    helps = {"status": labels.STATUS_HELP, "category": labels.CATEGORY_HELP, "model": labels.MODEL_HELP}
    for facet, (name, values) in facets:
        for value, label in values:
            path = f"catalogue/{facet}/{value}.md"
            items = by_deadline([p for p in pitches if value in facet_values(p, facet, site)])
            yield path, render(
                "catalogue.md.j2", **site.common(path),
                **{**common, "intro": helps.get(facet, {}).get(value), "filtered_from": len(pitches)},
                title=f"{name}: {label}", sort="deadline", items=items,
                description=f"Pitches for co-funding: {name.lower()} {label}.",
            )
    for facet, title, description in (
        ("category", "Categories", "The four kinds of good candidate for co-funding."),
        ("sector", "Sectors", "Pitches by the sectors whose organisations can use them."),
    ):
        name, table = labels.FACETS[facet]
        entries = [
            (v, label, helps.get(facet, {}).get(v), counts[facet][v])
            for v, label in table.items() if counts[facet].get(v)
        ]
        path = f"catalogue/{facet}/index.md"
        yield path, render(
            "facet_index.md.j2", **site.common(path), title=title, description=description,
            facet=facet, entries=entries,
        )

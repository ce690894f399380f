"""The yardstick for the site build: a plain MkDocs Material project with as many hand-written
pages, of about the same size, as the catalogue has pitches and organisations.

Each pitch becomes a Markdown page (title, summary, key facts, the body, cost lines and a
table of its partners); each organisation a short page; two index pages link them all. As
DESIGN.md ("Scale") requires of cofund's own site, the many pages stay out of the navigation
(`not_in_nav`) and are reached from the index pages, so the yardstick is the build cofund
should match, not the slow one with every page in the navigation.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _load(path: Path) -> dict:
    with open(path, "rb") as handle:
        return yaml.load(handle.read(), Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]


def pitch_page(pid: str, pitch: dict, pledges: dict[str, dict], orgs: dict[str, str]) -> str:
    f, bc = pitch["funding"], pitch["business_case"]
    out = [
        f"# {pitch['title']}", "", pitch["summary"], "",
        "| | |", "|---|---|",
        f"| Stage | {pitch['stage']} |",
        f"| Funding model | {f['model']} |",
        f"| Target | £{f['target']} |",
        f"| Deadline | {f['deadline']} |",
        f"| Proposer | [{orgs.get(pitch['proposer'], pitch['proposer'])}](../organisations/{pitch['proposer']}.md) |",
        f"| Partners | {len(pledges)} |", "",
        pitch["body"], "",
        "## Business case", "", bc["problem"], "",
        "| Cost line | Amount | Core |", "|---|---:|---|",
        *[f"| {_cell(c['item'])} | £{c['amount']} | {'yes' if c['core'] else 'no'} |" for c in bc["cost_lines"]],
        "", "## Partners", "",
        "| Organisation | Role | Pledged | Status |", "|---|---|---:|---|",
    ]
    for org, p in sorted(pledges.items()):
        given = p.get("amount", p.get("percent", p.get("tier", "one share")))
        out.append(f"| [{_cell(orgs.get(org, org))}](../organisations/{org}.md) | {p['role']} | {given} | {p['status']} |")
    return "\n".join(out) + "\n"


def org_page(oid: str, org: dict, pitches: list[tuple[str, str]]) -> str:
    out = [
        f"# {org['name']}", "",
        f"{org['type']} in {org['nation']}. Website: <{org['website']}>", "",
        "## Signatories", "",
        *[f"- {s['name']}, {s['role']} (`{s['github']}`)" for s in org["signatories"]],
        "", "## Pitches", "",
        *[f"- [{_cell(title)}](../pitches/{pid}.md)" for pid, title in pitches],
    ]
    return "\n".join(out) + "\n"


def write_plain_site(repo: Path, out: Path) -> int:
    """Write the project into `out`; return the number of pages."""
    docs = out / "docs"
    (docs / "pitches").mkdir(parents=True)
    (docs / "organisations").mkdir(parents=True)
    orgs = {p.stem: _load(p) for p in sorted((repo / "organisations").glob("*.yml"))}
    names = {oid: o["name"] for oid, o in orgs.items()}
    involved: dict[str, list[tuple[str, str]]] = {oid: [] for oid in orgs}
    pitch_index = ["# Pitches", ""]
    for folder in sorted((repo / "pitches").iterdir()):
        pitch = _load(folder / "pitch.yml")
        pledges = {}
        if (folder / "pledges").is_dir():
            pledges = {p.stem: _load(p) for p in sorted((folder / "pledges").glob("*.yml"))}
        for oid in [pitch["proposer"], *pledges]:
            involved.setdefault(oid, []).append((folder.name, pitch["title"]))
        (docs / "pitches" / f"{folder.name}.md").write_text(
            pitch_page(folder.name, pitch, pledges, names), encoding="utf-8")
        pitch_index.append(f"- [{_cell(pitch['title'])}]({folder.name}.md): {_cell(pitch['summary'])}")
    (docs / "pitches" / "index.md").write_text("\n".join(pitch_index) + "\n", encoding="utf-8")
    org_index = ["# Organisations", ""]
    for oid, org in orgs.items():
        (docs / "organisations" / f"{oid}.md").write_text(org_page(oid, org, involved[oid]), encoding="utf-8")
        org_index.append(f"- [{_cell(org['name'])}]({oid}.md)")
    (docs / "organisations" / "index.md").write_text("\n".join(org_index) + "\n", encoding="utf-8")
    (docs / "index.md").write_text(
        "# Co-funding catalogue\n\nPitches for reusable public services, and the organisations that fund them.\n\n"
        "- [Pitches](pitches/index.md)\n- [Organisations](organisations/index.md)\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        "site_name: Plain MkDocs Material yardstick\n"
        "site_url: https://example.org/\n"
        "theme:\n  name: material\n"
        "plugins:\n  - search\n"
        "nav:\n  - Home: index.md\n  - Pitches: pitches/index.md\n  - Organisations: organisations/index.md\n"
        "not_in_nav: |\n  /pitches/*.md\n  /organisations/*.md\n", encoding="utf-8")
    return sum(len(files) for _top, _dirs, files in os.walk(docs))

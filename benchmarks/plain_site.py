"""The yardstick for the site build: a plain MkDocs Material project with as many hand-written
pages, of about the same size, as the catalogue has pitches and organisations.

Each pitch becomes a Markdown page with what cofund's pitch page shows: the title, summary
and key facts, the body, the business case and its cost lines, contract and service level,
the partners, pledges over time, updates, milestones and a history of changes, so that its
built page is about the size of cofund's; each organisation a short page; two index pages
link them all. cofund builds its site twice, in English and in Welsh (cy/), so the yardstick
writes each page twice too, the second copy under cy/. As cofund's own site does, the many
pages stay out of the navigation (`not_in_nav`) and are reached from the index pages, so the
yardstick is the build cofund should match, not the slow one with every page in the
navigation.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import yaml


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _commit(seed: str) -> str:
    """A link to a commit, as cofund's history table has: a made-up but stable SHA."""
    sha = hashlib.sha1(seed.encode()).hexdigest()
    return f"[{sha[:7]}](https://github.com/cofund/benchmark/commit/{sha})"


def _load(path: Path) -> dict:
    with open(path, "rb") as handle:
        return yaml.load(handle.read(), Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]


def pitch_page(pid: str, pitch: dict, pledges: dict[str, dict], orgs: dict[str, str]) -> str:
    f, bc = pitch["funding"], pitch["business_case"]
    out = [
        f"# {pitch['title']}", "", pitch["summary"], "",
        "| | |", "|---|---|",
        f"| Stage | {pitch['stage']} |",
        f"| Category | {pitch['category']} |",
        f"| Funding model | {f['model']} |",
        f"| Target | £{f['target']} |",
        f"| Deadline | {f['deadline']} |",
        f"| Proposer | [{orgs.get(pitch['proposer'], pitch['proposer'])}](../organisations/{pitch['proposer']}.md) |",
        f"| Partners | {len(pledges)} |",
        f"| Sectors | {', '.join(pitch.get('sectors', []))} |", "",
        "## The pitch", "", pitch["body"], "",
        "## Partners", "",
        "| Organisation | Role | Pledged | Status | Conditions |", "|---|---|---:|---|---|",
    ]
    for org, p in sorted(pledges.items()):
        given = p.get("amount", p.get("percent", p.get("tier", "one share")))
        out.append(f"| [{_cell(orgs.get(org, org))}](../organisations/{org}.md) | {p['role']} | {given} | "
                   f"{p['status']} | {_cell(p.get('conditions', ''))} |")
    out += ["", "## Pledges over time", "", "| Date | Organisation | Pledge | Pledges so far |", "|---|---|---:|---:|"]
    for n, (org, p) in enumerate(sorted(pledges.items(), key=lambda kv: (str(kv[1]["date"]), kv[0])), start=1):
        given = p.get("amount", p.get("percent", p.get("tier", "one share")))
        out.append(f"| {p['date']} | [{_cell(orgs.get(org, org))}](../organisations/{org}.md) | {given} | {n} |")
    out += [
        "", "## Business case", "", "**The problem**", "", bc["problem"], "",
        "**Who will use it**", "", bc["users"], "",
        "**Benefits**", "", *[f"- {b}" for b in bc["benefits"]], "",
        f"Built alone, this would cost one organisation £{bc['cost_alone']}.", "",
        "### Cost lines", "",
        "| Cost line | Amount | Core |", "|---|---:|---|",
        *[f"| {_cell(c['item'])} | £{c['amount']} | {'yes' if c['core'] else 'no'} |" for c in bc["cost_lines"]],
        "", "## Procurement and contract", "", "| Term | What was agreed |", "|---|---|",
        f"| Procurement route | {pitch['procurement']} |",
        f"| Supplier | {_cell(pitch['contract'].get('supplier', 'Not chosen yet'))} |",
        f"| Licence | {_cell(pitch['contract']['licence'])} |",
        f"| Contract length | {pitch['contract']['duration_months']} months |",
        "", "## Service level", "", "| Measure | Promise |", "|---|---|",
        f"| Availability | {pitch['sla']['availability']}% |",
        f"| Support hours | {_cell(pitch['sla']['support_hours'])} |",
        *[f"| Response time, {k} | {v} |" for k, v in pitch["sla"].get("response_times", {}).items()],
        "", "## Updates", "",
    ]
    for u in reversed(pitch.get("updates", [])):
        out += [f"### {u['title']}", "", f"*{u['date']}*", "", u["body"], ""]
    out += ["## Milestones", "", "| Milestone | Due | Done |", "|---|---|---|",
            *[f"| {m['title']} | {m['due']} | {m.get('done', 'Not yet')} |" for m in pitch.get("milestones", [])],
            "", "## History", "", "| Date | Change | Commit |", "|---|---|---|",
            f"| {pitch['created']} | Pitch added | {_commit(pid)} |"]
    for org, p in sorted(pledges.items(), key=lambda kv: (str(kv[1]["date"]), kv[0])):
        out.append(f"| {p['date']} | Pledge by [{_cell(orgs.get(org, org))}](../organisations/{org}.md) added | "
                   f"{_commit(pid + org)} |")
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


def write_pages(repo: Path, docs: Path) -> None:
    """One language's pages: a page per pitch and per organisation, and their index pages."""
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


def write_plain_site(repo: Path, out: Path) -> int:
    """Write the project into `out`; return the number of pages."""
    docs = out / "docs"
    write_pages(repo, docs)
    write_pages(repo, docs / "cy")
    (out / "mkdocs.yml").write_text(
        "site_name: Plain MkDocs Material yardstick\n"
        "site_url: https://example.org/\n"
        "theme:\n  name: material\n"
        "plugins:\n  - search\n"
        "nav:\n  - Home: index.md\n  - Pitches: pitches/index.md\n  - Organisations: organisations/index.md\n"
        "not_in_nav: |\n  /pitches/*.md\n  /organisations/*.md\n  /cy/\n", encoding="utf-8")
    return sum(len(files) for _top, _dirs, files in os.walk(docs))

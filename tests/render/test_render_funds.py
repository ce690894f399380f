"""Match funds' pages: the index, a page per fund (rules in plain words, the pot, what is
committed, returned and left, the pitches matched with each partner's match, the pitches
not matched and why), the funds as a catalogue facet, the "Matched by" panel on a pitch page
and the holder's page. Every figure is compute's; the compute scenarios of matching (caps,
two funds, a match given back) are rendered too."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from rendered_sample import ROOT, Sample

from cofund.compute import compute
from cofund.load import FolderSource, load
from cofund.model import Category, FundRules, Nation, OrgType
from cofund.money import display
from cofund.render import i18n, render_site
from cofund.render.funds import LIMIT_WORDS, ratio_words, rule_lines
from cofund.render.history import EMPTY
from cofund.render.site import Site, SiteInput
from cofund.validate import validate

FUND = "west-yorkshire-digital"


def words(page: str) -> str:
    """The page's words as a reader sees them: inline tags join, block tags part."""
    inline = re.sub(r"</?(?:a|strong|em|code|span)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def section(page: str, anchor: str) -> str:
    """The HTML from the h2 with this id to the next h2."""
    return page.split(f'id="{anchor}"', 1)[1].split("<h2", 1)[0]


def test_the_funds_page_states_the_rules_in_plain_words(sample_site: Sample) -> None:
    f = sample_site.computed.fund(FUND)
    page = words(sample_site.page(f"funds/{FUND}.md"))
    for expected in (
        "£1 of match for every £2 pledged",
        "It matches pledges made from 1 June 2026 to 31 March 2027.",
        "once the pitch has 3 partners",
        "It matches at most £20,000 on one pitch.",
        "It matches at most £10,000 for one organisation, across every pitch.",
        "Pitches in the category Service transformation.",
        "Pledges by organisations in England.",
        "Pledges by organisations of the type metropolitan district.",
        "Pledges by Calderdale Council, City of Bradford Metropolitan District Council, Kirklees Council, "
        "Leeds City Council or Wakefield Council only.",
        f"Held by {sample_site.computed.organisation(f.fund.holder).organisation.name}",
        f"Pot {display(f.fund.pot)}", f"Committed {display(f.committed)}", f"Left in the pot {display(f.left)}",
    ):
        assert expected in page, expected
    assert f.committed + f.left == f.fund.pot and f.left == 9468750  # the sample's £5,312.50 match


def test_matched_pitches_show_each_partners_match_and_the_rest_say_why(sample_site: Sample) -> None:
    f = sample_site.computed.fund(FUND)
    page = sample_site.page(f"funds/{FUND}.md")
    matched, unmatched = words(section(page, "matched")), words(section(page, "not-matched"))
    assert f.matched_pitches == ("blue-badge-hidden-disability-assessment",)
    for fm in f.pitches:
        title = sample_site.computed.pitch(fm.pitch).pitch.title
        assert (title in matched) == bool(fm.matched) and (title in unmatched) == (not fm.matched)
        for m in fm.pledges:
            name = sample_site.computed.organisation(m.org).organisation.name
            where = matched if fm.matched else unmatched
            if m.amount:
                assert f"{name} {m.date.day} June {m.date.year} {display(m.amount)} At the ratio" in where
            else:
                assert m.why and f"{name}: {m.why}" in where
    # The sample's reasons, in compute's words.
    assert "Leeds City Council: pledged on 2026-05-18, before the fund opened on 2026-06-01" in matched
    assert "Coventry City Council: Coventry City Council is not one of the organisations the fund matches" in unmatched


def test_the_index_of_funds_and_the_fund_facet(sample_site: Sample) -> None:
    computed = sample_site.computed
    index = sample_site.page("funds/index.md")
    f = computed.fund(FUND)
    assert f'<a href="{FUND}/">{f.fund.name}</a>' in index
    assert f"match funds add {display(computed.stats.money_matched)}" in words(index)
    # A facet list per fund, like the other facets: the pitches that apply to it.
    facet = sample_site.page(f"catalogue/fund/{FUND}.md")
    listed = re.findall(r'data-id="([^"]+)"', facet)
    assert sorted(listed) == sorted(fm.pitch for fm in f.pitches)
    assert f'href="../../../funds/{FUND}/">About the fund</a>' in facet
    assert f'<option value="{FUND}">{f.fund.name}</option>' in sample_site.page("catalogue/index.md")
    data = json.loads(sample_site.rendered.files["catalogue/pitches.json"])
    rows = {row[0]: dict(zip(data["fields"], row, strict=True)) for row in data["pitches"]}
    assert {pid for pid, row in rows.items() if FUND in row["fund"].split()} == set(listed)
    # Under Catalogue in the navigation; fund pages are reached from the index.
    nav = (ROOT / "mkdocs.yml").read_text()
    assert "      - Match funds: funds/index.md\n" in nav and "  /funds/\n" in nav


def test_matched_by_panel_on_the_pitch_page(sample_site: Sample) -> None:
    computed = sample_site.computed
    for p in computed.pitches:
        page = sample_site.page(f"pitches/{p.id}.md")
        if not p.funds:
            assert 'id="match-funds"' not in page
            continue
        panel = section(page, "match-funds")
        assert ("Matched by" in page.split('id="match-funds"', 1)[1][:20]) == bool(p.matched)
        for fm in p.funds:
            assert f'href="../../funds/{fm.fund}/"' in panel
            for m in fm.pledges:
                name = computed.organisation(m.org).organisation.name
                if m.amount:
                    assert f"{name} {m.date.day} June {m.date.year} {display(m.amount)}" in words(panel)
                    assert p.partner(m.org) is not None and p.partner(m.org).matched == m.amount  # type: ignore[union-attr]
                elif m.why:
                    assert f"{name}: {m.why}" in words(panel)
    # The progress bar shows the match apart from the partners' money, in the bar and its words.
    p = computed.pitch("blue-badge-hidden-disability-assessment")
    page = sample_site.page(f"pitches/{p.id}.md")
    assert "cofund-progress__bar--match" in page
    assert f"{display(p.pledged)} pledged by partners and {display(p.matched)} from match funds" in words(page)


def test_the_holders_page_links_its_fund_and_org_ids_are_shown(sample_site: Sample) -> None:
    computed = sample_site.computed
    holder = computed.fund(FUND).fund.holder
    assert f'href="../../funds/{FUND}/"' in sample_site.page(f"organisations/{holder}.md")
    for o in computed.organisations:
        page = sample_site.page(f"organisations/{o.id}.md")
        if o.organisation.org_id:
            scheme = "-".join(o.organisation.org_id.split("-", 2)[:2])
            assert (f'<a href="https://org-id.guide/list/{scheme}"><code>{o.organisation.org_id}</code></a>'
                    in page), o.id
        else:
            assert "Organisation identifier" not in page


RULES = FundRules(match=1, per=1, opens=dt.date(2026, 1, 1), closes=dt.date(2026, 12, 31), cap_per_pitch=None,
                  cap_per_partner=None, min_partners=None, categories=(), sectors=(), nations=(), types=(),
                  organisations=())


@pytest.mark.parametrize(("changes", "expected", "absent"), [
    ({}, ["£1 of match for every £1 pledged", "It has no cap per pitch.", "It has no cap per partner."],
     ["partners;", "category", "sector", "type"]),
    ({"match": 3, "per": 4, "cap_per_pitch": 1234550}, ["£3 of match for every £4 pledged",
                                                        "at most £12,345.50 on one pitch"], []),
    ({"categories": (Category.NEW_TECHNOLOGY, Category.IN_HOUSE_BUILD), "sectors": ("health", "housing")},
     ["category New technology or In-house build worth re-using.", "for the sector Health or Housing."], []),
    ({"nations": (Nation.WALES,), "types": (OrgType.WELSH_PRINCIPAL_AREA,), "min_partners": 2},
     ["organisations in Wales.", "of the type welsh principal area.", "once the pitch has 2 partners"], []),
])
def test_rule_lines(sample_site: Sample, changes: dict, expected: list[str], absent: list[str]) -> None:  # type: ignore[type-arg]
    from dataclasses import replace

    rules = replace(RULES, **changes)
    site = Site(SiteInput(sample_site.computed, EMPTY, "", None))
    text = " ".join(rule_lines(site, rules))
    assert text.startswith(f"It adds {ratio_words(rules, i18n.words('en'))}")
    for phrase in expected:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


SCENARIOS = ROOT / "tests" / "compute" / "scenarios"


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("match-*")))
def test_matching_scenarios_render_every_match_return_and_reason(name: str, tmp_path: Path) -> None:
    scenario = SCENARIOS / name
    today = dt.date.fromisoformat(json.loads((scenario / "expected.json").read_text())["today"])
    validated = validate(load(FolderSource(scenario / "repo")), today)
    assert validated.ok, validated.problems
    computed = compute(validated.catalogue, today)
    rendered = render_site(tmp_path, computed, None, EMPTY)
    for f in computed.funds:
        page = words(rendered.pages[f"funds/{f.id}.md"].top + rendered.pages[f"funds/{f.id}.md"].rest)
        assert f"Committed {display(f.committed)}" in page and f"Left in the pot {display(f.left)}" in page
        assert (f"Returned to the pot {display(f.returned)}" in page) == bool(f.returned)
        for fm in f.pitches:
            for m in fm.pledges:
                name_ = computed.organisation(m.org).organisation.name
                if m.returned:
                    assert f"{display(m.returned)} returned to the pot" in page
                elif m.amount and m.limit:
                    assert (f"{display(m.amount)} Less than the ratio's {display(m.ratio_amount)}: held to "
                            f"{LIMIT_WORDS[m.limit]}") in page
                elif m.amount:
                    assert f"{display(m.amount)} At the ratio" in page
                elif fm.why_not:
                    assert fm.why_not in page
                else:
                    assert m.why and f"{name_}: {m.why}" in page

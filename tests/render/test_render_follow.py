"""Following a pitch and reusing the data: the progress badge (well-formed SVG with its
accessible text, no script or request), the HTML to copy, the per-pitch Atom feed (every
date from the data), the open-standard files published as `cofund export` prints them, and
the Open data page that lists every download."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from rendered_sample import SAMPLE_TODAY, SITE_URL, Sample

from cofund.compute import ComputedPitch, Status
from cofund.export import standards_downloads
from cofund.render import labels, render_site
from cofund.render.badges import badge_svg
from cofund.render.cards import card
from cofund.render.history import EMPTY
from cofund.render.i18n import words
from cofund.render.site import Site, SiteInput
from cofund.render.templating import href

SVG = "{http://www.w3.org/2000/svg}"
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def test_every_pitch_has_a_badge_with_its_accessible_text(sample_site: Sample) -> None:
    for p in sample_site.computed.pitches:
        svg = ET.fromstring(sample_site.rendered.files[f"pitches/{p.id}/badge.svg"])
        assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
        label = svg.get("aria-label")
        assert label and svg.findtext(f"{SVG}title") == label
        c = card(p, words("en"))
        assert label.startswith(p.pitch.title) and str(labels.STATUS[p.status.value]) in label and c.figures in label
        partners = len(p.released_pledges) if c.released else len(p.partners)
        assert f"; {partners} " in label
        # What it draws says the same: the status and the figures, as text.
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        assert texts[0] == labels.STATUS[p.status.value] and texts[1].startswith(c.figures)
        # Nothing runs and nothing is fetched: no script, no handler, no link or image.
        for element in svg.iter():
            assert element.tag.removeprefix(SVG) not in ("script", "foreignObject", "image", "a", "style", "use")
            assert not any(name.startswith("on") or name.endswith("href") for name in element.attrib)


def test_the_badge_escapes_text_from_the_data(sample_site: Sample) -> None:
    p = sample_site.computed.pitches[0]
    hostile = 'A <script>alert(1)</script> & "quoted" ]]> title'
    pitch = dataclasses.replace(p, pitch=dataclasses.replace(p.pitch, title=hostile))
    svg = ET.fromstring(badge_svg(Site(SiteInput(sample_site.computed, EMPTY, "", None)), pitch))
    assert svg.findtext(f"{SVG}title", "").startswith(hostile)
    assert not list(svg.iter("script")) and not list(svg.iter(f"{SVG}script"))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _snippet(page: str) -> str:
    return html.unescape(page.split('<textarea id="badge-html"', 1)[1].split(">", 1)[1].split("</textarea>")[0])


def test_the_pitch_page_shows_the_badge_and_the_html_to_copy(sample_site: Sample) -> None:
    for p in sample_site.computed.pitches:
        page = sample_site.page(f"pitches/{p.id}.md")
        assert '<label for="badge-html">' in page and "readonly" in page.split('id="badge-html"')[1].split(">")[0]
        assert '<img class="cofund-badge" src="badge.svg" alt="Funding progress of' in page
        parser = _Tags()
        parser.feed(_snippet(page))
        (a, link), (img, image) = parser.tags
        assert a == "a" and link == {"href": f"{SITE_URL}pitches/{p.id}/"}
        assert img == "img" and image["src"] == f"{SITE_URL}pitches/{p.id}/badge.svg"
        assert image["alt"] == f"Funding progress of {p.pitch.title} on cofund"
        svg = ET.fromstring(sample_site.rendered.files[f"pitches/{p.id}/badge.svg"])
        assert (image["width"], image["height"]) == (svg.get("width"), svg.get("height"))


def test_without_the_sites_address_there_is_no_snippet(sample_site: Sample) -> None:
    rendered = render_site(sample_site.repo, sample_site.computed, None, EMPTY)
    page = rendered.pages["pitches/cyber-gdpr-elearning.md"]
    assert "badge-html" not in page.top + page.rest and "needs the site's address" in page.rest


def _data_dates(site: Site, p: ComputedPitch) -> set[dt.date]:
    """Every date a pitch's feed may carry: each is in the data (or, for expiry, the day after
    the deadline it gives; for funding, the pledge that reached the target)."""
    dates = {p.pitch.created, *(u.date for u in p.pitch.updates), *(a.date for a in p.adopters)}
    dates |= {m.done for m in p.pitch.milestones if m.done}
    for x in p.pledges:
        dates |= {x.date} | ({x.pledge.withdrawn_on} if x.pledge.withdrawn_on else set())
    if p.status is Status.EXPIRED:
        dates.add(p.pitch.funding.deadline + dt.timedelta(days=1))
    return dates


def test_every_pitch_has_a_feed_dated_from_its_data(sample_site: Sample) -> None:
    site = Site(SiteInput(sample_site.computed, EMPTY, "", SITE_URL))
    for p in sample_site.computed.pitches:
        path = f"feeds/pitches/{p.id}.xml"
        feed = ET.fromstring(sample_site.rendered.files[path])
        entries = feed.findall("a:entry", ATOM)
        ids = [e.findtext("a:id", namespaces=ATOM) for e in entries]
        assert len(ids) == len(set(ids)) and ids
        dates = [dt.date.fromisoformat(e.findtext("a:updated", "", ATOM)[:10]) for e in entries]
        allowed = _data_dates(site, p)
        funded = site.funded_day(p)
        assert set(dates) <= allowed | ({funded} if funded else set()), p.id
        assert dates == sorted(dates, reverse=True)
        assert feed.findtext("a:updated", namespaces=ATOM) == entries[0].findtext("a:updated", namespaces=ATOM)
        titles = [e.findtext("a:title", namespaces=ATOM) for e in entries]
        for x in p.pledges:
            assert f"New partner: {site.org_name(x.org)}" in titles
        for u in p.pitch.updates:
            assert f"{p.pitch.title}: {u.title}" in titles
        assert ("Expired: " + p.pitch.title in titles) == (p.status is Status.EXPIRED)
        assert (f"Funded: {p.pitch.title}" in titles) == (funded is not None)
        for e in entries:
            assert e.find("a:link", ATOM).get("href", "").startswith(f"{SITE_URL}pitches/{p.id}/")  # type: ignore[union-attr]
        # Linked from the pitch page beside "Follow this pitch", and named in its head.
        page = sample_site.page(f"pitches/{p.id}.md")
        assert f'href="../../{path}"' in page and "Follow this pitch" in page
        assert sample_site.rendered.pages[f"pitches/{p.id}.md"].meta["cofund_feed"] == path


def test_the_same_data_and_today_give_the_same_files(sample_site: Sample) -> None:
    again = render_site(sample_site.repo, sample_site.computed, SITE_URL, EMPTY)
    assert again.files == sample_site.rendered.files
    assert again.letters == sample_site.rendered.letters


def _export(repo: Path, *args: str) -> bytes:
    command = [str(Path(sys.executable).with_name("cofund")), "export", str(repo), "--today", SAMPLE_TODAY.isoformat()]
    result = subprocess.run([*command, *args], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_standards_files_are_published_as_cofund_export_prints_them(sample_site: Sample) -> None:
    files, repo = sample_site.rendered.files, sample_site.repo
    made = standards_downloads(sample_site.computed, SITE_URL)
    assert {"data/ocds.json", "data/360giving.json"} <= set(made)
    products = [path for path in made if path.startswith("products/")]
    assert products == ["products/adult-social-care-self-assessment/publiccode.yml"]
    for path, download in made.items():
        assert files[path] == download.data, path
    assert files["data/ocds.json"] == _export(repo, "--format", "ocds", "--site-url", SITE_URL)
    assert files["data/360giving.json"] == _export(repo, "--format", "360giving", "--site-url", SITE_URL)
    for path in products:
        assert files[path] == _export(repo, "--format", "publiccode", "--pitch", path.split("/")[1])
    # The product's page links its publiccode.yml.
    page = sample_site.page("pitches/adult-social-care-self-assessment.md")
    assert 'href="../../products/adult-social-care-self-assessment/publiccode.yml"' in page


def test_the_open_data_page_lists_every_download(sample_site: Sample) -> None:
    page = sample_site.page("data/index.md")
    for path in ("data/catalogue.json", "data/pledges.csv", "data/organisations.csv", "feeds/catalogue.xml",
                 *standards_downloads(sample_site.computed, SITE_URL)):
        assert f'href="{href("data/index.md", path)}"' in page, path
    words = " ".join(html.unescape(page).split())
    for phrase in ("Open Government Licence v3.0", "org-id", "Open Contracting Data Standard 1.1",
                   "360Giving Data Standard 1.4", "publiccode.yml 0.5", "release-package-schema.json",
                   "360-giving-package-schema.json", "feeds/pitches/<pitch>.xml", "pitches/<pitch>/badge.svg",
                   "Atom (RFC 4287)"):
        assert phrase in words, phrase
    rows = page.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == 3 + len(standards_downloads(sample_site.computed, SITE_URL)) + 3
    assert page.count("<td data-label=\"Licence\">OGL v3.0</td>") == rows

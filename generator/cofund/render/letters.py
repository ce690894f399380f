"""A printable pledge letter per pledge of money: what a finance officer attaches to a
committee paper. It says what the pitch is, what the organisation committed to and on what
conditions, how the work will be bought, who signed, and which commit recorded the pledge
(from the audit trail, history.py), with the figures as they stand on the build's date.

A letter is a standalone HTML document (letter.html.j2), not a themed page, and the engine
does no work for it: a national catalogue has tens of thousands (80,000 files, 420 MB, in two
languages). The plugin writes them straight into the built site once the engine has emptied
its folder (write_letters); through the docs tree, the engine's copy and the deletion of
the tree took 23 s of CPU at national scale (7% of the build). All letters link one small
stylesheet (overrides/assets/cofund/letter.css): readable on screen, A4 on paper, where the
sample-data banner stays, so a sample letter cannot pass for a real one. What every letter
of a pitch says alike is rendered once per pitch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2.environment import TemplateModule
from markupsafe import Markup

from ..compute import ComputedPitch, Partner
from ..model import LANGUAGE_NAMES, LANGUAGES, Signatory
from .history import Change
from .page_html import title_id
from .site import Site, letter_path
from .templating import environment, url_dir


@dataclass(frozen=True)
class Record:
    """Where the pledge file's history stands: the commit that added it, and the latest that
    changed it (the same commit when it was never changed)."""

    added: Change | None
    latest: Change | None


def record(site: Site, partner: Partner) -> Record:
    changes = [c for c in site.given.history.of(partner.pledge.pitch) if c.path == partner.pledge.source]
    added = next((c for c in changes if c.action == "added"), None)
    return Record(added, changes[-1] if changes else None)


def signatory(site: Site, partner: Partner) -> Signatory | None:
    """The organisation's signatory the pledge names (GitHub logins are case-insensitive)."""
    login = partner.pledge.signatory.lower()
    org = site.computed.organisation(partner.org).organisation
    return next((s for s in org.signatories if s.github.lower() == login), None)


@dataclass(frozen=True)
class Language:
    """The same letter in one language's site, for the hreflang links and the switch."""

    lang: str
    name: str
    href: str


def languages(site: Site, path: str) -> list[Language]:
    # As the theme's language switch does: climb to this site's root (the Welsh site is
    # the English one's folder cy/), then down to the other language's copy of the page.
    here = url_dir(path)
    up = "../" * here.count("/") + ("" if site.lang == "en" else "../")
    return [Language(lang, LANGUAGE_NAMES[lang], up + ("" if lang == "en" else f"{lang}/") + here)
            for lang in LANGUAGES]


def pitch_parts(site: Site, p: ComputedPitch) -> TemplateModule:
    """What every letter of the pitch `p` says alike (letter_pitch.html.j2): the pitch, its
    conditions and its procurement, rendered once for all its partners' letters. They are
    rendered as the first letter's: every letter of a pitch sits at the same depth, so a
    relative link in them would lead to the same place from each."""
    pitch_url = Markup(f"{site.given.site_url.rstrip('/')}/pitches/{p.id}/") if site.given.site_url else None
    template = environment(site.lang).get_template("letter_pitch.html.j2")
    first = letter_path(p.id, p.pledges[0].org)
    return template.make_module({**site.common(first), "p": p, "pitch_url": pitch_url})


def letter_page(site: Site, p: ComputedPitch, partner: Partner, shared: TemplateModule) -> tuple[str, str]:
    """(path in the built site, the letter's whole HTML document); `shared` is pitch_parts(site, p)."""
    path = letter_path(p.id, partner.org)
    tier = next((t for t in p.pitch.funding.tiers if t.id == partner.pledge.tier), None)
    return path, environment(site.lang).get_template("letter.html.j2").render(
        **site.common(path),
        title_id=title_id,
        p=p,
        shared=shared,
        x=partner,
        org=site.computed.organisation(partner.org).organisation,
        tier=tier,
        signatory=signatory(site, partner),
        record=record(site, partner),
        languages=languages(site, path),
    )


def letter_pages(site: Site) -> Iterator[tuple[str, str]]:
    for p in site.computed.pitches:
        if not p.pledges:
            continue
        shared = pitch_parts(site, p)
        for partner in p.pledges:
            yield letter_page(site, p, partner, shared)


def write_letters(site_dir: Path, letters: Iterable[tuple[str, str]]) -> None:
    """Write `letters` (letter_pages) into the built site as they are rendered."""
    for path, html in letters:
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html.encode())  # as written: no line ends turned into the platform's

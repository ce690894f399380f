"""An embeddable progress badge per pitch (pitches/<id>/badge.svg), and the one line of HTML
that shows it on another site, such as a council's intranet or blog.

The badge is a small static SVG: the status, what is pledged (and matched) of the target,
and the partners, with a bar. It has no script, no font or image from anywhere, and its
accessible text in <title> and aria-label; text from the data is escaped by the templates'
XML-safe escaping. Its words are the pitch card's (cards.py), so a badge says what the
catalogue's lists say."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..compute import ComputedPitch
from . import labels, safe
from .cards import card
from .site import Site
from .templating import render

HEIGHT = 28
_BAR = 4  # the bar's height, along the bottom of the right part
_PAD = 8
# Width per character of 11px Verdana, a little generous: each text is then fitted to exactly
# the width given (textLength), so whatever font the viewer has, nothing overflows.
_CHAR = 7
# White text on the status colour, dark text on the light part: both above 4.5:1.
COLOURS = {"open": "#1d5c4f", "funded": "#1d5c4f", "in-development": "#234e8c", "live": "#234e8c"}
_GREY = "#505050"


def badge_path(pitch_id: str) -> str:
    """The docs path of a pitch's badge: beside its page, as its pledge letters are."""
    return f"pitches/{pitch_id}/badge.svg"


@dataclass(frozen=True)
class Badge:
    label: str  # the accessible text: the pitch, its status, figures and partners
    status: str
    figures: str
    left: int  # the status part's width
    right: int  # the figures part's width
    own: int  # the bar's partners' segment, in pixels of `right`
    match: int  # the bar's match segment
    colour: str
    released: bool

    @property
    def width(self) -> int:
        return self.left + self.right


def _text_width(text: str) -> int:
    return len(text) * _CHAR + 2 * _PAD


def badge(site: Site, p: ComputedPitch) -> Badge:
    said = site.words
    c = card(p, said)
    status = str(said.label(labels.STATUS, p.status))
    partners = len(p.released_pledges) if c.released else len(p.partners)
    people = (said.ngettext("%(num)d had pledged", "%(num)d had pledged", partners) if c.released
              else said.ngettext("%(num)d partner", "%(num)d partners", partners)) % {"num": partners}
    figures = f"{c.figures} · {people}"
    left, right = _text_width(status), _text_width(figures)
    if c.released:
        own, match = right * min(p.percent_reached or 0, 10000) // 10000, 0
    else:
        own = right * min(p.pledged, p.target) // p.target if p.target else 0
        whole = right * min(p.percent_funded, 10000) // 10000
        match = max(0, whole - own)
    label = said.gettext("%(title)s, on %(site)s: %(status)s; %(figures)s; %(people)s") % {
        "title": p.pitch.text("title", site.lang).value, "site": site.settings.name, "status": status,
        "figures": c.figures, "people": people}
    return Badge(" ".join(label.split()), status, figures, left, right, own, match,
                 COLOURS.get(p.status.value, _GREY), c.released)


def badge_svg(site: Site, p: ComputedPitch) -> str:
    return render("badge.svg.j2", site.lang, b=badge(site, p), height=HEIGHT, bar=_BAR, pad=_PAD)


def badge_alt(site: Site, p: ComputedPitch) -> str:
    """The badge's text alternative where it is shown: what it is, not its figures, which
    the copied HTML would keep after the badge has changed."""
    return site.words.gettext("Funding progress of %(title)s on %(site)s") % {
        "title": p.pitch.text("title", site.lang).value, "site": site.settings.name}


def badge_snippet(site: Site, p: ComputedPitch) -> str | None:
    """The HTML to copy: the badge, linked to the pitch's page, by absolute address; None
    when the site's address is not known (the snippet would not work anywhere else)."""
    if not site.given.site_url:
        return None
    base = site.given.site_url.rstrip("/") + "/"
    b = badge(site, p)
    alt = safe.attr(badge_alt(site, p))
    page, image = safe.attr(f"{base}pitches/{p.id}/"), safe.attr(f"{base}{badge_path(p.id)}")
    return str(Markup(f'<a href="{page}"><img src="{image}" alt="{alt}" width="{b.width}" height="{HEIGHT}"></a>'))


def badges(site: Site) -> list[tuple[str, str]]:
    """Every pitch's badge, as (docs path, SVG text)."""
    return [(badge_path(p.id), badge_svg(site, p)) for p in site.computed.pitches]

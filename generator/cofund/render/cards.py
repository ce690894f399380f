"""The words on a pitch's card in the catalogue's lists, worked out once: the page's cards
(partials/pitch_list.html.j2) and the instant filters' list of pitches (catalogue/pitches.json,
read by overrides/assets/cofund/cofund.js) show the same text for the same pitch."""

from __future__ import annotations

from dataclasses import dataclass

from ..compute import ComputedPitch, percent_text
from ..money import display
from .i18n import Words


def _percent(basis_points: int) -> str:
    text = percent_text(basis_points)
    return (text[:-3] if text.endswith(".00") else text.rstrip("0")) + "%"


@dataclass(frozen=True)
class Card:
    figures: str  # "£62,625 + £5,312.50 matched of £85,000 (80%)", or what it reached
    when: str  # "12 days left", or the deadline once it takes no pledges
    people: str  # "6 partners · 2 interested"
    bar: str  # the bar's width in percent, "0.00" to "100.00"
    released: bool  # its pledges were released: the bar shows what it had reached


def card(p: ComputedPitch, said: Words) -> Card:
    _ = said.gettext
    released = p.status.releases_pledges and p.reached is not None
    if released:
        reached, percent = p.reached or 0, p.percent_reached or 0
        figures = (_("Reached %(reached)s of %(target)s (%(percent)s) before release") % {
            "reached": display(reached), "target": display(p.target), "percent": _percent(percent)}
            if reached else _("Nothing pledged of %(target)s") % {"target": display(p.target)})
        n = len(p.released_pledges)
        people = said.ngettext("%(num)d had pledged", "%(num)d had pledged", n) % {"num": n}
    else:
        percent = p.percent_funded
        values = {"pledged": display(p.pledged), "matched": display(p.matched), "target": display(p.target),
                  "percent": _percent(percent)}
        figures = (_("%(pledged)s + %(matched)s matched of %(target)s (%(percent)s)") if p.matched
                   else _("%(pledged)s of %(target)s (%(percent)s)")) % values
        n = len(p.partners)
        people = said.ngettext("%(num)d partner", "%(num)d partners", n) % {"num": n}
    if p.interested:
        people += " · " + _("%(num)d interested") % {"num": len(p.interested)}
    when = str(said.days_left(p.days_to_deadline)) if p.accepting else \
        _("deadline %(day)s") % {"day": said.short_date(p.pitch.funding.deadline)}
    return Card(figures, when, people, percent_text(min(percent, 10000)), released)

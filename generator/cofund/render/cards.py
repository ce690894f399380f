"""The words on a pitch's card in the catalogue's lists, worked out once: the page's cards
(partials/pitch_list.html.j2) and the instant filters' list of pitches (catalogue/pitches.json,
read by overrides/assets/cofund/cofund.js) show the same text for the same pitch."""

from __future__ import annotations

from dataclasses import dataclass

from ..compute import ComputedPitch, percent_text
from ..money import display
from . import labels


def _percent(basis_points: int) -> str:
    text = percent_text(basis_points)
    return (text[:-3] if text.endswith(".00") else text.rstrip("0")) + "%"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class Card:
    figures: str  # "£62,625 + £5,312.50 matched of £85,000 (80%)", or what it reached
    when: str  # "12 days left", or the deadline once it takes no pledges
    people: str  # "6 partners · 2 interested"
    bar: str  # the bar's width in percent, "0.00" to "100.00"
    released: bool  # its pledges were released: the bar shows what it had reached


def card(p: ComputedPitch) -> Card:
    released = p.status.releases_pledges and p.reached is not None
    if released:
        reached, percent = p.reached or 0, p.percent_reached or 0
        figures = (f"Reached {display(reached)} of {display(p.target)} ({_percent(percent)}) before release"
                   if reached else f"Nothing pledged of {display(p.target)}")
        people = _count(len(p.released_pledges), "had pledged", "had pledged")
    else:
        percent = p.percent_funded
        matched = f" + {display(p.matched)} matched" if p.matched else ""
        figures = f"{display(p.pledged)}{matched} of {display(p.target)} ({_percent(percent)})"
        people = _count(len(p.partners), "partner", "partners")
    if p.interested:
        people += f" · {len(p.interested)} interested"
    when = str(labels.days_left(p.days_to_deadline)) if p.accepting else \
        f"deadline {labels.short_date(p.pitch.funding.deadline)}"
    return Card(figures, when, people, percent_text(min(percent, 10000)), released)

"""Consent of the affected: whose commitment a pull request raises, worked out from the money.

A pledge binds an organisation to terms: how much it pays and when it must pay. A pitch's
proposer may change the pitch, but not raise what its partners owe without them. So for
every pitch read on both sides (those the pull request touches, and every pitch that a
changed fund or organisation can move: affected.py), this compares, for each organisation with a pledge on
the base branch, what it is committed to before and after, from compute's figures on each
side (never from a list of fields, so a new way to raise a figure cannot slip past):

- the most it can be asked to pay: what it pays under the pitch's model, and for a
  shared-cost pitch the ceiling share (the target split `min_partners` ways), since shares
  rise towards it as partners leave;
- the currency of that amount;
- the fewest partners with whom the pitch goes ahead (`min_partners`): fewer is easier;
- how far short of the target the pitch may go ahead (the target less the threshold: a
  keep-what-you-raise pitch goes ahead at its core cost lines), further is easier;
- and whether the pledge counts at all: a pledge released when its pitch expired or was
  withdrawn comes back to life if the deadline is moved or the pitch reopened.

Any of these rising, for a pledge that counts before and after, or a released pledge that
counts again, needs a signatory of that organisation. A change that only lowers what
partners owe needs nobody extra.

An organisation that changes its own pledge already needs its own signatory for that file.
Its commitment can rise through its own file or through the pitch's terms (the figures above
all come from the pitch, never from another partner's pledge: a partner leaving a shared-cost
pitch raises the others' shares only up to the ceiling they agreed to). So when its own file
changes, it is asked for consent only if the pitch's file changes too; either way consent
covers every change the pull request makes to that pitch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..compute import ComputedPitch
from ..compute.results import PledgeState
from ..money import Pence, display
from .classify import ChangeKind, Classified
from .effects import Side, org_name


@dataclass(frozen=True)
class Commitment:
    """What one organisation is committed to by its pledge to one pitch, on one side."""

    counts: bool
    released: bool
    currency: str
    most: Pence  # the most it can be asked to pay (0 when its pledge does not count)
    shared: bool  # `most` is a shared-cost pitch's ceiling share
    min_partners: int  # the fewest partners with whom the pitch goes ahead
    threshold: Pence  # what must be pledged for the pitch to go ahead
    target: Pence


def commitment(pitch: ComputedPitch, org: str) -> Commitment | None:
    partner = pitch.partner(org)
    if partner is None:
        return None
    funding = pitch.pitch.funding
    shared = pitch.shared is not None
    most = 0
    if partner.counts:
        most = max(partner.pays, pitch.shared.ceiling) if pitch.shared is not None else partner.pays
    return Commitment(
        counts=partner.counts,
        released=partner.state is PledgeState.RELEASED,
        # Every pitch is in pounds today; a currency field, once there is one, is compared too.
        currency=str(getattr(funding, "currency", "GBP")),
        most=most,
        shared=shared,
        min_partners=pitch.shared.min_partners if pitch.shared is not None else (funding.min_partners or 0),
        threshold=pitch.threshold,
        target=pitch.target,
    )


@dataclass(frozen=True)
class Rise:
    """One organisation whose commitment to one pitch this pull request raises."""

    org: str
    pitch: str
    text: str  # "Bradford Council: £10,625 → £21,250, needs a signatory of Bradford Council"
    changes: tuple[Classified, ...]  # the pull request's changes to that pitch


def _amount(c: Commitment) -> str:
    money = display(c.most) if c.currency == "GBP" else f"{c.most // 100:,}.{c.most % 100:02d} {c.currency}"
    return f"a share of at most {money}" if c.shared else money


def _words(b: Commitment, a: Commitment, title: str) -> list[str]:
    if not b.counts:
        return [f"its released pledge to {title} comes back to life: {_amount(a)}"]
    words = []
    if a.currency != b.currency or a.most > b.most:
        words.append(f"{_amount(b)} → {_amount(a)}")
    if a.min_partners < b.min_partners:
        words.append(f"goes ahead with {a.min_partners} partner(s) instead of {b.min_partners}")
    if a.target - a.threshold > b.target - b.threshold:
        words.append(f"goes ahead once {display(a.threshold)} of the {display(a.target)} target is pledged, "
                     f"instead of {display(b.threshold)} of {display(b.target)}")
    return words


def _rises(b: Commitment, a: Commitment) -> bool:
    if not a.counts:
        return False
    if not b.counts:
        return b.released
    return (
        a.currency != b.currency
        or a.most > b.most
        or a.min_partners < b.min_partners
        or a.target - a.threshold > b.target - b.threshold
    )


def rises(changes: Iterable[Classified], before: Side, after: Side) -> list[Rise]:
    """Every organisation, pitch by pitch, whose commitment the changes raise.

    Every pitch computed on both sides is compared, not only those with a changed file: a
    match fund's rules, or an organisation's type (which decides what a fund matches), can
    make an expired pitch funded after all and so bring back pledges its partners were
    released from. The consent asked covers the pull request's changes to that pitch and its
    changes that are not to any pitch (funds, organisations, settings), which can move it."""
    changes = list(changes)
    by_pitch: dict[str, list[Classified]] = {}
    for change in changes:
        if change.pitch is not None:
            by_pitch.setdefault(change.pitch, []).append(change)
    elsewhere = [c for c in changes if c.pitch is None and c.kind is not ChangeKind.OTHER]
    out = []
    for pitch_id in sorted(set(before.pitches) & set(after.pitches)):  # not new, deleted or invalid ones
        b_pitch, a_pitch = before.pitches[pitch_id], after.pitches[pitch_id]
        touched = by_pitch.get(pitch_id, [])
        terms_changed = any(c.org is None for c in touched)  # pitch.yml, which has no organisation
        for partner in b_pitch.pledges:
            b, a = commitment(b_pitch, partner.org), commitment(a_pitch, partner.org)
            if b is None or a is None or not _rises(b, a):
                continue
            if not terms_changed and any(c.org == partner.org for c in touched):
                continue  # only its own file changed: its own approval covers that
            name = org_name(partner.org, before, after)
            detail = "; ".join(_words(b, a, a_pitch.pitch.title))
            out.append(Rise(partner.org, pitch_id, f"{name}: {detail}, needs a signatory of {name}",
                            tuple(touched + elsewhere) or tuple(changes)))
    return out


def by_org(found: list[Rise]) -> dict[str, list[Classified]]:
    """The changes each affected organisation's signatory must approve."""
    out: dict[str, list[Classified]] = {}
    for rise in found:
        covered = out.setdefault(rise.org, [])
        covered.extend(c for c in rise.changes if c not in covered)
    return out

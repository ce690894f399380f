"""compute again after a few pitches changed: the same result as compute(), reusing the rest.

A pitch's figures depend on nothing but the pitch and today (pitches.py), so a pitch that is
the same as before keeps its ComputedPitch, the very object, which lets later stages tell
"unchanged" by identity. An organisation's summary depends on its own file and on the
pitches that name it (as proposer, pledger or adopter), so it is summed again only when one
of those changed; the catalogue's totals are always summed again (a few milliseconds).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Catalogue, Organisation, Pitch
from .pitches import compute_pitch
from .portfolios import assemble, summarise
from .results import ComputedCatalogue, ComputedPitch, OrganisationSummary


def _same(new: Pitch | Organisation, old: Pitch | Organisation) -> bool:
    # Identity first: after an incremental load the unchanged entities are the old objects.
    return new is old or new == old


def named(cp: ComputedPitch) -> set[str]:
    """The organisations a pitch names: its proposer, pledgers (counting or not) and adopters."""
    return {cp.pitch.proposer, *(p.org for p in cp.pledges), *(a.org for a in cp.adopters)}


def mentions(summary: OrganisationSummary) -> set[str]:
    """The pitches that named the organisation when `summary` was made."""
    return {*summary.proposed, *(p.pledge.pitch for p in summary.pledges), *summary.adopted}


def recompute(previous: ComputedCatalogue, catalogue: Catalogue) -> ComputedCatalogue:
    """== compute(catalogue, previous.today), reusing `previous` for what did not change.

    Any catalogue is accepted (one that validate accepted, as for compute); the more of its
    pitches and organisations are the previous objects, the less is done again.
    """
    today = previous.today
    before = dict(previous._pitch_index)
    pitches: list[ComputedPitch] = []
    changed: set[str] = set()  # ids of pitches added, removed or changed
    touched: set[str] = set()  # organisations named by their old or new versions
    for pitch in catalogue.pitches:
        old = before.pop(pitch.id, None)
        if old is not None and _same(pitch, old.pitch):
            pitches.append(old)
            continue
        new = compute_pitch(pitch, today)
        pitches.append(new)
        changed.add(pitch.id)
        touched |= named(new)
        if old is not None:
            touched |= named(old)
    for old in before.values():  # removed
        changed.add(old.id)
        touched |= named(old)
    all_pitches = tuple(pitches)
    orgs = _summaries(previous, catalogue.organisations, all_pitches, changed, touched)
    return assemble(catalogue, today, all_pitches, orgs)


def _summaries(
    previous: ComputedCatalogue,
    orgs: Iterable[Organisation],
    pitches: tuple[ComputedPitch, ...],
    changed: set[str],
    touched: set[str],
) -> tuple[OrganisationSummary, ...]:
    old_summaries = previous._org_index
    again: list[Organisation] = []
    relevant = set(changed)  # the pitches the summaries made again are summed from
    whole = False  # a new organisation: which pitches name it is not known, so read them all
    for org in orgs:
        old = old_summaries.get(org.id)
        if old is not None and org.id not in touched and _same(org, old.organisation):
            continue
        again.append(org)
        if old is None:
            whole = True
        else:
            relevant |= mentions(old)
    if whole:
        made = {s.id: s for s in summarise(again, pitches)}
    else:
        within = (cp for cp in pitches if cp.pitch.id in relevant)
        made = {s.id: s for s in summarise(again, within, {o.id for o in again})}
    return tuple(made[o.id] if o.id in made else old_summaries[o.id] for o in orgs)


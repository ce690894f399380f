"""Each change in words, and what it does to the money, from compute's figures on both sides.

No arithmetic here: every amount is a field of compute's ComputedPitch (before the pull
request, on the base branch; after it, on the base branch with the pull request's files
laid over). This module only chooses which figures moved and says so, for example
"Kirklees Council pledges one share of Cyber training: 9 -> 10 partners, now funded; each
share falls from £6,000 to £5,454.55".

The text is plain and may hold names and titles from the pull request: whoever shows it
(report.py) escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..compute import ComputedPitch, FundSummary, Status
from ..model import Model, Organisation
from ..money import display
from .classify import ChangeKind as K
from .classify import Classified, signatory_logins, standing_changes


@dataclass(frozen=True)
class Side:
    """One side of the pull request, as far as it was read: computed pitches, organisations,
    and the raw parsed data of every file read (for files that failed their schema)."""

    pitches: dict[str, ComputedPitch] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    maintainers: tuple[str, ...] = ()
    funds: dict[str, FundSummary] = field(default_factory=dict)  # the match funds read (affected.fund_pass)
    funds_known: bool = True  # False when a pitch naming a fund fails validation: its figures are not known


def _words(status: Status) -> str:
    return status.value.replace("-", " ")


def org_name(org: str | None, before: Side, after: Side) -> str:
    for side in (after, before):
        if org in side.orgs:
            return side.orgs[org].name
    return org or "?"


def _title(pitch: str | None, before: Side, after: Side) -> str:
    for side in (after, before):
        if pitch in side.pitches:
            return side.pitches[pitch].pitch.title
    for side in (after, before):
        title = side.data.get(f"pitches/{pitch}/pitch.yml", {}).get("title")
        if isinstance(title, str):
            return title
    return f"'{pitch}'"


def _pledge_terms(change: Classified, after: Side) -> str:
    """How an organisation's pledge reads under its pitch's model."""
    pitch = after.pitches.get(change.pitch or "")
    if pitch is None:
        return "a pledge"
    partner = pitch.partner(change.org or "")
    model = pitch.pitch.funding.model
    if model is Model.SHARED_COST:
        return "one share"
    if partner is None:
        return "a pledge"
    if model is Model.TIERED:
        tiers = {t.id: t for t in pitch.tiers}
        tier = tiers.get(partner.pledge.tier or "")
        return f"the tier '{tier.label}' ({display(tier.price)})" if tier else "a tier"
    if partner.pledge.percent is not None:
        share = f"{partner.pledge.percent}% of the target"
        return f"{share} ({display(partner.pays)})" if partner.counts else share
    return display(partner.pledge.amount or 0)


def describe(change: Classified, before: Side, after: Side) -> str:
    """One change, in a sentence without the money effect."""
    kind, org = change.kind, change.org
    who = org_name(org, before, after)
    title = _title(change.pitch, before, after)
    if kind is K.NEW_PLEDGE:
        terms = _pledge_terms(change, after)
        if terms.startswith("the tier"):
            return f"{who} joins {title} in {terms}"
        if terms == "a pledge":
            return f"{who} makes a pledge to {title}"
        return f"{who} pledges {terms} {'of' if terms == 'one share' else 'to'} {title}"
    if kind is K.PLEDGE_WITHDRAWAL:
        return f"{who} withdraws its pledge to {title}"
    if kind is K.PLEDGE_REMOVED:
        return (f"{who}'s pledge to {title} is deleted (to withdraw a pledge, set status: withdrawn "
                "and keep the file as the record)")
    if kind is K.PLEDGE_CHANGE:
        detail = _pledge_change(change, before, after)
        return f"{who} changes its pledge to {title}" + (f" ({detail})" if detail else "")
    if kind is K.NEW_ADOPTION:
        return f"{who} adopts {title}" + _fee(change, after)
    if kind is K.ADOPTION_CHANGE:
        return f"{who} changes its adoption of {title}" + _fee(change, after)
    if kind is K.ADOPTION_REMOVED:
        return f"{who}'s adoption of {title} is deleted"
    if kind in (K.NEW_PITCH, K.PITCH_CHANGE, K.PITCH_REMOVED):
        return _pitch_words(change, before, after, title)
    if kind is K.NEW_ORGANISATION:
        new = after.orgs.get(org or "")
        facts = f" ({new.type.value.replace('-', ' ')}, {new.nation.value.replace('-', ' ')})" if new else ""
        return f"new organisation: {who}{facts}, to be checked by a maintainer"
    if kind is K.SIGNATORY_CHANGE:
        b, a = before.data.get(change.path), after.data.get(change.path)
        return f"{who}'s signatories change" + _people(b, a) + _standing(b, a)
    if kind is K.STANDING_CHANGE:
        return f"{who}'s details change" + _standing(before.data.get(change.path), after.data.get(change.path))
    if kind is K.ORGANISATION_CHANGE:
        return f"{who}'s details change"
    if kind is K.ORGANISATION_REMOVED:
        return f"{who} is deleted from the catalogue"
    if kind is K.SETTINGS_CHANGE:
        added = sorted(set(after.maintainers) - set(before.maintainers))
        removed = sorted(set(before.maintainers) - set(after.maintainers))
        words = [f"adds maintainer {', '.join(added)}"] if added else []
        words += [f"removes maintainer {', '.join(removed)}"] if removed else []
        return "the catalogue's settings change" + (f": {'; '.join(words)}" if words else "")
    return f"{change.path} changes (code, schemas, workflows or pages)"


def _people(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    added = sorted(signatory_logins(after) - signatory_logins(before))
    removed = sorted(signatory_logins(before) - signatory_logins(after))
    words = [f"adds {', '.join(added)}"] if added else []
    words += [f"removes {', '.join(removed)}"] if removed else []
    return f": {'; '.join(words)}" if words else " (names or roles)"


def _standing(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    moved = standing_changes(before, after)
    if not moved:
        return ""
    words = "; ".join(f"{k} {str(x).replace('-', ' ')} -> {str(y).replace('-', ' ')}" for k, x, y in moved)
    return (f" ({words}): a maintainer checks it, since which funds match its pledges, which tier prices it "
            "may take and its org-id depend on it")


def _fee(change: Classified, after: Side) -> str:
    pitch = after.pitches.get(change.pitch or "")
    if pitch is None:
        return ""
    for a in pitch.adopters:
        if a.org == change.org:
            back = f"; {display(a.rebate)} of it goes back to the founders" if a.rebate else ""
            return f" for {display(a.fee)}{back}"
    return ""


def _pledge_change(change: Classified, before: Side, after: Side) -> str:
    b = before.pitches.get(change.pitch or "")
    a = after.pitches.get(change.pitch or "")
    bp = b.partner(change.org or "") if b else None
    ap = a.partner(change.org or "") if a else None
    if bp is None or ap is None:
        return ""
    words = []
    if bp.pledge.status is not ap.pledge.status:
        words.append(f"status {bp.pledge.status.value} -> {ap.pledge.status.value}")
    if bp.pays != ap.pays:
        words.append(f"{display(bp.pays)} -> {display(ap.pays)}")
    elif bp.pledge.amount != ap.pledge.amount:  # a pledge that does not count (released) still records its amount
        words.append(f"amount {display(bp.pledge.amount or 0)} -> {display(ap.pledge.amount or 0)}")
    if bp.pledge.role is not ap.pledge.role:
        words.append(f"role {bp.pledge.role.value} -> {ap.pledge.role.value}")
    return ", ".join(words)


def _pitch_words(change: Classified, before: Side, after: Side, title: str) -> str:
    proposer = org_name(change.proposers[-1], before, after) if change.proposers else "?"
    if change.kind is K.PITCH_REMOVED:
        return f"the pitch {title} is deleted (to stop a pitch, set stage: withdrawn and keep the file)"
    a = after.pitches.get(change.pitch or "")
    if change.kind is K.NEW_PITCH:
        if a is None:
            return f"{proposer} pitches {title}"
        f = a.pitch.funding
        if f.model is Model.SHARED_COST and a.shared is not None:
            how = (f"{display(f.target)} shared equally among at least {a.shared.min_partners} partners "
                   f"({display(a.shared.ceiling)} each at most)")
        elif f.model is Model.TIERED:
            how = f"{display(f.target)}, priced by tier"
        else:
            how = f"a target of {display(f.target)}"
        return f"{proposer} pitches {title}: {how}, pledges until {f.deadline.isoformat()}, stage {a.pitch.stage.value}"
    b = before.pitches.get(change.pitch or "")
    words = []
    if a is not None and b is not None:
        bf, af = b.pitch.funding, a.pitch.funding
        pairs = [
            ("title", b.pitch.title, a.pitch.title),
            ("proposer", b.pitch.proposer, a.pitch.proposer),
            ("stage", b.pitch.stage.value, a.pitch.stage.value),
            ("phase", b.pitch.phase.value if b.pitch.phase else "none",
             a.pitch.phase.value if a.pitch.phase else "none"),
            ("funding model", bf.model.value, af.model.value),
            ("target", display(bf.target), display(af.target)),
            ("deadline", bf.deadline.isoformat(), af.deadline.isoformat()),
            ("minimum partners", str(bf.min_partners), str(af.min_partners)),
        ]
        words = [f"{name} {x} -> {y}" for name, x, y in pairs if x != y]
        if len(a.pitch.updates) > len(b.pitch.updates):
            words.append(f"{len(a.pitch.updates) - len(b.pitch.updates)} new update(s)")
    detail = f" ({'; '.join(words)})" if words else ""
    return f"{proposer} changes the pitch {title}{detail}"


def money_effect(b: ComputedPitch | None, a: ComputedPitch | None) -> str | None:
    """What moved in a pitch's figures, or None if nothing did (or a side is unknown)."""
    if b is None or a is None:
        return None
    first: list[str] = []
    model = a.pitch.funding.model
    if b.shared is not None and a.shared is not None:
        if b.shared.joined != a.shared.joined:
            first.append(f"{b.shared.joined} -> {a.shared.joined} partners")
    else:
        if len(b.partners) != len(a.partners):
            first.append(f"{len(b.partners)} -> {len(a.partners)} partners")
        if b.pledged != a.pledged:
            first.append(f"pledged {display(b.pledged)} -> {display(a.pledged)} of {display(a.target)}")
    if b.funded != a.funded:
        first.append("now funded" if a.funded else "no longer funded")
    elif b.status is not a.status:
        first.append(f"now {_words(a.status)}")
    out = ", ".join(first)
    if model is Model.SHARED_COST and b.shared is not None and a.shared is not None:
        if a.shared.share_today < b.shared.share_today:
            share = f"each share falls from {display(b.shared.share_today)} to {display(a.shared.share_today)}"
        elif a.shared.share_today > b.shared.share_today:
            share = f"each share rises from {display(b.shared.share_today)} to {display(a.shared.share_today)}"
        elif a.shared.joined < a.shared.min_partners and a.shared.joined != b.shared.joined:
            share = (f"each share stays at {display(a.shared.share_today)} until {a.shared.min_partners} "
                     "partners have joined")
        else:
            share = ""
        out = "; ".join(x for x in (out, share) if x)
    return out or None

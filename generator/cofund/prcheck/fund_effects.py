"""What a pull request does to each match fund, in words, and the one thing it may not do.

Matching itself needs no approval (the fund's rules are its holder's consent), so a pledge
that the fund matches is judged like any other pledge; the summary says what each fund
commits or gives back: "the West Yorkshire Digital Match Fund adds £5,312.50; £94,687.50
left in the pot".

Refused, whoever approves: lowering a match already made on a pitch that goes ahead (funded,
in development, live). Matching is worked out from the fund's current rules, so changing the
ratio, the caps, the dates or the pot, or moving a pitch or pledge, could otherwise take
money from work that was funded with it. A pledge's own change (its organisation's file)
may lower its own match.
"""

from __future__ import annotations

from ..money import display
from .classify import ChangeKind as K
from .classify import Classified
from .effects import Side, org_name
from .refusals import Refusal


def _name(fund: str | None, before: Side, after: Side) -> str:
    for side in (after, before):
        if fund in side.funds:
            return side.funds[fund].fund.name
    return f"'{fund}'"


def describe_fund(change: Classified, before: Side, after: Side) -> str:
    """A fund file's change, in a sentence."""
    name = _name(change.fund, before, after)
    holder = org_name(change.holders[-1], before, after) if change.holders else "?"
    if change.kind is K.NEW_FUND:
        new = after.funds.get(change.fund or "")
        if new is None:
            return f"{holder} sets up the match fund {name}"
        r = new.fund.rules
        return (f"{holder} sets up the match fund {name}: a pot of {display(new.fund.pot)}, £{r.match} for every "
                f"£{r.per} pledged, from {r.opens.isoformat()} to {r.closes.isoformat()}")
    if change.kind is K.FUND_REMOVED:
        return f"the match fund {name} is deleted (to stop matching, set its closing day and keep the file)"
    b, a = before.funds.get(change.fund or ""), after.funds.get(change.fund or "")
    words = []
    if a is not None and b is not None:
        bf, af, br, ar = b.fund, a.fund, b.fund.rules, a.fund.rules
        pairs = [
            ("pot", display(bf.pot), display(af.pot)),
            ("ratio", f"{br.match}:{br.per}", f"{ar.match}:{ar.per}"),
            ("opens", br.opens.isoformat(), ar.opens.isoformat()),
            ("closes", br.closes.isoformat(), ar.closes.isoformat()),
            ("cap per pitch", _cap(br.cap_per_pitch), _cap(ar.cap_per_pitch)),
            ("cap per partner", _cap(br.cap_per_partner), _cap(ar.cap_per_partner)),
            ("minimum partners", str(br.min_partners), str(ar.min_partners)),
            ("holder", bf.holder, af.holder),
        ]
        words = [f"{label} {x} -> {y}" for label, x, y in pairs if x != y]
        if (br.categories, br.sectors, br.nations, br.types, br.organisations) != (
            ar.categories, ar.sectors, ar.nations, ar.types, ar.organisations
        ):
            words.append("who is eligible changes")
    detail = f" ({'; '.join(words)})" if words else ""
    return f"{holder} changes the rules of the match fund {name}{detail}"


def _cap(pence: int | None) -> str:
    return "none" if pence is None else display(pence)


def fund_lines(before: Side, after: Side) -> list[str]:
    """For each fund whose commitments move: what it adds or gives back, and what is left."""
    if not (before.funds_known and after.funds_known):
        return []  # a pitch naming a fund does not validate: the problems say why
    out = []
    for fund_id in sorted(set(before.funds) | set(after.funds)):
        b, a = before.funds.get(fund_id), after.funds.get(fund_id)
        if a is None:
            continue
        was = b.committed if b is not None else 0
        if a.committed == was and b is not None and b.fund.pot == a.fund.pot:
            continue
        name = a.fund.name
        left = f"{display(a.left)} left in the pot"
        if a.committed > was:
            out.append(f"{name} adds {display(a.committed - was)}; {left}")
        elif a.committed < was:
            out.append(f"{name} gives back {display(was - a.committed)}; {left}")
        else:
            out.append(f"{name}: {left}")
    return out


def fund_refusals(changes: list[Classified], before: Side, after: Side) -> list[Refusal]:
    """A match already made on a pitch that goes ahead, lowered by anything but its own pledge's change."""
    if not (before.funds_known and after.funds_known):
        return []
    own = {(c.pitch, c.org) for c in changes if c.org is not None and c.pitch is not None}
    paths = [c.path for c in changes if c.fund is not None] or [c.path for c in changes]
    out = []
    for pitch_id, b_pitch in sorted(before.pitches.items()):
        a_pitch = after.pitches.get(pitch_id)
        if not b_pitch.status.goes_ahead or a_pitch is None:
            continue
        now = {(m.fund, m.org): m.amount for fm in a_pitch.funds for m in fm.pledges}
        for fm in b_pitch.funds:
            for m in fm.pledges:
                lower = now.get((m.fund, m.org), 0)
                if m.amount <= lower or (pitch_id, m.org) in own:
                    continue
                who = org_name(m.org, before, after)
                out.append(Refusal(paths[0], (
                    f"this lowers the match {_name(m.fund, before, after)} made to {who}'s pledge on "
                    f"{b_pitch.pitch.title}, which is {b_pitch.status.value.replace('-', ' ')}, from "
                    f"{display(m.amount)} to {display(lower)}: a match made on a funded pitch stands. To change "
                    "the terms for pledges still to come, close this fund (set closes) and set up a new one"
                )))
    return out

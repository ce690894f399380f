"""The PR check as one function: two commits, the reviews, the author and today -> a Report.

Steps, each in its own module:
1. changes.py: the paths the pull request changes (git diff from its fork point; no checkout).
   A path with an odd name (a control character, a leading ':' or '-', not NFC) stops the
   check there: nothing else reads it.
2. refusals.py: files it may not contain at all.
3. affected.py: the few data files that decide those changes, loaded from the base branch and
   from the base branch with the pull request laid over (trees.Overlay), each validated.
4. classify.py and approvals.py: what each change is, who must approve it (from the base
   branch's lists) and whether they have (reviews.py; commits.py for the author's own
   commits; binding.py for whether what each of them authorised still holds at the head).
5. consent.py: the organisations whose commitment the changes raise, who must approve too.
6. effects.py: each change in words, with what it does to the money.

Everything the pull request holds is read as Git data and parsed by the safe loader; none
of it is run. The code that judges is the code that is running: the base branch's, in the
workflow that publishes the verdict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..compute import compute
from ..load import Kind, Loaded, Place
from ..load.layout import NotInLayout, is_data_path, place_of
from ..problems import Problem
from ..validate import Validated, validate
from . import affected, consent
from .approvals import Approval, Authority, judge
from .binding import Binding
from .changes import Change, changed, fork_point, odd_path
from .classify import Classified, classify
from .effects import Side, describe, money_effect
from .fund_effects import describe_fund, fund_lines, fund_refusals
from .refusals import Refusal, closed_pitch_refusals, file_refusals, self_signatory_refusals
from .reviews import Review, verdicts
from .trees import GitTrees, Overlay, Tree


@dataclass(frozen=True)
class Line:
    """One line of "what changes": a change (or, for several changes to one pitch, the
    pitch's money effect, with `change` None)."""

    text: str
    change: Classified | None = None


@dataclass(frozen=True)
class Report:
    base: str  # commit ids
    head: str
    changes: tuple[Classified, ...]
    lines: tuple[Line, ...]
    approvals: tuple[Approval, ...]
    refusals: tuple[Refusal, ...]
    problems: tuple[Problem, ...]
    author: str | None = None
    rises: tuple[consent.Rise, ...] = ()

    @property
    def missing(self) -> tuple[Approval, ...]:
        return tuple(a for a in self.approvals if not a.ok)

    @property
    def may_merge(self) -> bool:
        return not self.refusals and not self.problems and not self.missing


def _place(path: str) -> Place | None:
    if not is_data_path(path):
        return None
    try:
        return place_of(path)
    except NotInLayout:
        return None


def _load_both(base_tree: Tree, after_tree: Tree, places: dict[str, Place]) -> tuple[Loaded, Loaded]:
    scope = affected.scope_of(places.values())
    # A changed organisation's pitches, on either side, are read on both (affected.py).
    found = affected.pitches_of(base_tree, scope.org_files) | affected.pitches_of(after_tree, scope.org_files)
    scope = dataclasses.replace(scope, pitches=scope.pitches | found)
    base_first, base_orgs = affected.first_pass(base_tree, scope, places)
    after_first, after_orgs = affected.first_pass(after_tree, scope, places)
    funds = affected.named_funds(base_first) | affected.named_funds(after_first)
    if funds:  # a fund's pot is shared by every pitch naming it: read them all (affected.py)
        base_first, more = affected.fund_pass(base_tree, base_first, funds)
        base_orgs |= more
        after_first, more = affected.fund_pass(after_tree, after_first, funds)
        after_orgs |= more
    orgs = base_orgs | after_orgs  # both sides read the same organisations: approvals need the base's
    return affected.second_pass(base_tree, base_first, orgs), affected.second_pass(after_tree, after_first, orgs)


def _side(loaded: Loaded, validated: Validated, today: dt.date) -> Side:
    broken = {p.path for p in validated.problems}
    broken_pitches = {
        f.place.pitch or f.place.id for f in loaded.files
        if f.path in broken and f.kind in (Kind.PITCH, Kind.PLEDGE, Kind.ADOPTER)
    } | {path.split("/")[1] for path in broken if path.startswith("pitches/") and path.count("/") >= 2}
    catalogue = validated.catalogue
    # Figures only for pitches whose files are all valid: compute expects validated data, and
    # half a pitch's pledges would give wrong totals.
    clean = dataclasses.replace(catalogue, pitches=tuple(p for p in catalogue.pitches if p.id not in broken_pitches))
    computed = compute(clean, today)
    return Side(
        pitches={p.id: p for p in computed.pitches},
        orgs={o.id: o for o in catalogue.organisations},
        data={f.path: f.parsed.data for f in loaded.files},
        maintainers=catalogue.settings.maintainers,
        funds={f.id: f for f in computed.funds},
        funds_known=not any(
            f.kind is Kind.PITCH and f.parsed.data.get("funds") and f.place.id in broken_pitches for f in loaded.files
        ),
    )


def _authority(base: Side) -> Authority:
    signatories: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    for path, data in base.data.items():
        place = _place(path)
        if place is None or place.kind is not Kind.ORGANISATION:
            continue
        listed = data.get("signatories")
        signatories[place.id] = tuple(
            s["github"] for s in (listed if isinstance(listed, list) else [])
            if isinstance(s, dict) and isinstance(s.get("github"), str)
        )
        if isinstance(data.get("name"), str):
            names[place.id] = data["name"]
    return Authority(base.maintainers, signatories, names)


def _lines(changes: list[Classified], before: Side, after: Side) -> list[Line]:
    by_pitch: dict[str, list[Classified]] = defaultdict(list)
    for c in changes:
        if c.pitch is not None:
            by_pitch[c.pitch].append(c)
    lines: list[Line] = []
    done: set[str] = set()
    for c in changes:
        text = describe_fund(c, before, after) if c.fund is not None else describe(c, before, after)
        pitch = c.pitch
        if pitch is not None and len(by_pitch[pitch]) == 1:
            effect = money_effect(before.pitches.get(pitch), after.pitches.get(pitch))
            text += f": {effect}" if effect else ""
        lines.append(Line(text, c))
        if pitch is not None and len(by_pitch[pitch]) > 1 and pitch not in done:
            done.add(pitch)
    for pitch in sorted(done):
        effect = money_effect(before.pitches.get(pitch), after.pitches.get(pitch))
        if effect:
            computed = after.pitches.get(pitch) or before.pitches.get(pitch)
            title = computed.pitch.title if computed else pitch
            lines.append(Line(f"all together, {title}: {effect}"))
    # Pitches no file of which changes, moved by a fund's rules or an organisation's details.
    for pitch in sorted((set(before.pitches) & set(after.pitches)) - set(by_pitch)):
        effect = money_effect(before.pitches[pitch], after.pitches[pitch])
        if effect:
            lines.append(Line(f"also moved, {after.pitches[pitch].pitch.title}: {effect}"))
    lines.extend(Line(text) for text in fund_lines(before, after))
    return lines


def _new_problems(base: Validated, after: Validated, changed_paths: set[str]) -> tuple[Problem, ...]:
    """The head's problems, less those the base branch already had in files this pull
    request does not touch (not its doing, and not its to fix)."""
    old = {str(p) for p in base.problems}
    return tuple(p for p in after.problems if p.path in changed_paths or str(p) not in old)


@dataclass(frozen=True)
class Evaluation:
    """The data side of a change, whatever the trees are (Git commits, or a folder and the file
    `cofund intake` is about to write): both sides loaded, validated and computed, and each
    changed path classified."""

    changes: tuple[Change, ...]
    classified: tuple[Classified, ...]
    base_files: dict[str, Any]
    after_files: dict[str, Any]
    before: Side
    after: Side
    problems: tuple[Problem, ...]

    def lines(self) -> list[Line]:
        return _lines(list(self.classified), self.before, self.after)

    def closed_pitch_refusals(self) -> list[Refusal]:
        # A pitch whose head files fail validation has no figures there: judge it as on the base.
        return closed_pitch_refusals(list(self.classified), {**self.before.pitches, **self.after.pitches})


def evaluate(base_tree: Tree, after_tree: Tree, changes: list[Change], today: dt.date) -> Evaluation:
    places = {c.path: p for c in changes if (p := _place(c.path)) is not None}
    base_loaded, after_loaded = _load_both(base_tree, after_tree, places)
    base_valid, after_valid = validate(base_loaded, today), validate(after_loaded, today)
    before, after = _side(base_loaded, base_valid, today), _side(after_loaded, after_valid, today)
    base_files, after_files = affected.by_path(base_loaded), affected.by_path(after_loaded)
    classified = tuple(classify(c, places.get(c.path), base_files, after_files) for c in changes)
    return Evaluation(
        changes=tuple(changes),
        classified=classified,
        base_files=base_files,
        after_files=after_files,
        before=before,
        after=after,
        problems=_new_problems(base_valid, after_valid, {c.path for c in changes}),
    )


def check(
    repo: Any,
    base_commit: Any,
    head_commit: Any,
    reviews: list[Review],
    author: str | None,
    today: dt.date,
    authored: tuple[str, ...] | None = None,
) -> Report:
    """`authored`: the commits GitHub vouches the author made (commits.py), None when not known."""
    fork = fork_point(repo, base_commit, head_commit)
    changes: list[Change] = changed(fork, head_commit)
    odd = sorted({Refusal(c.path, reason) for c in changes if (reason := odd_path(c.path)) is not None})
    if odd:  # nothing else looks at a pull request whose file names could be misread
        return Report(base_commit.hexsha, head_commit.hexsha, (), (), (), tuple(odd), (), author)
    trees = GitTrees(repo)
    base_tree, head_tree = trees.of(base_commit), trees.of(head_commit)
    after_tree = Overlay(base_tree, head_tree, (c.path for c in changes))
    ev = evaluate(base_tree, after_tree, changes, today)
    authority = _authority(ev.before)
    # Names only label the approvals: an organisation new in this pull request is named by its new file.
    authority = dataclasses.replace(
        authority, names={**{o.id: o.name for o in ev.after.orgs.values()}, **authority.names}
    )
    classified = list(ev.classified)

    author_is_maintainer = author is not None and author.lower() in {m.lower() for m in authority.maintainers}
    reviewers = sorted({r.login for r in reviews if author is None or r.login.lower() != author.lower()})
    refusals = (
        file_refusals(changes, head_tree, author_is_maintainer)
        + self_signatory_refusals(classified, ev.base_files, ev.after_files, author, reviewers, authority.names)
        + ev.closed_pitch_refusals()
        + fund_refusals(classified, ev.before, ev.after)
    )
    rises = consent.rises(classified, ev.before, ev.after)
    binding = Binding(repo, base_commit, head_commit, trees)
    approvals = judge(classified, authority, verdicts(reviews), binding, author, authored, consent.by_org(rises))
    refused = {r.path for r in refusals}
    return Report(
        base=base_commit.hexsha,
        head=head_commit.hexsha,
        changes=tuple(classified),
        lines=tuple(ev.lines()),
        approvals=tuple(approvals),
        refusals=tuple(sorted(set(refusals))),
        problems=tuple(p for p in ev.problems if p.path not in refused),  # the refusal says it
        author=author,
        rises=tuple(rises),
    )

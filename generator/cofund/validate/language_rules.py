"""The rules of the Welsh text (Cymraeg): every free-text field `x` may have a Welsh sibling
`x_cy` (the schemas say which), and a pitch that a body in Wales proposes or joins must give
its title and summary in Welsh.

Why: a Welsh public body that publishes through cofund falls under the Welsh Language
Standards, which ask it to publish in Welsh as well as English and to treat Welsh no less
favourably. A body is in Wales when its organisation file says nation: wales. It joins a
pitch with any pledge that is not withdrawn: an interest too, since the pitch's page names
it; a withdrawn pledge does not, as the body has left. Adopters are not counted: they take up
a finished product, whose text its founders wrote.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Nation, Pitch, PledgeStatus
from ..problems import Problem, field_path
from .context import Context

WELSH_REQUIRED = ("title", "summary")


def _welsh_bodies(ctx: Context, pitch: Pitch) -> list[tuple[str, str]]:
    """The organisations in Wales that propose or join `pitch`, proposer first: (name, what it does)."""
    roles = [(pitch.proposer, "proposes")] + [
        (p.org, "is interested in" if p.status is PledgeStatus.INTEREST else "has pledged to")
        for p in pitch.pledges if p.status is not PledgeStatus.WITHDRAWN
    ]
    out: list[tuple[str, str]] = []
    for org_id, role in roles:
        org = ctx.org(org_id)
        if org is not None and org.nation is Nation.WALES and org.name not in (name for name, _ in out):
            out.append((org.name, role))
    return out


def _who(bodies: list[tuple[str, str]]) -> str:
    (name, role), others = bodies[0], len(bodies) - 1
    if not others:
        return f"{name}, which {role} this pitch, is in Wales"
    return f"{name} (which {role} this pitch) and {others} other{'s' if others > 1 else ''} are in Wales"


def _beside(ctx: Context, path: str, where: tuple[str | int, ...], message: str) -> Problem:
    """A problem about the missing Welsh sibling of the field at `where`, placed on that field."""
    pos = ctx.files[path].parsed.position(where)
    *parent, name = where
    return Problem(path, pos.line, pos.column, field_path((*parent, f"{name}_cy")), message)


def welsh_bodies_publish_in_welsh(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        bodies = _welsh_bodies(ctx, pitch)
        if not bodies:
            continue
        for field in WELSH_REQUIRED:
            if getattr(pitch, f"{field}_cy") is None:
                yield _beside(
                    ctx, pitch.source, (field,),
                    f"{_who(bodies)}, so the pitch needs its {field} in Welsh as well as English: "
                    f"add {field}_cy beside {field} (the Welsh Language Standards ask public bodies in Wales "
                    "to publish in Welsh too)",
                )


def welsh_lines_match(ctx: Context) -> Iterator[Problem]:
    """benefits_cy is the Welsh of benefits, line for line."""
    for pitch in ctx.catalogue.pitches:
        case = pitch.business_case
        if case.benefits_cy is not None and len(case.benefits_cy) != len(case.benefits):
            yield ctx.problem(
                pitch.source, ("business_case", "benefits_cy"),
                f"benefits_cy has {len(case.benefits_cy)} lines and benefits has {len(case.benefits)}: "
                "give the Welsh of each benefit, one line each, in the same order",
            )

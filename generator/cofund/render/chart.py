"""Pledges over time against the target, as numbers for an SVG drawn at build time.

The running total on each pledge date is what compute's funding rule (`pledge_values`) gives
for the pledges made by then: so a shared-cost pitch's total steps up by whole shares and a
percentage pledge converts exactly as it does everywhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..compute import ComputedPitch
from ..compute.funding import live_pledges, pledge_values
from ..money import Pence

# A drawing 400 units wide, shown at most 30rem wide (cofund.css): its 14-unit labels read at
# 12.5 px or more on a phone.
WIDTH, HEIGHT = 400, 230
LEFT, RIGHT, TOP, BOTTOM = 78, 12, 24, 36


@dataclass(frozen=True)
class Point:
    date: dt.date
    total: Pence
    orgs: tuple[str, ...]  # who pledged on that date


@dataclass(frozen=True)
class Chart:
    points: tuple[Point, ...]
    start: dt.date
    end: dt.date
    target: Pence
    top: Pence  # the y axis maximum
    path: str  # the SVG path of the running total, a step line
    target_y: float
    x_ticks: tuple[tuple[float, dt.date], ...]
    y_ticks: tuple[tuple[float, Pence], ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM
    topline: int = TOP


def series(cp: ComputedPitch) -> tuple[Point, ...]:
    pledges = live_pledges(cp.pitch)
    points: list[Point] = []
    for i, pledge in enumerate(pledges):
        if i + 1 < len(pledges) and pledges[i + 1].date == pledge.date:
            continue  # one point per date
        made = pledges[: i + 1]
        total = sum(pledge_values(cp.pitch, made).values())
        orgs = tuple(p.org for p in made if p.date == pledge.date)
        points.append(Point(pledge.date, total, orgs))
    return tuple(points)


def first_reached(points: tuple[Point, ...], amount: Pence) -> dt.date | None:
    """The date the running total first reached `amount` (when a pitch was funded)."""
    for p in points:
        if p.total >= amount:
            return p.date
    return None


def _nice_step(top: int) -> int:
    """A round tick step (1, 2 or 5 times a power of ten pounds) giving 4 or 5 ticks."""
    raw = max(top // 4, 100)
    magnitude: int = 10 ** (len(str(raw)) - 1)
    for m in (1, 2, 5, 10):
        if m * magnitude >= raw:
            return m * magnitude
    return 10 * magnitude


def chart(cp: ComputedPitch, today: dt.date) -> Chart | None:
    points = series(cp)
    if not points:
        return None
    start = min(cp.pitch.created, points[0].date)
    end = max(cp.pitch.funding.deadline, points[-1].date)
    highest = max(cp.target, points[-1].total, max(p.total for p in points))
    step = _nice_step(highest)
    top = -(-highest // step) * step  # round up to a whole step
    span = max((end - start).days, 1)
    inner_w = WIDTH - RIGHT - LEFT
    inner_h = HEIGHT - BOTTOM - TOP

    def x(day: dt.date) -> float:
        return round(LEFT + inner_w * (day - start).days / span, 1)

    def y(amount: Pence) -> float:
        return round(HEIGHT - BOTTOM - inner_h * amount / top, 1)

    d = [f"M{x(start)},{y(0)}"]
    for p in points:
        d.append(f"H{x(p.date)}V{y(p.total)}")
    d.append(f"H{x(min(max(today, points[-1].date), end))}")
    ticks = (start, end) if span < 60 else (start, start + dt.timedelta(days=span // 2), end)
    return Chart(
        points=points,
        start=start,
        end=end,
        target=cp.target,
        top=top,
        path="".join(d),
        target_y=y(cp.target),
        x_ticks=tuple((x(t), t) for t in ticks),
        y_ticks=tuple((y(v), v) for v in range(0, top + 1, step)),
    )

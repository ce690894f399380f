"""`cofund report [REPO]`: a summary for a terminal: totals, open pitches, closing soon, stale.

Each list is chosen and ordered here and drawn by rich; the figures all come from compute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table

from ..compute import ComputedCatalogue, ComputedPitch, Status, compute, percent_text
from ..money import display
from . import load_valid, main, repo_argument, today_option

CLOSING_SOON_DAYS = 30


@dataclass(frozen=True)
class Column:
    name: str
    right: bool = False
    wide: bool = False  # takes the spare width and wraps; the others never wrap


@dataclass(frozen=True)
class Listing:
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[tuple[RenderableType, ...]]


def _taking_pledges(cp: ComputedPitch) -> bool:
    return cp.status in (Status.OPEN, Status.FUNDED) and cp.days_to_deadline >= 0


def _left(days: int) -> str:
    return "last day" if days == 0 else f"{days} day{'s' if days != 1 else ''}"


def _model_line(cp: ComputedPitch) -> str:
    f = cp.pitch.funding
    if cp.shared is not None:
        return (f"shared cost: {cp.shared.joined} of {cp.shared.min_partners} partners, "
                f"share {display(cp.shared.share_today)} (at most {display(cp.shared.ceiling)})")
    kind = "all or nothing" if f.all_or_nothing else f"keep what you raise, core {display(cp.threshold)}"
    return f"{f.model.value}, {kind}"


def totals_table(c: ComputedCatalogue) -> Table:
    s = c.stats
    table = Table(title="Totals", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("value", justify="right")
    for label, value in (
        ("Organisations", f"{s.organisations:,}"),
        ("Bodies engaged", f"{s.bodies_engaged:,}"),
        ("Pitches", f"{s.pitches:,}"),
        *((f"  {status}", f"{n:,}") for status, n in s.by_status.items() if n),
        ("Pledges that count", f"{s.pledges:,}"),
        ("Money pledged", display(s.money_pledged)),
        ("Money pooled (pitches going ahead)", display(s.money_pooled)),
        ("Money saved", display(s.money_saved)),
        ("Adoption fees", display(s.adoption_fees)),
        ("Rebates to founders", display(s.rebates)),
        ("Stale pitches", f"{s.stale:,}"),
    ):
        table.add_row(label, value)
    return table


def open_pitches(c: ComputedCatalogue) -> Listing:
    rows = []
    taking = (cp for cp in c.pitches if _taking_pledges(cp))
    for cp in sorted(taking, key=lambda cp: (cp.pitch.funding.deadline, cp.id)):
        bar = ProgressBar(total=10000, completed=min(cp.percent_funded, 10000), width=12)
        rows.append((
            f"{escape(cp.pitch.title)}\n[dim]{cp.id}\n{_model_line(cp)}[/dim]",
            f"{display(cp.pledged)}\nof {display(cp.target)}",
            Group(f"{percent_text(cp.percent_funded)}%" + (" funded" if cp.funded else ""), bar),
            str(len(cp.partners)),
            f"{cp.pitch.funding.deadline.isoformat()}\n{_left(cp.days_to_deadline)}",
        ))
    return Listing(
        "Open pitches",
        (Column("pitch", wide=True), Column("pledged", right=True), Column("funded"),
         Column("partners", right=True), Column("deadline")),
        rows,
    )


def closing_soon(c: ComputedCatalogue) -> Listing:
    chosen = sorted(
        (cp for cp in c.pitches if _taking_pledges(cp) and cp.days_to_deadline <= CLOSING_SOON_DAYS),
        key=lambda cp: (cp.days_to_deadline, cp.id),
    )
    return Listing(
        f"Closing within {CLOSING_SOON_DAYS} days",
        (Column("pitch", wide=True), Column("left"), Column("still needed", right=True),
         Column("partners", right=True)),
        [(cp.id, _left(cp.days_to_deadline), "funded" if cp.funded else display(cp.to_threshold), str(len(cp.partners)))
         for cp in chosen],
    )


def ready_to_start(c: ComputedCatalogue) -> Listing:
    return Listing(
        "Funded and closed: ready to move to in-development",
        (Column("pitch", wide=True), Column("deadline"), Column("pledged", right=True), Column("partners", right=True)),
        [(cp.id, cp.pitch.funding.deadline.isoformat(), display(cp.pledged), str(len(cp.partners)))
         for cp in c.pitches if cp.status is Status.FUNDED and cp.days_to_deadline < 0],
    )


def stale_pitches(c: ComputedCatalogue) -> Listing:
    return Listing(
        "Stale (no update for 90 days)",
        (Column("pitch", wide=True), Column("status"), Column("last update"), Column("days since", right=True),
         Column("proposer")),
        [(cp.id, cp.status.value, cp.last_update.isoformat(), str((c.today - cp.last_update).days), cp.pitch.proposer)
         for cp in sorted((cp for cp in c.pitches if cp.stale), key=lambda cp: (cp.last_update, cp.id))],
    )


LISTINGS: tuple[Callable[[ComputedCatalogue], Listing], ...] = (
    open_pitches, closing_soon, ready_to_start, stale_pitches,
)


def draw(listing: Listing, limit: int) -> RenderableType:
    if not listing.rows:
        return f"{listing.title}: none."
    shown = listing.rows if limit == 0 else listing.rows[:limit]
    whole = len(shown) == len(listing.rows)
    title = listing.title if whole else f"{listing.title} ({len(shown)} of {len(listing.rows)})"
    table = Table(title=title, title_justify="left")
    for col in listing.columns:
        # Ids fold onto the next line rather than lose their end to an ellipsis.
        table.add_column(col.name, justify="right" if col.right else "left", overflow="fold",
                         no_wrap=not col.wide, ratio=1 if col.wide else None)
    for row in shown:
        table.add_row(*row)
    return table


@main.command("report")
@repo_argument
@today_option
@click.option("--rows", type=click.IntRange(min=0), default=25, show_default=True,
              help="The most rows to show in each list; 0 shows them all.")
def report_command(repo: Path, today: dt.date, rows: int) -> None:
    """Summarise REPO for a terminal: totals, open pitches with progress, closing soon,
    funded pitches waiting to start, and stale pitches."""
    computed = compute(load_valid(repo, today).catalogue, today)
    console = Console()
    console.print(f"[bold]{escape(computed.catalogue.settings.name)}[/bold] on {today.isoformat()}")
    console.print(totals_table(computed))
    for make in LISTINGS:
        console.print(draw(make(computed), rows))

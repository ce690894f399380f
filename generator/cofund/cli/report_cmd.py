"""`cofund report [REPO]`: a summary for a terminal: totals, open pitches, closing soon, stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console, Group
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table

from ..compute import ComputedCatalogue, ComputedPitch, Status, compute, percent_text
from ..money import display
from . import load_valid, main, repo_argument, today_option

CLOSING_SOON_DAYS = 30


def _taking_pledges(cp: ComputedPitch) -> bool:
    return cp.status in (Status.OPEN, Status.FUNDED) and cp.days_to_deadline >= 0


def _progress(cp: ComputedPitch) -> ProgressBar:
    return ProgressBar(total=10000, completed=min(cp.percent_funded, 10000), width=12)


def _left(days: int) -> str:
    return "last day" if days == 0 else f"{days} day{'s' if days != 1 else ''}"


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


def _model_line(cp: ComputedPitch) -> str:
    f = cp.pitch.funding
    if cp.shared is not None:
        return (f"shared cost: {cp.shared.joined} of {cp.shared.min_partners} partners, "
                f"share {display(cp.shared.share_today)} (at most {display(cp.shared.ceiling)})")
    kind = "all or nothing" if f.all_or_nothing else f"keep what you raise, core {display(cp.threshold)}"
    return f"{f.model.value}, {kind}"


def open_table(c: ComputedCatalogue) -> Table:
    table = Table(title="Open pitches", title_justify="left")
    table.add_column("pitch", ratio=3)
    table.add_column("pledged", justify="right", no_wrap=True)
    table.add_column("funded", no_wrap=True)
    table.add_column("partners", justify="right", no_wrap=True)
    table.add_column("deadline", no_wrap=True)
    rows = sorted((cp for cp in c.pitches if _taking_pledges(cp)), key=lambda cp: (cp.pitch.funding.deadline, cp.id))
    for cp in rows:
        table.add_row(
            f"{escape(cp.pitch.title)}\n[dim]{cp.id}\n{_model_line(cp)}[/dim]",
            f"{display(cp.pledged)}\nof {display(cp.target)}",
            Group(f"{percent_text(cp.percent_funded)}%" + (" funded" if cp.funded else ""), _progress(cp)),
            str(len(cp.partners)),
            f"{cp.pitch.funding.deadline.isoformat()}\n{_left(cp.days_to_deadline)}",
        )
    return table


def closing_table(c: ComputedCatalogue) -> Table:
    table = Table(title=f"Closing within {CLOSING_SOON_DAYS} days", title_justify="left")
    for name in ("pitch", "left", "still needed", "partners"):
        table.add_column(name)
    rows = sorted(
        (cp for cp in c.pitches if _taking_pledges(cp) and cp.days_to_deadline <= CLOSING_SOON_DAYS),
        key=lambda cp: (cp.days_to_deadline, cp.id),
    )
    for cp in rows:
        needed = "funded" if cp.funded else display(cp.to_threshold)
        table.add_row(cp.id, _left(cp.days_to_deadline), needed, str(len(cp.partners)))
    return table


def to_start_table(c: ComputedCatalogue) -> Table:
    table = Table(title="Funded and closed: ready to move to in-development", title_justify="left")
    for name in ("pitch", "deadline", "pledged", "partners"):
        table.add_column(name)
    for cp in c.pitches:
        if cp.status is Status.FUNDED and cp.days_to_deadline < 0:
            table.add_row(cp.id, cp.pitch.funding.deadline.isoformat(), display(cp.pledged), str(len(cp.partners)))
    return table


def stale_table(c: ComputedCatalogue) -> Table:
    table = Table(title="Stale (no update for 90 days)", title_justify="left")
    for name in ("pitch", "status", "last update", "days since", "proposer"):
        table.add_column(name)
    for cp in sorted((cp for cp in c.pitches if cp.stale), key=lambda cp: (cp.last_update, cp.id)):
        table.add_row(cp.id, cp.status.value, cp.last_update.isoformat(), str((c.today - cp.last_update).days), cp.pitch.proposer)
    return table


@main.command("report")
@repo_argument
@today_option
def report_command(repo: Path, today: dt.date) -> None:
    """Summarise REPO for a terminal: totals, open pitches with progress, closing soon, stale."""
    computed = compute(load_valid(repo, today).catalogue, today)
    console = Console()
    console.print(f"[bold]{computed.catalogue.settings.name}[/bold] on {today.isoformat()}")
    tables = (totals_table, open_table, closing_table, to_start_table, stale_table)
    for table in (make(computed) for make in tables):
        if table.row_count:
            console.print(table)
        else:
            console.print(f"{table.title}: none.")

"""The retention period, applied to everything the program wrote: results and logs.

Shared by the kiosk (automatically, at start-up) and `diagnum results purge` (by hand,
after showing what it will delete). The automatic purge never trusts a clock that
looks wrong: a kiosk started two years ahead must not delete every result.
No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storage import PurgePlan, ResultStore, parse_age
from storage.retention import automatic_purge_refusal, plausible_day
from terminal.logs import log_folders, purge_logs


@dataclass(frozen=True)
class PurgeOutcome:
    deleted: int
    # Why nothing was deleted, for staff; None when the purge ran.
    refused: str | None = None


def retention_cutoff(months: int, today: date) -> date | None:
    """The first day kept, or None when the clock is too far off to count back."""
    try:
        return parse_age(f"{months}m", today=today)
    except ValueError:
        return None


def purge_automatically(
    store: ResultStore, data_dir: Path, months: int, today: date
) -> PurgeOutcome:
    """The start-up purge: results and logs past the period, unless the clock looks wrong."""
    if not plausible_day(today):
        return PurgeOutcome(0, automatic_purge_refusal(None, today))
    plan = store.purge_plan(parse_age(f"{months}m", today=today))
    refused = automatic_purge_refusal(plan, today)
    if refused is not None:
        return PurgeOutcome(0, refused)
    return PurgeOutcome(purge(store, data_dir, plan))


def purge(store: ResultStore, data_dir: Path, plan: PurgePlan) -> int:
    """Delete the results and log entries dated before the plan's cutoff."""
    deleted = store.purge(older_than=plan.cutoff)
    purge_logs(log_folders(data_dir), plan.cutoff)
    return deleted

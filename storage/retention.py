"""Retention (GDPR): cutoff dates, and the clock guard of the automatic purge.

:func:`parse_age` turns a human age such as ``"12m"`` into a cutoff date;
:meth:`storage.store.ResultStore.purge` deletes the records dated strictly
before it. Month and year arithmetic is done here by hand, clamping to the end
of shorter months (31 March minus one month is 28 or 29 February).

A kiosk purges at start-up from its own clock. A clock that jumped (flat
battery, wrong time zone server) would silently delete everything, so
:func:`automatic_purge_refusal` looks at a :class:`PurgePlan` first and says
when a purge must be left to staff.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

#: Years a kiosk clock can plausibly show; outside them the clock is wrong.
FIRST_PLAUSIBLE_YEAR = 2026
LAST_PLAUSIBLE_YEAR = 2099


_AGE = re.compile(r"^(\d+)\s*([dwmy])$")
_HELP = (
    "use a whole number followed by d (days), w (weeks), m (months) or y (years), e.g. 90d, 12m, 1y"
)


def subtract_months(day: date, months: int) -> date:
    """*day* moved back by *months* calendar months, clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(index, 12)
    if year < 1:
        raise ValueError(f"An age of {months} months goes back before year 1.")
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last_day))


def parse_age(text: str, *, today: date | None = None) -> date:
    """Cutoff date for records older than *text*, counted back from *today*.

    ``parse_age("90d")`` is 90 days ago, ``"12m"`` twelve calendar months ago,
    ``"1y"`` one year ago, ``"2w"`` two weeks ago. Raises :class:`ValueError`
    with a readable message for anything else (including zero).
    """
    if not isinstance(text, str):
        raise ValueError(f"Invalid age {text!r}: {_HELP}.")
    match = _AGE.match(text.strip().lower())
    if match is None:
        raise ValueError(f"Invalid age {text!r}: {_HELP}.")
    amount, unit = int(match.group(1)), match.group(2)
    if amount == 0:
        raise ValueError(f"Invalid age {text!r}: the age must be at least 1 ({_HELP}).")
    start = today if today is not None else date.today()
    try:
        if unit == "d":
            return start - timedelta(days=amount)
        if unit == "w":
            return start - timedelta(weeks=amount)
        if unit == "m":
            return subtract_months(start, amount)
        return subtract_months(start, amount * 12)
    except (OverflowError, ValueError) as exc:
        raise ValueError(f"Invalid age {text!r}: it goes back too far.") from exc


@dataclass(frozen=True)
class PurgePlan:
    """What ``purge(cutoff)`` would do now (from :meth:`ResultStore.purge_plan`)."""

    cutoff: date
    to_delete: int  # results purge would delete
    total: int  # results stored
    oldest: date | None  # date of the oldest stored result (None: store empty)
    newest: date | None  # date of the newest stored result
    set_aside: tuple[str, ...]  # damaged files set aside, of months before the cutoff


def plausible_day(day: date) -> bool:
    """Whether a clock showing *day* can be trusted (its year is in the plausible range)."""
    return FIRST_PLAUSIBLE_YEAR <= day.year <= LAST_PLAUSIBLE_YEAR


def automatic_purge_refusal(plan: PurgePlan | None, today: date) -> str | None:
    """``None`` if an automatic purge may run; else a one-line reason for staff.

    Refused when the year of *today* is implausible, when *today* is before the
    newest stored result (both mean a wrong clock, even if nothing would be
    deleted: staff should know), or when the purge would delete every stored
    result. *plan* may be ``None`` when no cutoff could be counted back from
    *today*: then only the clock is judged.
    """
    if not plausible_day(today):
        return (
            f"today's date {today.isoformat()} is implausible (the year should be from "
            f"{FIRST_PLAUSIBLE_YEAR} to {LAST_PLAUSIBLE_YEAR}): the clock looks wrong"
        )
    if plan is None:
        return None
    if plan.newest is not None and today < plan.newest:
        return (
            f"today's date {today.isoformat()} is before the newest stored result "
            f"({plan.newest.isoformat()}): the clock looks wrong"
        )
    if plan.to_delete > 0 and plan.to_delete == plan.total:
        return (
            f"the purge would delete every stored result ({plan.total}, all dated before "
            f"{plan.cutoff.isoformat()}; the newest {_iso(plan.newest)}): the clock may be "
            "wrong or the kiosk unused for a long time"
        )
    return None


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else "undated"

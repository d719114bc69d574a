"""Retention (GDPR): turn a human age such as ``"12m"`` into a cutoff date.

:meth:`storage.store.ResultStore.purge` deletes the records dated strictly
before the cutoff. Month and year arithmetic is done here by hand, clamping to
the end of shorter months (31 March minus one month is 28 or 29 February).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

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

"""Where results live on disk.

::

    <data_dir>/results/
        2026-10.json          one TinyDB file per month, by the record's "date"
        2026-11.json
        2026-11.json.corrupt-20261105T101112Z   a damaged file, set aside
        index/00.json … 31.json                 code -> month index (derived data)
        index/months.json                       which month files the index covers
        .lock                                   inter-process lock
        .write-check                            probe of check_writable, removed at once

Partitioning by month keeps every save the same cost whatever the history,
and lets retention delete whole months.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

RESULTS_DIRNAME = "results"
INDEX_DIRNAME = "index"
LOCK_NAME = ".lock"
CORRUPT_MARKER = ".corrupt-"

# Used with fullmatch and ASCII digits: "$" would accept a final newline, \d other digits.
_MONTH_FILE = re.compile(r"([0-9]{4})-([0-9]{2})\.json")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_record_date(value: object) -> date | None:
    """The ``date`` of a record ("YYYY-MM-DD") as a :class:`date`, or ``None``."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def month_key(day: date) -> str:
    """The month partition of *day*, e.g. ``"2026-11"``."""
    return f"{day.year:04d}-{day.month:02d}"


def month_filename(month: str) -> str:
    return f"{month}.json"


def month_of_filename(name: str) -> str | None:
    """``"2026-11"`` for ``"2026-11.json"``; ``None`` for any other file."""
    match = _MONTH_FILE.fullmatch(name)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{match.group(1)}-{match.group(2)}"


def month_bounds(month: str) -> tuple[date, date]:
    """First day of *month* and first day of the following month."""
    year, number = int(month[:4]), int(month[5:7])
    first = date(year, number, 1)
    following = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return first, following


def list_months(results_dir: Path) -> list[str]:
    """Sorted month keys of the month files present in *results_dir*."""
    try:
        names = [entry.name for entry in results_dir.iterdir()]
    except FileNotFoundError:
        return []
    months = {month for name in names if (month := month_of_filename(name))}
    return sorted(months)


def corrupt_name(name: str, stamp: str) -> str:
    """Name under which a damaged file is set aside."""
    return f"{name}{CORRUPT_MARKER}{stamp}"

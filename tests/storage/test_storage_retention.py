"""parse_age: retention periods to cutoff dates."""

from __future__ import annotations

from datetime import date

import pytest

from storage import parse_age
from storage.retention import subtract_months

TODAY = date(2026, 11, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90d", date(2026, 8, 17)),
        ("1d", date(2026, 11, 14)),
        ("2w", date(2026, 11, 1)),
        ("12m", date(2025, 11, 15)),
        ("1m", date(2026, 10, 15)),
        ("11m", date(2025, 12, 15)),
        ("1y", date(2025, 11, 15)),
        ("3y", date(2023, 11, 15)),
        (" 6M ", date(2026, 5, 15)),
        ("6 m", date(2026, 5, 15)),
    ],
)
def test_parse_age(text: str, expected: date) -> None:
    assert parse_age(text, today=TODAY) == expected


def test_parse_age_defaults_to_today() -> None:
    assert parse_age("1d") == date.fromordinal(date.today().toordinal() - 1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 1, 31), 2, date(2025, 11, 30)),
        (date(2026, 1, 10), 13, date(2024, 12, 10)),
    ],
)
def test_month_arithmetic_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert subtract_months(day, months) == expected


def test_leap_day_minus_one_year() -> None:
    assert parse_age("1y", today=date(2024, 2, 29)) == date(2023, 2, 28)


@pytest.mark.parametrize("text", ["", "12", "m", "12x", "-1m", "1.5y", "12 months", "0d", "0y"])
def test_bad_ages_are_explained(text: str) -> None:
    with pytest.raises(ValueError, match=r"Invalid age .*e\.g\. 90d, 12m, 1y") as info:
        parse_age(text, today=TODAY)
    assert repr(text) in str(info.value)


def test_absurd_age_is_explained() -> None:
    with pytest.raises(ValueError, match="goes back too far"):
        parse_age("5000y", today=TODAY)
    with pytest.raises(ValueError, match="goes back too far"):
        parse_age("99999999d", today=TODAY)

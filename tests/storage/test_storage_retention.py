"""Retention: periods to cutoff dates, and the clock guard of the automatic purge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from storage_testlib import make_record

from storage import PurgePlan, ResultStore, automatic_purge_refusal, parse_age
from storage.retention import (
    FIRST_PLAUSIBLE_YEAR,
    LAST_PLAUSIBLE_YEAR,
    plausible_day,
    subtract_months,
)

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


# ----------------------------------------------------------- automatic purge


def _plan(to_delete: int, total: int, newest: date | None = date(2026, 11, 23)) -> PurgePlan:
    oldest = None if newest is None else date(2025, 1, 10)
    return PurgePlan(date(2025, 11, 15), to_delete, total, oldest, newest, ())


def _assert_reason(reason: str | None, *seen: str) -> None:
    assert reason is not None
    assert "\n" not in reason
    for text in seen:
        assert text in reason
    assert "clock" in reason


def test_normal_purge_may_run() -> None:
    assert automatic_purge_refusal(_plan(40, 100), date(2026, 11, 30)) is None
    assert automatic_purge_refusal(_plan(0, 100), date(2026, 11, 23)) is None  # same day


def test_empty_store_may_run() -> None:
    assert automatic_purge_refusal(_plan(0, 0, newest=None), date(2026, 11, 30)) is None


@pytest.mark.parametrize(
    "today", [date(1970, 1, 1), date(2024, 3, 1), date(2025, 12, 31), date(2100, 1, 1)]
)
def test_implausible_year_is_refused(today: date) -> None:
    reason = automatic_purge_refusal(_plan(0, 0, newest=None), today)
    _assert_reason(reason, f"today's date {today.isoformat()} is implausible", "2026 to 2099")
    assert automatic_purge_refusal(None, today) == reason


def test_plausible_years() -> None:
    assert (FIRST_PLAUSIBLE_YEAR, LAST_PLAUSIBLE_YEAR) == (2026, 2099)
    assert plausible_day(date(2026, 1, 1)) and plausible_day(date(2099, 12, 31))
    assert not plausible_day(date(2025, 12, 31)) and not plausible_day(date(2100, 1, 1))
    assert automatic_purge_refusal(None, date(2026, 5, 1)) is None


def test_clock_before_the_newest_result_is_refused() -> None:
    reason = automatic_purge_refusal(_plan(3, 100), date(2026, 3, 1))
    _assert_reason(
        reason, "today's date 2026-03-01 is before the newest stored result (2026-11-23)"
    )
    assert "the clock looks wrong" in str(reason)


def test_deleting_every_result_is_refused() -> None:
    reason = automatic_purge_refusal(_plan(100, 100), date(2028, 1, 1))
    _assert_reason(reason, "delete every stored result (100", "before 2025-11-15")


def test_refusals_on_a_real_store(tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "data")
    today = date(2026, 11, 30)
    assert automatic_purge_refusal(store.purge_plan(parse_age("12m", today=today)), today) is None
    store.save(make_record("OLD", "2025-06-01"))
    store.save(make_record("NEW", "2026-11-20"))
    assert automatic_purge_refusal(store.purge_plan(parse_age("12m", today=today)), today) is None
    # Two years later (the kiosk was stored away, or the clock jumped): everything would go.
    later = date(2028, 12, 1)
    refusal = str(automatic_purge_refusal(store.purge_plan(later), later))
    assert "delete every stored result (2, " in refusal
    earlier = date(2026, 11, 1)
    assert "before the newest" in str(automatic_purge_refusal(store.purge_plan(earlier), earlier))
    assert store.count() == 2

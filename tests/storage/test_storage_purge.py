"""Retention leaves no trace in the index, failed saves leave no entry, and the purge plan.

The index is checked by reading its shard files on disk after each scenario.
"""

from __future__ import annotations

import errno
import json
import os
from datetime import date
from pathlib import Path

import pytest
from storage_testlib import (
    full_disk,
    index_entries,
    is_month_file,
    lock_held_elsewhere,
    make_record,
)

import storage.atomic
import storage.store
from storage import PurgePlan, ResultStore, StorageError, StoreFull
from storage.index import CodeIndex


def _save_all(store: ResultStore, days: dict[str, str]) -> None:
    for code, day in days.items():
        store.save(make_record(code, day))


# ------------------------------------------------------------------ no trace


def test_purge_leaves_no_entry_of_purged_results(store: ResultStore, data_dir: Path) -> None:
    _save_all(
        store,
        {"A": "2025-12-05", "B": "2026-01-02", "C": "2026-01-20", "D": "2026-02-01"},
    )
    assert store.purge(date(2026, 1, 15)) == 2
    assert index_entries(data_dir) == {"C": "2026-01", "D": "2026-02"}
    months = json.loads((data_dir / "results" / "index" / "months.json").read_text())["months"]
    assert "2025-12" not in months


def test_purge_sweeps_entries_of_months_without_a_file(store: ResultStore, data_dir: Path) -> None:
    """Entries left by a crash, a hand deletion or an older version are swept too."""
    _save_all(store, {"OLD": "2020-03-03", "NEW": "2026-03-03"})
    results = data_dir / "results"
    # A month file set aside by hand (or by an older version that kept the entries),
    # and an entry for a month that has no file at all.
    (results / "2020-03.json").rename(results / "2020-03.json.corrupt-20260101T000000Z")
    CodeIndex(results / "index").add({"GHOST": "2019-07", "LATER": "2026-04"})
    assert "OLD" in index_entries(data_dir)

    assert store.purge(date(2021, 1, 1)) == 0
    assert index_entries(data_dir) == {"NEW": "2026-03", "LATER": "2026-04"}
    assert any("2020-03.json.corrupt-" in note for note in store.problems)


def test_setting_a_month_aside_removes_its_entries(store: ResultStore, data_dir: Path) -> None:
    _save_all(store, {"N1": "2026-11-01", "N2": "2026-11-02", "OCT": "2026-10-01"})
    month_file = data_dir / "results" / "2026-11.json"
    month_file.write_bytes(month_file.read_bytes()[:-5])  # cut short: damaged
    assert ResultStore(data_dir).count() == 1
    assert index_entries(data_dir) == {"OCT": "2026-10"}
    # The set-aside file still holds them: the documented exception.
    (aside,) = (data_dir / "results").glob("2026-11.json.corrupt-*")
    assert b'"N1"' in aside.read_bytes() and b'"N2"' in aside.read_bytes()
    assert store.find("N1") is None


def test_purge_of_a_damaged_old_month_leaves_no_entry(store: ResultStore, data_dir: Path) -> None:
    _save_all(store, {"OLD": "2020-01-05", "KEEP": "2026-11-05"})
    (data_dir / "results" / "2020-01.json").write_bytes(b"")
    assert store.purge(date(2021, 1, 1)) == 0
    assert index_entries(data_dir) == {"KEEP": "2026-11"}
    assert any("past the retention period" in note for note in store.problems)


def test_deleted_then_purged_codes_leave_no_trace(store: ResultStore, data_dir: Path) -> None:
    _save_all(store, {f"C{n}": f"2025-{n % 12 + 1:02d}-10" for n in range(30)})
    store.delete("C5")
    assert store.purge(date(2025, 7, 1)) == 17
    entries = index_entries(data_dir)
    assert sorted(entries) == sorted(f"C{n}" for n in range(30) if n % 12 + 1 >= 7)
    assert all(month >= "2025-07" for month in entries.values())


# --------------------------------------------------------------- failed saves


def test_failed_save_leaves_no_index_entry(
    store: ResultStore, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(make_record("A"))
    with full_disk(monkeypatch, is_month_file), pytest.raises(StoreFull):
        store.save(make_record("B"))
    assert sorted(index_entries(data_dir)) == ["A"]
    assert store.find("B") is None
    store.save(make_record("B"))
    assert sorted(index_entries(data_dir)) == ["A", "B"]


def test_failed_first_save_of_a_month_leaves_no_index_entry(
    store: ResultStore, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(make_record("A"))
    with full_disk(monkeypatch, is_month_file), pytest.raises(StoreFull):
        store.save(make_record("DEC", "2026-12-01"))
    assert sorted(index_entries(data_dir)) == ["A"]
    assert not (data_dir / "results" / "2026-12.json").exists()


def test_cleanup_failure_never_masks_the_save_error(
    store: ResultStore, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index entry is written, then every later write fails: the month's error wins."""
    store.save(make_record("A"))
    writes: list[bytes] = []

    def only_the_first_write(data: bytes) -> bool:
        writes.append(data)
        return len(writes) > 1

    with full_disk(monkeypatch, only_the_first_write), pytest.raises(StoreFull) as info:
        store.save(make_record("B"))
    assert "could not save the result" in str(info.value)
    assert b'"B"' in writes[0] and is_month_file(writes[1])
    # The stale entry could not be removed: lookups tolerate it.
    assert index_entries(data_dir)["B"] == "2026-11"
    assert ResultStore(data_dir).find("B") is None
    store.save(make_record("B"))
    assert store.find("B") is not None


def test_entry_kept_when_the_month_was_written_before_the_error(
    store: ResultStore, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename succeeded, flushing the folder failed: the result is there, so is its entry."""
    store.save(make_record("A"))
    results = data_dir / "results"
    real_fsync_directory = storage.atomic.fsync_directory

    def failing_for_results(directory: Path) -> None:
        if directory == results:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync_directory(directory)

    with monkeypatch.context() as patch:
        patch.setattr(storage.atomic, "fsync_directory", failing_for_results)
        with pytest.raises(StorageError, match=r"(?i)could not save the result"):
            store.save(make_record("B"))
    assert index_entries(data_dir)["B"] == "2026-11"
    assert ResultStore(data_dir).find("B") is not None


# ----------------------------------------------------------------- purge plan


def test_purge_plan_tells_what_purge_does(store: ResultStore, data_dir: Path) -> None:
    _save_all(
        store,
        {"A": "2025-11-30", "B": "2026-01-02", "C": "2026-01-20", "D": "2026-03-01"},
    )
    (data_dir / "results" / "2024-06.json").write_text("damaged")
    store.count()  # sets the damaged file aside
    (aside,) = (data_dir / "results").glob("2024-06.json.corrupt-*")
    plan = store.purge_plan(date(2026, 1, 15))
    assert plan == PurgePlan(
        cutoff=date(2026, 1, 15),
        to_delete=2,
        total=4,
        oldest=date(2025, 11, 30),
        newest=date(2026, 3, 1),
        set_aside=(aside.name,),
    )
    assert store.purge_plan(date(2024, 6, 1)).set_aside == ()
    assert store.purge(plan.cutoff) == plan.to_delete
    after = store.purge_plan(plan.cutoff)
    assert (after.to_delete, after.total, after.oldest) == (0, 2, date(2026, 1, 20))


def test_purge_plan_of_an_empty_store(store: ResultStore) -> None:
    assert store.purge_plan(date(2026, 1, 1)) == PurgePlan(date(2026, 1, 1), 0, 0, None, None, ())


def test_purge_plan_counts_undated_results_as_purge_does(
    store: ResultStore, data_dir: Path
) -> None:
    store.save(make_record("A", "2026-01-05"))
    path = data_dir / "results" / "2026-01.json"
    content = json.loads(path.read_text())
    content["_default"]["2"] = {"code": "HAND", "date": "someday"}  # edited by hand
    path.write_text(json.dumps(content))
    for cutoff, expected in [(date(2026, 1, 31), 1), (date(2026, 2, 1), 2)]:
        plan = store.purge_plan(cutoff)
        assert (plan.to_delete, plan.total, plan.newest) == (expected, 2, date(2026, 1, 31))
    assert store.purge(date(2026, 1, 31)) == 1


def test_purge_plan_parses_no_month_that_count_already_read(
    store: ResultStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same cost as count(): one shared summary per month, kept until the file changes."""
    for month in range(1, 7):
        store.save(make_record(f"C{month}", f"2026-{month:02d}-10"))
    parsed: list[str] = []
    real_decode = storage.store.decode_tables

    def counting_decode(raw: bytes, path: Path) -> object:
        parsed.append(path.name)
        return real_decode(raw, path)

    monkeypatch.setattr(storage.store, "decode_tables", counting_decode)
    assert store.count() == 6
    assert len(parsed) == 6
    store.purge_plan(date(2026, 3, 1))
    store.count()
    assert len(parsed) == 6
    store.save(make_record("LATE", "2026-06-20"))
    store.purge_plan(date(2026, 3, 1))
    assert parsed[6:] == ["2026-06.json"]


def test_purge_plan_takes_no_lock(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("A", "2020-01-01"))
    with lock_held_elsewhere(data_dir):
        reader = ResultStore(data_dir, lock_timeout=0.1)
        assert reader.purge_plan(date(2021, 1, 1)).to_delete == 1

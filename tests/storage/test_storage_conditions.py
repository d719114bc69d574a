"""Bad conditions: read-only or missing folder, full disk, busy lock, damaged files."""

from __future__ import annotations

import errno
import json
import os
import time
from datetime import date
from pathlib import Path

import pytest
from storage_testlib import (
    full_disk,
    is_root,
    leftover_temp_files,
    lock_held_elsewhere,
    make_record,
    remount_read_only,
    tmpfs,
)

from storage import (
    ResultStore,
    StorageError,
    StoreBusy,
    StoreFull,
    StoreUnavailable,
)


def one_line(error: BaseException) -> str:
    text = str(error)
    assert text and "\n" not in text
    return text


# ------------------------------------------------------------ missing folder


def test_unusable_data_directory_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreUnavailable) as info:
        ResultStore(blocker)
    assert "Cannot create the results folder" in one_line(info.value)
    assert str(blocker) in str(info.value)


def test_results_folder_removed_while_running(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = ResultStore(data_dir)
    store.save(make_record("A"))
    (data_dir / "results").rename(tmp_path / "moved")
    (data_dir / "results").write_text("not a folder")
    with pytest.raises(StorageError) as info:
        store.save(make_record("B"))
    one_line(info.value)


# -------------------------------------------------------------- read-only


def _check_read_only_store(data_dir: Path) -> None:
    store = ResultStore(data_dir)
    # Reading still works: an adviser console may have read-only access.
    assert store.find("A") is not None
    assert [r["code"] for r in store.records()] == ["A"]
    assert store.count() == 1
    for attempt in (
        lambda: store.save(make_record("B")),
        lambda: store.update("A", {"x": 1}),
        lambda: store.delete("A"),
        lambda: store.purge(date(2030, 1, 1)),
    ):
        with pytest.raises(StoreUnavailable) as info:
            attempt()
        assert "read-only" in one_line(info.value)
    assert store.find("B") is None


def test_read_only_folder_with_permissions(tmp_path: Path) -> None:
    if is_root():
        pytest.skip("root ignores permissions; see the read-only mount test")
    data_dir = tmp_path / "data"
    ResultStore(data_dir).save(make_record("A"))
    results = data_dir / "results"
    paths = [results, results / "index"]
    for path in [*paths, *results.iterdir(), *(results / "index").iterdir()]:
        path.chmod(0o444 if path.is_file() else 0o555)
    try:
        _check_read_only_store(data_dir)
    finally:
        for path in paths:
            path.chmod(0o755)


def test_read_only_file_system(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", 1024) as mount:
        data_dir = mount / "data"
        ResultStore(data_dir).save(make_record("A"))
        remount_read_only(mount)
        _check_read_only_store(data_dir)
        with pytest.raises(StoreUnavailable, match="Cannot create the results folder"):
            ResultStore(mount / "other")


# ---------------------------------------------------------------- full disk


def test_full_disk_real(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", 512) as mount:
        data_dir = mount / "data"
        store = ResultStore(data_dir)
        saved: list[str] = []
        with pytest.raises(StoreFull) as info:
            for number in range(5000):
                code = f"C{number}"
                store.save(make_record(code, answers={"q": ["x" * 300] * 5}))
                saved.append(code)
        assert "disk is full" in one_line(info.value)
        assert saved, "the disk filled up before the first save"
        assert leftover_temp_files(data_dir) == []
        reopened = ResultStore(data_dir)
        assert reopened.count() == len(saved)
        assert reopened.find(saved[-1]) is not None
        assert reopened.find(f"C{len(saved)}") is None  # the failed save is not there
        assert reopened.problems == []


def test_full_disk_during_write(store: ResultStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up half-way through writing the month file."""
    store.save(make_record("A"))
    month_file = store.results_dir / "2026-11.json"
    before = month_file.read_bytes()
    real_write = os.write

    def write_half_then_fail(fd: int, data: bytes) -> int:
        if len(data) > 64:
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", write_half_then_fail)
        with pytest.raises(StoreFull):
            store.save(make_record("B"))
    assert month_file.read_bytes() == before
    assert leftover_temp_files(store.data_dir) == []
    assert store.find("B") is None
    store.save(make_record("B"))  # space is back: the same save now works
    assert store.find("B") is not None


def test_fsync_failure_is_reported(store: ResultStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(make_record("A"))

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", failing_fsync)
        with pytest.raises(StorageError) as info:
            store.save(make_record("B"))
        assert "Could not save the result" in one_line(info.value)
    assert ResultStore(store.data_dir).find("A") is not None


# --------------------------------------------------------------- busy lock


def test_lock_held_too_long_raises_store_busy(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("A"))
    with lock_held_elsewhere(data_dir):
        impatient = ResultStore(data_dir, lock_timeout=0.3)
        started = time.monotonic()
        with pytest.raises(StoreBusy) as info:
            impatient.save(make_record("B"))
        assert 0.25 <= time.monotonic() - started < 3
        assert one_line(info.value).startswith(
            "The results are in use by another program (lock held for more than 0.3 s): "
            "could not save the result."
        )
        with pytest.raises(StoreBusy):
            impatient.delete("A")
        # Readers never wait for the lock.
        assert impatient.find("A") is not None
        assert len(impatient.records()) == 1
    store.save(make_record("B"))  # released: works again
    assert store.count() == 2


def test_default_lock_timeout_message() -> None:
    assert str(StoreBusy(5.0)).startswith(
        "The results are in use by another program (lock held for more than 5 s)"
    )


# ---------------------------------------------------------- damaged files


def _corrupt(path: Path) -> bytes:
    damaged = b'{"_default": {"1": {"code": "LOST", "date": "2026-11-'
    path.write_bytes(damaged)
    return damaged


def test_damaged_month_is_set_aside_and_others_keep_working(
    store: ResultStore, data_dir: Path
) -> None:
    store.save(make_record("OCT", "2026-10-05"))
    store.save(make_record("NOV", "2026-11-05"))
    damaged = _corrupt(data_dir / "results" / "2026-11.json")

    reader = ResultStore(data_dir)
    assert [r["code"] for r in reader.records()] == ["OCT"]
    assert reader.find("OCT") is not None
    assert reader.find("NOV") is None
    assert len(reader.problems) == 1
    assert "2026-11.json was damaged" in reader.problems[0]
    set_aside = list((data_dir / "results").glob("2026-11.json.corrupt-*"))
    assert len(set_aside) == 1
    assert set_aside[0].read_bytes() == damaged  # kept as is, never deleted
    assert set_aside[0].name in reader.problems[0]

    store.save(make_record("NEW", "2026-11-20"))  # a new file for the month
    assert sorted(r["code"] for r in reader.records()) == ["NEW", "OCT"]
    assert reader.count() == 2


def test_damaged_month_found_while_saving(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("NOV", "2026-11-05"))
    (data_dir / "results" / "2026-11.json").write_text("[1, 2, 3]")  # JSON, not TinyDB
    store.save(make_record("NEW", "2026-11-20"))
    assert store.find("NEW") is not None
    assert "not a TinyDB database" in store.problems[0]
    assert len(list((data_dir / "results").glob("*.corrupt-*"))) == 1


def test_every_operation_survives_a_damaged_month(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("OLD", "2020-01-05"))
    store.save(make_record("KEEP", "2026-11-05"))
    _corrupt(data_dir / "results" / "2020-01.json")
    assert store.count() == 1
    assert store.purge(date(2021, 1, 1)) == 0
    # The set-aside file still holds old results: purge says so.
    assert any("past the retention period" in note for note in store.problems)
    assert store.update("KEEP", {"x": 1})
    assert store.delete("KEEP")
    assert store.count() == 0


def test_damaged_or_missing_index_is_rebuilt(store: ResultStore, data_dir: Path) -> None:
    codes = [f"C{number}" for number in range(40)]
    for number, code in enumerate(codes):
        store.save(make_record(code, f"2026-{number % 12 + 1:02d}-01"))
    index = data_dir / "results" / "index"
    for shard in list(index.glob("*.json"))[:3]:
        shard.write_text("{broken")
    reader = ResultStore(data_dir)
    assert all(reader.find(code) is not None for code in codes)
    assert any("index was damaged" in note for note in reader.problems)

    for path in index.iterdir():
        path.unlink()
    index.rmdir()
    fresh = ResultStore(data_dir)
    assert all(fresh.find(code) is not None for code in codes)
    assert fresh.find("C99") is None
    json.loads((index / "months.json").read_text())  # rebuilt


def test_temp_files_of_a_crashed_writer_are_cleaned(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("A"))
    results = data_dir / "results"
    (results / ".2026-11.json.0123456789ab.tmp").write_text('{"_default": {"1": {"co')
    (results / "index" / ".07.json.ba9876543210.tmp").write_text("{")
    later = ResultStore(data_dir)
    assert later.find("A") is not None
    later.save(make_record("B"))
    assert leftover_temp_files(data_dir) == []
    assert later.count() == 2


def test_month_damaged_twice_keeps_both_copies(store: ResultStore, data_dir: Path) -> None:
    month_file = data_dir / "results" / "2026-11.json"
    for attempt in range(2):
        store.save(make_record(f"N{attempt}"))
        month_file.write_text(f"damaged {attempt}")
        store.save(make_record(f"M{attempt}"))
    kept = sorted(p.read_text() for p in month_file.parent.glob("2026-11.json.corrupt-*"))
    assert kept == ["damaged 0", "damaged 1"]
    assert [r["code"] for r in store.records()] == ["M1"]
    assert len(store.problems) == 2


def test_results_folder_deleted_while_running_is_recreated(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = ResultStore(data_dir)
    store.save(make_record("A"))
    for path in sorted((data_dir / "results").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (data_dir / "results").rmdir()
    assert store.find("A") is None
    store.save(make_record("B"))
    assert [r["code"] for r in ResultStore(data_dir).records()] == ["B"]


# ------------------------------------------------------------ check_writable


def test_check_writable_leaves_nothing_behind(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("A"))
    before = sorted(p.name for p in (data_dir / "results").iterdir())
    store.check_writable()
    assert sorted(p.name for p in (data_dir / "results").iterdir()) == before
    assert store.find("A") is not None


def test_check_writable_with_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = ResultStore(data_dir)
    for path in sorted(data_dir.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    data_dir.rmdir()
    data_dir.write_text("a file where the data folder should be")
    with pytest.raises(StoreUnavailable) as info:
        store.check_writable()
    assert "could not check that results can be saved" in one_line(info.value)
    assert str(data_dir) in str(info.value)


def test_check_writable_with_a_read_only_results_folder(tmp_path: Path) -> None:
    if is_root():
        pytest.skip("root ignores permissions; see the read-only mount test")
    data_dir = tmp_path / "data"
    store = ResultStore(data_dir)
    store.save(make_record("A"))
    results = data_dir / "results"
    results.chmod(0o555)
    try:
        with pytest.raises(StoreUnavailable) as info:
            store.check_writable()
        message = one_line(info.value)
        assert "read-only" in message
        assert "could not check that results can be saved" in message
    finally:
        results.chmod(0o755)
    assert leftover_temp_files(data_dir) == []


def test_check_writable_on_a_read_only_file_system(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", 1024) as mount:
        data_dir = mount / "data"
        store = ResultStore(data_dir)
        store.check_writable()
        remount_read_only(mount)
        with pytest.raises(StoreUnavailable) as info:
            store.check_writable()
        message = one_line(info.value)
        assert "read-only" in message
        assert "could not check that results can be saved" in message


def test_check_writable_on_a_full_disk(store: ResultStore, monkeypatch: pytest.MonkeyPatch) -> None:
    with full_disk(monkeypatch), pytest.raises(StoreFull) as info:
        store.check_writable()
    assert "The disk is full: could not check that results can be saved" in one_line(info.value)
    assert leftover_temp_files(store.data_dir) == []
    store.check_writable()  # space is back

"""Every error message names the operation that failed, not the one a helper was made for.

A full disk is simulated by making ``os.write`` fail with ENOSPC for the
duration of one call (see ``storage_testlib.full_disk``): the disk is the thing
simulated, the store's code runs unchanged.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from storage_testlib import full_disk, index_entries, is_month_file, make_record

import storage.atomic
from storage import ResultStore, StorageError, StoreFull

ACTIONS = [
    "save the result",
    "update the result",
    "delete the result",
    "purge old results",
    "back up the results",
    "restore the backup",
    "check that results can be saved",
]


def _filled(data_dir: Path) -> ResultStore:
    store = ResultStore(data_dir)
    store.save(make_record("OLD1", "2020-01-10"))
    store.save(make_record("OLD2", "2026-01-10"))
    store.save(make_record("KEEP", "2026-01-20"))
    return store


CALLS: dict[str, tuple[Callable[[ResultStore, Path], object], str]] = {
    "save": (lambda store, _: store.save(make_record("NEW")), "save the result"),
    "update": (lambda store, _: store.update("KEEP", {"note": 1}), "update the result"),
    "delete": (lambda store, _: store.delete("KEEP"), "delete the result"),
    # 2026-01 straddles the cutoff: the month file is rewritten.
    "purge-rewrite": (lambda store, _: store.purge(date(2026, 1, 15)), "purge old results"),
    # 2020-01 is deleted whole: only the index is written.
    "purge-index": (lambda store, _: store.purge(date(2021, 1, 1)), "purge old results"),
    "backup": (lambda store, tmp: store.backup(tmp / "backups"), "back up the results"),
    "check": (lambda store, _: store.check_writable(), "check that results can be saved"),
}


@pytest.mark.parametrize("call", CALLS)
def test_full_disk_message_names_the_operation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    store = _filled(tmp_path / "data")
    operation, action = CALLS[call]
    with full_disk(monkeypatch), pytest.raises(StoreFull) as info:
        operation(store, tmp_path)
    message = str(info.value)
    assert f"The disk is full: could not {action} in " in message
    assert "\n" not in message
    for other in ACTIONS:
        assert other == action or other not in message


def test_full_disk_during_restore_names_the_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = _filled(tmp_path / "data").backup(tmp_path / "backups").path
    target = ResultStore(tmp_path / "other")
    with full_disk(monkeypatch), pytest.raises(StoreFull) as info:
        target.restore(backup)
    assert "could not restore the backup" in str(info.value)
    assert target.count() == 0


def test_index_rebuilt_during_a_save_names_the_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    _filled(data_dir)
    shutil.rmtree(data_dir / "results" / "index")
    with full_disk(monkeypatch), pytest.raises(StoreFull, match="could not save the result"):
        ResultStore(data_dir).save(make_record("NEW"))


def test_purge_message_says_purge_when_only_the_month_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _filled(tmp_path / "data")
    with full_disk(monkeypatch, is_month_file), pytest.raises(StoreFull) as info:
        store.purge(date(2026, 1, 15))
    assert "could not purge old results" in str(info.value)
    assert "save" not in str(info.value)
    # 2020-01 went (a whole file deleted), 2026-01 is intact; the next purge completes.
    assert sorted(record["code"] for record in store.records()) == ["KEEP", "OLD2"]
    assert store.purge(date(2026, 1, 15)) == 1
    assert sorted(index_entries(store.data_dir)) == ["KEEP"]


def test_failed_set_aside_names_the_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    _filled(data_dir)
    (data_dir / "results" / "2026-01.json").write_text("damaged")
    store = ResultStore(data_dir)

    def refuse(source: object, target: object) -> None:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    with monkeypatch.context() as patch:
        patch.setattr(storage.atomic.os, "replace", refuse)
        assert store.count() == 1
    assert len(store.problems) == 1
    assert "could not set aside a damaged file" in store.problems[0]


def test_unusable_data_folder_names_the_operation(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = _filled(data_dir)
    shutil.rmtree(data_dir)
    data_dir.write_text("a file where the data folder was")
    with pytest.raises(StorageError, match="could not delete the result"):
        store.delete("KEEP")

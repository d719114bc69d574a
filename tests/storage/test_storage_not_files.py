"""Something that is not a file where the store expects one: set aside, never a hang."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from storage_testlib import make_record

from storage import BackupInvalid, ResultStore

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def make_folder(path: Path) -> None:
    path.mkdir()


def make_fifo(path: Path) -> None:
    os.mkfifo(path)  # nobody writes to it: a plain read would wait for ever


@pytest.mark.parametrize("make", [make_folder, pytest.param(make_fifo, marks=needs_fifo)])
def test_a_month_that_is_not_a_file_is_set_aside(
    store: ResultStore, data_dir: Path, make: object
) -> None:
    store.save(make_record("OCT001", "2026-10-05"))
    make(data_dir / "results" / "2026-11.json")  # type: ignore[operator]
    assert [r["code"] for r in store.records()] == ["OCT001"]
    assert any("not a regular file" in note for note in store.problems)
    assert list((data_dir / "results").glob("2026-11.json.corrupt-*"))
    store.save(make_record("NOV001", "2026-11-05"))  # the month works again
    assert store.find("NOV001") is not None


@needs_fifo
def test_a_backup_whose_manifest_is_a_pipe_is_refused(store: ResultStore, tmp_path: Path) -> None:
    store.save(make_record("A00001", "2026-11-05"))
    backup = store.backup(tmp_path / "usb").path
    (backup / "manifest.json").unlink()
    os.mkfifo(backup / "manifest.json")
    fresh = ResultStore(tmp_path / "fresh")
    with pytest.raises(BackupInvalid, match="not a regular file"):
        fresh.restore(backup)
    assert fresh.count() == 0


def test_a_backup_cannot_bring_in_what_a_save_refuses(store: ResultStore, tmp_path: Path) -> None:
    import hashlib

    store.save(make_record("A00001", "2026-11-05"))
    backup = store.backup(tmp_path / "usb").path
    month = backup / "results" / "2026-11.json"
    data = json.loads(month.read_text(encoding="utf-8"))
    data["_default"]["1"]["code"] = "\x1b[2J"  # checksums recomputed: a crafted backup
    month.write_text(json.dumps(data), encoding="utf-8")
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["months"]:
        entry["sha256"] = hashlib.sha256(month.read_bytes()).hexdigest()
    (backup / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    fresh = ResultStore(tmp_path / "fresh")
    with pytest.raises(BackupInvalid, match="cannot be restored"):
        fresh.restore(backup)
    assert fresh.count() == 0

"""Backups: a consistent, checked copy of the results, and a restore that merges it back."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from storage_testlib import index_entries, make_record
from storage_workers import writer_record

from storage import (
    SCHEMA_VERSION,
    BackupInvalid,
    BackupReport,
    RestoreConflict,
    RestoreReport,
    ResultStore,
    StorageError,
    StoreUnavailable,
)

HERE = Path(__file__).parent
DAYS = {"A": "2026-09-05", "B": "2026-10-01", "C": "2026-10-31", "D": "2026-11-05"}


def _filled(data_dir: Path) -> ResultStore:
    store = ResultStore(data_dir)
    for code, day in DAYS.items():
        store.save(make_record(code, day))
    return store


def _month_bytes(data_dir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (data_dir / "results").glob("*.json")}


# ---------------------------------------------------------------- round trip


def test_backup_copies_every_month_with_a_manifest(tmp_path: Path) -> None:
    store = _filled(tmp_path / "data")
    store.update("B", {"note": "called back"})
    report = store.backup(tmp_path / "backups")

    assert report == BackupReport(report.path, ("2026-09", "2026-10", "2026-11"), 4, ())
    assert report.path.parent == tmp_path / "backups"
    assert re.fullmatch(r"diagnum-backup-\d{8}T\d{6}Z", report.path.name)
    copied = {path.name: path.read_bytes() for path in (report.path / "results").iterdir()}
    assert copied == _month_bytes(tmp_path / "data")  # bytes as they are

    manifest = json.loads((report.path / "manifest.json").read_text())
    assert manifest["format"] == "diagnum-backup"
    assert manifest["version"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", manifest["created_at"])
    assert [(m["month"], m["results"]) for m in manifest["months"]] == [
        ("2026-09", 1),
        ("2026-10", 2),
        ("2026-11", 1),
    ]
    for month in manifest["months"]:
        raw = copied[f"{month['month']}.json"]
        assert month["sha256"] == hashlib.sha256(raw).hexdigest()


def test_restore_into_an_empty_store_round_trips(tmp_path: Path) -> None:
    original = _filled(tmp_path / "data")
    original.update("B", {"note": "called back"})
    backup = original.backup(tmp_path / "backups").path

    fresh = ResultStore(tmp_path / "fresh")
    assert fresh.restore(backup) == RestoreReport(4, 0, 0, 0)
    assert fresh.records() == original.records()
    assert ResultStore(tmp_path / "fresh").find("B") == {
        **make_record("B", DAYS["B"]),
        "note": "called back",
        "schema": SCHEMA_VERSION,
    }
    assert sorted(index_entries(tmp_path / "fresh")) == sorted(DAYS)
    # Again: everything is already there, nothing is written.
    before = _month_bytes(tmp_path / "fresh")
    assert fresh.restore(backup) == RestoreReport(0, 4, 0, 0)
    assert _month_bytes(tmp_path / "fresh") == before
    assert fresh.problems == []


def test_restore_adds_only_what_is_missing(tmp_path: Path) -> None:
    store = _filled(tmp_path / "data")
    backup = store.backup(tmp_path / "backups").path
    store.delete("A")
    store.delete("C")
    store.save(make_record("E", "2026-11-20"))
    assert store.restore(backup) == RestoreReport(2, 2, 0, 0)
    assert sorted(r["code"] for r in store.records()) == ["A", "B", "C", "D", "E"]
    assert ResultStore(store.data_dir).find("C") is not None


def test_backups_never_overwrite_each_other(tmp_path: Path) -> None:
    store = _filled(tmp_path / "data")
    first = store.backup(tmp_path / "backups")
    store.save(make_record("E"))
    second = store.backup(tmp_path / "backups")  # usually the same second: a -2 suffix
    assert first.path != second.path
    assert (first.results, second.results) == (4, 5)
    assert ResultStore(tmp_path / "one").restore(first.path).added == 4
    assert ResultStore(tmp_path / "two").restore(second.path).added == 5


def test_damaged_and_set_aside_files_are_not_copied(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = _filled(data_dir)
    results = data_dir / "results"
    (results / "2026-09.json").write_text("damaged")
    (results / "2025-01.json.corrupt-20250301T101010Z").write_text("set aside long ago")
    report = store.backup(tmp_path / "backups")
    assert report.months == ("2026-10", "2026-11")
    assert report.results == 3
    (new_aside,) = results.glob("2026-09.json.corrupt-*")
    assert report.set_aside == ("2025-01.json.corrupt-20250301T101010Z", new_aside.name)
    assert sorted(p.name for p in (report.path / "results").iterdir()) == [
        "2026-10.json",
        "2026-11.json",
    ]


# ------------------------------------------------------------------ conflicts


def test_conflict_without_force_writes_nothing(tmp_path: Path) -> None:
    store = _filled(tmp_path / "data")
    backup = store.backup(tmp_path / "backups").path
    store.update("B", {"note": "newer"})
    store.update("D", {"note": "newer"})
    store.delete("A")
    before = _month_bytes(store.data_dir)
    with pytest.raises(RestoreConflict) as info:
        store.restore(backup)
    assert info.value.codes == ("B", "D")
    message = str(info.value)
    assert message.startswith("2 result(s) in the backup differ from the stored ones (B, D)")
    assert "nothing was restored" in message and "--force" in message and "\n" not in message
    assert _month_bytes(store.data_dir) == before
    assert store.find("A") is None


def test_conflict_with_force_puts_the_backup_version_back(tmp_path: Path) -> None:
    store = _filled(tmp_path / "data")
    backup = store.backup(tmp_path / "backups").path
    store.update("B", {"note": "newer"})
    store.delete("A")
    assert store.restore(backup, force=True) == RestoreReport(1, 2, 1, 0)
    for reader in (store, ResultStore(store.data_dir)):
        found = reader.find("B")
        assert found is not None and "note" not in found
        assert reader.count() == 4


def test_forced_restore_of_a_code_saved_again_under_another_date(tmp_path: Path) -> None:
    store = _filled(tmp_path / "data")
    backup = store.backup(tmp_path / "backups").path
    store.delete("A")
    store.save(make_record("A", "2026-11-25"))  # same code, another month
    with pytest.raises(RestoreConflict):
        store.restore(backup)
    assert store.restore(backup, force=True).replaced == 1
    found = ResultStore(store.data_dir).find("A")
    assert found is not None and found["date"] == DAYS["A"]
    assert [r["code"] for r in store.records()].count("A") == 1
    assert index_entries(store.data_dir)["A"] == "2026-09"


def test_identity_is_by_content_not_by_python_equality(tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "data")
    store.save(make_record("FLAG", flag=1))
    store.save(make_record("ORDER"))
    backup = store.backup(tmp_path / "backups").path
    store.update("FLAG", {"flag": True})  # == 1 in Python, another value in the file
    # The same content with keys in another order (rewritten by hand): identical.
    month = store.results_dir / "2026-11.json"
    content = json.loads(month.read_text())
    for doc_id, doc in content["_default"].items():
        if doc["code"] == "ORDER":
            content["_default"][doc_id] = dict(reversed(doc.items()))
    month.write_text(json.dumps(content))
    with pytest.raises(RestoreConflict) as info:
        store.restore(backup)
    assert info.value.codes == ("FLAG",)


def test_many_conflicts_are_summed_up(tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "data")
    for number in range(8):
        store.save(make_record(f"C{number}"))
    backup = store.backup(tmp_path / "backups").path
    for number in range(8):
        store.update(f"C{number}", {"note": number})
    with pytest.raises(RestoreConflict, match=r"^8 result\(s\) .*\(C0, C1, C2, C3, C4, …\)"):
        store.restore(backup)


# ------------------------------------------------------------------ retention


def test_results_past_the_retention_period_are_not_restored(tmp_path: Path) -> None:
    backup = _filled(tmp_path / "data").backup(tmp_path / "backups").path
    fresh = ResultStore(tmp_path / "fresh")
    report = fresh.restore(backup, older_than=date(2026, 10, 31))
    assert report == RestoreReport(added=2, skipped_identical=0, replaced=0, skipped_expired=2)
    assert sorted(r["code"] for r in fresh.records()) == ["C", "D"]
    assert not (fresh.results_dir / "2026-09.json").exists()


# ---------------------------------------------------------- refused backups


def _refused(store: ResultStore, backup: Path, match: str) -> None:
    before = _month_bytes(store.data_dir)
    with pytest.raises(BackupInvalid, match=match) as info:
        store.restore(backup, force=True)
    assert "\n" not in str(info.value)
    assert _month_bytes(store.data_dir) == before


def test_altered_backup_is_refused(tmp_path: Path) -> None:
    backup = _filled(tmp_path / "data").backup(tmp_path / "backups").path
    target = ResultStore(tmp_path / "target")
    month = backup / "results" / "2026-10.json"
    month.write_bytes(month.read_bytes().replace(b'"mobility": 2', b'"mobility": 0'))
    _refused(target, backup, r"was altered or damaged: results/2026-10\.json does not match")
    assert target.count() == 0


def test_backup_with_a_missing_or_extra_file_is_refused(tmp_path: Path) -> None:
    backup = _filled(tmp_path / "data").backup(tmp_path / "backups").path
    target = ResultStore(tmp_path / "target")
    extra = backup / "results" / "2027-01.json"
    extra.write_text('{"_default": {}}')
    _refused(target, backup, r"was altered: results/2027-01\.json is not in its manifest")
    extra.unlink()
    (backup / "results" / "2026-09.json").unlink()
    _refused(target, backup, r"is incomplete: results/2026-09\.json is missing")


def test_manifest_counts_are_checked(tmp_path: Path) -> None:
    backup = _filled(tmp_path / "data").backup(tmp_path / "backups").path
    manifest_file = backup / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["months"][1]["results"] = 3
    manifest_file.write_text(json.dumps(manifest))
    _refused(ResultStore(tmp_path / "target"), backup, "holds 2 results, its manifest says 3")


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (None, r"is not a Diagnum backup \(it has no manifest\.json\), or .* interrupted"),
        (b"", "manifest.json the file is empty"),
        (b"{not json", "manifest.json invalid JSON"),
        (b"[" * 5000, "manifest.json nested more than"),
        (b'{"format": "something-else"}', "is not a Diagnum backup"),
        (b'{"format": "diagnum-backup", "version": 2, "months": []}', "format version 2"),
        (b'{"format": "diagnum-backup", "version": 1, "months": {}}', "lists no months"),
        (
            b'{"format": "diagnum-backup", "version": 1, "months": [{"month": "../x"}]}',
            "unreadable entry",
        ),
    ],
)
def test_damaged_or_foreign_manifest_is_refused(
    tmp_path: Path, content: bytes | None, match: str
) -> None:
    backup = _filled(tmp_path / "data").backup(tmp_path / "backups").path
    manifest = backup / "manifest.json"
    if content is None:
        manifest.unlink()
    else:
        manifest.write_bytes(content)
    _refused(ResultStore(tmp_path / "target"), backup, match)


def test_missing_or_non_folder_backup_is_refused(tmp_path: Path) -> None:
    target = ResultStore(tmp_path / "target")
    _refused(target, tmp_path / "nowhere", "There is no backup at")
    a_file = tmp_path / "backup.zip"
    a_file.write_text("not a folder")
    _refused(target, a_file, "is a file, not a backup folder")
    _refused(target, tmp_path / "target", "not a Diagnum backup")  # a data folder


def test_backup_into_a_file_is_refused(tmp_path: Path) -> None:
    store = _filled(tmp_path / "data")
    a_file = tmp_path / "backups"
    a_file.write_text("a file where the backups should go")
    with pytest.raises(StoreUnavailable, match="is a file, not a folder: could not back up"):
        store.backup(a_file)
    with pytest.raises(StorageError, match="could not back up the results"):
        store.backup(a_file / "inside")
    assert a_file.read_text() == "a file where the backups should go"


# ------------------------------------------------------------- while writing


@pytest.mark.slow
def test_backup_while_another_process_saves(tmp_path: Path) -> None:
    """Each backup, taken under the lock, loads, verifies, and holds only complete results."""
    data_dir = tmp_path / "data"
    ResultStore(data_dir).save(writer_record("KA", 0))
    saves = 150
    writer = subprocess.Popen(
        [sys.executable, str(HERE / "storage_workers.py"), "writer", str(data_dir), "KB", "150"],
        stderr=subprocess.PIPE,
        text=True,
    )
    store = ResultStore(data_dir, lock_timeout=30)
    backups: list[BackupReport] = []
    # A backup every 15 saves or so while the writer runs, then one after it.
    target = 10
    while writer.poll() is None:
        if store.count() >= target:
            backups.append(store.backup(tmp_path / "backups"))
            target = backups[-1].results + 15
        time.sleep(0.002)
    backups.append(store.backup(tmp_path / "backups"))
    assert writer.wait() == 0, writer.stderr.read() if writer.stderr else ""
    if writer.stderr:
        writer.stderr.close()

    expected = {
        record["code"]: {**record, "schema": SCHEMA_VERSION}
        for record in [writer_record("KA", 0)] + [writer_record("KB", n) for n in range(saves)]
    }
    for number, report in enumerate(backups):
        restored = ResultStore(tmp_path / f"restored{number}")
        assert restored.restore(report.path).added == report.results
        held = restored.records()
        assert len(held) == report.results
        for record in held:
            assert record == expected[record["code"]]
        # A save is acknowledged in order: a backup holds a prefix of the writer's saves.
        numbers = sorted(int(r["code"][2:]) for r in held if r["code"].startswith("KB"))
        assert numbers == list(range(len(numbers)))
    assert backups[-1].results == saves + 1
    assert len(backups) > 1  # at least one taken while the writer was saving

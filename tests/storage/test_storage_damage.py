"""Damage of every kind: a month file is set aside, an index file rebuilt, nothing raises."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from storage_testlib import index_entries, make_record

from storage import InvalidRecord, ResultStore, export_records
from storage.index import shard_of
from storage.layout import month_of_filename
from storage.record import MAX_RECORD_DEPTH

DEEP = b"[" * 5000 + b"]" * 5000
NESTED = b"[" * 150 + b"]" * 150


def _doc_with(value: bytes) -> bytes:
    return b'{"_default": {"1": {"code": "NOV", "date": "2026-11-05", "n": ' + value + b"}}}"


#: Every kind of damage a file can suffer, as the bytes found on disk.
DAMAGE: dict[str, bytes] = {
    "empty": b"",
    "blank": b" \n\t\n",
    "not-utf8": b'{"_default": {"1": {"code": "NOV", "note": "caf\xe9"}}}',
    "truncated": b'{"_default": {"1": {"code": "NOV", "date": "2026-11-',
    "not-json": b"hello, I am not JSON",
    "long-number": _doc_with(b"9" * 4301),
    "too-deep": _doc_with(DEEP),
    "deep": _doc_with(NESTED),
    "nan": _doc_with(b"NaN"),
    "huge-float": _doc_with(b"1e999"),
    "shape-list": b"[1, 2, 3]",
    "shape-table": b'{"_default": [1]}',
    "shape-doc": b'{"_default": {"1": "NOV"}}',
    "shape-id": b'{"_default": {"first": {"code": "NOV"}}}',
}


def _set_up(data_dir: Path, damage: bytes) -> ResultStore:
    """October intact, November damaged; a fresh store as another process would open it."""
    writer = ResultStore(data_dir)
    writer.save(make_record("OCT", "2026-10-05"))
    writer.save(make_record("NOV", "2026-11-05"))
    (data_dir / "results" / "2026-11.json").write_bytes(damage)
    return ResultStore(data_dir)


def _records(store: ResultStore) -> None:
    assert [record["code"] for record in store.records()] == ["OCT"]


def _find(store: ResultStore) -> None:
    assert store.find("NOV") is None
    assert store.find("OCT") is not None


def _save(store: ResultStore) -> None:
    store.save(make_record("NEW", "2026-11-20"))
    assert sorted(record["code"] for record in store.records()) == ["NEW", "OCT"]


def _count(store: ResultStore) -> None:
    assert store.count() == 1


def _export(store: ResultStore) -> None:
    for fmt in ("json", "csv"):
        out = io.StringIO(newline="")
        export_records(store.records(), fmt, out)
        assert "OCT" in out.getvalue() and "NOV" not in out.getvalue()


def _purge_plan(store: ResultStore) -> None:
    plan = store.purge_plan(date(2026, 11, 1))
    assert (plan.total, plan.to_delete) == (1, 1)


def _update_delete_purge(store: ResultStore) -> None:
    assert store.update("NOV", {"x": 1}) is False
    assert store.update("OCT", {"x": 1}) is True
    assert store.delete("NOV") is False
    assert store.purge(date(2026, 10, 1)) == 0


OPERATIONS: dict[str, Callable[[ResultStore], None]] = {
    "records": _records,
    "find": _find,
    "save": _save,
    "count": _count,
    "export": _export,
    "purge_plan": _purge_plan,
    "update-delete-purge": _update_delete_purge,
}


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_month_is_set_aside_whatever_the_damage(
    data_dir: Path, kind: str, operation: str
) -> None:
    store = _set_up(data_dir, DAMAGE[kind])
    OPERATIONS[operation](store)  # must not raise, and sees October only

    results = data_dir / "results"
    set_aside = list(results.glob("2026-11.json.corrupt-*"))
    assert len(set_aside) == 1
    assert set_aside[0].read_bytes() == DAMAGE[kind]  # kept as found, for inspection
    assert len(store.problems) == 1
    assert "2026-11.json was damaged" in store.problems[0]
    assert set_aside[0].name in store.problems[0]
    assert "\n" not in store.problems[0]
    # The month's codes left the index with the file; October's stay.
    assert "NOV" not in index_entries(data_dir)
    assert ResultStore(data_dir).find("OCT") is not None


@pytest.mark.parametrize("kind", DAMAGE)
def test_damage_found_by_a_read_only_reader_is_reported(data_dir: Path, kind: str) -> None:
    """A reader that cannot set the file aside still answers, without raising."""
    store = _set_up(data_dir, DAMAGE[kind])
    results = data_dir / "results"
    lock = results / ".lock"
    lock.unlink()
    lock.mkdir()  # the lock cannot be taken: setting aside is impossible
    try:
        assert [record["code"] for record in store.records()] == ["OCT"]
        assert store.count() == 1
        assert store.find("NOV") is None
        assert "could not be set aside now" in store.problems[0]
        assert (results / "2026-11.json").read_bytes() == DAMAGE[kind]
    finally:
        lock.rmdir()


INDEX_DAMAGE = {**DAMAGE, "not-a-month": b'{"C3": "../../elsewhere"}'}


def _indexed_store(data_dir: Path) -> list[str]:
    store = ResultStore(data_dir)
    codes = [f"C{number}" for number in range(12)]
    for number, code in enumerate(codes):
        store.save(make_record(code, f"2026-{number % 6 + 1:02d}-03"))
    return codes


@pytest.mark.parametrize("kind", INDEX_DAMAGE)
def test_damaged_index_shard_is_rebuilt(data_dir: Path, kind: str) -> None:
    codes = _indexed_store(data_dir)
    shard = data_dir / "results" / "index" / f"{shard_of('C3'):02d}.json"
    shard.write_bytes(INDEX_DAMAGE[kind])

    reader = ResultStore(data_dir)
    assert all(reader.find(code) is not None for code in codes)
    assert reader.find("MISSING") is None
    assert any("index was damaged" in note for note in reader.problems)
    assert json.loads(shard.read_bytes())["C3"] == "2026-04"
    assert reader.count() == len(codes)
    reader.save(make_record("LATER"))
    assert ResultStore(data_dir).find("LATER") is not None


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_index_months_file_is_rebuilt(data_dir: Path, kind: str) -> None:
    codes = _indexed_store(data_dir)
    months_file = data_dir / "results" / "index" / "months.json"
    months_file.write_bytes(DAMAGE[kind])

    reader = ResultStore(data_dir)
    assert all(reader.find(code) is not None for code in codes)
    assert reader.find("MISSING") is None
    assert reader.purge(date(2026, 2, 1)) == 2
    meta = json.loads(months_file.read_bytes())
    assert sorted(meta["months"]) == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


# ------------------------------------- the store never writes what it reads as damage


def _nested(levels: int) -> object:
    value: object = "bottom"
    for _ in range(levels):
        value = [value]
    return value


def test_deepest_acceptable_record_is_saved_and_read_back(store: ResultStore) -> None:
    deepest = _nested(MAX_RECORD_DEPTH - 1)  # the record itself is one level
    store.save(make_record("DEEP", extra=deepest))
    store.update("DEEP", {"more": deepest})
    reader = ResultStore(store.data_dir)
    found = reader.find("DEEP")
    assert found is not None and found["extra"] == deepest and found["more"] == deepest
    export_records(reader.records(), "csv", io.StringIO(newline=""))
    assert reader.problems == []


def test_records_the_store_could_not_read_back_are_refused(store: ResultStore) -> None:
    store.save(make_record("A"))
    too_deep = _nested(MAX_RECORD_DEPTH)
    with pytest.raises(InvalidRecord, match="nests more than 98 levels"):
        store.save(make_record("B", extra=too_deep))
    with pytest.raises(InvalidRecord, match="nests more than 98 levels"):
        store.update("A", {"extra": too_deep})
    with pytest.raises(InvalidRecord, match="cannot be stored as JSON"):
        store.save(make_record("C", big=10**5000))
    assert [record["code"] for record in ResultStore(store.data_dir).records()] == ["A"]


def test_only_plain_month_names_are_month_files(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("NOV"))
    results = data_dir / "results"
    for name in ["2026-10.json\n", "٢٠٢٦-١٠.json", "2026-13.json", "2026-10.json.bak"]:
        (results / name).write_text("not a month file")
    assert month_of_filename("2026-10.json\n") is None
    assert [record["code"] for record in store.records()] == ["NOV"]
    assert store.count() == 1
    assert store.problems == []

"""ResultStore API: save, find, records, update, delete, purge, count."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from storage_testlib import leftover_temp_files, make_record
from tinydb import TinyDB

from storage import SCHEMA_VERSION, DuplicateCode, InvalidRecord, ResultStore


def results(data_dir: Path) -> Path:
    return data_dir / "results"


# ------------------------------------------------------------------- save/find


def test_save_then_find_returns_record_with_schema(store: ResultStore) -> None:
    record = make_record()
    store.save(record)
    assert store.find("K7M4QX") == {**record, "schema": SCHEMA_VERSION}
    assert "schema" not in record  # the caller's dict is left alone


def test_find_unknown_code_is_none(store: ResultStore) -> None:
    assert store.find("NOPE00") is None
    store.save(make_record())
    assert store.find("NOPE00") is None


def test_save_writes_one_plain_tinydb_file_per_month(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("A1", "2026-10-31"))
    store.save(make_record("B2", "2026-11-01"))
    store.save(make_record("C3", "2026-11-30"))
    month_files = sorted(p.name for p in results(data_dir).glob("*.json"))
    assert month_files == ["2026-10.json", "2026-11.json"]
    # Readable by stock TinyDB: the format stays standard.
    with TinyDB(results(data_dir) / "2026-11.json") as plain:
        assert sorted(doc["code"] for doc in plain.all()) == ["B2", "C3"]
    assert leftover_temp_files(data_dir) == []


def test_returned_records_are_copies(store: ResultStore) -> None:
    record = make_record()
    store.save(record)
    record["answers"]["q01"].append("mutated after save")
    found = store.find("K7M4QX")
    assert found is not None
    assert found["answers"]["q01"] == ["a", "b"]
    found["answers"]["q01"].append("mutated after find")
    store.records()[0]["levels"]["mobility"] = 99
    assert store.find("K7M4QX") == {**make_record(), "schema": SCHEMA_VERSION}


def test_saving_the_same_record_twice_is_a_no_op(store: ResultStore) -> None:
    store.save(make_record())
    store.save(make_record())
    assert store.count() == 1


def test_different_record_with_existing_code_is_refused(store: ResultStore) -> None:
    store.save(make_record())
    with pytest.raises(DuplicateCode, match="K7M4QX"):
        store.save(make_record(levels={"mobility": 0}))
    with pytest.raises(DuplicateCode):  # even in another month
        store.save(make_record(day="2025-01-01"))
    assert store.count() == 1


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"date": "2026-11-05", "created_at": "2026-11-05T10:00:00"}, "no code"),
        (make_record(code=""), "no code"),
        (make_record(code=" K7 "), "not valid"),
        (make_record(code=123), "no code"),
        (make_record(date="05/11/2026"), "no valid date"),
        (make_record(date="2026-02-30"), "no valid date"),
        ({**make_record(), "date": None}, "no valid date"),
        (make_record(created_at="yesterday"), "no valid created_at"),
        (make_record(extra={1, 2}), "cannot be stored as JSON"),
        (make_record(score=float("nan")), "cannot be stored as JSON"),
        (make_record(schema=SCHEMA_VERSION + 1), "schema"),
        (make_record(schema="one"), "schema"),
    ],
)
def test_invalid_records_are_refused_before_writing(
    store: ResultStore, data_dir: Path, record: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidRecord, match=message) as info:
        store.save(record)
    assert "\n" not in str(info.value)
    assert list(results(data_dir).glob("*.json")) == []


def test_save_refuses_non_dict(store: ResultStore) -> None:
    with pytest.raises(InvalidRecord, match="must be a dict"):
        store.save(["code"])  # type: ignore[arg-type]


def test_saving_an_old_schema_record_upgrades_it(store: ResultStore) -> None:
    old = make_record(schema=0)
    old["responses"] = old.pop("answers")
    store.save(old)
    found = store.find("K7M4QX")
    assert found is not None
    assert found["schema"] == SCHEMA_VERSION
    assert found["answers"] == make_record()["answers"]
    assert "responses" not in found


def test_missing_data_directory_is_created(tmp_path: Path) -> None:
    data_dir = tmp_path / "deep" / "er" / "data"
    store = ResultStore(data_dir)
    store.save(make_record())
    assert (data_dir / "results" / "2026-11.json").is_file()


# --------------------------------------------------------------------- records


def test_records_sorted_by_created_at_across_months_and_offsets(store: ResultStore) -> None:
    # 10:00+01:00 is 09:00 UTC: it comes before 09:30Z although it sorts after as text.
    store.save(make_record("UTC0900", "2026-11-05", created_at="2026-11-05T10:00:00+01:00"))
    store.save(make_record("UTC0930", "2026-11-05", created_at="2026-11-05T09:30:00+00:00"))
    store.save(make_record("UTC0859", "2026-11-05", created_at="2026-11-05T08:59:00Z"))
    store.save(make_record("OCTOBER", "2026-10-20", created_at="2026-10-20T18:00:00+02:00"))
    codes = [r["code"] for r in store.records()]
    assert codes == ["OCTOBER", "UTC0859", "UTC0900", "UTC0930"]


def test_records_date_range_is_inclusive(store: ResultStore) -> None:
    for code, day in [
        ("A", "2026-09-30"),
        ("B", "2026-10-01"),
        ("C", "2026-10-31"),
        ("D", "2026-11-01"),
    ]:
        store.save(make_record(code, day))
    assert [r["code"] for r in store.records(date(2026, 10, 1), date(2026, 10, 31))] == ["B", "C"]
    assert [r["code"] for r in store.records(since=date(2026, 10, 31))] == ["C", "D"]
    assert [r["code"] for r in store.records(until=date(2026, 9, 30))] == ["A"]
    assert store.records(date(2027, 1, 1)) == []


def test_records_of_empty_store(store: ResultStore) -> None:
    assert store.records() == []
    assert store.count() == 0


def test_records_are_migrated_on_read(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("NEW1"))
    # A schema 0 record as an early prototype wrote it (no "schema", "responses").
    path = results(data_dir) / "2026-11.json"
    content = json.loads(path.read_text())
    content["_default"]["2"] = {
        "code": "OLD0",
        "date": "2026-11-02",
        "created_at": "2026-11-02T10:00:00",
        "responses": {"q01": ["b"]},
    }
    path.write_text(json.dumps(content))
    old = store.find("OLD0")
    assert old == {
        "code": "OLD0",
        "date": "2026-11-02",
        "created_at": "2026-11-02T10:00:00",
        "answers": {"q01": ["b"]},
        "schema": SCHEMA_VERSION,
    }
    assert [r["schema"] for r in store.records()] == [1, 1]
    # Stored as is until rewritten: migration happens on read.
    assert "responses" in json.loads(path.read_text())["_default"]["2"]
    assert store.update("OLD0", {"note": "seen"})
    stored = json.loads(path.read_text())["_default"]["2"]
    assert stored["schema"] == SCHEMA_VERSION and "responses" not in stored


# ---------------------------------------------------------------------- update


def test_update_changes_fields(store: ResultStore) -> None:
    store.save(make_record())
    assert store.update("K7M4QX", {"adviser_note": "call back", "levels": {"mobility": 3}})
    found = store.find("K7M4QX")
    assert found is not None
    assert found["adviser_note"] == "call back"
    assert found["levels"] == {"mobility": 3}
    assert found["answers"] == make_record()["answers"]


def test_update_is_persisted_for_another_store(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record())
    store.update("K7M4QX", {"flag": 1})
    store.update("K7M4QX", {"flag": True})  # 1 == True: must still be rewritten
    other = ResultStore(data_dir)
    found = other.find("K7M4QX")
    assert found is not None and found["flag"] is True


def test_update_unknown_code_is_false(store: ResultStore) -> None:
    assert store.update("NOPE", {"x": 1}) is False
    store.save(make_record())
    assert store.update("NOPE", {"x": 1}) is False


def test_update_cannot_move_or_rename_a_record(store: ResultStore) -> None:
    store.save(make_record())
    with pytest.raises(InvalidRecord, match="date"):
        store.update("K7M4QX", {"date": "2026-12-01"})
    with pytest.raises(InvalidRecord, match="code"):
        store.update("K7M4QX", {"code": "OTHER"})
    with pytest.raises(InvalidRecord, match="schema"):
        store.update("K7M4QX", {"schema": 7})
    with pytest.raises(InvalidRecord, match="created_at"):
        store.update("K7M4QX", {"created_at": "later"})
    assert store.update("K7M4QX", {"date": "2026-11-05", "code": "K7M4QX"})  # unchanged: fine
    assert store.find("K7M4QX") == {**make_record(), "schema": SCHEMA_VERSION}


# ---------------------------------------------------------------------- delete


def test_delete(store: ResultStore) -> None:
    store.save(make_record("A"))
    store.save(make_record("B"))
    assert store.delete("A") is True
    assert store.find("A") is None
    assert store.delete("A") is False
    assert [r["code"] for r in store.records()] == ["B"]
    assert store.count() == 1


def test_code_can_be_reused_after_delete(store: ResultStore) -> None:
    store.save(make_record())
    store.delete("K7M4QX")
    store.save(make_record(day="2026-12-01"))
    found = store.find("K7M4QX")
    assert found is not None and found["date"] == "2026-12-01"


# ----------------------------------------------------------------------- purge


def test_purge_deletes_whole_old_months_and_rewrites_partial_one(
    store: ResultStore, data_dir: Path
) -> None:
    days = ["2025-12-31", "2026-01-01", "2026-01-15", "2026-02-10", "2026-02-20", "2026-03-01"]
    for number, day in enumerate(days):
        store.save(make_record(f"R{number}", day))
    assert store.purge(date(2026, 2, 15)) == 4
    assert sorted(p.name for p in results(data_dir).glob("*.json")) == [
        "2026-02.json",
        "2026-03.json",
    ]
    assert [r["code"] for r in store.records()] == ["R4", "R5"]
    for code in ["R0", "R1", "R2", "R3"]:
        assert store.find(code) is None
    assert store.count() == 2
    assert store.purge(date(2026, 2, 15)) == 0
    assert leftover_temp_files(data_dir) == []


def test_purged_codes_leave_the_index(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("OLD", "2020-01-01"))
    store.save(make_record("NEW", "2026-01-01"))
    store.purge(date(2021, 1, 1))
    index_text = "".join(p.read_text() for p in (results(data_dir) / "index").glob("*.json"))
    assert "OLD" not in index_text
    assert "NEW" in index_text


def test_purge_nothing(store: ResultStore) -> None:
    assert store.purge(date(2026, 1, 1)) == 0
    store.save(make_record())
    assert store.purge(date(2026, 11, 5)) == 0
    assert store.purge(date(2026, 11, 6)) == 1


# ----------------------------------------------------------------------- count


def test_count_follows_other_processes(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("A"))
    assert store.count() == 1
    other = ResultStore(data_dir)
    other.save(make_record("B"))
    other.save(make_record("C", "2026-12-01"))
    assert store.count() == 3
    other.delete("A")
    assert store.count() == 2


def test_two_stores_interleave_writes_on_the_same_month(data_dir: Path) -> None:
    first, second = ResultStore(data_dir), ResultStore(data_dir)
    for number in range(10):
        (first if number % 2 else second).save(make_record(f"C{number}"))
    first.update("C2", {"seen": True})
    second.update("C3", {"seen": True})
    second.delete("C4")
    for reader in (first, second, ResultStore(data_dir)):
        codes = [r["code"] for r in reader.records()]
        assert sorted(codes) == sorted(f"C{n}" for n in range(10) if n != 4)
        assert reader.find("C2") == {**make_record("C2"), "schema": 1, "seen": True}
        assert reader.find("C3") == {**make_record("C3"), "schema": 1, "seen": True}


def test_records_written_by_hand_are_found(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("A"))
    store.find("A")
    # An adviser restores a month file from elsewhere, bypassing the index.
    with TinyDB(results(data_dir) / "2026-10.json") as plain:
        plain.insert({**make_record("HAND", "2026-10-10"), "schema": 1})
    found = store.find("HAND")
    assert found is not None and found["code"] == "HAND"
    assert ResultStore(data_dir).find("HAND") is not None
    assert store.delete("HAND")
    assert store.find("HAND") is None


def test_purge_removes_month_files_left_empty(store: ResultStore, data_dir: Path) -> None:
    store.save(make_record("A", "2020-03-03"))
    store.delete("A")
    assert (results(data_dir) / "2020-03.json").exists()
    assert store.purge(date(2021, 1, 1)) == 0
    assert not (results(data_dir) / "2020-03.json").exists()


@pytest.mark.parametrize("code", ["", None, 42])
def test_lookups_with_unusable_codes(store: ResultStore, code: object) -> None:
    store.save(make_record())
    assert store.find(code) is None  # type: ignore[arg-type]
    assert store.update(code, {"x": 1}) is False  # type: ignore[arg-type]
    assert store.delete(code) is False  # type: ignore[arg-type]

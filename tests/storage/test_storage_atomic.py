"""Crash-safe writes and the TinyDB storage built on them."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from storage.atomic import (
    AtomicJSONStorage,
    _existing_lines,
    atomic_write,
    decode_tables,
    is_temp_name,
)
from storage.errors import CorruptFile, StorageError, StoreFull
from storage.safejson import _may_be_too_deep


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    atomic_write(target, b"first", action="test")
    atomic_write(target, b"second, longer", action="test")
    assert target.read_bytes() == b"second, longer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.json"]


def test_atomic_write_respects_umask_not_0600(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    atomic_write(target, b"x", action="test")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_failed_write_leaves_target_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "file.json"
    atomic_write(target, b"original", action="test")

    def fail(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, failing, fail)
        with pytest.raises(StoreFull, match="disk is full"):
            atomic_write(target, b"new content", action="save the result")
    assert target.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.json"]


def test_temp_names() -> None:
    assert is_temp_name(".2026-11.json.0123456789ab.tmp")
    assert not is_temp_name("2026-11.json")
    assert not is_temp_name(".lock")


DEEP = b"[" * 5000 + b"]" * 5000  # the parser itself gives up (RecursionError)
NESTED = b"[" * 150 + b"]" * 150  # parses, but exporting it could hit the recursion limit


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the file is empty"),
        (b" \n\t\r\n", "holds only blanks"),
        (b"{", "invalid JSON"),
        (b"\xff\xfe", "not UTF-8 text at byte 0"),
        (b'{"_default": {"1": {"code": "\xe9"}}}', "not UTF-8"),
        (b"\xef\xbb\xbf{}", "invalid JSON"),  # a byte-order mark: not what the store writes
        (b'{"_default": {"1": {"n": ' + b"7" * 5000 + b"}}}", "a number is too long"),
        (b'{"_default": {"1": {"n": ' + DEEP + b"}}}", "nested more than 100 levels"),
        (b'{"_default": {"1": {"n": ' + NESTED + b"}}}", "nested more than 100 levels"),
        (b'{"_default": {"1": {"n": NaN}}}', "NaN is not a number"),
        (b'{"_default": {"1": {"n": -Infinity}}}', "-Infinity is not a number"),
        (b'{"_default": {"1": {"n": 1e999}}}', "too large"),
        (b"[]", "not a TinyDB database"),
        (b"5", "not a TinyDB database"),
        (b'{"_default": []}', "table"),
        (b'{"_default": {"x": {}}}', "not a TinyDB document"),
        (b'{"_default": {"1": 5}}', "not a TinyDB document"),
        (b'{"_default": {"' + b"1" * 5000 + b'": {}}}', "not a TinyDB document"),
    ],
)
def test_decode_rejects_damaged_content(tmp_path: Path, raw: bytes, reason: str) -> None:
    with pytest.raises(CorruptFile, match=reason) as info:
        decode_tables(raw, tmp_path / "2026-11.json")
    assert str(info.value).startswith("The results file 2026-11.json is damaged")
    assert "\n" not in str(info.value)


def test_deep_nesting_spread_over_lines_is_found(tmp_path: Path) -> None:
    """Pretty-printed: one bracket per line, so only a walk of the values can tell."""
    deep: object = 1
    for _ in range(120):
        deep = {"a": [deep]}
    raw = json.dumps({"_default": {"1": {"n": deep}}}, indent=1).encode()
    with pytest.raises(CorruptFile, match="nested more than 100 levels"):
        decode_tables(raw, tmp_path / "2026-11.json")


def test_files_in_the_store_layout_are_not_walked(tmp_path: Path) -> None:
    """The cheap line bound is enough for what AtomicJSONStorage writes, tables included."""
    storage = AtomicJSONStorage(tmp_path / "db.json")
    db = _db(storage)
    for number in range(60):
        db.insert({"code": f"C{number}", "answers": {"q": [["a"], ["b"]]}})
        db.table("other").insert({"n": [number]})
    raw = (tmp_path / "db.json").read_bytes()
    assert raw.count(b"[") > 100
    assert not _may_be_too_deep(raw, json.loads(raw))
    pretty = json.dumps(json.loads(raw), indent=1).encode()
    assert _may_be_too_deep(pretty, json.loads(pretty))


def test_decode_accepts_what_the_store_writes(tmp_path: Path) -> None:
    nested = {"a": [[{"b": [1.5, -2, None, True, "é\U0001f600"]}]]}
    raw = json.dumps({"_default": {"1": nested}}).encode()
    assert decode_tables(raw, tmp_path / "x.json") == {"_default": {"1": nested}}
    assert decode_tables(b"{}", tmp_path / "x.json") == {}
    # Deep but acceptable nesting, written on one line as stock TinyDB does.
    deep = b"[" * 90 + b"]" * 90
    assert decode_tables(b'{"t": {"1": {"n": ' + deep + b"}}}", tmp_path / "x.json")


def _db(storage: AtomicJSONStorage) -> TinyDB:
    return TinyDB(storage=lambda: storage)


def test_tinydb_operations_through_the_storage(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    db = _db(storage)
    db.insert({"code": "A", "n": 1, "nested": {"list": [1, 2]}})
    db.insert({"code": "B", "n": 2})
    db.update({"n": 3}, doc_ids=[1])
    db.remove(doc_ids=[2])
    db.insert({"code": "C", "n": 1})
    expected = {"1": {"code": "A", "n": 3, "nested": {"list": [1, 2]}}, "3": {"code": "C", "n": 1}}
    assert json.loads(path.read_text()) == {"_default": expected}
    # Readable by the stock storage, and by a cold instance of ours.
    with TinyDB(path, storage=JSONStorage, access_mode="r") as plain:
        assert [doc["code"] for doc in plain.all()] == ["A", "C"]
    assert AtomicJSONStorage(path).read() == {"_default": expected}


def test_serialisation_cache_never_hides_a_change(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    db = _db(storage)
    for number in range(20):
        db.insert({"code": f"C{number}", "value": number})
    # Equal under == but not the same JSON: must be rewritten.
    db.update({"value": True}, doc_ids=[2])
    db.update({"value": 0.0}, doc_ids=[1])
    db.update({"extra": [1]}, doc_ids=[3])
    fresh = json.loads(path.read_text())["_default"]
    assert fresh["2"]["value"] is True
    assert isinstance(fresh["1"]["value"], float)
    assert fresh["3"] == {"code": "C2", "value": 2, "extra": [1]}
    assert fresh["4"] == {"code": "C3", "value": 3}


def test_read_hands_out_copies(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    _db(storage).insert({"code": "A", "n": 1})
    first = storage.read()
    assert first is not None
    first["_default"]["1"]["n"] = 99
    first["_default"]["2"] = {"code": "intruder"}
    assert storage.read() == {"_default": {"1": {"code": "A", "n": 1}}}


def test_change_by_another_writer_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    mine, theirs = AtomicJSONStorage(path), AtomicJSONStorage(path)
    _db(mine).insert({"code": "A"})
    _db(theirs).insert({"code": "B"})
    _db(mine).insert({"code": "C"})
    assert [doc["code"] for doc in _db(theirs).all()] == ["A", "B", "C"]
    # Same size, same inode number possible: content is what counts.
    path.write_text(path.read_text().replace('"A"', '"Z"'))
    assert [doc["code"] for doc in _db(mine).all()] == ["Z", "B", "C"]


def test_failed_write_drops_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    _db(storage).insert({"code": "A"})

    def fail(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", fail)
        with pytest.raises(StorageError):
            _db(storage).insert({"code": "B"})
    assert [doc["code"] for doc in _db(storage).all()] == ["A"]


def test_change_that_was_not_written_is_forgotten(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    db = _db(storage)
    db.insert({"code": "A", "n": 1})

    def change_then_fail(doc: dict[str, Any]) -> None:
        doc["n"] = 2  # changed in place...
        raise RuntimeError("...then the update fails before anything is written")

    with pytest.raises(RuntimeError):
        db.update(change_then_fail, doc_ids=[1])
    assert db.all() == [{"code": "A", "n": 1}]
    db.insert({"code": "B"})
    assert json.loads(path.read_text())["_default"]["1"] == {"code": "A", "n": 1}


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: doc.__setitem__("n", 2),
        lambda doc: doc.update(n=2),
        lambda doc: doc.__ior__({"n": 2}),
        lambda doc: doc.setdefault("extra", 2),
        lambda doc: doc.pop("n"),
        lambda doc: doc.popitem(),
        lambda doc: doc.__delitem__("n"),
        lambda doc: doc.clear(),
    ],
)
def test_every_in_place_change_is_written(tmp_path: Path, change: Any) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    _db(storage).insert({"code": "A", "n": 1})
    _db(storage).insert({"code": "B", "n": 1})
    data = storage.read()
    assert data is not None
    change(data["_default"]["1"])
    expected = dict(data["_default"]["1"])
    storage.write(data)
    on_disk = json.loads(path.read_text())["_default"]
    assert on_disk["1"] == expected
    assert on_disk["2"] == {"code": "B", "n": 1}


def test_month_written_by_another_process_is_not_reserialised(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    theirs = AtomicJSONStorage(path)
    for number in range(5):
        _db(theirs).insert({"code": f"C{number}", "text": 'é\n"quoted"'})
    before = path.read_bytes()
    lines = _existing_lines(before, decode_tables(before, path))
    assert list(lines["_default"]) == ["1", "2", "3", "4", "5"]
    assert b"".join(lines["_default"].values()).replace(b"\n", b",\n")[1:] in before

    mine = AtomicJSONStorage(path)
    _db(mine).update({"text": "changed"}, doc_ids=[3])
    after = json.loads(path.read_bytes())["_default"]
    assert after["3"] == {"code": "C2", "text": "changed"}
    assert after["5"] == {"code": "C4", "text": 'é\n"quoted"'}
    assert path.read_bytes().count(b"\n") == before.count(b"\n")  # still one line each


@pytest.mark.parametrize(
    "content",
    [
        {"_default": {"1": {"a": 1}, "2": {"a": 2}}},  # stock TinyDB layout: one line
        {"_default": {"1": {"a": 1}}, "other": {"1": {"b": 2}}},
    ],
)
def test_other_layouts_are_serialised_again(tmp_path: Path, content: dict[str, Any]) -> None:
    path = tmp_path / "db.json"
    raw = json.dumps(content).encode()
    path.write_bytes(raw)
    assert _existing_lines(raw, decode_tables(raw, path)) == {}
    storage = AtomicJSONStorage(path)
    _db(storage).insert({"a": 3})
    assert {"a": 3} in json.loads(path.read_bytes())["_default"].values()
    assert AtomicJSONStorage(path).read() == json.loads(path.read_bytes())

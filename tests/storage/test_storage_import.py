"""Moving results between PCs: export here, import there, twice harmlessly, damaged
lines named and skipped; and an export that streams (memory flat in the results)."""

from __future__ import annotations

import io
import json
import os
import threading
import tracemalloc
from pathlib import Path
from typing import Any, Literal

import pytest
from storage_testlib import make_record

from storage import ImportUnreadable, ResultStore, export_store, read_export


def records(count: int, months: int = 3) -> list[dict[str, Any]]:
    return [
        make_record(
            f"K{n:05d}", f"2026-{1 + n % months:02d}-{1 + n % 28:02d}", levels={"digital": n % 4}
        )
        for n in range(count)
    ]


def write_export(path: Path, items: list[dict[str, Any]]) -> None:
    source = ResultStore(path.parent / "source")
    source.import_records(read_lines(items))
    with path.open("w", encoding="utf-8") as file:
        export_store(source, "json", file)


def read_lines(items: list[dict[str, Any]]) -> Any:
    from storage.import_file import ExportLine

    return (ExportLine(n + 1, record=dict(item)) for n, item in enumerate(items))


def month_bytes(store: ResultStore) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.results_dir.glob("*.json"))}


def test_an_export_imported_twice_adds_once_and_changes_nothing(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    write_export(export, records(30))
    store = ResultStore(tmp_path / "adviser")
    first = store.import_records(read_export(export))
    assert (first.added, first.already_here, first.damaged) == (30, 0, [])
    exported = json.loads(export.read_text())  # valid JSON for any other tool
    assert sorted(exported, key=lambda r: r["code"]) == sorted(
        store.records(), key=lambda r: r["code"]
    )
    before = month_bytes(store)
    second = store.import_records(read_export(export))
    assert (second.added, second.already_here, second.differs) == (0, 30, 0)
    assert month_bytes(store) == before
    assert store.find("K00007") is not None  # the index knows imported codes


def test_damaged_lines_are_named_and_the_rest_is_imported(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    write_export(export, records(10))
    lines = export.read_text(encoding="utf-8").splitlines()
    lines[2] = '{"code": "K00001", "date": '  # cut in the middle
    lines[5] = '"just a string",'
    lines[7] = json.dumps({**json.loads(lines[7].rstrip(",")), "date": "yesterday"}) + ","
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ResultStore(tmp_path / "adviser").import_records(read_export(export))
    assert [line for line, _ in report.damaged] == [3, 6, 8]
    assert report.damaged[0][1] == "damaged JSON"
    assert "not a result" in report.damaged[1][1]
    assert "date" in report.damaged[2][1]
    assert report.added == 7


def test_json_lines_and_the_old_pretty_export_are_read(tmp_path: Path) -> None:
    items = records(4)
    jsonl = tmp_path / "lines.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    assert ResultStore(tmp_path / "a").import_records(read_export(jsonl)).added == 4
    pretty = tmp_path / "old.json"
    text = json.dumps(items, indent=2)
    # The third record loses a quote: only it is skipped, named by its first line.
    third = text.index('"code": "K00002"')
    pretty.write_text(text[:third] + text[third + 1 :], encoding="utf-8")
    report = ResultStore(tmp_path / "b").import_records(read_export(pretty))
    starts = [n for n, line in enumerate(pretty.read_text().splitlines(), 1) if line == "  {"]
    assert report.damaged == [(starts[2], "damaged JSON")]
    assert report.added == 3


def test_a_different_result_with_the_same_code_keeps_this_pcs_version(tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "adviser")
    mine = make_record("K00001", "2026-01-02", person="P-0001")
    store.save(mine)
    export = tmp_path / "export.json"
    write_export(export, [make_record("K00001", "2026-01-02"), make_record("K00002")])
    report = store.import_records(read_export(export))
    assert (report.added, report.differs) == (1, 1)
    assert store.find("K00001")["person"] == "P-0001"  # type: ignore[index]


def test_what_is_not_an_export_gets_one_clear_line(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(200))
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    cases = {
        folder: "is a folder",
        binary: "not an export",
        empty: "is empty",
        tmp_path / "missing.json": "does not exist",
        fifo: "not a regular file",
    }
    for path, words in cases.items():
        outcome: list[BaseException] = []

        def attempt(path: Path = path, outcome: list[BaseException] = outcome) -> None:
            try:
                list(read_export(path))
            except ImportUnreadable as error:
                outcome.append(error)

        reader = threading.Thread(target=attempt, daemon=True)
        reader.start()
        reader.join(5)  # a FIFO must never block the import
        assert outcome and words in str(outcome[0]), path


def test_a_long_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text("[\n" + json.dumps(make_record()) + ",\n" + "x" * 600_000 + "\n]\n")
    report = ResultStore(tmp_path / "adviser").import_records(read_export(export))
    assert report.added == 1
    assert report.damaged == [(3, "line too long: not a result")]


def peak_of_export(store: ResultStore, fmt: Literal["csv", "json"]) -> int:
    with open(os.devnull, "w", encoding="utf-8", newline="") as nowhere:
        tracemalloc.start()
        try:
            export_store(store, fmt, nowhere)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_holds_one_month_at_a_time(tmp_path: Path, fmt: Literal["csv", "json"]) -> None:
    small, large = ResultStore(tmp_path / "small"), ResultStore(tmp_path / "large")
    small.import_records(read_lines(records(400, months=2)))
    large.import_records(read_lines(records(2_400, months=12)))  # 6 times more, same months
    assert peak_of_export(large, fmt) < 2 * peak_of_export(small, fmt)
    out = io.StringIO()
    assert export_store(large, fmt, out) == 2_400

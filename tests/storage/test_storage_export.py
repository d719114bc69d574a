"""CSV and JSON export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from storage_testlib import make_record

from storage import export_records
from storage.export import FIXED_COLUMNS, flatten_record


def export_csv(records: list[dict[str, Any]]) -> list[list[str]]:
    out = io.StringIO(newline="")
    export_records(records, "csv", out)
    return list(csv.reader(io.StringIO(out.getvalue(), newline="")))


def test_csv_columns_fixed_first_then_sorted_union() -> None:
    first = {**make_record("A"), "schema": 1}
    second = {**make_record("B"), "schema": 1, "adviser_note": "ok", "levels": {"health": 1}}
    header, *rows = export_csv([first, second])
    assert header == [
        *FIXED_COLUMNS,
        "adviser_note",
        "answers.q01",
        "answers.q02",
        "answers.q03",
        "levels.digital",
        "levels.health",
        "levels.mobility",
    ]
    assert rows[0] == [
        "A", "2026-11-05", "2026-11-05T10:00:00+01:00", "diagnostic-emploi", "1.2", "fr", "1",
        "", "a|b", "c", "", "4", "", "2",
    ]  # fmt: skip
    assert rows[1][len(FIXED_COLUMNS)] == "ok"
    assert rows[1][header.index("levels.health")] == "1"
    assert rows[1][header.index("levels.mobility")] == ""


def test_csv_of_no_records_has_the_fixed_header() -> None:
    assert export_csv([]) == [list(FIXED_COLUMNS)]


def test_flatten_values() -> None:
    row = flatten_record(
        {
            "code": "X",
            "flag": True,
            "none": None,
            "ratio": 0.5,
            "deep": {"a": {"b": [1, "two"]}},
            "empty": {},
            "objects": [{"k": "v"}, 3],
            "text": 'a,b "quoted"\nnew line',
        }
    )
    assert row == {
        "code": "X",
        "flag": "true",
        "none": "",
        "ratio": "0.5",
        "deep.a.b": "1|two",
        "empty": "",
        "objects": '{"k": "v"}|3',
        "text": 'a,b "quoted"\nnew line',
    }


def test_csv_quotes_awkward_text() -> None:
    record = make_record(answers={"free": ["a, b", 'say "hi"', "line\nbreak", "é"]})
    header, row = export_csv([record])
    assert row[header.index("answers.free")] == 'a, b|say "hi"|line\nbreak|é'


def test_json_export_is_the_list_of_records() -> None:
    records = [make_record("A"), make_record("B", answers={"q": ["é"]})]
    out = io.StringIO()
    export_records(records, "json", out)
    assert json.loads(out.getvalue()) == records
    assert "é" in out.getvalue()


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="Unknown export format 'xml'"):
        export_records([], "xml", io.StringIO())  # type: ignore[arg-type]

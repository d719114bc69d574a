"""Property tests: any JSON-able record round-trips through the store and exports."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import SCHEMA_VERSION, ResultStore, export_records
from storage.export import FIXED_COLUMNS

# Text as a form would produce it: no lone surrogates, no NUL.
text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | text
json_values = st.recursive(
    json_scalars | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=8,
)
codes = st.text("ABCDEFGHJKMNPQRSTVWXYZ23456789", min_size=1, max_size=8)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
question_ids = st.from_regex(r"q[0-9]{1,3}", fullmatch=True)


@st.composite
def records(draw: st.DrawFn, code: str) -> dict[str, Any]:
    day = draw(days)
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    record: dict[str, Any] = {
        "code": code,
        "date": day.isoformat(),
        "created_at": f"{day.isoformat()}T{hour:02d}:{minute:02d}:00",
        "questionnaire": draw(text),
        "questionnaire_version": "1",
        "language": draw(st.sampled_from(["fr", "en", "ar"])),
        "answers": draw(st.dictionaries(question_ids, st.lists(text, max_size=3), max_size=5)),
        "levels": draw(
            st.dictionaries(st.sampled_from(["mobility", "digital"]), st.integers(0, 4))
        ),
    }
    extra = draw(
        st.dictionaries(st.sampled_from(["note", "meta", "flags"]), json_values, max_size=2)
    )
    record.update(extra)
    return record


@st.composite
def record_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    unique_codes = draw(st.lists(codes, min_size=1, max_size=6, unique=True))
    return [draw(records(code)) for code in unique_codes]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_lists())
def test_records_round_trip_through_the_store(batch: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = ResultStore(Path(directory))
        for record in batch:
            store.save(record)
        expected = {r["code"]: {**r, "schema": SCHEMA_VERSION} for r in batch}
        for code, record in expected.items():
            assert store.find(code) == record
        listed = store.records()
        assert {r["code"]: r for r in listed} == expected
        assert store.count() == len(batch)
        # A second process (fresh instance) sees the same.
        assert ResultStore(Path(directory)).records() == listed


@settings(max_examples=60, deadline=None)
@given(record_lists())
def test_exports_round_trip(batch: list[dict[str, Any]]) -> None:
    stored = [{**record, "schema": SCHEMA_VERSION} for record in batch]

    out = io.StringIO()
    export_records(stored, "json", out)
    assert json.loads(out.getvalue()) == stored

    out = io.StringIO(newline="")
    export_records(stored, "csv", out)
    header, *rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(header[: len(FIXED_COLUMNS)]) == FIXED_COLUMNS
    assert header[len(FIXED_COLUMNS) :] == sorted(header[len(FIXED_COLUMNS) :])
    assert len(rows) == len(stored)
    for record, row in zip(stored, rows, strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["code"] == record["code"]
        assert cells["date"] == record["date"]
        assert cells["schema"] == str(SCHEMA_VERSION)
        for question, values in record["answers"].items():
            assert cells[f"answers.{question}"] == "|".join(values)
        for area, level in record["levels"].items():
            assert cells[f"levels.{area}"] == str(level)

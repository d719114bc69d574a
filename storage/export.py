"""Export results to JSON or CSV for advisers and funders' reporting.

JSON is the list of records as stored. CSV has one row per record: the fixed
columns first (:data:`FIXED_COLUMNS`), then every other field, nested objects
flattened with dotted names (``answers.q01``, ``levels.mobility``), in sorted
order. Lists become their items joined by ``|``. The column set is the union
over all exported records, so the file is stable for a given set of records.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from storage.atomic import atomic_writer, gc_paused

if TYPE_CHECKING:
    from storage.store import ResultStore

FIXED_COLUMNS: tuple[str, ...] = (
    "code",
    "date",
    "created_at",
    "questionnaire",
    "questionnaire_version",
    "language",
    "schema",
)

#: Separator between the items of a list in a CSV cell.
LIST_SEPARATOR = "|"

ExportFormat = Literal["csv", "json"]


def export_records(records: Iterable[Mapping[str, Any]], fmt: ExportFormat, out: TextIO) -> None:
    """Write *records* to *out* as ``"json"`` or ``"csv"``.

    For CSV, open *out* with ``newline=""`` (as the :mod:`csv` module asks).
    """
    if fmt == "json":
        json.dump([dict(record) for record in records], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        _write_csv(records, out)
    else:
        raise ValueError(f"Unknown export format {fmt!r}: use 'csv' or 'json'.")


def export_store(
    store: ResultStore,
    fmt: ExportFormat,
    out: TextIO,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """Write the results of [*since*, *until*] to *out*, month by month; return how many.

    Memory holds one month at a time, whatever the number of months. Records come
    month by month in the order they were saved. JSON is an array with one record
    per line (so an import can name a damaged line); CSV takes two passes, the first
    to learn the columns.
    """
    # Many small objects and no cycle: the collector would walk them again and again.
    with gc_paused():
        if fmt == "json":
            return _write_json_lines(store.scan(since, until), out)
        if fmt == "csv":
            columns = csv_columns(flatten_record(r) for r in store.scan(since, until))
            return _write_csv_rows(store.scan(since, until), columns, out)
    raise ValueError(f"Unknown export format {fmt!r}: use 'csv' or 'json'.")


def export_file(
    store: ResultStore,
    fmt: ExportFormat,
    path: Path,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """`export_store` into ``path``, which appears only once it is complete (never a
    partial export); how many results it holds."""
    import codecs

    with atomic_writer(path, action="write the export") as sink:
        text = codecs.getwriter("utf-8")(sink)  # type: ignore[arg-type]
        return export_store(store, fmt, text, since, until)  # type: ignore[arg-type]


def _write_json_lines(records: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        count += 1
    out.write("\n]\n")
    return count


def flatten_record(record: Mapping[str, Any]) -> dict[str, str]:
    """One CSV row: dotted column name -> cell text."""
    row: dict[str, str] = {}
    _flatten_into(row, "", record)
    return row


def csv_columns(rows: Iterable[Mapping[str, str]]) -> list[str]:
    """Fixed columns first, then the sorted union of every other column."""
    extra: set[str] = set()
    for row in rows:
        extra.update(row)
    extra.difference_update(FIXED_COLUMNS)
    return [*FIXED_COLUMNS, *sorted(extra)]


def _write_csv(records: Iterable[Mapping[str, Any]], out: TextIO) -> None:
    rows = [flatten_record(record) for record in records]
    _write_csv_rows(rows, csv_columns(rows), out, flat=True)


def _write_csv_rows(
    records: Iterable[Mapping[str, Any]], columns: list[str], out: TextIO, *, flat: bool = False
) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for record in records:
        row = record if flat else flatten_record(record)
        writer.writerow([row.get(column, "") for column in columns])
        count += 1
    return count


def _flatten_into(row: dict[str, str], prefix: str, value: Mapping[str, Any]) -> None:
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping) and item:
            _flatten_into(row, f"{name}.", item)
        else:
            row[name] = _cell(item)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_item(item) for item in value)
    if isinstance(value, Mapping):  # only an empty one reaches here
        return ""
    return str(value)


def _item(value: Any) -> str:
    # Objects inside lists cannot be flattened into columns: keep them as JSON.
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return _cell(value)

"""What the store requires of a record, checked before anything is written.

Storage does not interpret answers: it only needs a result ``code`` (the key
shown in the QR code), a ``date`` (which chooses the month file) and a
``created_at`` timestamp (which orders listings). Records are copied through
JSON so that the store never shares objects with the caller.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from storage.errors import InvalidRecord
from storage.layout import parse_record_date
from storage.migrations import SCHEMA_VERSION, migrate, record_schema
from storage.safejson import MAX_DEPTH, nested_too_deep

MAX_CODE_LENGTH = 64

#: Nesting allowed in a record: the month file's object and table wrap it, and
#: a file nested deeper than MAX_DEPTH is read as damaged.
MAX_RECORD_DEPTH = MAX_DEPTH - 2

#: Fields an update may not change: they locate the record.
IMMUTABLE_FIELDS = ("code", "date")


def json_copy(value: Any, what: str) -> Any:
    """Deep copy of *value* as it will come back from the JSON file."""
    try:
        copied = json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidRecord(f"The {what} cannot be stored as JSON ({exc}).") from exc
    if nested_too_deep(copied, MAX_RECORD_DEPTH):
        raise InvalidRecord(
            f"The {what} cannot be stored: it nests more than {MAX_RECORD_DEPTH} levels deep."
        )
    return copied


def check_code(code: object) -> str:
    if not isinstance(code, str) or not code:
        raise InvalidRecord("The result has no code (a non-empty text is required).")
    if code.strip() != code or len(code) > MAX_CODE_LENGTH or not code.isprintable():
        raise InvalidRecord(
            f"The result code {code!r} is not valid (printable text, no surrounding spaces, "
            f"at most {MAX_CODE_LENGTH} characters)."
        )
    return code


def check_date(record: Mapping[str, Any]) -> date:
    day = parse_record_date(record.get("date"))
    if day is None:
        raise InvalidRecord(
            f"The result {record.get('code')!r} has no valid date "
            f"(expected YYYY-MM-DD, got {record.get('date')!r})."
        )
    return day


def check_created_at(record: Mapping[str, Any]) -> None:
    value = record.get("created_at")
    try:
        if not isinstance(value, str):
            raise ValueError
        datetime.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(
            f"The result {record.get('code')!r} has no valid created_at "
            f"(expected an ISO date and time, got {value!r})."
        ) from None


def prepare_record(record: Mapping[str, Any]) -> tuple[dict[str, Any], date]:
    """Checked, copied and schema-stamped version of *record*, and its date."""
    if not isinstance(record, Mapping):
        raise InvalidRecord(f"A result must be a dict, not {type(record).__name__}.")
    stored: dict[str, Any] = json_copy(record, "result")
    check_code(stored.get("code"))
    day = check_date(stored)
    check_created_at(stored)
    if "schema" not in stored:
        stored["schema"] = SCHEMA_VERSION
    else:
        version = record_schema(stored)
        if version is None or version > SCHEMA_VERSION:
            raise InvalidRecord(
                f"The result {stored['code']!r} has schema {stored['schema']!r}; "
                f"this version of Diagnum writes schema {SCHEMA_VERSION}."
            )
        stored = migrate(stored)
    return stored, day


def prepare_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Checked copy of the fields an update sets."""
    if not isinstance(changes, Mapping):
        raise InvalidRecord(f"The changes must be a dict, not {type(changes).__name__}.")
    copied: dict[str, Any] = json_copy(changes, "change")
    if "schema" in copied:
        raise InvalidRecord("The schema of a result is managed by the store and cannot be set.")
    return copied


def created_sort_key(record: Mapping[str, Any]) -> tuple[float, str, str]:
    """Chronological order by ``created_at``, whatever the time zone offsets."""
    value = record.get("created_at")
    moment = math.inf
    if isinstance(value, str):
        with contextlib.suppress(ValueError, OverflowError, OSError):
            moment = datetime.fromisoformat(value).timestamp()
    return (moment, str(value), str(record.get("code")))

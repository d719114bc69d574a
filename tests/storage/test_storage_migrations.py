"""Schema versions and migrations applied on read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from storage.migrations import MIGRATIONS, SCHEMA_VERSION, migrate, record_schema

SCHEMA_0 = {
    "code": "OLD123",
    "date": "2024-03-01",
    "created_at": "2024-03-01T09:00:00",
    "questionnaire": "diagnostic",
    "responses": {"q01": ["a"], "q02": ["b", "c"]},
}


def test_every_version_below_current_has_a_step() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_schema_0_record_is_upgraded() -> None:
    original = dict(SCHEMA_0)
    upgraded = migrate(SCHEMA_0)
    assert upgraded == {
        "code": "OLD123",
        "date": "2024-03-01",
        "created_at": "2024-03-01T09:00:00",
        "questionnaire": "diagnostic",
        "answers": {"q01": ["a"], "q02": ["b", "c"]},
        "schema": 1,
    }
    assert original == SCHEMA_0  # input untouched


def test_schema_0_record_already_with_answers_keeps_them() -> None:
    record = {**SCHEMA_0, "answers": {"q01": ["z"]}}
    upgraded = migrate(record)
    assert upgraded["answers"] == {"q01": ["z"]}
    assert upgraded["responses"] == SCHEMA_0["responses"]


def test_current_record_is_returned_as_a_copy() -> None:
    record = {"code": "X", "schema": SCHEMA_VERSION}
    upgraded = migrate(record)
    assert upgraded == record and upgraded is not record


@pytest.mark.parametrize("schema", [SCHEMA_VERSION + 1, "1", -1, True, None])
def test_unknown_schema_is_left_alone(schema: object) -> None:
    record = {"code": "X", "schema": schema}
    assert migrate(record) == record


def test_record_schema() -> None:
    assert record_schema({}) == 0
    assert record_schema({"schema": 3}) == 3
    assert record_schema({"schema": "3"}) is None


def test_chain_of_migrations_runs_in_order() -> None:
    def to_1(record: Mapping[str, Any]) -> dict[str, Any]:
        return {**record, "trail": [*record.get("trail", []), 1]}

    def to_2(record: Mapping[str, Any]) -> dict[str, Any]:
        return {**record, "trail": [*record["trail"], 2]}

    upgraded = migrate({"code": "X"}, migrations={0: to_1, 1: to_2}, target=2)
    assert upgraded == {"code": "X", "trail": [1, 2], "schema": 2}
    assert migrate(
        {"code": "X", "schema": 1, "trail": []}, migrations={0: to_1, 1: to_2}, target=2
    )["trail"] == [2]


def test_missing_step_is_an_error() -> None:
    with pytest.raises(LookupError, match="schema 1"):
        migrate({"code": "X"}, migrations=MIGRATIONS, target=2)

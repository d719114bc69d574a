"""Record schema versions and how to bring old records up to date.

Every stored record carries ``"schema": N``. Records written by older versions
of Diagnum stay on disk as they are; they are upgraded in memory when read, by
applying the registered step ``N -> N+1`` repeatedly until the current
:data:`SCHEMA_VERSION`. A record without ``"schema"`` is schema 0.

To change the record shape: bump :data:`SCHEMA_VERSION`, write one function
taking a schema ``N`` record and returning a new schema ``N+1`` record (without
mutating its argument: records may be shared with a cache), register it in
:data:`MIGRATIONS` under ``N``, and add a test with a real old record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

SCHEMA_VERSION = 1

Record = dict[str, Any]
Migration = Callable[[Mapping[str, Any]], Record]


def _v0_to_v1(record: Mapping[str, Any]) -> Record:
    """Schema 0 (early prototypes) stored the answers under ``responses``."""
    upgraded = dict(record)
    if "responses" in upgraded and "answers" not in upgraded:
        upgraded["answers"] = upgraded.pop("responses")
    upgraded["schema"] = 1
    return upgraded


#: ``MIGRATIONS[N]`` turns a schema ``N`` record into a schema ``N+1`` record.
MIGRATIONS: dict[int, Migration] = {
    0: _v0_to_v1,
}


def record_schema(record: Mapping[str, Any]) -> int | None:
    """The schema version of *record*, or ``None`` if the field is unusable."""
    value = record.get("schema", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def migrate(
    record: Mapping[str, Any],
    *,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
) -> Record:
    """Return *record* upgraded to schema *target* (a new dict; input untouched).

    Records from a newer Diagnum (schema above *target*) or with an unusable
    ``schema`` field are returned unchanged: storage does not interpret them.
    """
    version = record_schema(record)
    current: Record = dict(record)
    if version is None or version >= target:
        return current
    while version < target:
        step = migrations.get(version)
        if step is None:
            raise LookupError(f"No migration registered from record schema {version}.")
        current = step(current)
        version += 1
        current["schema"] = version
    return current

"""Backup folders of the results, their manifest, and the merge a restore performs.

::

    <folder>/diagnum-backup-20261105T101112Z/
        results/2026-10.json      month files, bytes as they were in the store
        results/2026-11.json
        manifest.json             format, version, created_at; per month: results, sha256

The manifest is written last, so a folder without one is an interrupted backup
and is refused, like a folder whose files do not match their checksums. The
store takes the copy and applies a restore under its lock
(:meth:`storage.store.ResultStore.backup` and ``restore``); this module holds
the file format and the decisions, so that they can be read in one place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storage.atomic import atomic_write, decode_tables, read_bytes, sync_directory
from storage.errors import (
    BackupInvalid,
    CorruptFile,
    InvalidRecord,
    StoreUnavailable,
    from_os_error,
)
from storage.layout import (
    RESULTS_DIRNAME,
    month_filename,
    month_of_filename,
    parse_record_date,
)
from storage.migrations import migrate
from storage.record import prepare_record
from storage.safejson import parse_json

BACKUP_PREFIX = "diagnum-backup-"
MANIFEST_NAME = "manifest.json"
FORMAT = "diagnum-backup"
FORMAT_VERSION = 1
BACKUP_ACTION = "back up the results"
RESTORE_ACTION = "restore the backup"
_READ_ACTION = "read the backup"

Record = dict[str, Any]


@dataclass(frozen=True)
class BackupReport:
    """What :meth:`~storage.store.ResultStore.backup` wrote."""

    path: Path  # the new backup folder
    months: tuple[str, ...]  # month files copied, e.g. ("2026-10", "2026-11")
    results: int  # results they hold
    set_aside: tuple[str, ...]  # damaged files set aside in the store, not copied


@dataclass(frozen=True)
class RestoreReport:
    """What :meth:`~storage.store.ResultStore.restore` did, result by result."""

    added: int
    skipped_identical: int
    replaced: int
    skipped_expired: int


@dataclass(frozen=True)
class MonthCopy:
    """One month file as read from the store for a backup."""

    month: str
    raw: bytes
    results: int


@dataclass(frozen=True)
class Located:
    """Where the store keeps a result."""

    month: str
    doc_id: str
    doc: Mapping[str, Any]


@dataclass
class RestorePlan:
    """How each result of a backup compares with the store."""

    add: list[Record] = field(default_factory=list)
    conflicts: list[tuple[Record, Located]] = field(default_factory=list)
    identical: int = 0
    expired: int = 0


# ------------------------------------------------------------------- writing


def write_backup(folder: Path, copies: Sequence[MonthCopy], now: datetime) -> Path:
    """Write a new backup folder in *folder* and return it; never overwrites one."""
    target = _new_backup_folder(folder, now.strftime("%Y%m%dT%H%M%SZ"))
    results = target / RESULTS_DIRNAME
    try:
        results.mkdir()
    except OSError as exc:
        raise from_os_error(exc, BACKUP_ACTION, results) from exc
    for copy in copies:
        path = results / month_filename(copy.month)
        atomic_write(path, copy.raw, action=BACKUP_ACTION, sync_dir=False)
    sync_directory(results, BACKUP_ACTION)
    # Last: a manifest means every file before it is complete and on disk.
    atomic_write(target / MANIFEST_NAME, _manifest(copies, now), action=BACKUP_ACTION)
    sync_directory(folder, BACKUP_ACTION)
    return target


def _new_backup_folder(folder: Path, stamp: str) -> Path:
    if folder.exists() and not folder.is_dir():
        raise StoreUnavailable(
            f"The backup folder {folder} is a file, not a folder: could not {BACKUP_ACTION}."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise from_os_error(exc, BACKUP_ACTION, folder) from exc
    number = 1
    while True:
        suffix = f"-{number}" if number > 1 else ""
        target = folder / f"{BACKUP_PREFIX}{stamp}{suffix}"
        try:
            target.mkdir()
        except FileExistsError:
            number += 1
            continue
        except OSError as exc:
            raise from_os_error(exc, BACKUP_ACTION, target) from exc
        return target


def _manifest(copies: Sequence[MonthCopy], now: datetime) -> bytes:
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": now.isoformat(timespec="seconds"),
        "months": [
            {
                "month": copy.month,
                "results": copy.results,
                "sha256": hashlib.sha256(copy.raw).hexdigest(),
            }
            for copy in copies
        ],
    }
    return json.dumps(manifest, indent=1).encode("ascii")


# ------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Entry:
    month: str
    results: int
    sha256: str


def read_backup(path: Path) -> list[Record]:
    """Every result of the backup at *path*, after checking it against its manifest.

    Raises :class:`BackupInvalid` (one line naming the problem) for a missing,
    incomplete, altered or foreign folder.
    """
    if not path.exists():
        raise BackupInvalid(f"There is no backup at {path}.")
    if not path.is_dir():
        raise BackupInvalid(f"{path} is a file, not a backup folder.")
    entries = _read_manifest(path)
    _refuse_unlisted_files(path, entries)
    records: list[Record] = []
    for entry in entries:
        records.extend(_read_month(path, entry))
    _refuse_duplicates(path, records)
    return records


def _read_manifest(path: Path) -> list[_Entry]:
    try:
        raw = read_bytes(path / MANIFEST_NAME)
    except CorruptFile as exc:
        raise BackupInvalid(f"The backup {path} is damaged: {MANIFEST_NAME} {exc.reason}.") from exc
    if raw is None:
        raise BackupInvalid(
            f"The folder {path} is not a Diagnum backup (it has no {MANIFEST_NAME}), "
            "or the backup was interrupted."
        )
    try:
        manifest = parse_json(raw, path / MANIFEST_NAME)
    except CorruptFile as exc:
        raise BackupInvalid(f"The backup {path} is damaged: {MANIFEST_NAME} {exc.reason}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupInvalid(f"The folder {path} is not a Diagnum backup.")
    version = manifest.get("version")
    if version != FORMAT_VERSION:
        raise BackupInvalid(
            f"The backup {path} has format version {version!r}; "
            f"this version of Diagnum reads version {FORMAT_VERSION}."
        )
    entries = [_entry(path, item) for item in _as_list(path, manifest.get("months"))]
    if len({entry.month for entry in entries}) != len(entries):
        raise BackupInvalid(f"The backup {path} is damaged: a month is listed twice.")
    return entries


def _as_list(path: Path, value: object) -> list[Any]:
    if not isinstance(value, list):
        raise BackupInvalid(f"The backup {path} is damaged: its manifest lists no months.")
    return value


def _entry(path: Path, item: object) -> _Entry:
    if isinstance(item, dict):
        month, results, digest = item.get("month"), item.get("results"), item.get("sha256")
        if (
            isinstance(month, str)
            and month_of_filename(month_filename(month)) == month
            and isinstance(results, int)
            and results >= 0
            and isinstance(digest, str)
            and len(digest) == 64
        ):
            return _Entry(month, results, digest)
    raise BackupInvalid(f"The backup {path} is damaged: its manifest has an unreadable entry.")


def _refuse_unlisted_files(path: Path, entries: Iterable[_Entry]) -> None:
    listed = {entry.month for entry in entries}
    try:
        names = [entry.name for entry in (path / RESULTS_DIRNAME).iterdir()]
    except FileNotFoundError:
        names = []
    except OSError as exc:
        raise from_os_error(exc, _READ_ACTION, path / RESULTS_DIRNAME) from exc
    for name in sorted(names):
        month = month_of_filename(name)
        if month is not None and month not in listed:
            raise BackupInvalid(
                f"The backup {path} was altered: {RESULTS_DIRNAME}/{name} is not in its manifest."
            )


def _read_month(path: Path, entry: _Entry) -> list[Record]:
    name = f"{RESULTS_DIRNAME}/{month_filename(entry.month)}"
    file = path / RESULTS_DIRNAME / month_filename(entry.month)
    try:
        raw = read_bytes(file)
    except CorruptFile as exc:
        raise BackupInvalid(f"The backup {path} is damaged: {name} {exc.reason}.") from exc
    if raw is None:
        raise BackupInvalid(f"The backup {path} is incomplete: {name} is missing.")
    if hashlib.sha256(raw).hexdigest() != entry.sha256:
        raise BackupInvalid(
            f"The backup {path} was altered or damaged: {name} does not match its checksum."
        )
    try:
        docs = decode_tables(raw, file).get("_default", {})
    except CorruptFile as exc:
        raise BackupInvalid(f"The backup {path} is damaged: {name} {exc.reason}.") from exc
    if len(docs) != entry.results:
        raise BackupInvalid(
            f"The backup {path} was altered: {name} holds {len(docs)} results, "
            f"its manifest says {entry.results}."
        )
    records = []
    for doc_id, doc in docs.items():
        # The checks of a save: a backup must not bring in what the store refuses.
        try:
            records.append(prepare_record(doc)[0])
        except InvalidRecord as exc:
            raise BackupInvalid(
                f"The backup {path}: result {doc_id} of {name} cannot be restored ({exc})"
            ) from exc
    return records


def _refuse_duplicates(path: Path, records: Iterable[Record]) -> None:
    seen: set[str] = set()
    for record in records:
        if record["code"] in seen:
            raise BackupInvalid(f"The backup {path} holds result {record['code']!r} twice.")
        seen.add(record["code"])


# ------------------------------------------------------------------ merging


def plan_restore(
    records: Iterable[Record], stored: Mapping[str, Located], older_than: date | None
) -> RestorePlan:
    """Sort the backup's *records* against the *stored* results (code -> place).

    Expired first (retention wins over everything), then new, identical
    (same content once both are at the current schema) or in conflict.
    """
    plan = RestorePlan()
    for record in records:
        day = parse_record_date(record.get("date"))
        if older_than is not None and day is not None and day < older_than:
            plan.expired += 1
            continue
        current = stored.get(record["code"])
        if current is None:
            plan.add.append(record)
        elif _same_result(current.doc, record):
            plan.identical += 1
        else:
            plan.conflicts.append((record, current))
    return plan


def _same_result(stored: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Same content: the same text (the usual case, and the cheapest check), or the
    same text once both are at the current schema with sorted keys.

    Text, not ``==``: 1, 1.0 and true are equal in Python but not the same result.
    """
    return json.dumps(stored) == json.dumps(record) or _canonical(stored) == _canonical(record)


def _canonical(doc: Mapping[str, Any]) -> str:
    return json.dumps(migrate(doc), sort_keys=True)

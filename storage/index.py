"""The result code -> month index, so ``find(code)`` reads one month file.

The index is derived data: it can always be rebuilt from the month files,
and it is rebuilt automatically when a shard is missing or damaged (any damage
:func:`storage.safejson.parse_json` reports, or a shape other than
``{code: "YYYY-MM"}``). It is split into :data:`SHARD_COUNT` small files by a
hash of the code, so that adding a code rewrites a few kilobytes, not one entry
per result ever stored.

Invariant kept by the store: every code present in a month file has an index
entry naming that month. Entries are written *before* the month file and
removed *after* it, so a crash can only leave stale entries (an entry whose
month no longer holds the code), which lookups tolerate. Stale entries do not
outlive the retention period: a save whose month write fails removes its entry
again, a month file set aside as damaged takes its entries with it, and a purge
removes every entry of a month before its cutoff that has no file.

``months.json`` records, for each month file, the fingerprint (size,
modification time, inode) it had when its codes were last checked into the
index. A month whose fingerprint differs was changed since (normally by a save,
which already indexed its code; possibly by hand or by a restored backup), so a
lookup that misses re-checks those months before answering "not found".
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeGuard

from storage.atomic import atomic_write, read_bytes, sync_directory
from storage.errors import CorruptFile
from storage.layout import month_filename, month_of_filename
from storage.safejson import parse_json

SHARD_COUNT = 32
_META_NAME = "months.json"
_META_VERSION = 1
_ACTION = "update the result index"

Fingerprint = tuple[int, int, int]


class IndexDamaged(Exception):
    """Internal signal: a shard is missing or unreadable, rebuild the index."""


def fingerprint(path: Path) -> Fingerprint | None:
    """Cheap identity of a file's current version, or ``None`` if it is absent."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def shard_of(code: str) -> int:
    # crc32 is stable across runs and platforms, unlike hash().
    return zlib.crc32(code.encode("utf-8")) % SHARD_COUNT


class CodeIndex:
    """Sharded ``code -> "YYYY-MM"`` map stored in *directory*."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache: dict[int, tuple[bytes, dict[str, str]]] = {}

    def _shard_path(self, shard: int) -> Path:
        return self.directory / f"{shard:02d}.json"

    def _read_shard(self, shard: int) -> dict[str, str]:
        """The shard's mapping (shared with the cache: do not mutate)."""
        path = self._shard_path(shard)
        try:
            raw = read_bytes(path)
        except CorruptFile as exc:
            raise IndexDamaged(f"index shard {shard:02d}: {exc.reason}") from exc
        if raw is None:
            raise IndexDamaged(f"index shard {shard:02d} is missing")
        cached = self._cache.get(shard)
        if cached is not None and cached[0] == raw:
            return cached[1]
        try:
            mapping = parse_json(raw, path)
        except CorruptFile as exc:
            raise IndexDamaged(f"index shard {shard:02d}: {exc.reason}") from exc
        if not _is_mapping_to_months(mapping):
            raise IndexDamaged(f"index shard {shard:02d} has an unexpected shape")
        self._cache[shard] = (raw, mapping)
        return mapping

    def _write_shard(
        self, shard: int, mapping: dict[str, str], *, action: str = _ACTION, sync_dir: bool = True
    ) -> None:
        raw = json.dumps(mapping, sort_keys=True, separators=(",", ":")).encode("utf-8")
        self._cache.pop(shard, None)
        atomic_write(self._shard_path(shard), raw, action=action, sync_dir=sync_dir)
        self._cache[shard] = (raw, mapping)

    def lookup(self, code: str) -> str | None:
        """Month that holds *code* per the index. Raises :class:`IndexDamaged`."""
        return self._read_shard(shard_of(code)).get(code)

    def add(self, entries: Mapping[str, str], *, action: str = _ACTION) -> None:
        """Record ``code -> month`` entries, rewriting only shards that change.

        *action* words the error message ("save the result").
        """
        by_shard: dict[int, dict[str, str]] = {}
        for code, month in entries.items():
            by_shard.setdefault(shard_of(code), {})[code] = month
        for shard, updates in by_shard.items():
            current = self._read_shard(shard)
            if all(current.get(code) == month for code, month in updates.items()):
                continue
            self._write_shard(shard, {**current, **updates}, action=action)

    def remove(self, codes: Iterable[str], *, action: str = _ACTION) -> None:
        """Forget *codes* (after their records were deleted)."""
        by_shard: dict[int, set[str]] = {}
        for code in codes:
            by_shard.setdefault(shard_of(code), set()).add(code)
        for shard, doomed in by_shard.items():
            current = self._read_shard(shard)
            if doomed.isdisjoint(current):
                continue
            kept = {code: month for code, month in current.items() if code not in doomed}
            self._write_shard(shard, kept, action=action)

    def remove_months(self, doomed: Callable[[str], bool], *, action: str = _ACTION) -> None:
        """Forget every entry pointing to a month for which *doomed* is true.

        Used for month files deleted or set aside: reads every shard, rewrites
        only those that change.
        """
        for shard in range(SHARD_COUNT):
            current = self._read_shard(shard)
            kept = {code: month for code, month in current.items() if not doomed(month)}
            if len(kept) != len(current):
                self._write_shard(shard, kept, action=action)
        gone = [month for month in self.verified() if doomed(month)]
        if gone:
            self.set_verified(dict.fromkeys(gone), action=action)

    def rebuild(
        self,
        entries: Mapping[str, str],
        verified: Mapping[str, Fingerprint],
        *,
        action: str = _ACTION,
    ) -> None:
        """Replace the whole index (all shards and the month fingerprints)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        shards: list[dict[str, str]] = [{} for _ in range(SHARD_COUNT)]
        for code, month in entries.items():
            shards[shard_of(code)][code] = month
        for shard, mapping in enumerate(shards):
            self._write_shard(shard, mapping, action=action, sync_dir=False)
        self._write_meta(dict(verified), action=action, sync_dir=False)
        sync_directory(self.directory, action)

    def verified(self) -> dict[str, Fingerprint]:
        """Month -> fingerprint when the index last covered that month file.

        An unreadable record only makes lookups re-check more months.
        """
        meta = self._read_meta()
        if meta.get("version") != _META_VERSION or meta.get("shards") != SHARD_COUNT:
            return {}
        try:
            return {
                str(month): (int(value[0]), int(value[1]), int(value[2]))
                for month, value in meta["months"].items()
            }
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return {}

    def set_verified(
        self, updates: Mapping[str, Fingerprint | None], *, action: str = _ACTION
    ) -> None:
        """Update month fingerprints; ``None`` removes a month."""
        months = self.verified()
        for month, value in updates.items():
            if value is None:
                months.pop(month, None)
            else:
                months[month] = value
        self._write_meta(months, action=action)

    def is_current_layout(self) -> bool:
        """Whether the index on disk exists, is readable and uses this code's shard count."""
        return self._read_meta().get("shards") == SHARD_COUNT

    def _read_meta(self) -> dict[str, Any]:
        """Content of ``months.json``; empty if it is missing or damaged."""
        path = self.directory / _META_NAME
        try:
            raw = read_bytes(path)
            if raw is None:
                return {}
            meta = parse_json(raw, path)
        except CorruptFile:
            return {}
        return meta if isinstance(meta, dict) else {}

    def _write_meta(
        self, months: Mapping[str, Fingerprint], *, action: str = _ACTION, sync_dir: bool = True
    ) -> None:
        meta = {
            "version": _META_VERSION,
            "shards": SHARD_COUNT,
            "months": {month: list(value) for month, value in sorted(months.items())},
        }
        raw = json.dumps(meta, indent=1).encode("utf-8")
        atomic_write(self.directory / _META_NAME, raw, action=action, sync_dir=sync_dir)


def _is_mapping_to_months(value: Any) -> TypeGuard[dict[str, str]]:
    # A value is later used to build a file name: it must be a plain month key.
    return isinstance(value, dict) and all(
        isinstance(month, str) and month_of_filename(month_filename(month)) == month
        for month in value.values()
    )

"""``ResultStore``: durable, multi-process storage of questionnaire results.

This is the only class the kiosk and the adviser console use. It ties together
the month partition (:mod:`storage.layout`), crash-safe TinyDB files
(:mod:`storage.atomic`), the code index (:mod:`storage.index`) and schema
migrations (:mod:`storage.migrations`).

Concurrency model: every read-modify-write holds an exclusive
:class:`filelock.FileLock` on ``results/.lock`` (released by the OS if the
process dies). Readers take no lock: files are only ever replaced atomically,
so a reader sees a complete old or new version. Taking the lock is only needed
by a reader to set aside a damaged file or to repair the index.

Error messages name the operation that failed: the operation holding the lock
words every write it makes (see ``_locked``).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document

from storage.atomic import (
    AtomicJSONStorage,
    Tables,
    atomic_write,
    decode_tables,
    is_temp_name,
    read_bytes,
    sync_directory,
)
from storage.backup import (
    BACKUP_ACTION,
    RESTORE_ACTION,
    BackupReport,
    Located,
    MonthCopy,
    RestorePlan,
    RestoreReport,
    plan_restore,
    read_backup,
    write_backup,
)
from storage.errors import (
    CorruptFile,
    DuplicateCode,
    InvalidRecord,
    RestoreConflict,
    StorageError,
    StoreBusy,
    StoreUnavailable,
    from_os_error,
)
from storage.import_file import ExportLine, ImportReport
from storage.index import CodeIndex, Fingerprint, IndexDamaged, fingerprint
from storage.layout import (
    CORRUPT_MARKER,
    INDEX_DIRNAME,
    LOCK_NAME,
    RESULTS_DIRNAME,
    corrupt_name,
    list_months,
    month_bounds,
    month_filename,
    month_key,
    month_of_filename,
    parse_record_date,
)
from storage.migrations import SCHEMA_VERSION, migrate
from storage.record import (
    IMMUTABLE_FIELDS,
    check_created_at,
    created_sort_key,
    prepare_changes,
    prepare_record,
)
from storage.retention import PurgePlan

Record = dict[str, Any]
Documents = Mapping[str, Mapping[str, Any]]

#: Month files kept parsed in memory; the current month is the hot one.
_CACHED_MONTHS = 3
_SAVE = "save the result"
_UPDATE = "update the result"
_DELETE = "delete the result"
_PURGE = "purge old results"
_SET_ASIDE = "set aside a damaged file"
_CHECK = "check that results can be saved"
_IMPORT = "import the results"
_REBUILD = "rebuild the result index"
#: Written then removed by check_writable; a dot name no listing mistakes for data.
_PROBE_NAME = ".write-check"

#: Results of one month per date (see ResultStore._month_days).
Days = Mapping[date, int]


class _IndexUnusable:
    """Lookup answer meaning: the index could not be read, scan every month."""


_UNUSABLE = _IndexUnusable()


class ResultStore:
    """Results of the self-diagnosis, one TinyDB file per month in *data_dir*/results.

    All methods are safe to call from several processes on the same
    directory, and from several threads of one process.
    """

    def __init__(self, data_dir: Path, *, lock_timeout: float = 5.0) -> None:
        self.data_dir = Path(data_dir)
        self.results_dir = self.data_dir / RESULTS_DIRNAME
        self.lock_timeout = lock_timeout
        self._problems: list[str] = []
        self._create_results_dir("open the results")
        self._lock = FileLock(str(self.results_dir / LOCK_NAME), timeout=lock_timeout)
        self._index = CodeIndex(self.results_dir / INDEX_DIRNAME)
        self._months: OrderedDict[str, AtomicJSONStorage] = OrderedDict()
        self._days: dict[str, tuple[Fingerprint, Days]] = {}
        self._mutex = threading.RLock()
        # The operation holding the lock: it words the errors of every write.
        self._action = _SAVE
        self._index_checked = False
        self._temp_cleaned = False

    # ----------------------------------------------------------------- public

    @property
    def problems(self) -> list[str]:
        """Human-readable notes on damage found and repaired since opening."""
        with self._mutex:
            return list(self._problems)

    def save(self, record: Mapping[str, Any]) -> None:
        """Store a new result; it is on disk (file and directory flushed) on return.

        Adds ``"schema"``. Saving the very same record again is a no-op, so a
        save can be retried after an error; a different record with an
        existing code raises :class:`~storage.errors.DuplicateCode`.
        """
        stored, day = prepare_record(record)
        code: str = stored["code"]
        month = month_key(day)
        with self._mutex, self._locked(_SAVE):
            indexed = self._lookup_index(code, locked=True)
            if isinstance(indexed, str):
                hit = self._find_in_month(indexed, code, locked=True)
                if hit is not None:
                    if hit[1] == stored:
                        self._confirm_on_disk(indexed)
                        return
                    raise _duplicate(code, indexed)
            # Reading first also sets a damaged month file aside before TinyDB sees it.
            docs = self._documents(month, locked=True)
            # Choosing the id here spares TinyDB a second read of the month.
            doc_id = max(map(int, docs), default=0) + 1
            # Index first: a crash in between leaves a harmless stale entry.
            self._index_add({code: month})
            try:
                self._db(month).insert(Document(stored, doc_id=doc_id))
            except BaseException:
                self._unindex_failed_save(code, month)
                raise

    def find(self, code: str) -> Record | None:
        """The result with this code (upgraded to the current schema), or ``None``."""
        if not isinstance(code, str) or not code:
            return None
        with self._mutex:
            hit = self._locate(code, locked=False)
            if hit is None:
                return None
            return _export_copy(hit[2])

    def records(self, since: date | None = None, until: date | None = None) -> list[Record]:
        """Results dated from *since* to *until* (both included), oldest ``created_at`` first."""
        with self._mutex:
            selected: list[Record] = []
            for month in self._list_months():
                first, following = month_bounds(month)
                if (since is not None and following <= since) or (
                    until is not None and first > until
                ):
                    continue
                for doc in self._fresh_documents(month):
                    if since is not None or until is not None:
                        day = parse_record_date(doc.get("date"))
                        if day is None or (since is not None and day < since):
                            continue
                        if until is not None and day > until:
                            continue
                    selected.append(migrate(doc))
            selected.sort(key=created_sort_key)
            return selected

    def scan(
        self,
        since: date | None = None,
        until: date | None = None,
        *,
        ordered: bool = False,
        newest_first: bool = False,
    ) -> Iterator[Mapping[str, Any]]:
        """Results dated from *since* to *until*, month by month, **for reading only**.

        The read side of reports at 100,000 results: a month is parsed once and one
        month is held at a time; documents are not copied (only one at an old schema
        is upgraded, as a copy) and, in file order, not sorted. With *ordered*, the
        documents of each month come oldest ``created_at`` first; with *newest_first*,
        months and documents come newest first (for a list of the latest results).
        Do not mutate what it yields.
        """
        with self._mutex:
            months = self._list_months()
        for month in reversed(months) if newest_first else months:
            first, following = month_bounds(month)
            if (since is not None and following <= since) or (until is not None and first > until):
                continue
            with self._mutex:
                docs = self._fresh_documents(month)
            if ordered or newest_first:
                docs.sort(key=created_sort_key, reverse=newest_first)
            whole = (since is None or first >= since) and (
                until is None or following - timedelta(days=1) <= until
            )
            yield from _readable(docs if whole else _dated(docs, since, until))

    def import_records(self, lines: Iterable[ExportLine], *, batch: int = 5_000) -> ImportReport:
        """Add the records of an export (see `storage.import_file.read_export`).

        Idempotent by result code: a record already here is never written again, and
        one whose code is taken by a different record keeps this PC's version. A
        damaged record is listed with its line and skipped. Records are written a
        batch at a time, one atomic write per month, under the lock.
        """
        report = ImportReport()
        known: dict[str, str] | None = None
        for chunk in _batches(lines, batch):
            prepared = [item for item in map(report.prepare, chunk) if item is not None]
            with self._mutex, self._locked(_IMPORT):
                if known is None:
                    self._check_index_layout(locked=True)
                    known = self._known_codes()
                self._import_batch(prepared, known, report)
        return report

    def _known_codes(self) -> dict[str, str]:
        """Every stored code and its month (one read of each month, under the lock)."""
        known: dict[str, str] = {}
        for month in self._list_months():
            for doc in self._documents(month, locked=True).values():
                if isinstance(doc.get("code"), str):
                    known[doc["code"]] = month
        return known

    def _import_batch(
        self, prepared: list[dict[str, Any]], known: dict[str, str], report: ImportReport
    ) -> None:
        new: dict[str, list[dict[str, Any]]] = {}
        for stored in prepared:
            code = stored["code"]
            month = known.get(code)
            if month is None:
                known[code] = _record_month(stored)
                new.setdefault(known[code], []).append(stored)
            elif self._same_as_stored(month, stored, new):
                report.already_here += 1
            else:
                report.differs += 1
        for month, docs in new.items():
            self._insert_many(month, docs)
            report.added += len(docs)

    def _same_as_stored(
        self, month: str, stored: dict[str, Any], new: dict[str, list[dict[str, Any]]]
    ) -> bool:
        code = stored["code"]
        pending = [doc for doc in new.get(month, []) if doc["code"] == code]
        hit = self._find_in_month(month, code, locked=True)
        current = pending[0] if pending else (hit[1] if hit else None)
        return current is not None and migrate(current) == stored

    def _insert_many(self, month: str, docs: list[dict[str, Any]]) -> None:
        existing = self._documents(month, locked=True)
        first_id = max(map(int, existing), default=0) + 1
        # Index first, as in save: a crash in between leaves harmless stale entries.
        self._index_add({doc["code"]: month for doc in docs})
        documents = [Document(doc, doc_id=first_id + n) for n, doc in enumerate(docs)]
        self._db(month).insert_multiple(documents)

    def update(self, code: str, changes: Mapping[str, Any]) -> bool:
        """Set fields of the result *code*; ``False`` if there is no such result.

        ``code`` and ``date`` cannot change (they locate the record). The whole
        record is rewritten at the current schema, crash-safely.
        """
        copied = prepare_changes(changes)
        if not isinstance(code, str) or not code:
            return False
        with self._mutex, self._locked(_UPDATE):
            hit = self._locate(code, locked=True)
            if hit is None:
                return False
            month, doc_id, doc = hit
            for field in IMMUTABLE_FIELDS:
                if field in copied and copied[field] != doc.get(field):
                    raise InvalidRecord(f"The {field} of result {code!r} cannot be changed.")
            new = migrate(doc)
            new.update(copied)
            if "created_at" in copied:
                check_created_at(new)

            def replace(document: dict[str, Any]) -> None:
                document.clear()
                document.update(new)

            self._db(month).update(replace, doc_ids=[int(doc_id)])
            return True

    def delete(self, code: str) -> bool:
        """Remove the result *code*; ``False`` if there is no such result."""
        if not isinstance(code, str) or not code:
            return False
        with self._mutex, self._locked(_DELETE):
            hit = self._locate(code, locked=True)
            if hit is None:
                return False
            month, doc_id, _ = hit
            self._db(month).remove(doc_ids=[int(doc_id)])
            # Index after the month file (see storage.index).
            self._index_remove([code])
            return True

    def purge(self, older_than: date) -> int:
        """Delete every result dated strictly before *older_than*; return how many.

        Months entirely before the cutoff are deleted as whole files; the month
        straddling it is rewritten atomically. No index entry of a purged result
        or of a month before the cutoff is left (set-aside damaged files keep
        their content: they are listed in :attr:`problems` for staff).
        """
        removed = 0
        removed_codes: list[str] = []
        emptied: set[str] = set()
        with self._mutex, self._locked(_PURGE):
            self._check_index_layout(locked=True)
            for month in self._list_months():
                first, following = month_bounds(month)
                if first >= older_than:
                    continue
                docs = self._documents(month, locked=True)
                last_day = following - timedelta(days=1)
                old = {
                    doc_id: doc
                    for doc_id, doc in docs.items()
                    if _day_of(doc.get("date"), last_day) < older_than
                }
                if len(old) == len(docs) and (docs or following <= older_than):
                    self._delete_month_file(month)  # all old, or left empty by deletions
                    emptied.add(month)
                elif old:
                    self._db(month).remove(doc_ids=[int(doc_id) for doc_id in old])
                    removed_codes.extend(
                        str(doc["code"]) for doc in old.values() if isinstance(doc.get("code"), str)
                    )
                removed += len(old)
            if emptied:
                sync_directory(self.results_dir, _PURGE)
            self._unindex_old_months(month_key(older_than), emptied)
            self._index_remove(removed_codes)
            self._note_old_set_aside_files(older_than)
        return removed

    def purge_plan(self, older_than: date) -> PurgePlan:
        """What :meth:`purge` would do now, for a check before an automatic purge.

        Reads without the lock (unless a damaged file must be set aside) and
        costs what :meth:`count` costs: both share a per-month summary cached
        until the month file changes.
        """
        with self._mutex:
            to_delete = total = 0
            days: Counter[date] = Counter()
            for month in self._list_months():
                first = month_bounds(month)[0]
                for day, number in self._month_days(month).items():
                    days[day] += number
                    total += number
                    if first < older_than and day < older_than:
                        to_delete += number
            return PurgePlan(
                cutoff=older_than,
                to_delete=to_delete,
                total=total,
                oldest=min(days, default=None),
                newest=max(days, default=None),
                set_aside=tuple(self._old_set_aside_files(older_than)),
            )

    def count(self) -> int:
        """Number of results stored."""
        with self._mutex:
            return sum(sum(self._month_days(month).values()) for month in self._list_months())

    def check_writable(self, *, timeout: float | None = None) -> None:
        """Raise if results cannot be saved now (for a check at start-up).

        Writes and removes a small probe file in the results folder, under the
        lock. Raises :class:`~storage.errors.StoreUnavailable` (missing or
        read-only folder), :class:`~storage.errors.StoreFull`, or
        :class:`~storage.errors.StoreBusy`.
        """
        with self._mutex, self._locked(_CHECK, timeout):
            probe = self.results_dir / _PROBE_NAME
            atomic_write(probe, b"Diagnum checks that results can be saved.\n", action=_CHECK)
            try:
                probe.unlink()
            except OSError as exc:
                raise from_os_error(exc, _CHECK, probe) from exc
            sync_directory(self.results_dir, _CHECK)

    def backup(self, folder: Path) -> BackupReport:
        """Copy every month file into a new ``diagnum-backup-<UTC stamp>`` folder in *folder*.

        The copy is consistent (taken under the lock) and crash-safe; see
        :mod:`storage.backup` for the layout. Damaged files are set aside, not
        copied: the report lists every set-aside file so the caller can say so.
        """
        with self._mutex, self._locked(BACKUP_ACTION):
            copies = [copy for copy in map(self._month_copy, self._list_months()) if copy]
            path = write_backup(Path(folder), copies, datetime.now(UTC))
            return BackupReport(
                path=path,
                months=tuple(copy.month for copy in copies),
                results=sum(copy.results for copy in copies),
                set_aside=tuple(name for name, _ in self._set_aside_files()),
            )

    def restore(
        self, backup: Path, *, force: bool = False, older_than: date | None = None
    ) -> RestoreReport:
        """Merge the results of a folder made by :meth:`backup` into the store.

        The backup is checked first (manifest, checksums): a missing, altered or
        foreign folder raises :class:`~storage.errors.BackupInvalid`. Results
        missing from the store are added, identical ones skipped. A result whose
        stored copy differs is a conflict: with any conflict, nothing is written
        and :class:`~storage.errors.RestoreConflict` is raised, unless *force*,
        which puts the backup's version in place. Results dated before
        *older_than* (the retention cutoff) are not restored.
        """
        records = read_backup(Path(backup))  # before the lock: nothing to guard yet
        with self._mutex, self._locked(RESTORE_ACTION):
            self._check_index_layout(locked=True)
            plan = plan_restore(records, self._stored_results(), older_than)
            if plan.conflicts and not force:
                raise RestoreConflict([record["code"] for record, _ in plan.conflicts])
            self._apply_restore(plan)
            return RestoreReport(
                added=len(plan.add),
                skipped_identical=plan.identical,
                replaced=len(plan.conflicts),
                skipped_expired=plan.expired,
            )

    def rebuild_index(self) -> None:
        """Rebuild the code index from the month files (e.g. after a hand edit)."""
        with self._mutex, self._locked(_REBUILD):
            self._rebuild_index()

    # ---------------------------------------------------------------- locking

    @contextlib.contextmanager
    def _locked(self, action: str, timeout: float | None = None) -> Iterator[None]:
        """Hold the inter-process lock for *action*, which words every error meanwhile."""
        self._create_results_dir(action)  # it may have been removed while we were running
        try:
            self._lock.acquire(timeout=self.lock_timeout if timeout is None else timeout)
        except Timeout as exc:
            raise StoreBusy(self.lock_timeout if timeout is None else timeout, action) from exc
        except OSError as exc:
            raise from_os_error(exc, action, self.results_dir / LOCK_NAME) from exc
        outer, self._action = self._action, action
        try:
            if not self._temp_cleaned:
                self._remove_temp_files()
                self._temp_cleaned = True
            yield
        finally:
            self._action = outer
            self._lock.release()

    def _remove_temp_files(self) -> None:
        # Only under the lock: then no other process can be writing a temp file.
        for directory in (self.results_dir, self.results_dir / INDEX_DIRNAME):
            with contextlib.suppress(OSError):
                for entry in directory.iterdir():
                    if is_temp_name(entry.name):
                        with contextlib.suppress(OSError):
                            entry.unlink()

    # ------------------------------------------------------------ month files

    def _create_results_dir(self, action: str) -> None:
        if self.results_dir.is_dir():
            return
        try:
            self.results_dir.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                sync_directory(self.results_dir.parent, "create the results folder")
        except OSError as exc:
            raise StoreUnavailable(
                f"Cannot create the results folder {self.results_dir} "
                f"({exc.strerror or exc}): could not {action}. Check the data directory setting."
            ) from exc

    def _list_months(self) -> list[str]:
        try:
            return list_months(self.results_dir)
        except OSError as exc:
            raise from_os_error(exc, "list the results", self.results_dir / ".") from exc

    def _month_path(self, month: str) -> Path:
        return self.results_dir / month_filename(month)

    def _month_storage(self, month: str) -> AtomicJSONStorage:
        storage = self._months.get(month)
        if storage is None:
            storage = AtomicJSONStorage(self._month_path(month))
            self._months[month] = storage
            while len(self._months) > _CACHED_MONTHS:
                self._months.popitem(last=False)
        else:
            self._months.move_to_end(month)
        return storage

    def _db(self, month: str) -> TinyDB:
        # A fresh TinyDB per operation: its table caches the next document id,
        # which another process may have used meanwhile.
        storage = self._writable_storage(month)
        return TinyDB(storage=lambda: storage)

    def _writable_storage(self, month: str) -> AtomicJSONStorage:
        """The month's storage, its writes worded by the operation holding the lock."""
        storage = self._month_storage(month)
        storage.action = self._action
        return storage

    def _documents(self, month: str, *, locked: bool) -> Documents:
        """Documents of *month* from the cache (do not mutate); damaged file set aside."""
        try:
            return self._month_storage(month).documents()
        except CorruptFile as exc:
            self._set_aside(month, exc, locked=locked)
            return {}

    def _fresh_documents(self, month: str) -> list[Record]:
        """Newly parsed documents of *month*, safe to hand to callers."""
        path = self._month_path(month)
        try:
            raw = read_bytes(path)
            if raw is None:
                return []
            tables = decode_tables(raw, path)
        except CorruptFile as exc:
            self._set_aside(month, exc, locked=False)
            return []
        return list(tables.get("_default", {}).values())

    def _find_in_month(
        self, month: str, code: str, *, locked: bool
    ) -> tuple[str, Mapping[str, Any]] | None:
        for doc_id, doc in self._documents(month, locked=locked).items():
            if doc.get("code") == code:
                return doc_id, doc
        return None

    def _confirm_on_disk(self, month: str) -> None:
        """Flush an existing month file again (a retried save must be durable too)."""
        path = self._month_path(month)
        try:
            # Windows only flushes handles opened for writing.
            fd = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise from_os_error(exc, _SAVE, path) from exc
        sync_directory(self.results_dir, _SAVE)

    def _month_days(self, month: str) -> Days:
        """Results of *month* per date, cached until the file changes.

        A result without a valid date counts on the month's last day, as
        :meth:`purge` treats it.
        """
        stamp = fingerprint(self._month_path(month))
        cached = self._days.get(month)
        if stamp is not None and cached is not None and cached[0] == stamp:
            return cached[1]
        # Few distinct dates per month: parse each once.
        texts = Counter(_date_text(doc.get("date")) for doc in self._fresh_documents(month))
        last_day = month_bounds(month)[1] - timedelta(days=1)
        days: Counter[date] = Counter()
        for text, number in texts.items():
            days[_day_of(text, last_day)] += number
        if stamp is not None:
            self._days[month] = (stamp, days)
        return days

    def _delete_month_file(self, month: str) -> None:
        path = self._month_path(month)
        self._month_storage(month).forget()
        self._days.pop(month, None)
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise from_os_error(exc, self._action, path) from exc

    def _month_copy(self, month: str) -> MonthCopy | None:
        """The month file's bytes for a backup; ``None`` if absent or damaged (set aside)."""
        path = self._month_path(month)
        try:
            raw = read_bytes(path)
            if raw is None:
                return None
            tables = decode_tables(raw, path)
        except CorruptFile as exc:
            self._set_aside(month, exc, locked=True)
            return None
        return MonthCopy(month, raw, len(tables.get("_default", {})))

    def _stored_results(self) -> dict[str, Located]:
        """Every stored result by code (caller holds the lock; do not mutate)."""
        found: dict[str, Located] = {}
        for month in self._list_months():
            for doc_id, doc in self._documents(month, locked=True).items():
                code = doc.get("code")
                if isinstance(code, str):
                    found[code] = Located(month, doc_id, doc)
        return found

    def _apply_restore(self, plan: RestorePlan) -> None:
        """Write what *plan* restores: index entries first, then each changed month file."""
        restored = [*plan.add, *(record for record, _ in plan.conflicts)]
        month_of = {record["code"]: _record_month(record) for record in restored}
        self._index_add(month_of)
        drops: dict[str, list[str]] = {}
        puts: dict[str, dict[str, Record]] = {}
        adds: dict[str, list[Record]] = {}
        for record in plan.add:
            adds.setdefault(month_of[record["code"]], []).append(record)
        for record, stored in plan.conflicts:
            month = month_of[record["code"]]
            if month == stored.month:
                puts.setdefault(month, {})[stored.doc_id] = record
            else:  # deleted and saved again under another date: it changes month
                drops.setdefault(stored.month, []).append(stored.doc_id)
                adds.setdefault(month, []).append(record)
        # Removals first: a crash in between loses a result that the backup still
        # holds (restoring again brings it back), but never stores one twice.
        for month, doc_ids in drops.items():
            self._rewrite_month(month, drop=doc_ids)
        for month in sorted(set(puts) | set(adds)):
            self._rewrite_month(month, put=puts.get(month, {}), add=adds.get(month, []))

    def _rewrite_month(
        self,
        month: str,
        *,
        drop: Iterable[str] = (),
        put: Mapping[str, Record] | None = None,
        add: Iterable[Record] = (),
    ) -> None:
        """Remove, replace and add documents of *month* in one atomic write (under the lock)."""
        self._documents(month, locked=True)  # sets a damaged file aside first
        storage = self._writable_storage(month)
        data: Tables = storage.read() or {}
        docs = data.setdefault("_default", {})
        for doc_id in drop:
            docs.pop(doc_id, None)
        docs.update(put or {})
        next_id = max(map(int, docs), default=0) + 1
        for offset, record in enumerate(add):
            docs[str(next_id + offset)] = record
        storage.write(data)

    def _set_aside(self, month: str, error: CorruptFile, *, locked: bool) -> None:
        """Rename a damaged month file out of the way, never deleting it."""
        try:
            if locked:
                self._set_aside_locked(month, error)
            else:
                with self._locked(_SET_ASIDE):
                    self._set_aside_locked(month, error)
        except StorageError as exc:
            self._note(
                f"The results file {error.path.name} is damaged ({error.reason}) and could not "
                f"be set aside now ({exc}); its results are not shown."
            )

    def _set_aside_locked(self, month: str, error: CorruptFile) -> None:
        path = self._month_path(month)
        storage = self._month_storage(month)
        storage.forget()
        try:
            raw = read_bytes(path)
        except CorruptFile:
            raw = b""  # not a file at all: set it aside too
        if raw is None:
            return  # another process already set it aside
        try:
            decode_tables(raw, path)
            return  # replaced meanwhile by a good file
        except CorruptFile:
            pass
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(corrupt_name(path.name, stamp))
        number = 1
        while target.exists():  # never overwrite an earlier set-aside file
            number += 1
            target = path.with_name(corrupt_name(path.name, f"{stamp}-{number}"))
        try:
            os.replace(path, target)
        except OSError as exc:
            raise from_os_error(exc, _SET_ASIDE, path) from exc
        sync_directory(self.results_dir, _SET_ASIDE)
        self._days.pop(month, None)
        self._unindex_set_aside_month(month)
        self._note(
            f"The results file {path.name} was damaged ({error.reason}). It was kept as "
            f"{target.name} for inspection and a new file was started for {month}; "
            "the results it held are not shown."
        )

    def _set_aside_files(self) -> list[tuple[str, str]]:
        """(file name, month) of every damaged month file set aside, sorted."""
        try:
            names = sorted(entry.name for entry in self.results_dir.iterdir())
        except OSError:
            return []
        found = []
        for name in names:
            original, marker, _ = name.partition(CORRUPT_MARKER)
            month = month_of_filename(original)
            if marker and month:
                found.append((name, month))
        return found

    def _old_set_aside_files(self, older_than: date) -> list[str]:
        """Set-aside files of months starting before *older_than*."""
        return [
            name for name, month in self._set_aside_files() if month_bounds(month)[0] < older_than
        ]

    def _note_old_set_aside_files(self, older_than: date) -> None:
        for name in self._old_set_aside_files(older_than):
            self._note(
                f"The damaged file {name} set aside earlier may hold results "
                "past the retention period: review and delete it by hand."
            )

    def _note(self, message: str) -> None:
        if message not in self._problems:
            self._problems.append(message)

    # ------------------------------------------------------------------ index

    def _locate(self, code: str, *, locked: bool) -> tuple[str, str, Mapping[str, Any]] | None:
        """(month, doc_id, document) of *code*, or ``None``."""
        indexed = self._lookup_index(code, locked=locked)
        if isinstance(indexed, str):
            hit = self._find_in_month(indexed, code, locked=locked)
            if hit is not None:
                return indexed, hit[0], hit[1]
        # The index said no (or pointed to a stale month): check the month files
        # changed since the index last covered them.
        verified = {} if indexed is _UNUSABLE else self._index.verified()
        changed: dict[str, Fingerprint | None] = {}
        found: tuple[str, str, Mapping[str, Any]] | None = None
        for month in self._list_months():
            stamp = fingerprint(self._month_path(month))
            if stamp is not None and verified.get(month) == stamp:
                continue
            changed[month] = stamp
            if found is None:
                hit = self._find_in_month(month, code, locked=locked)
                if hit is not None:
                    found = (month, hit[0], hit[1])
        if changed and indexed is not _UNUSABLE:
            self._reindex(list(changed), locked=locked)
        return found

    def _check_index_layout(self, *, locked: bool) -> None:
        """Once per store: build the index if it is missing or from another layout."""
        if not self._index_checked:
            self._index_checked = True
            if not self._index.is_current_layout():
                self._try_rebuild(locked, note=None)

    def _lookup_index(self, code: str, *, locked: bool) -> str | _IndexUnusable | None:
        self._check_index_layout(locked=locked)
        try:
            return self._index.lookup(code)
        except IndexDamaged as exc:
            self._try_rebuild(locked, note=f"The result index was damaged ({exc}); it was rebuilt.")
        except StorageError:
            return _UNUSABLE
        try:
            return self._index.lookup(code)
        except (IndexDamaged, StorageError):
            return _UNUSABLE

    def _try_rebuild(self, locked: bool, note: str | None) -> None:
        try:
            if locked:
                self._rebuild_index()
            else:
                with self._locked(_REBUILD):
                    self._rebuild_index()
        except StorageError:
            if locked:
                raise
            return  # read-only or busy: lookups fall back to scanning the months
        if note:
            self._note(note)

    def _rebuild_index(self) -> None:
        entries: dict[str, str] = {}
        verified: dict[str, Fingerprint] = {}
        for month in self._list_months():
            docs = self._documents(month, locked=True)
            stamp = fingerprint(self._month_path(month))
            if stamp is None:
                continue
            verified[month] = stamp
            for doc in docs.values():
                code = doc.get("code")
                if isinstance(code, str):
                    entries[code] = month
        self._index.rebuild(entries, verified, action=self._action)
        self._index_checked = True

    def _reindex(self, months: list[str], *, locked: bool) -> None:
        """Best effort: record the codes of changed months and mark them covered."""

        def work() -> None:
            stamps: dict[str, Fingerprint | None] = {}
            for month in months:
                docs = self._documents(month, locked=True)
                stamps[month] = fingerprint(self._month_path(month))
                codes = [doc["code"] for doc in docs.values() if isinstance(doc.get("code"), str)]
                self._index.add(dict.fromkeys(codes, month), action=self._action)
            self._index.set_verified(stamps, action=self._action)

        try:
            if locked:
                work()
            else:
                # Never make a reader wait for this optimisation.
                with self._locked("update the result index", timeout=0):
                    work()
        except (StorageError, IndexDamaged):
            pass

    def _index_call(self, action: Callable[[], None]) -> None:
        """Run an index update (caller holds the lock), rebuilding a damaged index."""
        try:
            action()
        except IndexDamaged as exc:
            self._note(f"The result index was damaged ({exc}); it was rebuilt.")
            self._rebuild_index()
            action()

    def _index_add(self, entries: Mapping[str, str]) -> None:
        self._index_call(lambda: self._index.add(entries, action=self._action))

    def _index_remove(self, codes: list[str]) -> None:
        if codes:
            self._index_call(lambda: self._index.remove(codes, action=self._action))

    def _unindex_failed_save(self, code: str, month: str) -> None:
        """Best effort: drop the entry of a save whose month write failed.

        Never raises, so the caller's original error is the one reported; a
        stale entry left behind is harmless to lookups.
        """
        with contextlib.suppress(Exception):
            # The write may have failed after the rename: then the entry is right.
            if self._find_in_month(month, code, locked=True) is None:
                self._index.remove([code], action=self._action)

    def _unindex_set_aside_month(self, month: str) -> None:
        """Best effort: the codes of a set-aside file leave the index.

        Lookups tolerate stale entries and purge sweeps old months anyway; a
        damaged or missing index will be rebuilt without this month.
        """
        with contextlib.suppress(StorageError, IndexDamaged):
            self._index.remove_months(lambda indexed: indexed == month, action=_SET_ASIDE)

    def _unindex_old_months(self, cutoff_month: str, emptied: set[str]) -> None:
        """After a purge: forget months deleted, and any month before the cutoff left
        without a file (set aside, deleted by hand, or a crash between file and index)."""
        remaining = set(self._list_months())

        def doomed(month: str) -> bool:
            return month in emptied or (month < cutoff_month and month not in remaining)

        self._index_call(lambda: self._index.remove_months(doomed, action=self._action))


def _duplicate(code: str, month: str) -> StorageError:
    return DuplicateCode(
        f"A different result with code {code!r} is already stored ({month}); a new code is needed."
    )


def _date_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _day_of(value: object, last_day: date) -> date:
    """A record's date; one without a valid date counts as its month's last day."""
    return parse_record_date(value) or last_day


def _record_month(record: Mapping[str, Any]) -> str:
    day = parse_record_date(record.get("date"))
    assert day is not None  # read_backup checked every date
    return month_key(day)


def _export_copy(doc: Mapping[str, Any]) -> Record:
    """Upgraded deep copy, so callers can never alter the store's cache."""
    copied: Record = json.loads(json.dumps(migrate(doc)))
    return copied


def _dated(
    docs: Iterable[Mapping[str, Any]], since: date | None, until: date | None
) -> Iterator[Mapping[str, Any]]:
    """The documents dated from *since* to *until* (ISO dates compare as text)."""
    first = since.isoformat() if since is not None else ""
    last = until.isoformat() if until is not None else "9999"
    for doc in docs:
        day = doc.get("date")
        if isinstance(day, str) and first <= day[:10] <= last:
            yield doc


def _readable(docs: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """Documents at the current schema as they are; older ones upgraded (a copy)."""
    for doc in docs:
        yield doc if doc.get("schema") == SCHEMA_VERSION else migrate(doc)


def _batches(items: Iterable[ExportLine], size: int) -> Iterator[list[ExportLine]]:
    batch: list[ExportLine] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch

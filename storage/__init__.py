"""Durable storage of Diagnum results (pure Python: no UI imports).

Results are kept as TinyDB JSON files, one per month, written crash-safely and
shared safely between kiosks and the adviser console. See
:class:`storage.store.ResultStore` for the API and ``storage.layout`` for the
files on disk.
"""

from storage.backup import BackupReport, RestoreReport
from storage.errors import (
    BackupInvalid,
    CorruptFile,
    DuplicateCode,
    InvalidRecord,
    RestoreConflict,
    StorageError,
    StoreBusy,
    StoreFull,
    StoreUnavailable,
)
from storage.export import export_file, export_records, export_store
from storage.import_file import ImportReport, ImportUnreadable, read_export
from storage.migrations import SCHEMA_VERSION, migrate
from storage.retention import PurgePlan, automatic_purge_refusal, parse_age
from storage.store import ResultStore

__all__ = [
    "SCHEMA_VERSION",
    "BackupInvalid",
    "BackupReport",
    "CorruptFile",
    "DuplicateCode",
    "ImportReport",
    "ImportUnreadable",
    "InvalidRecord",
    "PurgePlan",
    "RestoreConflict",
    "RestoreReport",
    "ResultStore",
    "StorageError",
    "StoreBusy",
    "StoreFull",
    "StoreUnavailable",
    "automatic_purge_refusal",
    "export_file",
    "export_records",
    "export_store",
    "migrate",
    "parse_age",
    "read_export",
]

"""Errors raised by the results store.

Every error derives from :class:`StorageError` and its ``str()`` is a single
human-readable sentence that the kiosk or the adviser console can show as is.
Operating-system errors are translated here so that callers never have to
inspect ``errno`` themselves.
"""

from __future__ import annotations

import errno
from pathlib import Path


class StorageError(Exception):
    """Base class: something prevented the results store from doing its job."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class StoreBusy(StorageError):
    """Another program kept the results locked for longer than the timeout."""

    def __init__(self, timeout: float, action: str = "use the results") -> None:
        super().__init__(
            "The results are in use by another program "
            f"(lock held for more than {timeout:g} s): could not {action}. "
            "Please try again in a moment."
        )
        self.timeout = timeout


class StoreUnavailable(StorageError):
    """The data directory is missing, cannot be created, or is read-only."""


class StoreFull(StorageError):
    """The disk (or the user's quota) is full."""


class InvalidRecord(StorageError, ValueError):
    """The record given to the store is missing a field or is not JSON."""


class DuplicateCode(StorageError):
    """A different record is already stored under the same result code."""


class CorruptFile(StorageError):
    """A results file cannot be decoded (for instance after a hand edit).

    The store handles it itself (the file is set aside); it only escapes to the
    caller from low-level helpers.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"The results file {path.name} is damaged ({reason}).")
        self.path = path
        self.reason = reason


class BackupInvalid(StorageError):
    """A folder given to restore is missing, incomplete, altered or not a backup."""


class RestoreConflict(StorageError):
    """Results of a backup differ from the stored ones; nothing was restored."""

    def __init__(self, codes: list[str]) -> None:
        shown = ", ".join(codes[:_CODES_SHOWN]) + (", …" if len(codes) > _CODES_SHOWN else "")
        super().__init__(
            f"{len(codes)} result(s) in the backup differ from the stored ones ({shown}); "
            "the stored ones may be newer (updated since the backup), so nothing was "
            "restored. To replace them with the backup's version, restore with --force."
        )
        self.codes = tuple(codes)


_CODES_SHOWN = 5
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
# EDQUOT does not exist on every platform.
_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def from_os_error(exc: OSError, action: str, path: Path) -> StorageError:
    """Translate an ``OSError`` raised while doing *action* on *path*.

    *action* is a short verb phrase such as ``"save the result"``.
    """
    detail = exc.strerror or str(exc)
    if exc.errno in _FULL:
        return StoreFull(f"The disk is full: could not {action} in {path.parent} ({detail}).")
    if exc.errno in _READ_ONLY:
        return StoreUnavailable(
            f"The folder {path.parent} is read-only or not writable: could not {action} ({detail})."
        )
    if exc.errno in {errno.ENOENT, errno.ENOTDIR}:
        return StoreUnavailable(
            f"The folder {path.parent} is missing or is not a folder: "
            f"could not {action} ({detail})."
        )
    return StorageError(f"Could not {action} in {path.parent} ({detail}).")

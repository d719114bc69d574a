"""Crash-safe files: atomic replacement and a TinyDB storage built on it.

A kiosk is switched off at the wall, so any write may be cut at any byte.
Plain TinyDB rewrites its JSON file in place, which leaves a truncated,
unreadable file after such a cut. Here every write goes to a temporary file in
the same directory, is flushed to the disk (``fsync``), then atomically renamed
over the target (``os.replace``), and finally the directory itself is flushed
so that the rename survives a power cut. A reader therefore always sees either
the complete old file or the complete new one.

:class:`AtomicJSONStorage` also keeps the last file it read or wrote in memory
so that a save does not pay for parsing and re-serialising a whole month of
results each time (see the class docstring).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import secrets
import stat
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from tinydb.storages import Storage

from storage.errors import CorruptFile, StorageError, from_os_error
from storage.safejson import parse_json

#: Suffix of temporary files; they start with a dot so no listing mistakes them
#: for data files. Leftovers of a crash are removed by the store under its lock.
TEMP_SUFFIX = ".tmp"

_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows only: no newline translation
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

Tables = dict[str, dict[str, dict[str, Any]]]

_MAX_DOC_ID_DIGITS = 18


def is_temp_name(name: str) -> bool:
    """Whether *name* is a temporary file left behind by :func:`atomic_write`."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def fsync_directory(directory: Path) -> None:
    """Flush a directory entry change (create, rename, delete) to the disk."""
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals renames.
        return
    fd = os.open(directory, os.O_RDONLY | _O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _create_temp(path: Path) -> tuple[int, Path]:
    # Not tempfile.mkstemp: it forces mode 0600, and an adviser console running
    # under another account must still be able to read the results.
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
        except FileExistsError:
            continue
        return fd, temp


def _replace(source: Path, target: Path) -> None:
    if os.name != "nt":
        os.replace(source, target)
        return
    # On Windows a reader holding the target open makes the rename fail for a
    # short moment; readers only keep files open for a single read() call.
    for _ in range(50):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(0.01)
    os.replace(source, target)


def atomic_write(path: Path, data: bytes, *, action: str, sync_dir: bool = True) -> None:
    """Replace *path* with *data* so that no crash can leave a partial file.

    *action* describes the write for error messages ("save the result").
    With ``sync_dir=False`` the caller promises to call :func:`fsync_directory`
    itself (used when many files are written in a row). Raises a
    :class:`StorageError` subclass; the target is untouched on failure.
    """
    with atomic_writer(path, action=action, sync_dir=sync_dir) as file:
        file.write(data)


class _Sink:
    """Where an atomic write goes: every byte written, or an error."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        return len(data)


@contextlib.contextmanager
def atomic_writer(path: Path, *, action: str, sync_dir: bool = True) -> Iterator[_Sink]:
    """Something to write *path* with, bit by bit (an export of any size in little
    memory): *path* is replaced only once the block ends without an error, never
    left partial. Errors as for :func:`atomic_write`."""
    try:
        fd, temp = _create_temp(path)
    except OSError as exc:
        raise from_os_error(exc, action, path) from exc
    try:
        try:
            yield _Sink(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise from_os_error(exc, action, path) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if sync_dir:
        sync_directory(path.parent, action)


def sync_directory(directory: Path, action: str) -> None:
    """:func:`fsync_directory` with errors translated to :class:`StorageError`."""
    try:
        fsync_directory(directory)
    except OSError as exc:
        raise from_os_error(exc, action, directory / ".") from exc


def read_bytes(path: Path) -> bytes | None:
    """Return the content of *path*, or ``None`` if it does not exist.

    Something else under the name (a folder, a FIFO, a device) is a
    :class:`CorruptFile`, found without reading it: a FIFO would block for ever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise from_os_error(exc, f"read {path.name}", path) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CorruptFile(path, "not a regular file")
        with open(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise from_os_error(exc, f"read {path.name}", path) from exc
    finally:
        os.close(fd)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many containers.

    Parsing a month creates ~100,000 dicts and lists; each batch of them
    triggers a collection that walks every object of the process, which made
    parsing three times slower. JSON data has no reference cycles to collect.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def decode_tables(raw: bytes, path: Path) -> Tables:
    """Parse and check the content of a TinyDB JSON file.

    Raises :class:`CorruptFile` for any damage (see :mod:`storage.safejson`;
    an empty file is damage, the store never writes one) and for JSON not
    shaped like a TinyDB database (``{table: {doc_id: {...}}}`` with integer
    document ids).
    """
    with gc_paused():
        data = parse_json(raw, path)
    if not isinstance(data, dict):
        raise CorruptFile(path, "not a TinyDB database")
    for table in data.values():
        if not isinstance(table, dict):
            raise CorruptFile(path, "a table is not a JSON object")
        for doc_id, doc in table.items():
            if not _is_doc_id(doc_id) or not isinstance(doc, dict):
                raise CorruptFile(path, f"entry {doc_id[:20]!r} is not a TinyDB document")
    return data


def _is_doc_id(text: str) -> bool:
    # TinyDB turns ids into int(); a very long one would make that raise.
    return text.isascii() and text.isdigit() and len(text) <= _MAX_DOC_ID_DIGITS


class _TrackedDoc(dict[str, Any]):
    """A document that records any change made to it through its methods.

    TinyDB changes documents in place (``table[doc_id].update(fields)``); the
    storage must know which ones changed to re-serialise only those. Changes
    add ``id(self)`` to a set shared with the storage. A false alarm only
    costs a re-serialisation, never a stale line.
    """

    __slots__ = ("_changed",)

    def __init__(self, changed: set[int], data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self._changed = changed

    def _touch(self) -> None:
        self._changed.add(id(self))

    def __setitem__(self, key: str, value: Any) -> None:
        self._touch()
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._touch()
        super().__delitem__(key)

    # typeshed types dict.__ior__ by overloads that a subclass cannot repeat.
    def __ior__(self, other: Any) -> Self:  # type: ignore[override,misc]
        self._touch()
        return super().__ior__(other)

    def clear(self) -> None:
        self._touch()
        super().clear()

    def pop(self, *args: Any) -> Any:
        self._touch()
        return super().pop(*args)

    def popitem(self) -> tuple[str, Any]:
        self._touch()
        return super().popitem()

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._touch()
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._touch()
        super().update(*args, **kwargs)


@dataclass
class _Snapshot:
    """What the file contained the last time this process read or wrote it."""

    raw: bytes
    tables: Tables
    # Serialised line of each document, reused while the document is unchanged;
    # None until first needed (a read-only use of the month never needs it).
    lines: dict[str, dict[str, bytes]] | None = None
    # Whether the documents are _TrackedDoc instances (needed before TinyDB
    # may change them; not for a read-only use).
    tracked: bool = False


class AtomicJSONStorage(Storage):
    """TinyDB storage writing through :func:`atomic_write`.

    The file stays a plain TinyDB JSON file (one document per line, for easy
    inspection), readable by the stock ``JSONStorage``.

    Speed: parsing and serialising a whole month of results would dominate a
    save. So the storage keeps the last version it read or wrote: the parsed
    documents and each document's serialised line. It is reused while the file
    on disk still holds exactly those bytes (checked by comparing them, which
    costs a read from the page cache, not a parse); a write by another process
    changes the bytes and the file is parsed again. On write, a document keeps
    its previous line if it is the very same object and was not changed in
    place (see :class:`_TrackedDoc`). Nested values must not be changed in
    place: the results store never does, and hands out deep copies only.
    """

    def __init__(self, path: Path, *, action: str = "save the results") -> None:
        super().__init__()
        self.path = path
        # Words the errors of write(); the store sets it to the operation under way.
        self.action = action
        self._snapshot: _Snapshot | None = None
        self._changed: set[int] = set()

    def _load(self) -> _Snapshot | None:
        if self._changed:
            # Documents were changed but not written (an update failed before
            # reaching write()): the snapshot no longer matches the file.
            self.forget()
        raw = read_bytes(self.path)
        if raw is None:
            self._snapshot = None
            return None
        if self._snapshot is None or self._snapshot.raw != raw:
            self._snapshot = _Snapshot(raw, decode_tables(raw, self.path))
        return self._snapshot

    def read(self) -> Tables | None:
        snapshot = self._load()
        if snapshot is None or not snapshot.tables:
            return None
        if not snapshot.tracked:
            with gc_paused():
                snapshot.tables = {
                    name: {doc_id: _TrackedDoc(self._changed, doc) for doc_id, doc in docs.items()}
                    for name, docs in snapshot.tables.items()
                }
            snapshot.tracked = True
        # TinyDB rebuilds the tables it changes; the documents themselves are
        # shared and tracked rather than copied.
        return {name: dict(docs) for name, docs in snapshot.tables.items()}

    def documents(self, table: str = "_default") -> Mapping[str, Mapping[str, Any]]:
        """The documents of *table*, without copying: callers must not mutate them."""
        snapshot = self._load()
        if snapshot is None:
            return {}
        return snapshot.tables.get(table, {})

    def write(self, data: Tables) -> None:
        raw, tables, lines = self._serialise(data)
        try:
            atomic_write(self.path, raw, action=self.action)
        except BaseException:
            # The file may or may not have been replaced; re-read it next time.
            self.forget()
            raise
        self._changed.clear()
        self._snapshot = _Snapshot(raw, tables, lines, tracked=True)

    def forget(self) -> None:
        """Drop the in-memory copy (after the file was renamed or deleted)."""
        self._snapshot = None
        self._changed.clear()

    def _serialise(self, data: Tables) -> tuple[bytes, Tables, dict[str, dict[str, bytes]]]:
        """File content, the documents as tracked objects, and their lines."""
        previous = self._snapshot
        if previous is not None and previous.lines is None:
            previous.lines = _existing_lines(previous.raw, previous.tables)
        changed = self._changed
        tables: Tables = {}
        all_lines: dict[str, dict[str, bytes]] = {}
        parts = [b"{"]
        for table_index, (name, docs) in enumerate(data.items()):
            old_docs = previous.tables.get(name, {}) if previous else {}
            old_lines = previous.lines.get(name, {}) if previous and previous.lines else {}
            tracked: dict[str, dict[str, Any]] = {}
            lines: dict[str, bytes] = {}
            # Runs for every document of the month on every save: keep it lean.
            for doc_id, doc in docs.items():
                line = old_lines.get(doc_id)
                if line is None or old_docs.get(doc_id) is not doc or id(doc) in changed:
                    # Document ids are ASCII digit strings (TinyDB's and decode_tables' rule).
                    line = f'\n"{doc_id}": {_dumps(doc)}'.encode()
                    if not isinstance(doc, _TrackedDoc) or doc._changed is not changed:
                        doc = _TrackedDoc(changed, doc)
                tracked[doc_id] = doc
                lines[doc_id] = line
            tables[name] = tracked
            all_lines[name] = lines
            separator = b"," if table_index else b""
            parts.append(separator + f"\n{json.dumps(name)}: {{".encode())
            parts.append(b",".join(lines.values()))
            parts.append(b"}")
        parts.append(b"\n}\n")
        return b"".join(parts), tables, all_lines


_HEAD = b'{\n"_default": {'
_TAIL = b"}\n}\n"


def _existing_lines(raw: bytes, tables: Tables) -> dict[str, dict[str, bytes]]:
    """Each document's line, taken from a file in the layout this module writes.

    Saves re-serialising a month that another process wrote. Any doubt about
    the layout (hand edit, stock TinyDB file) returns nothing: the lines are
    then simply serialised again.
    """
    docs = tables.get("_default")
    if len(tables) != 1 or docs is None or not raw.startswith(_HEAD) or not raw.endswith(_TAIL):
        return {}
    body = raw[len(_HEAD) : -len(_TAIL)]
    if not body:
        return {"_default": {}}
    # json.dumps never emits a raw newline, so every document is one line.
    rows = body.split(b"\n")
    if rows[0] != b"" or len(rows) != len(docs) + 1:
        return {}
    lines: dict[str, bytes] = {}
    last = len(docs)
    for number, (doc_id, row) in enumerate(zip(docs, rows[1:], strict=True), start=1):
        if number != last:
            if not row.endswith(b","):
                return {}
            row = row[:-1]
        if not row.startswith(f'"{doc_id}": {{'.encode()):
            return {}
        lines[doc_id] = b"\n" + row
    return {"_default": lines}


def _dumps(doc: Mapping[str, Any]) -> str:
    try:
        # ASCII output, like TinyDB's own storage, so any reader decodes it.
        return json.dumps(doc, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StorageError(f"A record cannot be written as JSON ({exc}).") from exc

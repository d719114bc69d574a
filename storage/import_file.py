"""Read an export file, line by line, for `ResultStore.import_records`.

The kiosk and the adviser's PC are often different machines: results travel as the
JSON that `diagnum results export --format json` writes (one record per line inside
an array), as JSON Lines, or as the older pretty export (one key per line). Each record
comes with the line it starts on, so a damaged one is reported by its number and
skipped while the rest is imported.

The file is staff input, read defensively: a regular file (never a FIFO or a device),
in bounded lines, so a wrong file gives one clear message and never hangs or fills
the memory.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from storage.errors import InvalidRecord, StorageError
from storage.record import prepare_record

#: A stored record is about a kilobyte; a line longer than this is not one.
MAX_LINE_BYTES = 256 * 1024
#: The old pretty export spreads a record over about fifty lines.
MAX_RECORD_LINES = 2_000


class ImportUnreadable(StorageError):
    """The file as a whole cannot be imported (missing, a folder, not an export).

    ``reason`` names the case for an interface in another language: missing,
    unreadable, folder, not_a_file, empty or not_an_export."""

    def __init__(self, message: str, reason: str, path: Path) -> None:
        super().__init__(message)
        self.reason = reason
        self.path = path


@dataclass(frozen=True)
class ExportLine:
    """One record of an export, or why the lines from ``line`` are not one."""

    line: int
    record: dict[str, Any] | None = None
    problem: str | None = None


@dataclass
class ImportReport:
    """What an import did: counts, and each damaged record's line and reason."""

    added: int = 0
    already_here: int = 0
    differs: int = 0  # a different result with the same code: this PC's version kept
    damaged: list[tuple[int, str]] = field(default_factory=list)

    def prepare(self, item: ExportLine) -> dict[str, Any] | None:
        """The record ready to store, or ``None`` (noted as damaged)."""
        if item.record is None:
            self.damaged.append((item.line, item.problem or "not a result"))
            return None
        try:
            return prepare_record(item.record)[0]
        except InvalidRecord as error:
            self.damaged.append((item.line, error.message))
            return None


def read_export(path: Path) -> Iterator[ExportLine]:
    """The records of an export, each with its first line number."""
    with _open_export(path) as file:
        first = _next_line(file, 1)
        if first is None:
            raise ImportUnreadable(f"{path.name} is empty: it is not an export.", "empty", path)
        if first[1].strip() not in (b"[", b"") and not first[1].lstrip().startswith(b"{"):
            message = f"{path.name} is not an export of Diagnum results (it starts with [ or {{)."
            raise ImportUnreadable(message, "not_an_export", path)
        yield from _records(file, first)


def _open_export(path: Path) -> IO[bytes]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ImportUnreadable(f"{path} does not exist.", "missing", path) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportUnreadable(f"{path} is a folder: choose the export file in it.", "folder", path)
    if not stat.S_ISREG(info.st_mode):
        message = f"{path} is not a regular file: choose an export file."
        raise ImportUnreadable(message, "not_a_file", path)
    try:
        return path.open("rb")
    except OSError as error:
        raise _unreadable(path, error) from None


def _unreadable(path: Path, error: OSError) -> ImportUnreadable:
    return ImportUnreadable(f"{path} cannot be read: {error.strerror}.", "unreadable", path)


def _next_line(file: IO[bytes], number: int) -> tuple[int, bytes] | None:
    """The next line and its number; an over-long line is cut and flagged by the caller."""
    line = file.readline(MAX_LINE_BYTES + 1)
    return None if not line else (number, line)


def _records(file: IO[bytes], first: tuple[int, bytes]) -> Iterator[ExportLine]:
    number, line = first
    pending: list[bytes] = []  # the lines of a record of the old pretty export
    start = 0
    while True:
        if len(line) > MAX_LINE_BYTES:
            yield ExportLine(number, problem="line too long: not a result")
            _skip_rest_of_line(file)
        elif pending or _opens_pretty_record(line):
            start = start if pending else number
            pending.append(line)
            if _closes_pretty_record(line) or len(pending) > MAX_RECORD_LINES:
                yield _parsed(start, b"".join(pending))
                pending = []
        else:
            text = line.strip().rstrip(b",")
            if text not in (b"", b"[", b"]"):
                yield _parsed(number, text)
        following = _next_line(file, number + 1)
        if following is None:
            break
        number, line = following
    if pending:
        yield ExportLine(start, problem="the file ends in the middle of a result")


def _skip_rest_of_line(file: IO[bytes]) -> None:
    while True:
        chunk = file.readline(MAX_LINE_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def _opens_pretty_record(line: bytes) -> bool:
    # json.dump(records, indent=2) opens each record alone on a line: "  {".
    return line.rstrip() == b"  {"


def _closes_pretty_record(line: bytes) -> bool:
    return line.rstrip().rstrip(b",") == b"  }"


def _parsed(line: int, text: bytes) -> ExportLine:
    try:
        value = json.loads(text.rstrip().rstrip(b","))
    except UnicodeDecodeError:
        return ExportLine(line, problem="not UTF-8 text")
    except (json.JSONDecodeError, RecursionError):
        return ExportLine(line, problem="damaged JSON")
    if not isinstance(value, dict):
        return ExportLine(line, problem="not a result (a JSON object is expected)")
    return ExportLine(line, record=value)

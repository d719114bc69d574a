"""The kiosk's log: errors and restarts for staff, and never anything about a person.

- A traceback is logged as its frames and exception types only: no local variables
  and no exception message, since either may hold a person's answers or code.
- One file per month (`logs/kiosk-2026-11.log`), each bounded in size: when a file
  reaches `MAX_LOG_BYTES` it becomes `kiosk-2026-11.1.log` and a new one starts.
- `purge_logs` removes every entry older than the retention cutoff, like the results.
- If the data folder cannot hold the log, it goes to the platform's log folder, and
  failing that to standard error: a kiosk that cannot log must still run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import time
import traceback
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import TracebackType

from terminal.printable import printable

LOG_STEM = "kiosk"
MAX_LOG_BYTES = 512 * 1024
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_DATED_LINE = re.compile(rb"^(\d{4}-\d{2}-\d{2}) ")


def exception_outline(error: BaseException) -> str:
    """Where an exception happened, without any value: types and frames only."""
    parts: list[str] = []
    for exc in _chain(error):
        frames = traceback.extract_tb(exc.__traceback__)
        parts.append("Traceback (values left out of the log on purpose):")
        for frame in frames:
            parts.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        parts.append(type(exc).__qualname__)
    return "\n".join(parts)


def _chain(error: BaseException) -> list[BaseException]:
    """The exception, what caused it, and what a Textual worker wrapped, oldest first."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and not any(current is known for known in seen):
        seen.append(current)
        inner = getattr(current, "error", None)  # textual.worker.WorkerFailed
        if isinstance(inner, BaseException):
            current = inner
        else:
            current = current.__cause__ or current.__context__
    return list(reversed(seen))


class SafeFormatter(logging.Formatter):
    """Escapes control characters and leaves values out of tracebacks."""

    def __init__(self) -> None:
        super().__init__(FORMAT)

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        return "" if ei[1] is None else exception_outline(ei[1])

    def formatStack(self, stack_info: str) -> str:
        return ""  # a stack dump can carry values too

    def format(self, record: logging.LogRecord) -> str:
        # The message on one line (a newline in it could forge a dated entry); the
        # traceback outline, which this class writes itself, keeps its lines.
        message = printable(record.getMessage())
        flat = logging.makeLogRecord({**record.__dict__, "msg": message, "args": None})
        return printable(super().format(flat), keep_newlines=True)


def month_of(timestamp: float) -> str:
    return time.strftime("%Y-%m", time.localtime(timestamp))


class MonthlyLogFile(logging.FileHandler):
    """`kiosk-YYYY-MM.log` for the month of each entry, at most two files of
    `MAX_LOG_BYTES` a month."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.month = month_of(time.time())
        super().__init__(self._path(), encoding="utf-8")

    def _path(self, part: str = "") -> Path:
        return self.folder / f"{LOG_STEM}-{self.month}{part}.log"

    def emit(self, record: logging.LogRecord) -> None:
        # A log that cannot be written (folder removed, disk gone) must never stop
        # what was being logged: handleError drops the entry quietly.
        try:
            month = month_of(record.created)
            full = self.stream is not None and self.stream.tell() >= MAX_LOG_BYTES
            if month != self.month or full:
                self._roll_over(month, full and month == self.month)
            super().emit(record)
        except Exception:
            self.handleError(record)

    def _roll_over(self, month: str, keep_as_older: bool) -> None:
        self.close()
        if keep_as_older:
            with contextlib.suppress(OSError):
                os.replace(self._path(), self._path(".1"))
        self.month = month
        self.baseFilename = os.fspath(self._path())
        self.stream = self._open()


def platform_log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path("diagnum", appauthor=False)


def start_logging(data_dir: Path) -> Path | None:
    """Log to the data folder, else the platform's log folder, else standard error
    when it is not the kiosk's own screen (a service manager collects it).

    Returns the folder of the log file in use (None otherwise).
    """
    # An entry that cannot be written is dropped, never printed on the public's screen.
    logging.raiseExceptions = False
    handler: logging.Handler | None = None
    folder: Path | None = None
    for candidate in (data_dir / "logs", platform_log_dir()):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            handler, folder = MonthlyLogFile(candidate), candidate
            break
        except OSError:
            continue
    if handler is None:
        on_screen = sys.stderr is None or sys.stderr.isatty()
        handler = logging.NullHandler() if on_screen else logging.StreamHandler(sys.stderr)
    handler.setFormatter(SafeFormatter())
    root = logging.getLogger()
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    return folder


def log_files(folder: Path) -> Iterator[Path]:
    """The kiosk's log files in a folder, including the single `kiosk.log` of old versions."""
    with contextlib.suppress(OSError):
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(LOG_STEM) and ".log" in entry.name and entry.is_file():
                yield entry


def purge_logs(folders: list[Path], cutoff: date) -> int:
    """Remove every log entry dated before ``cutoff``; returns how many files changed.

    Entries are in time order, so a file keeps the part from its first entry dated on
    or after the cutoff: the lines before it (an older entry's traceback) go too.
    """
    changed = 0
    for folder in folders:
        for path in log_files(folder):
            with contextlib.suppress(OSError):
                changed += _purge_log_file(path, cutoff.isoformat().encode())
    return changed


def _purge_log_file(path: Path, cutoff: bytes) -> int:
    lines = path.read_bytes().splitlines(keepends=True)
    for number, line in enumerate(lines):
        dated = _DATED_LINE.match(line)
        if dated and dated.group(1) >= cutoff:
            kept = lines[number:]
            break
    else:
        kept = []
    if len(kept) == len(lines):
        return 0
    if not kept:
        path.unlink()
        return 1
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(b"".join(kept))
    os.replace(temporary, path)
    return 1


def log_folders(data_dir: Path) -> list[Path]:
    """Every folder the kiosk may have logged to, for the retention purge."""
    return [data_dir / "logs", platform_log_dir()]

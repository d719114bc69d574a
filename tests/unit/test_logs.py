"""The log holds no personal data, stays bounded, is purged, and always goes somewhere."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from terminal import logs
from terminal.logs import MonthlyLogFile, SafeFormatter, exception_outline, purge_logs
from terminal.printable import printable


@pytest.fixture
def logger(tmp_path: Path) -> Iterator[logging.Logger]:
    """A logger writing through the kiosk's handler into tmp_path/logs."""
    folder = tmp_path / "logs"
    folder.mkdir()
    handler = MonthlyLogFile(folder)
    handler.setFormatter(SafeFormatter())
    log = logging.getLogger("diagnum.test-logs")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    yield log
    handler.close()


def text_of(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("kiosk*")))


def fail_with_answers() -> None:
    answers = {"smartphone": "own", "code": "K7M4QX"}  # a local variable of the frame
    raise ValueError(f"bad answer {answers}")


def test_a_traceback_is_logged_without_values(logger: logging.Logger, tmp_path: Path) -> None:
    try:
        try:
            fail_with_answers()
        except ValueError as error:
            raise RuntimeError("while saving K7M4QX") from error
    except RuntimeError:
        logger.exception("the kiosk failed")
    text = text_of(tmp_path / "logs")
    assert "the kiosk failed" in text
    assert "in fail_with_answers" in text  # where: the frames stay
    assert "ValueError" in text and "RuntimeError" in text
    assert "K7M4QX" not in text and "smartphone" not in text  # no message, no locals


def test_a_failed_worker_is_outlined_through_its_wrapped_error() -> None:
    class WorkerFailed(Exception):  # the shape of textual.worker.WorkerFailed
        def __init__(self, error: BaseException) -> None:
            self.error = error
            super().__init__(f"Worker raised exception: {error!r}")

    try:
        fail_with_answers()
    except ValueError as error:
        outline = exception_outline(WorkerFailed(error))
    assert "in fail_with_answers" in outline
    assert "own" not in outline


def test_control_characters_are_escaped_in_the_log(logger: logging.Logger, tmp_path: Path) -> None:
    logger.error("bad file %s", "evil\x1b[2J\rname\u202e")
    text = text_of(tmp_path / "logs")
    assert "\x1b" not in text and "\r" not in text and "\u202e" not in text
    assert "evil\\x1b[2J\\x0dname\\u202e" in text


def test_printable_keeps_what_people_read() -> None:
    assert printable("Café 👩‍💻 ok") == "Café 👩‍💻 ok"  # the emoji's joiner stays
    assert printable("a\nb\tc") == "a\\x0ab c"
    assert printable("a\nb", keep_newlines=True) == "a\nb"
    assert printable("\x7f\x9b") == "\\x7f\\x9b"


def test_one_file_a_month_bounded_in_size(
    logger: logging.Logger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_LOG_BYTES", 2000)
    for number in range(100):
        logger.info("entry %03d %s", number, "x" * 40)
    month = logs.month_of(time.time())
    current = tmp_path / "logs" / f"kiosk-{month}.log"
    older = tmp_path / "logs" / f"kiosk-{month}.1.log"
    assert current.stat().st_size <= 2000 + 200
    assert older.stat().st_size <= 2000 + 200
    assert "entry 099" in current.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "logs").iterdir()) == sorted(
        [current.name, older.name]
    )


def test_a_new_month_starts_a_new_file(logger: logging.Logger, tmp_path: Path) -> None:
    record = logger.makeRecord(logger.name, logging.INFO, __file__, 1, "later", (), None)
    record.created = 4102444800.0  # 2100-01-01
    logger.handle(record)
    assert (tmp_path / "logs" / "kiosk-2100-01.log").read_text(encoding="utf-8").count("later")


def write_log(path: Path, *lines: str) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_purge_removes_every_entry_before_the_cutoff(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    write_log(folder / "kiosk-2025-09.log", "2025-09-03 10:00:00,000 ERROR x: result OLD001")
    write_log(
        folder / "kiosk-2025-11.log",
        "2025-11-02 10:00:00,000 ERROR x: result OLD002 not saved",
        "Traceback (values left out of the log on purpose):",
        '  File "a.py", line 1, in f',
        "2025-11-30 10:00:00,000 ERROR x: result NEW001 not saved",
    )
    # The single log of earlier versions, with a traceback printed before its entry.
    write_log(
        folder / "kiosk.log",
        "│ answers = {'smartphone': 'OLD003'} │",
        "2025-10-01 09:00:00,000 ERROR diagnum: kiosk failed, restarting (1)",
    )
    write_log(folder / "notes.txt", "2020-01-01 not a log of ours")
    changed = purge_logs([folder, tmp_path / "missing"], date(2025, 11, 23))
    assert changed == 3
    left = text_of(folder)
    assert "OLD00" not in left
    assert left.startswith("2025-11-30") and "NEW001" in left
    assert (folder / "notes.txt").exists()
    assert not list(folder.glob(".*"))  # no temporary file left behind
    assert purge_logs([folder], date(2025, 11, 23)) == 0


def test_logging_falls_back_when_the_data_folder_cannot_hold_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")
    fallback = tmp_path / "state" / "log"
    monkeypatch.setattr(logs, "platform_log_dir", lambda: fallback)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        assert logs.start_logging(not_a_folder) == fallback
        logging.getLogger("diagnum").error("results cannot be saved")
        assert "results cannot be saved" in text_of(fallback)
        monkeypatch.setattr(logs, "platform_log_dir", lambda: not_a_folder / "log")
        # Standard error, still running (here a pipe; never the kiosk's own screen).
        assert logs.start_logging(not_a_folder) is None
        assert isinstance(root.handlers[0], logging.StreamHandler)
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], level = saved
        root.setLevel(level)
    assert os.path.isfile(not_a_folder)


def test_a_log_that_cannot_be_written_never_stops_the_kiosk(
    logger: logging.Logger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging, "raiseExceptions", False)
    handler = logger.handlers[0]
    assert isinstance(handler, MonthlyLogFile)
    handler.close()
    for entry in (tmp_path / "logs").iterdir():
        entry.unlink()
    (tmp_path / "logs").rmdir()  # staff removed it, or the USB stick went away
    handler.month = "1999-01"  # the next entry starts a new month: the file is reopened
    logger.error("first")
    logger.error("second")  # no exception, and the kiosk carries on


def test_a_newline_in_a_message_cannot_forge_an_entry(
    logger: logging.Logger, tmp_path: Path
) -> None:
    logger.error("name %s", "x\n2099-01-01 00:00:00,000 INFO forged")
    lines = text_of(tmp_path / "logs").splitlines()
    assert len(lines) == 1
    assert "\\x0a2099-01-01" in lines[0]

"""Send a ticket to the system's print queue (CUPS ``lp``).

``lp`` only hands the PDF to the queue and answers at once; the printer itself may
still fail later (no paper), which CUPS shows to staff, not to the kiosk. What can go
wrong here is said in one line, for the log: ``lp`` missing, refused, or silent.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess

# lp answers in well under a second; a hung CUPS server must not keep the kiosk's
# worker for long.
PRINT_TIMEOUT_SECONDS = 30.0
# The job's name in the queue, the same for everyone: never a person's code.
JOB_TITLE = "Diagnum"


class PrintError(Exception):
    """The ticket was not handed to the print queue; the message says why, in one line."""


def print_ticket(pdf: bytes, printer: str, timeout: float = PRINT_TIMEOUT_SECONDS) -> None:
    """Queue ``pdf`` on the CUPS printer ``printer``; raises PrintError if it was not."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError("the lp command (CUPS) is not installed")
    # The PDF goes on standard input: no temporary file with a person's code in it.
    # fit-to-page: an A4 ticket on a queue set for Letter paper is shrunk, not cut.
    command = [lp, "-d", printer, "-t", JOB_TITLE, "-o", "fit-to-page", "-s"]
    try:
        # Its own process group: on a time-out, whatever lp started goes too.
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        raise PrintError(f"lp could not be started ({error.strerror or error})") from None
    try:
        _, stderr = process.communicate(pdf, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise PrintError(f"lp did not answer within {timeout:g} s") from None
    except OSError as error:  # lp quit without reading the PDF
        _kill(process)
        raise PrintError(f"lp stopped reading the ticket ({error.strerror or error})") from None
    if process.returncode != 0:
        raise PrintError(f"lp failed (exit {process.returncode}): {_first_line(stderr)}")


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
        process.kill()
    process.communicate()


def _first_line(output: bytes) -> str:
    for line in output.decode("utf-8", errors="replace").splitlines():
        if line.strip():
            return line.strip()[:200]
    return "no message"

"""Run the real `diagnum` program on a pseudo-terminal, type into it, read what it draws."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


class PtyKiosk:
    def __init__(self, args: list[str], *, size: tuple[int, int] = (80, 24), cwd: Path) -> None:
        self.master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        self.process = subprocess.Popen(
            [sys.executable, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.raw = b""

    def read(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.raw += chunk

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw.decode("utf-8", errors="replace"))

    def wait_for(self, needle: str, timeout: float = 20.0, *, after: int = 0) -> int:
        """Wait until ``needle`` is drawn (after text offset ``after``); return its end."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read(0.1)
            found = self.text.find(needle, after)
            if found >= 0:
                return found + len(needle)
            if self.process.poll() is not None:
                self.read(0.2)
                break
        raise AssertionError(
            f"{needle!r} never appeared; screen text ends with:\n{self.text[-800:]}"
        )

    def press(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            os.write(self.master, key.encode())
            self.read(pause)

    def close(self) -> int:
        if self.process.poll() is None:
            self.process.kill()
        code = self.process.wait(timeout=10)
        os.close(self.master)
        return code

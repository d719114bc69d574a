"""Run a terminal program on a pseudo-terminal, type into it, and time what it draws.

Used by the benchmarks (timings) and by the tests (a real program in a real terminal).
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping
from pathlib import Path

ANSI = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b\][^\x07]*\x07|\x1b[78=>cDEHMNOZ\\]"
)


class PtySession:
    """A program on a pty of a given size; `wait_for` returns the moment text was drawn."""

    def __init__(
        self,
        args: list[str],
        *,
        size: tuple[int, int] = (80, 24),
        cwd: Path,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, **(env or {})}
        environment.update(TERM="xterm-256color", COLUMNS=str(columns), LINES=str(rows))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=environment,
            start_new_session=True,
        )
        os.close(slave)
        self.raw = b""
        # The text seen so far, without escape codes, kept up to date chunk by chunk:
        # timing must not slow down as the session's output grows.
        self._text = ""
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.seen_at = 0.0

    def _read_once(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.raw += chunk
        self._pending += self._decoder.decode(chunk)
        # An escape sequence may be cut between two reads: keep an unfinished one back.
        cut = self._pending.rfind("\x1b")
        if cut >= 0 and not ANSI.match(self._pending, cut):
            done, self._pending = self._pending[:cut], self._pending[cut:]
        else:
            done, self._pending = self._pending, ""
        self._text += ANSI.sub("", done)
        return bool(chunk)

    def read(self, seconds: float = 0.05) -> None:
        """Keep reading for ``seconds``."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            self._read_once(left)

    @property
    def text(self) -> str:
        return self._text

    def mark(self) -> int:
        """An offset in the text: `wait_for(..., after=mark)` only looks at what came later."""
        return len(self.text)

    def wait_for(self, needle: str, timeout: float = 20.0, *, after: int = 0) -> int:
        """Wait until ``needle`` is drawn after ``after``; return the text offset past it."""
        end = time.perf_counter() + timeout
        while True:
            found = self.text.find(needle, after)
            if found >= 0:
                self.seen_at = time.perf_counter()
                return found + len(needle)
            left = end - time.perf_counter()
            if left <= 0 or (
                not self._read_once(min(left, 0.5)) and self.process.poll() is not None
            ):
                break
        raise AssertionError(
            f"{needle!r} never appeared; screen text ends with:\n{self.text[-800:]}"
        )

    def press(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            os.write(self.master, key.encode())
            self.read(pause)

    def send(self, key: str) -> float:
        """Type one key now; the moment it was sent."""
        moment = time.perf_counter()
        os.write(self.master, key.encode())
        return moment

    def peak_rss_kib(self) -> int:
        """The process's peak resident memory so far (VmHWM), in KiB."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmHWM")

    def close(self) -> int:
        if self.process.poll() is None:
            self.process.kill()
        code = self.process.wait(timeout=10)
        os.close(self.master)
        return code

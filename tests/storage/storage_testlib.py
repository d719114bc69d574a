"""Helpers shared by the storage tests (imported by name: pytest puts this
folder on ``sys.path``, as it has no ``__init__.py``)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def make_record(code: str = "K7M4QX", day: str = "2026-11-05", **extra: Any) -> dict[str, Any]:
    """A result shaped like the kiosk's."""
    record: dict[str, Any] = {
        "code": code,
        "date": day,
        "created_at": f"{day}T10:00:00+01:00",
        "questionnaire": "diagnostic-emploi",
        "questionnaire_version": "1.2",
        "language": "fr",
        "answers": {"q01": ["a", "b"], "q02": ["c"], "q03": []},
        "levels": {"mobility": 2, "digital": 4},
    }
    record.update(extra)
    return record


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def tmpfs(path: Path, size_kib: int) -> Iterator[Path]:
    """Mount a small RAM file system on *path* (root only), or skip the test.

    It gives real ENOSPC and EROFS errors without touching the host's disks.
    """
    if not is_root() or shutil.which("mount") is None:
        pytest.skip("mounting a test file system needs root")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0755", "tmpfs", str(path)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)


def leftover_temp_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.rglob("*.tmp"))


def index_entries(data_dir: Path) -> dict[str, str]:
    """Every ``code -> month`` entry of the index shards, read from the disk."""
    entries: dict[str, str] = {}
    for shard in sorted((data_dir / "results" / "index").glob("[0-9][0-9].json")):
        entries.update(json.loads(shard.read_bytes()))
    return entries


@contextmanager
def full_disk(
    monkeypatch: pytest.MonkeyPatch, when: Callable[[bytes], bool] = lambda data: True
) -> Iterator[None]:
    """Simulate a full disk: writing *data* for which *when* is true fails with ENOSPC.

    Only for the duration of the block; the store's own code runs unchanged.
    """
    real_write = os.write

    def write(fd: int, data: Any) -> int:
        if when(bytes(data)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", write)
        yield


def is_month_file(data: bytes) -> bool:
    """Whether *data* being written is a month file (index files have no tables)."""
    return b'"_default"' in data


_HOLD_LOCK = """
import sys, filelock
lock = filelock.FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.read()
"""


@contextmanager
def lock_held_elsewhere(data_dir: Path) -> Iterator[None]:
    """Another process holds the store's lock until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(data_dir / "results" / ".lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)

"""Real processes: power cuts (SIGKILL) and several kiosks on one directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import storage_crash_harness
from storage_testlib import leftover_temp_files

from storage import ResultStore

HERE = Path(__file__).parent
posix_only = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@pytest.mark.slow
@posix_only
def test_kill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    rounds = int(os.environ.get("DIAGNUM_CRASH_ROUNDS", "20"))
    report = storage_crash_harness.run_rounds(tmp_path / "data", rounds, seed=rounds)
    assert report.failures == []
    assert report.passed == rounds
    assert report.acknowledged > rounds  # the children really got work done


@pytest.mark.slow
def test_two_writers_and_a_reader_share_a_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    stop = tmp_path / "stop"
    per_writer = 100
    worker = str(HERE / "storage_workers.py")
    reader = subprocess.Popen(
        [sys.executable, worker, "reader", str(data_dir), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    writers = [
        subprocess.Popen(
            [sys.executable, worker, "writer", str(data_dir), prefix, str(per_writer)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("KA", "KB")
    ]
    writer_errors = [writer.communicate(timeout=120)[1] for writer in writers]
    stop.touch()
    reads, reader_errors = reader.communicate(timeout=60)

    assert [writer.returncode for writer in writers] == [0, 0], writer_errors
    assert reader.returncode == 0, reader_errors
    assert int(reads) > 0
    store = ResultStore(data_dir)
    expected = {f"{prefix}{n:04d}" for prefix in ("KA", "KB") for n in range(per_writer)}
    assert {record["code"] for record in store.records()} == expected
    assert store.count() == 2 * per_writer
    assert all(store.find(code) is not None for code in expected)
    assert store.problems == []
    assert leftover_temp_files(data_dir) == []

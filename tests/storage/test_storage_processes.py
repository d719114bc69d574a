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
@posix_only
@pytest.mark.parametrize("kind", ["U", "P"], ids=["update", "purge"])
def test_kill_inside_an_update_or_a_purge_of_a_large_month(tmp_path: Path, kind: str) -> None:
    """Each round kills the child shortly after it announced an update (or a purge) of a
    month of 1,500 results, so the kill lands inside the month rewrite or the index
    changes that follow; then every promise is checked (see storage_crash_harness)."""
    rounds = [
        storage_crash_harness.run_focused_round(tmp_path / f"round{seed}", kind, seed)
        for seed in range(3)
    ]
    assert [failure for played in rounds for failure in played.failures] == []
    assert all(played.acknowledged > 0 for played in rounds)
    # The kill cut a call of the intended kind (not the gap between two calls).
    assert any(played.cut_call and played.cut_call.startswith(f"> {kind} ") for played in rounds)


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

"""The benchmark script runs (smoke mode) and reports its table."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "storage.py"


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="the kill test needs SIGKILL")
def test_benchmark_quick_mode(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--crash-rounds", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "ours p50" in done.stdout
    assert "TinyDB p50" in done.stdout
    assert "find(code) latency" in done.stdout
    assert "Kill test: 2/2 rounds passed" in done.stdout

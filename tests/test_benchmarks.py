"""The benchmark suite runs and prints every row (a smoke test: no timing is checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ROWS = [
    "cold start: welcome drawn",
    "cold start: first key answered",
    "answer → next question drawn",
    "finish → QR drawn, saved+fsynced, 0 stored",
    "finish → QR drawn, saved+fsynced, 300 stored",
    "QR version, worst case",
    "QR screen cells",
    "peak RSS after a full questionnaire",
    "funders' report, 5,000 records",
    "console open → funders' report drawn, 2,000 results",
    "scan → report drawn",
    "results export (JSON), 2,000 results",
    "check as typed (editor), default file",
    "import the default workbook (xlsx)",
    "look for a new version, nothing changed",
]


def quick_run(benchmark: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / benchmark), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_benchmark_suite_prints_every_row() -> None:
    done = quick_run("run.py")
    header = done.stdout.splitlines()[0]
    assert all(column in header for column in ("figure", "baseline", "ratio", "target"))
    for row in ROWS:
        assert row in done.stdout, row


def test_hostile_files_benchmark_refuses_every_file() -> None:
    done = quick_run("hostile_files.py")
    rows = [line for line in done.stdout.splitlines() if line.startswith("refuse")]
    assert len(rows) >= 10
    assert "billion laughs" in done.stdout

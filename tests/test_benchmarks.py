"""The benchmark suite runs and prints every row (a smoke test: no timing is checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each part of the suite and the rows it prints. Run as separate tests: the parts
# spread over the test workers instead of one long run at the end.
ROWS = {
    "start": [
        "cold start: welcome drawn",
        "cold start: first key answered",
        "answer → next question drawn",
    ],
    "finish": [
        "finish → QR drawn, saved+fsynced, 0 stored",
        "finish → QR drawn, saved+fsynced, 300 stored",
        "QR version, worst case",
        "QR screen cells",
        "peak RSS after a full questionnaire",
    ],
    "decoding": ["decode 1,000 codes", "decode: the Reed–Solomon check alone"],
    "reports": ["funders' report, 5,000 records"],
    "console": [
        "console open → funders' report drawn, 2,000 results",
        "scan → report drawn",
        "results export (JSON), 2,000 results",
    ],
    "questionnaires": [
        "check as typed (editor), default file",
        "import the default workbook (xlsx)",
        "look for a new version, nothing changed",
    ],
    "pictures": [
        "question screen drawn, 6 pictures (cached), kitty",
        "question screen drawn, 6 pictures (cached), sixel",
    ],
}


def quick_run(benchmark: str, *options: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / benchmark), "--quick", *options],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_every_part_of_the_suite_is_listed() -> None:
    from benchmarks.run import SECTIONS

    assert tuple(ROWS) == SECTIONS


@pytest.mark.parametrize("section", list(ROWS))
def test_benchmark_suite_prints_every_row(section: str) -> None:
    done = quick_run("run.py", "--only", section)
    header = done.stdout.splitlines()[0]
    assert all(column in header for column in ("figure", "baseline", "ratio", "target"))
    for row in ROWS[section]:
        assert row in done.stdout, row


def test_hostile_files_benchmark_refuses_every_file() -> None:
    done = quick_run("hostile_files.py")
    rows = [line for line in done.stdout.splitlines() if line.startswith("refuse")]
    assert len(rows) >= 10
    assert "billion laughs" in done.stdout

"""The real kiosk and the real commands with their clock moved years ahead and years back.

libfaketime (Debian package `faketime`) moves the clock of the process only. Nothing
stored may be deleted, and nobody who finishes the questionnaire is left without a code.
"""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.pty_session import PtySession
from questionnaires.model import Questionnaire
from storage import ResultStore
from tests.conftest import SHORT_FILE
from tests.functional.disk import log_text
from tests.functional.pty_walk import walk_to_the_code
from tests.functional.test_cli import diagnum

ROOT = Path(__file__).resolve().parents[2]
LIBFAKETIME = next(
    (
        path
        for path in (
            Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path("/usr/lib/faketime/libfaketimeMT.so.1"),
        )
        if path.exists()
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    LIBFAKETIME is None, reason="libfaketime is not installed (Debian package faketime)"
)
YEARS_AHEAD, YEARS_BACK = "+730d", "-730d"


def fake_clock(offset: str) -> dict[str, str]:
    return {
        "LD_PRELOAD": str(LIBFAKETIME),
        "FAKETIME": offset,
        # Timers and the input guard use the monotonic clock: leave it alone.
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }


def seed(data_dir: Path) -> list[str]:
    """Results of the last weeks, by the real clock."""
    store = ResultStore(data_dir)
    codes = []
    for number, age in enumerate((30, 12, 1)):
        day = (date.today() - timedelta(days=age)).isoformat()
        code = f"SEED0{number}"
        store.save({"code": code, "date": day, "created_at": f"{day}T10:00:00", "answers": {}})
        codes.append(code)
    return codes


def stored_codes(data_dir: Path) -> set[str]:
    return {str(r["code"]) for r in ResultStore(data_dir).records()}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("offset", "saved"),
    [(YEARS_AHEAD, "Enregistré"), (YEARS_BACK, "Pas enregistré")],
)
def test_the_kiosk_keeps_every_result_and_gives_a_code(
    offset: str, saved: str, short_questionnaire: Questionnaire, tmp_path: Path
) -> None:
    seeded = seed(tmp_path)
    args = ["--data-dir", str(tmp_path), "--questionnaire", str(SHORT_FILE)]
    kiosk = PtySession(["-m", "terminal", *args], cwd=ROOT, env=fake_clock(offset))
    try:
        # Told to staff on the welcome screen (words that never wrap across lines).
        kiosk.wait_for("pas été effacés" if offset == YEARS_AHEAD else "est fausse")
        walk_to_the_code(kiosk, short_questionnaire, consent=True)
        kiosk.wait_for(saved)
        kiosk.wait_for("Code complet")
        assert "Traceback" not in kiosk.text
        assert kiosk.process.poll() is None
    finally:
        kiosk.close()
    codes = stored_codes(tmp_path)
    assert set(seeded) <= codes
    # Two years ahead is a plausible date: the result is kept. Two years back is before
    # Diagnum existed: filed under it, it would be purged early, so it is not kept.
    assert len(codes) == len(seeded) + (offset == YEARS_AHEAD)
    assert "clock" in log_text(tmp_path)


def cli(offset: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return diagnum(*args, data_dir=data_dir, env=fake_clock(offset))


@pytest.mark.parametrize("offset", [YEARS_AHEAD, YEARS_BACK])
def test_the_commands_delete_nothing_unasked(offset: str, payload: str, tmp_path: Path) -> None:
    seeded = seed(tmp_path)
    done = cli(offset, tmp_path, "results", "purge")
    assert "Traceback" not in done.stderr
    if offset == YEARS_AHEAD:
        # By hand, a purge is possible, but it says what it will do and asks first.
        assert "3 of 3" in done.stdout
        assert "Warning" in done.stdout and "clock" in done.stdout
        assert done.returncode == 2 and "add --yes" in done.stderr
    else:
        assert done.returncode == 0 and "0 of 3" in done.stdout
    assert stored_codes(tmp_path) == set(seeded)
    export = cli(offset, tmp_path, "results", "export", "--format", "json")
    assert export.returncode == 0, export.stderr
    assert all(code in export.stdout for code in seeded)
    decoded = cli(offset, tmp_path, "decode", payload)
    assert decoded.returncode == 0, decoded.stderr
    assert "K7M-4QX" in decoded.stdout and "23/11/2026" in decoded.stdout

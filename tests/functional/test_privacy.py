"""Nothing of a person reaches the disk without their consent, and retention leaves no trace.

Real processes: the kiosk crashes with answers in memory; the purge runs as staff run it.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from pathlib import Path

from benchmarks.pty_session import PtySession
from questionnaires.model import Questionnaire
from tests.conftest import SHORT_FILE
from tests.functional.disk import bytes_under, files_under, log_text
from tests.functional.pty_walk import walk_to_the_result
from tests.functional.test_cli import diagnum

ROOT = Path(__file__).resolve().parents[2]
ENTER = "\r"


def isolated_home(tmp_path: Path) -> dict[str, str]:
    """Every place the program could write to by default, inside tmp_path."""
    home = tmp_path / "home"
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }


def test_a_crash_after_a_no_writes_nothing_of_the_person(
    short_questionnaire: Questionnaire, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    # The worst kind of failure: its message and its frames' variables hold the code
    # and every answer.
    script = textwrap.dedent(
        f"""
        import questionnaires.result as result
        import terminal.kiosk.screens.result as screen

        result.new_result_code = lambda: "ZZ9ZZ9"

        def broken(self):
            answers = self.result.answers
            raise RuntimeError(f"crash holding {{self.result.code}} {{answers!r}}")

        screen.ResultScreen.action_proceed = broken
        from terminal.cli import main
        args = ["--data-dir", {str(data)!r}, "--questionnaire", {str(SHORT_FILE)!r}]
        raise SystemExit(main(args))
        """
    )
    kiosk = PtySession(["-c", script], cwd=ROOT, env=isolated_home(tmp_path))
    try:
        walk_to_the_result(kiosk, short_questionnaire, consent=False)
        shown = kiosk.mark()
        kiosk.press(ENTER)
        kiosk.wait_for("Mon bilan numérique", after=shown)  # restarted at welcome
        assert kiosk.process.poll() is None
    finally:
        kiosk.close()
    assert "RuntimeError" in log_text(data)  # staff still learn where it failed
    written = bytes_under(tmp_path)
    for trace in (b"ZZ9ZZ9", b"ZZ9-ZZ9", b"Answer(", b"crash holding"):
        assert trace not in written, trace
    assert not list((data / "results").glob("20*.json"))


def test_after_a_purge_no_trace_of_a_purged_result_is_left(tmp_path: Path) -> None:
    from storage import ResultStore

    today = date.today()
    days = {"OLDAA1": 700, "OLDAA2": 400, "OLDAA3": 40, "NEWAA1": 2}
    store = ResultStore(tmp_path)
    for code, age in days.items():
        day = (today - timedelta(days=age)).isoformat()
        store.save({"code": code, "date": day, "created_at": f"{day}T09:00:00"})
    logs = tmp_path / "logs"
    logs.mkdir()
    for code, age in days.items():
        day = today - timedelta(days=age)
        with (logs / f"kiosk-{day:%Y-%m}.log").open("a", encoding="utf-8") as log:
            log.write(f"{day} 09:00:01,000 ERROR diagnum.kiosk: result {code} not saved\n")
    done = diagnum("results", "purge", "--older-than", "3w", data_dir=tmp_path)
    assert done.returncode == 2  # not confirmed: nothing deleted
    assert "add --yes" in done.stderr
    assert ResultStore(tmp_path).count() == 4
    done = diagnum("results", "purge", "--older-than", "3w", "--yes", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 of 4" in done.stdout
    written = bytes_under(tmp_path)
    for code in ("OLDAA1", "OLDAA2", "OLDAA3"):
        assert code.encode() not in written, (code, files_under(tmp_path))
    assert b"NEWAA1" in written

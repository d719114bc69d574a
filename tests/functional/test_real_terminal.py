"""The real program on a real pseudo-terminal: it starts, saves, and survives a failure."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from benchmarks.pty_session import PtySession as PtyKiosk
from questionnaires.model import Questionnaire
from storage import ResultStore
from tests.functional.disk import log_text
from tests.functional.pty_walk import walk_to_the_code

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
def test_a_person_finishes_on_the_real_program(
    size: tuple[int, int], questionnaire: Questionnaire, tmp_path: Path
) -> None:
    kiosk = PtyKiosk(["-m", "terminal", "--data-dir", str(tmp_path)], size=size, cwd=ROOT)
    try:
        walk_to_the_code(kiosk, questionnaire, consent=True)
        kiosk.wait_for("Enregistr")
        records = ResultStore(tmp_path).records()
        assert len(records) == 1
        assert records[0]["answers"]["smartphone"] == ["own"]
        assert "Traceback" not in kiosk.text
        kiosk.press("\x11")  # Ctrl+Q: the kiosk is not locked here
        assert kiosk.process.wait(timeout=10) == 0
    finally:
        kiosk.close()


def test_a_failure_restarts_at_welcome_without_showing_a_traceback(tmp_path: Path) -> None:
    # Inject a real fault into the real program: choosing a language raises.
    script = textwrap.dedent(
        f"""
        import terminal.kiosk.screens.language as language

        def broken(self, number):
            raise RuntimeError("injected failure for the test")

        language.LanguageScreen.action_choose = broken
        from terminal.cli import main
        raise SystemExit(main(["--data-dir", {str(tmp_path)!r}]))
        """
    )
    kiosk = PtyKiosk(["-c", script], cwd=ROOT)
    try:
        kiosk.wait_for("Mon bilan numérique")
        kiosk.press(" ")
        language_shown = kiosk.wait_for("Français")
        kiosk.read(0.6)
        kiosk.press("1")
        kiosk.wait_for("Mon bilan numérique", after=language_shown)  # welcome again
        assert kiosk.process.poll() is None
        assert "Traceback" not in kiosk.text
        assert "injected failure" not in kiosk.text
        log = log_text(tmp_path)
        # Where it failed, for staff; never the message, which may hold personal data.
        assert "RuntimeError" in log
        assert "in broken" in log
        assert "injected failure" not in log
        assert "restarting" in log
    finally:
        kiosk.close()


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("questionnaire", "q.yaml, line"),
        ("config", "retention_months"),
    ],
)
def test_a_bad_setup_is_shown_to_staff_not_crashed(
    setup: str, expected: str, tmp_path: Path
) -> None:
    args = ["-m", "terminal", "--data-dir", str(tmp_path)]
    if setup == "questionnaire":
        broken = tmp_path / "q.yaml"
        broken.write_text("id: [\n", encoding="utf-8")
        args += ["--questionnaire", str(broken)]
    else:
        config = tmp_path / "config.toml"
        config.write_text("retention_months = -3\n", encoding="utf-8")
        args += ["--config", str(config)]
    kiosk = PtyKiosk(args, cwd=ROOT)
    try:
        kiosk.wait_for("pas prête")
        kiosk.wait_for(expected.split(",")[0])
        kiosk.press(" ")
        kiosk.read(0.5)
        assert kiosk.process.poll() is None  # still up, waiting for staff
        assert "Français" not in kiosk.text  # no session starts on a broken setup
        assert "Traceback" not in kiosk.text
        assert expected.split(",")[0] in log_text(tmp_path)
    finally:
        kiosk.close()


def test_staff_open_the_console_from_the_kiosk_and_it_closes_when_idle(tmp_path: Path) -> None:
    """F12, the PIN, then the console in its own process on the kiosk's terminal; left
    alone it ends, and the staff menu, left alone too, gives the kiosk back."""
    from terminal.services.staff_pin import hash_pin

    config = tmp_path / "config.toml"
    config.write_text(
        f'locked = true\nstaff_idle_seconds = 10\nstaff_pin = "{hash_pin("2468")}"\n',
        encoding="utf-8",
    )
    args = ["-m", "terminal", "--config", str(config), "--data-dir", str(tmp_path)]
    kiosk = PtyKiosk(args, size=(80, 24), cwd=ROOT)
    try:
        kiosk.wait_for("Mon bilan")
        kiosk.press("\x1b[24~")  # F12
        kiosk.wait_for("Tapez le code")
        kiosk.press("2", "4", "6", "8", "\r")
        kiosk.wait_for("Menu de l")
        mark = kiosk.mark()
        kiosk.press("1")
        kiosk.wait_for("Scannez le QR code", after=mark)  # the adviser's console
        mark = kiosk.mark()
        kiosk.wait_for("Menu de l", timeout=40, after=mark)  # it ended by itself
        mark = kiosk.mark()
        kiosk.wait_for("Touchez l", timeout=40, after=mark)  # then the staff menu
        assert "Traceback" not in kiosk.text
        assert kiosk.process.poll() is None  # the kiosk runs on
    finally:
        kiosk.close()

"""The editor on a real terminal: "try it" hands the terminal to the kiosk's walk on the
text being edited (nothing saved), and the editor comes back as it was."""

from __future__ import annotations

from pathlib import Path

from benchmarks.pty_session import PtySession
from questionnaires.loading import DEFAULT_FILE

ROOT = Path(__file__).resolve().parents[3]
F3 = "\x1bOR"
CTRL_Q = "\x11"


def test_try_it_walks_the_text_on_screen_and_comes_back(tmp_path: Path) -> None:
    edited = tmp_path / "ours.yaml"
    edited.write_text(DEFAULT_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    data = tmp_path / "data"
    editor = PtySession(
        ["-m", "terminal", "--data-dir", str(data), "editor", str(edited)], size=(100, 30), cwd=ROOT
    )
    try:
        editor.wait_for("Aucun problème")
        tried = editor.mark()
        editor.press(F3)
        editor.wait_for("Aperçu de ours.yaml", after=tried)  # the walk, on this text
        editor.wait_for("Touchez l'écran", after=tried)
        assert (tmp_path / ".ours.try.yaml").exists()
        back = editor.mark()
        editor.press(CTRL_Q)
        editor.wait_for("ours.yaml", after=back)  # the editor again
        editor.read(1.0)
        assert not (tmp_path / ".ours.try.yaml").exists()  # the try leaves nothing behind
        assert not (data / "results").exists()  # and saved nothing
        editor.press(CTRL_Q)
        assert editor.process.wait(timeout=10) == 0
        assert "Traceback" not in editor.text
    finally:
        editor.close()


def test_a_try_that_stops_says_why_in_the_editor(tmp_path: Path) -> None:
    """The settings broke after the editor started: the try cannot run, and the editor,
    drawn again over the terminal, keeps the reason on screen."""
    edited = tmp_path / "ours.yaml"
    edited.write_text(DEFAULT_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    settings = tmp_path / "config.toml"
    settings.write_text("retention_months = 12\n", encoding="utf-8")
    command = ["-m", "terminal", "--config", str(settings), "--data-dir", str(tmp_path / "d")]
    editor = PtySession([*command, "editor", str(edited)], size=(100, 30), cwd=ROOT)
    try:
        editor.wait_for("Aucun problème")
        settings.write_text("retention_months = -3\n", encoding="utf-8")
        tried = editor.mark()
        editor.press(F3)
        editor.wait_for("L'essai s'est arrêté", after=tried)
        editor.wait_for("retention_months", after=tried)
        assert not list(tmp_path.glob(".ours.try*"))  # neither the text nor the reason stay
        editor.press(CTRL_Q)
        assert editor.process.wait(timeout=10) == 0
        assert "Traceback" not in editor.text
    finally:
        editor.close()

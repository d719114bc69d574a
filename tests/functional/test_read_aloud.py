"""The speaker tile on a real question screen: shown only where the kiosk can speak,
"V" reads the question and its answers in the background, and the reading stops when
the screen changes. espeak-ng writes real speech; the player is a real script."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.question import QuestionScreen
from terminal.services.voice import Voice
from tests.functional.kiosk_driver import eventually, start
from tests.terminal.test_voice import ESPEAK, gone, needs_espeak, notes, player


def speaking_kiosk(
    make_app: Callable[..., KioskApp], tmp_path: Path, mode: str, **settings: object
) -> tuple[KioskApp, Path]:
    """A kiosk with espeak-ng, a sound card, and a player script that notes in the
    folder returned what it plays ("slow": it goes on playing until stopped)."""
    seen = tmp_path / "seen"
    seen.mkdir()
    app = make_app(**settings)
    app._voice = Voice(espeak=ESPEAK, players=[player(tmp_path, seen, mode)], sound=True)
    return app, seen


async def test_no_speaker_tile_where_nothing_can_be_read_aloud(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app()
    app._voice = Voice(espeak=None, players=(), sound=False)  # no espeak-ng, no sound card
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert not app.screen.query("#listen")
        await pilot.press("v")  # the key does nothing either, and nothing breaks
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.is_running


@needs_espeak
async def test_v_reads_the_question_and_a_new_screen_stops_it(
    make_app: Callable[..., KioskApp], tmp_path: Path
) -> None:
    app, seen = speaking_kiosk(make_app, tmp_path, "slow")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.query("#listen")  # the speaker tile
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)  # the screen never waits for the voice
        await eventually(pilot, lambda: bool(notes(seen)), "reading")
        note = notes(seen)[0]
        assert float(str(note["seconds"])) > 0.5  # real speech: the question's words
        await pilot.press("1")  # an answer: the next question
        await pilot.pause()
        await eventually(pilot, lambda: gone(int(str(note["pid"]))), "stopped")
        assert len(notes(seen)) == 1  # the choices of the old screen are never read


@needs_espeak
async def test_read_aloud_setting_reads_each_question_as_it_appears(
    make_app: Callable[..., KioskApp], tmp_path: Path
) -> None:
    app, seen = speaking_kiosk(make_app, tmp_path, "fast", read_aloud=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await eventually(pilot, lambda: bool(notes(seen)), "reading without a key")

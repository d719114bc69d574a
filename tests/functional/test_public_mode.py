"""The public kiosk is locked: no key, link or stray touch leaves the app, opens a staff
screen or reaches a stored result; staff get in with F12 and the PIN only; and after
each person nothing of theirs can be reached."""

from __future__ import annotations

import asyncio
import gc
import json
import re
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from questionnaires.loading import BUILTIN_DIR
from questionnaires.model import Questionnaire
from questionnaires.result import Result
from terminal.kiosk.app import PUBLIC_MODE, STAFF_MODE, KioskApp
from terminal.kiosk.screens.consent import ConsentScreen
from terminal.kiosk.screens.handover import HandoverScreen
from terminal.kiosk.screens.language import LanguageScreen
from terminal.kiosk.screens.pin_pad import PinPadScreen
from terminal.kiosk.screens.question import QuestionScreen
from terminal.kiosk.screens.restart import RestartScreen
from terminal.kiosk.screens.result import ResultScreen
from terminal.kiosk.screens.staff_menu import StaffMenuScreen
from terminal.kiosk.screens.still_there import StillThereScreen
from terminal.kiosk.screens.thanks import ThanksScreen
from terminal.kiosk.screens.welcome import WelcomeScreen
from terminal.kiosk.widgets.nav_bar import NavButton
from terminal.services.staff_pin import GUARD_FILE, hash_pin
from terminal.settings import model as settings_model
from terminal.settings.model import KioskConfig
from terminal.settings.source import ConfigSource
from tests.conftest import SHORT_FILE
from tests.functional.kiosk_driver import (
    answer_all,
    eventually,
    hand_over,
    screen_text,
    settle,
    start,
    wait_out_guard,
    wait_ready,
)

PIN = "2468"
BUILTIN = BUILTIN_DIR / "default.yaml"
FORBIDDEN = [
    "ctrl+c",
    "ctrl+q",
    "ctrl+p",
    "ctrl+z",
    "ctrl+backslash",
    "escape",
    *(f"f{n}" for n in range(1, 13)),
]
# The PIN pad is the gate, shown in public mode; what lies behind it is not.
STAFF_SCREENS = (StaffMenuScreen,)


def assert_public(app: KioskApp) -> None:
    assert app.is_running and app.return_code is None
    assert app.current_mode == PUBLIC_MODE
    assert not any(isinstance(s, STAFF_SCREENS) for s in app.screen_stack), app.screen_stack


async def press_forbidden(pilot: Pilot[None], keys: list[str] = FORBIDDEN) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        assert_public(app)


async def test_no_forbidden_key_leaves_a_public_screen(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire
) -> None:
    """Every public screen in turn, every forbidden key on it; the screens that move on
    with any key (welcome, thank-you, "still there?") are reached again each time."""
    app = make_short_app(locked=True, staff_pin=hash_pin(PIN))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        # F12 is the staff key: on the welcome screen it opens the PIN pad, nothing more.
        await press_forbidden(pilot, [k for k in FORBIDDEN if k != "f12"])
        app.end_session()
        await wait_out_guard(pilot)  # the welcome screen's hold after a session
        await start(pilot)
        assert isinstance(app.screen, QuestionScreen)
        await press_forbidden(pilot)
        await pilot.press("backspace")  # the first question: "start again?"
        await pilot.pause()
        assert isinstance(app.screen, RestartScreen)
        await press_forbidden(pilot, [k for k in FORBIDDEN if k != "escape"])
        await pilot.press("2")
        await pilot.pause()
        app._ask_still_there()  # what the idle timer calls
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        await press_forbidden(pilot, ["ctrl+c"])  # any key means "still here"
        await answer_all(pilot, short_questionnaire, {})
        assert isinstance(app.screen, ResultScreen)
        await press_forbidden(pilot)
        handover = await hand_over(pilot)
        assert isinstance(app.screen, HandoverScreen)
        await press_forbidden(pilot)
        assert app.screen is handover
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        await press_forbidden(pilot, ["ctrl+c", "ctrl+q", "f1"])
        assert isinstance(app.screen, ThanksScreen)  # too soon: the thank-you stays
        # Language and consent screens.
        app.end_session()
        await wait_out_guard(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen)
        await press_forbidden(pilot, [k for k in FORBIDDEN if k != "escape"])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        await press_forbidden(pilot, [k for k in FORBIDDEN if k != "escape"])
        assert isinstance(app.screen, ConsentScreen)


async def test_a_link_in_a_facilitator_text_does_nothing(
    make_app: Callable[..., KioskApp], tmp_path: Path
) -> None:
    text = BUILTIN.read_text(encoding="utf-8")
    assert '"Oui, je le partage"' in text
    path = tmp_path / "hostile.yaml"
    hostile = text.replace('"Oui, je le partage"', '"[@click=app.quit]Quitter[/]"')
    # A new version: the same number with other content would be refused.
    path.write_text(re.sub(r"(?m)^version: \d+", "version: 999", hostile), encoding="utf-8")
    app = make_app(locked=True, questionnaire=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]" in text  # shown as written, never as a link
        for tile in app.screen.query("Tile"):
            await pilot.click(tile, offset=(3, 2))
            await pilot.pause()
        assert_public(app)
        assert app.check_action("quit", ()) is False
        assert app.check_action("screenshot", ()) is False
        assert app.check_action("toggle_dark", ()) is False


async def test_a_touch_outside_the_tiles_and_buttons_does_nothing(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app(locked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        for offset in ((0, 0), (79, 0), (40, 1), (0, 12), (79, 12)):
            await pilot.click(offset=offset)
            await pilot.pause()
        assert app.screen is screen
        assert app.session.answer_to(screen.question.id) is None
        assert_public(app)


async def open_pad(pilot: Pilot[None]) -> PinPadScreen:
    await wait_ready(pilot)
    await pilot.press("f12")
    await pilot.pause()
    pad = pilot.app.screen
    assert isinstance(pad, PinPadScreen), pad
    return pad


async def type_pin(pilot: Pilot[None], pin: str) -> None:
    for digit in pin:
        await pilot.press(digit)
    await pilot.press("enter")
    await settle(pilot)


async def open_staff_menu(pilot: Pilot[None]) -> None:
    await open_pad(pilot)
    await type_pin(pilot, PIN)


async def test_the_staff_menu_opens_with_f12_and_the_pin_only(
    make_app: Callable[..., KioskApp], data_dir: Path
) -> None:
    app = make_app(locked=True, staff_pin=hash_pin(PIN))
    async with app.run_test(size=(80, 24)) as pilot:
        pad = await open_pad(pilot)
        assert PIN not in screen_text(app)
        await type_pin(pilot, PIN)
        assert app.current_mode == STAFF_MODE
        assert isinstance(app.screen, StaffMenuScreen)
        assert "Console du conseiller" in screen_text(app)
        await pilot.press("3")  # export the results
        await settle(pilot)
        exports = list((data_dir / "exports").glob("*.csv"))
        assert len(exports) == 1
        assert "Résultats exportés" in screen_text(app)
        await pilot.press("4")  # back to the kiosk
        await pilot.pause()
        assert_public(app)
        assert isinstance(app.screen, WelcomeScreen)
        assert STAFF_MODE not in app._modes  # the staff stack is gone
        assert pad not in app.screen_stack


async def test_a_staff_note_given_while_the_staff_menu_shows_is_on_the_welcome_screen(
    make_app: Callable[..., KioskApp],
) -> None:
    """The six-hourly purge, say, finds a problem while staff are in their menu."""
    app = make_app(locked=True, staff_pin=hash_pin(PIN))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_menu(pilot)
        assert app.current_mode == STAFF_MODE
        await asyncio.to_thread(app._tell_staff, "storage", "⚠ Pour l'équipe : disque plein")
        await pilot.press("4")  # back to the kiosk
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "disque plein" in screen_text(app)


async def test_a_pin_typed_before_the_settings_are_read_waits_for_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F12 and the PIN typed at once after a start on a busy machine: the check waits
    for the settings, then opens, instead of saying "no PIN set"."""
    config = tmp_path / "config.toml"
    config.write_text(
        f'locked = true\nstaff_pin = "{hash_pin(PIN)}"\nquestionnaire = "{SHORT_FILE}"\n',
        encoding="utf-8",
    )
    # The real settings, read only once the PIN is typed: a busy machine, for sure.
    typed = threading.Event()
    read_settings = settings_model.load_settings

    def read_late(source: ConfigSource) -> KioskConfig:
        typed.wait(30)
        return read_settings(source)

    monkeypatch.setattr(settings_model, "load_settings", read_late)
    app = KioskApp(ConfigSource(config, {"data_dir": str(tmp_path / "data")}, environ={}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f12")
        await pilot.pause()
        pad = app.screen
        assert isinstance(pad, PinPadScreen)
        for key in (*PIN, "enter"):
            await pilot.press(key)
        await pilot.pause(0.3)
        assert pad.checking and app.screen is pad  # waiting, not refused
        assert "Aucun code" not in screen_text(app)
        typed.set()
        await eventually(pilot, lambda: app.current_mode == STAFF_MODE, "in the staff menu")
        assert isinstance(app.screen, StaffMenuScreen)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_unreadable_settings_say_the_pin_cannot_be_checked(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Said on the pad, whose every key still fits the screen with this, its longest
    message, at both kiosk sizes."""
    config = tmp_path / "config.toml"
    config.write_text('locked = true\nstaff_pin = "2468"\n', encoding="utf-8")  # not a hash
    app = KioskApp(ConfigSource(config, {"data_dir": str(tmp_path / "data")}, environ={}))
    async with app.run_test(size=size) as pilot:
        pad = await open_pad(pilot)
        await type_pin(pilot, PIN)
        await eventually(pilot, lambda: not pad.checking, "answered")
        text = screen_text(app)
        assert "ne peut pas être vérifié" in text and "(voir le journal)." in text
        assert "Aucun code" not in text
        keys = list(pad.query(NavButton))
        assert len(keys) == 13
        for key in keys:
            assert pad.region.contains_region(key.region), (key.id, key.region)
        assert_public(app)


async def test_the_staff_key_does_nothing_during_a_session(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app(locked=True, staff_pin=hash_pin(PIN))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert_public(app)


async def test_five_wrong_pins_lock_the_pad_for_a_growing_delay(
    make_app: Callable[..., KioskApp], data_dir: Path
) -> None:
    app = make_app(locked=True, staff_pin=hash_pin(PIN))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pad(pilot)
        for left in (4, 3, 2, 1):
            await type_pin(pilot, "1111")
            assert f"Encore {left} essai" in screen_text(app)
        await type_pin(pilot, "1111")
        assert "Trop d'essais" in screen_text(app)
        await type_pin(pilot, PIN)  # the right PIN, but too soon
        assert "Trop d'essais" in screen_text(app)
        assert_public(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
    # A restart does not lift the lockout: it is kept in the data folder.
    assert json.loads((data_dir / GUARD_FILE).read_text())["failures"] == 5
    app = make_app(locked=True, staff_pin=hash_pin(PIN))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_menu(pilot)
        assert "Trop d'essais" in screen_text(app)
        assert_public(app)


async def test_no_pin_set_opens_nothing(make_app: Callable[..., KioskApp]) -> None:
    app = make_app(locked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pad(pilot)
        assert "diagnum config set-pin" in screen_text(app)
        await type_pin(pilot, "0000")
        assert_public(app)


async def test_staff_screens_close_themselves_when_idle(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app(locked=True, staff_pin=hash_pin(PIN), staff_idle_seconds=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_menu(pilot)
        assert isinstance(app.screen, StaffMenuScreen)
        # However long the PIN took to check: a key starts the countdown again, at once.
        await pilot.press("x")
        await pilot.pause()
        assert "10 s" in screen_text(app) or "9 s" in screen_text(app)
        await eventually(pilot, lambda: app.current_mode != STAFF_MODE, "back in public mode")
        assert_public(app)
        assert isinstance(app.screen, WelcomeScreen)


async def test_stop_the_kiosk_from_the_staff_menu_asks_once_more(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app(locked=True, staff_pin=hash_pin(PIN))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_menu(pilot)
        await pilot.press("5")
        await pilot.pause()
        assert app.is_running
        assert "Plus personne ne pourra s'en servir" in screen_text(app)
        await pilot.press("5")
        await pilot.pause()
    assert app.return_code == 0


def assert_wiped(app: KioskApp, result: weakref.ref[Result]) -> None:
    assert isinstance(app.screen, WelcomeScreen)
    assert len(app.screen_stack) == 1
    assert not app.session.started
    kinds = (QuestionScreen, ResultScreen, HandoverScreen, RestartScreen, StillThereScreen)
    for stack in app._screen_stacks.values():
        assert not any(isinstance(s, kinds) for s in stack)
    gc.collect()
    assert result() is None, "the previous person's result is still in memory"


async def test_nothing_of_a_person_is_left_after_the_thank_you(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire
) -> None:
    app = make_short_app(locked=True, staff_pin=hash_pin(PIN))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {})
        handover = await hand_over(pilot)
        result, code = weakref.ref(handover.result), handover.result.code
        del handover
        await pilot.press("enter")
        await pilot.pause()
        await wait_out_guard(pilot)  # the thank-you's own
        await pilot.press("space")
        await pilot.pause()
        assert_wiped(app, result)
        # Back and the staff menu show nothing of them either.
        await wait_out_guard(pilot)
        await pilot.press("backspace")  # a key on the welcome screen: a new session
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen)
        assert not app.session.started
        app.end_session()  # F12 needs no wait: the staff key skips the input guard
        await open_staff_menu(pilot)
        assert code not in screen_text(app)


async def test_nothing_of_a_person_is_left_after_an_idle_timeout(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire
) -> None:
    app = make_short_app(locked=True, still_there_seconds=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {})
        assert isinstance(app.screen, ResultScreen)
        result = weakref.ref(app.screen.result)
        app._ask_still_there()  # what the idle timer calls
        await pilot.pause()
        countdown = screen_text(app)
        assert "5 secondes" in countdown and "effacées" in countdown
        # The countdown is visible, second by second.
        await eventually(pilot, lambda: "4 secondes" in screen_text(app), "counting down")
        await eventually(pilot, lambda: isinstance(app.screen, WelcomeScreen), "wiped")
        await pilot.pause()
        assert_wiped(app, result)

"""The hand-over adapts to the person: a photo, the desk, the full code, a printed ticket.

The kiosk is walked with Pilot to its QR screen; the printer is a fake `lp` first on
the PATH, a real program that keeps what it was sent.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from questionnaires.answers import Answer
from questionnaires.model import Questionnaire
from questionnaires.result import Result, format_result_code
from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.handover import SaveStatus, code_lines
from terminal.kiosk.screens.thanks import ThanksScreen
from terminal.kiosk.widgets.nav_bar import NavButton
from terminal.ui.qr_code import QRCodeView
from tests.conftest import TODAY
from tests.functional.kiosk_driver import (
    UNKNOWN,
    answer_all,
    answer_in_the_session,
    hand_over,
    screen_text,
    settle,
    start,
)
from tests.functional.qr_pixels import decode_qr
from tests.functional.test_ticket import fake_lp, read_pdf

PHOTO = "Prenez ce code en photo avec votre téléphone."
DESK = "Montrez cet écran à l'accueil."
EITHER = "Prenez ce code en photo, ou montrez cet écran à l'accueil."
PRINTING = "Votre ticket s'imprime."
FAILED = "Le ticket n'a pas pu être imprimé. Demandez à l'accueil."


def test_who_can_take_a_photo(questionnaire: Questionnaire) -> None:
    def result(answers: dict[str, Answer]) -> Result:
        return Result(questionnaire, "K7M4QX", TODAY, answers)

    for choice, expected in [("own", True), ("shared", True), ("basic", False), ("none", False)]:
        assert result({"smartphone": Answer((choice,))}).can_photograph is expected
    assert result({"smartphone": Answer.dont_know()}).can_photograph is None
    assert result({}).can_photograph is None  # the question was not answered


@pytest.fixture
def printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A print queue that works: what it is sent lands in printed.pdf."""
    printed = tmp_path / "printed.pdf"
    folder = fake_lp(tmp_path / "bin", f'cat > "{printed}"\n')
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return printed


@pytest.fixture
def broken_printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = 'cat >/dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n'
    folder = fake_lp(tmp_path / "bin", body)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


@pytest.mark.parametrize(
    ("phone", "shown", "not_shown"),
    [
        (["shared"], PHOTO, DESK),
        (["basic"], DESK, PHOTO),
        (UNKNOWN, EITHER, PHOTO),
    ],
)
async def test_the_hand_over_says_how_to_keep_the_code(
    make_short_app: Callable[..., KioskApp],
    short_questionnaire: Questionnaire,
    phone: list[str] | str,
    shown: str,
    not_shown: str,
) -> None:
    app = make_short_app()  # no printer: nothing is said about printing
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {"smartphone": phone})
        handover = await hand_over(pilot)
        await settle(pilot)
        text = screen_text(app)
        assert shown in text and not_shown not in text
        assert "ticket" not in text
        # Saved: the big short code finds the result again.
        assert handover.status is SaveStatus.SAVED
        big = app.screen.query_one("#result-code", Static)
        assert str(big.render()).replace(" ", "") == format_result_code(handover.result.code)
        assert "seul moyen" not in text


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_after_a_no_the_full_code_is_the_only_way_and_it_prints(
    make_app: Callable[..., KioskApp],
    questionnaire: Questionnaire,
    printer: Path,
    size: tuple[int, int],
) -> None:
    app = make_app(printer="Accueil")
    async with app.run_test(size=size) as pilot:
        await start(pilot, consent=False)
        await answer_in_the_session(pilot, questionnaire, {"smartphone": ["none"]})
        handover = await hand_over(pilot)
        await settle(pilot)
        assert handover.status is SaveStatus.NOT_KEPT
        text = screen_text(app)
        # No short code: it was never stored, the adviser could not open it.
        assert not app.screen.query("#result-code")
        assert format_result_code(handover.result.code) not in text
        assert "seul moyen de retrouver votre résultat" in text
        full = app.screen.query_one("#full-code")
        assert str(full.render()).split() == code_lines(handover.payload, 7).split()
        assert DESK in text and PRINTING in text
        assert decode_qr(app.screen.query_one(QRCodeView)) == handover.payload
        # The ticket went to the queue: a PDF whose QR code is the one on screen,
        # without the short code that would find nothing.
        ticket_text, scanned = read_pdf(printer.read_bytes())
        assert scanned == handover.payload
        assert format_result_code(handover.result.code) not in ticket_text
        assert_fits(app, size)


async def test_a_person_with_a_phone_gets_no_ticket(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire, printer: Path
) -> None:
    app = make_short_app(printer="Accueil")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {"smartphone": ["own"]})
        await hand_over(pilot)
        await settle(pilot)
        assert "ticket" not in screen_text(app)
    assert not printer.exists()


@pytest.mark.parametrize(("size", "language"), [((80, 24), 1), ((60, 20), 1), ((60, 20), 2)])
async def test_a_printer_error_is_said_gently_and_the_kiosk_goes_on(
    make_app: Callable[..., KioskApp],
    questionnaire: Questionnaire,
    broken_printer: None,
    caplog: pytest.LogCaptureFixture,
    size: tuple[int, int],
    language: int,
) -> None:
    app = make_app(printer="Accueil")
    caplog.set_level(logging.INFO)
    async with app.run_test(size=size) as pilot:
        # The longest words: "I don't know" to the phone question, and no consent.
        await start(pilot, consent=False, language=language)
        await answer_in_the_session(pilot, questionnaire, {"smartphone": UNKNOWN})
        handover = await hand_over(pilot)
        await settle(pilot)
        text = screen_text(app)
        failed = FAILED if language == 1 else "The ticket could not be printed."
        assert failed in " ".join(text.split())
        assert_fits(app, size)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
    logged = caplog.text
    assert "the ticket could not be printed" in logged
    assert "The printer or class does not exist." in logged
    # Never the person's code in the log.
    assert handover.result.code not in logged and handover.payload not in logged


def assert_fits(app: KioskApp, size: tuple[int, int]) -> None:
    width, height = size
    for widget in app.screen.query("#handover-side > *"):
        region = widget.region
        assert region.height >= 1, widget
        assert region.right <= width and region.bottom <= height, widget
    button = app.screen.query_one("#proceed", NavButton)
    assert button.region.bottom <= height

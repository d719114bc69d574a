"""Snapshots of the main screens at both kiosk sizes (pinned date and result code).

Update after an intended change with: pytest tests/functional/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from questionnaires.model import Questionnaire
from terminal.kiosk.app import KioskApp
from tests.functional.kiosk_driver import answer_in_the_session, hand_over, start, wait_ready

Steps = Callable[[Pilot[None], int], Awaitable[None]]


LANGUAGES = {"fr": 1, "en": 2, "ar": 3}  # the tile of each language


async def on_welcome(pilot: Pilot[None], language: int) -> None:
    await wait_ready(pilot)


async def on_language(pilot: Pilot[None], language: int) -> None:
    await wait_ready(pilot)
    await pilot.press("space")
    await pilot.pause()


async def on_consent(pilot: Pilot[None], language: int) -> None:
    await wait_ready(pilot)
    await pilot.press("space", str(language))
    await pilot.pause()


async def on_first_question(pilot: Pilot[None], language: int) -> None:
    await start(pilot, language=language)


async def on_multi_ticked(pilot: Pilot[None], language: int) -> None:
    await start(pilot, language=language)
    await pilot.press("2")  # shared phone
    await pilot.pause()
    await pilot.press("1", "3")
    await pilot.pause()


async def on_scale(pilot: Pilot[None], language: int) -> None:
    await start(pilot, language=language)
    for key in ("1", "enter", "1", "1", "1"):
        await pilot.press(key)
        await pilot.pause()


def on_result(questionnaire: Questionnaire) -> Steps:
    async def steps(pilot: Pilot[None], language: int) -> None:
        await start(pilot, language=language)
        await answer_in_the_session(
            pilot, questionnaire, {"smartphone": ["shared"]}, default="last"
        )

    return steps


def on_result_next(questionnaire: Questionnaire) -> Steps:
    async def steps(pilot: Pilot[None], language: int) -> None:
        await on_result(questionnaire)(pilot, language)
        await pilot.press("enter")
        await pilot.pause()

    return steps


def on_handover(questionnaire: Questionnaire) -> Steps:
    async def steps(pilot: Pilot[None], language: int) -> None:
        await start(pilot, language=language, consent=False)
        await answer_in_the_session(pilot, questionnaire, {})
        await hand_over(pilot)

    return steps


# Every main screen in French; in English and Arabic, the screens whose words and
# layout change most with the language (the welcome and language screens show them
# all; the Arabic hand-over, right to left beside the QR code).
CASES = [
    *(
        f"{screen}-fr"
        for screen in (
            "welcome",
            "language",
            "consent",
            "first_question",
            "multi_ticked",
            "scale",
            "result",
            "result_next",
            "handover",
        )
    ),
    *(
        f"{screen}-{language}"
        for language in ("en", "ar")
        for screen in ("first_question", "multi_ticked", "result")
    ),
    "handover-ar",
]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("case", CASES)
def test_screen(
    case: str,
    size: tuple[int, int],
    snap_compare: Any,
    make_app: Callable[..., KioskApp],
    questionnaire: Questionnaire,
) -> None:
    steps: dict[str, Steps] = {
        "welcome": on_welcome,
        "language": on_language,
        "consent": on_consent,
        "first_question": on_first_question,
        "multi_ticked": on_multi_ticked,
        "scale": on_scale,
        "result": on_result(questionnaire),
        "result_next": on_result_next(questionnaire),
        "handover": on_handover(questionnaire),
    }
    screen, language = case.rsplit("-", 1)

    async def run_before(pilot: Pilot[None]) -> None:
        await steps[screen](pilot, LANGUAGES[language])

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)

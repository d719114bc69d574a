"""Drive the kiosk the way a person does: keys (or touches) on real screens."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.pilot import Pilot

from questionnaires.answers import Answer
from questionnaires.model import QuestionKind, Questionnaire
from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.handover import HandoverScreen
from terminal.kiosk.screens.question import QuestionScreen
from terminal.kiosk.screens.result import ResultScreen
from terminal.kiosk.widgets.tile import Tile

UNKNOWN = "?"


@dataclass
class Walk:
    """What the person answered, question by question, as the screens showed them."""

    answers: dict[str, Answer] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_ready(pilot: Pilot[None]) -> None:
    """Until the background start-up (settings, questionnaire, results) has finished."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    for _ in range(200):
        if app.ready or app.load_problem:
            break
        await pilot.pause(0.05)
    await settle(pilot)


async def start(pilot: Pilot[None], *, language: int = 1, consent: bool = True) -> None:
    """Welcome → language → consent, waiting out the input guard like a person would."""
    await wait_ready(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    guard = app.input_guard_seconds
    for key in ("space", str(language), "1" if consent else "2"):
        if guard:
            await pilot.pause(guard + 0.05)
        await pilot.press(key)
        await pilot.pause()


async def answer_all(
    pilot: Pilot[None],
    questionnaire: Questionnaire,
    plan: dict[str, list[str] | str],
    *,
    default: str = "first",
    touch: bool = False,
) -> Walk:
    """Answer every question shown; ``plan`` gives choice ids or UNKNOWN per question."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    walk = Walk()
    while isinstance(app.screen, QuestionScreen):
        question = app.screen.question
        walk.seen.append(question.id)
        ids = [c.id for c in questionnaire.choices_of(question)]
        wanted = plan.get(question.id, [ids[0]] if default == "first" else [ids[-1]])
        if wanted == UNKNOWN:
            await pilot.press("0")
            walk.answers[question.id] = Answer.dont_know()
        else:
            assert isinstance(wanted, list)
            for choice in wanted:
                number = ids.index(choice) + 1
                if touch:
                    tiles = list(app.screen.query(Tile))
                    await pilot.click(tiles[number - 1])
                else:
                    await pilot.press(str(number))
                await pilot.pause()
            if question.kind is QuestionKind.MULTI:
                await pilot.press("enter")
            walk.answers[question.id] = Answer(choices=tuple(c for c in ids if c in wanted))
        await pilot.pause()
    assert isinstance(app.screen, ResultScreen), app.screen
    return walk


async def hand_over(pilot: Pilot[None]) -> HandoverScreen:
    """From the result's first page, through every page the questionnaire has, to the
    QR code."""
    screen = pilot.app.screen
    assert isinstance(screen, ResultScreen), screen
    for page in range(2, screen.pages + 1):
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ResultScreen) and screen.page == page, screen
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HandoverScreen), screen
    return screen


def screen_text(app: KioskApp) -> str:
    """Every text on the current screen, as its widgets render it."""
    return "\n".join(str(w.render()) for w in app.screen.query("Static, HeaderBar"))

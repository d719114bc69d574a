"""Drive the kiosk the way a person does: keys (or touches) on real screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual.pilot import Pilot

from questionnaires.answers import Answer
from questionnaires.model import Question, QuestionKind, Questionnaire
from questionnaires.session import Step, ToQuestion
from terminal.kiosk.app import KioskApp
from terminal.kiosk.messages import Answered
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.screens.handover import HandoverScreen
from terminal.kiosk.screens.question import QuestionScreen
from terminal.kiosk.screens.result import ResultScreen
from terminal.kiosk.widgets.tile import Tile

UNKNOWN = "?"
Plan = dict[str, list[str] | str]


@dataclass
class Walk:
    """What the person answered, question by question, as the screens showed them."""

    answers: dict[str, Answer] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def eventually(pilot: Pilot[None], check: Callable[[], bool], what: str) -> None:
    """Poll while the app runs; the deadline is generous, the machine is shared."""
    for _ in range(300):
        if check():
            return
        await pilot.pause(0.1)
    raise AssertionError(f"still not {what} after 30 s")


async def wait_out_guard(pilot: Pilot[None]) -> None:
    """Until the screen shown takes keys (the welcome screen's hold after a session, the
    thank-you's minimum): polled, as a loaded machine needs."""
    screen = pilot.app.screen
    assert isinstance(screen, KioskScreen), screen
    await eventually(pilot, lambda: not screen.too_soon(), "taking keys")


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


def planned(
    questionnaire: Questionnaire, question: Question, plan: Plan, default: str
) -> list[str] | str:
    """The choice ids (or UNKNOWN) the plan gives a question; else its first or last."""
    ids = [c.id for c in questionnaire.choices_of(question)]
    return plan.get(question.id, [ids[0]] if default == "first" else [ids[-1]])


def as_answer(questionnaire: Questionnaire, question: Question, wanted: list[str] | str) -> Answer:
    if wanted == UNKNOWN:
        return Answer.dont_know()
    ids = [c.id for c in questionnaire.choices_of(question)]
    return Answer(choices=tuple(c for c in ids if c in wanted))


async def answer_all(
    pilot: Pilot[None],
    questionnaire: Questionnaire,
    plan: Plan,
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
        wanted = planned(questionnaire, question, plan, default)
        if wanted == UNKNOWN:
            await pilot.press("0")
        else:
            ids = [c.id for c in questionnaire.choices_of(question)]
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
        walk.answers[question.id] = as_answer(questionnaire, question, wanted)
        await pilot.pause()
    assert isinstance(app.screen, ResultScreen), app.screen
    return walk


async def answer_in_the_session(
    pilot: Pilot[None], questionnaire: Questionnaire, plan: Plan, *, default: str = "first"
) -> Walk:
    """The answers `answer_all` gives, without drawing a screen per question: for the
    tests of the screens after the questions (snapshots, contrast, the hand-over with
    the default file's longest code). Each answer goes to the session as a question
    screen gives it; the last one goes through the app, as the last question screen
    posts it, and the app shows the result. The whole walk, key by key and screen by
    screen, is `answer_all` (test_kiosk_flow walks every question that way)."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    screen = app.screen
    assert isinstance(screen, QuestionScreen), screen
    walk = Walk()
    step: Step = ToQuestion(screen.question)
    while isinstance(step, ToQuestion):
        question = step.question
        answer = as_answer(questionnaire, question, planned(questionnaire, question, plan, default))
        walk.seen.append(question.id)
        walk.answers[question.id] = answer
        step = app.session.answer(question.id, answer)
        if not isinstance(step, ToQuestion):
            app.post_message(Answered(question.id, answer))
    await settle(pilot)
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

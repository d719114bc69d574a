"""A person walking through the real kiosk program on a pseudo-terminal."""

from __future__ import annotations

from benchmarks.pty_session import PtySession
from benchmarks.run import ENTER, answer_keys
from questionnaires.model import Questionnaire


def walk_to_the_result(kiosk: PtySession, questionnaire: Questionnaire, *, consent: bool) -> None:
    """Welcome → French → consent → tile 1 everywhere → the result's first page.

    Waits out the input guard after each new screen, at a person's pace.
    """
    kiosk.wait_for("Mon bilan numérique")
    kiosk.press(" ")
    kiosk.wait_for("Français")
    kiosk.read(0.6)  # keys right after a new screen are ignored, on purpose
    kiosk.press("1")
    kiosk.wait_for("accord")
    kiosk.read(0.6)
    shown = kiosk.mark()
    kiosk.press("1" if consent else "2")
    # One question at a time, each key only once its screen is drawn and the input
    # guard is over: on a loaded machine a fixed pace would lose keys.
    for number, (first, moves_on) in enumerate(answer_keys(questionnaire), start=1):
        kiosk.wait_for(f"Question {number} sur", after=shown)
        kiosk.read(0.6)
        shown = kiosk.mark()
        if first:
            kiosk.press(first, pause=0.3)
        kiosk.press(moves_on)
    kiosk.wait_for("La suite", after=shown)
    kiosk.read(0.6)


def walk_to_the_code(kiosk: PtySession, questionnaire: Questionnaire, *, consent: bool) -> None:
    """The whole walk, up to pressing "See my code"."""
    walk_to_the_result(kiosk, questionnaire, consent=consent)
    kiosk.press(ENTER)
    kiosk.wait_for("Voir mon code")
    kiosk.read(0.6)
    kiosk.press(ENTER)

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
    kiosk.press("1" if consent else "2")
    kiosk.wait_for("smartphone")
    kiosk.read(0.8)
    keys = [key for step in answer_keys(questionnaire) for key in step if key]
    kiosk.press(*keys, pause=0.8)
    kiosk.wait_for("La suite")
    kiosk.read(0.6)


def walk_to_the_code(kiosk: PtySession, questionnaire: Questionnaire, *, consent: bool) -> None:
    """The whole walk, up to pressing "See my code"."""
    walk_to_the_result(kiosk, questionnaire, consent=consent)
    kiosk.press(ENTER)
    kiosk.wait_for("Voir mon code")
    kiosk.read(0.6)
    kiosk.press(ENTER)

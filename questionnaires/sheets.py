"""Answer sheets written by hand: score a questionnaire's rules without the kiosk.

A sheet is a JSON object, ``{"question_id": ["choice_id", ...]}``, with ``"dont_know"``
for "I don't know". Facilitators write sheets for typical people to check their rules;
the tests use them too. A sheet that names an unknown question or choice is refused
with one clear line; answers to questions the skip logic hides are ignored, and listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from questionnaires.answers import Answer, AnswerSheet, check_given_answer, in_choice_order
from questionnaires.flow import effective_answers
from questionnaires.model import Questionnaire
from questionnaires.problems import did_you_mean

DONT_KNOW = "dont_know"


class SheetError(ValueError):
    """A sheet that cannot be scored; the message is one line for the facilitator."""


@dataclass(frozen=True)
class ReadSheet:
    answers: AnswerSheet  # what the kiosk would have kept
    ignored: tuple[str, ...]  # questions answered that this person would not be asked


def _did_you_mean(word: str, known: list[str]) -> str:
    return did_you_mean(word, known).en


def read_sheet(questionnaire: Questionnaire, sheet: Any) -> ReadSheet:
    if not isinstance(sheet, dict):
        raise SheetError('a sheet is a JSON object: {"question_id": ["choice_id"], ...}')
    ids = [q.id for q in questionnaire.questions]
    answers: AnswerSheet = {}
    for question_id, given in sheet.items():
        if question_id not in ids:
            raise SheetError(f"unknown question '{question_id}'{_did_you_mean(question_id, ids)}")
        answers[question_id] = _answer(questionnaire, question_id, given)
    kept = effective_answers(questionnaire, answers)
    ignored = tuple(q for q in ids if q in answers and q not in kept)
    return ReadSheet(kept, ignored)


def _answer(questionnaire: Questionnaire, question_id: str, given: Any) -> Answer:
    if given == DONT_KNOW:
        return Answer.dont_know()
    question = questionnaire.question(question_id)
    if isinstance(given, list) and DONT_KNOW in given:
        raise SheetError(f"question '{question_id}': write \"{DONT_KNOW}\" alone, without brackets")
    if not isinstance(given, list) or not all(isinstance(c, str) for c in given):
        raise SheetError(f"question '{question_id}': give a list of choice ids, or \"{DONT_KNOW}\"")
    choices = questionnaire.choices_of(question)
    known = [c.id for c in choices]
    for choice in given:
        if choice not in known:
            raise SheetError(
                f"question '{question_id}' has no choice '{choice}'"
                f"{_did_you_mean(choice, known)}; its choices: {', '.join(known)}"
            )
    try:
        check_given_answer(questionnaire, question, Answer(tuple(given)), f'"{DONT_KNOW}"')
    except ValueError as error:
        raise SheetError(str(error)) from None
    return in_choice_order(questionnaire, question, set(given))

"""What a person answered: one `Answer` per question, kept in an `AnswerSheet`."""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import Question, QuestionKind, Questionnaire


@dataclass(frozen=True)
class Answer:
    """The choice ids picked, or ``unknown`` for "I don't know".

    A multi-choice question may be answered with no choice at all (nothing ticked);
    that is different from "I don't know" and from a skipped question (no Answer).
    """

    choices: tuple[str, ...] = ()
    unknown: bool = False

    @classmethod
    def dont_know(cls) -> Answer:
        return cls(unknown=True)

    def __post_init__(self) -> None:
        if self.unknown and self.choices:
            raise ValueError("an 'I don't know' answer has no choices")


AnswerSheet = dict[str, Answer]


def check_answer(questionnaire: Questionnaire, question: Question, answer: Answer) -> None:
    """Refuse an answer that does not fit its question (ValueError)."""
    if answer.unknown:
        return
    valid = {c.id for c in questionnaire.choices_of(question)}
    unknown = [c for c in answer.choices if c not in valid]
    if unknown:
        raise ValueError(f"question '{question.id}' has no choice {', '.join(unknown)}")
    if len(set(answer.choices)) != len(answer.choices):
        raise ValueError(f"question '{question.id}': a choice is given twice")
    if question.kind is not QuestionKind.MULTI and len(answer.choices) != 1:
        raise ValueError(f"question '{question.id}' takes exactly one choice")


def check_given_answer(
    questionnaire: Questionnaire,
    question: Question,
    answer: Answer,
    dont_know: str = '"I don\'t know"',
) -> None:
    """`check_answer`, and refuse what the kiosk never gives (ValueError): a multi-choice
    with nothing ticked, or a "none of these" ticked with other choices. ``dont_know``
    is how the reader writes "I don't know", for the message."""
    check_answer(questionnaire, question, answer)
    if answer.unknown or question.kind is not QuestionKind.MULTI:
        return
    if not answer.choices:
        raise ValueError(f"question '{question.id}': tick at least one choice, or {dont_know}")
    exclusive = [c.id for c in question.choices if c.exclusive and c.id in answer.choices]
    if exclusive and len(answer.choices) > 1:
        raise ValueError(f"question '{question.id}': '{exclusive[0]}' cannot go with other choices")


def in_choice_order(questionnaire: Questionnaire, question: Question, ids: set[str]) -> Answer:
    """An answer with the choices in the order the questionnaire lists them."""
    order = [c.id for c in questionnaire.choices_of(question)]
    return Answer(choices=tuple(c for c in order if c in ids))

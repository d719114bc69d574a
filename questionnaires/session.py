"""One person's walk through the kiosk, as a plain state machine the screens drive.

Language, then consent, then the questions, then the result. The kiosk app asks the
session what comes next and shows it; nothing here knows about screens, so the whole
walk can be tested without a terminal. The questionnaire may still be loading when
the person chooses a language: the session takes it at ``begin``. Importing this module
costs nothing: the kiosk's welcome screen needs it before anything else is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from questionnaires.answers import Answer
    from questionnaires.flow import Diagnosis
    from questionnaires.model import Question, Questionnaire
    from questionnaires.result import Result


@dataclass(frozen=True)
class ToQuestion:
    """Show this question."""

    question: Question


@dataclass(frozen=True)
class ToResult:
    """Every question is answered: show the result."""


@dataclass(frozen=True)
class ToConsent:
    """Back past the first question: the consent screen again."""


Step = ToQuestion | ToResult | ToConsent


class Session:
    """Language, consent and answers of the person at the kiosk now."""

    def __init__(self, language: str = "fr") -> None:
        self.language = language
        self.consent: bool | None = None
        self._diagnosis: Diagnosis | None = None

    @property
    def started(self) -> bool:
        """Whether the questions have begun (the questionnaire is known)."""
        return self._diagnosis is not None

    @property
    def diagnosis(self) -> Diagnosis:
        if self._diagnosis is None:
            raise RuntimeError("the questions have not begun")
        return self._diagnosis

    def choose_language(self, language: str) -> None:
        self.language = language
        if self._diagnosis is not None:
            self._diagnosis.language = language

    def give_consent(self, consent: bool) -> None:
        self.consent = consent
        if self._diagnosis is not None:
            self._diagnosis.consent = consent

    def begin(self, questionnaire: Questionnaire) -> Step:
        """The first question; answers given earlier are kept (back to consent and on)."""
        from questionnaires.flow import Diagnosis

        if self._diagnosis is None:
            self._diagnosis = Diagnosis(questionnaire)
        self._diagnosis.language = self.language
        self._diagnosis.consent = self.consent
        return self._step(self._diagnosis.first_question())

    def answer(self, question_id: str, answer: Answer) -> Step:
        self.diagnosis.answer(question_id, answer)
        return self.advance(question_id)

    def advance(self, question_id: str) -> Step:
        """The step after a question already answered."""
        return self._step(self.diagnosis.next_question(question_id))

    def back(self, question_id: str) -> Step:
        previous = self.diagnosis.previous_question(question_id)
        return ToConsent() if previous is None else ToQuestion(previous)

    def position(self, question_id: str) -> tuple[int, int]:
        """(number, total) for "question 4 of 18"."""
        return self.diagnosis.position(question_id)

    def answer_to(self, question_id: str) -> Answer | None:
        return self.diagnosis.answers.get(question_id)

    def finish(self, day: date, code: str) -> Result:
        """The result of the answers kept (those of questions shown)."""
        from questionnaires.result import Result

        diagnosis = self.diagnosis
        return Result.finish(
            diagnosis.questionnaire,
            diagnosis.answers,
            self.language,
            day,
            code=code,
            consent=self.consent,
        )

    @staticmethod
    def _step(question: Question | None) -> Step:
        return ToResult() if question is None else ToQuestion(question)

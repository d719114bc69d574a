"""A finished self-diagnosis: the answers, when, its result code, and what they mean."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from questionnaires.answers import Answer, AnswerSheet
from questionnaires.flow import effective_answers
from questionnaires.model import Questionnaire
from questionnaires.scoring import Scores, score

# Crockford base 32: no I, L, O or U, so a code read aloud or typed is not misread.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RESULT_CODE_LENGTH = 6
# The payload counts days from this one and keeps day 0 for "unknown": the kiosk's
# clock was outside what a payload can hold (before 2020, after 2199). No real result
# is that old, so a code never claims a false date.
UNKNOWN_DAY = date(2020, 1, 1)


def new_result_code() -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(RESULT_CODE_LENGTH))


def format_result_code(code: str) -> str:
    """ "K7M4QX" -> "K7M-4QX": two groups of three are easier to copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


@dataclass(frozen=True)
class Result:
    questionnaire: Questionnaire
    code: str
    day: date
    answers: AnswerSheet
    language: str = "fr"

    @classmethod
    def finish(
        cls,
        questionnaire: Questionnaire,
        answers: AnswerSheet,
        language: str,
        day: date,
        code: str | None = None,
    ) -> Result:
        return cls(
            questionnaire=questionnaire,
            code=code or new_result_code(),
            day=day,
            answers=effective_answers(questionnaire, answers),
            language=language,
        )

    @property
    def known_day(self) -> date | None:
        """The day the result was made, or None when the kiosk's clock was wrong."""
        return None if self.day == UNKNOWN_DAY else self.day

    @property
    def scores(self) -> Scores:
        return score(self.questionnaire, self.answers)

    def to_record(self, payload: str, created_at: datetime) -> dict[str, Any]:
        """The stored form: plain JSON, readable without this program."""
        scores = self.scores
        return {
            "code": self.code,
            "date": self.day.isoformat(),
            "created_at": created_at.isoformat(timespec="seconds"),
            "questionnaire": self.questionnaire.id,
            "questionnaire_version": self.questionnaire.version,
            "language": self.language,
            "answers": {qid: answer_to_json(a) for qid, a in self.answers.items()},
            "levels": scores.levels,
            "channels": list(scores.channels),
            "next_steps": list(scores.next_steps),
            "payload": payload,
        }


def answer_to_json(answer: Answer) -> list[str] | str:
    return "unknown" if answer.unknown else list(answer.choices)


def answer_from_json(value: Any) -> Answer:
    if value == "unknown":
        return Answer.dont_know()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return Answer(choices=tuple(value))
    raise ValueError(f"not an answer: {value!r}")

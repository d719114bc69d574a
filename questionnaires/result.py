"""A finished self-diagnosis: the answers, when, its result code, and what they mean."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from questionnaires.answers import Answer, AnswerSheet
from questionnaires.checksum import CROCKFORD as CROCKFORD  # the alphabet of every code
from questionnaires.checksum import weighted_check, weighted_sum_is_zero
from questionnaires.conditions import holds
from questionnaires.flow import effective_answers
from questionnaires.model import Questionnaire
from questionnaires.scoring import Scores, score

# The result code: 5 random Crockford symbols, then a check symbol (see checksum.py)
# that refuses any single mistyped character and any two neighbours swapped.
RESULT_CODE_LENGTH = 6
RESULT_CODE_RANDOM = RESULT_CODE_LENGTH - 1
# The payload counts days from this one and keeps day 0 for "unknown": the kiosk's
# clock was outside what a payload can hold (before 2020, after 2199). No real result
# is that old, so a code never claims a false date.
UNKNOWN_DAY = date(2020, 1, 1)


def new_result_code() -> str:
    """5 random symbols (33 million codes) and their check symbol: "K7M4Q0"."""
    random_part = "".join(secrets.choice(CROCKFORD) for _ in range(RESULT_CODE_RANDOM))
    return complete_result_code(random_part)


def complete_result_code(random_part: str) -> str:
    """ "K7M4Q" -> "K7M4Q0": the 5 random symbols followed by their check symbol."""
    if len(random_part) != RESULT_CODE_RANDOM or not set(random_part) <= set(CROCKFORD):
        raise ValueError(f"not {RESULT_CODE_RANDOM} Crockford symbols: {random_part!r}")
    return random_part + weighted_check(random_part)


def short_code_is_valid(code: str) -> bool:
    """Whether ``code`` (canonical: upper case, no dash) is a result code with its check.

    Codes drawn before the check existed fail it in 31 cases out of 32."""
    return (
        len(code) == RESULT_CODE_LENGTH
        and set(code) <= set(CROCKFORD)
        and weighted_sum_is_zero(code)
    )


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
    language: str = "fr"  # the language the person answered in
    # Whether the person agreed that the result is kept; None when the code does not say
    # (a code of format 1).
    consent: bool | None = None

    @classmethod
    def finish(
        cls,
        questionnaire: Questionnaire,
        answers: AnswerSheet,
        language: str,
        day: date,
        code: str | None = None,
        consent: bool | None = None,
    ) -> Result:
        return cls(
            questionnaire=questionnaire,
            code=code or new_result_code(),
            day=day,
            answers=effective_answers(questionnaire, answers),
            language=language,
            consent=consent,
        )

    @property
    def known_day(self) -> date | None:
        """The day the result was made, or None when the kiosk's clock was wrong."""
        return None if self.day == UNKNOWN_DAY else self.day

    @property
    def can_photograph(self) -> bool | None:
        """Whether the person can take a photo of their QR code, as the questionnaire's
        `result.photo` and `result.no_photo` say; None when neither holds."""
        layout = self.questionnaire.result
        if layout.photo is not None and holds(layout.photo, self.questionnaire, self.answers):
            return True
        if layout.no_photo is not None and holds(layout.no_photo, self.questionnaire, self.answers):
            return False
        return None

    @cached_property
    def scores(self) -> Scores:
        # Worked out once: a report reads them many times, a batch has thousands.
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

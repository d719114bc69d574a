"""The QR code payload: a whole result in about 30 characters an adviser can scan or type.

Layout (all in Crockford base 32, which QR codes store in their compact alphanumeric
mode and which people can type without mixing up O/0 or I/1)::

    1 DG 01 <body> <check>
    | |  |   |      '- 3 characters: a 15-bit hash of everything before it
    | |  |   '- one number holding the date, the result code and every answer
    | |  '- questionnaire version (2 characters)
    | '- questionnaire code (from the questionnaire file)
    '- payload format version

The answers are packed as a mixed-radix number, one digit per question, so the size
depends only on the questionnaire, never on how many boxes were ticked. Decoding needs
the same questionnaire version, which the adviser's copy of Diagnum ships with: no
network and no access to the kiosk. A damaged or mistyped code fails the hash or the
structure checks and is refused, never misread.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from questionnaires.answers import Answer, AnswerSheet, check_answer
from questionnaires.flow import visible_questions
from questionnaires.model import Question, QuestionKind, Questionnaire
from questionnaires.result import CROCKFORD, RESULT_CODE_LENGTH, UNKNOWN_DAY, Result

FORMAT_VERSION = "1"
EPOCH = UNKNOWN_DAY  # day 0: the date is unknown (see UNKNOWN_DAY)
DAY_BITS = 16
CHECK_LENGTH = 3
PREFIX_LENGTH = 5  # format + questionnaire code + version
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})

# Finds the questionnaire a payload names: (code, version) -> Questionnaire or None.
QuestionnaireLookup = Callable[[str, int], Questionnaire | None]


_REFUSALS = {
    "empty": ("The code is empty.", "Le code est vide."),
    "alphabet": (
        "The code contains characters that never appear in one: {chars}",
        "Le code contient des caractères qui n'existent pas dans un code : {chars}",
    ),
    "short": (
        "The code is too short ({length} characters): a part is missing.",
        "Le code est trop court ({length} caractères) : il en manque une partie.",
    ),
    "check": (
        "The code is damaged or was mistyped: its check characters do not match.",
        "Le code est abîmé ou mal recopié : ses caractères de contrôle ne correspondent pas.",
    ),
    "format": (
        "The code uses format {found}, this program reads format {known}: update Diagnum.",
        "Le code est au format {found}, ce programme lit le format {known} : "
        "mettez Diagnum à jour.",
    ),
    "questionnaire": (
        "The code comes from questionnaire {code} version {version}, "
        "which this copy of Diagnum does not have.",
        "Le code vient du questionnaire {code} version {version}, "
        "que cette copie de Diagnum n'a pas.",
    ),
    "length": (
        "The code has the wrong length for its questionnaire.",
        "Le code n'a pas la bonne longueur pour son questionnaire.",
    ),
    "overflow": (
        "The code holds more than its questionnaire allows: refused.",
        "Le code contient plus que son questionnaire ne permet : refusé.",
    ),
    "answer": (
        "The code holds an impossible answer to '{question}'.",
        "Le code contient une réponse impossible à « {question} ».",
    ),
    "path": (
        "The code's answers do not follow the questionnaire's path: refused.",
        "Les réponses du code ne suivent pas le parcours du questionnaire : refusé.",
    ),
}


class PayloadError(ValueError):
    """A payload that cannot be trusted; the message is one line for the adviser."""

    def __init__(self, reason: str, **values: object) -> None:
        self.reason = reason
        self.values = values
        super().__init__(self.in_language("en"))

    def in_language(self, language: str) -> str:
        english, french = _REFUSALS[self.reason]
        return (french if language == "fr" else english).format(**self.values)


@dataclass(frozen=True)
class Decoded:
    questionnaire: Questionnaire
    code: str
    day: date
    answers: AnswerSheet

    def result(self, language: str = "fr") -> Result:
        return Result(self.questionnaire, self.code, self.day, self.answers, language)


def _to_base32(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(CROCKFORD[digit])
    if value:
        raise OverflowError("value does not fit")
    return "".join(reversed(chars))


def _from_base32(text: str) -> int:
    value = 0
    for char in text:
        value = value * 32 + CROCKFORD.index(char)
    return value


def _check(text: str) -> str:
    digest = int.from_bytes(hashlib.blake2s(text.encode("ascii"), digest_size=4).digest())
    return _to_base32(digest >> (32 - 5 * CHECK_LENGTH), CHECK_LENGTH)


def radix(questionnaire: Questionnaire, question: Question) -> int:
    """How many values one question's digit can take: not asked, don't know, answers."""
    n = len(questionnaire.choices_of(question))
    return 2 + (2**n if question.kind is QuestionKind.MULTI else n)


def _radices(questionnaire: Questionnaire) -> list[int]:
    return [2**DAY_BITS, 32**RESULT_CODE_LENGTH] + [
        radix(questionnaire, q) for q in questionnaire.questions
    ]


def body_length(questionnaire: Questionnaire) -> int:
    capacity = 1
    for r in _radices(questionnaire):
        capacity *= r
    return max(1, ((capacity - 1).bit_length() + 4) // 5)


def payload_length(questionnaire: Questionnaire) -> int:
    return PREFIX_LENGTH + body_length(questionnaire) + CHECK_LENGTH


def _answer_digit(questionnaire: Questionnaire, question: Question, answer: Answer | None) -> int:
    if answer is None:
        return 0
    if answer.unknown:
        return 1
    ids = [c.id for c in questionnaire.choices_of(question)]
    if question.kind is QuestionKind.MULTI:
        return 2 + sum(1 << ids.index(c) for c in answer.choices)
    return 2 + ids.index(answer.choices[0])


def _digit_answer(questionnaire: Questionnaire, question: Question, digit: int) -> Answer | None:
    if digit == 0:
        return None
    if digit == 1:
        return Answer.dont_know()
    ids = [c.id for c in questionnaire.choices_of(question)]
    if question.kind is QuestionKind.MULTI:
        mask = digit - 2
        return Answer(choices=tuple(c for i, c in enumerate(ids) if mask >> i & 1))
    return Answer(choices=(ids[digit - 2],))


def encode_payload(result: Result) -> str:
    questionnaire = result.questionnaire
    days = (result.day - EPOCH).days
    if not 0 < days < 2**DAY_BITS:
        days = 0  # a clock outside the range: say "unknown", never a false date
    digits = [days, _from_base32(result.code)] + [
        _answer_digit(questionnaire, q, result.answers.get(q.id)) for q in questionnaire.questions
    ]
    value = 0
    for digit, base in zip(digits, _radices(questionnaire), strict=True):
        value = value * base + digit
    head = FORMAT_VERSION + questionnaire.code + _to_base32(questionnaire.version, 2)
    text = head + _to_base32(value, body_length(questionnaire))
    return text + _check(text)


def normalize_payload(text: str) -> str:
    """What a person may have typed -> the canonical payload (spaces, dashes, case, O/0)."""
    kept = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-.")
    return kept.translate(_TYPO)


def decode_payload(text: str, lookup: QuestionnaireLookup) -> Decoded:
    payload = normalize_payload(text)
    if not payload:
        raise PayloadError("empty")
    bad = sorted({ch for ch in payload if ch not in CROCKFORD})
    if bad:
        raise PayloadError("alphabet", chars="".join(bad))
    if len(payload) < PREFIX_LENGTH + 1 + CHECK_LENGTH:
        raise PayloadError("short", length=len(payload))
    text_part, check = payload[:-CHECK_LENGTH], payload[-CHECK_LENGTH:]
    if _check(text_part) != check:
        raise PayloadError("check")
    if payload[0] != FORMAT_VERSION:
        raise PayloadError("format", found=payload[0], known=FORMAT_VERSION)
    code, version = payload[1:3], _from_base32(payload[3:5])
    questionnaire = lookup(code, version)
    if questionnaire is None:
        raise PayloadError("questionnaire", code=code, version=version)
    body = payload[PREFIX_LENGTH:-CHECK_LENGTH]
    if len(body) != body_length(questionnaire):
        raise PayloadError("length")
    return _unpack(questionnaire, _from_base32(body))


def _unpack(questionnaire: Questionnaire, value: int) -> Decoded:
    radices = _radices(questionnaire)
    digits = []
    for base in reversed(radices):
        value, digit = divmod(value, base)
        digits.append(digit)
    if value:
        raise PayloadError("overflow")
    digits.reverse()
    days, code_value, *answer_digits = digits
    answers: AnswerSheet = {}
    for question, digit in zip(questionnaire.questions, answer_digits, strict=True):
        answer = _digit_answer(questionnaire, question, digit)
        if answer is None:
            continue
        try:
            check_answer(questionnaire, question, answer)
        except ValueError as error:
            raise PayloadError("answer", question=question.id) from error
        if question.kind is QuestionKind.MULTI and not answer.unknown and not answer.choices:
            # The kiosk asks for a tick or "I don't know": an empty answer is a typo.
            raise PayloadError("answer", question=question.id)
        chosen = [c for c in question.choices if c.id in answer.choices]
        if any(c.exclusive for c in chosen) and len(chosen) > 1:
            raise PayloadError("answer", question=question.id)
        answers[question.id] = answer
    shown = {q.id for q in visible_questions(questionnaire, answers)}
    if set(answers) != shown:
        raise PayloadError("path")
    return Decoded(
        questionnaire=questionnaire,
        code=_to_base32(code_value, RESULT_CODE_LENGTH),
        day=EPOCH + timedelta(days=days),
        answers=answers,
    )

"""The QR code payload: a whole result in about 35 characters an adviser can scan or type.

Layout of format 2 (all in Crockford base 32, which QR codes store in their compact
alphanumeric mode and which people can type without mixing up O/0 or I/1)::

    2 DG 01 <body> <checks>
    | |  |   |      '- 3 Reed–Solomon check symbols per block of 28 symbols before
    | |  |   |         them (see checksum.py): 3 for up to 28, 6 for 29 to 56…
    | |  |   '- one number holding the date, the result code, the person's language,
    | |  |      their consent and every answer
    | |  '- questionnaire version (2 characters)
    | '- questionnaire code (from the questionnaire file)
    '- payload format version

The answers are packed as a mixed-radix number, one digit per question, so the size
depends only on the questionnaire, never on how many boxes were ticked. Decoding needs
the same questionnaire version, which the adviser's copy of Diagnum ships with: no
network and no access to the kiosk.

Any change of up to 3 characters (a mistyped one, two neighbours swapped, two or three
typos) is refused, whatever the length: the Reed–Solomon check guarantees it, and the
structure checks (length, ranges, the questionnaire's path) refuse most bigger damage
too. A code is never repaired, only refused. Format 1 (a 15-bit hash instead of the
Reed–Solomon checks, and neither language nor consent) is still read, for tickets
printed before format 2; `Decoded.format_version` says which one was read. See
docs/codes.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from questionnaires.answers import Answer, AnswerSheet, check_given_answer
from questionnaires.checksum import add_checks, checks_hold, protected_length
from questionnaires.flow import visible_questions
from questionnaires.model import Question, QuestionKind, Questionnaire
from questionnaires.result import (
    CROCKFORD,
    RESULT_CODE_LENGTH,
    UNKNOWN_DAY,
    Result,
    format_result_code,
    short_code_is_valid,
)

FORMAT_VERSION = "2"
OLD_FORMAT = "1"  # still read: tickets printed before format 2
EPOCH = UNKNOWN_DAY  # day 0: the date is unknown (see UNKNOWN_DAY)
DAY_BITS = 16
CHECK_LENGTH = 3  # check symbols: format 1's hash; format 2's per block of 28
PREFIX_LENGTH = 5  # format + questionnaire code + version
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})
# The person's language, digit 0 for "not said" (a language not in this list). Append
# only: a language's digit never changes, so older copies keep reading newer codes.
LANGUAGES = ("fr", "en", "ar")  # append only: a code stores the index
LANGUAGE_SLOTS = 8  # room for 7 languages without a new format
CONSENT_DIGITS: dict[bool | None, int] = {None: 0, True: 1, False: 2}

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
        "The code has the wrong length: a character is missing or there is one too many.",
        "Le code n'a pas la bonne longueur : il manque un caractère ou il y en a un de trop.",
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
    "language": (
        "The code names a language this copy of Diagnum does not know: update Diagnum.",
        "Le code indique une langue que cette copie de Diagnum ne connaît pas : "
        "mettez Diagnum à jour.",
    ),
    "short_code_typo": (
        "The code {code} was mistyped: check it letter by letter.",
        "Le code {code} est mal recopié : vérifiez-le lettre par lettre.",
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
    language: str | None = None  # the person's; None when the code does not say
    consent: bool | None = None  # None when the code does not say (format 1)
    format_version: str = FORMAT_VERSION  # "1": an older code, with a weaker check

    def result(self, language: str = "fr") -> Result:
        """The result; ``language`` stands for the person's when the code does not say
        it (format 1, or a language outside `LANGUAGES`)."""
        return Result(
            self.questionnaire,
            self.code,
            self.day,
            self.answers,
            self.language or language,
            self.consent,
        )


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


def _format_1_check(text: str) -> str:
    """Format 1's check: the first 15 bits of a hash. Any typo fails it in all but 1
    case out of 32,768, which the structure checks then mostly refuse."""
    digest = int.from_bytes(hashlib.blake2s(text.encode("ascii"), digest_size=4).digest())
    return _to_base32(digest >> (32 - 5 * CHECK_LENGTH), CHECK_LENGTH)


def radix(questionnaire: Questionnaire, question: Question) -> int:
    """How many values one question's digit can take: not asked, don't know, answers."""
    n = len(questionnaire.choices_of(question))
    return 2 + (2**n if question.kind is QuestionKind.MULTI else n)


@dataclass(frozen=True)
class _Layout:
    """What one questionnaire's codes of one format look like (worked out once)."""

    radices: tuple[int, ...]  # day, result code, [language, consent,] each question
    body: int  # symbols of the packed number
    length: int  # symbols of the whole code
    choice_ids: tuple[tuple[str, ...], ...]  # per question, in order
    # Per question, digit -> what it stands for, filled as digits are met: at most
    # 2 + 2^6 entries (6 choices at most). Answers are frozen: sheets can share them.
    answers: tuple[dict[int, Answer | _Mark | None], ...]


# id(questionnaire), format -> (the questionnaire, its layout). Holding the
# questionnaire keeps its id from being reused while the entry lives.
_LAYOUTS: dict[tuple[int, str], tuple[Questionnaire, _Layout]] = {}


def _layout(questionnaire: Questionnaire, format_version: str) -> _Layout:
    key = (id(questionnaire), format_version)
    cached = _LAYOUTS.get(key)
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    radices = [2**DAY_BITS, 32**RESULT_CODE_LENGTH]
    if format_version != OLD_FORMAT:
        radices += [LANGUAGE_SLOTS, len(CONSENT_DIGITS)]
    radices += [radix(questionnaire, q) for q in questionnaire.questions]
    capacity = 1
    for r in radices:
        capacity *= r
    body = max(1, ((capacity - 1).bit_length() + 4) // 5)
    if format_version == OLD_FORMAT:
        length = PREFIX_LENGTH + body + CHECK_LENGTH
    else:
        length = protected_length(PREFIX_LENGTH + body)
        if length == _layout(questionnaire, OLD_FORMAT).length:
            # Never the length of a format-1 code of the same questionnaire: a typo
            # that turns the leading "2" into "1" then fails format 1's length check.
            body += 1
            length = protected_length(PREFIX_LENGTH + body)
    choice_ids = tuple(
        tuple(c.id for c in questionnaire.choices_of(q)) for q in questionnaire.questions
    )
    answers: tuple[dict[int, Answer | _Mark | None], ...] = tuple(
        {} for _ in questionnaire.questions
    )
    layout = _Layout(tuple(radices), body, length, choice_ids, answers)
    if len(_LAYOUTS) >= 64:
        _LAYOUTS.clear()  # a long test run meets many questionnaires; a kiosk, one
    _LAYOUTS[key] = (questionnaire, layout)
    return layout


def body_length(questionnaire: Questionnaire, format_version: str = FORMAT_VERSION) -> int:
    """Symbols of the packed number (between the prefix and the checks)."""
    return _layout(questionnaire, format_version).body


def payload_length(questionnaire: Questionnaire, format_version: str = FORMAT_VERSION) -> int:
    """Symbols of a whole code of this questionnaire, checks included."""
    return _layout(questionnaire, format_version).length


def _answer_digit(question: Question, ids: tuple[str, ...], answer: Answer | None) -> int:
    if answer is None:
        return 0
    if answer.unknown:
        return 1
    if question.kind is QuestionKind.MULTI:
        return 2 + sum(1 << ids.index(c) for c in answer.choices)
    return 2 + ids.index(answer.choices[0])


def _digit_answer(question: Question, ids: tuple[str, ...], digit: int) -> Answer | None:
    if digit == 0:
        return None
    if digit == 1:
        return Answer.dont_know()
    if question.kind is QuestionKind.MULTI:
        mask = digit - 2
        return Answer(choices=tuple(c for i, c in enumerate(ids) if mask >> i & 1))
    return Answer(choices=(ids[digit - 2],))


class _Mark:
    """A mark in a layout's digit table, where no answer stands."""


_UNSEEN = _Mark()  # the digit was not judged yet
_IMPOSSIBLE = _Mark()  # no kiosk writes this digit for this question


def _judge(
    questionnaire: Questionnaire, question: Question, ids: tuple[str, ...], digit: int
) -> Answer | _Mark | None:
    """The answer a question's digit stands for: None (not asked), or `_IMPOSSIBLE`."""
    answer = _digit_answer(question, ids, digit)
    if answer is None:
        return None
    try:
        # What no kiosk writes (nothing ticked, "none of these" with others) is a typo.
        check_given_answer(questionnaire, question, answer)
    except ValueError:
        return _IMPOSSIBLE
    return answer


def _language_digit(language: str) -> int:
    return LANGUAGES.index(language) + 1 if language in LANGUAGES else 0


def encode_payload(result: Result) -> str:
    """The format-2 code of ``result``. Any 6-symbol result code is carried as it is,
    check symbol or not, so a result kept before check symbols keeps its code."""
    questionnaire = result.questionnaire
    days = (result.day - EPOCH).days
    if not 0 < days < 2**DAY_BITS:
        days = 0  # a clock outside the range: say "unknown", never a false date
    layout = _layout(questionnaire, FORMAT_VERSION)
    digits = [
        days,
        _from_base32(result.code),
        _language_digit(result.language),
        CONSENT_DIGITS[result.consent],
    ] + [
        _answer_digit(q, ids, result.answers.get(q.id))
        for q, ids in zip(questionnaire.questions, layout.choice_ids, strict=True)
    ]
    value = 0
    for digit, base in zip(digits, layout.radices, strict=True):
        value = value * base + digit
    head = FORMAT_VERSION + questionnaire.code + _to_base32(questionnaire.version, 2)
    return add_checks(head + _to_base32(value, layout.body))


def normalize_payload(text: str) -> str:
    """What a person may have typed -> the canonical payload (spaces, dashes, case, O/0)."""
    kept = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-.")
    return kept.translate(_TYPO)


def payload_format(text: str) -> str:
    """The format a code claims (its first character), "" for an empty one."""
    return normalize_payload(text)[:1]


def _later_format(version: str) -> bool:
    """Formats are numbered 1 to 9: a higher digit is a newer Diagnum's code."""
    return version.isdigit() and version > FORMAT_VERSION


def decode_payload(text: str, lookup: QuestionnaireLookup) -> Decoded:
    """The result a typed or scanned code holds, or `PayloadError`: the checks first,
    then the questionnaire it names, then its structure."""
    payload = normalize_payload(text)
    if not payload:
        raise PayloadError("empty")
    bad = sorted({ch for ch in payload if ch not in CROCKFORD})
    if bad:
        raise PayloadError("alphabet", chars="".join(bad))
    if len(payload) < PREFIX_LENGTH + 1 + CHECK_LENGTH:
        raise PayloadError("short", length=len(payload))
    format_version = payload[0]
    if format_version == FORMAT_VERSION:
        if not checks_hold(payload):
            raise PayloadError("check")
    elif format_version == OLD_FORMAT:
        if _format_1_check(payload[:-CHECK_LENGTH]) != payload[-CHECK_LENGTH:]:
            raise PayloadError("check")
        if checks_hold(FORMAT_VERSION + payload[1:]):
            raise PayloadError("check")  # a format-2 code whose "2" was mistyped "1"
    elif checks_hold(FORMAT_VERSION + payload[1:]) or not _later_format(format_version):
        # A format-2 code whose first character was mistyped, or no code at all
        # ("hello world"): not a reason to update Diagnum.
        raise PayloadError("check")
    else:
        raise PayloadError("format", found=format_version, known=FORMAT_VERSION)
    code, version = payload[1:3], _from_base32(payload[3:5])
    questionnaire = lookup(code, version)
    if questionnaire is None:
        raise PayloadError("questionnaire", code=code, version=version)
    layout = _layout(questionnaire, format_version)
    if len(payload) != layout.length:
        raise PayloadError("length")
    body = payload[PREFIX_LENGTH : PREFIX_LENGTH + layout.body]
    return _unpack(questionnaire, layout, format_version, _from_base32(body))


def check_short_code(text: str, saved_payload: str | None = None) -> str:
    """The canonical result code behind a typed one ("k7m-4q0" -> "K7M4Q0"), or
    `PayloadError` ("short_code_typo") when its check symbol does not match.

    ``saved_payload``: the payload of the result stored under exactly this code, if
    any. A code drawn before result codes had a check symbol fails the check in 31
    cases out of 32; its result's payload is then of format 1, and only then is the
    code let through."""
    code = normalize_payload(text)
    bad = sorted({ch for ch in code if ch not in CROCKFORD})
    if bad:
        raise PayloadError("alphabet", chars="".join(bad))
    if len(code) != RESULT_CODE_LENGTH:
        raise PayloadError("length")
    if short_code_is_valid(code):
        return code
    if saved_payload is not None and payload_format(saved_payload) == OLD_FORMAT:
        return code
    raise PayloadError("short_code_typo", code=format_result_code(code))


def _unpack(
    questionnaire: Questionnaire, layout: _Layout, format_version: str, value: int
) -> Decoded:
    digits = []
    for base in reversed(layout.radices):
        value, digit = divmod(value, base)
        digits.append(digit)
    if value:
        raise PayloadError("overflow")
    digits.reverse()
    language: str | None = None
    consent: bool | None = None
    if format_version == OLD_FORMAT:
        days, code_value, *answer_digits = digits
    else:
        days, code_value, language_digit, consent_digit, *answer_digits = digits
        if language_digit > len(LANGUAGES):
            raise PayloadError("language")
        language = LANGUAGES[language_digit - 1] if language_digit else None
        consent = (None, True, False)[consent_digit]
    answers: AnswerSheet = {}
    for index, (question, digit) in enumerate(
        zip(questionnaire.questions, answer_digits, strict=True)
    ):
        read = layout.answers[index].get(digit, _UNSEEN)
        if read is _UNSEEN:  # worked out once per questionnaire, question and digit
            read = layout.answers[index][digit] = _judge(
                questionnaire, question, layout.choice_ids[index], digit
            )
        if read is None:
            continue
        if not isinstance(read, Answer):
            raise PayloadError("answer", question=question.id)
        answers[question.id] = read
    shown = {q.id for q in visible_questions(questionnaire, answers)}
    if set(answers) != shown:
        raise PayloadError("path")
    return Decoded(
        questionnaire=questionnaire,
        code=_to_base32(code_value, RESULT_CODE_LENGTH),
        day=EPOCH + timedelta(days=days),
        answers=answers,
        language=language,
        consent=consent,
        format_version=format_version,
    )

"""The QR payload: compact, round-trips every answer sheet, refuses damaged codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaires.answers import Answer, AnswerSheet
from questionnaires.flow import fullest_answers, visible_questions
from questionnaires.library import QuestionnaireLibrary
from questionnaires.loading import DEFAULT_FILE, load_questionnaire
from questionnaires.model import QuestionKind, Questionnaire
from questionnaires.payload import (
    FORMAT_VERSION,
    LANGUAGES,
    PayloadError,
    decode_payload,
    encode_payload,
    normalize_payload,
    payload_length,
)
from questionnaires.qr import make_qr
from questionnaires.result import CROCKFORD, Result

QUESTIONNAIRE = load_questionnaire(DEFAULT_FILE)
LOOKUP = QuestionnaireLibrary([QUESTIONNAIRE], []).find


@st.composite
def answer_sheets(draw: st.DrawFn, questionnaire: Questionnaire = QUESTIONNAIRE) -> AnswerSheet:
    """Any path a person can take: each shown question answered, in order."""
    answers: AnswerSheet = {}
    for question in questionnaire.questions:
        if question not in visible_questions(questionnaire, answers):
            continue
        choices = questionnaire.choices_of(question)
        if draw(st.integers(0, 9)) == 0:
            answers[question.id] = Answer.dont_know()
        elif question.kind is QuestionKind.MULTI:
            picked = draw(st.sets(st.sampled_from([c.id for c in choices]), min_size=1))
            exclusive = {c.id for c in choices if c.exclusive}
            if picked & exclusive:
                picked = {next(iter(picked & exclusive))}
            answers[question.id] = Answer(tuple(c.id for c in choices if c.id in picked))
        else:
            answers[question.id] = Answer((draw(st.sampled_from(choices)).id,))
    return answers


# Any 6 symbols: a result kept before result codes had a check symbol keeps its code.
codes = st.text(alphabet=CROCKFORD, min_size=6, max_size=6)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2199, 1, 1))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=answer_sheets(),
    code=codes,
    day=days,
    language=st.sampled_from(LANGUAGES),
    consent=st.sampled_from([True, False, None]),
)
def test_round_trip(
    answers: AnswerSheet, code: str, day: date, language: str, consent: bool | None
) -> None:
    result = Result(QUESTIONNAIRE, code, day, answers, language, consent)
    payload = encode_payload(result)
    assert len(payload) == payload_length(QUESTIONNAIRE)
    assert set(payload) <= set(CROCKFORD)
    assert payload.startswith(FORMAT_VERSION + "DG03")  # questionnaire DG, version 3
    decoded = decode_payload(payload, LOOKUP)
    assert (decoded.answers, decoded.code, decoded.day) == (answers, code, day)
    assert (decoded.language, decoded.consent, decoded.format_version) == (language, consent, "2")
    assert decoded.result("fr") == result


def test_the_persons_language_beats_the_advisers() -> None:
    answers = fullest_answers(QUESTIONNAIRE)
    payload = encode_payload(Result(QUESTIONNAIRE, "K7M4Q0", date(2026, 5, 1), answers, "en"))
    assert decode_payload(payload, LOOKUP).result("fr").language == "en"
    # A language the code cannot name is not said; the adviser's stands in for it.
    other = encode_payload(Result(QUESTIONNAIRE, "K7M4Q0", date(2026, 5, 1), answers, "tr"))
    decoded = decode_payload(other, LOOKUP)
    assert decoded.language is None and decoded.result("fr").language == "fr"
    # Arabic, the third language, is named: a person's ticket comes in Arabic.
    arabic = encode_payload(Result(QUESTIONNAIRE, "K7M4Q0", date(2026, 5, 1), answers, "ar"))
    assert decode_payload(arabic, LOOKUP).result("fr").language == "ar"


def test_the_default_questionnaires_code_is_35_characters() -> None:
    # 5 prefix + 24 packed symbols: 29 symbols, two Reed–Solomon blocks (28 + 1), so 6
    # check symbols. Never the length of a format-1 code of the same questionnaire.
    assert payload_length(QUESTIONNAIRE) == 35
    assert payload_length(QUESTIONNAIRE, "1") == 31


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=answer_sheets(),
    position=st.integers(min_value=0),
    replacement=st.sampled_from(CROCKFORD),
)
def test_a_mistyped_character_is_refused(
    answers: AnswerSheet, position: int, replacement: str
) -> None:
    payload = encode_payload(Result(QUESTIONNAIRE, "ABC123", date(2026, 5, 1), answers))
    index = position % len(payload)
    if payload[index] == replacement:
        return
    damaged = payload[:index] + replacement + payload[index + 1 :]
    with pytest.raises(PayloadError):
        decode_payload(damaged, LOOKUP)


@settings(max_examples=200)
@given(answers=answer_sheets(), index=st.integers(min_value=0))
def test_swapped_neighbours_and_missing_characters_are_refused(
    answers: AnswerSheet, index: int
) -> None:
    payload = encode_payload(Result(QUESTIONNAIRE, "ABC123", date(2026, 5, 1), answers))
    i = index % (len(payload) - 1)
    swapped = payload[:i] + payload[i + 1] + payload[i] + payload[i + 2 :]
    if swapped != payload:
        with pytest.raises(PayloadError):
            decode_payload(swapped, LOOKUP)
    with pytest.raises(PayloadError):
        decode_payload(payload[:i] + payload[i + 1 :], LOOKUP)


@given(st.text(max_size=60))
def test_any_text_is_refused_or_decoded_never_crashes(text: str) -> None:
    try:
        decode_payload(text, LOOKUP)
    except PayloadError as error:
        assert str(error) and "\n" not in str(error)


def test_typed_codes_are_forgiving_about_case_spaces_and_look_alikes() -> None:
    payload = encode_payload(Result(QUESTIONNAIRE, "0K1M4Q", date(2026, 5, 1), {}))
    typed = " ".join(payload[i : i + 4] for i in range(0, len(payload), 4)).lower()
    typed = typed.replace("0", "o").replace("1", "l")
    assert normalize_payload(typed) == payload


def test_worst_case_fits_qr_version_3_m() -> None:
    answers = fullest_answers(QUESTIONNAIRE)
    assert len(answers["devices"].choices) == 3
    payload = encode_payload(Result(QUESTIONNAIRE, "ZZZZZZ", date(2199, 1, 1), answers))
    assert make_qr(payload).version <= 3
    assert len(payload) <= 61  # version 3-M alphanumeric capacity


def test_unknown_questionnaire_version_is_named() -> None:
    payload = encode_payload(Result(QUESTIONNAIRE, "ABC123", date(2026, 5, 1), {}))
    with pytest.raises(PayloadError, match="DG version 3"):
        decode_payload(payload, lambda code, version: None)


def test_a_path_the_questionnaire_never_allows_is_refused() -> None:
    # No smartphone, yet an answer to the smartphone skill: the check matches, the
    # structure does not.
    answers = {
        "smartphone": Answer(("none",)),
        "use_smartphone": Answer(("alone",)),
    }
    payload = encode_payload(Result(QUESTIONNAIRE, "ABC123", date(2026, 5, 1), answers))
    with pytest.raises(PayloadError, match="path"):
        decode_payload(payload, LOOKUP)


def test_an_empty_multi_choice_is_refused() -> None:
    # The kiosk asks for a tick or "I don't know": nothing ticked can only be a typo.
    answers = fullest_answers(QUESTIONNAIRE)
    answers["barriers"] = Answer(())
    payload = encode_payload(Result(QUESTIONNAIRE, "ABC123", date(2026, 5, 1), answers))
    with pytest.raises(PayloadError, match="barriers"):
        decode_payload(payload, LOOKUP)

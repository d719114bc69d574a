"""Codes that are never misread: every small typo is refused, exhaustively.

The QR payload (format 2) carries 3 Reed–Solomon check symbols over GF(32) per block of
28: any change of up to 3 characters must be refused. The result code carries one
weighted check symbol: any single typo and any swap of neighbours must be refused.
These tests try every such change on real codes, not samples; only changes of 3
characters and the longer texts are sampled (and proven by linear algebra instead).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Callable, Iterable, Iterator
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires.answers import Answer, AnswerSheet
from questionnaires.checksum import (
    CROCKFORD,
    EXP,
    LOG,
    ORDER,
    VALUES,
    WORD_SYMBOLS,
    add_checks,
    checks_hold,
    data_length,
    mul,
    protected_length,
    syndromes,
    weighted_check,
    weighted_sum_is_zero,
)
from questionnaires.flow import fullest_answers, random_answers, visible_questions
from questionnaires.library import QuestionnaireLibrary
from questionnaires.loading import BUILTIN_DIR, DEFAULT_FILE, load_questionnaire
from questionnaires.model import QuestionKind, Questionnaire
from questionnaires.payload import (
    PayloadError,
    check_short_code,
    decode_payload,
    encode_payload,
    payload_length,
    radix,
)
from questionnaires.result import (
    Result,
    complete_result_code,
    format_result_code,
    new_result_code,
    short_code_is_valid,
)

QUESTIONNAIRE = load_questionnaire(DEFAULT_FILE)
DAY = date(2026, 11, 23)


def bigger(questionnaire: Questionnaire, extra: int, version: int) -> Questionnaire:
    """The default questionnaire with ``extra`` more skill questions: a longer code."""
    template = questionnaire.question("web_search")
    more = tuple(template.model_copy(update={"id": f"extra_{n}"}) for n in range(extra))
    return questionnaire.model_copy(
        update={"version": version, "questions": questionnaire.questions + more}
    )


# Three Reed–Solomon blocks (28 + 28 + 9 data symbols): checks on every block matter.
LONG = bigger(QUESTIONNAIRE, 70, version=9)
LOOKUP = QuestionnaireLibrary([QUESTIONNAIRE, LONG], []).find


def dont_know_everywhere(questionnaire: Questionnaire) -> AnswerSheet:
    answers: AnswerSheet = {}
    for question in visible_questions(questionnaire, {}):
        answers[question.id] = Answer.dont_know()
    return answers


def real(
    answers: AnswerSheet,
    code: str,
    language: str = "fr",
    consent: bool | None = True,
    questionnaire: Questionnaire = QUESTIONNAIRE,
) -> str:
    """A code as the kiosk makes it: `Result.finish`, then `encode_payload`."""
    result = Result.finish(questionnaire, answers, language, DAY, code=code, consent=consent)
    return encode_payload(result)


REAL_PAYLOADS = [
    real(fullest_answers(QUESTIONNAIRE), complete_result_code("K7M4Q")),
    real(dont_know_everywhere(QUESTIONNAIRE), complete_result_code("00000"), "en", False),
    real(random_answers(QUESTIONNAIRE, random.Random(8)), new_result_code(), "fr", None),
]
LONG_PAYLOAD = real(
    random_answers(LONG, random.Random(9)), complete_result_code("ZZZZZ"), questionnaire=LONG
)
ALL_PAYLOADS = [*REAL_PAYLOADS, LONG_PAYLOAD]
NAMES = ["fullest", "dont-know", "random", "long"]


def others(char: str) -> str:
    return CROCKFORD.replace(char, "")


def single_substitutions(text: str) -> Iterator[str]:
    for i, char in enumerate(text):
        for other in others(char):
            yield text[:i] + other + text[i + 1 :]


def neighbour_swaps(text: str) -> Iterator[str]:
    for i in range(len(text) - 1):
        swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if swapped != text:
            yield swapped


def double_substitutions(text: str) -> Iterator[str]:
    for i, j in itertools.combinations(range(len(text)), 2):
        head, middle, tail = text[:i], text[i + 1 : j], text[j + 1 :]
        for a in others(text[i]):
            for b in others(text[j]):
                yield head + a + middle + b + tail


def read(text: str) -> bool:
    """Whether `decode_payload` reads ``text`` (False: refused)."""
    try:
        decode_payload(text, LOOKUP)
    except PayloadError:
        return False
    return True


def accepted(texts: Iterable[str], reads: Callable[[str], bool] = read) -> list[str]:
    return [text for text in texts if reads(text)]


# -- the payload: every change of up to 2 characters, on real codes -------------------


def test_the_real_codes_read_back() -> None:
    assert [len(p) for p in REAL_PAYLOADS] == [35, 35, 35]
    assert len(LONG_PAYLOAD) == payload_length(LONG) == 65 + 9  # 3 blocks, 9 checks
    for payload in ALL_PAYLOADS:
        assert read(payload)
    assert decode_payload(REAL_PAYLOADS[0], LOOKUP).code == "K7M4Q0"


@pytest.mark.parametrize("payload", ALL_PAYLOADS, ids=NAMES)
def test_every_single_substitution_is_refused(payload: str) -> None:
    assert accepted(single_substitutions(payload)) == []


@pytest.mark.parametrize("payload", ALL_PAYLOADS, ids=NAMES)
def test_every_swap_of_neighbours_is_refused(payload: str) -> None:
    assert accepted(neighbour_swaps(payload)) == []


@pytest.mark.slow
def test_every_double_substitution_is_refused() -> None:
    # 595 pairs of positions x 31 x 31 symbols = 571,795 codes, all decoded (≈ 11 s).
    assert accepted(double_substitutions(REAL_PAYLOADS[0])) == []


@pytest.mark.slow
def test_every_double_substitution_fails_the_check_of_a_dont_know_code() -> None:
    # The same on another real code, through the check alone (≈ 5 s).
    assert accepted(double_substitutions(REAL_PAYLOADS[1]), checks_hold) == []


@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_any_three_substitutions_are_refused(data: st.DataObject) -> None:
    payload = data.draw(st.sampled_from(ALL_PAYLOADS))
    positions = data.draw(
        st.lists(st.integers(0, len(payload) - 1), min_size=3, max_size=3, unique=True)
    )
    damaged = list(payload)
    for position in positions:
        damaged[position] = data.draw(st.sampled_from(others(payload[position])))
    assert not read("".join(damaged))


def test_changes_across_the_blocks_of_a_long_code_are_refused() -> None:
    # Every pair of positions of the 3-block code, each with 6 random pairs of symbols.
    rng = random.Random(1)
    damaged = []
    for i, j in itertools.combinations(range(len(LONG_PAYLOAD)), 2):
        for _ in range(6):
            text = list(LONG_PAYLOAD)
            text[i] = rng.choice(others(LONG_PAYLOAD[i]))
            text[j] = rng.choice(others(LONG_PAYLOAD[j]))
            damaged.append("".join(text))
    assert accepted(damaged) == []


# -- the check itself: a proof for every length, not only the codes above -------------


def test_gf32_tables() -> None:
    # alpha = 2 generates every nonzero symbol once: x^5 + x^2 + 1 is primitive.
    assert sorted(EXP[:ORDER]) == list(range(1, 32))
    assert all(EXP[LOG[a]] == a for a in range(1, 32))
    for a, b in itertools.product(range(32), repeat=2):
        slow = 0  # carry-less product, reduced by x^5 + x^2 + 1
        for bit in range(5):
            if b >> bit & 1:
                slow ^= a << bit
        for bit in (9, 8, 7, 6, 5):
            if slow >> bit & 1:
                slow ^= 0b100101 << (bit - 5)
        assert mul(a, b) == slow


def test_every_error_on_up_to_3_positions_changes_the_syndromes() -> None:
    """Distance 4, for every block length up to 31 at once: on any 3 positions of a
    31-symbol word, the 15 one-bit errors have linearly independent syndromes, so no
    nonzero error on those positions (32^3 - 1 of them) leaves all syndromes zero."""

    def bits(values: tuple[int, ...]) -> int:
        return sum(value << (5 * k) for k, value in enumerate(values))

    def unit(position: int, bit: int) -> int:
        word = [0] * WORD_SYMBOLS
        word[position] = 1 << bit
        return bits(syndromes(word))

    units = {(p, b): unit(p, b) for p in range(WORD_SYMBOLS) for b in range(5)}
    for triple in itertools.combinations(range(WORD_SYMBOLS), 3):
        basis: list[int] = []  # Gaussian elimination over GF(2)
        for vector in (units[p, b] for p in triple for b in range(5)):
            for row in basis:
                vector = min(vector, vector ^ row)
            assert vector, f"positions {triple}: an error there could go unseen"
            basis.append(vector)
    # ... and the syndromes are linear (what makes the basis argument hold).
    rng = random.Random(3)
    for _ in range(200):
        a = [rng.randrange(32) for _ in range(WORD_SYMBOLS)]
        b = [rng.randrange(32) for _ in range(WORD_SYMBOLS)]
        both = syndromes([x ^ y for x, y in zip(a, b, strict=True)])
        assert both == tuple(x ^ y for x, y in zip(syndromes(a), syndromes(b), strict=True))


@pytest.mark.parametrize("length", [1, 27, 28, 29, 56, 57, 100])
def test_long_texts_keep_the_guarantee_in_every_block(length: int) -> None:
    rng = random.Random(length)
    text = add_checks("".join(rng.choice(CROCKFORD) for _ in range(length)))
    assert len(text) == protected_length(length) and data_length(len(text)) == length
    assert checks_hold(text)
    assert accepted(single_substitutions(text), checks_hold) == []
    assert accepted(neighbour_swaps(text), checks_hold) == []
    for _ in range(3000):  # up to 3 changes anywhere, often in different blocks
        damaged = list(text)
        for position in rng.sample(range(len(text)), rng.randint(2, min(3, len(text)))):
            damaged[position] = rng.choice(others(text[position]))
        assert not checks_hold("".join(damaged))


def test_lengths_no_protected_text_can_have() -> None:
    assert [n for n in range(1, 70) if data_length(n) is None] == [1, 2, 3, 32, 33, 34, 63, 64, 65]
    for length in range(1, 200):
        assert data_length(protected_length(length)) == length
    # A dropped or doubled character is refused, whatever the length.
    for payload in [REAL_PAYLOADS[0], LONG_PAYLOAD]:
        for i in range(len(payload)):
            assert not read(payload[:i] + payload[i + 1 :])
            assert not read(payload[:i] + payload[i] + payload[i:])


def test_format_2_codes_never_have_a_format_1_length() -> None:
    # Otherwise a typo turning the leading "2" into "1" would meet only the old hash.
    for extra in range(80):
        questionnaire = bigger(QUESTIONNAIRE, extra, version=20 + extra)
        assert payload_length(questionnaire, "2") != payload_length(questionnaire, "1")
    # Three questions: 17 symbols of data would make 20 with the checks, a format-1
    # length; one more (always "0") makes 21.
    short = QUESTIONNAIRE.model_copy(
        update={"version": 3, "questions": QUESTIONNAIRE.questions[:3]}
    )
    assert (payload_length(short, "1"), payload_length(short, "2")) == (20, 21)
    lookup = QuestionnaireLibrary([short], []).find
    payload = real(random_answers(short, random.Random(6)), new_result_code(), questionnaire=short)
    assert decode_payload(payload, lookup).format_version == "2"
    # The leading "2" typed "1", with or without a second typo: never read.
    typed = "1" + payload[1:]
    for damaged in [typed, *(t for t in single_substitutions(typed) if t[0] == "1")]:
        with pytest.raises(PayloadError):
            decode_payload(damaged, lookup)


# -- format 1: older tickets are still read, and said to be older -----------------


def format_1_check(text: str) -> str:
    """Format 1's check, as Diagnum wrote it: the top 15 bits of a 4-byte BLAKE2s."""
    digest = int.from_bytes(hashlib.blake2s(text.encode("ascii"), digest_size=4).digest())
    value = digest >> 17
    return "".join(CROCKFORD[value >> shift & 31] for shift in (10, 5, 0))


def encode_format_1(result: Result) -> str:
    """Format 1's encoder, kept here to make old tickets: no language, no consent."""
    questionnaire = result.questionnaire
    digits = [(result.day - date(2020, 1, 1)).days, int_of(result.code)]
    radices = [2**16, 32**6]
    for question in questionnaire.questions:
        ids = [c.id for c in questionnaire.choices_of(question)]
        answer = result.answers.get(question.id)
        if answer is None:
            digit = 0
        elif answer.unknown:
            digit = 1
        elif question.kind is QuestionKind.MULTI:
            digit = 2 + sum(1 << ids.index(c) for c in answer.choices)
        else:
            digit = 2 + ids.index(answer.choices[0])
        digits.append(digit)
        radices.append(radix(questionnaire, question))
    value, capacity = 0, 1
    for digit, base in zip(digits, radices, strict=True):
        value, capacity = value * base + digit, capacity * base
    length = ((capacity - 1).bit_length() + 4) // 5
    body = "".join(CROCKFORD[value >> (5 * k) & 31] for k in reversed(range(length)))
    text = "1" + questionnaire.code + CROCKFORD[questionnaire.version // 32]
    text += CROCKFORD[questionnaire.version % 32] + body
    return text + format_1_check(text)


def int_of(text: str) -> int:
    value = 0
    for char in text:
        value = value * 32 + VALUES[char]
    return value


# Made by Diagnum before format 2 (the fullest answers, code K7M4QX, 23/11/2026).
PRINTED_TICKET = "1DG010M8V42E464FGEJ6B7AHGQ6KHRF"


def test_a_ticket_printed_in_format_1_still_reads() -> None:
    assert format_1_check("1DG01" + "0" * 23) == "75R"  # the hash the tickets carry
    # Printed with version 1 of the default questionnaire, which Diagnum still ships.
    version_1 = load_questionnaire(BUILTIN_DIR / "default-v1.yaml")
    result = Result(version_1, "K7M4QX", DAY, fullest_answers(version_1))
    assert encode_format_1(result) == PRINTED_TICKET
    decoded = decode_payload(PRINTED_TICKET.lower(), QuestionnaireLibrary.load().find)
    assert decoded.format_version == "1"
    assert (decoded.code, decoded.day, decoded.answers) == (result.code, DAY, result.answers)
    # Neither the person's language nor their consent: the code does not say.
    assert (decoded.language, decoded.consent) == (None, None)
    assert decoded.result("en").language == "en"


def test_format_1_codes_round_trip() -> None:
    rng = random.Random(5)
    for _ in range(200):
        answers = random_answers(QUESTIONNAIRE, rng)
        code = "".join(rng.choice(CROCKFORD) for _ in range(6))
        result = Result(QUESTIONNAIRE, code, DAY, answers)
        decoded = decode_payload(encode_format_1(result), LOOKUP)
        assert (decoded.format_version, decoded.code, decoded.answers) == ("1", code, answers)


def test_a_damaged_format_1_ticket_is_refused() -> None:
    # Not a guarantee (1 change in 32,768 meets the hash), but true of this ticket.
    assert accepted(single_substitutions(PRINTED_TICKET)) == []
    assert accepted(neighbour_swaps(PRINTED_TICKET)) == []


def test_a_format_2_code_typed_with_a_leading_1_is_refused() -> None:
    for payload in REAL_PAYLOADS:
        with pytest.raises(PayloadError, match="damaged or was mistyped"):
            decode_payload("1" + payload[1:], LOOKUP)


def test_a_future_format_is_named_and_a_typo_on_the_format_is_not() -> None:
    future = add_checks("3DG01" + "0" * 24)
    with pytest.raises(PayloadError, match="format 3") as refused:
        decode_payload(future, LOOKUP)
    assert "mettez Diagnum à jour" in refused.value.in_language("fr")
    with pytest.raises(PayloadError, match="damaged or was mistyped"):
        decode_payload("3" + REAL_PAYLOADS[0][1:], LOOKUP)
    # Words are not a code from a newer Diagnum.
    with pytest.raises(PayloadError, match="damaged or was mistyped"):
        decode_payload("hello world", LOOKUP)


# -- the result code: 5 random symbols and a weighted check ------------------------


def test_new_codes_carry_their_check() -> None:
    codes = [new_result_code() for _ in range(2000)]
    assert all(len(c) == 6 and set(c) <= set(CROCKFORD) for c in codes)
    assert all(short_code_is_valid(c) for c in codes)
    assert len({c[:5] for c in codes}) > 1990  # the first five are random
    assert complete_result_code("K7M4Q") == "K7M4Q0"
    assert format_result_code("K7M4Q0") == "K7M-4Q0"
    with pytest.raises(ValueError):
        complete_result_code("K7M4")


def codes_covering_every_neighbour_pair() -> Iterator[str]:
    """For each pair of neighbour positions, all 32 x 32 values on it (others fixed):
    every (position, symbol, other symbol) of a single typo, and every swap, occurs.
    The check is linear, so whether a change is seen depends only on those: this
    covers all 33,554,432 codes."""
    for first in range(4):  # free positions (first, first + 1), both random symbols
        for a, b in itertools.product(CROCKFORD, repeat=2):
            head = list("K7M4Q")
            head[first], head[first + 1] = a, b
            yield complete_result_code("".join(head))
    # Positions 4 and 5: the check symbol takes every value as position 3 does.


def test_every_single_typo_and_swap_in_a_result_code_is_refused() -> None:
    rng = random.Random(2)
    codes = [*codes_covering_every_neighbour_pair()]
    codes += [
        complete_result_code("".join(rng.choice(CROCKFORD) for _ in range(5))) for _ in range(2000)
    ]
    pairs_at_the_end = {(c[4], c[5]) for c in codes}
    assert len(pairs_at_the_end) == 32 * 32
    for code in codes:
        assert short_code_is_valid(code)
        assert accepted(single_substitutions(code), short_code_is_valid) == []
        assert accepted(neighbour_swaps(code), short_code_is_valid) == []
        # Any two characters swapped, not only neighbours: the weights are all distinct.
        for i, j in itertools.combinations(range(6), 2):
            if code[i] != code[j]:
                swapped = list(code)
                swapped[i], swapped[j] = code[j], code[i]
                assert not short_code_is_valid("".join(swapped))


def test_the_weighted_check_is_the_documented_sum() -> None:
    # sum of alpha^(5 - i) * c_i over the 6 symbols is zero; the check's weight is 1.
    rng = random.Random(4)
    for _ in range(500):
        head = "".join(rng.choice(CROCKFORD) for _ in range(5))
        code = head + weighted_check(head)
        total = 0
        for i, char in enumerate(code):
            total ^= mul(EXP[5 - i], VALUES[char])
        assert total == 0 and weighted_sum_is_zero(code)


def test_the_cli_refuses_a_mistyped_short_code_in_one_line() -> None:
    assert check_short_code("k7m-4q0") == "K7M4Q0"
    with pytest.raises(PayloadError) as refused:
        check_short_code("K7M-4QY")
    assert refused.value.reason == "short_code_typo"
    assert refused.value.in_language("fr") == (
        "Le code K7M-4QY est mal recopié : vérifiez-le lettre par lettre."
    )
    assert str(refused.value) == "The code K7M-4QY was mistyped: check it letter by letter."
    with pytest.raises(PayloadError, match="length"):
        check_short_code("K7M4Q")
    with pytest.raises(PayloadError, match="never appear"):
        check_short_code("K7M4Q!")


def test_an_older_short_code_is_let_through_only_for_a_format_1_result() -> None:
    old = "K7M4QX"  # drawn before result codes had a check symbol
    assert not short_code_is_valid(old)
    assert check_short_code(old, saved_payload=PRINTED_TICKET) == old
    with pytest.raises(PayloadError, match="mistyped"):
        check_short_code(old)  # nothing stored under it
    with pytest.raises(PayloadError, match="mistyped"):
        check_short_code(old, saved_payload=REAL_PAYLOADS[0])  # a format-2 result

"""Check characters for codes people copy by hand, computed in GF(32).

Every character of a code is a Crockford base-32 digit, read as a number from 0 to 31:
an element of the field GF(32), built on the primitive polynomial x^5 + x^2 + 1. In it,
adding is XOR and multiplying goes through the exp/log tables below (alpha = 2 is a
primitive element: its powers alpha^0 … alpha^30 are the 31 nonzero symbols).

Two checks are built on it, both read the same way: a code is the list of its symbol
values c_0 … c_(n-1), seen as the polynomial c(x) = c_0 x^(n-1) + … + c_(n-1), and it
is valid when c(alpha^j) = 0 for each root alpha^j of the check:

- **Reed–Solomon, 3 check symbols** (roots alpha, alpha^2, alpha^3), for the QR code's
  payload. A code word holds at most 31 symbols, so 28 data symbols and 3 checks; a
  longer text is cut into blocks of 28 (the last one shorter), each with its own 3
  checks, all the checks after the text. Any two code words of one block differ in at
  least 4 symbols, so any change of 1, 2 or 3 symbols anywhere is detected (each block
  gets at most 3 of them, and a block that gets any is no longer a code word).
- **One weighted check symbol** (root alpha), for the 6-character result code: the sum
  of alpha^(n-1-i) * c_i is zero. The weights are distinct and nonzero, so a single
  change at position i adds alpha^(n-1-i) * e != 0, and swapping neighbours a != b adds
  (alpha^(n-1-i) + alpha^(n-2-i)) * (a + b) != 0: both are always detected.

Detection only: nothing here ever repairs a code. A code that fails is refused.
"""

from __future__ import annotations

from collections.abc import Sequence

# Crockford base 32: no I, L, O or U, so a code read aloud or typed is not misread.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VALUES = {char: value for value, char in enumerate(CROCKFORD)}

PRIMITIVE = 0b100101  # x^5 + x^2 + 1
ORDER = 31  # the nonzero elements: alpha^31 = 1


def _tables() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """EXP[k] = alpha^k for k < 62 (twice round, so EXP[LOG[a] + LOG[b]] needs no modulo);
    LOG[a] = k with alpha^k = a, for a != 0."""
    exp = [0] * (2 * ORDER)
    log = [0] * 32
    value = 1
    for power in range(ORDER):
        exp[power] = exp[power + ORDER] = value
        log[value] = power
        value <<= 1
        if value & 0b100000:
            value ^= PRIMITIVE
    return tuple(exp), tuple(log)


EXP, LOG = _tables()


def mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else EXP[LOG[a] + LOG[b]]


def _times(factor: int) -> tuple[int, ...]:
    """x -> x * factor for every symbol: one Horner step is then a lookup and an XOR."""
    return tuple(mul(x, factor) for x in range(32))


def _evaluate(values: Sequence[int], times: tuple[int, ...]) -> int:
    """c(root) by Horner's rule, ``times`` being the table of x -> x * root."""
    total = 0
    for value in values:
        total = times[total] ^ value
    return total


# -- Reed–Solomon: 3 check symbols per block of up to 28 ----------------------------

CHECK_SYMBOLS = 3
WORD_SYMBOLS = ORDER  # the longest Reed–Solomon code word over GF(32)
BLOCK_SYMBOLS = WORD_SYMBOLS - CHECK_SYMBOLS  # data symbols in a full block: 28
ROOTS = (1, 2, 3)  # a code word c(x) has the roots alpha, alpha^2 and alpha^3
_ROOT_TIMES = tuple(_times(EXP[j]) for j in ROOTS)


def _generator() -> tuple[int, ...]:
    """g(x) = (x + alpha)(x + alpha^2)(x + alpha^3), highest degree first."""
    g = [1]
    for j in ROOTS:
        g = [high ^ mul(low, EXP[j]) for high, low in zip([*g, 0], [0, *g], strict=True)]
    return tuple(g)


GENERATOR = _generator()


def block_checks(data: Sequence[int]) -> list[int]:
    """The 3 check symbols of one block: the remainder of data(x) * x^3 divided by g(x)."""
    _, g1, g2, g3 = GENERATOR
    r0 = r1 = r2 = 0
    for value in data:
        feedback = value ^ r0
        r0, r1, r2 = r1 ^ mul(feedback, g1), r2 ^ mul(feedback, g2), mul(feedback, g3)
    return [r0, r1, r2]


def syndromes(word: Sequence[int]) -> tuple[int, ...]:
    """c(alpha), c(alpha^2), c(alpha^3) of one code word: all zero when it is intact."""
    return tuple(_evaluate(word, times) for times in _ROOT_TIMES)


def block_count(data_length: int) -> int:
    return max(1, -(-data_length // BLOCK_SYMBOLS))


def protected_length(data_length: int) -> int:
    """How long a text of ``data_length`` symbols is once its checks are added."""
    return data_length + CHECK_SYMBOLS * block_count(data_length)


def data_length(total: int) -> int | None:
    """The data part of a protected text of ``total`` symbols, or None if no text of
    that length can exist (e.g. 32 to 34: 29 data symbols make two blocks, 35 in all)."""
    blocks = -(-total // WORD_SYMBOLS)
    length = total - CHECK_SYMBOLS * blocks
    return length if length > 0 and protected_length(length) == total else None


def _blocks(length: int) -> list[range]:
    return [
        range(start, min(start + BLOCK_SYMBOLS, length))
        for start in range(0, max(length, 1), BLOCK_SYMBOLS)
    ]


def add_checks(text: str) -> str:
    """``text`` (Crockford symbols) followed by the 3 checks of each of its blocks."""
    values = [VALUES[char] for char in text]
    checks = []
    for block in _blocks(len(values)):
        checks += block_checks([values[i] for i in block])
    return text + "".join(CROCKFORD[value] for value in checks)


def checks_hold(text: str) -> bool:
    """Whether ``text`` (Crockford symbols only) is data followed by valid checks."""
    length = data_length(len(text))
    if length is None:
        return False
    times_1, times_2, times_3 = _ROOT_TIMES
    for number, block in enumerate(_blocks(length)):
        checks = text[length + 3 * number : length + 3 * number + 3]
        s1 = s2 = s3 = 0  # the 3 syndromes of this block's code word, in one pass
        for char in text[block.start : block.stop] + checks:
            value = VALUES[char]
            s1, s2, s3 = times_1[s1] ^ value, times_2[s2] ^ value, times_3[s3] ^ value
        if s1 or s2 or s3:
            return False
    return True


# -- one weighted check symbol -------------------------------------------------------

_ALPHA_TIMES = _times(EXP[1])


def weighted_check(text: str) -> str:
    """The symbol that, written after ``text``, makes the sum of alpha^(n-1-i) * c_i
    over the n symbols zero (the check symbol's own weight is alpha^0 = 1)."""
    return CROCKFORD[_ALPHA_TIMES[_evaluate([VALUES[char] for char in text], _ALPHA_TIMES)]]


def weighted_sum_is_zero(text: str) -> bool:
    """Whether ``text`` (Crockford symbols only, its check last) is intact."""
    return _evaluate([VALUES[char] for char in text], _ALPHA_TIMES) == 0

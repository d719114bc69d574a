"""Conditions written as XLSForm expressions, both ways: `relevant` cells and rules.

A spreadsheet (`questionnaires.xlsform`) writes a question's skip logic the XLSForm
way, ``selected(${contact}, 'whatsapp') and ${age} != 'child'``; a Diagnum condition
(`questionnaires.model.Condition`) says the same as YAML. This module reads the
documented subset, refuses anything else with the column where it starts, and writes
a condition back as an expression that reads the same again.

The subset, for skip logic (`relevant`) and scoring rules alike:

    selected(${q}, 'x')      the person picked x                  any_of: [x]
    ${q} = 'x'               the same (for any kind of question)  any_of: [x]
    ${q} != 'x'              did not pick x                        none_of: [x]
    ${q} >= 2, <=, >, <, =   a scale answer (0-3)                  at_least / at_most
    dont_know(${q})          answered "I don't know"               unknown: true
    answered(${q})           gave a real answer                    answered: true
    A and B, A or B          both, either                          all, any
    not(A), ( A )            the opposite; grouping                not

and only in scoring rules: ``level('area') <= 1`` (an area's level), ``channel('sms')``
(a channel offered above) and ``true()`` (everyone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from questionnaires.model import Condition
from questionnaires.problems import Words

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<ref>\$\{\s*(?P<name>[^}\s]*)\s*\})
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<op>!=|>=|<=|=|>|<)
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
    | (?P<punct>[(),])
    """,
    re.VERBOSE,
)
_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# A French spreadsheet turns ' and " into curly quotes as they are typed: read them as
# the straight ones (one character for one, so columns stay right).
_CURLY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_EXPECTED = {
    "end": Words("la fin, ou and, or", "the end, or and, or"),
    "ref": Words("une question, écrite ${question}", "a question, written ${question}"),
    "string": Words("un choix entre apostrophes, comme 'oui'", "a choice in quotes, like 'yes'"),
    "op": Words("= ou !=, ou >= <= > < devant un nombre", "= or !=, or >= <= > < before a number"),
    "number": Words("un nombre", "a number"),
    "(": Words("une parenthèse (", "an opening bracket ("),
    ")": Words("une parenthèse )", "a closing bracket )"),
    ",": Words("une virgule", "a comma"),
    "condition": Words(
        "une condition : ${question} = 'choix', selected(${question}, 'choix'), not(…) ou (…)",
        "a condition: ${question} = 'choice', selected(${question}, 'choice'), not(…) or (…)",
    ),
    "value": Words(
        "un choix entre apostrophes, comme 'oui', ou un nombre",
        "a choice in quotes, like 'yes', or a number",
    ),
    "equals": Words("= ou != devant un choix", "= or != before a choice"),
}
_FUNCTIONS = {"selected", "dont_know", "answered", "level", "channel", "true", "false", "not"}
_SCORING_ONLY = {"level", "channel", "true", "false"}


class ExpressionError(ValueError):
    """An expression outside the subset; ``column`` is where it goes wrong (from 1)."""

    def __init__(self, column: int, words: Words) -> None:
        super().__init__(words.en)
        self.column = column
        self.words = words


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    column: int  # from 1
    value: str = ""


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    text = text.translate(_CURLY)
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            raise ExpressionError(
                position + 1,
                Words(
                    f"« {char} » n'est pas dans ce que Diagnum sait lire",
                    f"'{char}' is not in what Diagnum reads",
                ),
            )
        kind = match.lastgroup or ""
        if kind == "name":
            kind = "ref"
        if kind != "space":
            raw = match.group(0)
            value = match.group("name") if kind == "ref" else raw
            if kind == "string":
                value = raw[1:-1]
            tokens.append(_Token(kind, raw, position + 1, value))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


def parse(text: str, *, scoring: bool = False) -> Condition:
    """The condition an expression says; `ExpressionError` outside the subset.

    ``scoring``: a rule of the scoring, which may also read levels and channels."""
    if not text.strip():
        raise ExpressionError(1, Words("l'expression est vide", "the expression is empty"))
    parser = _Parser(_tokens(text), scoring)
    data = _resolved(parser.expression())
    parser.expect("end")
    try:
        return Condition.model_validate(data)
    except ValidationError as error:
        wrong = error.errors()[0].get("input")
        raise ExpressionError(
            1,
            Words(
                f"« {wrong} » n'est pas un id (des minuscules, des chiffres et des _)",
                f"'{wrong}' is not an id (lowercase letters, digits and _)",
            ),
        ) from None


class _Parser:
    def __init__(self, tokens: list[_Token], scoring: bool) -> None:
        self.tokens = tokens
        self.at = 0
        self.scoring = scoring

    @property
    def token(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.token
        self.at += 1
        return token

    def expect(self, kind: str, text: str | None = None) -> _Token:
        token = self.token
        if token.kind != kind or (text is not None and token.text != text):
            raise self.error(token, text or kind)
        return self.take()

    def error(self, token: _Token, wanted: str) -> ExpressionError:
        """What was found instead of what was wanted (a key of `_EXPECTED`), with the
        likely fix for the usual slips: a choice without quotes, a question without ${}."""
        expected = _EXPECTED[wanted]
        if token.kind == "end":
            words = Words(
                f"l'expression s'arrête trop tôt : il manque {expected.fr}",
                f"the expression stops too soon: {expected.en} is missing",
            )
        else:
            shown = token.text if token.kind == "string" else f"'{token.text}'"
            words = Words(
                f"« {token.text} » : Diagnum attend ici {expected.fr}",
                f"{shown}: Diagnum expects {expected.en} here",
            )
        if token.kind == "word" and wanted in ("string", "value"):
            words += Words(
                f" ; mettez le choix entre apostrophes : '{token.text}'",
                f"; put the choice in quotes: '{token.text}'",
            )
        elif token.kind == "word" and wanted in ("ref", "condition"):
            words += Words(
                f" ; une question s'écrit ${{{token.text}}}",
                f"; a question is written ${{{token.text}}}",
            )
        return ExpressionError(token.column, words)

    def expression(self) -> dict[str, Any]:
        parts = [self.conjunction()]
        while self.token.kind == "word" and self.token.text == "or":
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else _either(parts)

    def conjunction(self) -> dict[str, Any]:
        parts = [self.unary()]
        while self.token.kind == "word" and self.token.text == "and":
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else _both(parts)

    def unary(self) -> dict[str, Any]:
        token = self.token
        if token.kind == "punct" and token.text == "(":
            self.take()
            inner = self.expression()
            self.expect("punct", ")")
            return {"group": inner}  # kept apart: (a and b) and c is not a and b and c
        if token.kind == "ref":
            return self.comparison()
        if token.kind == "word":
            return self.call()
        raise self.error(token, "condition")

    def reference(self) -> str:
        """A ``${question}``, whose id is checked where it is written."""
        ref = self.expect("ref")
        if not _ID.match(ref.value):
            raise ExpressionError(
                ref.column,
                Words(
                    f"« {ref.value} » n'est pas un id (des minuscules, des chiffres et des _)",
                    f"'{ref.value}' is not an id (lowercase letters, digits and _)",
                ),
            )
        return ref.value

    def comparison(self) -> dict[str, Any]:
        question = self.reference()
        operator = self.expect("op")
        value = self.token
        if value.kind == "string":
            self.take()
            if operator.text == "=":
                return {"question": question, "any_of": [value.value]}
            if operator.text == "!=":
                return {"question": question, "none_of": [value.value]}
            raise self.error(operator, "equals")
        if value.kind == "number":
            self.take()
            return _range({"question": question}, operator, _whole(value))
        raise self.error(value, "value")

    def call(self) -> dict[str, Any]:
        name = self.take()
        if name.text not in _FUNCTIONS:
            raise ExpressionError(
                name.column,
                Words(
                    f"« {name.text} » n'est pas dans ce que Diagnum sait lire : selected(), "
                    "dont_know(), answered(), not(), and, or",
                    f"'{name.text}' is not in what Diagnum reads: selected(), dont_know(), "
                    "answered(), not(), and, or",
                ),
            )
        if name.text in _SCORING_ONLY and not self.scoring:
            raise ExpressionError(
                name.column,
                Words(
                    f"{name.text}() ne sert que dans les règles du calcul, pas dans relevant",
                    f"{name.text}() only goes in scoring rules, not in relevant",
                ),
            )
        self.expect("punct", "(")
        data = self.arguments(name)
        self.expect("punct", ")")
        if name.text == "level":
            return _range(data, self.expect("op"), _whole(self.expect("number")))
        return data

    def arguments(self, name: _Token) -> dict[str, Any]:
        if name.text == "not":
            return {"not": self.expression()}
        if name.text in ("true", "false"):
            return {"always": name.text == "true"}
        if name.text in ("level", "channel"):
            return {"area" if name.text == "level" else "channel": self.expect("string").value}
        question = self.reference()
        if name.text == "dont_know":
            return {"question": question, "unknown": True}
        if name.text == "answered":
            return {"question": question, "answered": True}
        self.expect("punct", ",")
        return {"question": question, "any_of": [self.expect("string").value]}


def _whole(token: _Token) -> int:
    if "." in token.value:
        raise ExpressionError(token.column, Words("un nombre entier, ici", "a whole number here"))
    return int(token.value)


def _range(data: dict[str, Any], operator: _Token, value: int) -> dict[str, Any]:
    bounds = {
        ">=": {"at_least": value},
        ">": {"at_least": value + 1},
        "<=": {"at_most": value},
        "<": {"at_most": value - 1},
        "=": {"at_least": value, "at_most": value},
    }
    if operator.text not in bounds:
        raise ExpressionError(
            operator.column,
            Words("un nombre se compare avec = >= <= > <", "a number compares with = >= <= > <"),
        )
    return {**data, **bounds[operator.text]}


def _ungroup(part: dict[str, Any]) -> dict[str, Any]:
    return part["group"] if set(part) == {"group"} else part


def _either(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """``or``: choices of one question merge into one any_of (what was written)."""
    plain = [p for p in parts if "group" not in p]
    if len(plain) == len(parts) and _same_question(parts, "any_of"):
        return {"question": parts[0]["question"], "any_of": [c for p in parts for c in p["any_of"]]}
    return {"any": [_resolved(p) for p in parts]}


def _both(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """``and``: a range in two halves on one subject merges into one condition."""
    plain = [p for p in parts if "group" not in p]
    if len(parts) == 2 and len(plain) == 2 and _halves(parts):
        return {**parts[0], **parts[1]}
    return {"all": [_resolved(p) for p in parts]}


def _halves(parts: list[dict[str, Any]]) -> bool:
    first, second = parts
    subject = ("question", "area")
    same = any(k in first and first.get(k) == second.get(k) for k in subject)
    return (
        same
        and {"at_least"} == set(first) - set(subject)
        and {"at_most"} == set(second) - set(subject)
    )


def _same_question(parts: list[dict[str, Any]], test: str) -> bool:
    questions = {p.get("question") for p in parts}
    return (
        len(questions) == 1
        and None not in questions
        and all(set(p) == {"question", test} for p in parts)
    )


def _resolved(part: dict[str, Any]) -> dict[str, Any]:
    """A part as a condition: groups opened, ``not(selected…)`` as none_of."""
    part = _ungroup(part)
    if set(part) == {"not"}:
        inner = _ungroup(part["not"])
        if set(inner) == {"question", "any_of"}:
            return {"question": inner["question"], "none_of": inner["any_of"]}
        for test in ("unknown", "answered"):
            if set(inner) == {"question", test} and inner[test] is True:
                return {"question": inner["question"], test: False}
        return {"not": _resolved(inner)}
    for name in ("all", "any"):
        if name in part:
            return {name: [_resolved(p) for p in part[name]]}
    return part


# -- conditions back to expressions -----------------------------------------------------


def write(condition: Condition) -> str:
    """An expression that `parse` reads back as the same condition (or as one that
    means the same: ``any: [q = a, q = b]`` comes back as ``any_of: [a, b]``)."""
    return _write(condition, top=True)


def _write(c: Condition, top: bool = False) -> str:
    if c.always is not None:
        return "true()" if c.always else "false()"
    if c.all is not None or c.any is not None:
        parts = c.all if c.all is not None else c.any
        joiner = " and " if c.all is not None else " or "
        assert parts is not None
        text = joiner.join(_write(p) for p in parts)
        return text if top else f"({text})"
    if c.not_ is not None:
        return f"not({_write(c.not_, top=True)})"
    if c.channel is not None:
        return f"channel('{c.channel}')"
    subject = f"level('{c.area}')" if c.area is not None else f"${{{c.question}}}"
    if c.at_least is not None or c.at_most is not None:
        return _write_range(subject, c.at_least, c.at_most, top)
    if c.unknown is not None:
        return f"dont_know({subject})" if c.unknown else f"not(dont_know({subject}))"
    if c.answered is not None:
        return f"answered({subject})" if c.answered else f"not(answered({subject}))"
    if c.any_of is not None:
        picked = [f"selected({subject}, '{choice}')" for choice in c.any_of]
        return _joined(picked, " or ", top)
    assert c.none_of is not None
    picked = [f"selected({subject}, '{choice}')" for choice in c.none_of]
    return f"not({_joined(picked, ' or ', True)})"


def _write_range(subject: str, low: int | None, high: int | None, top: bool) -> str:
    if low is not None and high is not None:
        if low == high:
            return f"{subject} = {low}"
        return _joined([f"{subject} >= {low}", f"{subject} <= {high}"], " and ", top)
    return f"{subject} >= {low}" if low is not None else f"{subject} <= {high}"


def _joined(parts: list[str], joiner: str, top: bool) -> str:
    text = joiner.join(parts)
    return text if top or len(parts) == 1 else f"({text})"

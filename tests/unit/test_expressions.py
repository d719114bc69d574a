"""XLSForm expressions, both ways: the documented subset reads as Diagnum conditions, and
anything outside it is refused at the character where it goes wrong."""

from __future__ import annotations

import random

import pytest

from questionnaires.conditions import holds
from questionnaires.expressions import ExpressionError, parse, write
from questionnaires.flow import random_answers
from questionnaires.model import Condition, Questionnaire


def conditions(questionnaire: Questionnaire) -> list[Condition]:
    rules = [q.show_if for q in questionnaire.questions if q.show_if is not None]
    rules += [o.when for o in (*questionnaire.scoring.channels, *questionnaire.scoring.next_steps)]
    return [*rules, *(c for c in (questionnaire.result.photo, questionnaire.result.no_photo) if c)]


def test_every_rule_of_the_default_file_reads_back_as_itself(questionnaire: Questionnaire) -> None:
    rules = conditions(questionnaire)
    assert len(rules) > 30
    for rule in rules:
        assert parse(write(rule), scoring=True) == rule, write(rule)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selected(${contact}, 'whatsapp')", {"question": "contact", "any_of": ("whatsapp",)}),
        ("${smartphone} = 'own'", {"question": "smartphone", "any_of": ("own",)}),
        ("${smartphone} != 'none'", {"question": "smartphone", "none_of": ("none",)}),
        (
            "not(selected(${barriers}, 'reading'))",
            {"question": "barriers", "none_of": ("reading",)},
        ),
        ("${video_call} >= 2", {"question": "video_call", "at_least": 2}),
        ("${video_call} > 1", {"question": "video_call", "at_least": 2}),
        ("${video_call} < 2", {"question": "video_call", "at_most": 1}),
        ("${video_call} = 1", {"question": "video_call", "at_least": 1, "at_most": 1}),
        ("dont_know(${email})", {"question": "email", "unknown": True}),
        ("not(answered(${email}))", {"question": "email", "answered": False}),
        (
            "selected(${s}, 'own') or selected(${s}, 'shared')",
            {"question": "s", "any_of": ("own", "shared")},
        ),
        (
            "${a} = 'x' and (${b} != 'y' or dont_know(${c}))",
            {
                "all": (
                    {"question": "a", "any_of": ("x",)},
                    {
                        "any": (
                            {"question": "b", "none_of": ("y",)},
                            {"question": "c", "unknown": True},
                        )
                    },
                )
            },
        ),
    ],
)
def test_the_subset_reads_as_conditions(text: str, expected: dict[str, object]) -> None:
    assert parse(text) == Condition.model_validate(expected)


def test_scoring_rules_also_read_levels_channels_and_everyone() -> None:
    assert parse("level('procedures') <= 1", scoring=True) == Condition(
        area="procedures", at_most=1
    )
    assert parse("not(channel('whatsapp'))", scoring=True) == Condition.model_validate(
        {"not": {"channel": "whatsapp"}}
    )
    assert parse("true()", scoring=True) == Condition(always=True)
    with pytest.raises(ExpressionError, match=r"level\(\) only goes in scoring rules"):
        parse("level('procedures') <= 1")


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("count-selected(${contact}) > 1", 1, "'count-selected' is not in what Diagnum reads"),
        ("${a} + 1", 6, "'+' is not in what Diagnum reads"),
        ("${a} = ${b}", 8, "'${b}': Diagnum expects a choice in quotes, like 'yes', or a number"),
        ("selected(${a} 'x')", 15, "'x': Diagnum expects a comma here"),
        ("${a} >= 'x'", 6, "'>=': Diagnum expects = or != before a choice here"),
        ("(${a} = 'x'", 12, "the expression stops too soon: a closing bracket ) is missing"),
        ("${a} = 'x' xor ${b} = 'y'", 12, "'xor': Diagnum expects the end, or and, or here"),
        ("selected(${a}, x)", 16, "put the choice in quotes: 'x'"),
        ("selected(a, 'x')", 10, "a question is written ${a}"),
        ("${a} = ", 8, "stops too soon: a choice in quotes, like 'yes', or a number is missing"),
        ("${Smart} = 'x'", 1, "'Smart' is not an id"),
        ("${a} >= 1.5", 9, "a whole number here"),
        ("", 1, "the expression is empty"),
    ],
)
def test_anything_else_is_refused_where_it_starts(text: str, column: int, message: str) -> None:
    with pytest.raises(ExpressionError) as refused:
        parse(text)
    assert refused.value.column == column
    assert message in refused.value.words.en
    assert refused.value.words.fr  # in French too


def test_curly_quotes_of_a_french_spreadsheet_are_read_as_straight_ones() -> None:
    assert parse("selected(${phone}, ‘smart’) or ${phone} = “basic”") == parse(
        "selected(${phone}, 'smart') or ${phone} = \"basic\""
    )


def test_written_rules_mean_the_same_on_any_answers(questionnaire: Questionnaire) -> None:
    rng = random.Random(11)
    levels = {a.id: rng.choice([None, 0, 1, 2, 3]) for a in questionnaire.scoring.areas}
    channels = [c.id for c in questionnaire.scoring.channels[:2]]
    rules = conditions(questionnaire)
    for _ in range(40):
        answers = random_answers(questionnaire, rng)
        for rule in rules:
            again = parse(write(rule), scoring=True)
            assert holds(again, questionnaire, answers, levels, channels) == holds(
                rule, questionnaire, answers, levels, channels
            )

"""Evaluate the rules written in a questionnaire file (skip logic, channels, next steps)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from questionnaires.answers import Answer
from questionnaires.model import Condition, QuestionKind, Questionnaire


def scale_value(questionnaire: Questionnaire, answer: Answer | None) -> int | None:
    """The 0-3 value of a scale answer; None when there is no real answer ("I don't
    know", or the question was not asked): nothing is assumed in its place."""
    if answer is None or answer.unknown or not answer.choices:
        return None
    step = next(s for s in questionnaire.scale if s.id == answer.choices[0])
    return step.value


def holds(
    condition: Condition,
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    levels: Mapping[str, int | None] | None = None,
    channels: Collection[str] = (),
) -> bool:
    """Whether ``condition`` is true for these answers (and, in scoring, the area
    levels and the channels offered so far)."""

    def test(part: Condition) -> bool:
        return holds(part, questionnaire, answers, levels, channels)

    if condition.always is not None:
        return condition.always
    if condition.all is not None:
        return all(test(c) for c in condition.all)
    if condition.any is not None:
        return any(test(c) for c in condition.any)
    if condition.not_ is not None:
        return not test(condition.not_)
    if condition.channel is not None:
        return condition.channel in channels
    if condition.area is not None:
        # An undetermined level (no real answers, or too few) matches no range.
        level = (levels or {}).get(condition.area)
        return level is not None and _in_range(level, condition)
    assert condition.question is not None
    answer = answers.get(condition.question)
    if condition.unknown is not None:
        return (answer is not None and answer.unknown) == condition.unknown
    if condition.answered is not None:
        return (answer is not None and not answer.unknown) == condition.answered
    picked = set(answer.choices) if answer is not None else set()
    if condition.any_of is not None:
        return bool(picked & set(condition.any_of))
    if condition.none_of is not None:
        return not picked & set(condition.none_of)
    question = questionnaire.question(condition.question)
    if question.kind is not QuestionKind.SCALE:
        raise ValueError(f"at_least/at_most need a scale question, '{question.id}' is not")
    # "I don't know" is in no range: it leads to a step that finds out, not a verdict.
    value = scale_value(questionnaire, answer)
    return value is not None and _in_range(value, condition)


def _in_range(value: int, condition: Condition) -> bool:
    if condition.at_least is not None and value < condition.at_least:
        return False
    return not (condition.at_most is not None and value > condition.at_most)

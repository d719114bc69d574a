"""Evaluate the rules written in a questionnaire file (skip logic, channels, next steps)."""

from __future__ import annotations

from collections.abc import Mapping

from questionnaires.answers import Answer
from questionnaires.model import Condition, QuestionKind, Questionnaire


def scale_value(questionnaire: Questionnaire, answer: Answer | None) -> int:
    """The 0-3 value of a scale answer; "I don't know" and skipped count as the file says."""
    scoring = questionnaire.scoring
    if answer is None:
        return scoring.skipped_value
    if answer.unknown or not answer.choices:
        return scoring.unknown_value
    step = next(s for s in questionnaire.scale if s.id == answer.choices[0])
    return step.value


def holds(
    condition: Condition,
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    levels: Mapping[str, int | None] | None = None,
) -> bool:
    """Whether ``condition`` is true for these answers (and area levels, in scoring)."""
    if condition.always is not None:
        return condition.always
    if condition.all is not None:
        return all(holds(c, questionnaire, answers, levels) for c in condition.all)
    if condition.any is not None:
        return any(holds(c, questionnaire, answers, levels) for c in condition.any)
    if condition.not_ is not None:
        return not holds(condition.not_, questionnaire, answers, levels)
    if condition.area is not None:
        # An undetermined level (too many "I don't know") matches no range.
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
    return _in_range(scale_value(questionnaire, answer), condition)


def _in_range(value: int, condition: Condition) -> bool:
    if condition.at_least is not None and value < condition.at_least:
        return False
    return not (condition.at_most is not None and value > condition.at_most)

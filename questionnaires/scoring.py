"""Turn answers into a level per skill area, contact channels and next steps.

All the numbers and rules come from the questionnaire file's ``scoring`` section, so a
facilitator can change them without touching Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.answers import AnswerSheet
from questionnaires.conditions import holds, scale_value
from questionnaires.flow import visible_questions
from questionnaires.model import QuestionKind, Questionnaire


@dataclass(frozen=True)
class Scores:
    levels: dict[str, int]  # area id -> 0 (needs everything done) .. 3 (autonomous)
    means: dict[str, float]  # area id -> mean scale value, 0-3
    channels: tuple[str, ...]
    next_steps: tuple[str, ...]


def area_means(questionnaire: Questionnaire, answers: AnswerSheet) -> dict[str, float]:
    """Mean scale value per area, over every scale question of that area.

    A question the person skipped (its skip logic hid it) counts with the file's
    ``skipped_value``: someone without a smartphone is not autonomous with one.
    """
    shown = {q.id for q in visible_questions(questionnaire, answers)}
    totals: dict[str, list[int]] = {a.id: [] for a in questionnaire.scoring.areas}
    for question in questionnaire.questions:
        if question.kind is not QuestionKind.SCALE or question.area is None:
            continue
        answer = answers.get(question.id) if question.id in shown else None
        totals[question.area].append(scale_value(questionnaire, answer))
    return {area: sum(values) / len(values) for area, values in totals.items()}


def level_of(questionnaire: Questionnaire, mean: float) -> int:
    levels = questionnaire.scoring.levels
    return max(i for i, level in enumerate(levels) if mean >= level.min_mean - 1e-9)


def score(questionnaire: Questionnaire, answers: AnswerSheet) -> Scores:
    scoring = questionnaire.scoring
    means = area_means(questionnaire, answers)
    levels = {area: level_of(questionnaire, mean) for area, mean in means.items()}
    channels = tuple(
        c.id for c in scoring.channels if holds(c.when, questionnaire, answers, levels)
    ) or (scoring.fallback_channel,)
    steps = [s.id for s in scoring.next_steps if holds(s.when, questionnaire, answers, levels)]
    return Scores(
        levels=levels,
        means={k: round(v, 2) for k, v in means.items()},
        channels=channels,
        next_steps=tuple(steps[: scoring.max_next_steps]),
    )

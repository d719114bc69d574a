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
    # area id -> 0 (needs everything done) .. 3 (autonomous), None: too many "I don't know"
    levels: dict[str, int | None]
    means: dict[str, float]  # area id -> mean scale value, 0-3
    unknown: dict[str, int]  # area id -> how many "I don't know"
    channels: tuple[str, ...]
    next_steps: tuple[str, ...]  # the first few, for the person
    all_next_steps: tuple[str, ...]  # every one that applies, for the adviser


@dataclass(frozen=True)
class AreaTally:
    values: list[int]
    unknown: int

    @property
    def mean(self) -> float:
        return sum(self.values) / len(self.values) if self.values else 0.0


def tally(questionnaire: Questionnaire, answers: AnswerSheet) -> dict[str, AreaTally]:
    """Scale values per area, over every scale question of that area.

    A question the person skipped (its skip logic hid it) counts with the file's
    ``skipped_value``: someone without a smartphone is not autonomous with one.
    """
    shown = {q.id for q in visible_questions(questionnaire, answers)}
    values: dict[str, list[int]] = {a.id: [] for a in questionnaire.scoring.areas}
    unknown = dict.fromkeys(values, 0)
    for question in questionnaire.questions:
        if question.kind is not QuestionKind.SCALE or question.area is None:
            continue
        answer = answers.get(question.id) if question.id in shown else None
        values[question.area].append(scale_value(questionnaire, answer))
        if answer is not None and answer.unknown:
            unknown[question.area] += 1
    return {area: AreaTally(values[area], unknown[area]) for area in values}


def level_of(questionnaire: Questionnaire, area: AreaTally) -> int | None:
    scoring = questionnaire.scoring
    known_share = 1 - area.unknown / len(area.values) if area.values else 0.0
    if known_share < scoring.min_known_share:
        return None
    return max(i for i, lv in enumerate(scoring.levels) if area.mean >= lv.min_mean - 1e-9)


def score(questionnaire: Questionnaire, answers: AnswerSheet) -> Scores:
    scoring = questionnaire.scoring
    tallies = tally(questionnaire, answers)
    levels = {area: level_of(questionnaire, t) for area, t in tallies.items()}
    channels = tuple(
        c.id for c in scoring.channels if holds(c.when, questionnaire, answers, levels)
    ) or (scoring.fallback_channel,)
    steps = tuple(s.id for s in scoring.next_steps if holds(s.when, questionnaire, answers, levels))
    return Scores(
        levels=levels,
        means={area: round(t.mean, 2) for area, t in tallies.items()},
        unknown={area: t.unknown for area, t in tallies.items()},
        channels=channels,
        next_steps=steps[: scoring.max_next_steps],
        all_next_steps=steps,
    )

"""Turn answers into a level per skill area, contact channels and next steps, each
channel and step with the reasons that made it apply.

All the numbers and rules come from the questionnaire file's ``scoring`` section, so a
facilitator can change them without touching Python. A reason names an answer (or an
area's level, or a channel) rather than holding words: the report words it in the
adviser's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from questionnaires.answers import Answer, AnswerSheet
from questionnaires.conditions import holds, scale_value
from questionnaires.flow import visible_questions
from questionnaires.model import Condition, Outcome, QuestionKind, Questionnaire


class ReasonKind(StrEnum):
    ANSWER = "answer"  # what the person answered to a question (the part the rule read)
    LEVEL = "level"  # an area's level
    CHANNEL = "channel"  # a channel that is offered
    NO_CHANNEL = "no_channel"  # a channel that cannot work for this person
    ALWAYS = "always"  # offered to everyone
    FALLBACK = "fallback"  # no channel the person chose can work


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    subject: str | None = None  # question, area or channel id
    # For an answer: the choices the rule read (all of them, when it read the whole
    # answer); "I don't know" is `Answer.dont_know()`; None: the question was not asked.
    answer: Answer | None = None
    # For a `none_of`: the choices the person did NOT pick, which is the reason ("no
    # reading difficulty"), not the rest of their answer. It gives way to the choices
    # another part of the rule looked for in the same answer.
    excluded: tuple[str, ...] = field(default=(), compare=False)

    @property
    def background(self) -> bool:
        return bool(self.excluded)


@dataclass(frozen=True)
class Offer:
    """A channel or a next step that applies, and why."""

    id: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class AreaScore:
    level: int | None  # 0 (discovering) .. 3 (on their own); None: no level, see together
    mean: float | None  # mean of the real answers, 0-3; None without any
    answered: int  # real answers the level rests on
    unknown: int  # "I don't know"
    asked: int  # questions of the area the person was asked


@dataclass(frozen=True)
class Scores:
    areas: dict[str, AreaScore]
    channel_offers: tuple[Offer, ...]
    step_offers: tuple[Offer, ...]  # every step that applies, most urgent first
    max_next_steps: int

    @property
    def levels(self) -> dict[str, int | None]:
        return {area: s.level for area, s in self.areas.items()}

    @property
    def means(self) -> dict[str, float | None]:
        return {area: s.mean for area, s in self.areas.items()}

    @property
    def unknown(self) -> dict[str, int]:
        return {area: s.unknown for area, s in self.areas.items()}

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.channel_offers)

    @property
    def all_next_steps(self) -> tuple[str, ...]:
        """Every step that applies, for the adviser."""
        return tuple(o.id for o in self.step_offers)

    @property
    def next_steps(self) -> tuple[str, ...]:
        """The first few, for the person."""
        return self.all_next_steps[: self.max_next_steps]


def area_scores(questionnaire: Questionnaire, answers: AnswerSheet) -> dict[str, AreaScore]:
    """A level per area, from the real answers to the scale questions asked.

    "I don't know" and a question the person was not asked (no smartphone, so not
    asked how well they use one) count for nothing: a level rests only on what the
    person said they can do, and says how many answers that is.
    """
    shown = {q.id for q in visible_questions(questionnaire, answers)}
    values: dict[str, list[int]] = {a.id: [] for a in questionnaire.scoring.areas}
    unknown = dict.fromkeys(values, 0)
    asked = dict.fromkeys(values, 0)
    for question in questionnaire.questions:
        if question.kind is not QuestionKind.SCALE or question.area is None:
            continue
        if question.id not in shown:
            continue
        asked[question.area] += 1
        answer = answers.get(question.id)
        value = scale_value(questionnaire, answer)
        if value is not None:
            values[question.area].append(value)
        elif answer is not None and answer.unknown:
            unknown[question.area] += 1
    return {
        area: _area_score(questionnaire, values[area], unknown[area], asked[area])
        for area in values
    }


def _area_score(
    questionnaire: Questionnaire, values: list[int], unknown: int, asked: int
) -> AreaScore:
    scoring = questionnaire.scoring
    mean = sum(values) / len(values) if values else None
    level = None
    if mean is not None and len(values) / asked >= scoring.min_known_share - 1e-9:
        level = max(i for i, lv in enumerate(scoring.levels) if mean >= lv.min_mean - 1e-9)
    return AreaScore(
        level=level,
        mean=None if mean is None else round(mean, 2),
        answered=len(values),
        unknown=unknown,
        asked=asked,
    )


@dataclass(frozen=True)
class _Context:
    questionnaire: Questionnaire
    answers: AnswerSheet
    levels: dict[str, int | None]
    channels: tuple[str, ...]

    def holds(self, condition: Condition) -> bool:
        return holds(condition, self.questionnaire, self.answers, self.levels, self.channels)

    def reasons(self, condition: Condition) -> Iterator[Reason]:
        """Why a condition that holds, holds: the parts of it that are true."""
        if condition.always is not None:
            yield Reason(ReasonKind.ALWAYS)
        elif condition.all is not None:
            for part in condition.all:
                yield from self.reasons(part)
        elif condition.any is not None:
            for part in condition.any:
                if self.holds(part):
                    yield from self.reasons(part)
        elif condition.not_ is not None:
            yield from self.facts(condition.not_)
        elif condition.channel is not None:
            yield Reason(ReasonKind.CHANNEL, condition.channel)
        elif condition.area is not None:
            yield Reason(ReasonKind.LEVEL, condition.area)
        else:
            assert condition.question is not None
            answer = self.answers.get(condition.question)
            if answer is not None and condition.any_of is not None:
                # Only the choices the rule looked for: "reading", not every barrier.
                answer = Answer(tuple(c for c in answer.choices if c in condition.any_of))
            yield Reason(ReasonKind.ANSWER, condition.question, answer, condition.none_of or ())

    def facts(self, condition: Condition) -> Iterator[Reason]:
        """What a condition read, true or not: the evidence behind a ``not``."""
        for part in condition.walk():
            if part.channel is not None:
                yield Reason(ReasonKind.NO_CHANNEL, part.channel)
            elif part.area is not None:
                yield Reason(ReasonKind.LEVEL, part.area)
            elif part.question is not None:
                yield Reason(ReasonKind.ANSWER, part.question, self.answers.get(part.question))

    def offer(self, outcome: Outcome) -> Offer | None:
        if not self.holds(outcome.when):
            return None
        reasons = merged(self.questionnaire, self.reasons(outcome.when))
        # "Not asked" only says why when nothing else does (a `none_of` holds on a
        # question the person skipped, but explains little).
        said = tuple(r for r in reasons if r.kind is not ReasonKind.ANSWER or r.answer is not None)
        return Offer(outcome.id, said or reasons)


def merged(questionnaire: Questionnaire, reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """One reason per subject, in the order first met; the choices read are merged."""
    kept: dict[tuple[ReasonKind, str | None], Reason] = {}
    for reason in reasons:
        key = (reason.kind, reason.subject)
        earlier = kept.get(key)
        if earlier is None or (earlier.background and not reason.background):
            kept[key] = reason
        elif reason.background:
            continue
        elif _both_choices(earlier.answer, reason.answer):
            assert earlier.answer is not None and reason.answer is not None
            assert reason.subject is not None
            order = [c.id for c in questionnaire.choices_of(questionnaire.question(reason.subject))]
            picked = set(earlier.answer.choices) | set(reason.answer.choices)
            kept[key] = Reason(
                reason.kind, reason.subject, Answer(tuple(c for c in order if c in picked))
            )
    return tuple(kept.values())


def _both_choices(first: Answer | None, second: Answer | None) -> bool:
    return first is not None and second is not None and not first.unknown and not second.unknown


def score(questionnaire: Questionnaire, answers: AnswerSheet) -> Scores:
    scoring = questionnaire.scoring
    areas = area_scores(questionnaire, answers)
    levels = {area: s.level for area, s in areas.items()}
    channels: list[Offer] = []
    for outcome in scoring.channels:
        # Channels are decided in order: a later one may read an earlier one.
        context = _Context(questionnaire, answers, levels, tuple(o.id for o in channels))
        offer = context.offer(outcome)
        if offer is not None:
            channels.append(offer)
    fallback = next((c for c in scoring.channels if c.id == scoring.fallback_channel), None)
    if not channels and fallback is not None:
        # There is always a way to keep in touch, and the adviser sees why it is this one.
        context = _Context(questionnaire, answers, levels, ())
        facts = tuple(context.facts(fallback.when))
        # "None of the chosen means can work" is only true when something was chosen.
        chosen = any(r.answer is not None and not r.answer.unknown for r in facts)
        why = ((Reason(ReasonKind.FALLBACK),) if chosen else ()) + facts
        channels.append(Offer(fallback.id, merged(questionnaire, why)))
    context = _Context(questionnaire, answers, levels, tuple(o.id for o in channels))
    steps = tuple(o for s in scoring.next_steps if (o := context.offer(s)) is not None)
    return Scores(
        areas=areas,
        channel_offers=tuple(channels),
        step_offers=steps,
        max_next_steps=scoring.max_next_steps,
    )

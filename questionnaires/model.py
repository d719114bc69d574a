"""The questionnaire as data: questions, answer choices, skip logic and scoring rules.

A facilitator edits a questionnaire file (YAML); these pydantic models validate it so
that every mistake is reported with its place in the file, before a person at the
kiosk could ever meet it. Nothing here knows about screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from questionnaires.typography import french_spacing

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$", strip_whitespace=True)
]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
# Short code of a questionnaire, carried in every QR payload. Crockford base-32
# letters only, so it survives being typed by hand.
QuestionnaireCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-HJKMNP-TV-Z]{2}$")]
Pictogram = Annotated[str, StringConstraints(min_length=1, max_length=4)]

# French puts a space before ? ! : ; and it must never be left alone at a line start.
MAX_CHOICES = 6
MIN_CHOICES = 2


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A short text in every language of the questionnaire."""

    model_config = ConfigDict(extra="allow", frozen=True)

    fr: str = Field(min_length=1)

    def in_language(self, language: str) -> str:
        value = (self.model_extra or {}).get(language)
        if isinstance(value, str) and value:
            return value
        return french_spacing(self.fr)

    def languages(self) -> set[str]:
        extra = {k for k, v in (self.model_extra or {}).items() if isinstance(v, str) and v}
        return {"fr", *extra}

    @model_validator(mode="after")
    def _extra_are_texts(self) -> Self:
        for key, value in (self.model_extra or {}).items():
            if len(key) != 2 or not key.isalpha() or not key.islower():
                raise ValueError(
                    f"'{key}' is not a two-letter language code "
                    "(a text with a comma must be written between quotes)"
                )
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"the '{key}' text must be a non-empty string")
        return self


class QuestionKind(StrEnum):
    SINGLE = "single"  # pick one, moves on
    MULTI = "multi"  # tick several, then continue
    SCALE = "scale"  # "can you do this?" on the questionnaire's 4-step scale


class Choice(Strict):
    id: Identifier
    pictogram: Pictogram
    label: Text
    # How the adviser's report and the result screen say it out of context,
    # e.g. "Shared smartphone" rather than "Yes, shared".
    summary: Text | None = None
    # In a multi-choice, an exclusive choice ("none of these") clears the others.
    exclusive: bool = False

    def summary_in(self, language: str) -> str:
        return (self.summary or self.label).in_language(language)


class ScaleStep(Choice):
    value: int = Field(ge=0, le=9)


class Condition(Strict):
    """A rule over answers or levels. Exactly one form is used:

    - ``question`` with ``any_of`` / ``none_of`` (choice ids) or ``at_least`` /
      ``at_most`` (scale values), or ``unknown: true`` / ``answered: true``;
    - ``area`` with ``at_least`` / ``at_most`` (levels, only in scoring);
    - ``channel`` (a contact channel already offered, only in scoring: e.g. a call
      when the WhatsApp the person chose cannot work);
    - ``all`` / ``any`` (lists of conditions), ``not`` (one condition);
    - ``always: true``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    question: Identifier | None = None
    area: Identifier | None = None
    channel: Identifier | None = None
    any_of: tuple[Identifier, ...] | None = None
    none_of: tuple[Identifier, ...] | None = None
    at_least: int | None = None
    at_most: int | None = None
    unknown: bool | None = None
    answered: bool | None = None
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    always: bool | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        forms = [
            self.question is not None,
            self.area is not None,
            self.channel is not None,
            self.all is not None,
            self.any is not None,
            self.not_ is not None,
            self.always is not None,
        ]
        if sum(forms) != 1:
            raise ValueError(
                "a condition needs exactly one of: question, area, channel, all, any, not, always"
            )
        tests = [
            self.any_of is not None,
            self.none_of is not None,
            self.at_least is not None or self.at_most is not None,
            self.unknown is not None,
            self.answered is not None,
        ]
        if self.question is not None and sum(tests) != 1:
            raise ValueError(
                f"the condition on question '{self.question}' needs exactly one test: "
                "any_of, none_of, at_least/at_most, unknown or answered"
            )
        if self.area is not None and (self.at_least is None and self.at_most is None):
            raise ValueError(f"the condition on area '{self.area}' needs at_least or at_most")
        if self.question is None and any(tests[:2] + tests[3:]):
            raise ValueError("any_of, none_of, unknown and answered go with 'question'")
        return self

    def walk(self) -> Iterator[Condition]:
        """This condition and every condition inside it."""
        yield self
        for part in (*(self.all or ()), *(self.any or ()), *((self.not_,) if self.not_ else ())):
            yield from part.walk()

    def questions(self) -> set[str]:
        """Every question this condition reads."""
        return {c.question for c in self.walk() if c.question}

    def areas(self) -> set[str]:
        return {c.area for c in self.walk() if c.area}

    def channels(self) -> set[str]:
        return {c.channel for c in self.walk() if c.channel}

    def range_questions(self) -> set[str]:
        """Questions this condition compares with at_least / at_most."""
        return {
            c.question
            for c in self.walk()
            if c.question and (c.at_least is not None or c.at_most is not None)
        }

    def choice_refs(self) -> list[tuple[str, str]]:
        """(question, choice) pairs named by this condition and its parts."""
        return [
            (c.question, choice)
            for c in self.walk()
            if c.question
            for choice in (*(c.any_of or ()), *(c.none_of or ()))
        ]


class Question(Strict):
    id: Identifier
    kind: QuestionKind
    section: Identifier
    pictogram: Pictogram
    text: Text
    # One short line under the question, e.g. "You can choose several answers."
    hint: Text | None = None
    # What the adviser reads out of context, e.g. "Video call" for "Can you make a
    # video call?": it names the answer behind a next step's reasons.
    summary: Text | None = None
    choices: tuple[Choice, ...] = ()
    area: Identifier | None = None
    digcomp: str | None = Field(default=None, pattern=r"^[1-5]\.[1-6]$")
    pix: str | None = Field(default=None, pattern=r"^[1-5]\.[1-4]$")
    show_if: Condition | None = None

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.kind is QuestionKind.SCALE:
            if self.choices:
                raise ValueError("a scale question uses the questionnaire's scale: no choices")
            if self.area is None:
                raise ValueError("a scale question needs an 'area' for its level")
            if self.digcomp is None or self.pix is None:
                raise ValueError("a scale question needs its 'digcomp' and 'pix' codes")
        else:
            if not MIN_CHOICES <= len(self.choices) <= MAX_CHOICES:
                raise ValueError(
                    f"needs {MIN_CHOICES} to {MAX_CHOICES} choices, has {len(self.choices)}"
                )
            ids = [c.id for c in self.choices]
            if len(set(ids)) != len(ids):
                raise ValueError("two choices have the same id")
            if self.kind is QuestionKind.SINGLE and any(c.exclusive for c in self.choices):
                raise ValueError("'exclusive' only makes sense in a multi-choice question")
        return self


class Area(Strict):
    """A skill area with its own level. Its DigComp 2.2 and Pix codes are those of its
    questions (`Questionnaire.area_codes`): never typed twice, so never out of step."""

    id: Identifier
    pictogram: Pictogram
    label: Text


class LevelText(Strict):
    pictogram: Pictogram
    label: Text  # what the person reads: kind words
    detail: Text  # what the adviser reads: what the level means for support


class Level(LevelText):
    # Lowest mean scale value (0-3) that reaches this level.
    min_mean: float = Field(ge=0)


class Outcome(Strict):
    """A contact channel or a next step, offered when its condition holds."""

    id: Identifier
    pictogram: Pictogram
    label: Text
    when: Condition


class Scoring(Strict):
    """Levels come from the mean of an area's real answers only: "I don't know" and a
    question the person was not asked neither raise nor lower a level."""

    levels: tuple[Level, ...]
    # Below this share of real answers among the questions asked, or with no real
    # answer at all, an area has no level: it is shown as `undetermined`, never as a
    # verdict.
    min_known_share: float = Field(default=0.5, gt=0, le=1)
    undetermined: LevelText
    areas: tuple[Area, ...]
    channels: tuple[Outcome, ...]
    # Offered when no channel's rule holds: there is always a way to keep in touch.
    fallback_channel: Identifier
    next_steps: tuple[Outcome, ...]
    max_next_steps: int = Field(default=3, ge=1, le=5)

    @model_validator(mode="after")
    def _fallback_is_a_channel(self) -> Self:
        if self.fallback_channel not in {c.id for c in self.channels}:
            raise ValueError(f"fallback_channel '{self.fallback_channel}' is not a channel")
        return self

    @field_validator("levels")
    @classmethod
    def _four_rising_levels(cls, levels: tuple[Level, ...]) -> tuple[Level, ...]:
        if len(levels) != 4:
            raise ValueError(f"needs exactly 4 levels, has {len(levels)}")
        means = [lv.min_mean for lv in levels]
        if means[0] != 0 or means != sorted(means) or len(set(means)) != 4:
            raise ValueError("levels go from min_mean 0 upwards, each higher than the last")
        return levels


class Section(Strict):
    id: Identifier
    pictogram: Pictogram
    label: Text


class Questionnaire(Strict):
    id: Identifier
    code: QuestionnaireCode
    version: int = Field(ge=1, le=1023)
    languages: tuple[LanguageCode, ...]
    title: Text
    sections: tuple[Section, ...]
    scale: tuple[ScaleStep, ...]
    questions: tuple[Question, ...]
    scoring: Scoring

    @field_validator("languages")
    @classmethod
    def _french_first(cls, languages: tuple[str, ...]) -> tuple[str, ...]:
        if not languages or languages[0] != "fr":
            raise ValueError("French ('fr') comes first in languages")
        if len(set(languages)) != len(languages):
            raise ValueError("a language is listed twice")
        return languages

    @field_validator("scale")
    @classmethod
    def _scale_steps(cls, scale: tuple[ScaleStep, ...]) -> tuple[ScaleStep, ...]:
        if len(scale) != 4:
            raise ValueError(f"the scale needs exactly 4 steps, has {len(scale)}")
        if [s.value for s in scale] != [0, 1, 2, 3]:
            raise ValueError("the scale steps have the values 0, 1, 2, 3 in that order")
        return scale

    @model_validator(mode="after")
    def _references(self) -> Self:
        problems: list[str] = []
        ids = [q.id for q in self.questions]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            problems.append(f"question ids used twice: {', '.join(duplicated)}")
        sections = {s.id for s in self.sections}
        areas = {a.id for a in self.scoring.areas}
        earlier: set[str] = set()
        for q in self.questions:
            if q.section not in sections:
                problems.append(f"question '{q.id}': unknown section '{q.section}'")
            if q.area is not None and q.area not in areas:
                problems.append(f"question '{q.id}': unknown area '{q.area}'")
            if q.show_if is not None:
                later = q.show_if.questions() - earlier
                if later:
                    problems.append(
                        f"question '{q.id}': show_if may only read earlier questions, "
                        f"not {', '.join(sorted(later))}"
                    )
                if q.show_if.areas() or q.show_if.channels():
                    problems.append(
                        f"question '{q.id}': show_if cannot read area levels or channels"
                    )
                problems += self._bad_choice_refs(q.show_if, f"question '{q.id}'")
            earlier.add(q.id)
        for area in areas:
            if not any(q.area == area for q in self.questions):
                problems.append(f"area '{area}' has no scale question")
        problems += self._channel_refs()
        for outcome in (*self.scoring.channels, *self.scoring.next_steps):
            where = f"outcome '{outcome.id}'"
            unknown_q = outcome.when.questions() - set(ids)
            if unknown_q:
                problems.append(f"{where}: unknown question {', '.join(sorted(unknown_q))}")
            unknown_a = outcome.when.areas() - areas
            if unknown_a:
                problems.append(f"{where}: unknown area {', '.join(sorted(unknown_a))}")
            problems += self._bad_choice_refs(outcome.when, where)
        for text_owner, text in self._texts():
            missing = set(self.languages) - text.languages()
            if missing:
                problems.append(f"{text_owner}: no text in {', '.join(sorted(missing))}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _channel_refs(self) -> list[str]:
        """A channel may read the channels above it; a next step may read any."""
        problems = []
        channels = [c.id for c in self.scoring.channels]
        for index, outcome in enumerate((*self.scoring.channels, *self.scoring.next_steps)):
            allowed = set(channels[:index]) if index < len(channels) else set(channels)
            wrong = outcome.when.channels() - allowed
            if wrong:
                problems.append(
                    f"outcome '{outcome.id}': channel {', '.join(sorted(wrong))} is unknown "
                    "or not above it in the list of channels"
                )
        return problems

    def _bad_choice_refs(self, condition: Condition, where: str) -> list[str]:
        by_id = {q.id: q for q in self.questions}
        problems = []
        for qid in condition.range_questions():
            if qid in by_id and by_id[qid].kind is not QuestionKind.SCALE:
                problems.append(f"{where}: at_least/at_most need a scale question, not '{qid}'")
        for qid, cid in condition.choice_refs():
            question = by_id.get(qid)
            if question is not None and cid not in {c.id for c in self.choices_of(question)}:
                problems.append(f"{where}: question '{qid}' has no choice '{cid}'")
        return problems

    def _texts(self) -> list[tuple[str, Text]]:
        texts: list[tuple[str, Text]] = [("title", self.title)]
        texts += [(f"section '{s.id}'", s.label) for s in self.sections]
        texts += [(f"scale step '{s.id}'", s.label) for s in self.scale]
        for q in self.questions:
            texts.append((f"question '{q.id}'", q.text))
            if q.summary:
                texts.append((f"question '{q.id}' summary", q.summary))
            if q.hint:
                texts.append((f"question '{q.id}' hint", q.hint))
            for c in q.choices:
                texts.append((f"question '{q.id}' choice '{c.id}'", c.label))
                if c.summary:
                    texts.append((f"question '{q.id}' choice '{c.id}' summary", c.summary))
        for i, lv in enumerate((*self.scoring.levels, self.scoring.undetermined)):
            texts += [(f"level {i + 1}", lv.label), (f"level {i + 1} detail", lv.detail)]
        texts += [(f"area '{a.id}'", a.label) for a in self.scoring.areas]
        texts += [(f"channel '{o.id}'", o.label) for o in self.scoring.channels]
        texts += [(f"next step '{o.id}'", o.label) for o in self.scoring.next_steps]
        return texts

    # -- lookups used by the flow, the scoring and the payload --------------

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def choices_of(self, question: Question) -> tuple[Choice, ...]:
        return self.scale if question.kind is QuestionKind.SCALE else question.choices

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.scoring.areas if a.id == area_id)

    @property
    def equipment_section(self) -> str:
        """The section of what the person has: the first one asked (a questionnaire opens
        with the equipment, so that later questions can depend on it)."""
        return self.questions[0].section

    def area_codes(self, area_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The DigComp 2.2 and Pix competences an area's questions assess, in order."""
        questions = [q for q in self.questions if q.area == area_id]
        digcomp = sorted({q.digcomp for q in questions if q.digcomp})
        pix = sorted({q.pix for q in questions if q.pix})
        return tuple(digcomp), tuple(pix)

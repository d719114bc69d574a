"""The questionnaire as data: the shapes of a questionnaire file.

A facilitator edits a questionnaire file (YAML); these pydantic models give each part
its shape and say what it is for. Every field carries a description: `diagnum
questionnaire schema` turns them into the JSON Schema that editors use to complete and
check the file while it is typed. Checks that read across the file (ids, skip logic,
scoring references, translations, media files) are in `questionnaires.checks`, each
problem with its place in the file. Nothing here knows about screens.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from questionnaires.problems import WordsError
from questionnaires.typography import french_spacing

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$", strip_whitespace=True),
    Field(
        description="An id: lowercase letters, digits and _, starting with a letter "
        "(at most 40). Never change an id once it was used."
    ),
]
LanguageCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2}$"),
    Field(description="A two-letter language code (ISO 639-1), e.g. fr, en, ar."),
]
# Short code of a questionnaire, carried in every QR payload. Crockford base-32
# letters only, so it survives being typed by hand.
QuestionnaireCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-HJKMNP-TV-Z]{2}$")]
Pictogram = Annotated[
    str,
    StringConstraints(min_length=1, max_length=4),
    Field(
        description="One emoji with its own colour picture (📱 💻 📧). Avoid symbols that "
        "need a variation selector (🖨️ ✉️ ☎️): they shift the tiles on many terminals."
    ),
]
MediaPath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    Field(
        description="A file path written from the questionnaire file's folder, with '/' "
        "between folders, e.g. images/phone.png."
    ),
]

MAX_CHOICES = 6
MAX_LABEL = 48  # characters of a tile's words, in any language (a warning beyond)
MIN_CHOICES = 2
SCALE_STEPS = 4
LEVELS = 4
# What a sheet or a case writes for "I don't know"; never a choice id.
DONT_KNOW = "dont_know"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _invisible(char: str) -> bool:
    """A control character: nothing a person should read (a tab or line break aside)."""
    return (ord(char) < 32 and char not in "\t\n") or 0x7F <= ord(char) < 0xA0


class Text(Strict):
    """A short text in every language of the questionnaire."""

    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        json_schema_extra={
            "additionalProperties": {"type": "string", "minLength": 1},
            "propertyNames": {"pattern": "^[a-z]{2}$"},
        },
    )

    fr: str = Field(min_length=1, description="The French text (always first).")

    def in_language(self, language: str) -> str:
        value = (self.model_extra or {}).get(language)
        if isinstance(value, str) and value:
            return value
        return french_spacing(self.fr)

    def languages(self) -> set[str]:
        extra = {k for k, v in (self.model_extra or {}).items() if isinstance(v, str) and v}
        return {"fr", *extra}

    def items(self) -> list[tuple[str, str]]:
        """(language, text) pairs, French first."""
        extra = [(k, v) for k, v in (self.model_extra or {}).items() if isinstance(v, str)]
        return [("fr", self.fr), *extra]

    @model_validator(mode="after")
    def _extra_are_texts(self) -> Self:
        for value in (self.fr, *(self.model_extra or {}).values()):
            hidden = (
                next((c for c in value if _invisible(c)), None) if isinstance(value, str) else None
            )
            if hidden is not None:
                code = f"U+{ord(hidden):04X}"
                raise WordsError(
                    f"un caractère invisible ({code}) dans le texte : effacez-le",
                    f"an invisible character ({code}) in the text: delete it",
                )
        for key, value in (self.model_extra or {}).items():
            if len(key) != 2 or not key.isalpha() or not key.islower():
                raise WordsError(
                    f"« {key} » n'est pas un code de langue à deux lettres (un texte avec "
                    "une virgule s'écrit entre guillemets)",
                    f"'{key}' is not a two-letter language code (a text with a comma must be "
                    "written between quotes)",
                )
            if value is None:
                raise WordsError(
                    f"« {key} » n'a pas de texte : si la virgule avant fait partie du texte, "
                    "mettez tout le texte entre guillemets",
                    f"'{key}' has no text: if the comma before it belongs to the text, put "
                    "the whole text between quotes",
                )
            if not isinstance(value, str) or not value.strip():
                raise WordsError(
                    f"le texte « {key} » doit être un texte non vide (entre guillemets)",
                    f"the '{key}' text must be a non-empty text (between quotes)",
                )
        return self


class Media(Strict):
    """What stands for a text without words: an emoji, a picture, a recorded voice."""

    emoji: Pictogram
    image: MediaPath | None = Field(
        default=None,
        description="A PNG picture shown where the terminal can draw images (the emoji "
        "stands in elsewhere). Square pictures work best; at most 2 MB.",
    )
    audio: dict[LanguageCode, MediaPath] | None = Field(
        default=None,
        description="Recordings of the text read aloud, one file per language "
        "(WAV, OGG or MP3, at most 8 MB), e.g. {fr: voix/fr/smartphone.wav}. Without "
        "one, the kiosk reads the text with its own voice where it can.",
    )


class Illustrated(Strict):
    """Something shown with an emoji, and maybe a picture and a voice (`media`)."""

    media: Media = Field(description="The emoji, picture and recordings that go with it.")

    @model_validator(mode="before")
    @classmethod
    def _read_pictogram(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and "pictogram" in data:
            if "media" in data:
                raise WordsError(
                    "écrivez l'emoji une seule fois, dans media (pas aussi dans pictogram)",
                    "write the emoji once, in media (not also as pictogram)",
                )
            rest = {k: v for k, v in data.items() if k != "pictogram"}
            return {**rest, "media": {"emoji": data["pictogram"]}}
        return data

    @property
    def pictogram(self) -> str:
        """The emoji: what every terminal can show."""
        return self.media.emoji


class QuestionKind(StrEnum):
    SINGLE = "single"  # pick one, moves on
    MULTI = "multi"  # tick several, then continue
    SCALE = "scale"  # "can you do this?" on the questionnaire's 4-step scale


class Choice(Illustrated):
    id: Identifier
    label: Text = Field(
        description=f"The words on the tile: short ({MAX_LABEL} characters at most)."
    )
    summary: Text | None = Field(
        default=None,
        description="How the result and the adviser's report say it out of context, "
        "e.g. 'Smartphone partagé' rather than 'Oui, je le partage'.",
    )
    exclusive: bool = Field(
        default=False,
        description="In a multi-choice question, 'none of these': ticking it clears the "
        "other ticks.",
    )

    def summary_in(self, language: str) -> str:
        return (self.summary or self.label).in_language(language)


class ScaleStep(Choice):
    value: int = Field(ge=0, le=9, description="0, 1, 2, 3: the step's place on the scale.")


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

    question: Identifier | None = Field(
        default=None, description="The question whose answer is tested."
    )
    area: Identifier | None = Field(
        default=None, description="A skill area whose level is tested (scoring only)."
    )
    channel: Identifier | None = Field(
        default=None,
        description="True when this contact channel is offered (scoring only; a channel "
        "may read the channels above it).",
    )
    any_of: tuple[Identifier, ...] | None = Field(
        default=None,
        description="True when the person picked one of these choices. 'I don't know' "
        "never satisfies it.",
    )
    none_of: tuple[Identifier, ...] | None = Field(
        default=None,
        description="True when the person picked none of these choices ('I don't know' "
        "and a question not asked satisfy it).",
    )
    at_least: int | None = Field(
        default=None,
        description="A scale answer (0-3) or an area level (0-3) at least this high. "
        "Never true for 'I don't know'.",
    )
    at_most: int | None = Field(
        default=None,
        description="A scale answer (0-3) or an area level (0-3) at most this high. "
        "Never true for 'I don't know'.",
    )
    unknown: bool | None = Field(
        default=None, description="true: the person answered 'I don't know'."
    )
    answered: bool | None = Field(
        default=None, description="true: the person gave a real answer (not 'I don't know')."
    )
    all: tuple[Condition, ...] | None = Field(
        default=None, description="True when every condition of the list holds."
    )
    any: tuple[Condition, ...] | None = Field(
        default=None, description="True when at least one condition of the list holds."
    )
    not_: Condition | None = Field(
        default=None, alias="not", description="True when this condition does not hold."
    )
    always: bool | None = Field(
        default=None, description="always: true holds for everyone (a step for all)."
    )

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
            raise WordsError(
                "une condition a exactement une de ces formes : question, area, channel, "
                "all, any, not, always",
                "a condition needs exactly one of: question, area, channel, all, any, not, always",
            )
        tests = [
            self.any_of is not None,
            self.none_of is not None,
            self.at_least is not None or self.at_most is not None,
            self.unknown is not None,
            self.answered is not None,
        ]
        if self.question is not None and sum(tests) != 1:
            raise WordsError(
                f"la condition sur la question « {self.question} » a exactement un test : "
                "any_of, none_of, at_least/at_most, unknown ou answered",
                f"the condition on question '{self.question}' needs exactly one test: "
                "any_of, none_of, at_least/at_most, unknown or answered",
            )
        if self.area is not None and (self.at_least is None and self.at_most is None):
            raise WordsError(
                f"la condition sur le domaine « {self.area} » a besoin de at_least ou at_most",
                f"the condition on area '{self.area}' needs at_least or at_most",
            )
        if self.question is None and any(tests[:2] + tests[3:]):
            raise WordsError(
                "any_of, none_of, unknown et answered vont avec « question »",
                "any_of, none_of, unknown and answered go with 'question'",
            )
        if self.question is None and self.area is None and tests[2]:
            raise WordsError(
                "at_least et at_most vont avec « question » ou « area »",
                "at_least and at_most go with 'question' or 'area'",
            )
        return self

    def parts(self) -> tuple[tuple[tuple[str | int, ...], Condition], ...]:
        """The conditions directly inside this one, each with its place in it."""
        inner: list[tuple[tuple[str | int, ...], Condition]] = []
        inner += [(("all", i), c) for i, c in enumerate(self.all or ())]
        inner += [(("any", i), c) for i, c in enumerate(self.any or ())]
        if self.not_ is not None:
            inner.append((("not",), self.not_))
        return tuple(inner)

    def walk(self) -> Iterator[Condition]:
        """This condition and every condition inside it."""
        yield self
        for _, part in self.parts():
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


class Question(Illustrated):
    id: Identifier
    kind: QuestionKind = Field(
        description="single: one tile, moves on; multi: several ticks, then Continue; "
        "scale: 'can you do this?' answered on the questionnaire's 4-step scale."
    )
    section: Identifier = Field(description="The id of the section the question belongs to.")
    text: Text = Field(description="The question, in a short sentence.")
    hint: Text | None = Field(
        default=None,
        description="One short line under the question, e.g. 'Choisissez tout ce qui est vrai.'",
    )
    summary: Text | None = Field(
        default=None,
        description="What the adviser reads out of context, e.g. 'Appel vidéo' for 'Savez-"
        "vous faire un appel vidéo ?': it names the answer behind a next step's reasons.",
    )
    choices: tuple[Choice, ...] = Field(
        default=(),
        description="2 to 6 choices (single and multi questions; a scale question uses "
        "the questionnaire's scale).",
    )
    area: Identifier | None = Field(
        default=None, description="Scale questions: the skill area whose level it counts in."
    )
    digcomp: str | None = Field(
        default=None,
        pattern=r"^[1-5]\.[1-6]$",
        description="Scale questions: the DigComp 2.2 competence it assesses, e.g. '2.1'.",
    )
    pix: str | None = Field(
        default=None,
        pattern=r"^[1-5]\.[1-4]$",
        description="Scale questions: the Pix competence it assesses, e.g. '2.1'.",
    )
    show_if: Condition | None = Field(
        default=None,
        description="Ask the question only when this condition holds. It may only read "
        "questions asked before this one.",
    )
    continues: Identifier | None = Field(
        default=None,
        description="The id this question had in an earlier version, when it was renamed: "
        "the console then compares a person's answers across both versions.",
    )


class Area(Illustrated):
    """A skill area with its own level. Its DigComp 2.2 and Pix codes are those of its
    questions (`Questionnaire.area_codes`): never typed twice, so never out of step."""

    id: Identifier
    label: Text = Field(description="The area's name, e.g. 'Communiquer'.")
    continues: Identifier | None = Field(
        default=None,
        description="The id this area had in an earlier version, when it was renamed: "
        "the console then compares levels across both versions.",
    )


class LevelText(Illustrated):
    label: Text = Field(description="What the person reads: kind words.")
    detail: Text = Field(description="What the adviser reads: what the level means for support.")


class Level(LevelText):
    min_mean: float = Field(
        ge=0, description="The lowest mean of real answers (0-3) that reaches this level."
    )


class Outcome(Illustrated):
    """A contact channel or a next step, offered when its condition holds."""

    id: Identifier
    label: Text = Field(description="What the person and the adviser read.")
    when: Condition = Field(description="When it is offered.")


class Scoring(Strict):
    """Levels come from the mean of an area's real answers only: "I don't know" and a
    question the person was not asked neither raise nor lower a level.

    Scoring is optional: a questionnaire without it still runs in the kiosk, and its
    result lists the answers given."""

    levels: tuple[Level, ...] = Field(
        default=(),
        description="The 4 levels, lowest first, each with the lowest mean that reaches it "
        "(the first at 0).",
    )
    min_known_share: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="Below this share of real answers among an area's questions asked, the "
        "area gets no level ('to look at together').",
    )
    undetermined: LevelText | None = Field(
        default=None, description="What an area without a level shows ('À voir ensemble')."
    )
    areas: tuple[Area, ...] = Field(
        default=(), description="The skill areas, each with a level from its scale questions."
    )
    channels: tuple[Outcome, ...] = Field(
        default=(), description="Ways to keep in touch, in order; each offered when it holds."
    )
    fallback_channel: Identifier | None = Field(
        default=None,
        description="The channel offered when no channel holds: there is always a way.",
    )
    next_steps: tuple[Outcome, ...] = Field(
        default=(),
        description="Next steps, most urgent first; the person sees the first few, the "
        "adviser all of them.",
    )
    max_next_steps: int = Field(
        default=3, ge=1, le=5, description="How many next steps the person sees (1 to 5)."
    )

    def level_text(self, level: int | None) -> LevelText:
        """The words of a level, or of "no level" (None); checks make sure they exist."""
        text = self.known_level(level)
        if text is None:
            raise ValueError(f"the scoring has no words for level {level}")
        return text

    def known_level(self, level: int | None) -> LevelText | None:
        """The words of a level (None: of "no level"), or None for a level a record
        holds that this version has no words for."""
        if level is None:
            return self.undetermined
        return self.levels[level] if 0 <= level < len(self.levels) else None

    @field_validator("levels")
    @classmethod
    def _four_rising_levels(cls, levels: tuple[Level, ...]) -> tuple[Level, ...]:
        if not levels:
            return levels
        if len(levels) != LEVELS:
            raise WordsError(
                f"il faut exactement {LEVELS} niveaux, pas {len(levels)}",
                f"needs exactly {LEVELS} levels, has {len(levels)}",
            )
        means = [lv.min_mean for lv in levels]
        if means[0] != 0 or means != sorted(means) or len(set(means)) != LEVELS:
            raise WordsError(
                "les niveaux partent de min_mean 0, chacun plus haut que le précédent",
                "levels go from min_mean 0 upwards, each higher than the last",
            )
        return levels


class Section(Illustrated):
    id: Identifier
    label: Text = Field(description="The section's name, shown above its questions.")


ResultPart = Literal["equipment", "levels", "channels", "next_steps", "answers"]


class ResultLayout(Strict):
    """What the person's result shows, in which order, and who can take a photo of it."""

    equipment: tuple[Identifier, ...] | None = Field(
        default=None,
        description="The sections that say what the person has (devices, connection). "
        "Their answers are listed as equipment on the result, in the adviser's summary "
        "and in the funders' report. Left out: the section of the first question.",
    )
    pages: tuple[tuple[ResultPart, ...], ...] | None = Field(
        default=None,
        description="The person's result screens, each a list of parts in order: "
        "equipment, levels, channels, next_steps, answers (every other answer). The "
        "adviser's summary follows the same order. Left out: [[equipment, levels], "
        "[channels, next_steps]], or [[equipment, answers]] without scoring.",
    )
    photo: Condition | None = Field(
        default=None,
        description="Who can take a photo of their QR code (a phone with a camera): they "
        "are told to photograph it.",
    )
    no_photo: Condition | None = Field(
        default=None,
        description="Who cannot: they are told to show the screen at the desk, and get a "
        "printed ticket where the kiosk has a printer. Neither holds: both are said.",
    )


CaseAnswer = Annotated[
    list[Identifier] | Identifier,
    Field(
        description="The choice ids picked (a list; one id alone is a list of one), or "
        "dont_know for 'I don't know'."
    ),
]
CaseLevel = Annotated[
    int | Literal["undetermined"],
    Field(description="A level 0-3 (as in at_least/at_most), or undetermined."),
]


class Expectation(Strict):
    next_steps: tuple[Identifier, ...] | None = Field(
        default=None,
        description="Exactly the next steps the person sees (the first max_next_steps), "
        "in this order.",
    )
    offered: tuple[Identifier, ...] | None = Field(
        default=None,
        description="Next steps that must be offered (the adviser sees every step).",
    )
    not_offered: tuple[Identifier, ...] | None = Field(
        default=None, description="Next steps that must not be offered at all."
    )
    channels: tuple[Identifier, ...] | None = Field(
        default=None, description="Exactly the contact channels offered, in this order."
    )
    levels: dict[Identifier, CaseLevel] | None = Field(
        default=None, description="The level expected in each area listed."
    )


class Case(Strict):
    """A typical person's answers and what the rules should make of them."""

    name: str = Field(min_length=1, description="Who this is, in a few words.")
    answers: dict[Identifier, CaseAnswer] = Field(
        description="question id: the choices picked (a list) or dont_know. Questions left "
        "out were not answered; answers to questions the skip logic hides are ignored."
    )
    expect: Expectation = Field(description="What the rules should give.")


class Questionnaire(Strict):
    id: Identifier = Field(
        description="The questionnaire's id: keep it across versions, so results compare."
    )
    code: QuestionnaireCode = Field(
        description="2 characters carried in every QR code (0-9 and A-Z without I, L, O, U): "
        "keep it across versions."
    )
    version: int = Field(
        ge=1,
        le=1023,
        description="Raise it by one at every change once the questionnaire was used: old "
        "QR codes then still read with the version they were made with.",
    )
    languages: tuple[LanguageCode, ...] = Field(
        description="The languages of every text, French first, e.g. [fr, en]."
    )
    title: Text = Field(description="The questionnaire's title.")
    sections: tuple[Section, ...] = Field(
        description="The parts of the questionnaire, shown above their questions."
    )
    scale: tuple[ScaleStep, ...] = Field(
        default=(),
        description="The 4-step answer to every scale question, values 0 to 3 in order.",
    )
    questions: tuple[Question, ...] = Field(description="The questions, in the order asked.")
    scoring: Scoring = Field(
        default_factory=Scoring,
        description="Levels, contact channels and next steps. Optional: without it the "
        "result lists the answers given.",
    )
    result: ResultLayout = Field(
        default_factory=ResultLayout,
        description="What the result shows, in which order, and who can photograph it.",
    )
    cases: tuple[Case, ...] = Field(
        default=(),
        description="Typical people and what the rules should give them: `diagnum "
        "questionnaire test` checks them. Never shown at the kiosk.",
    )

    @field_validator("languages")
    @classmethod
    def _french_first(cls, languages: tuple[str, ...]) -> tuple[str, ...]:
        if not languages or languages[0] != "fr":
            raise WordsError(
                "le français (fr) vient en premier dans languages",
                "French ('fr') comes first in languages",
            )
        if len(set(languages)) != len(languages):
            raise WordsError("une langue est citée deux fois", "a language is listed twice")
        return languages

    # -- lookups used by the flow, the scoring, the payload and the reports --------

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
    def has_scoring(self) -> bool:
        scoring = self.scoring
        return bool(scoring.areas or scoring.channels or scoring.next_steps)

    @property
    def equipment_sections(self) -> tuple[str, ...]:
        """The sections of what the person has: as the file says, or the first one asked."""
        if self.result.equipment is not None:
            return self.result.equipment
        return (self.questions[0].section,) if self.questions else ()

    @property
    def equipment_questions(self) -> tuple[Question, ...]:
        sections = set(self.equipment_sections)
        return tuple(q for q in self.questions if q.section in sections)

    @property
    def result_pages(self) -> tuple[tuple[ResultPart, ...], ...]:
        if self.result.pages is not None:
            return self.result.pages
        if self.has_scoring:
            return (("equipment", "levels"), ("channels", "next_steps"))
        return (("equipment", "answers"),)

    def area_codes(self, area_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The DigComp 2.2 and Pix competences an area's questions assess, in order."""
        questions = [q for q in self.questions if q.area == area_id]
        digcomp = sorted({q.digcomp for q in questions if q.digcomp})
        pix = sorted({q.pix for q in questions if q.pix})
        return tuple(digcomp), tuple(pix)

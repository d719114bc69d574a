"""Two diagnoses of one person side by side: has the pathway moved them on?

The adviser compares the first and the latest diagnosis (or any two): each area's level
before and after, and each equipment item had before and after. The two may come from
different versions of the questionnaire: they meet through stable ids, and a question
or an area that only one version asks is shown as such. A missing side, or a level too
uncertain to give, is never read as a step back.

Works on stored records (see `questionnaires.result.Result.to_record`), so it needs no
scoring: the levels are those the kiosk gave at the time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from questionnaires.model import Choice, Question, Questionnaire
from terminal.i18n import translate

#: (questionnaire id, version) -> that questionnaire, or None when no file has it.
QuestionnaireFinder = Callable[[str, int], Questionnaire | None]

UNKNOWN_ANSWER = "unknown"  # how a record stores "I don't know"


class Verdict(StrEnum):
    """How an area's level moved between two diagnoses."""

    PROGRESSED = "progressed"
    REGRESSED = "regressed"
    UNCHANGED = "unchanged"
    NOT_ASKED = "not_asked"  # the area is in only one of the two versions
    NOT_ENOUGH = "not_enough"  # no level on one side: too few sure answers


class Holding(StrEnum):
    """What one diagnosis says about one equipment item."""

    HAS = "has"
    HAS_NOT = "has_not"
    UNKNOWN = "unknown"  # "I don't know": never read as "has not"
    SKIPPED = "skipped"  # the question was not asked (skip logic)
    NOT_IN_VERSION = "not_in_version"  # that version has no such question or choice


class Change(StrEnum):
    """How an equipment item moved between two diagnoses."""

    GAINED = "gained"
    LOST = "lost"
    SAME = "same"
    UNKNOWN = "unknown"
    NOT_ASKED = "not_asked"  # on one side at least


@dataclass(frozen=True)
class DiagnosisInfo:
    code: str
    date: str  # YYYY-MM-DD
    questionnaire: str
    version: int


@dataclass(frozen=True)
class AreaComparison:
    area_id: str
    pictogram: str
    label: str
    before: int | None  # the level index; None when none was given or not asked
    after: int | None
    before_words: str  # the level's label, "to look at together", or "not in this version"
    after_words: str
    in_before: bool  # whether the version answered before has this area
    in_after: bool
    verdict: Verdict
    verdict_words: str


@dataclass(frozen=True)
class ItemComparison:
    question_id: str
    question_label: str
    choice_id: str
    pictogram: str
    label: str  # the choice's summary, e.g. "Own smartphone"
    before: Holding
    after: Holding
    change: Change
    change_words: str


@dataclass(frozen=True)
class Comparison:
    before: DiagnosisInfo
    after: DiagnosisInfo
    areas: tuple[AreaComparison, ...]
    items: tuple[ItemComparison, ...]

    @property
    def same_version(self) -> bool:
        return (self.before.questionnaire, self.before.version) == (
            self.after.questionnaire,
            self.after.version,
        )


# -- finding the records and their questionnaires ---------------------------------------


def finder(questionnaires: Iterable[Questionnaire]) -> QuestionnaireFinder:
    """A lookup by (id, version), e.g. ``finder(library.questionnaires)``.

    `QuestionnaireLibrary.find` looks up the short code of a QR payload; a stored
    record names its questionnaire by id.
    """
    by_key = {(q.id, q.version): q for q in questionnaires}
    return lambda questionnaire_id, version: by_key.get((questionnaire_id, version))


def questionnaire_of(
    record: Mapping[str, Any], find: QuestionnaireFinder | None
) -> Questionnaire | None:
    """The questionnaire a record was answered with, when a file still has it."""
    questionnaire_id = record.get("questionnaire")
    version = record.get("questionnaire_version")
    if find is None or not isinstance(questionnaire_id, str) or not isinstance(version, int):
        return None
    return find(questionnaire_id, version)


# -- ids a later version renamed (`continues`) -------------------------------------------


@dataclass(frozen=True)
class Renames:
    """Question and area ids of earlier versions -> the ids they have now."""

    questions: Mapping[str, str]
    areas: Mapping[str, str]

    def __bool__(self) -> bool:
        return bool(self.questions or self.areas)


def continued_ids(questionnaires: Iterable[Questionnaire]) -> Renames:
    """What each version says it `continues`, followed to the latest id (a -> b -> c)."""
    questions: dict[str, str] = {}
    areas: dict[str, str] = {}
    for questionnaire in questionnaires:
        for question in questionnaire.questions:
            if question.continues is not None:
                questions[question.continues] = question.id
        for area in questionnaire.scoring.areas:
            if area.continues is not None:
                areas[area.continues] = area.id
    return Renames(_followed(questions), _followed(areas))


def _followed(renames: dict[str, str]) -> dict[str, str]:
    def latest(name: str) -> str:
        seen = {name}
        while name in renames and renames[name] not in seen:
            name = renames[name]
            seen.add(name)
        return name

    return {old: latest(old) for old in renames}


def renamed_record(record: Mapping[str, Any], renames: Renames) -> Mapping[str, Any]:
    """A record whose answers and levels use today's ids."""
    if not renames:
        return record
    out = dict(record)
    for key, names in (("answers", renames.questions), ("levels", renames.areas)):
        values = record.get(key)
        if isinstance(values, Mapping):
            out[key] = {names.get(k, k): v for k, v in values.items()}
    return out


def renamed_version(questionnaire: Questionnaire, renames: Renames) -> Questionnaire:
    """A version whose questions and areas carry today's ids (for lining up only)."""
    if not renames:
        return questionnaire
    questions = tuple(
        q.model_copy(
            update={
                "id": renames.questions.get(q.id, q.id),
                "area": renames.areas.get(q.area, q.area) if q.area else None,
            }
        )
        for q in questionnaire.questions
    )
    areas = tuple(
        a.model_copy(update={"id": renames.areas.get(a.id, a.id)})
        for a in questionnaire.scoring.areas
    )
    scoring = questionnaire.scoring.model_copy(update={"areas": areas})
    return questionnaire.model_copy(update={"questions": questions, "scoring": scoring})


def diagnosis_order(record: Mapping[str, Any]) -> tuple[str, str]:
    """Sort key: by day, then by the moment it was saved (two on one day)."""
    return str(record.get("date", "")), str(record.get("created_at", ""))


def first_and_latest(
    records: Iterable[Mapping[str, Any]],
) -> tuple[Mapping[str, Any], Mapping[str, Any]] | None:
    """A person's first and latest diagnoses; None with fewer than two."""
    ordered = sorted(records, key=diagnosis_order)
    return (ordered[0], ordered[-1]) if len(ordered) >= 2 else None


def info_of(record: Mapping[str, Any]) -> DiagnosisInfo:
    version = record.get("questionnaire_version")
    return DiagnosisInfo(
        code=str(record.get("code", "")),
        date=str(record.get("date", "")),
        questionnaire=str(record.get("questionnaire", "")),
        version=version if isinstance(version, int) else 0,
    )


# -- levels -----------------------------------------------------------------------------


def levels_of(record: Mapping[str, Any]) -> Mapping[str, int | None]:
    """A record's levels: every area of its version, None where no level was given."""
    levels = record.get("levels")
    return levels if isinstance(levels, Mapping) else {}


def level_verdict(
    before: Mapping[str, int | None], after: Mapping[str, int | None], area_id: str
) -> Verdict:
    """How an area moved; a side without the area or without a level is no regression."""
    if area_id not in before or area_id not in after:
        return Verdict.NOT_ASKED
    first, latest = before[area_id], after[area_id]
    if not isinstance(first, int) or not isinstance(latest, int):
        return Verdict.NOT_ENOUGH
    if latest > first:
        return Verdict.PROGRESSED
    return Verdict.REGRESSED if latest < first else Verdict.UNCHANGED


def _ordered_union(*groups: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for group in groups for item in group))


def _level_words(questionnaire: Questionnaire, level: int | None, present: bool, lang: str) -> str:
    scoring = questionnaire.scoring
    if not present:
        return translate(lang, "compare.not_in_version")
    text = scoring.known_level(level)
    return text.label.in_language(lang) if text else translate(lang, "report.level", level=level)


def compare_areas(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    questionnaires: tuple[Questionnaire, ...],
    lang: str = "fr",
) -> tuple[AreaComparison, ...]:
    """Each area either diagnosis has; ``questionnaires`` name them, the first preferred."""
    first, latest = levels_of(before), levels_of(after)
    known = (a.id for q in questionnaires for a in q.scoring.areas)
    present = set(first) | set(latest)
    rows = []
    for area_id in _ordered_union(known, first, latest):
        if area_id not in present:
            continue
        area = next((a for q in questionnaires for a in q.scoring.areas if a.id == area_id), None)
        verdict = level_verdict(first, latest, area_id)
        wording = questionnaires[0]
        rows.append(
            AreaComparison(
                area_id=area_id,
                pictogram=area.pictogram if area else "",
                label=area.label.in_language(lang) if area else area_id,
                before=first.get(area_id),
                after=latest.get(area_id),
                before_words=_level_words(wording, first.get(area_id), area_id in first, lang),
                after_words=_level_words(wording, latest.get(area_id), area_id in latest, lang),
                in_before=area_id in first,
                in_after=area_id in latest,
                verdict=verdict,
                verdict_words=translate(lang, f"compare.{verdict.value}"),
            )
        )
    return tuple(rows)


# -- equipment --------------------------------------------------------------------------


def holding(
    record: Mapping[str, Any],
    version: Questionnaire | None,
    question_id: str,
    choice_id: str,
) -> Holding:
    """What a record says of one choice; ``version`` is its questionnaire, if known."""
    if version is not None:
        question = next((q for q in version.questions if q.id == question_id), None)
        if question is None or choice_id not in {c.id for c in question.choices}:
            return Holding.NOT_IN_VERSION
    answers = record.get("answers")
    value = answers.get(question_id) if isinstance(answers, Mapping) else None
    if value is None:
        return Holding.SKIPPED
    if value == UNKNOWN_ANSWER:
        return Holding.UNKNOWN
    return Holding.HAS if choice_id in value else Holding.HAS_NOT


def change_of(before: Holding, after: Holding) -> Change:
    absent = (Holding.SKIPPED, Holding.NOT_IN_VERSION)
    if before in absent or after in absent:
        return Change.NOT_ASKED
    if Holding.UNKNOWN in (before, after):
        return Change.UNKNOWN
    if before is after:
        return Change.SAME
    return Change.GAINED if after is Holding.HAS else Change.LOST


def _picked(record: Mapping[str, Any], question_id: str) -> list[str]:
    answers = record.get("answers")
    value = answers.get(question_id) if isinstance(answers, Mapping) else None
    return [c for c in value if isinstance(c, str)] if isinstance(value, list) else []


def _question(questionnaires: tuple[Questionnaire, ...], question_id: str) -> Question | None:
    return next((q for v in questionnaires for q in v.questions if q.id == question_id), None)


def _choice(
    questionnaires: tuple[Questionnaire, ...], question_id: str, choice_id: str
) -> Choice | None:
    for version in questionnaires:
        for question in version.questions:
            if question.id == question_id:
                found = next((c for c in question.choices if c.id == choice_id), None)
                if found is not None:
                    return found
    return None


def compare_equipment(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    versions: tuple[Questionnaire | None, Questionnaire | None],
    questionnaires: tuple[Questionnaire, ...],
    lang: str = "fr",
) -> tuple[ItemComparison, ...]:
    """Each equipment choice of either version (or of ``questionnaires`` when a version
    is unknown), and any choice a record holds that no file names, by its id."""
    # A version no file has: the current questionnaire says what it probably asked.
    sides = [v if v is not None else questionnaires[0] for v in versions]
    in_sides = {q.id for v in sides for q in v.equipment_questions}
    # In the current file's order first, then an older version's.
    known = (q.id for v in (*questionnaires[:1], *sides) for q in v.equipment_questions)
    asked = [q for q in _ordered_union(known) if q in in_sides]
    rows = []
    for question_id in asked:
        question = _question(questionnaires, question_id)
        question_label = (question.summary or question.text).in_language(lang) if question else ""
        offered = (
            c.id for v in sides for q in v.questions if q.id == question_id for c in q.choices
        )
        picked = (*_picked(before, question_id), *_picked(after, question_id))
        for choice_id in _ordered_union(offered, picked):
            choice = _choice(questionnaires, question_id, choice_id)
            first = holding(before, versions[0], question_id, choice_id)
            latest = holding(after, versions[1], question_id, choice_id)
            change = change_of(first, latest)
            rows.append(
                ItemComparison(
                    question_id=question_id,
                    question_label=question_label or question_id,
                    choice_id=choice_id,
                    pictogram=choice.pictogram if choice else "",
                    label=choice.summary_in(lang) if choice else choice_id,
                    before=first,
                    after=latest,
                    change=change,
                    change_words=translate(lang, f"compare.{change.value}"),
                )
            )
    return tuple(rows)


# -- both together ----------------------------------------------------------------------


def compare(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    current: Questionnaire,
    *,
    find: QuestionnaireFinder | None = None,
    lang: str = "fr",
) -> Comparison:
    """Two diagnoses of one person, ``before`` the earlier.

    Labels come from ``current`` first, then from each record's own version (found
    with ``find``), then the bare id: nothing a record holds is left out.
    """
    found = (questionnaire_of(before, find), questionnaire_of(after, find))
    # A question or an area a later version renamed lines up with its old answers.
    renames = continued_ids((current, *(v for v in found if v is not None)))
    first, latest = (None if v is None else renamed_version(v, renames) for v in found)
    versions = (first, latest)
    before, after = renamed_record(before, renames), renamed_record(after, renames)
    wording = (renamed_version(current, renames), *(v for v in versions if v is not None))
    return Comparison(
        before=info_of(before),
        after=info_of(after),
        areas=compare_areas(before, after, wording, lang),
        items=compare_equipment(before, after, versions, wording, lang),
    )

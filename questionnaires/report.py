"""What a result says, in words: for the person's result screen and the adviser's report.

The screen and the adviser read the same lines, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from questionnaires.model import QuestionKind
from questionnaires.result import Result, answer_to_json, format_result_code

LEVEL_DOTS = 4


@dataclass(frozen=True)
class Line:
    pictogram: str
    text: str


@dataclass(frozen=True)
class LevelLine:
    area_id: str
    pictogram: str
    area: str
    level: int | None  # 0-3, None when too many answers were "I don't know"
    level_pictogram: str
    level_label: str  # kind words for the person
    level_detail: str  # what it means for support, for the adviser
    mean: float
    unknown: int

    @property
    def dots(self) -> str:
        filled = 0 if self.level is None else self.level + 1
        return "●" * filled + "○" * (LEVEL_DOTS - filled)


def _answered_in_section(result: Result, section: str, lang: str) -> list[Line]:
    questionnaire = result.questionnaire
    lines = []
    for question in questionnaire.questions:
        answer = result.answers.get(question.id)
        if question.section != section or answer is None or answer.unknown:
            continue
        for choice in questionnaire.choices_of(question):
            if choice.id in answer.choices:
                lines.append(Line(choice.pictogram, choice.summary_in(lang)))
    return lines


def equipment_lines(result: Result, lang: str) -> list[Line]:
    return _answered_in_section(result, "equipment", lang)


def level_lines(result: Result, lang: str) -> list[LevelLine]:
    scores = result.scores
    questionnaire = result.questionnaire
    lines = []
    for area in questionnaire.scoring.areas:
        level = scores.levels[area.id]
        scoring = questionnaire.scoring
        spec = scoring.undetermined if level is None else scoring.levels[level]
        lines.append(
            LevelLine(
                area_id=area.id,
                pictogram=area.pictogram,
                area=area.label.in_language(lang),
                level=level,
                level_pictogram=spec.pictogram,
                level_label=spec.label.in_language(lang),
                level_detail=spec.detail.in_language(lang),
                mean=scores.means[area.id],
                unknown=scores.unknown[area.id],
            )
        )
    return lines


def channel_lines(result: Result, lang: str) -> list[Line]:
    by_id = {c.id: c for c in result.questionnaire.scoring.channels}
    return [
        Line(by_id[c].pictogram, by_id[c].label.in_language(lang)) for c in result.scores.channels
    ]


def next_step_lines(result: Result, lang: str) -> list[Line]:
    by_id = {s.id: s for s in result.questionnaire.scoring.next_steps}
    return [
        Line(by_id[s].pictogram, by_id[s].label.in_language(lang)) for s in result.scores.next_steps
    ]


_HEADINGS = {
    "fr": {
        "title": "Bilan numérique",
        "code": "Code",
        "date": "Date",
        "unknown_date": "inconnue (l'horloge de la borne était fausse)",
        "questionnaire": "Questionnaire",
        "equipment": "Matériel et connexion",
        "levels": "Niveaux par domaine",
        "barriers": "Difficultés",
        "wishes": "Envies",
        "help": "Aide pour les démarches",
        "chosen": "Moyens choisis",
        "contact": "Moyens de contact qui marchent",
        "next": "Orientations",
        "answers": "Réponses détaillées",
        "unknown": "ne sait pas",
        "unknown_count": "« je ne sais pas »",
        "none": "aucune",
        "not_asked": "non posée",
        "no_answer": "pas de réponse",
    },
    "en": {
        "title": "Digital check-up",
        "code": "Code",
        "date": "Date",
        "unknown_date": "unknown (the kiosk's clock was wrong)",
        "questionnaire": "Questionnaire",
        "equipment": "Equipment and connection",
        "levels": "Level per area",
        "barriers": "Difficulties",
        "wishes": "Wishes",
        "help": "Help with procedures",
        "chosen": "Channels chosen",
        "contact": "Channels that work",
        "next": "Next steps",
        "answers": "All answers",
        "unknown": "doesn't know",
        "unknown_count": "“I don't know”",
        "none": "none",
        "not_asked": "not asked",
        "no_answer": "no answer",
    },
}


def _colon(lang: str) -> str:
    return "\u00a0: " if lang == "fr" else ": "


def _given(result: Result, question_id: str, lang: str) -> str:
    """One answer in words, for the adviser."""
    words = _HEADINGS.get(lang, _HEADINGS["fr"])
    questionnaire = result.questionnaire
    question = questionnaire.question(question_id)
    answer = result.answers.get(question_id)
    if answer is None:
        return words["not_asked"]
    if answer.unknown:
        return words["unknown"]
    labels = [
        c.summary_in(lang) for c in questionnaire.choices_of(question) if c.id in answer.choices
    ]
    return ", ".join(labels) or words["none"]


def _day(result: Result, words: dict[str, str]) -> str:
    day = result.known_day
    return words["unknown_date"] if day is None else day.isoformat()


def adviser_report(result: Result, lang: str = "fr") -> str:
    """The full report an adviser reads, as plain text."""
    words = _HEADINGS.get(lang, _HEADINGS["fr"])
    colon = _colon(lang)
    questionnaire = result.questionnaire
    scores = result.scores
    out = [
        f"{words['title']} — {words['code']} {format_result_code(result.code)}",
        f"{words['date']}{colon}{_day(result, words)}    "
        f"{words['questionnaire']}{colon}{questionnaire.id} v{questionnaire.version}",
        "",
        f"## {words['equipment']}",
    ]
    equipment = equipment_lines(result, lang)
    out += [f"  {line.pictogram} {line.text}" for line in equipment] or [f"  {words['no_answer']}"]
    out += ["", f"## {words['levels']}"]
    levels = level_lines(result, lang)
    width = max(len(line.area) for line in levels)
    for line in levels:
        area = questionnaire.area(line.area_id)
        unknown = f", {line.unknown} {words['unknown_count']}" if line.unknown else ""
        out.append(
            f"  {line.pictogram} {line.area:<{width}}  {line.dots}  {line.level_detail}"
            f"  (DigComp {area.digcomp}, Pix {area.pix}; {line.mean:.2f}/3{unknown})"
        )
    for section in ("barriers", "wishes", "help"):
        given = [
            f"{q.pictogram} {_given(result, q.id, lang)}"
            for q in questionnaire.questions
            if q.section == section
        ]
        if given:
            out += ["", f"## {words[section]}", *(f"  {g}" for g in given)]
    contact_questions = [q for q in questionnaire.questions if q.section == "contact"]
    out += ["", f"## {words['contact']}"]
    out += [f"  {line.pictogram} {line.text}" for line in channel_lines(result, lang)]
    out += [f"  ({words['chosen']}{colon}{_given(result, q.id, lang)})" for q in contact_questions]
    out += ["", f"## {words['next']}"]
    by_id = {s.id: s for s in questionnaire.scoring.next_steps}
    out += [
        f"  {i}. {by_id[step].pictogram} {by_id[step].label.in_language(lang)}"
        for i, step in enumerate(scores.all_next_steps, start=1)
    ]
    out += ["", f"## {words['answers']}"]
    for question in questionnaire.questions:
        codes = (
            f" [DigComp {question.digcomp} · Pix {question.pix}]"
            if question.kind is QuestionKind.SCALE
            else ""
        )
        out.append(f"  {question.pictogram} {question.text.in_language(lang)}{codes}")
        out.append(f"      → {_given(result, question.id, lang)}")
    return "\n".join(out)


def report_json(result: Result) -> dict[str, Any]:
    """The same report for machines: stable ids, no translated words."""
    scores = result.scores
    return {
        "code": result.code,
        "date": None if result.known_day is None else result.known_day.isoformat(),
        "questionnaire": result.questionnaire.id,
        "questionnaire_version": result.questionnaire.version,
        "answers": {qid: answer_to_json(a) for qid, a in result.answers.items()},
        "levels": scores.levels,
        "means": scores.means,
        "channels": list(scores.channels),
        "next_steps": list(scores.all_next_steps),
    }

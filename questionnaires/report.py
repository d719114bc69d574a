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
    level: int  # 0-3
    level_pictogram: str
    level_label: str  # kind words for the person
    level_detail: str  # what it means for support, for the adviser
    mean: float

    @property
    def dots(self) -> str:
        return "●" * (self.level + 1) + "○" * (LEVEL_DOTS - self.level - 1)


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
        spec = questionnaire.scoring.levels[level]
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
        "questionnaire": "Questionnaire",
        "equipment": "Matériel et connexion",
        "levels": "Niveaux par domaine",
        "answers": "Réponses détaillées",
        "contact": "Pour le joindre",
        "next": "Orientations proposées",
        "unknown": "ne sait pas",
        "none": "aucune",
        "not_asked": "non posée",
    },
    "en": {
        "title": "Digital check-up",
        "code": "Code",
        "date": "Date",
        "questionnaire": "Questionnaire",
        "equipment": "Equipment and connection",
        "levels": "Level per area",
        "answers": "All answers",
        "contact": "How to reach them",
        "next": "Suggested next steps",
        "unknown": "doesn't know",
        "none": "none",
        "not_asked": "not asked",
    },
}


def adviser_report(result: Result, lang: str = "fr") -> str:
    """The full report an adviser reads, as plain text."""
    words = _HEADINGS.get(lang, _HEADINGS["fr"])
    questionnaire = result.questionnaire
    out = [
        f"{words['title']} — {words['code']} {format_result_code(result.code)}",
        f"{words['date']}: {result.day.isoformat()}    "
        f"{words['questionnaire']}: {questionnaire.id} v{questionnaire.version}",
        "",
        f"## {words['equipment']}",
    ]
    out += [f"  {line.pictogram} {line.text}" for line in equipment_lines(result, lang)]
    out += ["", f"## {words['levels']}"]
    width = max(len(line.area) for line in level_lines(result, lang))
    for line in level_lines(result, lang):
        area = questionnaire.area(line.area_id)
        out.append(
            f"  {line.pictogram} {line.area:<{width}}  {line.dots}  {line.level_detail}"
            f"  (DigComp {area.digcomp}, Pix {area.pix}; {line.mean:.2f}/3)"
        )
    out += ["", f"## {words['contact']}"]
    out += [f"  {line.pictogram} {line.text}" for line in channel_lines(result, lang)]
    out += ["", f"## {words['next']}"]
    out += [
        f"  {i}. {line.pictogram} {line.text}"
        for i, line in enumerate(next_step_lines(result, lang), start=1)
    ]
    out += ["", f"## {words['answers']}"]
    for question in questionnaire.questions:
        answer = result.answers.get(question.id)
        if answer is None:
            given = words["not_asked"]
        elif answer.unknown:
            given = words["unknown"]
        else:
            labels = [
                c.label.in_language(lang)
                for c in questionnaire.choices_of(question)
                if c.id in answer.choices
            ]
            given = ", ".join(labels) or words["none"]
        codes = (
            f" [DigComp {question.digcomp} · Pix {question.pix}]"
            if question.kind is QuestionKind.SCALE
            else ""
        )
        out.append(f"  {question.pictogram} {question.text.in_language(lang)}{codes}")
        out.append(f"      → {given}")
    return "\n".join(out)


def report_json(result: Result) -> dict[str, Any]:
    """The same report for machines: stable ids, no translated words."""
    scores = result.scores
    return {
        "code": result.code,
        "date": result.day.isoformat(),
        "questionnaire": result.questionnaire.id,
        "questionnaire_version": result.questionnaire.version,
        "answers": {qid: answer_to_json(a) for qid, a in result.answers.items()},
        "levels": scores.levels,
        "means": scores.means,
        "channels": list(scores.channels),
        "next_steps": list(scores.next_steps),
    }

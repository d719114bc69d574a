"""Questionnaires as spreadsheets, the XLSForm way (ODK, KoboToolbox), both ways.

Many facilitators already write forms in a spreadsheet. A workbook has these sheets
(names and column headers in any case; unknown columns are refused by name, so a typo
is never silently dropped):

- ``survey``: one row per question, in order; ``begin_group`` / ``end_group`` rows
  make the sections. Columns: ``type`` (``select_one LIST``, ``select_multiple LIST``;
  ``select_one scale`` for a "can you do this?" question on the 4-step scale),
  ``name``, ``label::fr``, ``label::en``…, ``hint::…``, ``summary::…``, ``emoji``,
  ``image``, ``audio::fr``…, ``relevant`` (skip logic, see `questionnaires.expressions`),
  ``required`` (Diagnum always asks for an answer, "I don't know" included), ``area``,
  ``digcomp``, ``pix``, ``continues``.
- ``choices``: ``list_name``, ``name``, ``label::…``, ``summary::…``, ``emoji``,
  ``image``, ``audio::…``, ``exclusive`` (yes for "none of these"). The list named
  ``scale`` is the 4-step scale, in order.
- ``settings``: one row: ``form_id``, ``version``, ``default_language`` (fr),
  ``code``, ``title::…`` (or ``form_title``), and for Diagnum: ``min_known_share``,
  ``max_next_steps``, ``fallback_channel``, ``result_equipment`` (section names),
  ``result_pages`` (``equipment levels | channels next_steps``), ``photo``, ``no_photo``.
- ``scoring`` (optional): one row per level, area, channel or next step: ``type``
  (``level``, ``undetermined``, ``area``, ``channel``, ``next_step``), ``name``,
  ``label::…``, ``detail::…``, ``emoji``, ``image``, ``min_mean``, ``when`` (a rule, as
  an expression), ``continues``.
- ``cases`` (optional): one row per case: ``name``, one column per question answered
  (choice names separated by spaces, or dont_know), and ``expect_next_steps``,
  ``expect_offered``, ``expect_not_offered``, ``expect_channels``, ``expect_levels``
  (``devices=1 safety=undetermined``).

Languages come from the label columns: ``label::fr``, ``label::French (fr)``, or
``label`` alone for French. Every problem names its sheet, row and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from questionnaires.expressions import ExpressionError, parse, write
from questionnaires.model import (
    Choice,
    Condition,
    Illustrated,
    Question,
    QuestionKind,
    Questionnaire,
)
from questionnaires.problems import Loc, Words

SCALE_LIST = "scale"
_GROUP_TYPES = {"begin_group", "begin group", "end_group", "end group"}
_NAMES = {
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "english": "en",
    "anglais": "en",
    "arabic": "ar",
    "arabe": "ar",
}
_YES = {"yes", "true", "1", "oui", "vrai", "y"}
_NO = {"no", "false", "0", "non", "faux", "n", ""}
SURVEY_COLUMNS = {
    "type", "name", "label", "hint", "summary", "emoji", "image", "audio", "relevant",
    "required", "area", "digcomp", "pix", "continues",
}  # fmt: skip
CHOICE_COLUMNS = {"list_name", "name", "label", "summary", "emoji", "image", "audio", "exclusive"}
SETTINGS_COLUMNS = {
    "form_id", "version", "default_language", "code", "title", "form_title",
    "min_known_share", "max_next_steps", "fallback_channel", "result_equipment",
    "result_pages", "photo", "no_photo",
}  # fmt: skip
SCORING_COLUMNS = {
    "type", "name", "label", "detail", "emoji", "image", "audio", "min_mean", "when", "continues",
}  # fmt: skip
_EXPECT = ("next_steps", "offered", "not_offered", "channels", "levels")


@dataclass(frozen=True)
class Sheet:
    """A sheet as text cells: its header and its rows, each with its number (from 1)."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass(frozen=True)
class Place:
    """A cell: sheet, row (from 1), column (from 0) and its header."""

    sheet: str
    row: int
    column: int | None = None
    header: str = ""

    def words(self) -> Words:
        column = ""
        if self.column is not None:
            letter = column_letter(self.column)
            column = f", colonne {letter}" + (f" ({self.header})" if self.header else "")
        english = column.replace("colonne", "column")
        return Words(
            f"feuille {self.sheet}, ligne {self.row}{column}",
            f"sheet {self.sheet}, row {self.row}{english}",
        )


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class SheetProblem(Exception):
    """A workbook that cannot become a questionnaire; each problem names its cell."""

    def __init__(self, problems: list[tuple[Place, Words]]) -> None:
        super().__init__("; ".join(f"{p.words().en}: {w.en}" for p, w in problems))
        self.problems = problems


@dataclass
class _Row:
    place: Place
    cells: dict[str, str]
    columns: dict[str, int]

    def get(self, key: str) -> str:
        return self.cells.get(key, "").strip()

    def at(self, key: str) -> Place:
        index = self.columns.get(key)
        return Place(self.place.sheet, self.place.row, index, key if index is not None else "")


@dataclass
class _Reader:
    """Builds a questionnaire's data from the sheets, keeping where each part came from."""

    sheets: Mapping[str, Sheet]
    problems: list[tuple[Place, Words]] = field(default_factory=list)
    origins: dict[Loc, Place] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)

    def refuse(self, place: Place, fr: str, en: str) -> None:
        self.problems.append((place, Words(fr, en)))

    def rows(self, name: str, allowed: set[str]) -> list[_Row]:
        sheet = self.sheets.get(name)
        if sheet is None:
            return []
        columns: dict[str, int] = {}
        for index, raw in enumerate(sheet.header):
            key = _header_key(raw)
            if not key:
                continue
            base = key.split("::")[0]
            if base not in allowed:
                place = Place(sheet.name, 1, index, raw)
                known = ", ".join(sorted(allowed))
                self.refuse(
                    place,
                    f"colonne « {raw} » inconnue dans {sheet.name} (connues : {known})",
                    f"unknown column '{raw}' in {sheet.name} (known: {known})",
                )
                continue
            if key in columns:
                place = Place(sheet.name, 1, index, raw)
                self.refuse(
                    place,
                    f"la colonne « {raw} » est là deux fois",
                    f"column '{raw}' is there twice",
                )
            columns[key] = index
        rows = []
        for number, cells in sheet.rows:
            values = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}
            if any(v.strip() for v in values.values()):
                rows.append(_Row(Place(sheet.name, number), values, columns))
        return rows

    def came_from(self, loc: Loc, row: _Row, fields: Mapping[str, str] = {}) -> None:
        """Remember the row a part came from, and the column of each of its fields."""
        self.origins[loc] = row.place
        for name, column in fields.items():
            if column in row.columns:
                self.origins[(*loc, name)] = row.at(column)

    def texts(self, row: _Row, base: str) -> dict[str, str] | None:
        found = {}
        for key, value in row.cells.items():
            if key.split("::")[0] != base or not value.strip():
                continue
            language = key.split("::")[1] if "::" in key else "fr"
            found[language] = value.strip()
            if base == "label" and language not in self.languages:
                self.languages.append(language)
        return found or None

    def media(self, row: _Row) -> dict[str, Any]:
        media: dict[str, Any] = {"emoji": row.get("emoji")}
        if row.get("image"):
            media["image"] = row.get("image")
        audio = self.texts(row, "audio")
        if audio:
            media["audio"] = audio
        if not media["emoji"]:
            self.refuse(
                row.at("emoji"),
                "il manque l'emoji (colonne emoji) : chaque élément a un emoji",
                "the emoji is missing (column emoji): everything has an emoji",
            )
        return media

    def condition(self, row: _Row, column: str, *, scoring: bool) -> dict[str, Any] | None:
        text = row.get(column)
        if not text:
            return None
        try:
            condition = parse(text, scoring=scoring)
        except ExpressionError as error:
            place = row.at(column)
            where = Words(f" (caractère {error.column})", f" (character {error.column})")
            self.problems.append((place, error.words + where))
            return None
        return condition.model_dump(mode="json", by_alias=True, exclude_none=True)

    # -- the sheets ---------------------------------------------------------------------

    def read(self) -> dict[str, Any]:
        if "survey" not in self.sheets:
            self.refuse(
                Place("survey", 1),
                "le classeur n'a pas de feuille « survey » : une ligne par question",
                "the workbook has no 'survey' sheet: one row per question",
            )
            raise SheetProblem(self.problems)
        lists = self.choice_lists()
        data: dict[str, Any] = {}
        sections, questions = self.survey(lists)
        settings = self.settings(data)
        data.update(
            {
                "languages": self.languages or ["fr"],
                "sections": sections,
                "questions": questions,
            }
        )
        scale = lists.pop(SCALE_LIST, None)
        if scale is not None:
            data["scale"] = [{**c, "value": i} for i, (_, c) in enumerate(scale)]
            for index, (row, _) in enumerate(scale):
                self.came_from(("scale", index), row, _CHOICE_FIELDS)
        scoring = self.scoring()
        if scoring:
            data["scoring"] = {**scoring, **settings.pop("scoring", {})}
        elif settings.get("scoring"):
            data["scoring"] = settings.pop("scoring")
        if settings.get("result"):
            data["result"] = settings.pop("result")
        cases = self.cases()
        if cases:
            data["cases"] = cases
        if self.problems:
            raise SheetProblem(self.problems)
        return _ordered(data)

    def choice_lists(self) -> dict[str, list[tuple[_Row, dict[str, Any]]]]:
        lists: dict[str, list[tuple[_Row, dict[str, Any]]]] = {}
        for row in self.rows("choices", CHOICE_COLUMNS):
            name = row.get("list_name")
            if not name:
                self.refuse(
                    row.at("list_name"),
                    "il manque le nom de la liste (list_name)",
                    "the list's name is missing (list_name)",
                )
                continue
            choice: dict[str, Any] = {"id": row.get("name"), "media": self.media(row)}
            choice["label"] = self.texts(row, "label")
            summary = self.texts(row, "summary")
            if summary:
                choice["summary"] = summary
            exclusive = row.get("exclusive").lower()
            if exclusive in _YES:
                choice["exclusive"] = True
            elif exclusive not in _NO:
                self.refuse(
                    row.at("exclusive"), "exclusive vaut yes ou no", "exclusive is yes or no"
                )
            lists.setdefault(name, []).append((row, choice))
        return lists

    def survey(
        self, lists: Mapping[str, list[tuple[_Row, dict[str, Any]]]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        sections: list[dict[str, Any]] = []
        questions: list[dict[str, Any]] = []
        section: str | None = None
        for row in self.rows("survey", SURVEY_COLUMNS):
            kind = " ".join(row.get("type").split()).lower()
            if kind in _GROUP_TYPES:
                if kind.startswith("begin"):
                    section = row.get("name")
                    self.came_from(("sections", len(sections)), row, _SECTION_FIELDS)
                    sections.append(
                        {"id": section, "media": self.media(row), "label": self.texts(row, "label")}
                    )
                else:
                    section = None
                continue
            question = self.question(row, kind, lists, section)
            if question is not None:
                loc: Loc = ("questions", len(questions))
                self.came_from(loc, row, _QUESTION_FIELDS)
                for index, (choice_row, _) in enumerate(lists.get(_list_of(kind), [])):
                    self.came_from((*loc, "choices", index), choice_row, _CHOICE_FIELDS)
                questions.append(question)
        return sections, questions

    def question(
        self,
        row: _Row,
        kind: str,
        lists: Mapping[str, list[tuple[_Row, dict[str, Any]]]],
        section: str | None,
    ) -> dict[str, Any] | None:
        match = re.fullmatch(r"(select_one|select_multiple)\s+(\S+)", kind)
        if match is None:
            self.refuse(
                row.at("type"),
                f"le type « {row.get('type')} » n'est pas une question que Diagnum pose : "
                "select_one LISTE, select_multiple LISTE, begin_group ou end_group",
                f"type '{row.get('type')}' is not a question Diagnum asks: select_one LIST, "
                "select_multiple LIST, begin_group or end_group",
            )
            return None
        if section is None:
            self.refuse(
                row.at("type"),
                "cette question n'est dans aucune section : mettez une ligne begin_group avant",
                "this question is in no section: put a begin_group row before it",
            )
        single, list_name = match.group(1) == "select_one", match.group(2)
        question: dict[str, Any] = {"id": row.get("name")}
        choices = None
        if list_name == SCALE_LIST and single:
            question["kind"] = QuestionKind.SCALE.value
        else:
            question["kind"] = (QuestionKind.SINGLE if single else QuestionKind.MULTI).value
            if list_name not in lists:
                self.refuse(
                    row.at("type"),
                    f"la liste « {list_name} » n'est pas dans la feuille choices",
                    f"list '{list_name}' is not in the choices sheet",
                )
            choices = [choice for _, choice in lists.get(list_name, [])]
        question["section"] = section or ""
        question["media"] = self.media(row)
        for name in ("label", "hint", "summary"):
            texts = self.texts(row, name)
            if texts:
                question["text" if name == "label" else name] = texts
        for name in ("area", "digcomp", "pix", "continues"):
            if row.get(name):
                question[name] = row.get(name)
        condition = self.condition(row, "relevant", scoring=False)
        if condition is not None:
            question["show_if"] = condition
        if choices is not None:  # last, as a file reads: the question, then its answers
            question["choices"] = choices
        return question

    def settings(self, data: dict[str, Any]) -> dict[str, Any]:
        rows = self.rows("settings", SETTINGS_COLUMNS)
        if not rows:
            self.refuse(
                Place("settings", 2),
                "il manque la feuille settings (form_id, version, code…) ou sa ligne",
                "the settings sheet (form_id, version, code…) or its row is missing",
            )
            return {}
        row = rows[0]
        self.came_from((), row)
        for name, column in _SETTINGS_FIELDS.items():
            if column in row.columns:
                self.origins[(name,)] = row.at(column)
        data["id"] = row.get("form_id")
        data["code"] = row.get("code").upper()
        data["version"] = self.number(row, "version", whole=True)
        title = self.texts(row, "title") or (
            {"fr": row.get("form_title")} if row.get("form_title") else None
        )
        data["title"] = title
        language = row.get("default_language").lower()
        if language and _language_code(language) != "fr":
            self.refuse(
                row.at("default_language"),
                "les questionnaires Diagnum sont d'abord en français : default_language vaut fr",
                "Diagnum questionnaires are French first: default_language is fr",
            )
        extra: dict[str, Any] = {}
        scoring = {}
        for name in ("min_known_share", "max_next_steps"):
            if row.get(name):
                scoring[name] = self.number(row, name, whole=name == "max_next_steps")
        if row.get("fallback_channel"):
            scoring["fallback_channel"] = row.get("fallback_channel")
        if scoring:
            extra["scoring"] = scoring
        result: dict[str, Any] = {}
        if row.get("result_equipment"):
            result["equipment"] = row.get("result_equipment").replace(",", " ").split()
        if row.get("result_pages"):
            result["pages"] = [page.split() for page in row.get("result_pages").split("|")]
        for name in ("photo", "no_photo"):
            condition = self.condition(row, name, scoring=False)
            if condition is not None:
                result[name] = condition
        if result:
            extra["result"] = result
        return extra

    def number(self, row: _Row, name: str, *, whole: bool) -> int | float | str:
        text = row.get(name).replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):  # "inf" and "nan" are no number of a questionnaire
            self.refuse(
                row.at(name), f"« {text} » n'est pas un nombre", f"'{text}' is not a number"
            )
            return text
        if whole:
            if value != int(value):
                self.refuse(
                    row.at(name), f"« {text} » : un nombre entier", f"'{text}': a whole number"
                )
            return int(value)
        return value

    def scoring(self) -> dict[str, Any]:
        scoring: dict[str, Any] = {}
        for row in self.rows("scoring", SCORING_COLUMNS):
            kind = row.get("type").lower()
            item: dict[str, Any] = {"media": self.media(row), "label": self.texts(row, "label")}
            if kind in ("level", "undetermined"):
                item["detail"] = self.texts(row, "detail")
                if kind == "undetermined":
                    scoring["undetermined"] = item
                    self.came_from(("scoring", "undetermined"), row, _OUTCOME_FIELDS)
                    continue
                item["min_mean"] = self.number(row, "min_mean", whole=False)
                self._add(scoring, "levels", item, row)
                continue
            if kind not in ("area", "channel", "next_step"):
                self.refuse(
                    row.at("type"),
                    f"le type « {kind} » n'existe pas dans scoring : level, undetermined, area, "
                    "channel ou next_step",
                    f"type '{kind}' does not exist in scoring: level, undetermined, area, "
                    "channel or next_step",
                )
                continue
            item = {"id": row.get("name"), **item}
            if kind == "area":
                if row.get("continues"):
                    item["continues"] = row.get("continues")
                self._add(scoring, "areas", item, row)
                continue
            if not row.get("when"):
                self.refuse(
                    row.at("when"), "il manque la règle (when)", "the rule (when) is missing"
                )
            item["when"] = self.condition(row, "when", scoring=True) or {"always": True}
            self._add(scoring, "channels" if kind == "channel" else "next_steps", item, row)
        return scoring

    def _add(self, scoring: dict[str, Any], key: str, item: dict[str, Any], row: _Row) -> None:
        items = scoring.setdefault(key, [])
        self.came_from(("scoring", key, len(items)), row, _OUTCOME_FIELDS)
        items.append(item)

    def cases(self) -> list[dict[str, Any]]:
        sheet = self.sheets.get("cases")
        if sheet is None:
            return []
        allowed = {"name", *(f"expect_{e}" for e in _EXPECT)}
        # Every other column is a question's answers; a header that cannot be an id
        # (with "::") is refused by `rows`, and answers nothing.
        questions = {_header_key(h) for h in sheet.header} - allowed - {""}
        questions = {q for q in questions if "::" not in q}
        cases: list[dict[str, Any]] = []
        for row in self.rows("cases", allowed | questions):
            answers: dict[str, Any] = {}
            for question in sorted(questions & set(row.columns), key=lambda q: row.columns[q]):
                given = row.get(question)
                if given:
                    answers[question] = given if given == "dont_know" else given.split()
            expect: dict[str, Any] = {}
            for name in _EXPECT:
                value = row.get(f"expect_{name}")
                if value and name == "levels":
                    expect[name] = _levels(value)
                elif value:
                    expect[name] = value.replace(",", " ").split()
            self.came_from(("cases", len(cases)), row, {"name": "name"})
            for question in answers:
                self.origins[("cases", len(cases), "answers", question)] = row.at(question)
            cases.append({"name": row.get("name"), "answers": answers, "expect": expect})
        return cases


_TEXT_FIELDS = {"label": "label::fr", "summary": "summary::fr", "media": "emoji", "id": "name"}
_SECTION_FIELDS = {"id": "name", "label": "label::fr", "media": "emoji"}
_QUESTION_FIELDS = {
    **_TEXT_FIELDS,
    "text": "label::fr",
    "hint": "hint::fr",
    "kind": "type",
    "choices": "type",
    "show_if": "relevant",
    "area": "area",
    "digcomp": "digcomp",
    "pix": "pix",
    "continues": "continues",
}
_CHOICE_FIELDS = {**_TEXT_FIELDS, "exclusive": "exclusive"}
_OUTCOME_FIELDS = {**_TEXT_FIELDS, "detail": "detail::fr", "when": "when", "min_mean": "min_mean"}
_SETTINGS_FIELDS = {
    "id": "form_id",
    "code": "code",
    "version": "version",
    "title": "title::fr",
    "result": "result_pages",
}


def _list_of(kind: str) -> str:
    """The choice list a survey type names: "select_one smartphone" -> "smartphone"."""
    return kind.split()[-1] if " " in kind else ""


def _levels(text: str) -> dict[str, Any]:
    levels: dict[str, Any] = {}
    for part in text.replace(",", " ").split():
        area, _, level = part.partition("=")
        levels[area] = int(level) if level.isdecimal() and level.isascii() else level
    return levels


def _header_key(raw: str) -> str:
    """ "Label::French (fr)" -> "label::fr"; "label" -> "label"."""
    text = " ".join(str(raw).split()).lower()
    if "::" not in text:
        return text
    base, _, language = text.partition("::")
    return f"{base.strip()}::{_language_code(language.strip())}"


def _language_code(text: str) -> str:
    inside = re.search(r"\(([a-z]{2})\)", text)
    if inside:
        return inside.group(1)
    return _NAMES.get(text, text)


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    order = ["id", "code", "version", "languages", "title", "sections", "scale", "questions"]
    order += ["result", "scoring", "cases"]
    return {key: data[key] for key in order if key in data}


def read_workbook(sheets: Mapping[str, Sheet]) -> tuple[dict[str, Any], dict[Loc, Place]]:
    """A questionnaire's data from a workbook's sheets, and where each part came from;
    `SheetProblem` with every problem found."""
    lowered = {name.strip().lower(): sheet for name, sheet in sheets.items()}
    reader = _Reader(lowered)
    return reader.read(), reader.origins


def place_of(origins: Mapping[Loc, Place], loc: Loc) -> Place | None:
    """The cell a place of the questionnaire came from: the nearest part that has one."""
    for end in range(len(loc), 0, -1):
        found = origins.get(loc[:end])
        if found is not None:
            return found
    return None


# -- questionnaires to sheets -----------------------------------------------------------


def to_sheets(questionnaire: Questionnaire) -> dict[str, list[list[str]]]:
    """The workbook of a questionnaire: its sheets as rows of text, header first."""
    languages = list(questionnaire.languages)
    sheets = {
        "survey": _survey(questionnaire, languages),
        "choices": _choices(questionnaire, languages),
        "settings": _settings(questionnaire, languages),
    }
    if questionnaire.has_scoring:
        sheets["scoring"] = _scoring(questionnaire, languages)
    if questionnaire.cases:
        sheets["cases"] = _cases(questionnaire)
    return sheets


def _texts(base: str, text: Any, languages: list[str]) -> dict[str, str]:
    if text is None:
        return {}
    return {f"{base}::{lang}": value for lang, value in text.items() if lang in languages}


def _media(owner: Illustrated) -> dict[str, str]:
    cells = {"emoji": owner.media.emoji}
    if owner.media.image:
        cells["image"] = owner.media.image
    for language, path in (owner.media.audio or {}).items():
        cells[f"audio::{language}"] = path
    return cells


def _table(header: list[str], rows: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    rows = list(rows)
    used = [h for h in header if any(h in row for row in rows)]
    return [used, *([_cell(row.get(h)) for h in used] for row in rows)]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _columns(base: str, languages: list[str]) -> list[str]:
    return [f"{base}::{lang}" for lang in languages]


def _survey(q: Questionnaire, languages: list[str]) -> list[list[str]]:
    header = ["type", "name", *_columns("label", languages), *_columns("hint", languages)]
    header += [*_columns("summary", languages), "emoji", "image", *_columns("audio", languages)]
    header += ["relevant", "area", "digcomp", "pix", "continues"]
    rows: list[dict[str, Any]] = []
    for section in q.sections:
        asked = [question for question in q.questions if question.section == section.id]
        if not asked:
            continue
        rows.append(
            {
                "type": "begin_group",
                "name": section.id,
                **_texts("label", section.label, languages),
                **_media(section),
            }
        )
        rows += [_question_row(question, languages) for question in asked]
        rows.append({"type": "end_group", "name": section.id})
    return _table(header, rows)


def _question_row(question: Question, languages: list[str]) -> dict[str, Any]:
    if question.kind is QuestionKind.SCALE:
        kind = f"select_one {SCALE_LIST}"
    else:
        verb = "select_one" if question.kind is QuestionKind.SINGLE else "select_multiple"
        kind = f"{verb} {question.id}"
    row: dict[str, Any] = {"type": kind, "name": question.id}
    row.update(_texts("label", question.text, languages))
    row.update(_texts("hint", question.hint, languages))
    row.update(_texts("summary", question.summary, languages))
    row.update(_media(question))
    if question.show_if is not None:
        row["relevant"] = write(question.show_if)
    for name in ("area", "digcomp", "pix", "continues"):
        row[name] = getattr(question, name)
    return row


def _choices(q: Questionnaire, languages: list[str]) -> list[list[str]]:
    header = ["list_name", "name", *_columns("label", languages), *_columns("summary", languages)]
    header += ["emoji", "image", *_columns("audio", languages), "exclusive"]
    rows: list[dict[str, Any]] = []
    lists: list[tuple[str, tuple[Choice, ...]]] = [(SCALE_LIST, q.scale)] if q.scale else []
    lists += [(question.id, question.choices) for question in q.questions if question.choices]
    for list_name, choices in lists:
        for choice in choices:
            rows.append(
                {
                    "list_name": list_name,
                    "name": choice.id,
                    **_texts("label", choice.label, languages),
                    **_texts("summary", choice.summary, languages),
                    **_media(choice),
                    "exclusive": choice.exclusive or None,
                }
            )
    return _table(header, rows)


def _settings(q: Questionnaire, languages: list[str]) -> list[list[str]]:
    header = ["form_id", "version", "default_language", "code", *_columns("title", languages)]
    header += ["min_known_share", "max_next_steps", "fallback_channel"]
    header += ["result_equipment", "result_pages", "photo", "no_photo"]
    row: dict[str, Any] = {
        "form_id": q.id,
        "version": q.version,
        "default_language": "fr",
        "code": q.code,
        **_texts("title", q.title, languages),
    }
    scoring = q.scoring
    if q.has_scoring:
        row["min_known_share"] = scoring.min_known_share
        row["max_next_steps"] = scoring.max_next_steps
        row["fallback_channel"] = scoring.fallback_channel
    layout = q.result
    if layout.equipment is not None:
        row["result_equipment"] = " ".join(layout.equipment)
    if layout.pages is not None:
        row["result_pages"] = " | ".join(" ".join(page) for page in layout.pages)
    for name in ("photo", "no_photo"):
        condition: Condition | None = getattr(layout, name)
        if condition is not None:
            row[name] = write(condition)
    return _table(header, [row])


def _scoring(q: Questionnaire, languages: list[str]) -> list[list[str]]:
    header = ["type", "name", *_columns("label", languages), *_columns("detail", languages)]
    header += ["emoji", "image", *_columns("audio", languages), "min_mean", "when", "continues"]
    scoring = q.scoring
    rows: list[dict[str, Any]] = []
    for level in scoring.levels:
        rows.append(
            {
                "type": "level",
                **_texts("label", level.label, languages),
                **_texts("detail", level.detail, languages),
                **_media(level),
                "min_mean": level.min_mean,
            }
        )
    if scoring.undetermined is not None:
        undetermined = scoring.undetermined
        rows.append(
            {
                "type": "undetermined",
                **_texts("label", undetermined.label, languages),
                **_texts("detail", undetermined.detail, languages),
                **_media(undetermined),
            }
        )
    for area in scoring.areas:
        rows.append(
            {
                "type": "area",
                "name": area.id,
                **_texts("label", area.label, languages),
                **_media(area),
                "continues": area.continues,
            }
        )
    for kind, outcomes in (("channel", scoring.channels), ("next_step", scoring.next_steps)):
        for outcome in outcomes:
            rows.append(
                {
                    "type": kind,
                    "name": outcome.id,
                    **_texts("label", outcome.label, languages),
                    **_media(outcome),
                    "when": write(outcome.when),
                }
            )
    return _table(header, rows)


def _cases(q: Questionnaire) -> list[list[str]]:
    asked = [
        question.id for question in q.questions if any(question.id in c.answers for c in q.cases)
    ]
    header = ["name", *asked, *(f"expect_{name}" for name in _EXPECT)]
    rows = []
    for case in q.cases:
        row: dict[str, Any] = {"name": case.name}
        for qid, given in case.answers.items():
            row[qid] = given if isinstance(given, str) else " ".join(given)
        for name in _EXPECT:
            value = getattr(case.expect, name)
            if value is None:
                continue
            if name == "levels":
                row[f"expect_{name}"] = " ".join(f"{a}={v}" for a, v in value.items())
            else:
                row[f"expect_{name}"] = " ".join(value)
        rows.append(row)
    return _table(header, rows)


def sheet_of(name: str, rows: list[list[str]]) -> Sheet:
    """Rows of text (header first) as a `Sheet`, numbered as a spreadsheet shows them."""
    header, *body = rows or [[]]
    return Sheet(name, header, [(number, row) for number, row in enumerate(body, start=2)])


def problem_words(place: Place, words: Words) -> Words:
    """ "sheet survey, row 12, column F (relevant): message"."""
    return place.words() + Words(" : ", ": ") + words

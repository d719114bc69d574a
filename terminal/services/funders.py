"""The report a structure owes its funders (FSE+, département, PLIE) for a period.

How many people were diagnosed, how many are equipped and connected, at what level,
which next steps came up, which orientations the advisers chose, and how the levels of
followed people moved between their first and latest diagnosis.

Who is counted: each followed person (a record with a pathway reference) once, through
their latest diagnosis in the period; each result without a reference as one person,
since nothing tells two of them apart. "Diagnoses per month" counts every result.

The records are read once (`count_for_funders`, a single pass that keeps only counts
and each followed person's first and latest record), then worded in a language
(`funders_report`): switching language needs no second pass. Ids the current file does
not know (an older version's choice, area or step) keep their own row, named by their
id or by the older file when one is found. `write_csv` exports the table.

Small counts in a public export (one meant to leave the structure): every count from
1 to 4 is shown as "< 5" and its share blanked; zero stays 0. Where a section's rows
add up to a total published elsewhere in the report (a single-choice question, the
levels of an area, the orientations, the progress of an area, the results per month),
the hidden cells' sum can be worked out, so larger cells are hidden too ("hidden"),
smallest first, until no small count can be told exactly (`hidden_cells`). Not
covered: differences between two exports (overlapping periods, one structure's
report minus another's), between sections (an area's levels against its progress),
and a zero that says "everyone here has X". A public export of a small period or a
small structure should be read before it leaves.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TextIO

from questionnaires.model import Question, QuestionKind, Questionnaire
from terminal.i18n import translate
from terminal.services.compare import (
    QuestionnaireFinder,
    Verdict,
    continued_ids,
    diagnosis_order,
    level_verdict,
    levels_of,
    renamed_record,
)
from terminal.services.orientation import ORIENTATIONS, Orientation, orientation_of

# Row keys of the answers that are not choices, levels or kinds.
UNKNOWN = "unknown"  # "I don't know": never counted as "has not"
NOT_ASKED = "not_asked"  # the question was skipped for this person
NOT_IN_VERSION = "not_in_version"  # the version they answered has no such question/area
NOT_RECORDED = "not_recorded"  # no orientation recorded yet
UNDETERMINED = "undetermined"  # no level: "to look at together"
CANNOT_COMPARE = "cannot_compare"

# A count from 1 to 4 could single someone out: a public export shows it as "< 5".
SMALL = 5

_Layout = tuple[str, ...]  # the equipment question ids of one questionnaire version
_Record = Mapping[str, Any]


@dataclass
class _Pathway:
    """A followed person's diagnoses so far: only what the report needs."""

    first: _Record
    first_key: tuple[str, str]
    latest: _Record
    latest_key: tuple[str, str]
    orientation: Orientation | None


@dataclass
class FundersCounts:
    """Every figure of the report, by stable ids, before any wording."""

    since: date
    until: date
    results: int = 0  # diagnoses in the period
    people: int = 0  # each followed person once, each anonymous result once
    followed: int = 0
    compared: int = 0  # followed people with two diagnoses or more
    outside: int = 0  # records given that fall outside the period
    months: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    followed_months: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # question id -> choice id | UNKNOWN | NOT_ASKED -> people
    equipment: dict[str, defaultdict[str, int]] = field(default_factory=dict)
    # question id -> people whose version asks it (the rest: NOT_IN_VERSION)
    equipment_asked: dict[str, int] = field(default_factory=dict)
    # area id -> level index (None: no level) -> people
    levels: defaultdict[str, defaultdict[int | None, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    next_steps: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    orientations: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    progress: dict[str, dict[Verdict, int]] = field(default_factory=dict)
    # Other versions met, to name the ids the current file has lost.
    versions: list[Questionnaire] = field(default_factory=list)


# -- the one pass -------------------------------------------------------------------


class _Counter:
    """Reads records one by one into a `FundersCounts`."""

    def __init__(
        self, counts: FundersCounts, current: Questionnaire, find: QuestionnaireFinder | None
    ) -> None:
        self.counts = counts
        self.current = current
        self.find = find
        self.current_layout: _Layout = tuple(q.id for q in current.equipment_questions)
        self.renames = continued_ids([current])
        self.layouts: dict[tuple[Any, Any], _Layout] = {}
        self.layout_people: defaultdict[_Layout, int] = defaultdict(int)
        self.pathways: dict[str, _Pathway] = {}
        for question_id in self.current_layout:
            counts.equipment[question_id] = defaultdict(int)

    def read(self, records: Iterable[_Record]) -> None:
        counts = self.counts
        since, until = counts.since.isoformat(), counts.until.isoformat()
        months = counts.months
        for record in records:
            day = record.get("date")
            if day.__class__ is not str or not since <= day <= until:
                counts.outside += 1
                continue
            counts.results += 1
            month = day[:7]
            months[month] += 1
            person = record.get("person")
            if person.__class__ is str and person:
                self.follow(person, month, record)
            else:
                self.tally(record)
                self.tally_orientation(orientation_of(record) if "orientation" in record else None)

    def follow(self, person: str, month: str, record: _Record) -> None:
        self.counts.followed_months[month].add(person)
        orientation = orientation_of(record) if "orientation" in record else None
        key = diagnosis_order(record)
        pathway = self.pathways.get(person)
        if pathway is None:
            self.pathways[person] = _Pathway(record, key, record, key, orientation)
            return
        if key < pathway.first_key:
            pathway.first, pathway.first_key = record, key
        if key >= pathway.latest_key:
            pathway.latest, pathway.latest_key = record, key
        if orientation is not None and (
            pathway.orientation is None or orientation.day >= pathway.orientation.day
        ):
            pathway.orientation = orientation  # the adviser's latest decision wins

    def tally(self, record: _Record) -> None:
        """One person's latest diagnosis into the counts (the hot loop: kept flat)."""
        counts = self.counts
        counts.people += 1
        key = (record.get("questionnaire"), record.get("questionnaire_version"))
        layout = self.layouts.get(key) or self.layout_of(key)
        self.layout_people[layout] += 1
        answers = record.get("answers") or {}
        equipment = counts.equipment
        for question_id in layout:
            value = answers.get(question_id)
            tally = equipment[question_id]
            if value is None:
                tally[NOT_ASKED] += 1
            elif value.__class__ is str:  # "unknown": the only answer that is not a list
                tally[UNKNOWN] += 1
            else:
                for choice in value:
                    tally[choice] += 1
        levels = record.get("levels")
        if isinstance(levels, (dict, Mapping)):  # dict first: checked without the ABC
            tally_levels = counts.levels
            for area, level in levels.items():
                tally_levels[area][level] += 1
        steps = counts.next_steps
        for step in record.get("next_steps") or ():
            steps[step] += 1

    def tally_orientation(self, orientation: Orientation | None) -> None:
        self.counts.orientations[NOT_RECORDED if orientation is None else orientation.kind] += 1

    def layout_of(self, key: tuple[Any, Any]) -> _Layout:
        """The equipment questions of a version, worked out once per version."""
        layout = self.layouts[key] = self.new_layout(*key)
        return layout

    def new_layout(self, questionnaire_id: Any, version: Any) -> _Layout:
        current = self.current
        if (questionnaire_id, version) == (current.id, current.version) or self.find is None:
            return self.current_layout
        found = self.find(str(questionnaire_id), version) if isinstance(version, int) else None
        if found is None:
            return self.current_layout  # no file: the current one is the best guess
        self.counts.versions.append(found)
        layout = tuple(q.id for q in found.equipment_questions)
        for question_id in layout:
            self.counts.equipment.setdefault(question_id, defaultdict(int))
        return layout

    def finish(self) -> None:
        """The followed people's latest diagnoses, and how their levels moved."""
        counts = self.counts
        counts.followed = len(self.pathways)
        for pathway in self.pathways.values():
            self.tally(pathway.latest)
            self.tally_orientation(pathway.orientation)
            if pathway.first is not pathway.latest:
                self.tally_progress(pathway.first, pathway.latest)
        for layout, people in self.layout_people.items():
            for question_id in layout:
                asked = counts.equipment_asked
                asked[question_id] = asked.get(question_id, 0) + people

    def tally_progress(self, first: _Record, latest: _Record) -> None:
        self.counts.compared += 1
        # An area the current file renamed (`continues`) lines up with its old levels.
        renames = self.renames
        before = levels_of(renamed_record(first, renames))
        after = levels_of(renamed_record(latest, renames))
        for area in dict.fromkeys((*before, *after)):
            verdicts = self.counts.progress.setdefault(area, {})
            verdict = level_verdict(before, after, area)
            verdicts[verdict] = verdicts.get(verdict, 0) + 1


def count_for_funders(
    records: Iterable[Mapping[str, Any]],
    current: Questionnaire,
    *,
    since: date,
    until: date,
    find: QuestionnaireFinder | None = None,
) -> FundersCounts:
    """Every figure of the period [since, until], in one pass over ``records``.

    ``find`` (see `compare.finder`) tells which equipment questions an older version
    asked; without it, every record is read with the current file's questions.
    """
    counter = _Counter(FundersCounts(since, until), current, find)
    counter.read(records)
    counter.finish()
    return counter.counts


# -- the table ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    key: str  # a stable id: choice, level index, step, kind, month…
    label: str
    count: int
    share: float | None  # of the section's base, 0-1; None where a share means nothing


@dataclass(frozen=True)
class ReportSection:
    key: str  # e.g. "equipment.smartphone", "levels.devices", "months"
    title: str
    rows: tuple[ReportRow, ...]
    base: int  # what the shares are of
    # Whether each person (or result) is in exactly one row, so that the rows add up to
    # a total published elsewhere: a hidden cell could then be worked out.
    partition: bool

    def row(self, key: str) -> ReportRow:
        return next(r for r in self.rows if r.key == key)


@dataclass(frozen=True)
class FundersReport:
    since: date
    until: date
    language: str
    sections: tuple[ReportSection, ...]
    counts: FundersCounts
    questionnaire: Questionnaire

    def section(self, key: str) -> ReportSection:
        return next(s for s in self.sections if s.key == key)

    def in_language(self, lang: str) -> FundersReport:
        if lang == self.language:
            return self
        return funders_report(self.counts, self.questionnaire, lang)


def _rows(
    pairs: Iterable[tuple[str, str]], counts: Mapping[Any, int], base: int, *, shares: bool = True
) -> tuple[ReportRow, ...]:
    """(key, label) pairs with their counts and shares."""
    return tuple(
        ReportRow(
            key, label, counts.get(key, 0), counts.get(key, 0) / base if shares and base else None
        )
        for key, label in pairs
    )


def _day(day: date, lang: str) -> str:
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def _months(since: date, until: date) -> Iterator[str]:
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class _Wording:
    """Labels from the current file first, then from older versions, then the bare id."""

    def __init__(self, counts: FundersCounts, current: Questionnaire, lang: str) -> None:
        self.counts = counts
        self.versions = (current, *counts.versions)
        self.current = current
        self.lang = lang

    def words(self, key: str, **values: object) -> str:
        return translate(self.lang, key, **values)

    def question(self, question_id: str) -> Question | None:
        return next((q for v in self.versions for q in v.questions if q.id == question_id), None)

    def choice(self, question: Question | None, choice_id: str) -> str:
        if question is not None:
            for version in self.versions:
                for candidate in version.questions:
                    if candidate.id == question.id:
                        choice = next((c for c in candidate.choices if c.id == choice_id), None)
                        if choice is not None:
                            return choice.summary_in(self.lang)
        return choice_id

    def area(self, area_id: str) -> str:
        for version in self.versions:
            for area in version.scoring.areas:
                if area.id == area_id:
                    return area.label.in_language(self.lang)
        return area_id

    def step(self, step_id: str) -> str:
        for version in self.versions:
            for step in version.scoring.next_steps:
                if step.id == step_id:
                    return step.label.in_language(self.lang)
        return step_id

    def level(self, level: int | None) -> str:
        text = self.current.scoring.known_level(level)
        return (
            text.label.in_language(self.lang) if text else self.words("report.level", level=level)
        )


def _summary(w: _Wording) -> ReportSection:
    c = w.counts
    title = w.words("report.summary", since=_day(c.since, w.lang), until=_day(c.until, w.lang))
    figures = {"results": c.results, "people": c.people, "followed": c.followed}
    figures["compared"] = c.compared
    pairs = [(key, w.words(f"report.{key}")) for key in figures]
    return ReportSection("summary", title, _rows(pairs, figures, 0), 0, partition=False)


def _month_sections(w: _Wording) -> list[ReportSection]:
    c = w.counts
    months = list(_months(c.since, c.until))
    followed = {m: len(people) for m, people in c.followed_months.items()}
    pairs = [(m, m) for m in months]
    return [
        ReportSection(
            "months", w.words("report.months"), _rows(pairs, c.months, c.results), c.results, True
        ),
        ReportSection(
            "followed_months",
            w.words("report.followed_months"),
            _rows(pairs, followed, 0, shares=False),
            0,
            partition=False,
        ),
    ]


def _equipment_section(w: _Wording, question_id: str) -> ReportSection:
    c = w.counts
    tally = dict(c.equipment[question_id])
    tally[NOT_IN_VERSION] = c.people - c.equipment_asked.get(question_id, 0)
    question = w.question(question_id)
    known = [
        ch.id for v in w.versions for q in v.questions if q.id == question_id for ch in q.choices
    ]
    extra = sorted(
        k for k in tally if k not in known and k not in (UNKNOWN, NOT_ASKED, NOT_IN_VERSION)
    )
    pairs = [(k, w.choice(question, k)) for k in dict.fromkeys((*known, *extra))]
    pairs += [(UNKNOWN, w.words("report.unknown")), (NOT_ASKED, w.words("report.not_asked"))]
    if tally[NOT_IN_VERSION]:
        pairs.append((NOT_IN_VERSION, w.words("report.not_in_version")))
    name = (question.summary or question.text).in_language(w.lang) if question else question_id
    single = question is not None and question.kind is QuestionKind.SINGLE
    return ReportSection(
        f"equipment.{question_id}",
        w.words("report.equipment", question=name),
        _rows(pairs, tally, c.people),
        c.people,
        partition=single,
    )


def _level_section(w: _Wording, area_id: str) -> ReportSection:
    c = w.counts
    tally: dict[Any, int] = {
        str(k) if k is not None else UNDETERMINED: n for k, n in c.levels.get(area_id, {}).items()
    }
    tally[NOT_IN_VERSION] = c.people - sum(tally.values())
    indices = sorted(
        {
            *range(len(w.current.scoring.levels)),
            *(k for k in c.levels.get(area_id, {}) if isinstance(k, int)),
        }
    )
    pairs = [(str(i), w.level(i)) for i in indices]
    pairs.append((UNDETERMINED, w.level(None)))
    if tally[NOT_IN_VERSION]:
        pairs.append((NOT_IN_VERSION, w.words("report.not_in_version")))
    title = w.words("report.levels", area=w.area(area_id))
    return ReportSection(f"levels.{area_id}", title, _rows(pairs, tally, c.people), c.people, True)


def _steps_section(w: _Wording) -> ReportSection:
    c = w.counts
    order = {s.id: i for i, s in enumerate(w.current.scoring.next_steps)}
    ranked = sorted(c.next_steps, key=lambda s: (-c.next_steps[s], order.get(s, len(order)), s))
    pairs = [(s, w.step(s)) for s in ranked]
    title = w.words("report.next_steps")
    return ReportSection("next_steps", title, _rows(pairs, c.next_steps, c.people), c.people, False)


def _orientation_section(w: _Wording) -> ReportSection:
    c = w.counts
    pairs = [(kind, w.words(f"orientation.{kind}")) for kind in ORIENTATIONS]
    pairs.append((NOT_RECORDED, w.words("report.not_recorded")))
    title = w.words("report.orientations")
    return ReportSection(
        "orientations", title, _rows(pairs, c.orientations, c.people), c.people, True
    )


def _progress_section(w: _Wording, area_id: str) -> ReportSection:
    c = w.counts
    verdicts = c.progress.get(area_id, {})
    tally = {
        v.value: verdicts.get(v, 0)
        for v in (Verdict.PROGRESSED, Verdict.REGRESSED, Verdict.UNCHANGED)
    }
    tally[CANNOT_COMPARE] = verdicts.get(Verdict.NOT_ASKED, 0) + verdicts.get(Verdict.NOT_ENOUGH, 0)
    pairs = [(key, w.words(f"report.{key}")) for key in tally]
    title = w.words("report.progress", area=w.area(area_id))
    return ReportSection(
        f"progress.{area_id}", title, _rows(pairs, tally, c.compared), c.compared, True
    )


def funders_report(
    counts: FundersCounts, current: Questionnaire, lang: str = "fr"
) -> FundersReport:
    """The counts as a table: sections of rows (label, count, share), worded in ``lang``."""
    w = _Wording(counts, current, lang)
    areas = dict.fromkeys((*(a.id for a in current.scoring.areas), *counts.levels))
    progress = dict.fromkeys((*(a.id for a in current.scoring.areas), *counts.progress))
    sections = [
        _summary(w),
        *_month_sections(w),
        *(_equipment_section(w, q) for q in counts.equipment),
        *(_level_section(w, a) for a in areas),
        _steps_section(w),
        _orientation_section(w),
        *(_progress_section(w, a) for a in progress),
    ]
    return FundersReport(counts.since, counts.until, lang, tuple(sections), counts, current)


def build_funders_report(
    records: Iterable[Mapping[str, Any]],
    current: Questionnaire,
    *,
    since: date,
    until: date,
    find: QuestionnaireFinder | None = None,
    lang: str = "fr",
) -> FundersReport:
    """`count_for_funders` then `funders_report`: the records of [since, until], worded."""
    counts = count_for_funders(records, current, since=since, until=until, find=find)
    return funders_report(counts, current, lang)


# -- what may leave the structure -----------------------------------------------------


class Hidden(StrEnum):
    SMALL = "small"  # a count from 1 to 4, shown as "< 5"
    COMPLEMENT = "complement"  # a larger count hidden so that a small one cannot be worked out


def _pinned(small: list[int], complements: list[int]) -> bool:
    """Whether someone who knows the section's total could tell a hidden small count.

    They can work out the sum of the hidden cells (total minus the cells shown), and
    they know that each small one is 1 to 4 and each complement 5 or more. By symmetry,
    checking one small cell checks them all.
    """
    hidden = sum(small) + sum(complements)
    others = len(small) - 1
    fewest = others + SMALL * len(complements)
    most = hidden if complements else (SMALL - 1) * others
    return min(SMALL - 1, hidden - fewest) <= max(1, hidden - most)


def hidden_cells(section: ReportSection) -> dict[str, Hidden]:
    """The rows a public export hides, by key.

    Every count from 1 to 4 is hidden (zero is shown: it singles nobody out). In a
    section whose rows add up to a published total (`ReportSection.partition`), the
    hidden cells' sum is known too: then the smallest counts of 5 or more are hidden as
    well, one at a time, until no small count can be worked out from that sum.
    """
    hidden = {r.key: Hidden.SMALL for r in section.rows if 0 < r.count < SMALL}
    if not hidden or not section.partition:
        return hidden
    small = [r.count for r in section.rows if r.key in hidden]
    candidates = sorted((r for r in section.rows if r.count >= SMALL), key=lambda r: r.count)
    complements: list[int] = []
    for row in candidates:
        if not _pinned(small, complements):
            break
        hidden[row.key] = Hidden.COMPLEMENT
        complements.append(row.count)
    return hidden


@dataclass(frozen=True)
class ShownRow:
    """A row as drawn or exported: the count and share as text, hidden where they must be."""

    key: str
    label: str
    count: str
    share: str  # a percentage with one decimal, without the % sign; "" when none


def _percent(share: float | None, lang: str) -> str:
    if share is None:
        return ""
    text = f"{share * 100:.1f}"
    return text.replace(".", ",") if lang == "fr" else text


def shown_rows(section: ReportSection, *, public: bool, lang: str = "fr") -> tuple[ShownRow, ...]:
    """The section's rows as text; with ``public``, small counts and their complements
    are hidden (see `hidden_cells`) and their shares blanked."""
    hidden = hidden_cells(section) if public else {}
    words = {
        Hidden.SMALL: translate(lang, "report.fewer_than_five"),
        Hidden.COMPLEMENT: translate(lang, "report.hidden"),
    }
    return tuple(
        ShownRow(row.key, row.label, words[hidden[row.key]], "")
        if row.key in hidden
        else ShownRow(row.key, row.label, str(row.count), _percent(row.share, lang))
        for row in section.rows
    )


def write_csv(report: FundersReport, out: TextIO, *, public: bool, lang: str | None = None) -> None:
    """The report as CSV, one line per row: section, row, count, share (%), id.

    French (the default, or the report's language) is written as French spreadsheets
    read it: ";" between cells, a decimal comma. Open ``out`` with
    ``encoding="utf-8-sig"`` for spreadsheets that need the mark to see UTF-8.
    With ``public`` (an export that leaves the structure), see `hidden_cells`.
    """
    report = report.in_language(lang or report.language)
    lang = report.language
    writer = csv.writer(out, delimiter=";" if lang == "fr" else ",")
    headings = ("section", "row", "count", "share", "id")
    writer.writerow([translate(lang, f"report.csv.{h}") for h in headings])
    for section in report.sections:
        for row in shown_rows(section, public=public, lang=lang):
            writer.writerow(
                [section.title, row.label, row.count, row.share, f"{section.key}/{row.key}"]
            )

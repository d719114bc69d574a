"""A facilitator's tests of the rules: typical people and what the rules should give them.

A questionnaire file may list `cases:` (see `questionnaires.model.Case`): a person's
answers and the next steps, channels and levels expected. `run_cases` scores each one
as the kiosk would, and says what differs; the report shows the rules that fired with
their reasons, so a facilitator sees why.
"""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import DONT_KNOW, Case, Questionnaire
from questionnaires.problems import Words
from questionnaires.report import scoring_lines
from questionnaires.result import UNKNOWN_DAY, Result
from questionnaires.sheets import SheetError, read_sheet


@dataclass(frozen=True)
class CaseOutcome:
    case: Case
    failures: tuple[Words, ...]
    result: Result | None  # None: the answers could not be read
    ignored: tuple[str, ...]  # answers to questions this person would not be asked

    @property
    def passed(self) -> bool:
        return not self.failures


def run_cases(questionnaire: Questionnaire) -> list[CaseOutcome]:
    return [run_case(questionnaire, case) for case in questionnaire.cases]


def run_case(questionnaire: Questionnaire, case: Case) -> CaseOutcome:
    sheet = {
        qid: given if given == DONT_KNOW else ([given] if isinstance(given, str) else given)
        for qid, given in case.answers.items()
    }
    try:
        read = read_sheet(questionnaire, sheet)
    except SheetError as error:
        unread = Words(f"réponses illisibles : {error}", f"answers cannot be read: {error}")
        return CaseOutcome(case, (unread,), None, ())
    result = Result(questionnaire, "", UNKNOWN_DAY, read.answers)
    return CaseOutcome(case, tuple(_failures(case, result)), result, read.ignored)


def _failures(case: Case, result: Result) -> list[Words]:
    expect = case.expect
    scores = result.scores
    failures: list[Words] = []
    if expect.next_steps is not None and tuple(expect.next_steps) != scores.next_steps:
        failures.append(
            _differ(
                Words("étapes vues par la personne", "next steps the person sees"),
                scores.next_steps,
                expect.next_steps,
            )
        )
    for step in expect.offered or ():
        if step not in scores.all_next_steps:
            failures.append(
                Words(
                    f"l'étape « {step} » devrait être proposée, et ne l'est pas",
                    f"next step '{step}' should be offered, and is not",
                )
            )
    for step in expect.not_offered or ():
        if step in scores.all_next_steps:
            failures.append(
                Words(
                    f"l'étape « {step} » est proposée, et ne devrait pas l'être",
                    f"next step '{step}' is offered, and should not be",
                )
            )
    if expect.channels is not None and tuple(expect.channels) != scores.channels:
        failures.append(
            _differ(Words("moyens de contact", "channels"), scores.channels, expect.channels)
        )
    for area, level in (expect.levels or {}).items():
        found = scores.levels.get(area)
        wanted = None if level == "undetermined" else level
        if found != wanted:
            failures.append(
                Words(
                    f"niveau de « {area} » : {_level(found)} ; attendu : {_level(wanted)}",
                    f"level of '{area}': {_level(found)}; expected {_level(wanted)}",
                )
            )
    return failures


def _differ(what: Words, found: tuple[str, ...], expected: tuple[str, ...]) -> Words:
    got, wanted = ", ".join(found) or "-", ", ".join(expected) or "-"
    return Words(f"{what.fr} : {got} ; attendu : {wanted}", f"{what.en}: {got}; expected {wanted}")


def _level(level: int | str | None) -> str:
    return "undetermined" if level is None else str(level)


def case_lines(outcome: CaseOutcome, language: str = "fr", *, details: bool = False) -> list[str]:
    """A case's verdict, each difference on its own line, and, for a failed case (or
    with ``details``), the rules that fired and why."""
    mark = "✔" if outcome.passed else "✘"
    lines = [f"{mark} {outcome.case.name}"]
    lines += [f"    {failure.in_language(language)}" for failure in outcome.failures]
    if outcome.ignored:
        ignored = ", ".join(outcome.ignored)
        note = Words(
            f"réponses ignorées (questions non posées sur ce parcours) : {ignored}",
            f"answers ignored (questions not asked on this path): {ignored}",
        )
        lines.append(f"    {note.in_language(language)}")
    if outcome.result is not None and (details or not outcome.passed):
        fired = Words("Ce que les règles ont donné :", "What the rules gave:")
        lines.append(f"    {fired.in_language(language)}")
        lines += [f"      {line}" for line in scoring_lines(outcome.result, language)]
    return lines


def summary_line(outcomes: list[CaseOutcome], language: str = "fr") -> str:
    failed = sum(not o.passed for o in outcomes)
    total = len(outcomes)
    if not total:
        words = Words(
            "aucun cas : ajoutez une partie « cases: » au questionnaire",
            "no case: add a 'cases:' part to the questionnaire",
        )
    elif failed:
        words = Words(
            f"{failed} cas sur {total} ne donnent pas ce qui est attendu",
            f"{failed} of {total} cases do not give what is expected",
        )
    else:
        words = Words(
            f"les {total} cas donnent ce qui est attendu",
            f"all {total} cases give what is expected",
        )
    return words.in_language(language)

"""`diagnum questionnaire score`: score answer sheets against a questionnaire's rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from terminal.cli.base import EXIT_BAD_INPUT, fail
from terminal.printable import printable

if TYPE_CHECKING:
    from collections.abc import Iterable


def score_command(file: str, lines: Iterable[str], *, as_json: bool, language: str) -> int:
    """Score answer sheets, one JSON object per line; a bad sheet is reported in its
    place and never stops the others. Exit 2 if any sheet was refused."""
    import json

    from questionnaires.loading import QuestionnaireError, load_questionnaire
    from questionnaires.report import scoring_json, scoring_lines
    from questionnaires.result import UNKNOWN_DAY, Result
    from questionnaires.sheets import SheetError, read_sheet

    try:
        questionnaire = load_questionnaire(Path(file))
    except QuestionnaireError as error:
        return fail(str(error))
    refused = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            sheet = read_sheet(questionnaire, json.loads(line))
        except (SheetError, ValueError, RecursionError) as error:
            refused += 1
            reason = printable(_sheet_error(error))
            print(
                json.dumps({"sheet": number, "error": reason}) if as_json else f"{number}: {reason}"
            )
            continue
        result = Result(questionnaire, "", UNKNOWN_DAY, sheet.answers, language)
        if as_json:
            out = {
                "sheet": number,
                **scoring_json(result, language),
                "ignored": list(sheet.ignored),
            }
            print(json.dumps(out, ensure_ascii=False))
            continue
        print(f"── {number}")
        print("\n".join(scoring_lines(result, language)))
        if sheet.ignored:
            print(f"   ignored (not asked on this path): {', '.join(sheet.ignored)}")
    return EXIT_BAD_INPUT if refused else 0


def _sheet_error(error: Exception) -> str:
    from questionnaires.sheets import SheetError

    if isinstance(error, SheetError):
        return str(error)
    return "not a JSON object on one line"

"""`diagnum questionnaire import` and `export`: questionnaires to and from spreadsheets.

Import reads a workbook in the XLSForm style (`questionnaires.xlsform`) and checks the
questionnaire file it makes before writing it: every problem is told at its cell of the
workbook, in French or in English. A workbook with an error writes nothing; one with
only warnings is written, and a file already there is kept beside it, as
FILE.<moment>.bak.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from terminal.cli.base import fail, fix_first, usable
from terminal.printable import printable

if TYPE_CHECKING:
    from questionnaires.problems import Words
    from terminal.settings.model import KioskConfig


def import_command(source: Path, output: Path, config: KioskConfig, *, language: str) -> int:
    from questionnaires.loading import findings_of
    from questionnaires.problems import Words
    from questionnaires.xlsform import SheetProblem, place_of, problem_words, read_workbook
    from storage import StorageError
    from terminal.services.editing import check_text
    from terminal.services.in_use import library_of
    from terminal.services.spreadsheets import SpreadsheetError, read_sheets

    try:
        data, origins = read_workbook(read_sheets(source))
    except SpreadsheetError as error:
        return fail(error.words.in_language(language))
    except SheetProblem as error:
        for place, words in error.problems:
            _say(source, problem_words(place, words), language)
        return fail(_nothing_written(output).in_language(language))
    _rebase_media(data, source.parent, output.parent)
    _, findings = findings_of(data, output.parent)
    text = _imported_text(data, source, output)
    # Checked as the file it would be, before anything is written: a workbook with an
    # error never replaces a good file.
    problems = check_text(text, output, library_of(config)).problems
    errors = [p for p in problems if not p.warning]
    told = set()
    for finding in findings:  # each where the facilitator made it: its cell
        cell = place_of(origins, finding.loc)
        if cell is not None:
            kind = Words("attention : ", "warning: ") if finding.warning else Words("", "")
            _say(source, problem_words(cell, kind + finding.message), language)
            told.add(finding.message)
    for problem in problems:
        if problem.message in told:
            continue
        if errors:  # no file to point into: the workbook says it
            _say(source, problem.message, language)
        else:
            print(printable(problem.in_file(output, language)))
    if errors:
        return fail(_nothing_written(output).in_language(language))
    try:
        _write(output, text)
    except (StorageError, OSError) as error:
        return fail(str(error))
    written = Words(f"{output} écrit : aucune erreur", f"{output} written: no error")
    print(f"diagnum: {written.in_language(language)}", file=sys.stderr)
    return 0


def _say(source: Path, words: Words, language: str) -> None:
    print(printable(f"{source}: {words.in_language(language)}"))


def _nothing_written(output: Path) -> Words:
    from questionnaires.problems import Words

    return Words(
        f"rien n'est écrit dans {output} : corrigez le classeur, puis importez-le à nouveau",
        f"nothing was written to {output}: fix the workbook, then import it again",
    )


def _rebase_media(data: dict[str, Any], source: Path, target: Path) -> None:
    """Media paths are written from the workbook's folder: from the file's folder now."""
    if source.resolve() == target.resolve():
        return

    def rebase(node: Any) -> None:
        if isinstance(node, dict):
            media = node.get("media")
            if isinstance(media, dict):
                if isinstance(media.get("image"), str):
                    media["image"] = _relative(media["image"], source, target)
                for language, path in (media.get("audio") or {}).items():
                    media["audio"][language] = _relative(path, source, target)
            for value in node.values():
                rebase(value)
        elif isinstance(node, list):
            for value in node:
                rebase(value)

    rebase(data)


def _relative(path: str, source: Path, target: Path) -> str:
    absolute = (source / PurePosixPath(path)).resolve()
    return Path(os.path.relpath(absolute, target.resolve())).as_posix()


def _imported_text(data: dict[str, Any], source: Path, output: Path) -> str:
    from questionnaires.writing import yaml_text

    comments = (
        "yaml-language-server: $schema=questionnaire.schema.json",
        f"Imported by Diagnum from {source.name} on {date.today().isoformat()}.",
        "Check it: diagnum questionnaire validate " + output.name,
    )
    return yaml_text(data, comments)


def _write(output: Path, text: str) -> None:
    """The questionnaire file, written whole; a file already there is kept beside it,
    under the moment it was replaced (every import keeps the one before)."""
    from datetime import datetime

    from questionnaires.schema import schema_text
    from storage.atomic import atomic_write

    output.parent.mkdir(parents=True, exist_ok=True)
    if output.exists():
        moment = datetime.now().strftime("%Y%m%dT%H%M%S")
        kept = output.with_name(f"{output.name}.{moment}.bak")
        atomic_write(kept, output.read_bytes(), action="keep the file imported over")
    atomic_write(output, text.encode("utf-8"), action="write the import")
    schema = output.parent / "questionnaire.schema.json"
    if not schema.exists():  # what the first line points editors to
        atomic_write(schema, schema_text().encode("utf-8"), action="write the schema")


def export_command(source: Path, target: Path, *, language: str) -> int:
    from questionnaires.xlsform import to_sheets
    from terminal.services.spreadsheets import SpreadsheetError, write_xlsx

    questionnaire = usable(source, language)
    if questionnaire is None:
        return fix_first(source, language)
    try:
        write_xlsx(to_sheets(questionnaire), target)
    except SpreadsheetError as error:
        return fail(error.words.in_language(language))
    print(f"diagnum: {target}")
    return 0

"""`diagnum questionnaire …`: the facilitators' tools, from the command line.

    validate FILE...      every problem as FILE:LINE:COL: message (exit 2 on an error)
    schema [-o FILE]      the JSON Schema editors use to complete and check the file
    test FILE             run the file's cases: which failed, and why
    score FILE            score answer sheets read on standard input
    preview FILE          walk the kiosk on the file; nothing is saved
    publish FILE          keep it as a new version, used from the kiosk's next welcome
    versions              the published versions, and the one the kiosk uses
    use VERSION           go back (or forward) to a published version
    import FILE -o OUT    a spreadsheet (XLSForm style) to a questionnaire file
    export FILE --xlsx X  a questionnaire file to a spreadsheet

Every failure is one clear line, in French or in English (``--lang``), never a
traceback; a command that finds a problem exits 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from questionnaires.problems import Words
from terminal.cli.base import EXIT_BAD_INPUT, fail, fix_first, usable
from terminal.printable import printable
from terminal.services.in_use import library_of

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable

    from questionnaires.library import Library
    from terminal.settings.model import KioskConfig


def questionnaire_command(args: argparse.Namespace, config: KioskConfig) -> int:
    tool = args.tool
    if tool == "validate":
        return validate_command(
            args.files, config, language=args.lang, as_json=args.json, out=sys.stdout
        )
    if tool == "schema":
        return schema_command(args.output)
    if tool == "test":
        return test_command(args.file, language=args.lang, verbose=args.verbose)
    if tool == "score":
        return score_command(args.file, sys.stdin, as_json=args.json, language=args.lang)
    if tool == "preview":
        from terminal.cli.kiosk import run_preview

        return run_preview(Path(args.file), config, language=args.lang, shown_as=args.shown_as)
    if tool == "publish":
        return publish_command(args.file, config, language=args.lang)
    if tool == "versions":
        return versions_command(config, language=args.lang, as_json=args.json)
    if tool == "use":
        return use_command(args.version, args.id, config, language=args.lang)
    from terminal.cli.spreadsheets import export_command, import_command

    if tool == "import":
        return import_command(Path(args.file), Path(args.output), config, language=args.lang)
    return export_command(Path(args.file), Path(args.xlsx), language=args.lang)


def validate_command(
    files: list[str], config: KioskConfig, *, language: str, as_json: bool, out: TextIO
) -> int:
    """One line per problem, ``FILE:LINE:COL: message``; exit 2 if any is an error."""
    from terminal.services.editing import check_path

    library = library_of(config)
    failed = 0
    for name in files:
        checks = check_path(Path(name), library)
        failed += checks.checked.questionnaire is None or bool(checks.errors)
        for problem in checks.problems:
            if as_json:
                print(json.dumps({"file": name, **problem.to_json()}, ensure_ascii=False), file=out)
            else:
                print(printable(problem.in_file(name, language)), file=out)
    total = len(files)
    summary = (
        Words(
            f"{failed} fichier(s) sur {total} ont des erreurs",
            f"{failed} of {total} files have errors",
        )
        if failed
        else Words(
            f"{total} fichier(s) vérifié(s) : aucune erreur", f"{total} file(s) checked: no error"
        )
    )
    print(f"diagnum: {summary.in_language(language)}", file=sys.stderr)
    return EXIT_BAD_INPUT if failed else 0


def schema_command(output: str | None) -> int:
    from questionnaires.schema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        return fail(f"{output} cannot be written ({error.strerror})")
    return 0


def test_command(file: str, *, language: str, verbose: bool) -> int:
    """Run a questionnaire's cases; exit 2 if one fails or the file has an error."""
    from questionnaires.cases import case_lines, run_cases, summary_line

    questionnaire = usable(Path(file), language)
    if questionnaire is None:
        return fix_first(Path(file), language)
    outcomes = run_cases(questionnaire)
    for outcome in outcomes:
        print("\n".join(printable(line) for line in case_lines(outcome, language, details=verbose)))
    print(f"diagnum: {summary_line(outcomes, language)}", file=sys.stderr)
    return 0 if outcomes and all(o.passed for o in outcomes) else EXIT_BAD_INPUT


def score_command(file: str, lines: Iterable[str], *, as_json: bool, language: str) -> int:
    """Score answer sheets, one JSON object per line; a bad sheet is reported in its
    place and never stops the others. Exit 2 if any sheet was refused."""
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


def publish_command(file: str, config: KioskConfig, *, language: str) -> int:
    from questionnaires.library import PublishError

    try:
        version = library_of(config).publish(Path(file))
    except PublishError as error:
        return fail(error.words.in_language(language))
    said = Words(
        f"version {version.version} de « {version.id} » publiée dans {version.folder} ; la "
        "borne la prend à son prochain écran d'accueil",
        f"version {version.version} of '{version.id}' published in {version.folder}; the "
        "kiosk takes it at its next welcome screen",
    )
    print(said.in_language(language))
    _settings_first(config, language)
    return 0


def _settings_first(config: KioskConfig, language: str) -> None:
    """Say it when the kiosk's settings name a file: it comes before any publication."""
    if config.questionnaire is None:
        return
    path = config.questionnaire
    note = Words(
        f"les réglages de la borne nomment {path} : elle utilise ce fichier-là. Enlevez "
        "« questionnaire » des réglages pour qu'elle prenne les versions publiées",
        f"but the kiosk's settings name {path}: it uses that file. Remove 'questionnaire' "
        "from the settings for it to take the published versions",
    )
    print(f"diagnum: {note.in_language(language)}", file=sys.stderr)


def versions_command(config: KioskConfig, *, language: str, as_json: bool) -> int:
    from questionnaires.library import version_summary
    from terminal.services.in_use import choosable

    versions = choosable(config)
    if as_json:
        for version, in_use in versions:
            summary = version_summary(version)
            summary["current"] = in_use
            print(json.dumps(summary, ensure_ascii=False))
        return 0
    shipped = "livrée avec Diagnum" if language == "fr" else "shipped with Diagnum"
    for version, in_use in versions:
        when = version.published_at or shipped
        print(
            f"{'▶' if in_use else ' '} {version.id} v{version.version} ({version.code}) · "
            f"{when} · {version.path}"
        )
    from terminal.services.editing import kiosk_notes

    for line in kiosk_notes(config, language):
        print(printable(line))
    _settings_first(config, language)
    return 0


def use_command(
    version: int, questionnaire_id: str | None, config: KioskConfig, *, language: str
) -> int:
    from questionnaires.library import PublishError

    library = library_of(config)
    chosen_id = questionnaire_id or _current_id(library)
    if chosen_id is None:
        return fail(
            Words(
                "dites de quel questionnaire : --id ID (voir diagnum questionnaire versions)",
                "say which questionnaire: --id ID (see diagnum questionnaire versions)",
            ).in_language(language)
        )
    try:
        chosen = library.use(chosen_id, version)
    except PublishError as error:
        return fail(error.words.in_language(language))
    said = Words(
        f"la borne utilisera la version {chosen.version} de « {chosen.id} » à son prochain "
        "écran d'accueil",
        f"the kiosk will use version {chosen.version} of '{chosen.id}' from its next welcome "
        "screen",
    )
    print(said.in_language(language))
    _settings_first(config, language)
    return 0


def _current_id(library: Library) -> str | None:
    current = library.current()
    if current is not None:
        return current.id
    ids = {v.id for v in library.published()}
    return ids.pop() if len(ids) == 1 else None

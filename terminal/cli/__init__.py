"""The `diagnum` command: the kiosk by default, and tools for advisers and staff.

    diagnum                      start the kiosk
    diagnum adviser              the adviser's console: scan a code, decide, follow, report
    diagnum decode CODE          print the adviser's report for a QR code or typed code
    diagnum results purge        delete results past the retention period (asks first)
    diagnum results export       CSV or JSON for the structure's own reporting
    diagnum results import FILE  add the results exported from another PC
    diagnum results backup DIR   a consistent copy of every result
    diagnum results restore DIR  put a backup's results back
    diagnum ticket CODE [--pdf FILE]   the person's ticket: printed, or as a PDF
    diagnum questionnaire TOOL   facilitators: validate, schema, test, score, preview,
                                 publish, versions, use, import, export
    diagnum editor [FILE]        facilitators: edit, check, try, test and publish
    diagnum config ACTION        staff: show the settings, set-pin, clear-pin
    diagnum serve                the public kiosk in tablet browsers (local network)

Every failure prints one clear line and exits 2; nobody sees a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from terminal.cli.base import day_argument, fail
from terminal.i18n import UI_LANGUAGES
from terminal.i18n.reports import MESSAGES as REPORT_MESSAGES
from terminal.settings.source import ConfigSource

if TYPE_CHECKING:
    from collections.abc import Callable

    from terminal.settings.model import KioskConfig

# The report and the ticket are in the reports' languages; the rest in the interface's.
REPORT_LANGUAGES = tuple(REPORT_MESSAGES)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diagnum", description="Digital self-diagnosis kiosk (Diagnum)."
    )
    # Paths stay text here: the settings model checks them (an empty one is refused).
    parser.add_argument("--config", help="configuration file (TOML)")
    parser.add_argument("--data-dir", help="where results are kept (or DIAGNUM_DATA_DIR)")
    parser.add_argument("--questionnaire", help="questionnaire file (YAML)")
    parser.add_argument(
        "--locked", action="store_true", default=None, help="public kiosk: no quit key"
    )
    # What each tablet of `diagnum serve` runs: the public kiosk, locked, no staff key.
    parser.add_argument("--no-staff", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    adviser = commands.add_parser(
        "adviser", help="the adviser's console: scan, read, decide, report"
    )
    _idle_exit_option(adviser)
    decode = commands.add_parser("decode", help="print the report behind a result code")
    decode.add_argument(
        "payload",
        nargs="+",
        help="the code read from the QR code or typed (spaces allowed), "
        "or the 6-character result code of a result saved in the data dir, "
        "or - to read one code per line from standard input (a scanner, a file)",
    )
    decode.add_argument("--json", action="store_true", help="machine-readable output")
    decode.add_argument("--lang", default="fr", choices=REPORT_LANGUAGES, help="report language")
    ticket = commands.add_parser(
        "ticket", help="the person's take-home ticket: to the printer, or as a PDF"
    )
    ticket.add_argument("payload", nargs="+", help="the full code, or a saved result's short code")
    ticket.add_argument("--pdf", metavar="FILE", help="write a PDF instead of printing")
    ticket.add_argument(
        "--lang", choices=REPORT_LANGUAGES, help="ticket language (default: the person's)"
    )
    _questionnaire_tools(commands)
    editor = commands.add_parser(
        "editor", help="facilitators: edit, check, try, test and publish a questionnaire"
    )
    editor.add_argument(
        "file", nargs="?", help="the file to edit (default: a draft in the data dir)"
    )
    _idle_exit_option(editor)
    _staff_tools(commands)
    results = commands.add_parser("results", help="saved results: purge, export")
    actions = results.add_subparsers(dest="action", metavar="ACTION", required=True)
    purge = actions.add_parser("purge", help="delete results older than an age (GDPR)")
    purge.add_argument(
        "--older-than",
        metavar="AGE",
        help="e.g. 12m, 90d, 1y (default: the configured retention period)",
    )
    purge.add_argument("--yes", action="store_true", help="do not ask before deleting")
    export = actions.add_parser("export", help="write results as CSV or JSON")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument(
        "--since", type=day_argument, metavar="YYYY-MM-DD", help="first day included"
    )
    export.add_argument(
        "--until", type=day_argument, metavar="YYYY-MM-DD", help="last day included"
    )
    export.add_argument("--output", type=Path, metavar="FILE", help="default: standard output")
    imported = actions.add_parser(
        "import", help="add the results of an export (JSON) from another PC; twice is harmless"
    )
    imported.add_argument("file", type=Path, metavar="FILE", help="a file made by export")
    backup = actions.add_parser("backup", help="copy every result into a new dated folder")
    backup.add_argument("folder", type=Path, metavar="FOLDER", help="where the copy goes")
    restore = actions.add_parser("restore", help="put back the results of a backup")
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="a folder made by backup")
    restore.add_argument(
        "--force", action="store_true", help="replace results changed since the backup"
    )
    return parser


def _staff_tools(commands: Any) -> None:
    from terminal.cli.serve import DEFAULT_HOST, DEFAULT_PORT, LIMITS, port_argument

    config = commands.add_parser("config", help="staff: the settings in effect, and the staff PIN")
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("show", help="the settings in effect; the PIN only as set or not set")
    actions.add_parser(
        "set-pin",
        help="set the staff PIN (4 to 8 digits): typed twice, or one line of standard "
        "input; only its salted hash is written, into the configuration file",
    )
    actions.add_parser("clear-pin", help="remove the staff PIN: staff access stays closed")
    serve = commands.add_parser(
        "serve",
        help="the public kiosk in tablet browsers on the local network",
        description="Serve the public kiosk (locked, no staff access) to tablet "
        f"browsers on the local network. {LIMITS}",
    )
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})"
    )
    serve.add_argument(
        "--port",
        type=port_argument,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT})",
    )


def _questionnaire_tools(commands: Any) -> None:
    questionnaire = commands.add_parser(
        "questionnaire", help="facilitators: check, test, try, publish, import, export"
    )
    tools = questionnaire.add_subparsers(dest="tool", metavar="TOOL", required=True)
    language = {"default": "fr", "choices": UI_LANGUAGES, "help": "language of the messages"}
    validate = tools.add_parser(
        "validate", help="check files: one line per problem, FILE:LINE:COL: message"
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="questionnaire files (YAML)")
    validate.add_argument("--json", action="store_true", help="one JSON object per problem")
    validate.add_argument("--lang", **language)
    schema = tools.add_parser("schema", help="the JSON Schema editors use to check the file")
    schema.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    test = tools.add_parser("test", help="run the file's cases: which failed, and why")
    test.add_argument("file", help="the questionnaire file (YAML)")
    test.add_argument("--lang", **language)
    test.add_argument(
        "-v", "--verbose", action="store_true", help="the rules that fired for every case"
    )
    score = tools.add_parser(
        "score",
        help="score answer sheets read on standard input, one JSON object per line: "
        '{"question_id": ["choice_id", ...]}, with "dont_know" for "I don\'t know"',
    )
    score.add_argument("file", help="the questionnaire file (YAML)")
    score.add_argument("--json", action="store_true", help="one JSON object per sheet")
    score.add_argument("--lang", **{**language, "help": "language of reasons"})
    preview = tools.add_parser(
        "preview", help="walk the kiosk on a file and see the rules that fired; saves nothing"
    )
    preview.add_argument("file", help="the questionnaire file (YAML)")
    preview.add_argument("--lang", **language)
    preview.add_argument("--shown-as", help=argparse.SUPPRESS)  # the editor's try: its file
    publish = tools.add_parser(
        "publish", help="keep a checked file as a new version; the kiosk takes it next"
    )
    publish.add_argument("file", help="the questionnaire file (YAML)")
    publish.add_argument("--lang", **language)
    versions = tools.add_parser("versions", help="the published versions, and the one in use")
    versions.add_argument("--json", action="store_true", help="one JSON object per version")
    versions.add_argument("--lang", **language)
    use = tools.add_parser("use", help="make a published version the one the kiosk uses")
    use.add_argument("version", type=int, help="a published version number")
    use.add_argument("--id", help="the questionnaire's id (when there are several)")
    use.add_argument("--lang", **language)
    imported = tools.add_parser(
        "import", help="a spreadsheet in the XLSForm style (.xlsx, .ods, .csv) to YAML"
    )
    imported.add_argument("file", help="the spreadsheet")
    imported.add_argument(
        "-o", "--output", required=True, metavar="OUT.yaml", help="the questionnaire file to write"
    )
    imported.add_argument("--lang", **language)
    exported = tools.add_parser("export", help="a questionnaire to a spreadsheet (XLSForm style)")
    exported.add_argument("file", help="the questionnaire file (YAML)")
    exported.add_argument("--xlsx", required=True, metavar="OUT.xlsx", help="the workbook to write")
    exported.add_argument("--lang", **language)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {
        "data_dir": args.data_dir,
        "questionnaire": args.questionnaire,
        "locked": args.locked,
    }
    if args.no_staff:
        overrides["locked"] = True  # a kiosk without staff access is a public one
    kept = {k: v for k, v in overrides.items() if v is not None}
    source = ConfigSource(None if args.config is None else Path(args.config), kept)
    if args.command is None:
        # The kiosk validates its settings in the background, after the welcome screen.
        from terminal.cli.kiosk import run_kiosk

        return run_kiosk(source, staff_access=not args.no_staff)
    if args.command == "config":
        # set-pin must work on a missing or half-written file: it loads nothing first.
        from terminal.cli.config import config_command

        return _guarded(lambda: config_command(args, source))
    from terminal.settings.model import ConfigError, load_settings

    try:
        config = load_settings(source)
    except ConfigError as error:
        return fail(str(error))
    try:
        return _run_command(args, config, source)
    except BrokenPipeError:
        # The reader stopped early (`| head`): end quietly, as other commands do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug, not a person's mistake: never a traceback either
        return _unexpected(error, config)


def _guarded(command: Callable[[], int]) -> int:
    """A command run without settings: a bug still gives one line, never a traceback."""
    try:
        return command()
    except Exception as error:
        return fail(f"the command stopped on an unexpected error ({type(error).__name__})")


def _unexpected(error: Exception, config: KioskConfig) -> int:
    """Where the command failed goes to the log (never its values); one line here."""
    import logging

    from terminal.logs import start_logging

    folder = start_logging(config.data_dir)
    logging.getLogger("diagnum").error("the command failed", exc_info=error)
    where = f"; details in the log, {folder}" if folder else ""
    return fail(f"the command stopped on an unexpected error ({type(error).__name__}){where}")


def _idle_exit_option(parser: argparse.ArgumentParser) -> None:
    # Opened from the kiosk's staff menu: ends after this long without a key or a touch.
    parser.add_argument("--idle-exit", type=float, metavar="SECONDS", help=argparse.SUPPRESS)


def _run_command(args: argparse.Namespace, config: KioskConfig, source: ConfigSource) -> int:
    # Each command imports only what it needs: `decode` must not load Textual.
    if args.command == "adviser":
        from terminal.cli.adviser import run_adviser

        return run_adviser(config, idle_exit=args.idle_exit)
    if args.command == "results":
        from terminal.cli.results import results_command

        return results_command(args, config)
    if args.command == "questionnaire":
        from terminal.cli.questionnaire import questionnaire_command

        return questionnaire_command(args, config)
    if args.command == "serve":
        from terminal.cli.serve import serve

        return serve(config, source, args.host, args.port)
    if args.command == "editor":
        from terminal.cli.editor import run_editor

        return run_editor(args.file, config, source.config_file, idle_exit=args.idle_exit)
    from terminal.cli.decode import decode, decode_batch, ticket_command

    if args.command == "ticket":
        return ticket_command(" ".join(args.payload), config, args.pdf, args.lang)
    if args.payload == ["-"]:
        return decode_batch(sys.stdin, config, as_json=args.json, language=args.lang)
    return decode(" ".join(args.payload), config, as_json=args.json, language=args.lang)

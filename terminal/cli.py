"""The `diagnum` command: the kiosk by default, and tools for advisers and staff.

    diagnum                      start the kiosk
    diagnum decode CODE          print the adviser's report for a QR code or typed code
    diagnum results purge        delete results past the retention period (asks first)
    diagnum results export       CSV or JSON for the structure's own reporting
    diagnum results backup DIR   a consistent copy of every result
    diagnum results restore DIR  put a backup's results back
    diagnum ticket CODE [--pdf FILE]   the person's ticket: printed, or as a PDF
    diagnum questionnaire score FILE   score answer sheets (JSON lines on stdin)

Every failure prints one clear line and exits 2; nobody sees a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from terminal.config_source import ConfigSource
from terminal.printable import printable

if TYPE_CHECKING:
    from collections.abc import Iterable

    from questionnaires.result import Result
    from storage import ResultStore
    from storage.store import Record
    from terminal.config import KioskConfig

EXIT_BAD_INPUT = 2


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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    decode = commands.add_parser("decode", help="print the report behind a result code")
    decode.add_argument(
        "payload",
        nargs="+",
        help="the code read from the QR code or typed (spaces allowed), "
        "or the 6-character result code of a result saved in the data dir, "
        "or - to read one code per line from standard input (a scanner, a file)",
    )
    decode.add_argument("--json", action="store_true", help="machine-readable output")
    decode.add_argument("--lang", default="fr", choices=["fr", "en"], help="report language")
    ticket = commands.add_parser(
        "ticket", help="the person's take-home ticket: to the printer, or as a PDF"
    )
    ticket.add_argument("payload", nargs="+", help="the full code, or a saved result's short code")
    ticket.add_argument("--pdf", metavar="FILE", help="write a PDF instead of printing")
    ticket.add_argument(
        "--lang", choices=["fr", "en"], help="ticket language (default: the person's)"
    )
    questionnaire = commands.add_parser("questionnaire", help="check a questionnaire's rules")
    tools = questionnaire.add_subparsers(dest="tool", metavar="TOOL", required=True)
    score = tools.add_parser(
        "score",
        help="score answer sheets read on standard input, one JSON object per line: "
        '{"question_id": ["choice_id", ...]}, with "dont_know" for "I don\'t know"',
    )
    score.add_argument("file", help="the questionnaire file (YAML)")
    score.add_argument("--json", action="store_true", help="one JSON object per sheet")
    score.add_argument("--lang", default="fr", choices=["fr", "en"], help="language of reasons")
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
    export.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="first day included")
    export.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="last day included")
    export.add_argument("--output", type=Path, metavar="FILE", help="default: standard output")
    backup = actions.add_parser("backup", help="copy every result into a new dated folder")
    backup.add_argument("folder", type=Path, metavar="FOLDER", help="where the copy goes")
    restore = actions.add_parser("restore", help="put back the results of a backup")
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="a folder made by backup")
    restore.add_argument(
        "--force", action="store_true", help="replace results changed since the backup"
    )
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-01-31") from None


def fail(message: str) -> int:
    print(f"diagnum: {printable(message)}", file=sys.stderr)
    return EXIT_BAD_INPUT


def note(message: str) -> None:
    print(f"diagnum: note: {printable(message)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {
        "data_dir": args.data_dir,
        "questionnaire": args.questionnaire,
        "locked": args.locked,
    }
    kept = {k: v for k, v in overrides.items() if v is not None}
    source = ConfigSource(None if args.config is None else Path(args.config), kept)
    if args.command is None:
        # The kiosk validates its settings in the background, after the welcome screen.
        return run_kiosk(source)
    from terminal.config import ConfigError

    try:
        config = source.load()
    except ConfigError as error:
        return fail(str(error))
    try:
        if args.command == "results":
            return results_command(args, config)
        if args.command == "questionnaire":
            return score_command(args.file, sys.stdin, as_json=args.json, language=args.lang)
        if args.command == "ticket":
            return ticket_command(" ".join(args.payload), config, args.pdf, args.lang)
        if args.payload == ["-"]:
            return decode_batch(sys.stdin, config, as_json=args.json, language=args.lang)
        return decode(" ".join(args.payload), config, as_json=args.json, language=args.lang)
    except BrokenPipeError:
        # The reader stopped early (`| head`): end quietly, as other commands do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


_SHORT_CODE_MISSING = {
    "fr": "aucun résultat enregistré avec le code {code} dans {where} : "
    "tapez le code complet écrit sous le QR code.",
    "en": "no saved result with code {code} in {where}: "
    "type the full code written under the QR code.",
}


class Refused(Exception):
    """A code that cannot be read; the message is one line for the adviser."""


class Decoder:
    """Reads codes for one command: the questionnaires are loaded once, for a whole batch."""

    def __init__(self, config: KioskConfig, language: str) -> None:
        from questionnaires.loading import QuestionnaireLibrary

        self.config = config
        self.language = language
        self.library = QuestionnaireLibrary.load(
            config.questionnaire_files, cache_dir=config.cache_dir
        )
        self.notes: list[str] = []
        self._store: ResultStore | None = None

    def result(self, text: str) -> Result:
        """The result behind a code, or `Refused`."""
        return self.read(text)[0]

    def read(self, text: str) -> tuple[Result, str]:
        """The result behind a code and its full code, or `Refused`."""
        from questionnaires.payload import PayloadError, decode_payload, normalize_payload
        from questionnaires.result import RESULT_CODE_LENGTH

        payload = normalize_payload(text)
        if len(payload) == RESULT_CODE_LENGTH:
            payload = self._saved_payload(payload)
        try:
            decoded = decode_payload(payload, self.library.find)
        except PayloadError as error:
            # Say why a questionnaire may be missing: a file that did not load.
            if error.reason == "questionnaire":
                self.notes.extend(p for p in self.library.problems if p not in self.notes)
            raise Refused(error.in_language(self.language)) from None
        return decoded.result(self.language), payload

    def is_saved(self, code: str) -> bool:
        """Whether the result is kept here, so its short code finds it again."""
        try:
            return self._record(code) is not None
        except Refused:
            return False

    def _record(self, code: str) -> Record | None:
        from storage import ResultStore, StorageError

        try:
            # One store for the whole batch: it keeps the months it has read.
            self._store = self._store or ResultStore(self.config.data_dir)
            return self._store.find(code)
        except StorageError as error:
            raise Refused(str(error)) from None

    def _saved_payload(self, code: str) -> str:
        from questionnaires.payload import PayloadError, check_short_code

        record = self._record(code)
        saved = None if record is None else str(record.get("payload", ""))
        try:
            # A typo is refused, never matched to another person; a code without a
            # check character only opens a result kept before the check existed.
            check_short_code(code, saved)
        except PayloadError as error:
            raise Refused(error.in_language(self.language)) from None
        if saved is None:
            where = self.config.data_dir / "results"
            raise Refused(_SHORT_CODE_MISSING[self.language].format(code=code, where=where))
        return saved


def decode(text: str, config: KioskConfig, *, as_json: bool, language: str) -> int:
    """Print the report behind a QR code, a typed code, or a saved result's short code."""
    import json

    from questionnaires.report import adviser_report, report_json

    decoder = Decoder(config, language)
    try:
        result = decoder.result(text)
    except Refused as refused:
        for problem in decoder.notes:
            note(problem)
        if as_json:
            print(json.dumps({"error": printable(str(refused))}, ensure_ascii=False))
        return fail(str(refused))
    if as_json:
        print(json.dumps(report_json(result, language), ensure_ascii=False, indent=2))
    else:
        print(adviser_report(result, language))
    return 0


def decode_batch(lines: Iterable[str], config: KioskConfig, *, as_json: bool, language: str) -> int:
    """One code per line in (a scanner, a file), one line per code out; a bad line is
    reported in its place and never stops the batch. Exit 2 if any line was refused."""
    import json

    from questionnaires.report import report_json

    decoder = Decoder(config, language)
    refused_lines = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            result = decoder.result(line)
        except Refused as refused:
            refused_lines += 1
            reason = printable(str(refused))
            error = {"line": number, "error": reason}
            print(json.dumps(error, ensure_ascii=False) if as_json else f"{number}: {reason}")
            continue
        if as_json:
            line_json = {"line": number, **report_json(result, language)}
            print(json.dumps(line_json, ensure_ascii=False))
        else:
            print(f"{number}: {batch_line(result, language)}")
    for problem in decoder.notes:
        note(problem)
    return EXIT_BAD_INPUT if refused_lines else 0


def batch_line(result: Result, language: str) -> str:
    """A result on one line: its code, its date, and a level per area (●○○○ to ●●●●, or ?)."""
    from questionnaires.report import level_lines
    from questionnaires.result import format_result_code

    day = result.known_day.isoformat() if result.known_day else "?"
    # The same dots as the report: a bare "0" would read as "nothing".
    levels = "  ".join(f"{line.pictogram} {line.dots}" for line in level_lines(result, language))
    return f"{format_result_code(result.code)}  {day}  {levels}"


def ticket_command(text: str, config: KioskConfig, pdf: str | None, language: str | None) -> int:
    """Write the person's ticket as a PDF, or send it to the configured printer."""
    from storage import StorageError
    from terminal.printing import PrintError, print_ticket
    from terminal.ticket import ticket_pdf, write_ticket

    decoder = Decoder(config, language or "fr")
    try:
        result, payload = decoder.read(text)
    except Refused as refused:
        for problem in decoder.notes:
            note(problem)
        return fail(str(refused))
    saved = decoder.is_saved(result.code)
    language = language or result.language
    if pdf is not None:
        if not pdf.strip():
            return fail("--pdf needs a file name.")
        try:
            write_ticket(result, payload, Path(pdf), language, saved=saved)
        except StorageError as error:
            return fail(str(error))
        print(f"Ticket written to {printable(pdf)}.", file=sys.stderr)
        return 0
    if config.printer is None:
        return fail("no printer is set (the `printer` setting): add --pdf FILE to get a PDF.")
    try:
        print_ticket(ticket_pdf(result, payload, language, saved=saved), config.printer)
    except PrintError as error:
        return fail(f"the ticket could not be printed: {error}")
    print(f"Ticket sent to the printer {printable(config.printer)}.", file=sys.stderr)
    return 0


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


def results_command(args: argparse.Namespace, config: KioskConfig) -> int:
    from storage import ResultStore, StorageError

    actions = {
        "purge": purge_command,
        "export": export_command,
        "backup": backup_command,
        "restore": restore_command,
    }
    try:
        store = ResultStore(config.data_dir)
        code = actions[args.action](store, args, config)
    except StorageError as error:
        return fail(str(error))
    for problem in store.problems:
        note(problem)
    return code


_YES = {"y", "yes", "o", "oui"}


def confirmed(question: str) -> bool:
    """A yes from a person at a terminal; never from a script or a closed input."""
    if not sys.stdin.isatty():
        return False
    try:
        return input(question).strip().lower() in _YES
    except (EOFError, KeyboardInterrupt):
        print()
        return False


def purge_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    """Say what will be deleted, and why it may be a mistake, then ask (or take --yes)."""
    from storage import parse_age
    from storage.retention import automatic_purge_refusal
    from terminal.retention import purge

    try:
        cutoff = parse_age(args.older_than or f"{config.retention_months}m")
    except ValueError as error:
        return fail(str(error))
    plan = store.purge_plan(cutoff)
    print(
        f"Results dated before {cutoff.isoformat()}: {plan.to_delete} of {plan.total} "
        "(log entries before that date are deleted too)."
    )
    warning = automatic_purge_refusal(plan, date.today())
    if warning and plan.to_delete:
        print(f"Warning: {warning}.")
    if plan.to_delete and not args.yes and not confirmed("Delete them? [y/N] "):
        return fail("nothing deleted: confirm with y, or add --yes.")
    removed = purge(store, config.data_dir, plan)
    print(f"{removed} result(s) from before {cutoff.isoformat()} deleted.")
    return 0


def export_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    """To standard output, or to a file that appears only once it is complete."""
    import io

    from storage import export_records
    from storage.atomic import atomic_write

    records = store.records(since=args.since, until=args.until)
    if args.output is None:
        export_records(records, args.format, sys.stdout)
        return 0
    text = io.StringIO(newline="")
    export_records(records, args.format, text)
    atomic_write(args.output, text.getvalue().encode("utf-8"), action="write the export")
    print(f"{len(records)} result(s) written to {printable(str(args.output))}.", file=sys.stderr)
    return 0


def backup_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    report = store.backup(args.folder)
    where = printable(str(report.path))
    print(f"{report.results} result(s) of {len(report.months)} month(s) copied to {where}.")
    for name in report.set_aside:
        note(f"the damaged file {name}, set aside earlier, was not copied.")
    return 0


def restore_command(store: ResultStore, args: argparse.Namespace, config: KioskConfig) -> int:
    from terminal.retention import retention_cutoff

    cutoff = retention_cutoff(config.retention_months, date.today())
    report = store.restore(args.backup, force=args.force, older_than=cutoff)
    print(
        f"{report.added} result(s) restored, {report.skipped_identical} already there, "
        f"{report.replaced} replaced; {report.skipped_expired} past the retention period "
        "left out."
    )
    return 0


# A kiosk that keeps crashing is broken, not unlucky: stop and say so.
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 60.0


def run_kiosk(source: ConfigSource) -> int:
    """Run the kiosk; if it ever fails, log why and start again at the welcome screen."""
    from terminal.logs import start_logging

    log_folder = start_logging(source.data_dir_hint())
    from rich.console import Console

    from terminal.app import KioskApp

    crashes: list[float] = []
    while True:
        app = KioskApp(source)
        with open(os.devnull, "w", encoding="utf-8") as nowhere:
            # Textual prints a failure's traceback with its local variables, which hold
            # the person's answers: nowhere. The app logs where it failed instead.
            app.error_console = Console(file=nowhere, markup=False, highlight=False)
            app.run()
        if not app.return_code:
            return 0
        now = time.monotonic()
        crashes = [t for t in crashes if now - t < RESTART_WINDOW_SECONDS] + [now]
        logging.getLogger("diagnum").error("kiosk failed, restarting (%d)", len(crashes))
        if len(crashes) >= MAX_RESTARTS:
            where = f"; see the log in {log_folder}" if log_folder else ""
            return fail(f"the kiosk failed {len(crashes)} times in a minute{where}")

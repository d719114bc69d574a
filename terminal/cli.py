"""The `diagnum` command: the kiosk by default, and tools for advisers and staff.

    diagnum                      start the kiosk
    diagnum decode CODE          print the adviser's report for a QR code or typed code
    diagnum results purge        delete results past the retention period
    diagnum results export       CSV or JSON for the structure's own reporting

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

if TYPE_CHECKING:
    from terminal.config import KioskConfig

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diagnum", description="Digital self-diagnosis kiosk (Diagnum)."
    )
    parser.add_argument("--config", type=Path, help="configuration file (TOML)")
    parser.add_argument(
        "--data-dir", type=Path, help="where results are kept (or DIAGNUM_DATA_DIR)"
    )
    parser.add_argument("--questionnaire", type=Path, help="questionnaire file (YAML)")
    parser.add_argument(
        "--locked", action="store_true", default=None, help="public kiosk: no quit key"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    decode = commands.add_parser("decode", help="print the report behind a result code")
    decode.add_argument(
        "payload",
        nargs="+",
        help="the code read from the QR code or typed (spaces allowed), "
        "or the 6-character result code of a result saved in the data dir",
    )
    decode.add_argument("--json", action="store_true", help="machine-readable output")
    decode.add_argument("--lang", default="fr", choices=["fr", "en"], help="report language")
    results = commands.add_parser("results", help="saved results: purge, export")
    actions = results.add_subparsers(dest="action", metavar="ACTION", required=True)
    purge = actions.add_parser("purge", help="delete results older than an age (GDPR)")
    purge.add_argument(
        "--older-than",
        metavar="AGE",
        help="e.g. 12m, 90d, 1y (default: the configured retention period)",
    )
    export = actions.add_parser("export", help="write results as CSV or JSON")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="first day included")
    export.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="last day included")
    export.add_argument("--output", type=Path, metavar="FILE", help="default: standard output")
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-01-31") from None


def fail(message: str) -> int:
    print(f"diagnum: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {
        "data_dir": args.data_dir,
        "questionnaire": args.questionnaire,
        "locked": args.locked,
    }
    source = ConfigSource(args.config, {k: v for k, v in overrides.items() if v is not None})
    if args.command is None:
        # The kiosk validates its settings in the background, after the welcome screen.
        return run_kiosk(source)
    from terminal.config import ConfigError

    try:
        config = source.load()
    except ConfigError as error:
        return fail(str(error))
    if args.command == "results":
        return results_command(args, config)
    return decode(" ".join(args.payload), config, as_json=args.json, language=args.lang)


_SHORT_CODE_MISSING = {
    "fr": "aucun résultat enregistré avec le code {code} dans {where} : "
    "tapez le code complet écrit sous le QR code.",
    "en": "no saved result with code {code} in {where}: "
    "type the full code written under the QR code.",
}


def decode(text: str, config: KioskConfig, *, as_json: bool, language: str) -> int:
    """Print the report behind a QR code, a typed code, or a saved result's short code."""
    import json

    from questionnaires.loading import QuestionnaireLibrary
    from questionnaires.payload import PayloadError, decode_payload, normalize_payload
    from questionnaires.report import adviser_report, report_json
    from questionnaires.result import RESULT_CODE_LENGTH

    def refuse(message: str) -> int:
        if as_json:
            print(json.dumps({"error": message}, ensure_ascii=False))
        return fail(message)

    payload = normalize_payload(text)
    if len(payload) == RESULT_CODE_LENGTH:
        from storage import ResultStore, StorageError

        try:
            record = ResultStore(config.data_dir).find(payload)
        except StorageError as error:
            return refuse(str(error))
        if record is None:
            where = config.data_dir / "results"
            return refuse(_SHORT_CODE_MISSING[language].format(code=payload, where=where))
        payload = str(record.get("payload", ""))
    library = QuestionnaireLibrary.load(config.questionnaire_files)
    try:
        decoded = decode_payload(payload, library.find)
    except PayloadError as error:
        # Say why a questionnaire may be missing: a file that did not load.
        for problem in library.problems if error.reason == "questionnaire" else []:
            print(f"diagnum: note: {problem}", file=sys.stderr)
        return refuse(error.in_language(language))
    result = decoded.result(language)
    if as_json:
        print(json.dumps(report_json(result), ensure_ascii=False, indent=2))
    else:
        print(adviser_report(result, language))
    return 0


def results_command(args: argparse.Namespace, config: KioskConfig) -> int:
    from storage import ResultStore, StorageError, export_records, parse_age

    try:
        store = ResultStore(config.data_dir)
        if args.action == "purge":
            age = args.older_than or f"{config.retention_months}m"
            try:
                cutoff = parse_age(age)
            except ValueError as error:
                return fail(str(error))
            removed = store.purge(older_than=cutoff)
            print(f"{removed} result(s) from before {cutoff.isoformat()} deleted.")
        else:
            records = store.records(since=args.since, until=args.until)
            if args.output is None:
                export_records(records, args.format, sys.stdout)
            else:
                with open(args.output, "w", encoding="utf-8", newline="") as out:
                    export_records(records, args.format, out)
                print(f"{len(records)} result(s) written to {args.output}.", file=sys.stderr)
    except StorageError as error:
        return fail(str(error))
    except BrokenPipeError:
        # The reader stopped early (e.g. `| head`): not an error worth a message.
        sys.stderr.close()
        return 0
    except OSError as error:
        return fail(f"cannot write {args.output or 'the output'}: {error.strerror}")
    for problem in store.problems:
        print(f"diagnum: note: {problem}", file=sys.stderr)
    return 0


def log_to_file(data_dir: Path) -> Path | None:
    """Errors go to a file in the data directory: never onto the public's screen."""
    path = data_dir / "logs" / "kiosk.log"
    handler: logging.Handler
    log_file: Path | None = path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler, log_file = logging.NullHandler(), None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    return log_file


# A kiosk that keeps crashing is broken, not unlucky: stop and say so.
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 60.0


def run_kiosk(source: ConfigSource) -> int:
    """Run the kiosk; if it ever fails, log why and start again at the welcome screen."""
    log_file = log_to_file(source.data_dir_hint())
    from rich.console import Console

    from terminal.app import KioskApp

    crashes: list[float] = []
    while True:
        app = KioskApp(source)
        with open(log_file or os.devnull, "a", encoding="utf-8") as errors:
            # Textual prints a failure's traceback on exit: send it to the log instead.
            app.error_console = Console(file=errors, width=120, markup=False, highlight=False)
            app.run()
        if not app.return_code:
            return 0
        now = time.monotonic()
        crashes = [t for t in crashes if now - t < RESTART_WINDOW_SECONDS] + [now]
        logging.getLogger("diagnum").error("kiosk failed, restarting (%d)", len(crashes))
        if len(crashes) >= MAX_RESTARTS:
            where = f"; see {log_file}" if log_file else ""
            return fail(f"the kiosk failed {len(crashes)} times in a minute{where}")

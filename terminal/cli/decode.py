"""`diagnum decode` and `diagnum ticket`: the report or the ticket behind a code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from terminal.cli.base import EXIT_BAD_INPUT, fail, note
from terminal.printable import printable
from terminal.services.lookup import Decoder, Refused

if TYPE_CHECKING:
    from collections.abc import Iterable

    from questionnaires.result import Result
    from terminal.settings.model import KioskConfig


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
    from terminal.services.printing import PrintError, print_ticket
    from terminal.services.ticket import ticket_pdf, write_ticket

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

"""What every command shares: one clear line on failure, notes, a confirmation."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from terminal.printable import printable
from terminal.services.editing import FAILURE_FILE

if TYPE_CHECKING:
    from questionnaires.model import Questionnaire

EXIT_BAD_INPUT = 2


def day_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-01-31") from None


def usable(path: Path, language: str) -> Questionnaire | None:
    """The questionnaire of a file without errors; otherwise its errors are printed,
    each at its place, and None."""
    from questionnaires.loading import check_file

    checked = check_file(path)
    for problem in checked.errors:
        print(printable(problem.in_file(path, language)), file=sys.stderr)
    return checked.questionnaire if checked.ok else None


def fix_first(path: Path, language: str) -> int:
    """The one line after a file's errors: nothing was done."""
    from questionnaires.problems import Words

    words = Words(
        f"{path} a des erreurs : corrigez-les d'abord (diagnum questionnaire validate)",
        f"{path} has errors: fix them first (diagnum questionnaire validate)",
    )
    return fail(words.in_language(language))


def fail(message: str) -> int:
    line = printable(message)
    print(f"diagnum: {line}", file=sys.stderr)
    told = os.environ.get(FAILURE_FILE)
    if told:
        with contextlib.suppress(OSError):  # stderr said it already
            Path(told).write_text(line + "\n", encoding="utf-8")
    return EXIT_BAD_INPUT


def note(message: str) -> None:
    print(f"diagnum: note: {printable(message)}", file=sys.stderr)


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

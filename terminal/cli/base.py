"""What every command shares: one clear line on failure, notes, a confirmation."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from terminal.printable import printable

EXIT_BAD_INPUT = 2


def day_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-01-31") from None


def fail(message: str) -> int:
    print(f"diagnum: {printable(message)}", file=sys.stderr)
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

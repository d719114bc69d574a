"""What the console's screens tell the app; the app routes them to the desk service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class Scanned(Message):
    """Enter in the scan field: a scanner's burst, a typed code or an image's path."""

    text: str


@dataclass
class OpenRecord(Message):
    """Open a stored result (from the browse list or a pathway)."""

    record: dict[str, Any]


class ShowHome(Message):
    """Back to the results kept on this PC."""


class ShowFunders(Message):
    """The report for the structure and its funders."""


class AskImport(Message):
    """Import an export file (from a USB key)."""


@dataclass
class ResultAction(Message):
    """On the report: "save", "decide", "person" or "compare"."""

    action: str

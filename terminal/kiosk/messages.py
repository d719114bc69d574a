"""What the kiosk's screens tell the app; the app (a router) decides what comes next.

A screen never calls into the app: it posts one of these, and the message bubbles up
from the screen to the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from questionnaires.answers import Answer
    from questionnaires.result import Result
    from terminal.services.voice import Spoken


class StartSession(Message):
    """Someone touched the welcome screen."""


@dataclass
class LanguageChosen(Message):
    language: str


@dataclass
class ConsentGiven(Message):
    consent: bool


@dataclass
class Answered(Message):
    question_id: str
    answer: Answer


@dataclass
class MoveOn(Message):
    """Continue past a question already answered."""

    question_id: str


@dataclass
class QuestionBack(Message):
    question_id: str


class GoBack(Message):
    """Back from a screen that is not a question."""


@dataclass
class HandOver(Message):
    """The person asked for their code: save (if they agreed), then show it."""

    result: Result


class Finished(Message):
    """The person is done with their code: thank them, then wipe."""


class EndSession(Message):
    """Wipe the session now (the thank-you screen's timer, or a touch on it)."""


@dataclass
class PinTyped(Message):
    """Staff typed a PIN on the PIN pad; the app checks it (in a thread: scrypt is slow)."""

    pin: str = field(repr=False)  # messages are logged: never the PIN


@dataclass
class StaffChoice(Message):
    """A choice on the staff menu: "console", "editor", "export", "public" or "quit"."""

    choice: str


@dataclass
class ReadAloud(Message):
    """The speaker tile (or its key): read these parts, in the background."""

    parts: list[Spoken]

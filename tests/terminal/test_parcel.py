"""What workers are given: the person's data once, never in a log line."""

from __future__ import annotations

import pytest
from rich.pretty import pretty_repr

from terminal.kiosk.messages import PinTyped
from terminal.kiosk.parcel import Parcel


def test_a_parcel_gives_its_content_once_and_never_shows_it() -> None:
    answers = ("K7M4QX", {"smartphone": "own"})
    parcel = Parcel(answers)
    # Textual writes a worker's arguments in its log: a parcel says nothing of them.
    assert "K7M4QX" not in repr(parcel) and "smartphone" not in repr(parcel)
    assert parcel.take() is answers
    with pytest.raises(RuntimeError, match="already taken"):
        parcel.take()  # emptied: a finished worker holds nothing of the person


def test_a_typed_pin_is_never_in_a_log_line() -> None:
    message = PinTyped("4826")
    assert message.pin == "4826"
    assert "4826" not in repr(message)
    assert "4826" not in pretty_repr(message)  # as Textual's log prints it

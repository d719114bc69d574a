"""What the editor's screens tell the app; the app (a router) decides what happens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class TextChanged(Message):
    """The facilitator typed: the text is checked again, a moment later."""

    text: str

"""The row of buttons that is in the same place on every screen: Back, I don't know, Continue."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message

from terminal.ui.reading import Words


class NavButton(Words):
    """A touch target with its key written on it.

    Lighter than Textual's Button (every question screen builds three of them), and
    never focused: keys do the work, so there is no focus ring to confuse anyone.
    """

    DEFAULT_CSS = """
    NavButton {
        width: 1fr;
        height: 3;
        min-width: 8;
        margin: 0 1;
        border: round $kiosk-outline;
        background: $panel;
        color: $text;
        text-style: bold;
        content-align: center middle;
        text-align: center;
    }
    NavButton:hover {
        border: round $foreground;
    }
    /* The main button: the brightest thing on screen, only when it does something. */
    NavButton.-primary {
        background: $primary;
        color: $kiosk-on-primary;
        border: round $primary;
    }
    """

    class Pressed(Message):
        def __init__(self, button: NavButton) -> None:
            super().__init__()
            self.button = button

    def __init__(self, label: str, *, id: str, variant: str = "default") -> None:
        super().__init__(label, id=id, markup=False)
        self._label = label
        if variant == "primary":
            self.add_class("-primary")

    @property
    def primary(self) -> bool:
        return self.has_class("-primary")

    @primary.setter
    def primary(self, bright: bool) -> None:
        self.set_class(bright, "-primary")

    @property
    def label(self) -> str:
        return self._label

    @label.setter
    def label(self, text: str) -> None:
        self._label = text
        self.update(text)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Pressed(self))


class NavBar(Horizontal):
    DEFAULT_CSS = """
    NavBar {
        height: auto;
        dock: bottom;
    }
    """

    def __init__(self, buttons: list[NavButton]) -> None:
        super().__init__()
        self.buttons = buttons

    def compose(self) -> ComposeResult:
        yield from self.buttons

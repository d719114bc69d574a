"""The row of buttons that is in the same place on every screen: Back, I don't know, Continue."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button


class NavButton(Button):
    """A touch target with its key written on it; keys do the work, so no focus ring."""

    DEFAULT_CSS = """
    NavButton {
        width: 1fr;
        min-width: 10;
        margin: 0 1;
    }
    """

    def __init__(self, label: str, *, id: str, variant: str = "default") -> None:
        super().__init__(label, id=id, variant=variant)  # type: ignore[arg-type]
        self.can_focus = False
        # Button pads every line by one cell; at 60 columns the labels need that room.
        self.styles.line_pad = 0


class NavBar(Horizontal):
    DEFAULT_CSS = """
    NavBar {
        height: auto;
        dock: bottom;
        padding: 0 0;
    }
    """

    def __init__(self, buttons: list[NavButton]) -> None:
        super().__init__()
        self.buttons = buttons

    def compose(self) -> ComposeResult:
        yield from self.buttons

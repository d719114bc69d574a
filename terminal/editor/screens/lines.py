"""A modal that shows lines of text to read (the cases' outcomes), then closes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class LinesScreen(ModalScreen[None]):
    """Escape, Enter or the button close it; the lines scroll."""

    DEFAULT_CSS = """
    LinesScreen {
        align: center middle;
    }
    LinesScreen > Vertical {
        width: 95%;
        max-width: 110;
        height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    LinesScreen .lines-title {
        text-style: bold;
        height: auto;
        margin-bottom: 1;
    }
    LinesScreen VerticalScroll {
        height: 1fr;
    }
    LinesScreen Button {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", show=False, id="close"),
        Binding("enter", "close", show=False, id="close_enter"),
    ]

    def __init__(self, title: str, lines: list[str], close: str) -> None:
        super().__init__()
        self._title = title
        self._lines = lines
        self._close = close

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="lines-title", markup=False)
            with VerticalScroll():
                yield Static("\n".join(self._lines), markup=False)
            yield Button(self._close, id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

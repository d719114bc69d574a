"""A small modal asking for one line of text: a pathway reference, a file, a period in
the console; words to find, a line to go to in the editor."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from terminal.ui.keys_in_order import InOrderInput


class AskText(ModalScreen[str | None]):
    """Enter gives the text typed; Escape gives ``None``."""

    DEFAULT_CSS = """
    AskText {
        align: center middle;
    }
    AskText > Vertical {
        width: 90%;
        max-width: 76;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    AskText .ask-title {
        text-style: bold;
    }
    AskText .ask-hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuler", id="cancel"),
    ]

    def __init__(
        self, title: str, hint: str, value: str = "", *, restrict: str | None = None
    ) -> None:
        """``restrict``: a pattern of what may be typed (digits for a line number)."""
        super().__init__()
        self._title = title
        self._hint = hint
        self._value = value
        self._restrict = restrict

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="ask-title", markup=False)
            yield Static(self._hint, classes="ask-hint", markup=False)
            yield InOrderInput(value=self._value, id="answer", restrict=self._restrict)

    @on(Input.Submitted, "#answer")
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

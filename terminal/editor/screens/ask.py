"""A small modal that asks for one short answer: words to find, a line to go to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from terminal.ui.keys_in_order import InOrderInput


class Ask(ModalScreen[str | None]):
    """Enter gives what was typed (None if nothing); Escape: None."""

    DEFAULT_CSS = """
    Ask {
        align: center top;
    }
    Ask > Vertical {
        width: 90%;
        max-width: 70;
        height: auto;
        margin-top: 2;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    Ask .ask-title {
        text-style: bold;
    }
    Ask .ask-hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", show=False, id="cancel"),
    ]

    def __init__(
        self, title: str, hint: str, *, value: str = "", restrict: str | None = None
    ) -> None:
        super().__init__()
        self._title = title
        self._hint = hint
        self._value = value
        self._restrict = restrict

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="ask-title", markup=False)
            yield InOrderInput(self._value, restrict=self._restrict, select_on_focus=True)
            yield Static(self._hint, classes="ask-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)

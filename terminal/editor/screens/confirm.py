"""A small modal that asks, with a button per answer; Escape is the last one (cancel)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Confirm(ModalScreen[str | None]):
    """``answers`` are (id, label) pairs; the first is the main one. Escape: None."""

    DEFAULT_CSS = """
    Confirm {
        align: center middle;
    }
    Confirm > Vertical {
        width: 90%;
        max-width: 80;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    Confirm .confirm-title {
        text-style: bold;
        margin-bottom: 1;
    }
    Confirm Horizontal {
        height: auto;
        margin-top: 1;
    }
    Confirm Button {
        margin-right: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", show=False, id="cancel"),
    ]

    def __init__(self, title: str, body: str, answers: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._answers = answers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="confirm-title", markup=False)
            if self._body:
                yield Static(self._body, markup=False)
            with Horizontal():
                for index, (key, label) in enumerate(self._answers):
                    main = index == 0
                    yield Button(
                        label, id=f"answer-{key}", variant="primary" if main else "default"
                    )

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def action_cancel(self) -> None:
        self.dismiss(None)

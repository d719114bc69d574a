"""A small modal to choose one option from a list (an orientation, a filter value)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ChooseOne(ModalScreen[str | None]):
    """Up, down and Enter (or a digit, or a click) choose; Escape gives ``None``."""

    DEFAULT_CSS = """
    ChooseOne {
        align: center middle;
    }
    ChooseOne > Vertical {
        width: 90%;
        max-width: 76;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    ChooseOne .choose-title {
        text-style: bold;
        margin-bottom: 1;
    }
    ChooseOne OptionList {
        height: auto;
        max-height: 20;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuler", id="cancel"),
        *(Binding(str(n), f"pick({n})", show=False, id=f"pick_{n}") for n in range(1, 10)),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]], current: str | None) -> None:
        """``options`` are (id, label) pairs; ``current`` is highlighted first."""
        super().__init__()
        self._title = title
        self._options = options
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="choose-title", markup=False)
            yield OptionList(
                *(
                    Option(f"{n}. {label}" + (" ✔" if key == self._current else ""), id=key)
                    for n, (key, label) in enumerate(self._options, start=1)
                ),
                markup=False,
            )

    def on_mount(self) -> None:
        keys = [key for key, _ in self._options]
        options = self.query_one(OptionList)
        options.highlighted = keys.index(self._current) if self._current in keys else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self._options):
            self.dismiss(self._options[number - 1][0])

    def action_cancel(self) -> None:
        self.dismiss(None)

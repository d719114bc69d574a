"""The published versions, newest first: choose one for the kiosk (go back, or forward)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class VersionsScreen(ModalScreen[str | None]):
    """Enter chooses a version (its key comes back); Escape: None."""

    DEFAULT_CSS = """
    VersionsScreen {
        align: center middle;
    }
    VersionsScreen > Vertical {
        width: 90%;
        max-width: 90;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 1 2;
    }
    VersionsScreen .versions-title {
        text-style: bold;
        margin-bottom: 1;
    }
    VersionsScreen OptionList {
        height: auto;
        max-height: 16;
    }
    VersionsScreen .versions-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", show=False, id="cancel"),
    ]

    def __init__(self, title: str, versions: list[tuple[str, str]], hint: str) -> None:
        """``versions``: (key, line to show) pairs, newest first."""
        super().__init__()
        self._title = title
        self._versions = versions
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="versions-title", markup=False)
            options = (Option(line, id=key) for key, line in self._versions)
            yield OptionList(*options, markup=False)
            yield Static(self._hint, classes="versions-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

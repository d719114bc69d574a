""" "Start again?": asked when Back would leave the first question, never a silent wipe."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen

from terminal.i18n import translate
from terminal.kiosk.widgets.nav_bar import NavButton
from terminal.ui.reading import Words


class RestartScreen(ModalScreen[bool]):
    """Dismissed with True to erase everything and start again, False to go on.

    Going on is the safe answer: it is the bright button, and Enter, Back and any
    touch outside the two buttons keep the answers.
    """

    DEFAULT_CSS = """
    RestartScreen {
        align: center middle;
        background: $background 40%;
    }
    RestartScreen > Vertical {
        width: 90%;
        max-width: 70;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 0 2;
    }
    RestartScreen Static {
        width: 100%;
        text-align: center;
    }
    RestartScreen #restart-title {
        text-style: bold;
    }
    RestartScreen Horizontal {
        height: auto;
        margin-top: 1;
    }
    RestartScreen NavButton {
        height: 5;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "restart", show=False, id="restart_yes"),
        Binding("2,enter,backspace,escape", "go_on", show=False, id="restart_no"),
    ]

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical():
            yield Words("🔄", classes="pictogram-big")
            yield Words(t("restart.title"), id="restart-title")
            yield Words("🗑️ " + t("restart.explain"))
            with Horizontal():
                yield NavButton(f"1  🗑️\n{t('restart.yes')}", id="restart")
                yield NavButton(f"2  ▶️\n{t('restart.no')}", id="go_on", variant="primary")

    def t(self, key: str) -> str:
        return translate(self.language, key)

    def action_restart(self) -> None:
        self.dismiss(True)

    def action_go_on(self) -> None:
        self.dismiss(False)

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "restart")

""" "Are you still there?": the only visible countdown, before the kiosk wipes a session."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static

from terminal.i18n import translate
from terminal.kiosk.widgets.nav_bar import NavButton
from terminal.ui.reading import Words


class StillThereScreen(ModalScreen[bool]):
    """Dismissed with True on any key or touch, False when the time runs out."""

    DEFAULT_CSS = """
    StillThereScreen {
        align: center middle;
        background: $background 40%;  /* the question stays visible behind */
    }
    StillThereScreen > Vertical {
        width: 80%;
        max-width: 60;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    StillThereScreen Static {
        width: 100%;
        content-align: center middle;
        text-align: center;
    }
    StillThereScreen NavButton {
        margin: 1 0 0 0;
        width: 100%;
    }
    StillThereScreen #still-question {
        text-style: bold;
    }
    """

    def __init__(self, language: str, seconds: float) -> None:
        super().__init__()
        self.language = language
        self.remaining = int(seconds)
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Words("⏰", classes="pictogram-big")
            yield Words(translate(self.language, "idle.question"), id="still-question")
            yield Words(self._countdown(), id="still-countdown")
            yield Words("🗑️ " + translate(self.language, "idle.erased"))
            yield NavButton(
                "👆 " + translate(self.language, "idle.continue"), id="continue", variant="primary"
            )

    def _countdown(self) -> str:
        return translate(self.language, "idle.reset", seconds=self.remaining)

    def on_mount(self) -> None:
        self._ticker = self.set_interval(1.0, self._tick)

    def _answer(self, still_there: bool) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
            self.dismiss(still_there)

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._answer(False)
        else:
            self.query_one("#still-countdown", Static).update(self._countdown())

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self._answer(True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._answer(True)

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        self._answer(True)

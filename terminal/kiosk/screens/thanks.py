"""Thank you, what happens next; then the kiosk is ready for the next person."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from terminal.kiosk.messages import EndSession
from terminal.kiosk.screens.base import TouchAnywhereScreen

THANKS_SECONDS = 8.0


class ThanksScreen(TouchAnywhereScreen):
    def __init__(self, language: str) -> None:
        super().__init__()
        self._language = language

    @property
    def language(self) -> str:
        # The session is already wiped; only its language is kept, for this screen.
        return self._language

    def compose(self) -> ComposeResult:
        with Vertical(id="thanks"):
            yield Static("🙏", classes="pictogram-big")
            yield Static(self.t("thanks.title"), classes="welcome-title")
            yield Static(self.t("thanks.next"), classes="welcome-start")
            yield Static("🧹 " + self.t("thanks.wiped"), classes="welcome-reassure")

    def on_mount(self) -> None:
        self.set_timer(THANKS_SECONDS, lambda: self.post_message(EndSession()))

    def on_touch_anywhere(self) -> None:
        self.post_message(EndSession())

"""Thank you, what happens next; then the kiosk is ready for the next person."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from terminal.kiosk.messages import EndSession
from terminal.kiosk.screens.base import TouchAnywhereScreen
from terminal.ui.reading import Words

THANKS_SECONDS = 8.0


class ThanksScreen(TouchAnywhereScreen):
    # Three quick taps on "Terminer" must not skip this screen, nor start a session.
    MIN_GUARD_SECONDS = 2.0

    def __init__(self, language: str) -> None:
        self._language = language  # first: KioskScreen.__init__ reads `language`
        super().__init__()

    @property
    def language(self) -> str:
        # The session is already wiped; only its language is kept, for this screen.
        return self._language

    def compose(self) -> ComposeResult:
        with Vertical(id="thanks"):
            yield Words("🙏", classes="pictogram-big")
            yield Words(self.t("thanks.title"), classes="welcome-title")
            yield Words(self.t("thanks.next"), classes="welcome-start")
            yield Words("🧹 " + self.t("thanks.wiped"), classes="welcome-reassure")

    def on_mount(self) -> None:
        self.set_timer(THANKS_SECONDS, lambda: self.post_message(EndSession()))

    def on_touch_anywhere(self) -> None:
        self.post_message(EndSession())

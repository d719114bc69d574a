"""The first screen: a big pictogram, one sentence, any key or touch to start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Static

from terminal.i18n import UI_LANGUAGES, translate
from terminal.kiosk.messages import StartSession
from terminal.kiosk.screens.base import TouchAnywhereScreen
from terminal.printable import printable
from terminal.ui.reading import Words


class WelcomeScreen(TouchAnywhereScreen):
    """Bilingual, because nobody has chosen a language yet."""

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static("👋", id="welcome-pictogram", classes="pictogram-big")
            # Every language, each in its own script: nobody has chosen one yet.
            # `Words` wraps Arabic in reading order when a line is too long.
            for language in UI_LANGUAGES:
                yield Words(
                    translate(language, "welcome.title"),
                    language=language,
                    classes=f"welcome-title -{language}",
                )
                yield Words(
                    "👆 " + translate(language, "welcome.start"),
                    language=language,
                    classes=f"welcome-start -{language}",
                )
            for language in UI_LANGUAGES:
                yield Words(
                    translate(language, "welcome.reassure"),
                    language=language,
                    classes=f"welcome-reassure -{language}",
                )
            with Center():
                yield Static("", id="welcome-problem", markup=False)
            with Center():
                yield Static("", id="welcome-staff", markup=False)

    def show_problem(self, message: str) -> None:
        """Staff need to see why the kiosk cannot start; the public only sees 'not ready'."""
        problem = self.query_one("#welcome-problem", Static)
        text = f"{translate('fr', 'welcome.unavailable')}\n{message}"
        problem.update(printable(text, keep_newlines=True))
        problem.add_class("-visible")

    def show_staff_notes(self, notes: list[str]) -> None:
        """Problems that do not stop sessions (results not saved, no purge), for staff."""
        note = self.query_one("#welcome-staff", Static)
        note.update(printable("\n".join(notes), keep_newlines=True))
        note.set_class(bool(notes), "-visible")

    def on_touch_anywhere(self) -> None:
        self.post_message(StartSession())

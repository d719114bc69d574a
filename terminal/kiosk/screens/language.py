"""Choose a language by its own name, French first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from terminal.i18n import translate
from terminal.kiosk.messages import LanguageChosen
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.widgets.nav_bar import NavBar, NavButton
from terminal.kiosk.widgets.tile import Tile, TileGrid, TileSpec
from terminal.ui.bidi import visual


class LanguageScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"choose({n})", show=False, id=f"choose_{n}") for n in range(1, 7)
    ]

    def __init__(self, languages: list[str]) -> None:
        super().__init__()
        self.languages = languages

    def compose(self) -> ComposeResult:
        # Every language in one line, each laid out in its own direction here: a `Words`
        # would lay the line out again in the session's language (Arabic after a Back).
        titles = [visual(translate(lang, "language.question"), lang) for lang in self.languages]
        yield Static(" / ".join(titles), classes="screen-title", markup=False)
        yield TileGrid(
            [
                TileSpec(lang, lang.upper(), translate(lang, "language.name"), language=lang)
                for lang in self.languages
            ],
            selected={self.language},
            rows=1,
        )
        proceed = NavButton(self.t("language.continue") + " ⏎", id="proceed", variant="primary")
        yield NavBar([NavButton("⌫ " + self.t("nav.back"), id="back"), proceed])

    def action_choose(self, number: int) -> None:
        if 1 <= number <= len(self.languages):
            self.leave(LanguageChosen(self.languages[number - 1]))

    def action_proceed(self) -> None:
        """Enter keeps the language already marked (French at first)."""
        self.leave(LanguageChosen(self.language))

    def on_tile_chosen(self, message: Tile.Chosen) -> None:
        self.leave(LanguageChosen(message.tile.spec.key))

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        if event.button.id == "proceed":
            self.action_proceed()
        else:
            self.action_back()

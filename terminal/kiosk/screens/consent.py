"""Consent in easy-to-read words: what is kept, why, who sees it, for how long.

"No" is a full path: the person still gets the result and the QR code; nothing is stored.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from terminal.kiosk.messages import ConsentGiven
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.widgets.nav_bar import NavBar, NavButton
from terminal.kiosk.widgets.tile import Tile, TileGrid, TileSpec
from terminal.ui.reading import Words

CONSENT_LINES = (
    ("📥", "consent.what"),
    ("🎯", "consent.why"),
    ("👤", "consent.who"),
    ("⏳", "consent.how_long"),
)


class ConsentScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(1)", show=False, id="consent_yes"),
        Binding("2", "choose(2)", show=False, id="consent_no"),
    ]

    def compose(self) -> ComposeResult:
        months = self.state.retention_months
        yield Words("🔐 " + self.t("consent.title"), classes="screen-title")
        with Vertical(id="consent-lines"):
            for pictogram, key in CONSENT_LINES:
                yield Words(f"{pictogram}  {self.t(key, months=months)}", classes="consent-line")
        yield Words(self.t("consent.question"), classes="question-text")
        consent = self.state.session.consent
        yield TileGrid(
            [
                TileSpec("yes", "✅", self.t("consent.yes")),
                TileSpec("no", "✋", self.t("consent.no")),
            ],
            selected={"yes"} if consent is True else {"no"} if consent is False else set(),
            id="consent-tiles",
            columns=2,
            rows=1,
        )
        yield Words("ℹ " + self.t("consent.no_is_fine"), classes="hint")
        yield NavBar([NavButton("⌫ " + self.t("nav.back"), id="back")])

    def action_choose(self, number: int) -> None:
        self.leave(ConsentGiven(number == 1))

    def on_tile_chosen(self, message: Tile.Chosen) -> None:
        self.leave(ConsentGiven(message.tile.spec.key == "yes"))

    def on_nav_button_pressed(self) -> None:
        self.action_back()

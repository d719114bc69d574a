"""The result, in pictograms: equipment, a level per skill area, contact, next steps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from questionnaires.report import channel_lines, equipment_lines, level_lines, next_step_lines
from questionnaires.result import Result
from terminal.screens.base import KioskScreen
from terminal.widgets.nav_bar import NavBar, NavButton


class ResultScreen(KioskScreen):
    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        lang = self.language
        result = self.result
        yield Static("🧾 " + self.t("result.title"), classes="screen-title")
        with VerticalScroll(id="result-body"):
            yield Static("📦 " + self.t("result.equipment"), classes="result-heading")
            equipment = equipment_lines(result, lang)
            yield Static(
                "   ".join(f"{line.pictogram} {line.text}" for line in equipment)
                or self.t("result.no_equipment"),
                classes="result-text",
                markup=False,
            )
            yield Static("🧭 " + self.t("result.skills"), classes="result-heading")
            for level in level_lines(result, lang):
                with Horizontal(classes=f"level-row -level-{level.level}"):
                    yield Static(
                        f"{level.pictogram} {level.area}", classes="level-area", markup=False
                    )
                    yield Static(level.dots, classes="level-dots")
                    yield Static(
                        f"{level.level_pictogram} {level.level_label}",
                        classes="level-label",
                        markup=False,
                    )
            yield Static("📞 " + self.t("result.contact"), classes="result-heading")
            yield Static(
                "   ".join(f"{line.pictogram} {line.text}" for line in channel_lines(result, lang)),
                classes="result-text",
                markup=False,
            )
            yield Static("➡ " + self.t("result.next"), classes="result-heading")
            for number, line in enumerate(next_step_lines(result, lang), start=1):
                yield Static(
                    f"{number}. {line.pictogram} {line.text}", classes="result-text", markup=False
                )
        yield NavBar(
            [
                NavButton("⌫ " + self.t("nav.back"), id="back"),
                NavButton(self.t("result.show_code") + " ⏎", id="proceed", variant="primary"),
            ]
        )

    def action_proceed(self) -> None:
        self.kiosk.hand_over(self.result)

    def on_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        (self.action_back if event.button.id == "back" else self.action_proceed)()

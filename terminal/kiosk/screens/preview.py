"""The end of a preview: what the rules made of the answers, and why; nothing saved.

A facilitator trying a questionnaire (`diagnum questionnaire preview FILE`, or "try it"
in the editor) reaches this screen instead of the QR code: each level with the
answers it rests on, each channel and next step with the answers that made its rule
fire.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from questionnaires.report import answer_lines, scoring_lines
from questionnaires.result import Result
from terminal.kiosk.messages import Finished
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.widgets.nav_bar import NavBar, NavButton


class PreviewScreen(KioskScreen):
    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        yield Static("👁 " + self.t("preview.title"), classes="screen-title")
        with VerticalScroll(id="preview-body"):
            yield Static("🔒 " + self.t("preview.nothing_saved"), classes="hint")
            yield Static("", id="preview-rules", markup=False)
            yield Static(self.t("preview.quit"), classes="hint")
        yield NavBar(
            [
                NavButton("⌫ " + self.t("nav.back"), id="back"),
                NavButton(self.t("preview.again") + " ⏎", id="proceed", variant="primary"),
            ]
        )

    def on_resize(self, event: events.Resize) -> None:
        """The rules wrapped to the room there is: each reason under its own line.
        (Textual calls the base screen's handler too: its size classes.)"""
        rules = self.query_one("#preview-rules", Static)
        body = self.query_one("#preview-body", VerticalScroll)  # its scrollbar's room kept
        width = max(30, body.scrollable_content_region.width or self.size.width - 4)
        lines = scoring_lines(self.result, self.language, width=width)
        if not lines:  # a questionnaire without scoring: its answers
            lines = [
                f"{line.pictogram} {line.text}" for line in answer_lines(self.result, self.language)
            ]
        rules.update("\n".join(lines))

    def action_proceed(self) -> None:
        self.post_message(Finished())

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        (self.action_back if event.button.id == "back" else self.action_proceed)()

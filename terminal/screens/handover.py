"""The QR code to show the adviser, the short code in large characters, and whether it was saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from questionnaires.result import Result, format_result_code
from terminal.save_status import SaveStatus
from terminal.screens.base import KioskScreen
from terminal.widgets.nav_bar import NavButton
from terminal.widgets.qr_code import QRCodeView


def spaced(code: str) -> str:
    """Letters spaced out read larger on a terminal that cannot change its font."""
    return " ".join(code)


def grouped(payload: str, size: int = 4) -> str:
    return " ".join(payload[i : i + size] for i in range(0, len(payload), size))


class HandoverScreen(KioskScreen):
    # "Finish" sits where "See my code" was: a double tap must not hide the code at once.
    GUARD_FACTOR = 4.0

    def __init__(self, result: Result, payload: str, status: SaveStatus) -> None:
        super().__init__()
        self.result = result
        self.payload = payload
        self.status = status

    def compose(self) -> ComposeResult:
        with Horizontal(id="handover"):
            yield QRCodeView(self.payload, id="qr")
            with Vertical(id="handover-side"):
                yield Static("👉 " + self.t("handover.title"), classes="handover-title")
                yield Static(self.t("handover.code"), classes="hint")
                yield Static(
                    spaced(format_result_code(self.result.code)), id="result-code", markup=False
                )
                status_text = {
                    SaveStatus.SAVED: "✔ " + self.t("handover.saved"),
                    SaveStatus.NOT_KEPT: "🔒 " + self.t("handover.not_kept"),
                    SaveStatus.NOT_SAVED: "📷 " + self.t("handover.not_saved"),
                }[self.status]
                yield Static(status_text, id="save-status", classes=f"-{self.status.value}")
                yield Static("📸 " + self.t("handover.photo"), id="photo-hint")
                yield Static(
                    f"{self.t('handover.typed')} {grouped(self.payload)}",
                    id="full-code",
                    markup=False,
                )
                yield NavButton(self.t("handover.finish") + " ⏎", id="proceed", variant="primary")

    def action_back(self) -> None:
        """The result is handed over; going back would only confuse."""

    def action_proceed(self) -> None:
        self.kiosk.say_thanks()

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        self.action_proceed()

"""The QR code to show the adviser, and how to take it away: a photo, the desk, a ticket.

What the screen says depends on the person:
- with a smartphone, "take a photo of this code"; without one, "show this screen at
  the desk" (and the ticket prints when the kiosk has a printer); when the phone
  question was not answered, both;
- a saved result shows its short code in large letters: the adviser finds the result
  with it. A result that was not kept (the person said no) or not saved has no short
  code worth showing: the full code, grouped for copying, is the only way back to it,
  and the screen says so.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from questionnaires.result import Result, format_result_code
from terminal.kiosk.messages import Finished
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.widgets.nav_bar import NavButton
from terminal.services.saving import SaveStatus
from terminal.services.ticket import grouped
from terminal.ui.qr_code import QRCodeView
from terminal.ui.reading import Words

__all__ = ["HandoverScreen", "SaveStatus", "code_lines", "grouped", "spaced"]


def spaced(code: str) -> str:
    """Letters spaced out read larger on a terminal that cannot change its font."""
    return " ".join(code)


def code_lines(payload: str, most: int) -> str:
    """The full code in groups of four, at most ``most`` groups a line, the lines
    balanced: a lone last group is easy to miss when copying."""
    groups = grouped(payload).split()
    lines = -(-len(groups) // most)
    per_line = -(-len(groups) // lines)
    return "\n".join(" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line))


def wants_ticket(result: Result) -> bool:
    """A printed ticket for everyone who may not be able to take a photo."""
    return result.can_photograph is not True


class HandoverScreen(KioskScreen):
    # "Finish" sits where "See my code" was: a double tap must not hide the code at once.
    GUARD_FACTOR = 4.0

    def __init__(
        self, result: Result, payload: str, status: SaveStatus, *, printing: bool = False
    ) -> None:
        super().__init__()
        self.result = result
        self.payload = payload
        self.status = status
        self.printing = printing  # a ticket is on its way to the printer

    def compose(self) -> ComposeResult:
        saved = self.status is SaveStatus.SAVED
        with Horizontal(id="handover"):
            yield QRCodeView(self.payload, id="qr")
            with Vertical(id="handover-side"):
                yield Words("👉 " + self.t("handover.title"), classes="handover-title")
                if saved:
                    yield Words(self.t("handover.code"), classes="hint")
                    yield Words(
                        spaced(format_result_code(self.result.code)),
                        id="result-code",
                        markup=False,
                    )
                status_text = {
                    SaveStatus.SAVED: "✔ " + self.t("handover.saved"),
                    SaveStatus.NOT_KEPT: "🔒 " + self.t("handover.not_kept"),
                    SaveStatus.NOT_SAVED: "📷 " + self.t("handover.not_saved"),
                }[self.status]
                yield Words(status_text, id="save-status", classes=f"-{self.status.value}")
                if not saved:
                    yield Words(self.t("handover.only_way"), id="only-way")
                    most = 4 if self.has_class("-narrow") else 7
                    code = Words(code_lines(self.payload, most), id="full-code", markup=False)
                    code.border_title = self.t("ticket.full_code")
                    code.add_class("-only-way")
                    yield code
                yield Words(self._how_to_keep(), id="photo-hint")
                if self.printing:
                    yield Words("🧾 " + self.t("handover.printing"), id="print-status")
                if saved:
                    yield Words(
                        f"{self.t('handover.typed')} {grouped(self.payload)}",
                        id="full-code",
                        markup=False,
                    )
                yield NavButton(self.t("handover.finish") + " ⏎", id="proceed", variant="primary")

    def _how_to_keep(self) -> str:
        photo = self.result.can_photograph
        if photo is True:
            return "📸 " + self.t("handover.photo")
        if photo is False:
            return "🙋 " + self.t("handover.show_desk")
        return "📸 " + self.t("handover.photo_or_desk")

    def show_print_outcome(self, printed: bool) -> None:
        """The ticket went to the queue (the message stays) or it did not: say so gently."""
        if printed:
            return
        for status in self.query("#print-status").results(Static):
            status.update("🧾 " + self.t("handover.print_failed"))
            status.add_class("-failed")

    def action_back(self) -> None:
        """The result is handed over; going back would only confuse."""

    def action_proceed(self) -> None:
        self.post_message(Finished())

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        self.action_proceed()

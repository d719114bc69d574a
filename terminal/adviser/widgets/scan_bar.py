"""The scan field, on every console screen: it always has the focus.

A USB scanner types the code like a keyboard and presses Enter; an adviser types a
code or a short code, or drops an image file's path. Enter posts `Scanned` and the
field is emptied at once, ready for the next scan.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from terminal.adviser.messages import Scanned
from terminal.ui.keys_in_order import InOrderInput


class ScanField(InOrderInput):
    """Emptied the moment Enter is read: the next scan's letters, already on their way,
    start a new code instead of being cleared with the old one."""

    async def action_submit(self) -> None:
        value, self.value = self.value, ""
        self.post_message(self.Submitted(self, value))


class ScanBar(Vertical):
    DEFAULT_CSS = """
    ScanBar {
        height: auto;
        dock: top;
        padding: 0 1;
        background: $boost;
    }
    ScanBar Input {
        width: 1fr;
        border: tall $accent;
    }
    ScanBar #scan-message {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    ScanBar #scan-message.-error {
        color: $text-error;
        text-style: bold;
    }
    ScanBar #scan-message.-done {
        color: $text-success;
    }
    """

    def __init__(self, placeholder: str, hint: str) -> None:
        super().__init__()
        self._placeholder = placeholder
        self._hint = hint

    def compose(self) -> ComposeResult:
        yield ScanField(placeholder=self._placeholder, id="scan", select_on_focus=False)
        yield Static(self._hint, id="scan-message", markup=False)

    @property
    def field(self) -> Input:
        return self.query_one("#scan", Input)

    @on(Input.Submitted, "#scan")
    def _scanned(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(Scanned(event.value))  # the field emptied itself already

    def say(self, text: str, kind: str = "") -> None:
        """One line under the field: ``kind`` is "error", "done" or "" (a hint).
        An error also starts with ✖ and a success with ✔: colour is never the only sign."""
        mark = {"error": "✖ ", "done": "✔ "}.get(kind, "")
        message = self.query_one("#scan-message", Static)
        message.update(mark + text)
        message.set_class(kind == "error", "-error")
        message.set_class(kind == "done", "-done")

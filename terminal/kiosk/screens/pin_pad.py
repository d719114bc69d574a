"""The staff PIN pad: ten big digit keys, erase, cancel and OK; the digits never show.

It only collects the PIN: the app checks it and answers with `refuse` (wrong, or
locked out) or by closing the pad. Left alone, the pad closes itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from terminal.i18n import translate
from terminal.kiosk.messages import PinTyped
from terminal.kiosk.widgets.nav_bar import NavButton

MAX_DIGITS = 8
# Nobody typing: back to the public screen, so a half-typed PIN never waits there.
PAD_IDLE_SECONDS = 30.0
# A numeric keypad's layout, as on a card terminal: the digits, then cancel, erase and a
# tall OK down the right; a wide 0. Four rows, so the pad fits a 20-row terminal.
KEYS = ("1", "2", "3", "cancel", "4", "5", "6", "erase", "7", "8", "9", "ok", "0")
SYMBOLS = {"cancel": "✖ ", "erase": "⌫ ", "ok": "✔ "}  # the word keys, before their word


class PinPadScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    PinPadScreen {
        align: center middle;
        background: $background 60%;
    }
    PinPadScreen > Vertical {
        width: 56;
        max-width: 100%;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    PinPadScreen Static {
        width: 100%;
        text-align: center;
    }
    PinPadScreen #pin-title {
        text-style: bold;
    }
    PinPadScreen #pin-dots {
        text-style: bold;
        height: 1;
    }
    PinPadScreen #pin-message {
        height: auto;
        color: $warning;
    }
    PinPadScreen Grid {
        grid-size: 4 4;
        grid-columns: 1fr 1fr 1fr 15;
        grid-rows: 3;
        grid-gutter: 0 1;
        height: auto;
    }
    PinPadScreen NavButton {
        margin: 0;
        width: 100%;
        height: 100%;
    }
    PinPadScreen #key-0 {
        column-span: 3;
    }
    PinPadScreen #key-ok {
        row-span: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"digit('{n}')", show=False, id=f"pin_{n}") for n in range(10)),
        Binding("backspace", "erase", show=False, id="pin_erase"),
        Binding("enter", "ok", show=False, id="pin_ok"),
        Binding("escape", "cancel", show=False, id="pin_cancel"),
    ]

    def __init__(self, note: str | None = None) -> None:
        super().__init__()
        self.digits = ""
        self.checking = False  # a PIN is being checked: keys wait
        self._note = note

    def t(self, key: str, **values: object) -> str:
        return translate("fr", key, **values)  # staff read French

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("🔐 " + self.t("staff.pin.title"), id="pin-title")
            yield Static(self.t("staff.pin.prompt"))
            yield Static("", id="pin-dots")
            yield Static(self._note or "", id="pin-message", markup=False)
            with Grid():
                for key in KEYS:
                    yield NavButton(self._label(key), id=f"key-{key}")

    def _label(self, key: str) -> str:
        if key in SYMBOLS:
            return SYMBOLS[key] + self.t(f"staff.pin.{key}")
        return key

    def on_mount(self) -> None:
        self._idle = self.set_timer(PAD_IDLE_SECONDS, self.action_cancel)

    def _touched(self) -> None:
        # A new timer, not Timer.reset(), which only applies once the current wait ends.
        self._idle.stop()
        self._idle = self.set_timer(PAD_IDLE_SECONDS, self.action_cancel)

    def _show_dots(self) -> None:
        self.query_one("#pin-dots", Static).update("● " * len(self.digits))

    def action_digit(self, digit: str) -> None:
        self._touched()
        if not self.checking and len(self.digits) < MAX_DIGITS:
            self.digits += digit
            self._show_dots()

    def action_erase(self) -> None:
        self._touched()
        self.digits = self.digits[:-1]
        self._show_dots()

    def action_ok(self) -> None:
        self._touched()
        if self.checking or not self.digits:
            return
        self.checking = True
        pin, self.digits = self.digits, ""
        self._show_dots()
        self.post_message(PinTyped(pin))

    def action_cancel(self) -> None:
        self.digits = ""
        self.dismiss(None)

    def refuse(self, note: str) -> None:
        """The app says no: wrong PIN, or locked out for a while."""
        self.checking = False
        self.query_one("#pin-message", Static).update(note)

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        key = (event.button.id or "").removeprefix("key-")
        if key.isdigit():
            self.action_digit(key)
        else:
            {"erase": self.action_erase, "ok": self.action_ok}.get(key, self.action_cancel)()

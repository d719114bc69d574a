"""The staff menu, behind the PIN: the console, the editor, an export, back, or stop.

It is the only screen of the kiosk's "staff" mode. Left alone, it counts down and
sends the kiosk back to the public (`StaffChoice("public")`).
"""

from __future__ import annotations

from time import monotonic
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from terminal.i18n import translate
from terminal.kiosk.messages import StaffChoice
from terminal.kiosk.widgets.nav_bar import NavButton
from terminal.ui.idle_exit import PRESENCE

CHOICES = (
    ("console", "🗂️", "staff.menu.console"),
    ("editor", "✏️", "staff.menu.editor"),
    ("export", "📤", "staff.menu.export"),
    ("public", "🏠", "staff.menu.public"),
    ("quit", "⏻", "staff.menu.quit"),
)


class StaffMenuScreen(Screen[None]):
    DEFAULT_CSS = """
    StaffMenuScreen {
        align: center top;
    }
    StaffMenuScreen > Vertical {
        width: 100%;
        max-width: 60;
        height: auto;
        padding: 0 1;
    }
    StaffMenuScreen .screen-title {
        margin-bottom: 1;
    }
    StaffMenuScreen NavButton {
        width: 100%;
        margin: 0;
        content-align: left middle;
        text-align: left;
    }
    StaffMenuScreen #staff-message {
        height: auto;
        margin-top: 1;
    }
    StaffMenuScreen #staff-notes {
        height: auto;
        border: round $warning;
        padding: 0 1;
        margin-bottom: 1;
    }
    StaffMenuScreen #staff-idle {
        height: 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"choose('{choice}')", show=False, id=f"staff_{choice}")
            for n, (choice, _, _) in enumerate(CHOICES, start=1)
        ),
        Binding("escape", "choose('public')", show=False, id="staff_escape"),
    ]

    def __init__(self, idle_seconds: float, notes: list[str] | None = None) -> None:
        super().__init__()
        self.idle_seconds = idle_seconds
        self.notes = notes or []  # what the welcome screen tells staff, e.g. a refused file
        self._last_touch = monotonic()

    def compose(self) -> ComposeResult:
        t = translate
        yield Static("🔓 " + t("fr", "staff.menu.title"), classes="screen-title")
        with Vertical():
            if self.notes:
                yield Static("\n".join(self.notes), id="staff-notes", markup=False)
            for number, (choice, pictogram, key) in enumerate(CHOICES, start=1):
                yield NavButton(f"{number}  {pictogram}  {t('fr', key)}", id=choice)
            yield Static("", id="staff-message", markup=False)
            yield Static("", id="staff-idle")

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(1.0, self._tick)

    def touched(self) -> None:
        """Someone is there: the countdown starts again (a key, or back from a tool), and
        says so at once."""
        self._last_touch = monotonic()
        if self.is_mounted:
            self._tick()

    def _tick(self) -> None:
        left = self.idle_seconds - (monotonic() - self._last_touch)
        if left <= 0:
            self._last_touch = monotonic()
            self.post_message(StaffChoice("public"))
            return
        idle = translate("fr", "staff.menu.idle", seconds=int(left + 0.99))
        self.query_one("#staff-idle", Static).update("⏲ " + idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, PRESENCE):  # what the kiosk's own idle timer counts
            self.touched()
        await super().on_event(event)

    def show_message(self, text: str) -> None:
        """What an export or a tool said, for staff to read."""
        self.query_one("#staff-message", Static).update(text)

    def action_choose(self, choice: str) -> None:
        self.post_message(StaffChoice(choice))

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        self.post_message(StaffChoice(event.button.id or "public"))

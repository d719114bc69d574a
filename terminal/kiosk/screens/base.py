"""What every kiosk screen shares: the person's language and the keys that never change.

Screens read the kiosk's state through `KioskState` and tell it what happened with
messages (`terminal.kiosk.messages`); they never call into the app.
"""

from __future__ import annotations

import math
from time import monotonic
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from terminal.i18n import is_rtl, translate
from terminal.kiosk.messages import GoBack

if TYPE_CHECKING:
    from pathlib import Path

    from questionnaires.session import Session
    from terminal.services.voice import Voice


NARROW_BELOW = 70  # columns
SHORT_BELOW = 22  # rows


def size_classes(width: int, height: int) -> tuple[str, str]:
    """The layout classes for a terminal size; kiosk.tcss tightens "-short" and "-narrow"."""
    return (
        "-narrow" if width < NARROW_BELOW else "-wide",
        "-short" if height < SHORT_BELOW else "-tall",
    )


class KioskState(Protocol):
    """What a kiosk screen may read of the app it runs in."""

    @property
    def session(self) -> Session: ...

    @property
    def input_guard_seconds(self) -> float: ...

    @property
    def handing_over(self) -> bool: ...

    @property
    def retention_months(self) -> int: ...

    @property
    def preview(self) -> Path | None: ...

    @property
    def preview_name(self) -> str: ...

    @property
    def voice(self) -> Voice | None: ...

    @property
    def media_folder(self) -> Path | None: ...

    @property
    def read_aloud(self) -> bool: ...


class KioskScreen(Screen[None]):
    """Backspace always goes back and Enter always continues, on every screen.

    Size classes are set when the screen is created, not by Textual's breakpoints
    after it is mounted: that would style every new question screen twice.
    """

    HORIZONTAL_BREAKPOINTS = []
    VERTICAL_BREAKPOINTS = []

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("backspace", "back", "Back", id="back", show=False),
        Binding("enter", "proceed", "Continue", id="proceed", show=False),
    ]

    # Keys and touches are ignored this many "input guards" after the screen appears
    # (the app drops them, see KioskApp.on_event): a held key or a double tap must not
    # also answer the next screen.
    GUARD_FACTOR = 1.0
    # At least this long, whatever the setting: the screens where a quick second tap
    # would skip what the person must see (the thank-you, then the next welcome).
    MIN_GUARD_SECONDS = 0.0

    def __init__(self, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.add_class(*size_classes(*self.app.size))
        # Arabic reads from the right: its texts align there (`Words` orders them).
        self.set_class(is_rtl(self.language), "-rtl")
        # From the start, not only once shown: the app routes keys to the top screen
        # as soon as it is pushed, and a second tap may come before it shows.
        self._accepts_input_at = monotonic() + self._guard_seconds()
        self._held_until = 0.0

    def on_mount(self) -> None:
        if self.state.preview is not None:  # a facilitator's try: say so on every screen
            banner = self.t("preview.banner", file=self.state.preview_name)
            self.mount(Static(banner, classes="preview-banner", markup=False))

    def on_screen_resume(self) -> None:
        self._accepts_input_at = max(monotonic() + self._guard_seconds(), self._held_until)

    def _guard_seconds(self) -> float:
        return max(self.state.input_guard_seconds * self.GUARD_FACTOR, self.MIN_GUARD_SECONDS)

    def hold_input(self, seconds: float) -> None:
        """Ignore keys and touches for ``seconds`` from now (the welcome screen, just
        after someone's session: their last taps must not start a new one)."""
        self._held_until = monotonic() + seconds
        self._accepts_input_at = max(self._accepts_input_at, self._held_until)

    def too_soon(self) -> bool:
        return monotonic() < self._accepts_input_at

    def on_resize(self, event: events.Resize) -> None:
        # Only what changed: a class removed then added again restyles every widget.
        wanted = size_classes(event.size.width, event.size.height)
        for name in ("-narrow", "-wide", "-short", "-tall"):
            self.set_class(name in wanted, name)

    @property
    def state(self) -> KioskState:
        return cast("KioskState", self.app)

    @property
    def language(self) -> str:
        return self.state.session.language

    def t(self, key: str, **values: object) -> str:
        return translate(self.language, key, **values)

    def leave(self, message: Message) -> None:
        """Post a message that moves to another screen. Keys already on their way (a
        held key) must not also answer this screen while the app routes the message:
        input waits until this screen shows again, if it ever does."""
        self._accepts_input_at = math.inf
        self.post_message(message)

    def action_back(self) -> None:
        self.leave(GoBack())

    def action_proceed(self) -> None:
        """Screens that can move on override this."""


class TouchAnywhereScreen(KioskScreen):
    """A screen with nothing to choose: any key or touch moves on, and there is no "back"."""

    GUARD_FACTOR = 0.0  # nothing to answer twice: the first key is always taken

    def on_touch_anywhere(self) -> None:
        raise NotImplementedError

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.on_touch_anywhere()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.on_touch_anywhere()

    def action_back(self) -> None:
        """Nothing to go back to."""

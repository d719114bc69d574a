"""Closing a staff app left alone: opened from the kiosk's staff menu, the console and
the editor end after a few idle minutes, and the kiosk is back in public mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.timer import Timer

# What counts as someone being there, in the kiosk and in the staff apps alike.
PRESENCE = (
    events.Key | events.MouseDown | events.MouseUp | events.MouseScrollDown | events.MouseScrollUp
)


class IdleExit:
    """Calls ``on_idle`` after ``seconds`` without a key or a touch; never with None."""

    def __init__(self, app: App[Any], seconds: float | None, on_idle: Callable[[], None]) -> None:
        self.app = app
        self.seconds = seconds
        self.on_idle = on_idle
        self._timer: Timer | None = None

    def start(self) -> None:
        self._restart()

    def seen(self, event: events.Event) -> None:
        """Give every event the app receives: a key or a touch starts the wait again."""
        if isinstance(event, PRESENCE):
            self._restart()

    def _restart(self) -> None:
        # A new timer, not Timer.reset(), which only applies once the current wait ends.
        if self.seconds is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(self.seconds, self.on_idle)

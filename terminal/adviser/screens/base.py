"""What every console screen shares: the scan field on top, keeping the focus, and the
keys that reach every part of the console."""

from __future__ import annotations

from typing import ClassVar, Protocol, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from terminal.adviser.messages import AskImport, ShowFunders, ShowHome
from terminal.adviser.widgets.scan_bar import ScanBar
from terminal.i18n import translate


class ConsoleState(Protocol):
    """What a console screen may read of the app it runs in."""

    @property
    def language(self) -> str: ...


# For a screen whose body scrolls: the scan field keeps the focus, so the keys that
# would scroll a focused widget scroll the body instead.
SCROLL_KEYS: list[BindingType] = [
    Binding("pageup", "scroll(-0.9)", show=False, id="page_up", priority=True),
    Binding("pagedown", "scroll(0.9)", show=False, id="page_down", priority=True),
    Binding("up", "scroll(-0.1)", show=False, id="line_up", priority=True),
    Binding("down", "scroll(0.1)", show=False, id="line_down", priority=True),
]


class ConsoleScreen(Screen[None]):
    """A console screen: the scan bar, a body (``compose_body``), the keys in a footer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "home", "Liste", id="home", priority=True),
        Binding("f3", "funders", "Bilan", id="funders", priority=True),
        Binding("f4", "import", "Import", id="import", priority=True),
        Binding("escape", "home", "Retour", id="back", show=False, priority=True),
    ]

    @property
    def language(self) -> str:
        return cast("ConsoleState", self.app).language

    def t(self, key: str, **values: object) -> str:
        return translate(self.language, key, **values)

    def scan_bar(self) -> ScanBar:
        return ScanBar(self.t("adviser.scan_placeholder"), self.t("adviser.scan_hint"))

    def footer(self) -> Footer:
        return Footer(show_command_palette=False, compact=True)

    @property
    def scan(self) -> ScanBar:
        return self.query_one(ScanBar)

    def on_screen_resume(self) -> None:
        self.scan.field.focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # The scan field always has the focus: a scanner's burst must never land elsewhere.
        self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        if self.is_current and self.focused is not self.scan.field:
            self.scan.field.focus()

    def scroll_body(self) -> Widget | None:
        """What the scroll keys move; screens with a body to scroll say which."""
        return None

    def action_scroll(self, pages: float) -> None:
        body = self.scroll_body()
        if body is not None:
            step = max(1, round(abs(pages) * body.size.height))
            body.scroll_to(y=body.scroll_y + (step if pages > 0 else -step), animate=False)

    def action_home(self) -> None:
        self.post_message(ShowHome())

    def action_funders(self) -> None:
        self.post_message(ShowFunders())

    def action_import(self) -> None:
        self.post_message(AskImport())

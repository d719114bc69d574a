"""One line at the top of a question: where the person is, on the left and on the right."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from terminal.ui.bidi import is_rtl, visual


class HeaderBar(Widget):
    """ "📱 Your equipment ........ Question 4 of 22 ▰▰▱▱": one widget, drawn to its width."""

    DEFAULT_CSS = """
    HeaderBar {
        height: 1;
        padding: 0 1;
        background: $kiosk-title;
        text-style: bold;
    }
    """

    def __init__(self, left: str, right: str, *, language: str = "fr") -> None:
        super().__init__()
        # Arabic: where the person is reads first, so it goes on the right.
        if is_rtl(language):
            left, right = visual(right, language), visual(left, language)
        self.left = left
        self.right = right

    def render(self) -> Content:
        # Plain text from the questionnaire file: never markup.
        room = self.content_region.width or self.size.width
        gap = max(1, room - cell_len(self.left) - cell_len(self.right))
        return Content(self.left + " " * gap + self.right)

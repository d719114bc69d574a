"""A long plain-text report, drawn line by line: only the lines on screen are rendered.

The adviser's report runs to a hundred lines of emoji and words. As one big `Static`,
Textual lays out and wraps all of it before the first frame; here a scan draws only
what fits on screen, so the report opens as fast as a bare screen (see
docs/performance.md). The report is written for 80 columns; on a narrower terminal
its long lines are wrapped again, indented, so nothing is cut off.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from questionnaires.typography import cell_width, wrap

#: Where a wrapped line goes on: under the text, past its pictogram.
CONTINUATION = "    "


class ReportView(ScrollView, can_focus=False):
    """Lines of text; those starting with "#" are headings (bold, in the accent colour,
    and marked by their "#": colour is never the only sign)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"report-view--heading"}

    DEFAULT_CSS = """
    ReportView {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    ReportView > .report-view--heading {
        color: $text-accent;
        text-style: bold;
    }
    """

    def __init__(self, lines: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[str] = []
        self._shown: list[str] = []
        self.set_lines(lines)

    def set_lines(self, lines: list[str]) -> None:
        """Show other lines, from the top."""
        self.lines = lines
        self._lay_out(self.size.width)
        self.scroll_to(0, 0, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out(event.size.width)

    def _lay_out(self, width: int) -> None:
        shown: list[str] = []
        for line in self.lines:
            if width <= 0 or cell_width(line) <= width:
                shown.append(line)
            else:
                shown += _rewrapped(line, width)
        self._shown = shown
        self.virtual_size = Size(width, len(shown))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        if index >= len(self._shown):
            return Strip.blank(self.size.width, self.rich_style)
        line = self._shown[index]
        style = self.rich_style
        if line.startswith("#"):
            style += self.get_component_rich_style("report-view--heading")
        strip = Strip([Segment(line, style)])
        return strip.crop_extend(scroll_x, scroll_x + self.size.width, self.rich_style)


def _rewrapped(line: str, width: int) -> list[str]:
    """A long line in lines of ``width``: the first keeps its indent, the others go
    further in."""
    lead = line[: len(line) - len(line.lstrip(" "))]
    indent = lead + CONTINUATION
    first, *rest = wrap(line.lstrip(" "), width, indent) or [line]
    return [lead + first[len(indent) :], *rest]

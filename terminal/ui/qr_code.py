"""A QR code drawn with half blocks, always black on white whatever the theme."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from questionnaires.qr import QRMatrix, make_qr

# Explicit colours: theme colours would come out inverted on a dark theme, and
# many phone scanners cannot read an inverted code.
DARK = "#000000"
LIGHT = "#ffffff"
_STYLES = {
    (top, bottom): Style(color=DARK if top else LIGHT, bgcolor=DARK if bottom else LIGHT)
    for top in (False, True)
    for bottom in (False, True)
}


class QRCodeView(Widget):
    """One cell shows two modules: ▀ with the top one as foreground, the bottom as background."""

    DEFAULT_CSS = """
    QRCodeView {
        width: auto;
        height: auto;
    }
    """

    def __init__(self, payload: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.matrix: QRMatrix = make_qr(payload)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.matrix.size

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return (self.matrix.size + 1) // 2

    def render_line(self, y: int) -> Strip:
        modules = self.matrix.modules
        if not 0 <= 2 * y < len(modules):
            return Strip.blank(self.size.width)
        top = modules[2 * y]
        bottom = modules[2 * y + 1] if 2 * y + 1 < len(modules) else (False,) * len(top)
        segments: list[Segment] = []
        run_key: tuple[bool, bool] | None = None
        run = 0
        for key in zip(top, bottom, strict=True):
            if key != run_key and run_key is not None:
                segments.append(Segment("▀" * run, _STYLES[run_key]))
                run = 0
            run_key = key
            run += 1
        if run_key is not None:
            segments.append(Segment("▀" * run, _STYLES[run_key]))
        return Strip(segments, len(top)).extend_cell_length(self.size.width)

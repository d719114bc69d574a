"""Rebuild the on-screen QR code as pixels, from the cells the widget really draws."""

from __future__ import annotations

from PIL import Image
from rich.color import Color

from terminal.ui.qr_code import QRCodeView

SCALE = 8


def _is_dark(color: Color | None) -> bool:
    assert color is not None, "every QR cell must have an explicit colour"
    r, g, b = color.get_truecolor()
    return (r + g + b) < 384


def qr_image(widget: QRCodeView) -> Image.Image:
    """Each ▀ cell becomes two pixels: the foreground on top, the background below."""
    rows: list[list[bool]] = []
    width = widget.matrix.size
    for y in range(widget.size.height):
        top: list[bool] = []
        bottom: list[bool] = []
        for segment in widget.render_line(y):
            if not segment.text:
                continue
            assert segment.style is not None
            for char in segment.text:
                if len(top) >= width:
                    break
                assert char == "▀", f"unexpected cell {char!r} in the QR code"
                top.append(_is_dark(segment.style.color))
                bottom.append(_is_dark(segment.style.bgcolor))
        rows += [top, bottom]
    image = Image.new("L", (width, len(rows)), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.putpixel((x, y), 0)
    return image.resize((width * SCALE, len(rows) * SCALE), Image.NEAREST)


def decode_qr(widget: QRCodeView) -> str:
    import zxingcpp

    results = zxingcpp.read_barcodes(qr_image(widget))
    assert results, "zxing-cpp found no QR code in the rendered cells"
    return str(results[0].text)

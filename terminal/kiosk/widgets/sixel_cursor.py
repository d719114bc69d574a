"""A fix for textual-image's Sixel widget (lnqs/textual-image#146, accepted upstream
but not in 0.12): after drawing a picture it put the cursor on the row BELOW the
picture, so the rest of the picture's last row was drawn one row too low, over the
tile's label ("Non, un télé / simple"). The cursor goes back to the picture's own
last row instead. Remove this module once a textual-image release has the fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.control import Control
from rich.segment import ControlType, Segment


def fix_sixel_cursor() -> None:
    """Patch the Sixel widget once; harmless if textual-image changes its insides."""
    try:
        from textual_image.widget import sixel
    except Exception:  # no textual-image, or one that cannot start: nothing to fix
        return
    implementation = getattr(sixel, "_ImageSixelImpl", None)
    if implementation is None or getattr(implementation, "_diagnum_fixed", False):
        return
    null_style = sixel._NULL_STYLE

    def segments(self: Any, sixel_data: str) -> Iterable[Segment]:
        region = self.screen.find_widget(self).visible_region
        last_row = region.y + region.height - 1
        return [
            Segment(Control.move_to(region.x, region.y).segment.text, style=null_style),
            Segment(sixel_data, style=null_style, control=((ControlType.CURSOR_FORWARD, 0),)),
            Segment(Control.move_to(region.right, last_row).segment.text, style=null_style),
        ]

    implementation._get_sixel_segments = segments
    implementation._diagnum_fixed = True

"""Text in the reading direction of its language: `Words` is a `Static` that lays out
Arabic for a terminal (shaped, wrapped in reading order, each line reordered) and
leaves French and English to Textual.

The language is the one given, else the screen's own (``screen.language``, as every
kiosk screen has): a screen built for an Arabic session needs no other change. The
caller aligns right-to-left text to the right (the kiosk's `.-rtl` CSS class).
"""

from __future__ import annotations

import logging
from typing import Any

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static

from terminal.ui.bidi import is_rtl, visual_lines

log = logging.getLogger("diagnum.ui")


class Words(Static):
    def __init__(self, content: VisualType = "", *, language: str | None = None, **kw: Any) -> None:
        super().__init__(content, **kw)
        self._language = language
        self._wrap_width = 0  # the width Textual last measured the height for

    @property
    def reading_language(self) -> str:
        return self._language or str(getattr(self.screen, "language", "") or "")

    def _rtl_text(self, width: int) -> str | None:
        """The text laid out for ``width`` cells, or None when Textual can draw it."""
        if not self.is_attached or not is_rtl(self.reading_language):
            return None
        try:
            return visual_lines(str(self.content), self.reading_language, max(width, 1))
        except Exception:  # a text that cannot be laid out: as it is, never a crash
            log.exception("a right-to-left text could not be laid out")
            return None

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        self._wrap_width = width
        text = self._rtl_text(width)
        if text is None:
            return super().get_content_height(container, viewport, width)
        return text.count("\n") + 1

    def render(self) -> Any:
        text = self._rtl_text(self.content_region.width or self._wrap_width)
        return super().render() if text is None else Content(text)

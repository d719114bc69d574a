"""A picture that stands for words: a real image where the terminal can draw one, else the emoji.

Which picture: the facilitator's own PNG (``media.image``) first, then the OpenMoji
picture shipped for the emoji (``terminal.kiosk.pictures``), then the emoji itself as
plain text. A file that is missing, unreadable or not a picture is skipped with a
warning in the log: the kiosk never fails over a picture.

Where: kitty draws images with its graphics protocol, foot, WezTerm, xterm (as a
VT340) and others with Sixel. ``prepare_graphics()`` asks the terminal, the
textual-image way, and must run before ``App.run()``: once Textual reads the
keyboard, the terminal's answer would be taken for a key. Everywhere else (tmux, the
Linux console, a browser through ``diagnum serve``, headless tests) it is the emoji.
Decoded pictures are kept in a small cache, so a new screen does not read them again.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget

from terminal.kiosk.pictures import openmoji_file

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger("diagnum.kiosk.pictures")

GraphicsSetting = Literal["auto", "kitty", "sixel", "none"]
Drawing = Literal["kitty", "sixel", "none"]
GRAPHICS_SETTINGS: tuple[str, ...] = get_args(GraphicsSetting)

# Terminals that may draw images: only these are asked, so every other terminal
# starts without waiting for an answer that will never come.
GRAPHIC_TERMS = ("xterm-kitty", "foot", "wezterm", "xterm-ghostty", "mlterm", "contour")
GRAPHIC_VARIABLES = ("KITTY_WINDOW_ID", "WEZTERM_EXECUTABLE", "KONSOLE_VERSION", "XTERM_VERSION")
GRAPHIC_PROGRAMS = ("WezTerm", "ghostty", "iTerm.app", "mintty")

# A facilitator's picture larger than this is shrunk once, when it is read.
MAX_SIDE = 512
# A picture claiming more pixels than this is refused before it is decoded.
MAX_PIXELS = 4096 * 4096
CACHE_SIZE = 96
CARD = (250, 250, 250, 255)

_drawing: Drawing = "none"


def may_draw(environ: Mapping[str, str]) -> bool:
    """Whether this terminal is one that may draw images, from its environment."""
    term = environ.get("TERM", "")
    return (
        any(term.startswith(name) for name in GRAPHIC_TERMS)
        or any(environ.get(name) for name in GRAPHIC_VARIABLES)
        or environ.get("TERM_PROGRAM", "") in GRAPHIC_PROGRAMS
    )


def prepare_graphics(setting: str = "auto") -> Drawing:
    """Decide once, before ``App.run()``, how pictures are drawn: "auto" asks the
    terminal; "kitty" or "sixel" forces that protocol; "none" shows emoji only."""
    global _drawing
    if setting not in GRAPHICS_SETTINGS:
        log.warning("graphics setting %r is not one of %s: emoji only", setting, GRAPHICS_SETTINGS)
        setting = "none"
    _drawing = _detect() if setting == "auto" else _load(setting)  # type: ignore[arg-type]
    log.info("pictures drawn with: %s", _drawing)
    return _drawing


def graphics() -> Drawing:
    """How pictures are drawn, as ``prepare_graphics()`` decided ("none" before it)."""
    return _drawing


def _detect() -> Drawing:
    stdout = sys.__stdout__
    if stdout is None or not stdout.isatty() or not may_draw(os.environ):
        return "none"
    try:
        # textual-image asks the terminal when it is first imported (Sixel, then kitty).
        from textual_image import renderable
        from textual_image.renderable.sixel import Image as SixelRenderable
        from textual_image.renderable.tgp import Image as TGPRenderable
    except Exception:  # a terminal that answers garbage must not stop the kiosk
        log.warning("could not ask the terminal about images: emoji only", exc_info=True)
        return "none"
    if renderable.Image is SixelRenderable:
        return _load("sixel")
    return _load("kitty") if renderable.Image is TGPRenderable else "none"


def _load(drawing: Drawing) -> Drawing:
    if drawing == "none":
        return "none"
    try:
        import textual_image.widget  # noqa: F401  (measures the cells, before Textual starts)
    except Exception:
        log.warning("textual-image cannot start: emoji only", exc_info=True)
        return "none"
    if drawing == "sixel":
        from terminal.kiosk.widgets.sixel_cursor import fix_sixel_cursor

        fix_sixel_cursor()  # labels under pictures are not overdrawn
    return drawing


class PictureCache:
    """Decoded pictures by (path, modification time, size): a changed file is read
    again, an unchanged one never. The least recently used go first."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.decoded = 0  # how many files were really read and decoded
        self._entries: OrderedDict[tuple[str, int, int], Image | None] = OrderedDict()
        self._warned: set[str] = set()

    def get(self, path: Path) -> Image | None:
        """The decoded picture, or None (logged once) if it cannot be used."""
        try:
            status = path.stat()
        except OSError as error:
            self._warn(path, f"cannot be read ({error.strerror or error})")
            return None
        key = (str(path), status.st_mtime_ns, status.st_size)
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        image = self._decode(path)
        self._entries[key] = image
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return image

    def _decode(self, path: Path) -> Image | None:
        from PIL import Image as PILImage  # only where pictures are drawn: a quicker start

        self.decoded += 1
        try:
            with PILImage.open(path) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    self._warn(path, f"is too large ({opened.width}×{opened.height} pixels)")
                    return None
                opened.thumbnail((MAX_SIDE, MAX_SIDE))
                return _on_card(opened.convert("RGBA"))
        except Exception as error:  # Pillow raises many kinds for a broken file
            self._warn(path, f"is not a picture Diagnum can read ({error})")
            return None

    def _warn(self, path: Path, why: str) -> None:
        if str(path) not in self._warned:
            self._warned.add(str(path))
            log.warning("picture %s %s: showing the emoji instead", path, why)


CACHE = PictureCache()


def _on_card(image: Image) -> Image:
    """The picture on a light card: OpenMoji's black outlines vanish on a dark theme,
    and Sixel has no transparency."""
    from PIL import Image as PILImage

    card = PILImage.new("RGBA", image.size, CARD)
    card.alpha_composite(image)
    return card.convert("RGB")


def choose_picture(
    emoji: str, image: Path | None, cache: PictureCache = CACHE
) -> tuple[Path, Image] | None:
    """The first usable of: the facilitator's PNG, the OpenMoji picture of the emoji."""
    for path in (image, openmoji_file(emoji)):
        if path is not None:
            decoded = cache.get(path)
            if decoded is not None:
                return path, decoded
    return None


class Picture(Widget):
    """An emoji's picture, centred and as big as the space allows (the emoji as text
    where no picture can be drawn)."""

    DEFAULT_CSS = """
    Picture {
        width: 1fr;
        height: 1fr;
        align: center middle;
        content-align: center top;
    }
    Picture > .picture-image {
        width: auto;
        height: auto;
    }
    """

    def __init__(
        self,
        emoji: str,
        image: Path | None = None,
        *,
        drawing: Drawing | None = None,
        cache: PictureCache = CACHE,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.emoji = emoji
        self.image = image
        self.drawing: Drawing = drawing or graphics()
        chosen = choose_picture(emoji, image, cache) if self.drawing != "none" else None
        self.source: Path | None = chosen[0] if chosen else None
        self._decoded = chosen[1] if chosen else None

    @property
    def shows_image(self) -> bool:
        return self._decoded is not None

    def render(self) -> Content:
        # The emoji, drawn by the widget itself: no child widget on most terminals, so a
        # question screen stays quick to build. From a facilitator's file: never markup.
        return Content(self.emoji if self._decoded is None else "")

    def compose(self) -> ComposeResult:
        if self._decoded is None:
            return
        from textual_image.widget import SixelImage, TGPImage

        kind = SixelImage if self.drawing == "sixel" else TGPImage
        yield kind(self._decoded, classes="picture-image")

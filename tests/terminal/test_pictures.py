"""Pictures on the kiosk: the facilitator's PNG, then OpenMoji, then the emoji; a cache that
does not read a file twice; the shipped subset that covers every emoji of the questionnaires.

Headless Pilot has no terminal to ask, so the drawing is forced ("kitty" or "sixel"), as a
kiosk's `graphics` setting would; the textual-image widgets then render for real.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from PIL import Image
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual_image.widget import SixelImage, TGPImage

from terminal.kiosk.pictures import PICTURES_DIR, hexcodes, openmoji_file
from terminal.kiosk.pictures.build_openmoji import used_emojis
from terminal.kiosk.widgets.picture import (
    Drawing,
    Picture,
    PictureCache,
    graphics,
    may_draw,
    prepare_graphics,
)

NO_OPENMOJI = "🦄"  # not in the shipped subset


def write_png(path: Path, colour: str = "red", size: int = 40) -> Path:
    Image.new("RGBA", (size, size), colour).save(path)
    return path


class OnePicture(App[None]):
    def __init__(self, picture: Picture) -> None:
        super().__init__()
        self.picture = picture

    def compose(self) -> ComposeResult:
        yield self.picture


async def shown(picture: Picture, size: tuple[int, int] = (30, 10)) -> list[Widget]:
    """The widgets the picture shows once mounted and drawn."""
    app = OnePicture(picture)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        children = list(picture.children)
        for child in children:
            assert child.region.height >= 1
        return children


@pytest.mark.parametrize(("drawing", "kind"), [("kitty", TGPImage), ("sixel", SixelImage)])
async def test_a_facilitators_png_wins_over_openmoji(
    tmp_path: Path, drawing: Drawing, kind: type
) -> None:
    own = write_png(tmp_path / "mine.png")
    picture = Picture("📱", own, drawing=drawing, cache=PictureCache())
    [child] = await shown(picture)
    assert isinstance(child, kind)
    assert picture.source == own


async def test_openmoji_stands_in_without_a_png_of_ones_own() -> None:
    picture = Picture("📱", None, drawing="kitty", cache=PictureCache())
    [child] = await shown(picture)
    assert isinstance(child, TGPImage)
    assert picture.source == PICTURES_DIR / "1F4F1.png"


@pytest.mark.parametrize("broken", ["missing", "corrupt", "truncated", "folder"])
async def test_an_unusable_png_falls_back_to_the_emoji_with_a_warning(
    tmp_path: Path, broken: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "broken.png"
    if broken == "corrupt":
        path.write_bytes(b"not a picture at all")
    elif broken == "truncated":
        write_png(path, size=200)
        path.write_bytes(path.read_bytes()[:60])
    elif broken == "folder":
        path.mkdir()
    with caplog.at_level(logging.WARNING, logger="diagnum.kiosk.pictures"):
        picture = Picture(NO_OPENMOJI, path, drawing="kitty", cache=PictureCache())
        assert await shown(picture) == []  # no image widget: the emoji, drawn as text
    assert str(picture.render()) == NO_OPENMOJI
    assert not picture.shows_image
    assert str(path) in caplog.text


async def test_a_broken_png_of_ones_own_still_gets_the_openmoji_picture(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\nnothing after")
    picture = Picture("📱", path, drawing="kitty", cache=PictureCache())
    await shown(picture)
    assert picture.source == PICTURES_DIR / "1F4F1.png"


async def test_without_graphics_the_emoji_is_plain_text(tmp_path: Path) -> None:
    picture = Picture("[b]📱", write_png(tmp_path / "mine.png"), drawing="none")
    assert await shown(picture) == []
    assert str(picture.render()) == "[b]📱"  # no markup


def test_the_cache_returns_the_same_picture_without_reading_the_file_again(
    tmp_path: Path,
) -> None:
    path = write_png(tmp_path / "mine.png")
    cache = PictureCache()
    first = cache.get(path)
    assert first is not None and first.size == (40, 40)
    # Same size, same time, other bytes: only a cache that does not read can return it.
    status = path.stat()
    path.write_bytes(b"x" * status.st_size)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert cache.get(path) is first
    assert cache.decoded == 1
    # A newer file is read again (here: no longer a picture).
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    assert cache.get(path) is None
    assert cache.decoded == 2


def test_the_cache_forgets_the_least_recently_used(tmp_path: Path) -> None:
    paths = [write_png(tmp_path / f"{n}.png") for n in range(3)]
    cache = PictureCache(size=2)
    for path in (paths[0], paths[1], paths[0], paths[2]):
        cache.get(path)
    assert cache.decoded == 3
    cache.get(paths[0])  # still there: used last but one
    assert cache.decoded == 3
    cache.get(paths[1])  # gone: the least recently used
    assert cache.decoded == 4


def test_a_huge_picture_is_shrunk_once_when_read(tmp_path: Path) -> None:
    image = PictureCache().get(write_png(tmp_path / "big.png", size=2000))
    assert image is not None and max(image.size) <= 512


def test_every_emoji_of_the_shipped_questionnaires_has_its_picture() -> None:
    missing = [emoji for emoji in used_emojis() if openmoji_file(emoji) is None]
    assert missing == [], "run terminal/kiosk/pictures/build_openmoji.py"


def test_the_subset_is_only_what_is_used_and_small() -> None:
    used = {openmoji_file(emoji) for emoji in used_emojis()} - {None}
    shipped = set(PICTURES_DIR.glob("*.png"))
    assert shipped == used
    for path in shipped:
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (256, 256)
        assert path.stat().st_size < 16_000
    attribution = (PICTURES_DIR / "OPENMOJI-LICENSE.txt").read_text(encoding="utf-8")
    assert "OpenMoji" in attribution and "CC BY-SA 4.0" in attribution
    assert "https://openmoji.org" in attribution


@pytest.mark.parametrize(
    ("emoji", "names"),
    [
        ("📱", ["1F4F1", "1F4F1-FE0F"]),
        ("☎️", ["260E-FE0F", "260E"]),
        ("☎", ["260E", "260E-FE0F"]),
        ("🧑‍💻", ["1F9D1-200D-1F4BB"]),
    ],
)
def test_an_emoji_is_found_under_openmojis_names(emoji: str, names: list[str]) -> None:
    assert hexcodes(emoji) == names


def test_only_terminals_that_may_draw_are_asked() -> None:
    assert may_draw({"TERM": "xterm-kitty"})
    assert may_draw({"TERM": "foot-extra"})
    assert may_draw({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"})
    assert not may_draw({"TERM": "tmux-256color"})
    assert not may_draw({"TERM": "linux"})


def test_the_graphics_setting_is_forced_or_refused_clearly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    try:
        # Under pytest the output is no terminal: "auto" means emoji, asked of nobody.
        assert prepare_graphics("auto") == "none"
        assert prepare_graphics("kitty") == "kitty" == graphics()
        with caplog.at_level(logging.WARNING, logger="diagnum.kiosk.pictures"):
            assert prepare_graphics("hologram") == "none" == graphics()
        assert "hologram" in caplog.text
    finally:
        prepare_graphics("none")

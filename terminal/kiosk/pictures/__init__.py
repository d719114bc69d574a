"""The OpenMoji pictures shipped with the kiosk, and how an emoji finds its file.

Only the pictures the shipped questionnaires use are here (see ``build_openmoji.py``),
each named by OpenMoji's own hexcode: the emoji's code points in upper-case hex, joined
by "-" (``1F4F1.png``; ``1F9D1-200D-1F4BB.png`` for a ZWJ sequence). OpenMoji drops the
variation selector FE0F from some names and keeps it in others, so both are tried.
"""

from __future__ import annotations

from pathlib import Path

PICTURES_DIR = Path(__file__).resolve().parent
VARIATION_SELECTOR = 0xFE0F


def hexcode(emoji: str) -> str:
    """The emoji's code points as OpenMoji writes them: '📱' -> '1F4F1'."""
    return "-".join(f"{ord(char):04X}" for char in emoji)


def hexcodes(emoji: str) -> list[str]:
    """The names OpenMoji may use for this emoji, the most likely first."""
    exact = hexcode(emoji.strip())
    bare = hexcode("".join(c for c in emoji.strip() if ord(c) != VARIATION_SELECTOR))
    # A single symbol like ☎ is often drawn under its emoji form ☎️ (with FE0F).
    dressed = f"{bare}-FE0F" if bare and "-" not in bare else None
    names = [exact, bare, *([dressed] if dressed else [])]
    return [name for i, name in enumerate(names) if name and name not in names[:i]]


def openmoji_file(
    emoji: str, folder: Path = PICTURES_DIR, suffixes: tuple[str, ...] = (".png",)
) -> Path | None:
    """The shipped picture of this emoji (or OpenMoji's file under ``folder``, with one
    of ``suffixes``, under any of its names), or None when there is none."""
    for name in hexcodes(emoji):
        for suffix in suffixes:
            path = folder / f"{name}{suffix}"
            if path.is_file():
                return path
    return None

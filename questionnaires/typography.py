"""French typography for screens that wrap text, and the width of text in a terminal."""

from __future__ import annotations

import unicodedata


def french_spacing(text: str) -> str:
    """Make the space before ? ! : ; » and after « non-breaking, so a mark never starts
    or ends a line alone."""
    out: list[str] = []
    for index, char in enumerate(text):
        if char in "?!:;»" and index > 0 and text[index - 1] == " ":
            out[-1] = "\u00a0"
        if char == " " and index > 0 and text[index - 1] == "«":
            char = "\u00a0"
        out.append(char)
    return "".join(out)


def unbreakable(text: str) -> str:
    """Keep a short item ("📡 Internet à la maison") on one line when a list wraps."""
    return text.replace(" ", "\u00a0")


def cell_width(text: str) -> int:
    """Terminal columns a text takes: emoji and wide letters take two, marks none."""
    width = 0
    for index, char in enumerate(text):
        if unicodedata.combining(char) or char in "\ufe0e\ufe0f\u200d":
            continue
        wide = unicodedata.east_asian_width(char) in "WF"
        # "☎️": a narrow symbol asked to look like an emoji is drawn two columns wide.
        emoji = text[index + 1 : index + 2] == "\ufe0f"
        width += 2 if wide or emoji else 1
    return width


def clip(text: str, width: int) -> str:
    """The text cut to ``width`` columns, with "…" where something was cut."""
    if cell_width(text) <= width:
        return text
    kept = ""
    for char in text:
        if cell_width(kept + char) > width - 1:
            break
        kept += char
    return kept.rstrip() + "…"


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of at most ``width`` columns, broken at spaces, each after ``indent``.

    A non-breaking space never breaks; a word longer than a line is clipped.
    """
    room = width - cell_width(indent)
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and cell_width(candidate) > room:
            lines.append(line)
            candidate = word
        line = candidate
    lines.append(line)
    return [indent + clip(line, room) for line in lines]

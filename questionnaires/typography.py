"""French typography for screens that wrap text."""

from __future__ import annotations


def french_spacing(text: str) -> str:
    """Make the space before ? ! : ; non-breaking, so the mark never starts a line alone."""
    out: list[str] = []
    for index, char in enumerate(text):
        if char in "?!:;" and index > 0 and text[index - 1] == " ":
            out[-1] = "\u00a0"
        out.append(char)
    return "".join(out)


def unbreakable(text: str) -> str:
    """Keep a short item ("📡 Internet à la maison") on one line when a list wraps."""
    return text.replace(" ", "\u00a0")

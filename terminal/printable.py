"""Text from outside the program, made safe to print on a terminal or write to a log.

A typed code, a file name or an error message may carry control characters: an
escape sequence that clears the adviser's screen, a carriage return that hides the
start of a log line, a bidi override that reverses what staff read. Every message
the program shows or logs goes through `printable` first.
"""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides and isolates: they reorder the text around them.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character written as a visible escape (``\\x1b``).

    Newlines are kept only with ``keep_newlines`` (a message of several lines for
    staff); tabs become a space.
    """
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
            out.append(_escaped(char))
        else:
            out.append(char)
    return "".join(out)

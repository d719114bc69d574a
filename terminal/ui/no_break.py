"""No-break spaces that do not break, on every screen.

French puts a space before ? ! : ; » and after «; `questionnaires.typography` makes it a
no-break space so that a mark never starts a line alone ("»." under a sentence reads
as a mistake to someone who reads slowly). Rich, which Textual wraps its text with,
breaks lines at any Unicode space, the no-break one included (Textualize/rich#3545).
Until it does not, its word pattern is set here to keep U+00A0 inside words: the
pattern of the fix proposed upstream (Textualize/rich#3990). A test renders a real
screen and fails if a Rich update moves or drops the pattern.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\S\xa0]*[\S\xa0]+[^\S\xa0]*")


def keep_no_break_spaces() -> None:
    """Called before any app draws; harmless if called again."""
    import rich._wrap

    if hasattr(rich._wrap, "re_word"):
        rich._wrap.re_word = _WORD

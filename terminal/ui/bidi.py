"""Right-to-left text (Arabic) made ready for a terminal, which lays out nothing itself.

A terminal draws one character per cell, left to right, in the order it receives
them. Arabic needs two things it does not do:

- **Order.** The words of a line read from right to left, while numbers and Latin words
  inside them ("WhatsApp", "4G") still read left to right. `visual` runs the Unicode
  bidirectional algorithm with a right-to-left paragraph and returns the characters in
  the order of the cells. It uses python-bidi's pure Python ``bidi.algorithm.get_display``:
  the faster top-level ``bidi.get_display`` (Rust) does not mirror brackets, so
  "(CAF)" would show as ")CAF(". About 0.1 ms a line, and every line is cached.
  Vowel marks (shadda...) are put back after their letter, where a terminal draws them.
- **Shape.** Arabic letters join: each has an isolated, initial, medial and final form,
  and lam followed by alef becomes one ligature. kitty shapes a run with HarfBuzz but in
  logical order only (it would reverse our reordered words again, unless kitty.conf
  says ``force_ltr yes``); foot, xterm.js (``diagnum serve``) and Textual draw each
  cell alone, so letters would come out cut apart. So `visual` replaces each letter by
  its contextual form from Unicode's Arabic Presentation Forms-B, which every Arabic
  font has and no terminal reshapes. WezTerm, with its default ``bidi_enabled =
  false``, shows the result as it is. The forms are found by their Unicode names
  ("ARABIC LETTER BEH" -> "... BEH INITIAL FORM"): a few lines rather than the
  arabic-reshaper package, and exact for the letters of Modern Standard Arabic. A
  terminal that does bidi itself (Konsole, GNOME Terminal's VTE, mlterm) would reverse
  the lines a second time: the kiosk is meant for kitty, foot or WezTerm.

Wrapped text cannot be reordered first and wrapped after: the wrapped lines would come
in the wrong order and each would hold the end of the sentence. `visual_lines` wraps
in reading order (no-break spaces hold), then reorders each line; the caller aligns
the lines to the right. French and English pass through untouched.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from bidi.algorithm import get_display

from questionnaires.typography import wrap
from terminal.i18n import RTL_LANGUAGES, has_rtl, is_rtl

_LAM = "\u0644"
__all__ = ["RTL_LANGUAGES", "has_rtl", "is_rtl", "shape", "visual", "visual_lines"]


@lru_cache(maxsize=4096)
def visual(text: str, language: str) -> str:
    """``text`` in the order of the terminal's cells: Arabic shaped and reordered,
    one line at a time; any other language unchanged."""
    if not is_rtl(language) or not has_rtl(text):
        return text
    return "\n".join(_line(line) for line in text.split("\n"))


@lru_cache(maxsize=1024)
def visual_lines(text: str, language: str, width: int) -> str:
    """``text`` wrapped to ``width`` cells in reading order, then each line reordered:
    lines joined by line breaks, to be aligned to the right. Other languages are
    returned as they are, for the widget to wrap."""
    if not is_rtl(language) or not has_rtl(text):
        return text
    lines = [row for paragraph in text.split("\n") for row in wrap(paragraph, width)]
    return "\n".join(_line(line) for line in lines)


def _line(line: str) -> str:
    if not has_rtl(line):
        return line
    # Characters newer than Python's Unicode tables (🛜 is Unicode 15) have no bidi class,
    # which python-bidi refuses: they stand in as neutral symbols, then come back.
    stand_ins = {char: chr(_STAND_INS + n) for n, char in enumerate(_unknown(line))}
    shaped = shape(line).translate({ord(k): v for k, v in stand_ins.items()})
    try:
        shown = str(get_display(shaped, base_dir="R"))
    except Exception:  # a line the algorithm cannot take: reversed, never a crash
        shown = shaped[::-1]
    back = {ord(v): k for k, v in stand_ins.items()}
    return _marks_after_letters(shown.translate(back))


# Ideographic description characters: neutral ("ON"), and never in a kiosk's text.
_STAND_INS = 0x2FF0
_STAND_IN_COUNT = 12


def _unknown(line: str) -> list[str]:
    """The distinct characters of ``line`` without a bidi class (at most 12)."""
    found = dict.fromkeys(c for c in line if not unicodedata.bidirectional(c))
    return list(found)[:_STAND_IN_COUNT]


def _marks_after_letters(line: str) -> str:
    """Reversed, an Arabic vowel mark comes before its letter: a terminal puts a mark
    on the cell before it, so each run of marks moves back after its letter."""
    out: list[str] = []
    marks: list[str] = []
    for char in line:
        if unicodedata.category(char) == "Mn" and _is_arabic(char):
            marks.append(char)
            continue
        out.append(char)
        out.extend(marks)
        marks.clear()
    return "".join(out + marks)


def _is_arabic(char: str) -> bool:
    return unicodedata.name(char, "").startswith("ARABIC")


def shape(text: str) -> str:
    """Arabic letters replaced by their contextual forms (still in reading order)."""
    out: list[str] = []
    chars = list(text)
    index = 0
    while index < len(chars):
        char = chars[index]
        before = _neighbour(chars, index, -1)
        joined = before is not None and _joins_forward(before)
        ligature = _lam_alef(char, chars[index + 1] if index + 1 < len(chars) else "", joined)
        if ligature:
            out.append(ligature)
            index += 2
            continue
        after = _neighbour(chars, index, 1)
        out.append(
            _form(
                char,
                joined,
                after is not None and _joins_forward(char) and _forms(after)[1] is not None,
            )
        )
        index += 1
    return "".join(out)


def _neighbour(chars: list[str], index: int, step: int) -> str | None:
    """The next letter before or after ``index``, over the vowel marks between."""
    index += step
    while 0 <= index < len(chars):
        if unicodedata.category(chars[index]) != "Mn":
            return chars[index]
        index += step
    return None


@lru_cache(maxsize=256)
def _forms(char: str) -> tuple[str | None, str | None, str | None, str | None]:
    """Isolated, final, initial and medial forms of a letter; all None for others."""
    name = unicodedata.name(char, "")
    if not name.startswith("ARABIC LETTER "):
        return (None, None, None, None)

    def form(kind: str) -> str | None:
        try:
            return unicodedata.lookup(f"{name} {kind} FORM")
        except KeyError:
            return None

    return (form("ISOLATED"), form("FINAL"), form("INITIAL"), form("MEDIAL"))


def _joins_forward(char: str) -> bool:
    """The letter links to the one after it (beh, lam...; not alef, dal, waw...)."""
    return _forms(char)[2] is not None


def _form(char: str, joined_before: bool, joins_after: bool) -> str:
    isolated, final, initial, medial = _forms(char)
    if joined_before and final is not None:
        chosen = medial if joins_after else final
    else:
        chosen = initial if joins_after else isolated
    return chosen or char


def _lam_alef(char: str, following: str, joined_before: bool) -> str | None:
    """Lam then alef (with or without hamza or madda): the one ligature Arabic requires."""
    if char != _LAM or not following:
        return None
    name = unicodedata.name(following, "")
    if not name.startswith("ARABIC LETTER ALEF") or "MAKSURA" in name:
        return None
    alef = name.removeprefix("ARABIC LETTER ")
    kind = "FINAL" if joined_before else "ISOLATED"
    try:
        return unicodedata.lookup(f"ARABIC LIGATURE LAM WITH {alef} {kind} FORM")
    except KeyError:
        return None

"""A mistake in a questionnaire file, and where it is: what a facilitator reads.

Checks find a `Finding` at a place in the questionnaire (a path of keys and list
positions); loading turns it into a `Problem` at a line and column of the file, the
way an editor shows them: ``default.yaml:65:12: message``. Every message is written in
French, for the facilitators, and in English alongside (`Words`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from questionnaires.typography import french_spacing

# A place in a questionnaire: keys and list positions, e.g. ("questions", 3, "show_if").
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Words:
    """One message in French and in English."""

    fr: str
    en: str

    def __str__(self) -> str:
        return self.in_language("fr")

    def in_language(self, language: str) -> str:
        return french_spacing(self.fr) if language == "fr" else self.en

    def __add__(self, other: Words) -> Words:
        return Words(self.fr + other.fr, self.en + other.en)

    @classmethod
    def same(cls, text: str) -> Words:
        """A text that reads the same in both languages (a file's own words)."""
        return cls(text, text)


class WordsError(ValueError):
    """A check of the model that fails, with its message in both languages."""

    def __init__(self, fr: str, en: str) -> None:
        super().__init__(en)
        self.words = Words(fr, en)


@dataclass(frozen=True)
class Finding:
    """A mistake at a place in the questionnaire, before it is given its line."""

    loc: Loc
    message: Words
    warning: bool = False


@dataclass(frozen=True)
class Problem:
    """A mistake at a line and column of a file (both from 1); a warning is not fatal."""

    message: Words
    line: int | None = None
    column: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        return self.text("fr")

    def text(self, language: str = "fr") -> str:
        """ "line 12, column 5: message", in a language."""
        where = ""
        if self.line:
            where = (
                f"ligne {self.line}, colonne {self.column or 1} : "
                if language == "fr"
                else f"line {self.line}, column {self.column or 1}: "
            )
        return f"{where}{self._kind(language)}{self.message.in_language(language)}"

    def in_file(self, path: Path | str, language: str = "fr") -> str:
        """``FILE:LINE:COL: message``, the format editors and compilers use."""
        where = f"{path}:{self.line or 1}:{self.column or 1}: "
        return f"{where}{self._kind(language)}{self.message.in_language(language)}"

    def _kind(self, language: str) -> str:
        if not self.warning:
            return ""
        return "attention : " if language == "fr" else "warning: "

    def to_json(self) -> dict[str, object]:
        return {
            "message": self.message.en,
            "message_fr": self.message.fr,
            "line": self.line,
            "column": self.column,
            "warning": self.warning,
        }

    @classmethod
    def from_json(cls, data: object) -> Problem | None:
        """A problem kept in the cache, or None if it is not one."""
        if not isinstance(data, dict):
            return None
        english, french = data.get("message"), data.get("message_fr")
        if not isinstance(english, str) or not isinstance(french, str):
            return None
        line, column = data.get("line"), data.get("column")
        return cls(
            Words(french, english),
            line if isinstance(line, int) else None,
            column if isinstance(column, int) else None,
            data.get("warning") is True,
        )


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


# The languages a facilitator is likely to add, named as a message says them.
_LANGUAGES = {
    "fr": ("français", "French"),
    "en": ("anglais", "English"),
    "ar": ("arabe", "Arabic"),
    "es": ("espagnol", "Spanish"),
    "pt": ("portugais", "Portuguese"),
    "tr": ("turc", "Turkish"),
    "ro": ("roumain", "Romanian"),
    "uk": ("ukrainien", "Ukrainian"),
    "ru": ("russe", "Russian"),
    "fa": ("persan", "Persian"),
    "ps": ("pachto", "Pashto"),
}


def language_names(codes: Iterable[str]) -> Words:
    """ "anglais (en:), arabe (ar:)": the names a facilitator knows, and the key to type."""
    fr, en = [], []
    for code in codes:
        names = _LANGUAGES.get(code)
        fr.append(f"{names[0]} ({code}:)" if names else f"{code}:")
        en.append(f"{names[1]} ({code}:)" if names else f"{code}:")
    return Words(", ".join(fr), ", ".join(en))


def did_you_mean(word: str, known: Iterable[str]) -> Words:
    """ " (did you mean 'label'?)", or nothing when nothing known is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if not close:
        return Words("", "")
    return Words(f" (vouliez-vous dire « {close[0]} » ?)", f" (did you mean '{close[0]}'?)")

"""The interface's own words, French first, other languages alongside.

One catalogue per face (`kiosk`, `adviser`, `editor`, and `reports` for what leaves the
structure), merged here into one lookup. Questions and answers come from the
questionnaire file; these are the words around them.

The person's languages (`UI_LANGUAGES`: French, English, Arabic) have every word of
the kiosk and of the reports; a test checks it. The staff's faces, the adviser's
console and the editor, speak French and English (`STAFF_LANGUAGES`): their words
asked in Arabic come in French, as does any word a language lacks.
"""

from __future__ import annotations

import unicodedata

from questionnaires.typography import french_spacing
from terminal.i18n import adviser, editor, kiosk, reports

# Catalogues every language of the person has in full, and the staff's ones.
PERSON_CATALOGUES = (kiosk.MESSAGES, reports.MESSAGES)
STAFF_CATALOGUES = (adviser.MESSAGES, editor.MESSAGES)

MESSAGES: dict[str, dict[str, str]] = {
    language: {
        **kiosk.MESSAGES[language],
        **adviser.MESSAGES.get(language, {}),
        **editor.MESSAGES.get(language, {}),
        **reports.MESSAGES[language],
    }
    for language in kiosk.MESSAGES
}

UI_LANGUAGES = tuple(kiosk.MESSAGES)
STAFF_LANGUAGES = tuple(adviser.MESSAGES)
# Written from right to left: shown through `terminal.ui.bidi`, printed right-aligned.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur"})


def is_rtl(language: str) -> bool:
    """The language is written from right to left."""
    return language in RTL_LANGUAGES


def has_rtl(text: str) -> bool:
    """The text holds a right-to-left letter (Arabic, Hebrew...)."""
    return any(unicodedata.bidirectional(char) in {"R", "AL"} for char in text)


def translate(language: str, key: str, **values: object) -> str:
    """The interface's text for ``key``; French when a language lacks it."""
    words = MESSAGES.get(language)
    text = words.get(key) if words else None
    if text is None:
        language, text = "fr", MESSAGES["fr"][key]
    text = text.format(**values) if values else text
    return french_spacing(text) if language == "fr" else text

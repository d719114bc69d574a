"""The interface's own words, French first, other languages alongside.

One catalogue per face (`kiosk`, `adviser`, `editor`, and `reports` for what leaves the
structure), merged here into one lookup. Questions and answers come from the
questionnaire file; these are the words around them. Every key exists in every
language: a test checks it.
"""

from __future__ import annotations

from questionnaires.typography import french_spacing
from terminal.i18n import adviser, editor, kiosk, reports

MESSAGES: dict[str, dict[str, str]] = {
    language: {
        **kiosk.MESSAGES[language],
        **adviser.MESSAGES[language],
        **editor.MESSAGES[language],
        **reports.MESSAGES[language],
    }
    for language in kiosk.MESSAGES
}

UI_LANGUAGES = tuple(MESSAGES)


def translate(language: str, key: str, **values: object) -> str:
    """The interface's text for ``key``; French when a language lacks it."""
    words = MESSAGES.get(language)
    text = words.get(key) if words else None
    if text is None:
        language, text = "fr", MESSAGES["fr"][key]
    text = text.format(**values) if values else text
    return french_spacing(text) if language == "fr" else text

"""Look up a code: a QR code's payload, a typed full code, or a saved result's short code.

Shared by `diagnum decode`, the ticket command and the adviser's console. A code that
cannot be read is `Refused` with one line for the adviser, never misread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from questionnaires.result import Result
    from storage import ResultStore
    from storage.store import Record
    from terminal.settings.model import KioskConfig


_SHORT_CODE_MISSING = {
    "fr": "aucun résultat enregistré avec le code {code} dans {where} : "
    "tapez le code complet écrit sous le QR code.",
    "en": "no saved result with code {code} in {where}: "
    "type the full code written under the QR code.",
}


class Refused(Exception):
    """A code that cannot be read; the message is one line for the adviser."""


class Decoder:
    """Reads codes for one command: the questionnaires are loaded once, for a whole batch."""

    def __init__(self, config: KioskConfig, language: str) -> None:
        from questionnaires.library import QuestionnaireLibrary

        self.config = config
        self.language = language
        self.library = QuestionnaireLibrary.load(
            config.questionnaire_files, cache_dir=config.cache_dir
        )
        self.notes: list[str] = []
        self._store: ResultStore | None = None

    def result(self, text: str) -> Result:
        """The result behind a code, or `Refused`."""
        return self.read(text)[0]

    def read(self, text: str) -> tuple[Result, str]:
        """The result behind a code and its full code, or `Refused`."""
        from questionnaires.payload import PayloadError, decode_payload, normalize_payload
        from questionnaires.result import RESULT_CODE_LENGTH

        payload = normalize_payload(text)
        if len(payload) == RESULT_CODE_LENGTH:
            payload = self._saved_payload(payload)
        try:
            decoded = decode_payload(payload, self.library.find)
        except PayloadError as error:
            # Say why a questionnaire may be missing: a file that did not load.
            if error.reason == "questionnaire":
                notes = self.library.notes(self.language)
                self.notes.extend(p for p in notes if p not in self.notes)
            raise Refused(error.in_language(self.language)) from None
        return decoded.result(self.language), payload

    def is_saved(self, code: str) -> bool:
        """Whether the result is kept here, so its short code finds it again."""
        try:
            return self._record(code) is not None
        except Refused:
            return False

    def _record(self, code: str) -> Record | None:
        from storage import ResultStore, StorageError

        try:
            # One store for the whole batch: it keeps the months it has read.
            self._store = self._store or ResultStore(self.config.data_dir)
            return self._store.find(code)
        except StorageError as error:
            raise Refused(str(error)) from None

    def _saved_payload(self, code: str) -> str:
        from questionnaires.payload import PayloadError, check_short_code

        record = self._record(code)
        saved = None if record is None else str(record.get("payload", ""))
        try:
            # A typo is refused, never matched to another person; a code without a
            # check character only opens a result kept before the check existed.
            check_short_code(code, saved)
        except PayloadError as error:
            raise Refused(error.in_language(self.language)) from None
        if saved is None:
            where = self.config.data_dir / "results"
            raise Refused(_SHORT_CODE_MISSING[self.language].format(code=code, where=where))
        return saved

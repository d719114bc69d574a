"""The adviser's desk, without a screen: open a scanned code, save it, decide, follow a
person, browse the results kept on this PC.

The console (`terminal.adviser`) drives this object; everything it does can be tested
here without a terminal. A problem is `Refused` with one line for the adviser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from terminal.services.lookup import Decoder, Refused
from terminal.services.orientation import (
    ORIENTATION_FIELD,
    ORIENTATIONS,
    PERSON_FIELD,
    Orientation,
    check_person_reference,
    orientation_of,
    person_of,
)

if TYPE_CHECKING:
    from pathlib import Path

    from questionnaires.model import Questionnaire
    from questionnaires.result import Result
    from storage import ImportReport, ResultStore
    from storage.store import Record
    from terminal.services.funders import FundersReport
    from terminal.settings.model import KioskConfig

#: How many results the browse list shows at most; the count says how many matched.
BROWSE_LIMIT = 200

_WORDS = {
    "fr": {
        "no_consent": "la personne n'a pas accepté que son résultat soit gardé : "
        "il n'est pas enregistré.",
        "consent_unknown": "ancien code : on ne sait pas si la personne a accepté que son "
        "résultat soit gardé. Il n'est pas enregistré.",
        "bad_reference": "« {text} » n'est pas une référence de parcours : lettres et "
        "chiffres, au moins un chiffre, sans espace (jamais un nom), par exemple P-0042.",
        "taken": "un autre résultat porte déjà le code {code} sur ce PC : rien n'est changé.",
    },
    "en": {
        "no_consent": "the person did not agree to keep their result: it is not saved.",
        "consent_unknown": "an old code: whether the person agreed to keep their result is "
        "unknown. It is not saved.",
        "bad_reference": "'{text}' is not a pathway reference: letters and digits, at least "
        "one digit, no space (never a name), e.g. P-0042.",
        "taken": "another result already has the code {code} on this PC: nothing changed.",
    },
}


@dataclass(frozen=True)
class Opened:
    """A result the adviser is looking at, and what this PC keeps of it."""

    result: Result
    payload: str
    record: Mapping[str, Any] | None

    @property
    def saved(self) -> bool:
        return self.record is not None

    @property
    def can_save(self) -> bool:
        """Not kept here yet, and the person agreed (the code says so)."""
        return self.record is None and self.result.consent is True

    @property
    def orientation(self) -> Orientation | None:
        return None if self.record is None else orientation_of(self.record)

    @property
    def person(self) -> str | None:
        return None if self.record is None else person_of(self.record)


@dataclass(frozen=True)
class Filters:
    """What the browse list keeps; ``None`` keeps everything."""

    since: date | None = None
    until: date | None = None
    area: str | None = None
    level: int | None = None  # with ``area``: that level; -1 for "to see together"
    next_step: str | None = None
    orientation: str | None = None  # an orientation kind, or "undecided"
    person: str | None = None

    def keeps(self, record: Mapping[str, Any]) -> bool:
        return all(check(self, record) for check in _CHECKS)


def _keeps_level(filters: Filters, record: Mapping[str, Any]) -> bool:
    if filters.area is None or filters.level is None:
        return True
    levels = record.get("levels")
    level = levels.get(filters.area) if isinstance(levels, Mapping) else None
    return level == (None if filters.level < 0 else filters.level)


def _keeps_step(filters: Filters, record: Mapping[str, Any]) -> bool:
    steps = record.get("next_steps")
    return filters.next_step is None or (isinstance(steps, list) and filters.next_step in steps)


def _keeps_orientation(filters: Filters, record: Mapping[str, Any]) -> bool:
    if filters.orientation is None:
        return True
    orientation = orientation_of(record)
    kind = "undecided" if orientation is None else orientation.kind
    return kind == filters.orientation


def _keeps_person(filters: Filters, record: Mapping[str, Any]) -> bool:
    return filters.person is None or person_of(record) == filters.person


def _keeps_period(filters: Filters, record: Mapping[str, Any]) -> bool:
    if filters.since is None and filters.until is None:
        return True
    text = str(record.get("date", ""))
    since = filters.since.isoformat() if filters.since else ""
    until = filters.until.isoformat() if filters.until else "9999"
    return since <= text <= until  # ISO dates sort as text


_CHECKS: tuple[Callable[[Filters, Mapping[str, Any]], bool], ...] = (
    _keeps_period,
    _keeps_level,
    _keeps_step,
    _keeps_orientation,
    _keeps_person,
)


@dataclass(frozen=True)
class Browsed:
    records: list[Mapping[str, Any]]
    matched: int | None  # None: more than shown, not counted (no filter)


class AdviserDesk:
    """One adviser's work on this PC's results."""

    def __init__(
        self,
        config: KioskConfig,
        *,
        language: str = "fr",
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        from storage import ResultStore

        self.config = config
        self.language = language
        self.now = now
        self.lookup = Decoder(config, language)
        self.store: ResultStore = ResultStore(config.data_dir)

    def _refuse(self, key: str, **values: object) -> Refused:
        return Refused(_WORDS[self.language][key].format(**values))

    @cached_property
    def questionnaire(self) -> Questionnaire:
        """The questionnaire the kiosk uses (its settings' file, else the version
        published last, else Diagnum's): labels for reports and the browse filters."""
        from questionnaires.loading import load_questionnaire
        from terminal.services.in_use import chosen_path

        return load_questionnaire(chosen_path(self.config), cache_dir=self.config.cache_dir)

    def open(self, text: str) -> Opened:
        """What was scanned or typed: a code, a short code, or an image file's path
        (decoding a photo may take a second: call it off the interface's thread)."""
        from terminal.services.scan import ScanError, as_if_us_layout, read_scan

        try:
            scan = read_scan(text)
        except ScanError as error:
            raise Refused(error.message(self.language)) from None
        try:
            result, payload = self.lookup.read(scan.text)
        except Refused as refused:
            # A scanner on the wrong keyboard layout: its code is kept only if it
            # then passes every check, so nothing is ever misread.
            guess = as_if_us_layout(scan.text)
            if guess == scan.text:
                raise
            try:
                result, payload = self.lookup.read(guess)
            except Refused:
                raise refused from None
        return Opened(result, payload, self._find(result.code))

    def _find(self, code: str) -> Record | None:
        from storage import StorageError

        try:
            return self.store.find(code)
        except StorageError as error:
            raise Refused(str(error)) from None

    def save(self, opened: Opened) -> Opened:
        """Keep a scanned result on this PC, only if the person agreed."""
        from storage import DuplicateCode, StorageError

        if opened.record is not None:
            return opened
        if opened.result.consent is not True:
            key = "consent_unknown" if opened.result.consent is None else "no_consent"
            raise self._refuse(key)
        try:
            self.store.save(opened.result.to_record(opened.payload, self.now()))
        except DuplicateCode:
            raise self._refuse("taken", code=opened.result.code) from None
        except StorageError as error:
            raise Refused(str(error)) from None
        return replace(opened, record=self._find(opened.result.code))

    def decide(self, opened: Opened, kind: str, day: date) -> Opened:
        """Record (or change) the orientation chosen; saves the result first if needed."""
        if kind not in ORIENTATIONS:
            raise ValueError(kind)
        return self._update(opened, {ORIENTATION_FIELD: Orientation(kind, day).to_json()})

    def attach(self, opened: Opened, reference: str) -> Opened:
        """Attach the result to the adviser's pathway reference (never a name)."""
        try:
            checked = check_person_reference(reference)
        except ValueError:
            raise self._refuse("bad_reference", text=reference.strip()) from None
        return self._update(opened, {PERSON_FIELD: checked})

    def _update(self, opened: Opened, changes: dict[str, Any]) -> Opened:
        from storage import StorageError

        opened = self.save(opened)
        try:
            self.store.update(opened.result.code, changes)
        except StorageError as error:
            raise Refused(str(error)) from None
        return replace(opened, record=self._find(opened.result.code))

    def records(
        self, since: date | None = None, until: date | None = None, *, newest_first: bool = False
    ) -> Iterator[Mapping[str, Any]]:
        """The stored results, month by month, for reading only (see `ResultStore.scan`)."""
        from storage import StorageError

        try:
            yield from self.store.scan(since, until, newest_first=newest_first)
        except StorageError as error:
            raise Refused(str(error)) from None

    def browse(self, filters: Filters, limit: int = BROWSE_LIMIT) -> Browsed:
        """The results kept here that pass the filters, newest first.

        Without filters, only the newest months are read (the list opens at once with a
        network's 100,000 results); with filters, every month, to count the matches.
        """
        shown: list[Mapping[str, Any]] = []
        matched = 0
        for record in self.records(filters.since, filters.until, newest_first=True):
            if filters.keeps(record):
                matched += 1
                if len(shown) < limit:
                    shown.append(record)
                elif filters == Filters():
                    return Browsed(shown, None)
        return Browsed(shown, matched)

    def pathway(self, person: str) -> list[Mapping[str, Any]]:
        """Every result attached to a person, oldest first."""
        from terminal.services.compare import diagnosis_order

        return sorted((r for r in self.records() if person_of(r) == person), key=diagnosis_order)

    def funders(self, since: date, until: date) -> FundersReport:
        """The report for the structure and its funders, for [since, until]."""
        from storage.atomic import gc_paused
        from terminal.services.compare import finder
        from terminal.services.funders import build_funders_report

        # One pass over a network's results makes millions of small objects and no
        # cycle: the collector would walk them all again and again (docs/performance.md).
        with gc_paused():
            return build_funders_report(
                self.records(since, until),
                self.questionnaire,
                since=since,
                until=until,
                find=finder(self.lookup.library.questionnaires),
                lang=self.language,
            )

    def write_funders_csv(self, report: FundersReport, path: Path, *, public: bool) -> None:
        """The report as CSV, written whole or not at all; ``public``: counts under 5
        are hidden, for a file that leaves the structure."""
        import io

        from storage import StorageError
        from storage.atomic import atomic_write
        from terminal.services.funders import write_csv

        text = io.StringIO(newline="")
        write_csv(report, text, public=public, lang=self.language)
        try:
            atomic_write(path, text.getvalue().encode("utf-8"), action="write the report")
        except StorageError as error:
            raise Refused(str(error)) from None

    def import_file(self, path: Path) -> ImportReport:
        """Add the results of an export file (from a kiosk, on a USB key)."""
        from storage import ImportUnreadable, StorageError, read_export
        from terminal.i18n import translate

        try:
            return self.store.import_records(read_export(path))
        except ImportUnreadable as error:
            words = translate(self.language, f"import.{error.reason}", path=str(error.path))
            raise Refused(words) from None
        except StorageError as error:
            raise Refused(str(error)) from None

    def reopen(self, record: Mapping[str, Any]) -> Opened:
        """A stored result, opened from its full code (as if scanned)."""
        result, payload = self.lookup.read(str(record.get("payload", "")))
        return Opened(result, payload, record)

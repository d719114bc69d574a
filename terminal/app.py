"""The kiosk application: one person's self-diagnosis from welcome to QR code, then a wipe.

The app only moves between screens and calls the domain (`questionnaires`) and the
store (`storage`); it holds no rule of its own about questions or scores.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.timer import Timer

from questionnaires.answers import Answer
from questionnaires.flow import Diagnosis
from questionnaires.model import Questionnaire
from questionnaires.result import Result
from terminal.config import KioskConfig
from terminal.i18n import UI_LANGUAGES
from terminal.save_status import SaveStatus
from terminal.screens.welcome import WelcomeScreen

if TYPE_CHECKING:
    from storage import ResultStore

log = logging.getLogger("diagnum.kiosk")


class KioskApp(App[None], inherit_bindings=False):
    CSS_PATH = "kiosk.tcss"
    TITLE = "Diagnum"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
    ]

    def __init__(
        self,
        config: KioskConfig,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        new_code: Callable[[], str] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.today = today
        self.now = now
        self.new_code = new_code  # tests and snapshots pin the result code
        self.questionnaire: Questionnaire | None = None
        self.load_problem: str | None = None
        self.diagnosis: Diagnosis | None = None
        self._start_when_loaded = False
        self._idle_timer: Timer | None = None
        self._handing_over = False
        self.store: ResultStore | None = None

    # -- start-up ------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.push_screen(WelcomeScreen())
        self._load_questionnaire()

    @work(thread=True, exclusive=True, group="load")
    def _load_questionnaire(self) -> None:
        # Off the UI thread: the welcome screen answers while the file is read.
        from questionnaires.loading import DEFAULT_FILE, QuestionnaireError, load_questionnaire

        path = self.config.questionnaire or DEFAULT_FILE
        try:
            questionnaire = load_questionnaire(path)
        except QuestionnaireError as error:
            self.call_from_thread(self._questionnaire_failed, str(error))
        else:
            self.call_from_thread(self._questionnaire_ready, questionnaire)
        self._open_store()

    def _open_store(self) -> None:
        """Open the results once, apply the retention period, and warm the current month."""
        from storage import ResultStore, StorageError, parse_age

        try:
            store = ResultStore(self.config.data_dir)
            cutoff = parse_age(f"{self.config.retention_months}m", today=self.today())
            purged = store.purge(older_than=cutoff)
            if purged:
                log.info("retention: %d results older than %s deleted", purged, cutoff)
            store.find("000000")  # reads the index now, not during the first save
        except StorageError as error:
            # Saving will try again and say "not saved" if it still fails.
            log.error("results not available at start-up: %s", error)
            return
        for problem in store.problems:
            log.warning("results: %s", problem)
        self.store = store

    def _questionnaire_ready(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        if self._start_when_loaded:
            self.start_session()

    def _questionnaire_failed(self, problem: str) -> None:
        self.load_problem = problem
        log.error("questionnaire not loaded: %s", problem)
        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):
                screen.show_problem(problem)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit":
            return not self.config.locked
        return True

    # -- one person's session ------------------------------------------------

    @property
    def languages(self) -> list[str]:
        assert self.questionnaire is not None
        return [lang for lang in self.questionnaire.languages if lang in UI_LANGUAGES]

    def require_diagnosis(self) -> Diagnosis:
        if self.diagnosis is None:
            raise RuntimeError("no session in progress")
        return self.diagnosis

    def start_session(self) -> None:
        if self.diagnosis is not None or self.load_problem is not None:
            return
        if self.questionnaire is None:
            self._start_when_loaded = True
            return
        self._start_when_loaded = False
        self.diagnosis = Diagnosis(self.questionnaire)
        self._restart_idle_timer()
        from terminal.screens.language import LanguageScreen

        self.push_screen(LanguageScreen(self.languages))

    def choose_language(self, language: str) -> None:
        from terminal.screens.consent import ConsentScreen

        self.require_diagnosis().language = language
        self.push_screen(ConsentScreen())

    def give_consent(self, consent: bool) -> None:
        diagnosis = self.require_diagnosis()
        diagnosis.consent = consent
        first = diagnosis.first_question()
        if first is None:
            self._show_result()
        else:
            from terminal.screens.question import QuestionScreen

            self.push_screen(QuestionScreen(first))

    def answer(self, question_id: str, answer: Answer) -> None:
        self.require_diagnosis().answer(question_id, answer)
        self.advance(question_id)

    def advance(self, question_id: str) -> None:
        following = self.require_diagnosis().next_question(question_id)
        if following is None:
            self._show_result()
        else:
            from terminal.screens.question import QuestionScreen

            self.push_screen(QuestionScreen(following))

    def _show_result(self) -> None:
        from terminal.screens.result import ResultScreen

        diagnosis = self.require_diagnosis()
        result = Result.finish(
            diagnosis.questionnaire,
            diagnosis.answers,
            diagnosis.language,
            self.today(),
            code=self.new_code() if self.new_code else None,
        )
        self.push_screen(ResultScreen(result))

    def go_back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) <= 2:
            self.end_session()

    def hand_over(self, result: Result) -> None:
        """Save (when the person agreed), then show the QR code: never the other way round."""
        if self._handing_over:
            return
        self._handing_over = True
        from questionnaires.payload import encode_payload

        payload = encode_payload(result)
        self._save_then_show(result, payload, bool(self.require_diagnosis().consent))

    @work(thread=True, exclusive=True, group="save")
    def _save_then_show(self, result: Result, payload: str, consent: bool) -> None:
        status = SaveStatus.NOT_KEPT
        if consent:
            status, result, payload = self._save(result, payload)
        self.call_from_thread(self._show_handover, result, payload, status)

    def _save(self, result: Result, payload: str) -> tuple[SaveStatus, Result, str]:
        """Save; if the random result code is already taken, draw another one."""
        from dataclasses import replace

        from questionnaires.payload import encode_payload
        from questionnaires.result import new_result_code
        from storage import DuplicateCode

        for _ in range(5):
            try:
                return self._save_once(result, payload), result, payload
            except DuplicateCode:
                result = replace(
                    result, code=self.new_code() if self.new_code else new_result_code()
                )
                payload = encode_payload(result)
        return SaveStatus.NOT_SAVED, result, payload

    def _save_once(self, result: Result, payload: str) -> SaveStatus:
        from storage import DuplicateCode, ResultStore

        try:
            if self.store is None:
                self.store = ResultStore(self.config.data_dir)
            self.store.save(result.to_record(payload, self.now()))
        except DuplicateCode:
            raise
        except Exception:
            # Whatever went wrong, the person still gets the QR code, marked "not saved";
            # the kiosk must never claim a save that did not happen, nor die.
            log.exception("result %s not saved", result.code)
            return SaveStatus.NOT_SAVED
        return SaveStatus.SAVED

    def _show_handover(self, result: Result, payload: str, status: SaveStatus) -> None:
        from terminal.screens.handover import HandoverScreen

        self._handing_over = False
        self.push_screen(HandoverScreen(result, payload, status))

    def say_thanks(self) -> None:
        from terminal.screens.thanks import ThanksScreen

        language = self.require_diagnosis().language
        self.end_session()
        self.push_screen(ThanksScreen(language))

    def end_session(self) -> None:
        """Wipe everything about this person: their answers and every screen they saw."""
        self.diagnosis = None
        self._start_when_loaded = False
        self._stop_idle_timer()
        while len(self.screen_stack) > 2:
            self.pop_screen()

    # -- inactivity ----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseUp):
            self._restart_idle_timer()
        await super().on_event(event)

    def _restart_idle_timer(self) -> None:
        self._stop_idle_timer()
        if self.diagnosis is not None:
            self._idle_timer = self.set_timer(self.config.idle_seconds, self._ask_still_there)

    def _stop_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None

    def _ask_still_there(self) -> None:
        from terminal.screens.still_there import StillThereScreen

        if self.diagnosis is None or isinstance(self.screen, StillThereScreen):
            return

        def answered(still_there: bool | None) -> None:
            if still_there:
                self._restart_idle_timer()
            else:
                self.end_session()

        language = self.diagnosis.language
        self.push_screen(StillThereScreen(language, self.config.still_there_seconds), answered)

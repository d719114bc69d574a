"""The kiosk application: one person's self-diagnosis from welcome to QR code, then a wipe.

The app is a router: screens post messages (`terminal.kiosk.messages`), the session
(`questionnaires.session`) says what comes next, and the app shows it. It holds no
rule of its own about questions or scores.

Start-up shows the welcome screen first and does everything else afterwards, in the
background: validating the settings, reading the questionnaire, opening the results.
Nothing a person can reach before the questions needs them. While nobody is at the
kiosk, it looks every few seconds for a newly published questionnaire
(`terminal.services.in_use`) and uses it from the next session; one that does not
load is refused, and only staff are told.

In preview (`diagnum questionnaire preview FILE`) the kiosk runs one file's walk and
saves nothing: no results, no cache, no library; it ends on the rules that fired.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.timer import Timer

from questionnaires.session import Session, Step, ToConsent, ToQuestion
from terminal.i18n import UI_LANGUAGES, translate
from terminal.kiosk import messages
from terminal.kiosk.parcel import Parcel
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.screens.welcome import WelcomeScreen
from terminal.kiosk.theme import KIOSK_THEME
from terminal.services.saving import SaveStatus
from terminal.settings.source import ConfigSource
from terminal.ui.idle_exit import PRESENCE
from terminal.ui.no_break import keep_no_break_spaces

if TYPE_CHECKING:
    from pathlib import Path

    from questionnaires.loading import QuestionnaireError
    from questionnaires.model import Question, Questionnaire
    from questionnaires.problems import Problem, Words
    from questionnaires.result import Result
    from storage import ResultStore
    from terminal.kiosk.screens.handover import HandoverScreen
    from terminal.services.in_use import Fingerprint, InUse
    from terminal.services.staff_pin import Outcome, PinGuard
    from terminal.services.voice import Voice
    from terminal.settings.model import KioskConfig

log = logging.getLogger("diagnum.kiosk")

# The background start-up waits this long after the welcome screen is drawn, so a
# key pressed at once is answered at once.
LOAD_DELAY_SECONDS = 0.3
# A PIN typed while the settings are still being read (F12 pressed at start-up, on a
# busy machine) waits this long for them, rather than being refused as "no PIN set".
SETTINGS_WAIT_SECONDS = 30.0
DEFAULT_INPUT_GUARD = 0.4
# A save waits this long for another kiosk or the adviser's console to finish writing
# (the person sees "saving…") before saying "not saved".
SAVE_LOCK_SECONDS = 30.0
# At start-up the check that results can be saved waits less: nobody waits for it.
START_LOCK_SECONDS = 2.0
# The retention period is applied at start-up, then this often while the kiosk runs.
RETENTION_EVERY_SECONDS = 6 * 3600.0
# While nobody is at the kiosk, it looks this often for a new questionnaire.
WATCH_EVERY_SECONDS = 5.0
# After a session, the welcome screen ignores taps this long: the last taps of the
# person who just finished must not start a session for the next one.
AFTER_SESSION_SECONDS = 1.0
# The documented key that opens the staff PIN pad.
STAFF_KEY = "f12"
# Textual modes: the public kiosk, and the staff menu.
PUBLIC_MODE = "public"
STAFF_MODE = "staff"
# The public stack when nobody is there: the welcome screen alone.
IDLE_STACK = 1
# A key, or a finger on the screen: what the idle timer and the input guard watch.
TOUCHES = events.Key | events.MouseDown | events.MouseUp


class KioskApp(App[None], inherit_bindings=False):
    CSS_PATH = "kiosk.tcss"
    TITLE = "Diagnum"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
        # Staff access (docs/deployment.md): on the welcome screen only, then the PIN.
        Binding(STAFF_KEY, "staff", "Staff", id="staff", show=False, priority=True),
    ]
    # The app's keys and their actions, for the input guard (looked at on every key).
    KEY_ACTIONS = {b.key: b.action for b in BINDINGS if isinstance(b, Binding)}

    def __init__(
        self,
        config: KioskConfig | ConfigSource,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        new_code: Callable[[], str] | None = None,
        preview: Path | None = None,
        preview_name: str | None = None,
        watch_every: float = WATCH_EVERY_SECONDS,
        staff_access: bool = True,
        voice: Voice | None = None,
    ) -> None:
        super().__init__()
        keep_no_break_spaces()  # « … » and « ? » never split at a line's end
        self.register_theme(KIOSK_THEME)
        self.theme = KIOSK_THEME.name
        self.preview = preview  # the file walked in preview: nothing is saved
        # The editor's try walks a copy of the text beside the file: it shows the file's name.
        self.preview_name = preview_name or (preview.name if preview else "")
        self.watch_every = watch_every
        self._source = config if isinstance(config, ConfigSource) else None
        self._config = None if isinstance(config, ConfigSource) else config
        # Set once the settings are read, or known to be unreadable.
        self._settings_read = threading.Event()
        if self._config is not None:
            self._settings_read.set()
        self.today = today
        self.now = now
        self.new_code = new_code  # tests and snapshots pin the result code
        self.questionnaire: Questionnaire | None = None
        self.store: ResultStore | None = None
        self.ready = False  # settings, questionnaire and results are loaded
        self.load_problem: str | None = None
        # What staff must know although sessions can run (shown on the welcome screen).
        self.staff_notes: dict[str, str] = {}
        # One person's session: language and consent come before the questionnaire.
        self.in_session = False
        self.session = Session()
        self._when_ready_action: Callable[[], None] | None = None
        self._loading_started = False
        self._idle_timer: Timer | None = None
        self._handing_over = False
        self.in_use: InUse | None = None
        self._waiting: InUse | None = None  # a new questionnaire, for the next session
        self._refused: Fingerprint | None = None  # not tried again until it changes
        self._looking = False
        # False under `diagnum serve`: a tablet never reaches the staff menu.
        self.staff_access = staff_access and preview is None
        self._pin_guard: PinGuard | None = None
        self._quit_asked = False
        # Found in the background at start-up (espeak-ng, a player, a sound card).
        self._voice = voice

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # The kiosk's own colour names, so that its CSS reads under any theme.
        return dict(KIOSK_THEME.variables)

    @property
    def input_guard_seconds(self) -> float:
        """The settings' input guard; its default until the settings are loaded."""
        return DEFAULT_INPUT_GUARD if self._config is None else self._config.input_guard_seconds

    @property
    def handing_over(self) -> bool:
        return self._handing_over

    @property
    def voice(self) -> Voice | None:
        return self._voice

    @property
    def media_folder(self) -> Path | None:
        """Where the questionnaire's pictures and recordings are (beside its file)."""
        return None if self.in_use is None else self.in_use.path.parent

    @property
    def read_aloud(self) -> bool:
        return self._config is not None and self._config.read_aloud

    @property
    def retention_months(self) -> int:
        return self.config.retention_months

    @property
    def config(self) -> KioskConfig:
        if self._config is None:
            raise RuntimeError("the settings are still loading")
        return self._config

    # -- start-up ------------------------------------------------------------

    def on_read_aloud(self, message: messages.ReadAloud) -> None:
        if self._voice is not None:
            self._voice.say(message.parts)

    def _screen_changed(self, _: object) -> None:
        # The voice reads one screen: it never goes on over the next one.
        if self._voice is not None:
            self._voice.stop()

    def on_unmount(self) -> None:
        self._screen_changed(None)

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        # Two faces, two screen stacks: the public's, and the staff menu's (behind the PIN).
        self.add_mode(PUBLIC_MODE, WelcomeScreen)
        self.switch_mode(PUBLIC_MODE)
        self.call_after_refresh(self.set_timer, LOAD_DELAY_SECONDS, self._start_loading)

    def _start_loading(self) -> None:
        if not self._loading_started:
            self._loading_started = True
            self._load_everything()

    @work(thread=True, exclusive=True, group="load")
    def _load_everything(self) -> None:
        try:
            self._load_or_explain()
        except Exception as error:
            # Whatever went wrong, the kiosk stays up and tells staff, never the public.
            log.exception("start-up failed")
            self.call_from_thread(self._loading_failed, f"{type(error).__name__} (see the log)")
        finally:
            self._settings_read.set()

    def _load_or_explain(self) -> None:
        from questionnaires.loading import QuestionnaireError
        from terminal.settings.model import ConfigError, load_settings

        try:
            config = self._config or load_settings(self._source)  # type: ignore[arg-type]
        except ConfigError as error:  # _load_everything then sets _settings_read
            self.call_from_thread(self._loading_failed, str(error))
            return
        self._config = config
        self._settings_read.set()
        try:
            in_use = self._first_questionnaire(config)
        except QuestionnaireError as error:
            self.call_from_thread(self._loading_failed, str(error))
            return
        if self.preview is None:
            self._open_store(config)
        if self._voice is None:
            from terminal.services.voice import Voice

            self._voice = Voice.detect()
        # Warm what the QR code screen needs, so the first person does not wait for it.
        import qrcode  # noqa: F401

        from questionnaires import payload, qr  # noqa: F401

        self.call_from_thread(self._loading_done, in_use)
        if self.preview is None:
            # After the kiosk is ready: counting a large store must not delay anyone.
            self.call_from_thread(self._retention_again)

    def _first_questionnaire(self, config: KioskConfig) -> InUse:
        """The questionnaire to start with; if the chosen file is refused, the one this
        kiosk used last (staff are told why), else `QuestionnaireError`."""
        from questionnaires.loading import QuestionnaireError, load_questionnaire
        from terminal.services.in_use import InUse, last_valid, load_in_use, write_status

        if self.preview is not None:
            return InUse(load_questionnaire(self.preview), self.preview, ())
        try:
            in_use = load_in_use(config, self.now())
        except QuestionnaireError as error:
            kept = last_valid(config)
            if kept is None:
                raise
            in_use = self._refused_for(error, kept)
        write_status(config, in_use, self.now())
        return in_use

    def _refused_for(self, error: QuestionnaireError, kept: InUse) -> InUse:
        """A file is refused: the kiosk keeps ``kept``; the log and staff screens say why."""
        from dataclasses import replace

        from terminal.services.in_use import Refusal

        questionnaire = kept.questionnaire
        log.warning(
            "questionnaire %s refused, the kiosk keeps %s version %d: %s",
            error.path,
            questionnaire.id,
            questionnaire.version,
            "; ".join(p.text("en") for p in error.problems[:5]),
        )
        refusal = Refusal(error.path, tuple(_placed(p) for p in error.problems))
        return replace(kept, refusal=refusal)

    def _open_store(self, config: KioskConfig) -> None:
        """Open the results once, check they can be saved, read the current month."""
        from storage import ResultStore, StorageError, StoreBusy

        try:
            store = ResultStore(config.data_dir, lock_timeout=SAVE_LOCK_SECONDS)
            store.check_writable(timeout=START_LOCK_SECONDS)
        except StoreBusy:
            pass  # another kiosk or the console is writing: the folder works
        except StorageError as error:
            # Sessions still run: each person is told "not saved" and keeps the code.
            log.error("results cannot be saved: %s", error)
            self._tell_staff("storage", translate("fr", "staff.cannot_save", reason=str(error)))
            return
        try:
            today = self.today()
            store.records(since=today.replace(day=1), until=today)
        except StorageError as error:
            log.error("results not available at start-up: %s", error)
        for problem in store.problems:
            log.warning("results: %s", problem)
        self.store = store

    def _apply_retention(self, store: ResultStore, config: KioskConfig) -> None:
        """(In a thread) delete results and log entries past the retention period,
        unless the clock looks wrong: then tell staff instead."""
        from storage import StorageError
        from storage.retention import plausible_day
        from terminal.services.retention import purge_automatically

        today = self.today()
        try:
            outcome = purge_automatically(store, config.data_dir, config.retention_months, today)
        except StorageError as error:
            log.error("retention: the purge failed: %s", error)
            return
        note = None
        if outcome.refused:
            log.warning(
                "retention: %s; nothing was deleted: check the clock, then purge by hand "
                "with `diagnum results purge`",
                outcome.refused,
            )
            key = "staff.no_purge" if plausible_day(today) else "staff.bad_clock"
            note = translate("fr", key, today=today.isoformat())
        elif outcome.deleted:
            log.info("retention: %d results past the retention period deleted", outcome.deleted)
        self._tell_staff("retention", note)

    @work(thread=True, exclusive=True, group="retention")
    def _retention_again(self) -> None:
        """After start-up, then every few hours: a kiosk may run for months without a
        restart, and the period applies all along."""
        try:
            if self.store is not None and self._config is not None:
                self._apply_retention(self.store, self._config)
        except Exception:
            log.exception("retention: the purge failed")

    def _tell_staff(self, topic: str, note: str | None) -> None:
        """(From a thread) set or clear the welcome screen's note on ``topic``."""
        if note is None:
            self.staff_notes.pop(topic, None)
        else:
            self.staff_notes[topic] = note
        self.call_from_thread(self._show_staff_notes)

    def _show_staff_notes(self) -> None:
        for screen in self._welcome_screens():
            screen.show_staff_notes(list(self.staff_notes.values()))

    def _welcome_screens(self) -> list[WelcomeScreen]:
        """The public welcome screen, also while the staff menu shows: a note or a hold
        given meanwhile is there when the kiosk is public again."""
        try:
            stack = self.get_screen_stack(PUBLIC_MODE)
        except KeyError:  # not mounted yet
            return []
        return [screen for screen in stack if isinstance(screen, WelcomeScreen)]

    def _loading_done(self, in_use: InUse) -> None:
        self.in_use = in_use
        self.questionnaire = in_use.questionnaire
        if self.preview is None:
            self.set_interval(RETENTION_EVERY_SECONDS, self._retention_again)
            self.set_interval(self.watch_every, self._look_for_a_new_questionnaire)
        self.ready = True
        self._restart_idle_timer()
        action, self._when_ready_action = self._when_ready_action, None
        if action is not None and self.in_session:
            action()

    def _loading_failed(self, problem: str) -> None:
        self.load_problem = problem
        log.error("the kiosk cannot start sessions: %s", problem)
        self.end_session()
        for screen in self._welcome_screens():
            screen.show_problem(problem)

    def _when_ready(self, action: Callable[[], None]) -> None:
        """Run ``action`` now, or as soon as start-up has finished loading."""
        if self.ready:
            action()
        else:
            self._when_ready_action = action
            self._start_loading()

    def _handle_exception(self, error: Exception) -> None:
        # Textual's own report of a crash shows local variables, which hold the
        # person's answers: the supervisor sends it nowhere, and the log gets only
        # where it happened (terminal.logs). Textual has no public hook for this.
        log.error("the kiosk failed", exc_info=error)
        super()._handle_exception(error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit":
            if self.preview is not None:
                return True  # a facilitator trying a file, not a public kiosk
            return self._config is not None and not self._config.locked
        if action == "staff":
            return self._staff_key_works()
        # Anything else in the app's namespace (a link in a text, say) does nothing.
        return False

    # -- staff access --------------------------------------------------------

    def _staff_key_works(self) -> bool:
        """Only on the welcome screen, between two people, with staff access allowed."""
        return (
            self.staff_access
            and self.current_mode != STAFF_MODE
            and not self.in_session
            and isinstance(self.screen, WelcomeScreen)
        )

    def action_staff(self) -> None:
        from terminal.kiosk.screens.pin_pad import PinPadScreen

        self.push_screen(PinPadScreen(self._pin_note()))

    def _pin_note(self) -> str | None:
        """What the pad says before a PIN is typed: no PIN set, or still locked out."""
        from terminal.services.staff_pin import Outcome

        if self._config is None:
            # Unreadable settings: no PIN can be checked (the welcome screen says why).
            return translate("fr", "staff.pin.unchecked") if self._settings_read.is_set() else None
        if self._config.staff_pin is None:
            return translate("fr", "staff.pin.not_set")
        try:
            locked = self._lockout(self._config).locked_for()
        except Exception:
            log.exception("the staff PIN lockout could not be read")
            return None
        if not locked:
            return None
        return translate("fr", "staff.pin.locked", seconds=Outcome.locked(locked).locked_seconds)

    def _lockout(self, config: KioskConfig) -> PinGuard:
        """The PIN lockout, read from the data folder once: for the pad, then each PIN."""
        from terminal.services.staff_pin import PinGuard

        if self._pin_guard is None:
            self._pin_guard = PinGuard(config.data_dir)
        return self._pin_guard

    def on_pin_typed(self, message: messages.PinTyped) -> None:
        self._check_pin(Parcel(message.pin))

    @work(thread=True, exclusive=True, group="pin", exit_on_error=False, description="check a PIN")
    def _check_pin(self, parcel: Parcel[str]) -> None:
        """(In a thread: scrypt takes a moment) the PIN, through the lockout."""
        from terminal.services.staff_pin import Outcome

        pin = parcel.take()
        self._settings_read.wait(SETTINGS_WAIT_SECONDS)
        config = self._config
        if config is None:
            log.warning("a staff PIN was typed, but the settings cannot be read")
            outcome = Outcome.unchecked()
        else:
            try:
                outcome = self._lockout(config).attempt(pin, config.staff_pin)
            except Exception:
                log.exception("the staff PIN could not be checked")
                outcome = Outcome.unchecked()
        self.call_from_thread(self._pin_checked, outcome)

    def _pin_checked(self, outcome: Outcome) -> None:
        from terminal.kiosk.screens.pin_pad import PinPadScreen
        from terminal.services.staff_pin import Verdict

        pad = self.screen
        if not isinstance(pad, PinPadScreen):
            return  # the pad closed itself meanwhile
        if outcome.ok:
            log.info("staff menu opened")
            pad.dismiss(None)
            self._enter_staff()
        elif outcome.verdict is Verdict.LOCKED:
            pad.refuse(translate("fr", "staff.pin.locked", seconds=outcome.locked_seconds))
        elif outcome.verdict is Verdict.WRONG:
            pad.refuse(translate("fr", "staff.pin.wrong", left=outcome.tries_left))
        else:
            pad.refuse(translate("fr", "staff.pin.unchecked"))

    def _enter_staff(self) -> None:
        from terminal.kiosk.screens.staff_menu import StaffMenuScreen

        self.end_session()  # nobody's answers behind the staff screens
        self._quit_asked = False
        idle = self.config.staff_idle_seconds
        notes = list(self.staff_notes.values())
        self.add_mode(STAFF_MODE, lambda: StaffMenuScreen(idle, notes))
        self.switch_mode(STAFF_MODE)

    def _leave_staff(self) -> None:
        """Back to the public welcome screen; the staff stack is thrown away."""
        if self.current_mode == STAFF_MODE:
            self.switch_mode(PUBLIC_MODE)
            self.remove_mode(STAFF_MODE)
            log.info("staff menu closed")

    def on_staff_choice(self, message: messages.StaffChoice) -> None:
        choice = message.choice
        if choice != "quit":
            self._quit_asked = False
        if choice == "public":
            self._leave_staff()
        elif choice == "quit":
            self._quit_when_sure()
        elif choice == "export":
            self._export_results()
        elif choice in ("console", "editor"):
            self._open_tool(choice)

    def _quit_when_sure(self) -> None:
        if self._quit_asked:
            log.info("the kiosk was stopped from the staff menu")
            self.exit()
            return
        self._quit_asked = True
        self._staff_message(translate("fr", "staff.quit.confirm") + " (5)")

    def _staff_message(self, text: str) -> None:
        from terminal.kiosk.screens.staff_menu import StaffMenuScreen

        if isinstance(self.screen, StaffMenuScreen):
            self.screen.show_message(text)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_results(self) -> None:
        from terminal.services.staff_tools import export_results

        try:
            path, count = export_results(self.config.data_dir, self.today())
        except Exception as error:
            log.exception("the export from the staff menu failed")
            text = translate("fr", "staff.export.failed", reason=str(error) or type(error).__name__)
        else:
            text = translate("fr", "staff.export.done", path=f"{path} ({count})")
        self.call_from_thread(self._staff_message, text)

    def _open_tool(self, tool: str) -> None:
        """The console or the editor, in its own process on this terminal: a failure
        there can never take the public kiosk down, and it closes itself when idle."""
        from terminal.kiosk.screens.staff_menu import StaffMenuScreen
        from terminal.services.staff_tools import ToolError, run_tool

        try:
            with self.suspend():
                outcome = run_tool(tool, self.config, self._source)
        except ToolError as error:
            outcome = str(error)
        except Exception as error:  # e.g. a terminal that cannot be suspended
            log.exception("the %s could not be opened", tool)
            outcome = f"{tool}: {type(error).__name__}"
        self.refresh(repaint=True, layout=True)
        if isinstance(self.screen, StaffMenuScreen):
            self.screen.touched()  # staff were busy in the tool until now
            self.screen.show_message(outcome or "")

    # -- a new questionnaire, between two people -------------------------------

    def _look_for_a_new_questionnaire(self) -> None:
        # One look at a time: a slow disk never piles them up. A preview walks its file.
        if self.preview is not None or self._looking:
            return
        if self.ready and not self.in_session and self.in_use is not None:
            self._looking = True
            self._look_in_thread()

    # A look that fails (the kiosk closing, a disk gone) never takes the kiosk down.
    @work(thread=True, group="watch", exit_on_error=False)
    def _look_in_thread(self) -> None:
        from dataclasses import replace

        from questionnaires.loading import QuestionnaireError
        from terminal.services.in_use import fingerprint, load_in_use, write_status

        current = self.in_use
        try:
            if current is None or self._config is None:
                return
            marks = fingerprint(self._config)
            if marks in (current.fingerprint, self._refused):
                return
            in_use = load_in_use(self._config, self.now())
            if in_use.refusal is not None:  # refused, with a version to fall back on:
                self._refused = marks  # the one running now is that, or better
                write_status(self._config, replace(current, refusal=in_use.refusal), self.now())
                return
        except QuestionnaireError as error:
            self._refused = marks
            assert current is not None and self._config is not None
            write_status(self._config, self._refused_for(error, current), self.now())
            return
        except Exception:
            log.exception("looking for a new questionnaire failed")
            return
        finally:
            self._looking = False
        self.call_from_thread(self._new_questionnaire, in_use)

    def _new_questionnaire(self, in_use: InUse) -> None:
        """Use it from the next session: never in the middle of someone's answers."""
        if self.in_session:
            self._waiting = in_use
            return
        self._use(in_use)

    def _use(self, in_use: InUse) -> None:

        questionnaire = in_use.questionnaire
        self.in_use, self.questionnaire, self._refused = in_use, questionnaire, None
        log.info("questionnaire %s version %d in use", questionnaire.id, questionnaire.version)
        self._write_status_in_thread(in_use)

    @work(thread=True, group="status", exit_on_error=False)
    def _write_status_in_thread(self, in_use: InUse) -> None:
        from terminal.services.in_use import write_status

        write_status(self.config, in_use, self.now())

    # -- one person's session ------------------------------------------------

    @property
    def languages(self) -> list[str]:
        if self.questionnaire is None:
            return list(UI_LANGUAGES)
        return [lang for lang in self.questionnaire.languages if lang in UI_LANGUAGES]

    # Screens post these; the session says what comes next.

    def on_start_session(self, _: messages.StartSession) -> None:
        if self.in_session or self.load_problem is not None:
            return
        self.in_session = True
        self.session = Session()
        self._restart_idle_timer()
        from terminal.kiosk.screens.language import LanguageScreen

        self.push_screen(LanguageScreen(self.languages))
        self.call_after_refresh(self._start_loading)

    def on_language_chosen(self, message: messages.LanguageChosen) -> None:
        self.session.choose_language(message.language)

        def show_consent() -> None:
            from terminal.kiosk.screens.consent import ConsentScreen

            self.push_screen(ConsentScreen())

        self._when_ready(show_consent)

    def on_consent_given(self, message: messages.ConsentGiven) -> None:
        self.session.give_consent(message.consent)
        self._when_ready(self._first_question)

    def _first_question(self) -> None:
        assert self.questionnaire is not None
        self._show(self.session.begin(self.questionnaire))

    def on_answered(self, message: messages.Answered) -> None:
        self._show(self.session.answer(message.question_id, message.answer))

    def on_move_on(self, message: messages.MoveOn) -> None:
        self._show(self.session.advance(message.question_id))

    def on_question_back(self, message: messages.QuestionBack) -> None:
        self._show(self.session.back(message.question_id))

    def on_go_back(self, _: messages.GoBack) -> None:
        if len(self.screen_stack) > IDLE_STACK:
            self.pop_screen()
        if len(self.screen_stack) <= IDLE_STACK:
            self.end_session()

    def on_hand_over(self, message: messages.HandOver) -> None:
        self.hand_over(message.result)

    def on_finished(self, _: messages.Finished) -> None:
        from terminal.kiosk.screens.thanks import ThanksScreen

        language = self.session.language
        self.end_session()
        self.push_screen(ThanksScreen(language))

    def on_end_session(self, _: messages.EndSession) -> None:
        self.end_session()

    def _show(self, step: Step) -> None:
        if isinstance(step, ToQuestion):
            self._show_question(step.question)
        elif isinstance(step, ToConsent):
            self._ask_restart()  # Back on the first question: never a silent wipe
        else:
            self._show_result()

    def _ask_restart(self) -> None:
        from terminal.kiosk.screens.restart import RestartScreen

        def answered(restart: bool | None) -> None:
            if restart:
                self.end_session()

        self.push_screen(RestartScreen(self.session.language), answered)

    def _show_question(self, question: Question) -> None:
        # One question screen at a time: the answers live in the session, so a
        # question shown again is rebuilt from them, and memory stays flat.
        from terminal.kiosk.screens.question import QuestionScreen

        if isinstance(self.screen, QuestionScreen):
            self.switch_screen(QuestionScreen(question))
        else:
            self.push_screen(QuestionScreen(question))

    def _show_result(self) -> None:
        from terminal.kiosk.screens.result import ResultScreen

        result = self.session.finish(self.today(), self._draw_code())
        self.push_screen(ResultScreen(result))

    def hand_over(self, result: Result) -> None:
        """Save (when the person agreed), then show the QR code: never the other way round.
        In preview, nothing is saved: the rules that fired are shown instead."""
        if self._handing_over:
            return
        if self.preview is not None:
            from terminal.kiosk.screens.preview import PreviewScreen

            self.push_screen(PreviewScreen(result))
            return
        self._handing_over = True
        from questionnaires.payload import encode_payload

        payload = encode_payload(result)
        self._save_then_show(Parcel((result, payload, self.session)))

    @work(thread=True, exclusive=True, group="save", description="save a result")
    def _save_then_show(self, parcel: Parcel[tuple[Result, str, Session]]) -> None:
        result, payload, session = parcel.take()
        status = SaveStatus.NOT_KEPT
        if session.consent:
            status, result, payload = self._save(result, payload)
        self.call_from_thread(self._show_handover, result, payload, status, session)

    def _save(self, result: Result, payload: str) -> tuple[SaveStatus, Result, str]:
        """Save; if the random result code is already taken, draw another one."""
        from dataclasses import replace

        from questionnaires.payload import encode_payload
        from storage import DuplicateCode
        from storage.retention import plausible_day

        if not plausible_day(result.day):
            # Filed under a false date, the result would be purged too early or block
            # the purge: the person keeps the code, marked "not saved".
            log.error("a result was not saved: the kiosk's clock says %s", result.day)
            return SaveStatus.NOT_SAVED, result, payload
        for _ in range(5):
            try:
                return self._save_once(result, payload), result, payload
            except DuplicateCode:
                result = replace(result, code=self._draw_code())
                payload = encode_payload(result)
        return SaveStatus.NOT_SAVED, result, payload

    def _draw_code(self) -> str:
        from questionnaires.result import new_result_code

        return self.new_code() if self.new_code else new_result_code()

    def _save_once(self, result: Result, payload: str) -> SaveStatus:
        from storage import DuplicateCode, ResultStore, StorageError

        try:
            if self.store is None:
                self.store = ResultStore(self.config.data_dir, lock_timeout=SAVE_LOCK_SECONDS)
            self.store.save(result.to_record(payload, self.now()))
        except DuplicateCode:
            raise
        except StorageError as error:
            # The code, for staff who may re-enter the result from the person's QR code.
            log.error("result %s not saved: %s", result.code, error)
            return SaveStatus.NOT_SAVED
        except Exception:
            # Whatever went wrong, the person still gets the QR code, marked "not saved";
            # the kiosk must never claim a save that did not happen, nor die.
            log.exception("a result was not saved")
            return SaveStatus.NOT_SAVED
        return SaveStatus.SAVED

    def _show_handover(
        self, result: Result, payload: str, status: SaveStatus, session: Session
    ) -> None:
        from terminal.kiosk.screens.handover import HandoverScreen, wants_ticket

        self._handing_over = False
        if not self.in_session or self.session is not session:
            # The session was wiped while saving: never show a code to the next person.
            log.info("a result was handed over after its session ended (%s)", status.value)
            return
        printing = self._config is not None and self._config.printer is not None
        printing = printing and wants_ticket(result)
        screen = HandoverScreen(result, payload, status, printing=printing)
        self.push_screen(screen)
        if printing:
            self._print_ticket(Parcel((screen, session.language)))

    @work(thread=True, group="print", description="print a ticket")
    def _print_ticket(self, parcel: Parcel[tuple[HandoverScreen, str]]) -> None:
        """(In a thread, once the code is on screen) print the ticket; the screen then
        says whether it went to the printer. The kiosk goes on either way."""
        screen, language = parcel.take()
        from terminal.services.printing import PrintError, print_ticket
        from terminal.services.ticket import ticket_pdf

        printer = self.config.printer
        assert printer is not None
        saved = screen.status is SaveStatus.SAVED
        try:
            pdf = ticket_pdf(screen.result, screen.payload, language, saved=saved)
            print_ticket(pdf, printer)
        except PrintError as error:
            # lp's own words name the printer and the problem, never the person.
            log.error("the ticket could not be printed: %s", error)
            printed = False
        except Exception:
            log.exception("the ticket could not be printed")
            printed = False
        else:
            printed = True
        self.call_from_thread(self._print_done, screen, printed)

    def _print_done(self, screen: HandoverScreen, printed: bool) -> None:
        if screen in self.screen_stack:  # not once the session is wiped
            screen.show_print_outcome(printed)

    def end_session(self) -> None:
        """Wipe everything about this person: their answers and every screen they saw."""
        self.in_session = False
        self.session = Session()
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._use(waiting)
        else:
            self._look_for_a_new_questionnaire()  # published while this person was here
        self._when_ready_action = None
        self._stop_idle_timer()
        while len(self.screen_stack) > IDLE_STACK:
            self.pop_screen()
        for screen in self._welcome_screens():
            screen.hold_input(AFTER_SESSION_SECONDS)

    # -- inactivity ----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, PRESENCE):
            self._restart_idle_timer()
        staff_key = isinstance(event, events.Key) and self._staff_key_acts(event.key)
        if isinstance(event, TOUCHES) and not staff_key:
            screen = self.screen
            if isinstance(screen, KioskScreen) and screen.too_soon():
                return  # a held key or a double tap on a screen that has just appeared
        await super().on_event(event)

    def _staff_key_acts(self, key: str) -> bool:
        """A staff key that does something here skips the input guard; a locked one
        (Ctrl+Q on a public kiosk) is a key like any other."""
        action = self.KEY_ACTIONS.get(key)
        return action is not None and bool(self.check_action(action, ()))

    def _restart_idle_timer(self) -> None:
        # A new timer, not Timer.reset(): a reset only takes effect when the running
        # wait ends, which could stretch "3 minutes without a touch" to 6.
        self._stop_idle_timer()
        if self.in_session and self._config is not None:
            self._idle_timer = self.set_timer(self._config.idle_seconds, self._ask_still_there)

    def _stop_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None

    def _ask_still_there(self) -> None:
        from terminal.kiosk.screens.still_there import StillThereScreen

        if not self.in_session or isinstance(self.screen, StillThereScreen):
            return
        if self._handing_over:
            # Saving may wait for the lock: never wipe the code the person is waiting for.
            self._restart_idle_timer()
            return

        def answered(still_there: bool | None) -> None:
            if still_there:
                self._restart_idle_timer()
            else:
                self.end_session()

        seconds = self.config.still_there_seconds
        self.push_screen(StillThereScreen(self.session.language, seconds), answered)


def _placed(problem: Problem) -> Words:
    """A problem with its place, in both languages, for staff screens."""
    from questionnaires.problems import Words

    return Words(problem.text("fr"), problem.text("en"))

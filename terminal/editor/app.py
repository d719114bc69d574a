"""The facilitators' editor: a thin router between its screen and the editing service.

The screen posts what was typed (`terminal.editor.messages`); the app checks the text in
the background a moment after the last key and shows the problems. Its keys save,
try the questionnaire in the kiosk (nothing saved), run its cases, publish it, and
choose the version the kiosk uses. Nothing here can stop a kiosk: publishing refuses a
file with an error and keeps every earlier version.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.timer import Timer

from terminal.editor.messages import TextChanged
from terminal.editor.screens.confirm import Confirm
from terminal.editor.screens.edit import EditScreen
from terminal.editor.screens.lines import LinesScreen
from terminal.editor.screens.versions import VersionsScreen
from terminal.i18n import translate
from terminal.settings.source import diagnum_command
from terminal.ui.ask_text import AskText
from terminal.ui.idle_exit import IdleExit
from terminal.ui.no_break import keep_no_break_spaces

if TYPE_CHECKING:
    from questionnaires.library import Library
    from terminal.services.editing import Checks
    from terminal.settings.model import KioskConfig

log = logging.getLogger("diagnum.editor")

# The text is checked this long after the last key: typing is never slowed down.
CHECK_AFTER_SECONDS = 0.4


class EditorApp(App[None], inherit_bindings=False):
    CSS_PATH = "editor.tcss"
    TITLE = "Diagnum · questionnaire"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        # Keys the text area does not use (it takes F6 and F7), in the order of the work.
        # F2 is told under the problems: the footer must fit 80 columns.
        Binding("f2", "problems", "Problèmes", id="problems", show=False),
        Binding("f3", "try_it", "Essayer", id="try_it"),
        Binding("f4", "test", "Tester", id="test"),
        Binding("f5", "publish", "Publier", id="publish"),
        Binding("f9", "versions", "Versions", id="versions"),
        Binding("ctrl+f", "find", "Chercher", id="find", show=False),
        Binding("ctrl+g", "go_to_line", "Aller à la ligne", id="go_to_line", show=False),
        Binding("ctrl+s", "save", "Enregistrer", id="save", priority=True),
        Binding("ctrl+q", "quit_editor", "Quitter", id="quit", priority=True),
    ]

    def __init__(
        self,
        config: KioskConfig,
        path: Path,
        *,
        language: str = "fr",
        config_file: Path | None = None,
        idle_exit: float | None = None,
    ) -> None:
        super().__init__()
        keep_no_break_spaces()  # « … » and « ? » never split at a line's end
        # Opened from the kiosk's staff menu: saves and ends when left alone.
        self.idle_exit = IdleExit(self, idle_exit, self._idle_quit)
        self.config = config
        self.config_file = config_file  # given to the try, so it runs as the kiosk does
        self.path = path
        self.language = language
        self.saved_text = ""
        self.checks: Checks | None = None
        self._check_timer: Timer | None = None
        self._checked_text: str | None = None
        self._message_timer: Timer | None = None
        self._searched = ""

    def t(self, key: str, **values: object) -> str:
        return translate(self.language, key, **values)

    def say(
        self, message: str, severity: SeverityLevel = "information", timeout: float = 12
    ) -> None:
        """What a key did, in the message line under the problems (never over them);
        never read as markup: it quotes paths and the file's own words."""
        if self._message_timer is not None:
            self._message_timer.stop()
        self.editor.show_message(message, severity)
        self._message_timer = self.set_timer(timeout, self.editor.clear_message)

    def _handle_exception(self, error: Exception) -> None:
        log.error("the editor failed", exc_info=error)
        super()._handle_exception(error)

    @property
    def library(self) -> Library:
        from questionnaires.library import Library

        return Library(self.config.data_dir / "questionnaires")

    @property
    def editor(self) -> EditScreen:
        screen = self.screen
        if not isinstance(screen, EditScreen):
            return next(s for s in self.screen_stack if isinstance(s, EditScreen))
        return screen

    # -- start ------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        self.idle_exit.seen(event)
        await super().on_event(event)

    def on_mount(self) -> None:
        self.idle_exit.start()
        try:
            self.saved_text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.saved_text = ""
        except (OSError, UnicodeDecodeError):
            # Never an empty text that Ctrl+S would write over the file: `diagnum editor`
            # checks the file first; it changed since.
            self.exit(message=self.t("editor.unreadable", path=self.path))
            return
        self.push_screen(EditScreen(self.saved_text, str(self.path), self.language))
        self.call_after_refresh(self._show_status)
        self.call_after_refresh(self._check_in_thread, self.saved_text)
        self.call_after_refresh(self._refresh_kiosk_notes)

    def _show_status(self) -> None:
        unsaved = self.editor.text != self.saved_text
        state = f" · ● {self.t('editor.unsaved')}" if unsaved else ""
        # The name and its state first: a long folder is what gets cut.
        status = f"{self.path.name}{state} · {self.path.parent}"
        self.editor.show_status(status, unsaved=unsaved)

    @work(thread=True, group="notes")
    def _refresh_kiosk_notes(self) -> None:
        from terminal.services.editing import kiosk_notes

        notes = kiosk_notes(self.config, self.language)
        self.call_from_thread(lambda: self.editor.show_kiosk_notes(notes))

    # -- checking as the facilitator types ---------------------------------------

    def on_text_changed(self, message: TextChanged) -> None:
        self._show_status()
        if self._check_timer is not None:
            self._check_timer.stop()
        text = message.text
        self._check_timer = self.set_timer(CHECK_AFTER_SECONDS, lambda: self._check_in_thread(text))

    @work(thread=True, exclusive=True, group="check")
    def _check_in_thread(self, text: str) -> None:
        from terminal.services.editing import check_text

        try:
            checks = check_text(text, self.path, self.library)
        except Exception:
            log.exception("checking the text failed")
            message = self.t("editor.check_failed", folder=self.config.data_dir / "logs")
            self.call_from_thread(self._check_failed, text, message)
            return
        self.call_from_thread(self._checked, text, checks)

    def _check_failed(self, text: str, message: str) -> None:
        """Never the problems of an older text as if they were this one's."""
        if text == self.editor.text:
            self.checks, self._checked_text = None, None
            self.editor.show_check_failed(message)

    def _checked(self, text: str, checks: Checks) -> None:
        if text != self.editor.text:
            return  # typed since: a newer check is on its way
        self.checks, self._checked_text = checks, text
        self.editor.show_problems(list(checks.problems))

    def _current_checks(self) -> Checks:
        """The checks of the text on screen now (checked again if it changed)."""
        from terminal.services.editing import check_text

        text = self.editor.text
        if self.checks is None or self._checked_text != text:
            self._checked(text, check_text(text, self.path, self.library))
        assert self.checks is not None
        return self.checks

    # -- the keys -------------------------------------------------------------------

    def action_problems(self) -> None:
        self.editor.focus_problems()

    def action_find(self) -> None:
        def found(words: str | None) -> None:
            if not words:
                return
            self._searched = words
            if self.editor.find(words):
                self.editor.clear_message()
            else:
                self.say(self.t("editor.not_found", words=words), severity="warning")

        title, hint = self.t("editor.find_title"), self.t("editor.find_hint")
        self.push_screen(AskText(title, hint, self._searched), found)

    def action_go_to_line(self) -> None:
        last = self.editor.line_count

        def chosen(answer: str | None) -> None:
            if answer:  # digits only: the field takes nothing else
                self.editor.go_to(max(1, min(int(answer), last)), 1)

        title = self.t("editor.line_title", last=last)
        hint = self.t("editor.line_hint")
        self.push_screen(AskText(title, hint, restrict=r"[0-9]{0,6}"), chosen)

    def action_save(self) -> bool:
        from storage import StorageError
        from terminal.services.editing import save

        text = self.editor.text
        try:
            save(self.path, text)
        except (StorageError, OSError) as error:
            self.say(self.t("editor.save_failed", why=error), severity="error", timeout=20)
            return False
        self.saved_text = text
        self._show_status()
        self.say(self.t("editor.saved", path=self.path))
        return True

    def action_test(self) -> None:
        from questionnaires.cases import case_lines, summary_line
        from terminal.services.editing import run_cases

        checks = self._current_checks()
        outcomes = run_cases(checks)
        if outcomes is None:
            self._fix_first(checks)
            return
        if not outcomes:
            lines = [self.t("editor.no_cases")]
        else:
            lines = [summary_line(outcomes, self.language), ""]
            for outcome in outcomes:
                lines += [*case_lines(outcome, self.language), ""]
        self.push_screen(LinesScreen(self.t("editor.cases_title"), lines, self.t("editor.close")))

    def _fix_first(self, checks: Checks) -> bool:
        if checks.checked.questionnaire is not None and not checks.errors:
            return False
        self.say(self.t("editor.fix_first", count=len(checks.errors)), severity="warning")
        self.editor.focus_problems(toggle=False)
        return True

    def action_publish(self) -> None:
        checks = self._current_checks()
        if self._fix_first(checks):
            return
        questionnaire = checks.checked.questionnaire
        assert questionnaire is not None
        title = self.t(
            "editor.publish_title",
            version=questionnaire.version,
            title=questionnaire.title.in_language(self.language),
        )
        answers = [("publish", self.t("editor.publish_yes")), ("cancel", self.t("editor.cancel"))]

        def answered(answer: str | None) -> None:
            if answer == "publish" and self.action_save():
                self._publish_in_thread()

        self.push_screen(Confirm(title, self.t("editor.publish_body"), answers), answered)

    @work(thread=True, exclusive=True, group="publish")
    def _publish_in_thread(self) -> None:
        from questionnaires.library import PublishError

        try:
            version = self.library.publish(self.path)
        except PublishError as error:
            why = error.words.in_language(self.language)
            message = self.t("editor.not_published", why=why)
            self.call_from_thread(self.say, message, severity="error", timeout=20)
            return
        message = self.t("editor.published", version=version.version)
        if self.config.questionnaire is not None:  # the settings' file comes first
            message = self.t("editor.settings_first", path=self.config.questionnaire)
        self.call_from_thread(self.say, message, timeout=15)
        self.call_from_thread(self._check_in_thread, self.saved_text)
        self.call_from_thread(self._refresh_kiosk_notes)

    def action_versions(self) -> None:
        from terminal.services.in_use import choosable

        library = self.library
        questionnaire = self.checks.checked.questionnaire if self.checks else None
        versions = [
            (v, in_use)
            for v, in_use in choosable(self.config)
            if questionnaire is None or v.id == questionnaire.id
        ]
        if not versions:
            self.say(self.t("editor.versions_none"))
            return
        several = len({v.id for v, _ in versions}) > 1
        lines = []
        for version, in_use in versions:
            when = _readable(version.published_at, self.language) or self.t("editor.shipped")
            if in_use:
                when += f" · {self.t('editor.version_current')}"
            line = self.t(
                "editor.version_line",
                mark="▶" if in_use else " ",
                version=version.version,
                when=when,
            )
            lines.append(
                (f"{version.version}/{version.id}", f"{version.id} · {line}" if several else line)
            )

        def chosen(key: str | None) -> None:
            from questionnaires.library import PublishError

            if key is None:
                return
            number, _, questionnaire_id = key.partition("/")
            try:
                library.use(questionnaire_id, int(number))
            except PublishError as error:
                self.say(error.words.in_language(self.language), severity="error")
                return
            self.say(self.t("editor.version_use", version=number))

        hint = self.t("editor.versions_hint")
        self.push_screen(VersionsScreen(self.t("editor.versions_title"), lines, hint), chosen)

    def action_try_it(self) -> None:
        """The kiosk's walk on the text on screen, in this terminal; nothing is saved."""
        checks = self._current_checks()
        if self._fix_first(checks):
            return
        # Beside the file, so its pictures and recordings are found at the same paths.
        trial = self.path.with_name(f".{self.path.stem}.try.yaml")
        failure = self.path.with_name(f".{self.path.stem}.try.failed")
        try:
            trial.write_text(self.editor.text, encoding="utf-8")
        except OSError as error:
            self.say(self.t("editor.try_failed", why=error.strerror), severity="error")
            return
        try:
            done = self._run_try(trial, failure)
        finally:
            trial.unlink(missing_ok=True)
        if done is not None and done.returncode != 0:
            why = _read_failure(failure) or self.t(
                "editor.try_log", folder=self.config.data_dir / "logs"
            )
            self.say(self.t("editor.try_failed", why=why), severity="error", timeout=30)
        failure.unlink(missing_ok=True)

    def _run_try(self, trial: Path, failure: Path) -> subprocess.CompletedProcess[bytes] | None:
        from terminal.services.editing import FAILURE_FILE

        command = diagnum_command(self.config.data_dir, self.config_file)
        command += ["questionnaire", "preview", str(trial), "--shown-as", self.path.name]
        environment = {**os.environ, FAILURE_FILE: str(failure)}
        try:
            with self.suspend():
                return subprocess.run(command, check=False, env=environment)
        except Exception as error:  # no real terminal here (a test, a web page)
            log.info("the try could not run: %s", error)
            self.say(self.t("editor.try_terminal", path=self.path), severity="warning")
            return None

    def _idle_quit(self) -> None:
        """Left alone: the text is saved (never lost), then the editor ends."""
        if self.editor.text != self.saved_text and not self.action_save():
            log.warning("the editor closed when idle without saving %s", self.path)
        self.exit()

    def action_quit_editor(self) -> None:
        if self.editor.text == self.saved_text:
            self.exit()
            return
        answers = [
            ("save", self.t("editor.quit_save")),
            ("drop", self.t("editor.quit_drop")),
            ("cancel", self.t("editor.cancel")),
        ]

        def answered(answer: str | None) -> None:
            if answer == "drop" or (answer == "save" and self.action_save()):
                self.exit()

        self.push_screen(Confirm(self.t("editor.quit_title"), "", answers), answered)


def _read_failure(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _readable(moment: str | None, language: str) -> str | None:
    """ "2026-12-01T22:01:54" as a person reads it: "01/12/2026 22:01" in French."""
    from datetime import datetime

    if moment is None:
        return None
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    return parsed.strftime("%d/%m/%Y %H:%M" if language == "fr" else "%Y-%m-%d %H:%M")

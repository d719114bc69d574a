"""The adviser's console: a thin router between its screens and the desk service.

Screens post messages (`terminal.adviser.messages`); the app asks the desk
(`terminal.services.desk`) and shows the answer. Every problem is one line under the
scan field, and the field is ready for the next scan at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType

from questionnaires.result import format_result_code
from terminal.adviser import messages
from terminal.adviser.screens.base import ConsoleScreen
from terminal.adviser.screens.choose_one import ChooseOne
from terminal.adviser.screens.compare import CompareScreen
from terminal.adviser.screens.filters import Chosen, FiltersScreen
from terminal.adviser.screens.funders import FundersScreen
from terminal.adviser.screens.home import HomeScreen
from terminal.adviser.screens.report import ReportScreen
from terminal.i18n import translate
from terminal.services.desk import AdviserDesk, Filters, Opened
from terminal.services.lookup import Refused
from terminal.services.orientation import ORIENTATIONS
from terminal.ui.ask_text import AskText
from terminal.ui.idle_exit import IdleExit
from terminal.ui.no_break import keep_no_break_spaces

if TYPE_CHECKING:
    from questionnaires.model import Questionnaire
    from storage import ImportReport
    from terminal.services.funders import FundersReport
    from terminal.settings.model import KioskConfig

log = logging.getLogger("diagnum.adviser")


class AdviserApp(App[None], inherit_bindings=False):
    CSS_PATH = "adviser.tcss"
    TITLE = "Diagnum · conseiller"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quitter", id="quit", show=False, priority=True),
    ]

    def __init__(
        self,
        config: KioskConfig,
        *,
        language: str = "fr",
        today: Callable[[], date] = date.today,
        idle_exit: float | None = None,
    ) -> None:
        super().__init__()
        keep_no_break_spaces()  # « … » and « ? » never split at a line's end
        # Opened from the kiosk's staff menu: ends when left alone (`--idle-exit`).
        self.idle_exit = IdleExit(self, idle_exit, self.exit)
        self.config = config
        self.language = language
        self.today = today
        self.desk: AdviserDesk | None = None
        self.questionnaire: Questionnaire | None = None
        self.start_problem: str | None = None
        self.filters = Chosen(Filters(), "all")
        self._report_screen: ReportScreen | None = None
        # The funders' report covers this year until the adviser chooses a period.
        self.funders_period = "year"

    def t(self, key: str, **values: object) -> str:
        return translate(self.language, key, **values)

    def _handle_exception(self, error: Exception) -> None:
        # As in the kiosk: the log says where it failed, never with the answers.
        log.error("the console failed", exc_info=error)
        super()._handle_exception(error)

    # -- start-up -------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        self.idle_exit.seen(event)
        await super().on_event(event)

    def on_mount(self) -> None:
        from questionnaires.loading import QuestionnaireError
        from storage import StorageError

        self.idle_exit.start()
        try:
            self.desk = AdviserDesk(self.config, language=self.language)
            self.questionnaire = self.desk.questionnaire
        except (StorageError, QuestionnaireError) as error:
            # The console still opens: the adviser reads why, and can quit.
            self.start_problem = str(error)
            log.error("the console cannot open the results: %s", error)
        home = HomeScreen(self._questionnaire_or_default())
        self.push_screen(home)
        self.call_after_refresh(self._browse)

    def _questionnaire_or_default(self) -> Questionnaire:
        from questionnaires.loading import DEFAULT_FILE, load_questionnaire

        return self.questionnaire or load_questionnaire(DEFAULT_FILE)

    def say(self, text: str, kind: str = "") -> None:
        """One line under the scan field of the screen shown."""
        if isinstance(self.screen, ConsoleScreen):
            self.screen.scan.say(text, kind)

    def _desk(self) -> AdviserDesk:
        if self.desk is None:
            raise Refused(self.start_problem or "the results cannot be opened")
        return self.desk

    # -- scan and open ----------------------------------------------------------

    def on_scanned(self, message: messages.Scanned) -> None:
        text = message.text.strip()
        if not text:
            if isinstance(self.screen, HomeScreen):
                self.screen.on_scanned_empty()
            return
        from terminal.services.scan import named_path

        if named_path(text) is not None:
            self.say("⏳ " + self.t("adviser.reading_image"))
            self._open_in_thread(text)  # a photo takes up to a second to decode
            return
        self._opened(self._open(text))

    def _open(self, text: str) -> Opened | str:
        try:
            return self._desk().open(text)
        except Refused as refused:
            return str(refused)

    @work(thread=True, exclusive=True, group="scan")
    def _open_in_thread(self, text: str) -> None:
        self.call_from_thread(self._opened, self._open(text))

    def _opened(self, opened: Opened | str) -> None:
        if isinstance(opened, str):
            self.say(opened, "error")
        else:
            self._show_report(opened)

    def on_open_record(self, message: messages.OpenRecord) -> None:
        try:
            opened = self._desk().reopen(message.record)
        except Refused as refused:
            self.say(str(refused), "error")
            return
        self._show_report(opened)

    def _show_report(self, opened: Opened) -> None:
        # One report screen, kept: the next scan only changes its text (see
        # docs/performance.md), so a queue of people is scanned without a wait.
        size = self._pathway_size(opened)
        screen = self._report_screen
        if screen is None:
            # Installed: leaving it keeps it whole for the next scan.
            screen = self._report_screen = ReportScreen(opened, size)
            self.install_screen(screen, "report")
        else:
            screen.show(opened, size)
        if self.screen is not screen:
            self._show(screen)

    def _show(self, screen: ConsoleScreen) -> None:
        """One screen above the home list at a time: Escape is always one step home."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(screen)

    def _pathway_size(self, opened: Opened) -> int:
        if opened.person is None or self.desk is None:
            return 0
        return len(self.desk.pathway(opened.person))

    # -- what the adviser does with a result -----------------------------------

    def on_result_action(self, message: messages.ResultAction) -> None:
        if message.action == "filters":
            self._ask_filters()
            return
        if message.action == "choose_two":
            self._choose_two()
            return
        if message.action == "period":
            self._ask_period()
            return
        if message.action == "export":
            self._ask_export()
            return
        screen = self.screen
        if not isinstance(screen, ReportScreen):
            return
        actions = {
            "save": self._save,
            "decide": self._ask_orientation,
            "person": self._ask_person,
            "compare": self._compare,
        }
        actions[message.action](screen)

    def _save(self, screen: ReportScreen) -> None:
        self._apply(screen, lambda desk, opened: desk.save(opened), "adviser.done_saved")

    def _apply(
        self,
        screen: ReportScreen,
        change: Callable[[AdviserDesk, Opened], Opened],
        done_key: str,
        **values: object,
    ) -> None:
        try:
            opened = change(self._desk(), screen.opened)
        except Refused as refused:
            screen.scan.say(str(refused), "error")
            return
        screen.refresh_opened(opened, self._pathway_size(opened))
        screen.scan.say(self.t(done_key, **values), "done")

    def _ask_orientation(self, screen: ReportScreen) -> None:
        current = screen.opened.orientation
        options = [(kind, self.t(f"orientation.{kind}")) for kind in ORIENTATIONS]

        def chosen(kind: str | None) -> None:
            if kind is None:
                return
            label = self.t(f"orientation.{kind}")
            self._apply(
                screen,
                lambda desk, opened: desk.decide(opened, kind, self.today()),
                "adviser.done_oriented",
                what=label,
            )

        title = self.t("adviser.ask_orientation")
        kind = None if current is None else current.kind
        self.push_screen(ChooseOne(title, options, kind), chosen)

    def _ask_person(self, screen: ReportScreen) -> None:
        def given(reference: str | None) -> None:
            if reference is None or not reference.strip():
                return
            self._apply(
                screen,
                lambda desk, opened: desk.attach(opened, reference),
                "adviser.done_attached",
                ref=reference.strip(),
            )

        ask = AskText(
            self.t("adviser.ask_person"),
            self.t("adviser.ask_person_hint"),
            screen.opened.person or "",
        )
        self.push_screen(ask, given)

    # -- browse -------------------------------------------------------------------

    def on_show_home(self, _: messages.ShowHome) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.call_after_refresh(self._browse)

    def _home(self) -> HomeScreen | None:
        screens = [s for s in self.screen_stack if isinstance(s, HomeScreen)]
        return screens[0] if screens else None

    def _browse(self) -> None:
        home = self._home()
        if home is None:
            return
        if self.start_problem is not None:
            home.scan.say(self.start_problem, "error")
            return
        try:
            browsed = self._desk().browse(self.filters.filters)
        except Refused as refused:
            home.scan.say(str(refused), "error")
            return
        home.show(browsed, self.filters.filters, self._filter_words())

    def _filter_words(self) -> str:
        chosen = self.filters
        words = []
        if chosen.period != "all":
            words.append(self.t(f"adviser.period_{chosen.period}"))
        filters = chosen.filters
        if filters.person:
            words.append(self.t("adviser.pathway", ref=filters.person))
        if filters.orientation:
            key = "adviser.undecided" if filters.orientation == "undecided" else None
            words.append(self.t(key or f"orientation.{filters.orientation}"))
        if filters.next_step or (filters.area and filters.level is not None):
            words.append(self.t("adviser.more_filters"))
        return " · ".join(words)

    def _ask_filters(self) -> None:
        def chosen(value: Chosen | None) -> None:
            if value is not None:
                self.filters = value
                self._browse()

        questionnaire = self._questionnaire_or_default()
        self.push_screen(
            FiltersScreen(questionnaire, self.filters, self.language, self.today()), chosen
        )

    # -- follow a person ----------------------------------------------------------

    def _compare(self, screen: ReportScreen) -> None:
        from terminal.services.compare import first_and_latest

        person = screen.opened.person
        if person is None:
            return
        pair = first_and_latest(self._desk().pathway(person))
        if pair is None:
            screen.scan.say(self.t("adviser.compare_needs_two"), "error")
            return
        self._show_comparison(person, *pair)

    def _show_comparison(
        self, person: str, before: Mapping[str, Any], after: Mapping[str, Any]
    ) -> None:
        from terminal.services.compare import compare, diagnosis_order, finder

        desk = self._desk()
        first, latest = sorted((before, after), key=diagnosis_order)
        comparison = compare(
            first,
            latest,
            self._questionnaire_or_default(),
            find=finder(desk.lookup.library.questionnaires),
            lang=self.language,
        )
        self._show(CompareScreen(person, comparison))

    def _choose_two(self) -> None:
        """Any two diagnoses of the pathway: the earlier one first, then the later."""
        screen = self.screen
        if not isinstance(screen, CompareScreen):
            return
        records = {str(r.get("code")): r for r in self._desk().pathway(screen.person)}
        options = [
            (code, f"{r.get('date')} · {format_result_code(code)}") for code, r in records.items()
        ]

        def second(first_code: str | None) -> None:
            if first_code is None:
                return

            def both(second_code: str | None) -> None:
                if second_code is not None and second_code != first_code:
                    self._show_comparison(screen.person, records[first_code], records[second_code])

            rest = [o for o in options if o[0] != first_code]
            self.push_screen(ChooseOne(self.t("adviser.choose_second"), rest, None), both)

        self.push_screen(ChooseOne(self.t("adviser.choose_first"), options, None), second)

    # -- reports for the structure and its funders --------------------------------

    def on_show_funders(self, _: messages.ShowFunders) -> None:
        self._funders(self.funders_period)

    def _funders(self, period: str, bounds: tuple[date, date] | None = None) -> None:
        from terminal.adviser.screens.filters import period_bounds

        if bounds is None:
            since, until = period_bounds(period, self.today())
            bounds = (since or date(2000, 1, 1), until or self.today())
        self.funders_period = period
        self.say("⏳ " + self.t("adviser.counting"))
        self._count_in_thread(*bounds)

    @work(thread=True, exclusive=True, group="funders")
    def _count_in_thread(self, since: date, until: date) -> None:
        # Two years of a network's results take a moment: never freeze the scan field.
        try:
            report = self._desk().funders(since, until)
        except Refused as refused:
            self.call_from_thread(self.say, str(refused), "error")
            return
        self.call_from_thread(self._show, FundersScreen(report))

    def _ask_period(self) -> None:
        from terminal.adviser.screens.filters import PERIODS

        options = [(p, self.t(f"adviser.period_{p}")) for p in PERIODS]
        options.append(("custom", self.t("adviser.period_custom")))

        def chosen(period: str | None) -> None:
            if period == "custom":
                self._ask_dates()
            elif period is not None:
                self._funders(period)

        title = self.t("adviser.ask_period")
        self.push_screen(ChooseOne(title, options, self.funders_period), chosen)

    def _ask_dates(self) -> None:
        def given(text: str | None) -> None:
            if text is None:
                return
            try:
                since, until = (date.fromisoformat(part) for part in text.split())
            except ValueError:
                self.say(self.t("adviser.bad_period", text=text.strip()), "error")
                return
            if since > until:
                since, until = until, since
            self._funders("custom", (since, until))

        hint = self.t("adviser.ask_dates_hint")
        self.push_screen(AskText(self.t("adviser.ask_dates"), hint), given)

    def _ask_export(self) -> None:
        screen = self.screen
        if not isinstance(screen, FundersScreen):
            return
        report = screen.report
        options = [
            ("public", self.t("adviser.export_public")),
            ("internal", self.t("adviser.export_internal")),
        ]

        def where(kind: str | None) -> None:
            if kind is None:
                return
            public = kind == "public"
            name = f"diagnum-bilan-{report.since}-{report.until}{'-financeurs' if public else ''}"
            default = str(Path.home() / f"{name}.csv")

            def given(path: str | None) -> None:
                if path is not None and path.strip():
                    self._export(report, Path(path.strip()).expanduser(), public)

            hint = self.t("adviser.ask_file_hint")
            self.push_screen(AskText(self.t("adviser.ask_file"), hint, default), given)

        self.push_screen(ChooseOne(self.t("adviser.ask_export"), options, "public"), where)

    def _export(self, report: FundersReport, path: Path, public: bool) -> None:
        try:
            self._desk().write_funders_csv(report, path, public=public)
        except Refused as refused:
            self.say(str(refused), "error")
            return
        self.say(self.t("adviser.done_exported", path=str(path)), "done")

    # -- move results between PCs ---------------------------------------------------

    def on_ask_import(self, _: messages.AskImport) -> None:
        def given(path: str | None) -> None:
            if path is not None and path.strip():
                self.say("⏳ " + self.t("adviser.importing"))
                self._import_in_thread(Path(path.strip().strip("'\"")).expanduser())

        hint = self.t("adviser.ask_import_hint")
        self.push_screen(AskText(self.t("adviser.ask_import"), hint), given)

    @work(thread=True, exclusive=True, group="import")
    def _import_in_thread(self, path: Path) -> None:
        try:
            report = self._desk().import_file(path)
        except Refused as refused:
            self.call_from_thread(self.say, str(refused), "error")
            return
        self.call_from_thread(self._imported, report)

    def _imported(self, report: ImportReport) -> None:
        words = self.t(
            "adviser.imported",
            added=report.added,
            here=report.already_here + report.differs,
        )
        if report.damaged:
            lines = ", ".join(str(line) for line, _ in report.damaged[:10])
            more = "…" if len(report.damaged) > 10 else ""
            words += " " + self.t(
                "adviser.import_damaged", n=len(report.damaged), lines=lines + more
            )
            for line, problem in report.damaged:
                log.warning("import: line %d: %s", line, problem)
        self.say(words, "error" if report.damaged else "done")
        self._browse()

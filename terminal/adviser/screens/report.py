"""One person's report: what this PC keeps of it (saved, orientation, pathway), the
ten-second summary, then every detail with its reasons."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from questionnaires.report import adviser_report
from questionnaires.result import format_result_code
from terminal.adviser.messages import ResultAction
from terminal.adviser.screens.base import SCROLL_KEYS, ConsoleScreen
from terminal.adviser.widgets.report_view import ReportView
from terminal.services.desk import Opened


class ReportScreen(ConsoleScreen):
    """The report of the result just scanned or opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *SCROLL_KEYS,
        Binding("f5", "save", "Garder", id="save", priority=True),
        Binding("f6", "decide", "Orienter", id="decide", priority=True),
        Binding("f7", "person", "Parcours", id="person", priority=True),
        Binding("f8", "compare", "Comparer", id="compare", priority=True),
    ]

    def __init__(self, opened: Opened, pathway_size: int = 0) -> None:
        super().__init__()
        self.opened = opened
        self.pathway_size = pathway_size

    def compose(self) -> ComposeResult:
        yield self.scan_bar()
        yield Static(self._status_text(), id="report-status", markup=False)
        report = adviser_report(self.opened.result, self.language).splitlines()
        yield ReportView(report, id="report-body")
        yield self.footer()

    def on_mount(self) -> None:
        code = format_result_code(self.opened.result.code)
        self.scan.say(self.t("adviser.opened", code=code), "done")

    def _status_text(self) -> Content:
        """Saved or not, the orientation and the pathway: a line each, a sign each."""
        opened = self.opened
        if opened.saved:
            saved = ("💾 " + self.t("adviser.saved_here"), "bold")
        elif opened.can_save:
            saved = ("⚠ " + self.t("adviser.not_saved_can"), "bold $text-warning")
        elif opened.result.consent is None:
            saved = ("🚫 " + self.t("adviser.consent_unknown"), "")
        else:
            saved = ("🚫 " + self.t("adviser.not_kept"), "")
        lines = [saved]
        keepable = opened.saved or opened.can_save
        orientation = opened.orientation
        if orientation is not None:
            label = self.t(f"orientation.{orientation.kind}")
            day = orientation.day.strftime("%d/%m/%Y")
            lines.append(("🧭 " + self.t("adviser.oriented", what=label, day=day), ""))
        elif keepable:
            lines.append(("🧭 " + self.t("adviser.not_oriented"), ""))
        if opened.person is not None:
            count = self.t("adviser.pathway_count", n=self.pathway_size)
            lines.append((f"👤 {self.t('adviser.pathway', ref=opened.person)} · {count}", ""))
        elif keepable:
            lines.append(("👤 " + self.t("adviser.no_pathway"), ""))
        return _lines(lines)

    def _report_text(self) -> Content:
        """The report as `diagnum decode` prints it; headings in bold (and marked ##)."""
        report = adviser_report(self.opened.result, self.language).splitlines()
        return _lines(
            [(line, "bold $text-accent" if line.startswith("#") else "") for line in report]
        )

    def refresh_opened(self, opened: Opened, pathway_size: int) -> None:
        """The same result, after a save, an orientation or a pathway."""
        self.opened = opened
        self.pathway_size = pathway_size
        self.query_one("#report-status", Static).update(self._status_text())
        self.refresh_bindings()

    def show(self, opened: Opened, pathway_size: int) -> None:
        """Another result on this screen: a scan never rebuilds the screen, only its text."""
        self.refresh_opened(opened, pathway_size)
        report = adviser_report(opened.result, self.language).splitlines()
        self.query_one(ReportView).set_lines(report)
        self.on_mount()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        opened = self.opened
        if action == "save":
            return opened.can_save
        if action in ("decide", "person"):
            return opened.saved or opened.can_save
        if action == "compare":
            return opened.person is not None and self.pathway_size >= 2
        return True

    def scroll_body(self) -> Widget:
        return self.query_one(ReportView)

    def action_save(self) -> None:
        self.post_message(ResultAction("save"))

    def action_decide(self) -> None:
        self.post_message(ResultAction("decide"))

    def action_person(self) -> None:
        self.post_message(ResultAction("person"))

    def action_compare(self) -> None:
        self.post_message(ResultAction("compare"))


def _lines(lines: list[tuple[str, str]]) -> Content:
    """Styled lines as one Content; the text never carries markup."""
    parts: list[tuple[str, str] | str] = []
    for text, style in lines:
        parts += [(text, style), "\n"]
    return Content.assemble(*parts[:-1])

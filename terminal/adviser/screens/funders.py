"""The report for the structure and its funders, for a period: tables with a bar for
each row, a chart of the diagnoses per month, and an export to CSV."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from terminal.adviser.messages import ResultAction
from terminal.adviser.screens.base import SCROLL_KEYS, ConsoleScreen
from terminal.services.funders import FundersReport, ReportSection

BAR_CELLS = 16
LABEL_CELLS = 38
MONTHS_SECTION = "months"


def bar(share: float) -> str:
    """A bar of eighths of a cell; the figures beside it say the same in numbers."""
    eighths = round(max(0.0, min(1.0, share)) * BAR_CELLS * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(BAR_CELLS)


def section_lines(section: ReportSection, language: str) -> list[str]:
    """One aligned line per row: label, count, share and its bar."""
    width = max((len(row.label) for row in section.rows), default=10)
    width = min(max(width, 10), LABEL_CELLS)
    lines = []
    biggest = max((row.count for row in section.rows), default=0)
    for row in section.rows:
        label = row.label if len(row.label) <= width else row.label[: width - 1] + "…"
        share = row.share if row.share is not None else row.count / biggest if biggest else 0.0
        percent = "" if row.share is None else f"{row.share * 100:5.1f} %"
        if language == "en":
            percent = percent.replace(" %", "%")
        lines.append(f"{label:<{width}}  {row.count:>6}  {percent:>7}  {bar(share)}")
    return lines


class FundersScreen(ConsoleScreen):
    """F9 chooses the period, F10 exports to CSV."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *SCROLL_KEYS,
        Binding("f9", "period", "Période", id="period", priority=True),
        Binding("f10", "export", "Exporter CSV", id="export", priority=True),
    ]

    def __init__(self, report: FundersReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        yield self.scan_bar()
        report = self.report
        since, until = report.since.strftime("%d/%m/%Y"), report.until.strftime("%d/%m/%Y")
        yield Static(
            self.t("adviser.funders_title", since=since, until=until),
            classes="view-title",
            markup=False,
        )
        with VerticalScroll(classes="view-body", can_focus=False):
            for section in report.sections:
                yield Static("## " + section.title, classes="view-title", markup=False)
                if section.key == MONTHS_SECTION and len(section.rows) > 1:
                    yield PlotextPlot(id="months-chart")
                text = "\n".join(section_lines(section, self.language)) or "—"
                yield Static(text, classes="report-table", markup=False)
        yield self.footer()

    def on_mount(self) -> None:
        charts = self.query("#months-chart").results(PlotextPlot)
        for chart in charts:
            section = next(s for s in self.report.sections if s.key == MONTHS_SECTION)
            labels, counts = [r.label for r in section.rows], [r.count for r in section.rows]
            chart.plt.bar(labels, counts, width=0.6)
            # Ticks chosen here, not by plotext: at most 8 month names, never crowded.
            step = -(-len(labels) // 8)
            chart.plt.xticks(list(range(1, len(labels) + 1, step)), labels[::step])
            chart.plt.title(section.title)

    def scroll_body(self) -> Widget:
        return self.query_one(VerticalScroll)

    def action_period(self) -> None:
        self.post_message(ResultAction("period"))

    def action_export(self) -> None:
        self.post_message(ResultAction("export"))

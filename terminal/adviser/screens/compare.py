"""Two diagnoses of one person side by side: per area and per equipment item, what
progressed, what went back, what is the same, and what one side did not ask."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from terminal.adviser.messages import ResultAction
from terminal.adviser.screens.base import ConsoleScreen
from terminal.services.compare import Change, Comparison, Verdict

# A sign beside every verdict's words: colour is never the only signal.
AREA_SIGNS = {
    Verdict.PROGRESSED: ("▲", "bold green"),
    Verdict.REGRESSED: ("▼", "bold red"),
    Verdict.UNCHANGED: ("=", ""),
    Verdict.NOT_ASKED: ("∅", "dim"),
    Verdict.NOT_ENOUGH: ("?", "dim"),
}
ITEM_SIGNS = {
    Change.GAINED: ("▲", "bold green"),
    Change.LOST: ("▼", "bold red"),
    Change.SAME: ("=", ""),
    Change.UNKNOWN: ("?", "dim"),
    Change.NOT_ASKED: ("∅", "dim"),
}


class CompareScreen(ConsoleScreen):
    """F9 chooses two other diagnoses of the pathway."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "choose", "Choisir 2 bilans", id="choose_two", priority=True),
        Binding("pageup", "scroll(-1)", show=False, id="cmp_page_up", priority=True),
        Binding("pagedown", "scroll(1)", show=False, id="cmp_page_down", priority=True),
        Binding("up", "scroll(-0.1)", show=False, id="cmp_up", priority=True),
        Binding("down", "scroll(0.1)", show=False, id="cmp_down", priority=True),
    ]

    def __init__(self, person: str, comparison: Comparison) -> None:
        super().__init__()
        self.person = person
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        yield self.scan_bar()
        before, after = self.comparison.before, self.comparison.after
        title = self.t(
            "adviser.compare_title", ref=self.person, before=before.date, after=after.date
        )
        yield Static(title, classes="view-title", markup=False)
        if not self.comparison.same_version:
            note = self.t("adviser.compare_versions", before=before.version, after=after.version)
            yield Static("ℹ " + note, classes="view-note", markup=False)
        with VerticalScroll(classes="view-body", can_focus=False):
            yield Static("## " + self.t("adviser.compare_areas"), classes="view-title")
            yield self._table("areas")
            yield Static("## " + self.t("adviser.compare_equipment"), classes="view-title")
            yield self._table("items")
        yield self.footer()

    def _table(self, name: str) -> DataTable[object]:
        table: DataTable[object] = DataTable(id=f"compare-{name}", show_cursor=False)
        table.can_focus = False
        return table

    def on_mount(self) -> None:
        before, after = self.comparison.before, self.comparison.after
        areas = self.query_one("#compare-areas", DataTable)
        areas.add_columns(
            self.t("adviser.col_area"), before.date, after.date, self.t("adviser.col_change")
        )
        for area in self.comparison.areas:
            sign, style = AREA_SIGNS[area.verdict]
            areas.add_row(
                f"{area.pictogram} {area.label}",
                area.before_words,
                area.after_words,
                _styled(f"{sign} {area.verdict_words}", style),
            )
        items = self.query_one("#compare-items", DataTable)
        items.add_columns(
            self.t("adviser.col_item"), before.date, after.date, self.t("adviser.col_change")
        )
        for item in self.comparison.items:
            sign, style = ITEM_SIGNS[item.change]
            items.add_row(
                f"{item.pictogram} {item.label}",
                self.t(f"compare.{item.before.value}"),
                self.t(f"compare.{item.after.value}"),
                _styled(f"{sign} {item.change_words}", style),
            )

    def action_scroll(self, pages: float) -> None:
        body = self.query_one(VerticalScroll)
        body.scroll_to(y=body.scroll_y + pages * body.size.height, animate=False)

    def action_choose(self) -> None:
        self.post_message(ResultAction("choose_two"))


def _styled(text: str, style: str) -> Text:
    return Text(text, style=style)

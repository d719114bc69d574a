"""Two diagnoses of one person side by side: per area and per equipment item, what
progressed, what went back, what is the same, and what one side did not ask."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static

from terminal.adviser.messages import ResultAction
from terminal.adviser.screens.base import SCROLL_KEYS, ConsoleScreen
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
        *SCROLL_KEYS,
        Binding("f9", "choose", "Choisir 2 bilans", id="choose_two", priority=True),
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
        areas = [
            (
                f"{a.pictogram} {a.label}",
                a.before_words,
                a.after_words,
                AREA_SIGNS[a.verdict],
                a.verdict_words,
            )
            for a in self.comparison.areas
        ]
        self._fill("areas", self.t("adviser.col_area"), areas)
        items = [
            (
                f"{i.pictogram} {i.label}",
                self.t(f"compare.{i.before.value}"),
                self.t(f"compare.{i.after.value}"),
                ITEM_SIGNS[i.change],
                i.change_words,
            )
            for i in self.comparison.items
        ]
        self._fill("items", self.t("adviser.col_item"), items)

    def _fill(
        self, name: str, what: str, rows: list[tuple[str, str, str, tuple[str, str], str]]
    ) -> None:
        """One row per area or item: before, after, and the change with its sign."""
        table = self.query_one(f"#compare-{name}", DataTable)
        before, after = self.comparison.before, self.comparison.after
        table.add_columns(what, before.date, after.date, self.t("adviser.col_change"))
        for label, first, latest, (sign, style), words in rows:
            table.add_row(label, first, latest, Text(f"{sign} {words}", style=style))

    def scroll_body(self) -> Widget:
        return self.query_one(VerticalScroll)

    def action_choose(self) -> None:
        self.post_message(ResultAction("choose_two"))

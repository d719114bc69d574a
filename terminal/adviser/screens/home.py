"""The results kept on this PC, newest first, with filters; the console opens here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from questionnaires.model import Questionnaire
from questionnaires.result import format_result_code
from terminal.adviser.messages import OpenRecord, ResultAction
from terminal.adviser.screens.base import ConsoleScreen
from terminal.services.desk import Browsed, Filters
from terminal.services.orientation import orientation_of, person_of

# Dots for a level, as in the report: the number of filled dots is the signal.
LEVEL_DOTS = ("●○○○", "●●○○", "●●●○", "●●●●")


def level_dots(level: object) -> str:
    return LEVEL_DOTS[level] if isinstance(level, int) and 0 <= level < 4 else " ?  "


class HomeScreen(ConsoleScreen):
    """Browse: up and down choose a result, Enter (with the scan field empty) opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9", "filters", "Filtres", id="filters", priority=True),
        Binding("up", "move(-1)", show=False, id="row_up", priority=True),
        Binding("down", "move(1)", show=False, id="row_down", priority=True),
        Binding("pageup", "move(-10)", show=False, id="rows_up", priority=True),
        Binding("pagedown", "move(10)", show=False, id="rows_down", priority=True),
    ]

    def __init__(self, questionnaire: Questionnaire) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.filters = Filters()
        self._records: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield self.scan_bar()
        yield Static("", id="browse-title", markup=False)
        table: DataTable[str] = DataTable(id="browse", cursor_type="row", zebra_stripes=True)
        table.can_focus = False
        yield table
        yield self.footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Narrow level columns, headed by the area's pictogram (the report names it),
        # so the next step and the orientation fit on an 80-column screen too.
        areas = [a.pictogram for a in self.questionnaire.scoring.areas]
        table.add_columns(
            self.t("adviser.col_date"),
            self.t("adviser.col_code"),
            self.t("adviser.col_person"),
            *areas,
            self.t("adviser.col_step"),
            self.t("adviser.col_orientation"),
        )

    def show(self, browsed: Browsed, filters: Filters, filter_words: str) -> None:
        """Fill the list; the title says how many matched and which filters apply."""
        self.filters = filters
        self._records = [dict(r) for r in browsed.records]
        table = self.query_one(DataTable)
        table.clear()
        for record in self._records:
            table.add_row(*self._row(record))
        shown = len(self._records)
        if browsed.matched is None:
            title = self.t("adviser.browse_latest", shown=shown)
        else:
            title = self.t("adviser.browse_title", shown=shown, matched=browsed.matched)
        if filter_words:
            title += f" · {filter_words}"
        self.query_one("#browse-title", Static).update(title)

    def _row(self, record: Mapping[str, Any]) -> list[str]:
        levels = record.get("levels")
        levels = levels if isinstance(levels, Mapping) else {}
        steps = record.get("next_steps")
        step = steps[0] if isinstance(steps, list) and steps else ""
        orientation = orientation_of(record)
        return [
            str(record.get("date", "")),
            format_result_code(str(record.get("code", ""))),
            person_of(record) or "",
            *(level_dots(levels.get(a.id)) for a in self.questionnaire.scoring.areas),
            self._step_label(step)[:26],
            "" if orientation is None else self.t(f"orientation.{orientation.kind}")[:22],
        ]

    def _step_label(self, step: str) -> str:
        for rule in self.questionnaire.scoring.next_steps:
            if rule.id == step:
                return rule.label.in_language(self.language)
        return step

    def action_move(self, rows: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + rows))

    def on_scanned_empty(self) -> None:
        """Enter with nothing typed opens the highlighted result."""
        table = self.query_one(DataTable)
        if self._records and 0 <= table.cursor_row < len(self._records):
            self.post_message(OpenRecord(self._records[table.cursor_row]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.on_scanned_empty()

    def action_filters(self) -> None:
        self.post_message(ResultAction("filters"))

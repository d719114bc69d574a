"""The browse filters: period, level in an area, next step, orientation, pathway."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select
from textual.widgets.select import NoSelection

from questionnaires.model import Questionnaire
from terminal.i18n import translate
from terminal.services.desk import Filters
from terminal.services.orientation import ORIENTATIONS
from terminal.ui.keys_in_order import InOrderInput

PERIODS = ("all", "month", "3months", "12months", "year", "last_year")


def period_bounds(period: str, today: date) -> tuple[date | None, date | None]:
    """The first and last day of a named period ending today (or last year's)."""
    if period == "month":
        return today.replace(day=1), today
    if period == "3months":
        return today - timedelta(days=91), today
    if period == "12months":
        return today - timedelta(days=365), today
    if period == "year":
        return today.replace(month=1, day=1), today
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None, None


@dataclass(frozen=True)
class Chosen:
    filters: Filters
    period: str


class FiltersScreen(ModalScreen[Chosen | None]):
    DEFAULT_CSS = """
    FiltersScreen {
        align: center middle;
    }
    FiltersScreen > Vertical {
        width: 95%;
        max-width: 84;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    FiltersScreen Label {
        margin-top: 1;
    }
    FiltersScreen Horizontal {
        height: auto;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuler", id="cancel"),
    ]

    def __init__(
        self, questionnaire: Questionnaire, current: Chosen, language: str, today: date
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.current = current
        self.language = language
        self.today = today

    def t(self, key: str) -> str:
        return translate(self.language, key)

    def compose(self) -> ComposeResult:
        lang, filters = self.language, self.current.filters
        scoring = self.questionnaire.scoring
        levels = [(self.t("adviser.level_unknown"), "-1")] + [
            (f"{n + 1}. {lv.label.in_language(lang)}", str(n))
            for n, lv in enumerate(scoring.levels)
        ]
        with Vertical():
            yield Label(self.t("adviser.filter_period"))
            yield _select(
                "period",
                [(self.t(f"adviser.period_{p}"), p) for p in PERIODS],
                self.current.period,
                False,
            )
            yield Label(self.t("adviser.filter_area"))
            with Horizontal():
                yield _select(
                    "area", [(a.label.in_language(lang), a.id) for a in scoring.areas], filters.area
                )
                yield _select(
                    "level", levels, None if filters.level is None else str(filters.level)
                )
            yield Label(self.t("adviser.filter_step"))
            steps = [(s.label.in_language(lang), s.id) for s in scoring.next_steps]
            yield _select("step", steps, filters.next_step)
            yield Label(self.t("adviser.filter_orientation"))
            kinds = [(self.t(f"orientation.{k}"), k) for k in ORIENTATIONS]
            kinds.append((self.t("adviser.undecided"), "undecided"))
            yield _select("orientation", kinds, filters.orientation)
            yield Label(self.t("adviser.filter_person"))
            yield InOrderInput(filters.person or "", id="person", placeholder="P-0042")
            with Horizontal():
                yield Button(self.t("adviser.apply"), id="apply", variant="primary")
                yield Button(self.t("adviser.clear"), id="clear")

    def _value(self, name: str) -> str | None:
        value = self.query_one(f"#{name}", Select).value
        return value if isinstance(value, str) else None

    @on(Button.Pressed, "#apply")
    @on(Input.Submitted, "#person")
    def _apply(self) -> None:
        period = self._value("period") or "all"
        since, until = period_bounds(period, self.today)
        level = self._value("level")
        person = self.query_one("#person", Input).value.strip() or None
        filters = Filters(
            since=since,
            until=until,
            area=self._value("area"),
            level=None if level is None else int(level),
            next_step=self._value("step"),
            orientation=self._value("orientation"),
            person=person,
        )
        self.dismiss(Chosen(filters, period))

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(Chosen(Filters(), "all"))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _select(
    name: str, options: list[tuple[str, str]], value: str | None, allow_blank: bool = True
) -> Select[str]:
    known = value is not None and any(key == value for _, key in options)
    chosen: str | NoSelection = value if known and value is not None else Select.NULL
    return Select(options, id=name, allow_blank=allow_blank, value=chosen)

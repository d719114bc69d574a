"""The result, in pictograms, on pages that each fit a large-font kiosk.

The questionnaire file says what each page shows, in which order (`result.pages`); by
default, page 1: what the person has (equipment) and can do (a level per skill area);
page 2: how to keep in touch, and the next steps. Then the QR code.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll

from questionnaires.report import (
    Line,
    answer_lines,
    channel_lines,
    equipment_lines,
    level_lines,
    next_step_lines,
)
from questionnaires.result import Result
from questionnaires.typography import unbreakable
from terminal.kiosk.messages import HandOver
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.widgets.nav_bar import NavBar, NavButton
from terminal.ui.reading import Words

# Seconds before "Saving…" replaces "See my code": a normal save takes a few hundredths.
SAVING_SHOWN_AFTER = 0.5


def inline(lines: list[Line]) -> str:
    """Items side by side; a long list wraps between items, never inside one."""
    return "    ".join(unbreakable(f"{line.pictogram} {line.text}") for line in lines)


class ResultScreen(KioskScreen):
    def __init__(self, result: Result, page: int = 1) -> None:
        super().__init__(classes=f"-page-{page}")
        self.result = result
        self.page = page

    @property
    def pages(self) -> int:
        return len(self.result.questionnaire.result_pages)

    def compose(self) -> ComposeResult:
        title = f"🧾 {self.t('result.title')}"
        if self.pages > 1:
            title += f"  ({self.t('result.page', number=self.page, total=self.pages)})"
        yield Words(title, classes="screen-title")
        with VerticalScroll(id="result-body"):
            for part in self.result.questionnaire.result_pages[self.page - 1]:
                yield from self._PARTS[part](self)
        last = self.page == self.pages
        proceed = self.t("result.show_code") if last else self.t("result.next_page")
        yield NavBar(
            [
                NavButton("⌫ " + self.t("nav.back"), id="back"),
                NavButton(proceed + " ⏎", id="proceed", variant="primary"),
            ]
        )

    def _equipment(self) -> ComposeResult:
        questionnaire = self.result.questionnaire
        sections = questionnaire.equipment_sections
        heading = "📦 " + self.t("result.equipment")
        if len(sections) == 1:  # the file's own words for it
            section = questionnaire.section(sections[0])
            heading = f"{section.pictogram} {section.label.in_language(self.language)}"
        yield Words(heading, classes="result-heading", markup=False)
        equipment = inline(equipment_lines(self.result, self.language))
        yield Words(equipment or self.t("result.no_equipment"), classes="result-text", markup=False)

    def _levels(self) -> ComposeResult:
        yield Words("🧭 " + self.t("result.skills"), classes="result-heading")
        for level in level_lines(self.result, self.language):
            state = "unknown" if level.level is None else level.level
            with Horizontal(classes=f"level-row -level-{state}"):
                yield Words(f"{level.pictogram} {level.area}", classes="level-area", markup=False)
                yield Words(level.dots, classes="level-dots")
                yield Words(
                    f"{level.level_pictogram} {level.level_label}",
                    classes="level-label",
                    markup=False,
                )

    def _channels(self) -> ComposeResult:
        yield Words("📞 " + self.t("result.contact"), classes="result-heading")
        lines = channel_lines(self.result, self.language)
        yield Words(inline(lines), classes="result-text", markup=False)

    def _next_steps(self) -> ComposeResult:
        yield Words("➡ " + self.t("result.next"), classes="result-heading")
        for number, line in enumerate(next_step_lines(self.result, self.language), start=1):
            yield Words(
                f"{number}. {line.pictogram} {line.text}", classes="result-step", markup=False
            )

    def _answers(self) -> ComposeResult:
        yield Words("📝 " + self.t("result.answers"), classes="result-heading")
        for line in answer_lines(self.result, self.language):
            yield Words(f"{line.pictogram} {line.text}", classes="result-step", markup=False)

    _PARTS = {
        "equipment": _equipment,
        "levels": _levels,
        "channels": _channels,
        "next_steps": _next_steps,
        "answers": _answers,
    }

    def action_proceed(self) -> None:
        if self.page < self.pages:
            self.app.push_screen(ResultScreen(self.result, self.page + 1))
        else:
            self.post_message(HandOver(self.result))
            # A save that waits for another kiosk must not look like a frozen screen.
            self.set_timer(SAVING_SHOWN_AFTER, self._show_saving)

    def _show_saving(self) -> None:
        if self.state.handing_over and self.is_current:
            self.query_one("#proceed", NavButton).update("⏳ " + self.t("handover.saving"))

    def action_back(self) -> None:
        if not self.state.handing_over:  # the QR code is on its way: stay
            super().action_back()

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        (self.action_back if event.button.id == "back" else self.action_proceed)()

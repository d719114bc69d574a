"""One question per screen: large words, its pictogram, 2 to 6 numbered tiles.

A single choice moves on as soon as it is picked; a multi-choice waits for Enter.
"I don't know" and Back are always there, and going back never loses an answer.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from questionnaires.answers import Answer, in_choice_order
from questionnaires.model import Question, QuestionKind
from terminal.kiosk.messages import Answered, MoveOn, QuestionBack
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.widgets.header_bar import HeaderBar
from terminal.kiosk.widgets.nav_bar import NavBar, NavButton
from terminal.kiosk.widgets.tile import SELECTED_MARK, Tile, TileGrid, TileSpec

PROGRESS_CELLS = 10


def progress_bar(number: int, total: int) -> str:
    done = PROGRESS_CELLS * number // max(total, 1)
    return "▰" * done + "▱" * (PROGRESS_CELLS - done)


class QuestionScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"choose({n})", show=False, id=f"choose_{n}") for n in range(1, 7)),
        Binding("0", "dont_know", show=False, id="dont_know"),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__(classes=f"-{question.kind.value}")
        self.question = question

    @property
    def multi(self) -> bool:
        return self.question.kind is QuestionKind.MULTI

    def compose(self) -> ComposeResult:
        session = self.state.session
        questionnaire = session.diagnosis.questionnaire
        lang = session.language
        question = self.question
        number, total = session.position(question.id)
        section = questionnaire.section(question.section)
        yield HeaderBar(
            f"{section.pictogram} {section.label.in_language(lang)}",
            f"{self.t('question.progress', number=number, total=total)} "
            f"{progress_bar(number, total)}",
        )
        # The question and its hint in one widget: fewer widgets, a quicker screen.
        text = Content.assemble(
            (f"{question.pictogram}  {question.text.in_language(lang)}", "bold"),
            *(("\n", (question.hint.in_language(lang), "dim")) if question.hint else ()),
        )
        yield Static(text, classes="question-text", markup=False)
        previous = session.answer_to(question.id)
        yield TileGrid(
            [
                TileSpec(c.id, c.pictogram, c.label.in_language(lang))
                for c in questionnaire.choices_of(question)
            ],
            selected=set(previous.choices) if previous else set(),
        )
        dont_know = NavButton(self._dont_know_label(previous), id="dont_know")
        dont_know.set_class(previous is not None and previous.unknown, "-selected")
        yield NavBar(
            [
                NavButton("⌫ " + self.t("nav.back"), id="back"),
                dont_know,
                NavButton(self.t("nav.continue") + " ⏎", id="proceed", variant="primary"),
            ]
        )

    def _dont_know_label(self, answer: Answer | None) -> str:
        mark = f" {SELECTED_MARK}" if answer is not None and answer.unknown else ""
        return f"0 🤷 {self.t('nav.dont_know')}{mark}"

    @property
    def grid(self) -> TileGrid:
        return self.query_one(TileGrid)

    def action_choose(self, number: int) -> None:
        tile = self.grid.tile(number)
        if tile is not None:
            self._pick(tile)

    def on_tile_chosen(self, message: Tile.Chosen) -> None:
        self._pick(message.tile)

    def _pick(self, tile: Tile) -> None:
        self._mark_dont_know(False)
        if not self.multi:
            for other in self.grid.tiles:
                other.selected = other is tile
            self._answer(Answer(choices=(tile.spec.key,)))
            return
        tile.selected = not tile.selected
        exclusive = {c.id for c in self.question.choices if c.exclusive}
        if tile.selected:
            for other in self.grid.tiles:
                if other is not tile and (
                    tile.spec.key in exclusive or other.spec.key in exclusive
                ):
                    other.selected = False

    def action_back(self) -> None:
        self.leave(QuestionBack(self.question.id))

    def action_dont_know(self) -> None:
        for tile in self.grid.tiles:
            tile.selected = False
        self._mark_dont_know(True)
        self._answer(Answer.dont_know())

    def _mark_dont_know(self, chosen: bool) -> None:
        button = self.query_one("#dont_know", NavButton)
        button.label = self._dont_know_label(Answer.dont_know() if chosen else None)
        button.set_class(chosen, "-selected")

    def action_proceed(self) -> None:
        session = self.state.session
        ticked = self.grid.selected_keys()
        if self.multi and ticked:
            questionnaire = session.diagnosis.questionnaire
            self._answer(in_choice_order(questionnaire, self.question, ticked))
        elif not self.multi and session.answer_to(self.question.id) is not None:
            self.leave(MoveOn(self.question.id))
        else:
            note = "nav.pick_some" if self.multi else "nav.pick_one"
            self._show_note("👉 " + self.t(note))

    def _show_note(self, text: str) -> None:
        """A gentle reminder under the tiles; built only when needed (most screens never are)."""
        notes = self.query(".gentle-note")
        if notes:
            notes.first(Static).update(text)
        else:
            self.mount(Static(text, classes="gentle-note", markup=False), after=self.grid)

    def _answer(self, answer: Answer) -> None:
        self.leave(Answered(self.question.id, answer))

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        actions = {"back": self.action_back, "dont_know": self.action_dont_know}
        actions.get(event.button.id or "", self.action_proceed)()

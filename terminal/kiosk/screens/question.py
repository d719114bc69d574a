"""One question per screen: large words, its pictogram, 2 to 6 numbered tiles.

A single choice moves on as soon as it is picked; a multi-choice waits for Enter.
"I don't know" and Back are always there, and going back never loses an answer.
The line under the tiles says how to answer, and what a tap just did (a tick taken
back, a "none of these" that cleared the others). "Continuer" is the bright button
only when pressing it moves on.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Static

from questionnaires.answers import Answer, in_choice_order
from questionnaires.media import resolve
from questionnaires.model import Choice, Question, QuestionKind
from terminal.kiosk.messages import Answered, MoveOn, QuestionBack, ReadAloud
from terminal.kiosk.screens.base import KioskScreen
from terminal.kiosk.widgets.header_bar import HeaderBar
from terminal.kiosk.widgets.nav_bar import NavBar, NavButton
from terminal.kiosk.widgets.tile import SELECTED_MARK, Tile, TileGrid, TileSpec
from terminal.services.voice import Spoken, question_parts
from terminal.ui.reading import Words

PROGRESS_CELLS = 10


def progress_bar(number: int, total: int) -> str:
    """The questions answered so far: never full before the last one is answered, and
    never shorter on the next question (the total only shrinks as answers come)."""
    done = PROGRESS_CELLS * (number - 1) // max(total, 1)
    return "▰" * done + "▱" * (PROGRESS_CELLS - done)


class QuestionScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"choose({n})", show=False, id=f"choose_{n}") for n in range(1, 7)),
        Binding("0", "dont_know", show=False, id="dont_know"),
        Binding("v", "read_aloud", show=False, id="read_aloud"),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__(classes=f"-{question.kind.value}")
        self.question = question
        self._parts: list[Spoken] | None = None
        # "None of these" and the like: ticking one unticks the others.
        self._exclusive = frozenset(c.id for c in question.choices if c.exclusive)

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
            language=lang,
        )
        text = f"{question.pictogram}  {question.text.in_language(lang)}"
        with Horizontal(id="question-row"):
            yield Words(text, classes="question-text", markup=False)
            if self._spoken():  # hidden, never broken, where nothing can be read aloud
                yield NavButton(f"🔊 V\n{self.t('voice.listen')}", id="listen")
        if question.hint:
            yield Words(question.hint.in_language(lang), classes="hint", markup=False)
        previous = session.answer_to(question.id)
        folder = self.state.media_folder
        yield TileGrid(
            [
                TileSpec(c.id, c.pictogram, c.label.in_language(lang), _image(c, folder))
                for c in questionnaire.choices_of(question)
            ],
            selected=set(previous.choices) if previous else set(),
            multi=self.multi,
        )
        yield Words(self._how_to_answer(), classes="gentle-note", markup=False)
        dont_know = NavButton(self._dont_know_label(previous), id="dont_know")
        dont_know.set_class(previous is not None and previous.unknown, "-selected")
        proceed = NavButton(self.t("nav.continue") + " ⏎", id="proceed")
        proceed.primary = previous is not None
        yield NavBar([NavButton("⌫ " + self.t("nav.back"), id="back"), dont_know, proceed])

    def on_mount(self) -> None:
        if self.state.read_aloud and self._spoken():
            self.action_read_aloud()

    def _spoken(self) -> list[Spoken]:
        """The screen as the voice reads it, or [] where it cannot be read aloud."""
        if self._parts is None:
            voice = self.state.voice
            questionnaire = self.state.session.diagnosis.questionnaire
            choices = questionnaire.choices_of(self.question)
            parts = question_parts(self.question, choices, self.language, self.state.media_folder)
            self._parts = parts if voice is not None and voice.can_speak(parts) else []
        return self._parts

    def action_read_aloud(self) -> None:
        if self._spoken():
            self.post_message(ReadAloud(self._spoken()))

    def _how_to_answer(self) -> str:
        if self.multi:
            return "☑ " + self.t("question.all_that_apply")
        return "👆 " + self.t("question.one_answer")

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
        if not tile.selected:
            self._show_note(f"☐ {self.t('question.unticked', label=tile.spec.label)}")
        elif cleared := self._clear_others(tile):
            # The exclusive choice in play: the one ticked, or the one it cleared.
            by = tile if tile.spec.key in self._exclusive else cleared[0]
            self._show_note(f"🧹 {self.t('question.cleared', label=by.spec.label)}")
        else:
            self._show_note(self._how_to_answer(), warn=False)
        self._proceed_button.primary = bool(self.grid.selected_keys())

    def _clear_others(self, tile: Tile) -> list[Tile]:
        """Untick what cannot go with ``tile`` ("none of these" and the rest); the
        tiles unticked."""
        exclusive = self._exclusive
        cleared = [
            other
            for other in self.grid.tiles
            if other is not tile
            and other.selected
            and (tile.spec.key in exclusive or other.spec.key in exclusive)
        ]
        for other in cleared:
            other.selected = False
        return cleared

    @property
    def _proceed_button(self) -> NavButton:
        return self.query_one("#proceed", NavButton)

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
            self._show_note("👉 " + self.t(note), warn=True)

    def _show_note(self, text: str, *, warn: bool = True) -> None:
        note = self.query_one(".gentle-note", Static)
        note.update(text)
        note.set_class(warn, "-warn")

    def _answer(self, answer: Answer) -> None:
        self.leave(Answered(self.question.id, answer))

    def on_nav_button_pressed(self, event: NavButton.Pressed) -> None:
        event.stop()
        actions = {
            "back": self.action_back,
            "dont_know": self.action_dont_know,
            "listen": self.action_read_aloud,
        }
        actions.get(event.button.id or "", self.action_proceed)()


def _image(choice: Choice, folder: Path | None) -> Path | None:
    """The facilitator's own picture for a choice, if the file has one."""
    image = choice.media.image
    return None if image is None or folder is None else resolve(folder, image)

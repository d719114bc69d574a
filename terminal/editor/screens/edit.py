"""The editor's one screen: the file with YAML colours, and its problems beside it.

The problems follow the text as it is typed (the app checks it a moment after the last
key); choosing one puts the cursor on its line and column. What the kiosks say of the
questionnaire they use sits at the top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from terminal.editor.messages import TextChanged
from terminal.editor.widgets.yaml_area import YamlArea
from terminal.i18n import translate
from terminal.printable import printable

if TYPE_CHECKING:
    from questionnaires.problems import Problem


class EditScreen(Screen[None]):
    """The text, the problems, the kiosks' notes; the app routes what happens."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, text: str, path: str, language: str) -> None:
        super().__init__()
        self._text = text
        self._path = path
        self._language = language
        self._problems: list[Problem] = []

    def t(self, key: str, **values: object) -> str:
        return translate(self._language, key, **values)

    def compose(self) -> ComposeResult:
        yield Static(self.t("editor.file", path=self._path), id="editor-status", markup=False)
        yield Static("", id="kiosk-notes", markup=False)
        with Horizontal(id="editor-main"):
            yield YamlArea.code_editor(
                self._text, language="yaml", soft_wrap=False, id="source", tab_behavior="indent"
            )
            with Vertical(id="problems-panel"):
                yield Static(self.t("editor.checking"), id="problems-title", markup=False)
                yield OptionList(id="problems", markup=False)  # messages quote the file
                yield Static(self.t("editor.problem_hint"), id="problems-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.source.focus()

    @property
    def source(self) -> TextArea:
        return self.query_one("#source", TextArea)

    @property
    def text(self) -> str:
        return self.source.text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(TextChanged(self.text))

    def show_status(self, text: str, *, unsaved: bool) -> None:
        status = self.query_one("#editor-status", Static)
        status.update(printable(text))
        status.set_class(unsaved, "-unsaved")

    def show_kiosk_notes(self, notes: list[str]) -> None:
        widget = self.query_one("#kiosk-notes", Static)
        widget.update(printable("\n".join(notes), keep_newlines=True))
        widget.set_class(bool(notes), "-shown")
        widget.set_class(any(note.startswith("⚠") for note in notes), "-refused")

    def show_problems(self, problems: list[Problem]) -> None:
        """The problems in the order of their lines: errors ✘, warnings ⚠."""
        self._problems = problems
        errors = [p for p in problems if not p.warning]
        title = self.query_one("#problems-title", Static)
        if problems:
            count = self.t("editor.count", errors=len(errors), warnings=len(problems) - len(errors))
            title.update(f"{self.t('editor.problems')} · {count}")
        else:
            title.update(self.t("editor.no_problem"))
        title.set_class(bool(errors), "-errors")
        listing = self.query_one("#problems", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for index, problem in enumerate(problems):
            mark = "⚠" if problem.warning else "✘"
            where = f"{problem.line or 1}:{problem.column or 1}"
            text = printable(problem.message.in_language(self._language))
            listing.add_option(Option(f"{mark} {where}  {text}", id=str(index)))
        if highlighted is not None and problems:
            listing.highlighted = min(highlighted, len(problems) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        problem = self._problems[int(event.option.id or 0)]
        self.go_to(problem.line or 1, problem.column or 1)

    def go_to(self, line: int, column: int) -> None:
        source = self.source
        source.cursor_location = (line - 1, column - 1)
        source.scroll_cursor_visible(center=True)
        source.focus()

    def focus_problems(self) -> None:
        """From the text to the problems and back (F2)."""
        listing = self.query_one("#problems", OptionList)
        if listing.has_focus:
            self.source.focus()
        else:
            listing.focus()
            if listing.highlighted is None and listing.option_count:
                listing.highlighted = 0

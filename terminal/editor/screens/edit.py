"""The editor's one screen: the file with YAML colours, and its problems beside it.

The problems follow the text as it is typed (the app checks it a moment after the last
key); choosing one puts the cursor on its line and column. What the kiosks say of the
questionnaire they use sits at the top; what the last key did, in a line at the bottom
(never over the problems).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text as RichText
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection

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
                self._text, language="yaml", soft_wrap=True, id="source", tab_behavior="indent"
            )
            with Vertical(id="problems-panel"):
                yield Static(self.t("editor.checking"), id="problems-title", markup=False)
                yield OptionList(id="problems", markup=False)  # messages quote the file
                yield Static(self.t("editor.problem_hint"), id="problems-hint", markup=False)
        yield Static("", id="editor-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.source.focus()

    @property
    def source(self) -> TextArea:
        return self.query_one("#source", TextArea)

    @property
    def text(self) -> str:
        return self.source.text

    def on_descendant_focus(self) -> None:
        self._show_where()

    def on_descendant_blur(self) -> None:
        self._show_where()

    def _show_where(self) -> None:
        """Which side the keys go to: the problems' panel stands out when it has them."""
        in_list = self.query_one("#problems", OptionList).has_focus
        self.query_one("#problems-panel").set_class(in_list, "-focused")
        hint = "editor.problem_hint_list" if in_list else "editor.problem_hint"
        self.query_one("#problems-hint", Static).update(self.t(hint))

    def on_key(self, event: events.Key) -> None:
        """In the problems' list, Escape goes back to the text, and a letter says where
        the keys are going: typing never goes nowhere without a word."""
        listing = self.query_one("#problems", OptionList)
        if not listing.has_focus:
            return
        if event.key == "escape":
            event.stop()
            self.source.focus()
        elif event.is_printable:
            event.stop()
            self.show_message(self.t("editor.in_the_list"), "warning")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(TextChanged(self.text))

    def show_status(self, text: str, *, unsaved: bool) -> None:
        status = self.query_one("#editor-status", Static)
        status.update(printable(text))
        status.set_class(unsaved, "-unsaved")

    def show_message(self, text: str, severity: str) -> None:
        """What the last key did, until the next message (or ``clear_message``)."""
        line = self.query_one("#editor-message", Static)
        line.update(printable(text))
        line.set_classes(f"-{severity}" if text else "")

    def clear_message(self) -> None:
        self.show_message("", "information")

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
            # Two columns: a long message wraps under itself, the places stay in a column.
            row = Table.grid(padding=(0, 1))
            row.add_column(no_wrap=True)
            row.add_column(ratio=1)
            row.add_row(RichText(f"{mark} {where}"), RichText(text))
            listing.add_option(Option(row, id=str(index)))
        if highlighted is not None and problems:
            listing.highlighted = min(highlighted, len(problems) - 1)

    def show_check_failed(self, message: str) -> None:
        self._problems = []
        self.query_one("#problems", OptionList).clear_options()
        title = self.query_one("#problems-title", Static)
        title.update(printable(message))
        title.set_class(True, "-errors")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        problem = self._problems[int(event.option.id or 0)]
        self.go_to(problem.line or 1, problem.column or 1)

    def go_to(self, line: int, column: int) -> None:
        source = self.source
        source.cursor_location = (line - 1, column - 1)
        source.scroll_cursor_visible(center=True)
        source.focus()

    def find(self, words: str) -> bool:
        """Select the next place the words are (any case), after the cursor, from the
        top again past the end; False if they are nowhere."""
        source = self.source
        text, wanted = source.text.lower(), words.lower()  # lower keeps the indexes
        row, column = source.selection.end
        start = sum(len(line) + 1 for line in text.split("\n")[:row]) + column
        found = text.find(wanted, start)
        if found < 0:
            found = text.find(wanted)
        if found < 0 or not wanted:
            return False

        def location(index: int) -> tuple[int, int]:
            return text.count("\n", 0, index), index - (text.rfind("\n", 0, index) + 1)

        source.selection = Selection(location(found), location(found + len(wanted)))
        source.scroll_cursor_visible(center=True)
        source.focus()
        return True

    @property
    def line_count(self) -> int:
        return self.source.document.line_count

    def focus_problems(self, *, toggle: bool = True) -> None:
        """From the text to the problems and back (F2)."""
        listing = self.query_one("#problems", OptionList)
        if listing.has_focus and toggle:
            self.source.focus()
        else:
            listing.focus()
            if listing.highlighted is None and listing.option_count:
                listing.highlighted = 0

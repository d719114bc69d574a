"""A text area for YAML that keeps the indentation: Enter starts the next line where the
fields of the current group start, as a facilitator expects. Its own keys (Backspace,
Delete, arrows) act in the order they were typed (`terminal.ui.keys_in_order`)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

from terminal.ui.keys_in_order import own_binding_first


def next_indent(line: str) -> str:
    """The indentation of the line after ``line``: the same, and under a list item's
    first field ("- id: x" -> under "id")."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if stripped.startswith("- "):
        indent += 2
    elif stripped.endswith(":") and not stripped.startswith("#"):
        indent += 2  # a group opens: its fields go one level in
    return " " * indent


class YamlArea(TextArea):
    """`TextArea` with YAML colours, two spaces per Tab, and indentation kept on Enter.
    Escape stays in the text (F2 goes to the problems): typing never goes nowhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+home", "go_to_top", "Début", show=False, id="top"),
        Binding("ctrl+end", "go_to_bottom", "Fin", show=False, id="bottom"),
    ]

    def on_mount(self) -> None:
        self.indent_width = 2  # YAML's habit, and the default file's

    async def _on_key(self, event: events.Key) -> None:
        if self.read_only:
            await super()._on_key(event)
            return
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self.selection = type(self.selection).cursor(self.cursor_location)
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            row, column = self.cursor_location
            line = self.document.get_line(row)[:column]
            self.insert("\n" + next_indent(line))
            return
        if await own_binding_first(self, event):  # see terminal.ui.keys_in_order
            return
        await super()._on_key(event)

    def action_go_to_top(self) -> None:
        self.move_cursor((0, 0))

    def action_go_to_bottom(self) -> None:
        self.move_cursor(self.document.end)

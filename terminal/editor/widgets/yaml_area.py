"""A text area for YAML that keeps the indentation: Enter starts the next line where the
fields of the current group start, as a facilitator expects."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea


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
    """`TextArea` with YAML colours, two spaces per Tab, and indentation kept on Enter."""

    def on_mount(self) -> None:
        self.indent_width = 2  # YAML's habit, and the default file's

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            row, column = self.cursor_location
            line = self.document.get_line(row)[:column]
            self.insert("\n" + next_indent(line))
            return
        await super()._on_key(event)

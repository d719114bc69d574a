"""Text fields whose own keys act in the order they were typed.

Textual inserts a letter in a field as soon as the field reads its key, but runs the
field's bindings (Backspace, Delete, the arrows, Enter in an `Input`) only once the key
has bubbled up to the app, through every parent's queue. When keys come faster than
they are read (a USB scanner, a fast typist, a busy machine), a Backspace falls behind
the letters typed after it, and an Enter behind the next scan's letters: two codes
glued into one. These fields run their own bindings at once instead.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input


async def own_binding_first(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own binding for this key now; False if it has none (or it
    declines), and the key goes on as usual."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class InOrderInput(Input):
    """An `Input` whose Backspace, arrows and Enter never fall behind the letters."""

    async def _on_key(self, event: events.Key) -> None:
        if await own_binding_first(self, event):
            return
        await super()._on_key(event)

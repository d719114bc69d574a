"""French no-break spaces hold on a real screen: a mark never starts a line alone."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Static

from questionnaires.typography import french_spacing
from terminal.ui.no_break import keep_no_break_spaces

SENTENCE = "Choisissez au moins une réponse, ou « Je ne sais pas ». Vraiment ?"


class Narrow(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(french_spacing(SENTENCE), markup=False)


@pytest.mark.parametrize("width", range(12, 40, 3))
async def test_no_line_starts_with_a_closing_mark(width: int) -> None:
    keep_no_break_spaces()
    app = Narrow()
    async with app.run_test(size=(width, 12)) as pilot:
        await pilot.pause()
        static = app.query_one(Static)
        strips = static.render_lines(Region(0, 0, static.size.width, static.size.height))
    shown = [strip.text.strip() for strip in strips if strip.text.strip()]
    assert " ".join(shown).replace("\u00a0", " ") == SENTENCE  # every word still there
    assert not any(line.startswith(("»", "?", ".")) for line in shown), shown
    assert not any(line.endswith("«") for line in shown), shown

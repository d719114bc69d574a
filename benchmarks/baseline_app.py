"""Bare Textual apps, the baselines the kiosk is measured against in the same run.

python benchmarks/baseline_app.py label      one screen, one label; a key changes it
python benchmarks/baseline_app.py tiles 4    a key pushes a new screen of 4 tiles
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.containers import Grid
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Static


class LabelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Baseline ready", id="label")

    def on_key(self, event: Key) -> None:
        self.query_one("#label", Static).update("Baseline answered")


class TilesScreen(Screen[None]):
    DEFAULT_CSS = """
    Grid { grid-size: 2; grid-gutter: 0 1; }
    Grid Static { border: round $primary; height: 1fr; }
    """

    def __init__(self, number: int, tiles: int) -> None:
        super().__init__()
        self.number = number
        self.tiles = tiles

    def compose(self) -> ComposeResult:
        yield Static(f"Question {self.number} sur 99")
        yield Static("Une question ?")
        with Grid():
            for tile in range(1, self.tiles + 1):
                yield Static(f"{tile}  Choix {tile}")

    def on_key(self, event: Key) -> None:
        if event.key.isdigit():
            self.app.push_screen(TilesScreen(self.number + 1, self.tiles))


class TilesApp(App[None]):
    def __init__(self, tiles: int) -> None:
        super().__init__()
        self.tiles = tiles

    def on_mount(self) -> None:
        self.push_screen(TilesScreen(1, self.tiles))


if __name__ == "__main__":
    if sys.argv[1:2] == ["tiles"]:
        TilesApp(int(sys.argv[2])).run()
    else:
        LabelApp().run()

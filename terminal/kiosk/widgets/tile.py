"""A big answer tile: its number, its pictogram and a short label; and a grid of them."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

SELECTED_MARK = "✔"


@dataclass(frozen=True)
class TileSpec:
    key: str  # what the tile stands for, e.g. a choice id
    pictogram: str
    label: str


class Tile(Static, can_focus=False):
    """One answer. Chosen by its number key or by a touch; chosen shows colour AND a mark."""

    DEFAULT_CSS = """
    Tile {
        width: 1fr;
        height: 1fr;
        min-height: 3;
        padding: 0 1;
        border: round $primary;
        background: $surface;
        color: $text;
        content-align: center middle;
        text-align: center;
    }
    Tile:hover {
        border: round $accent;
    }
    Tile.-selected {
        border: heavy $success;
        background: $success 35%;
        text-style: bold;
    }
    """

    selected: reactive[bool] = reactive(False)

    class Chosen(Message):
        def __init__(self, tile: Tile) -> None:
            super().__init__()
            self.tile = tile

    def __init__(self, number: int, spec: TileSpec, *, selected: bool = False) -> None:
        super().__init__(markup=False)
        self.number = number
        self.spec = spec
        self.set_reactive(Tile.selected, selected)
        self.set_class(selected, "-selected")

    def on_mount(self) -> None:
        self.update(self._content())

    def _content(self) -> Content:
        # The label comes from a facilitator's file: plain text, never markup.
        mark = f"  {SELECTED_MARK}" if self.selected else ""
        return Content.assemble(
            (f"{self.number}", "bold reverse"),
            f"  {self.spec.pictogram}",
            (mark, "bold"),
            "\n",
            self.spec.label,
        )

    def watch_selected(self, selected: bool) -> None:
        self.set_class(selected, "-selected")
        if self.is_mounted:
            self.update(self._content())

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self))


class TileGrid(Grid):
    """Tiles in the same places on every screen: 2 columns for 2 or 4, else 3."""

    DEFAULT_CSS = """
    TileGrid {
        height: 1fr;
        grid-gutter: 0 1;
        padding: 0 1;
    }
    """

    def __init__(
        self, specs: list[TileSpec], selected: set[str] | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.specs = specs
        self.initially_selected = selected or set()
        columns = 2 if len(specs) in (2, 4) else 3
        self.styles.grid_size_columns = columns

    def compose(self) -> ComposeResult:
        for number, spec in enumerate(self.specs, start=1):
            yield Tile(number, spec, selected=spec.key in self.initially_selected)

    @property
    def tiles(self) -> list[Tile]:
        return list(self.query(Tile))

    def tile(self, number: int) -> Tile | None:
        tiles = self.tiles
        return tiles[number - 1] if 1 <= number <= len(tiles) else None

    def selected_keys(self) -> set[str]:
        return {t.spec.key for t in self.tiles if t.selected}

"""Big answer tiles: the picture first, its number and a short label; and a grid that never moves.

Every tile has the same rows: number and mark in its top border, the picture (as big
as the tile allows), the label under it. The grid always has the same slots (3 columns × 2 rows), so
tile 3 is in the same place on every question, whatever the number of choices; the
slots left over stay empty. Multiple choice shows a box to tick (☐ / ☑), single
choice a round mark (○ / ●): the shape says it, the colour and border only add to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from terminal.kiosk.widgets.picture import Picture
from terminal.ui.reading import Words

SELECTED_MARK = "✔"
# (not chosen, chosen)
MULTI_MARKS = ("☐", "☑")
SINGLE_MARKS = ("○", "●")
COLUMNS = 3
ROWS = 2


@dataclass(frozen=True)
class TileSpec:
    key: str  # what the tile stands for, e.g. a choice id
    pictogram: str
    label: str
    image: Path | None = None  # the facilitator's own PNG, already resolved
    language: str | None = None  # the label's, when not the screen's (the language tiles)


class Tile(Vertical, can_focus=False):
    """One answer. Chosen by its number key or by a touch; chosen shows a mark AND colour."""

    DEFAULT_CSS = """
    Tile {
        width: 1fr;
        height: 1fr;
        min-height: 3;
        padding: 0 1;
        border: round $primary;
        background: $surface;
        color: $text;
    }
    Tile:hover {
        border: round $accent;
    }
    Tile.-selected {
        border: heavy $success;
        background: $success 35%;
    }
    Tile {
        border-title-align: left;
        border-title-color: $text;
        border-title-style: bold;
    }
    Tile > Picture {
        min-height: 1;
        align: center top;  /* every picture of a row starts on the same line */
    }
    Tile > .tile-label {
        height: auto;
        max-height: 3;
        width: 100%;
        text-align: center;
    }
    Tile.-selected > .tile-label {
        text-style: bold;
    }
    """

    selected: reactive[bool] = reactive(False)

    class Chosen(Message):
        def __init__(self, tile: Tile) -> None:
            super().__init__()
            self.tile = tile

    def __init__(
        self, number: int, spec: TileSpec, *, selected: bool = False, multi: bool = False
    ) -> None:
        super().__init__()
        self.number = number
        self.spec = spec
        self.multi = multi
        self.set_reactive(Tile.selected, selected)
        self.set_class(selected, "-selected")
        self.border_title = self._title()

    @property
    def mark(self) -> str:
        """☐ / ☑ for a multiple choice, ○ / ● for a single one."""
        return (MULTI_MARKS if self.multi else SINGLE_MARKS)[self.selected]

    def compose(self) -> ComposeResult:
        yield Picture(self.spec.pictogram, self.spec.image)
        # The label comes from a facilitator's file: plain text, never markup.
        yield Words(
            self.spec.label, language=self.spec.language, classes="tile-label", markup=False
        )

    @property
    def picture(self) -> Picture:
        return self.query_one(Picture)

    def _title(self) -> Content:
        # In the top border: a row of its own would cost the picture a line at 60×20.
        return Content.assemble((f" {self.number} ", "bold reverse"), f" {self.mark} ")

    def watch_selected(self, selected: bool) -> None:
        self.set_class(selected, "-selected")
        self.border_title = self._title()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self))


class EmptySlot(Static):
    """A place kept for a tile this question does not have: the others do not move."""

    DEFAULT_CSS = """
    EmptySlot {
        width: 1fr;
        height: 1fr;
    }
    """


class TileGrid(Grid):
    """The same slots on every screen (3 × 2 by default): tile N always in the same place."""

    DEFAULT_CSS = """
    TileGrid {
        height: 1fr;
        grid-gutter: 0 1;
        padding: 0 1;
    }
    """

    def __init__(
        self,
        specs: list[TileSpec],
        selected: set[str] | None = None,
        *,
        multi: bool = False,
        columns: int = COLUMNS,
        rows: int = ROWS,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.specs = specs
        self.multi = multi
        self.initially_selected = selected or set()
        # More choices than slots (never in a valid file) add rows rather than fail.
        self.columns = max(1, columns)
        self.rows = max(rows, -(-len(specs) // self.columns), 1)
        self.styles.grid_size_columns = self.columns
        self.styles.grid_size_rows = self.rows

    def compose(self) -> ComposeResult:
        for number, spec in enumerate(self.specs, start=1):
            yield Tile(number, spec, selected=spec.key in self.initially_selected, multi=self.multi)
        for _ in range(self.columns * self.rows - len(self.specs)):
            yield EmptySlot()

    @property
    def tiles(self) -> list[Tile]:
        return list(self.query(Tile))

    def tile(self, number: int) -> Tile | None:
        tiles = self.tiles
        return tiles[number - 1] if 1 <= number <= len(tiles) else None

    def selected_keys(self) -> set[str]:
        return {t.spec.key for t in self.tiles if t.selected}

"""The answer tiles: the same slots on every question, the picture first, a box to tick."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from terminal.kiosk.widgets.picture import Picture
from terminal.kiosk.widgets.tile import EmptySlot, Tile, TileGrid, TileSpec

SIZES = [(80, 24), (60, 20)]
CHOICES = [
    TileSpec("smartphone", "📱", "Oui, un smartphone"),
    TileSpec("simple", "📞", "Un téléphone simple, sans écran tactile"),
    TileSpec("none", "📵", "Non"),
    TileSpec("computer", "💻", "Un ordinateur"),
    TileSpec("tablet", "📲", "Une tablette"),
    TileSpec("printer", "📠", "Une imprimante pour mes papiers"),
]


class Question(App[None]):
    """A question screen's shape: its words, the grid, the buttons."""

    def __init__(self, specs: list[TileSpec], *, multi: bool = False, ticked: set[str]) -> None:
        super().__init__()
        self.specs, self.multi, self.ticked = specs, multi, ticked
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("📱 Avez-vous un téléphone portable ?\nUn téléphone avec un écran tactile.")
        yield TileGrid(self.specs, selected=self.ticked, multi=self.multi)
        yield Static("⌫ Retour   0 🤷 Je ne sais pas   Continuer ⏎")

    def on_tile_chosen(self, message: Tile.Chosen) -> None:
        message.tile.selected = not message.tile.selected
        self.chosen.append(message.tile.spec.key)


def shown_mark(tile: Tile) -> str:
    """The mark drawn in the tile's top border, after its number."""
    title = tile.border_title
    assert title is not None
    number, mark = Content.from_markup(title).plain.split()
    assert number == str(tile.number)
    return mark


async def tile_regions(
    count: int, size: tuple[int, int], *, multi: bool = False
) -> dict[int, Region]:
    app = Question(CHOICES[:count], multi=multi, ticked=set())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        grid = app.query_one(TileGrid)
        assert len(grid.tiles) == count
        assert len(app.query(EmptySlot)) == 6 - count
        return {tile.number: tile.region for tile in grid.tiles}


@pytest.mark.parametrize("size", SIZES)
async def test_tile_n_is_in_the_same_place_whatever_the_number_of_choices(
    size: tuple[int, int],
) -> None:
    full = await tile_regions(6, size)
    width, height = size
    for region in full.values():
        assert region.right <= width and region.bottom <= height
        assert region.width >= 16 and region.height >= 5
    for count in (2, 3, 4):
        regions = await tile_regions(count, size, multi=count == 4)
        assert regions == {n: full[n] for n in range(1, count + 1)}, count


@pytest.mark.parametrize("size", SIZES)
async def test_the_number_and_the_picture_are_at_the_same_height_on_every_tile(
    size: tuple[int, int],
) -> None:
    app = Question(CHOICES, ticked=set())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for row in (app.query(Tile)[:3], app.query(Tile)[3:]):
            tops = {tile.region.y for tile in row}  # the number is in the top border
            pictures = {tile.query_one(Picture).region.y for tile in row}
            assert len(tops) == 1 and len(pictures) == 1
            for tile in row:
                picture = tile.query_one(Picture).region
                label = tile.query_one(".tile-label").region
                assert label.y >= picture.bottom  # the label is under the picture
                assert label.height >= 1
                # The picture takes at least as many rows as the label.
                assert picture.height >= min(label.height, 2)


async def test_multiple_choice_shows_a_box_and_its_tick() -> None:
    app = Question(CHOICES[:4], multi=True, ticked={"computer"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        marks = [shown_mark(t) for t in app.query(Tile)]
        assert marks == ["☐", "☐", "☐", "☑"]
        await pilot.click(app.query(Tile)[0].picture)  # a touch on the picture chooses too
        await pilot.pause()
        assert app.chosen == ["smartphone"]
        first = app.query(Tile)[0]
        assert first.selected and first.has_class("-selected")
        assert shown_mark(first) == "☑"
        first.selected = False
        await pilot.pause()
        assert shown_mark(first) == "☐"


async def test_single_choice_shows_no_box() -> None:
    app = Question(CHOICES[:3], ticked={"none"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        marks = [shown_mark(t) for t in app.query(Tile)]
        assert marks == ["○", "○", "●"]
        assert not any(mark in "☐☑" for mark in marks)
        assert app.query_one(TileGrid).selected_keys() == {"none"}


async def test_a_label_is_shown_as_written_never_as_markup() -> None:
    app = Question([TileSpec("a", "📱", "[b]Oui[/b]"), *CHOICES[1:2]], ticked=set())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        label = app.query(Tile)[0].query_one(".tile-label", Static)
        assert str(label.render()) == "[b]Oui[/b]"


async def test_more_choices_than_slots_add_a_row_rather_than_fail() -> None:
    specs = [TileSpec(f"c{n}", "📱", f"Choix {n}") for n in range(7)]
    app = Question(specs, ticked=set())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.query_one(TileGrid)
        assert (grid.columns, grid.rows) == (3, 3)
        assert grid.tile(7) is not None and grid.tile(8) is None

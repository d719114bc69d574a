"""Pictures on the question screen: what drawing them costs once they are cached.

python benchmarks/pictures.py [--quick]

A question screen with six tiles, pushed and drawn in a headless app, with its
OpenMoji pictures (decoded once, then from the cache) drawn with Kitty graphics, then
with Sixel, against the same screen with emoji only, in the same run and interleaved
(target: at most 1.5×). Sixel costs more: the image is encoded in Python on each draw.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.table import Row, run_alone
from questionnaires.loading import DEFAULT_FILE, load_questionnaire

TARGET = 1.5


def six_tiles() -> list[Any]:
    """The specs of the default questionnaire's first six choices with a picture."""
    from terminal.kiosk.pictures import openmoji_file
    from terminal.kiosk.widgets.tile import TileSpec

    questionnaire = load_questionnaire(DEFAULT_FILE)
    choices = [c for q in questionnaire.questions for c in q.choices]
    drawn = [c for c in choices if openmoji_file(c.pictogram) is not None]
    return [TileSpec(c.id, c.pictogram, c.label.fr) for c in drawn[:6]]


async def push_times(rounds: int) -> dict[str, float]:
    """Median seconds to push and draw the screen, by drawing (kitty, sixel, none)."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Static

    from terminal.kiosk.widgets.picture import prepare_graphics
    from terminal.kiosk.widgets.tile import TileGrid

    specs = six_tiles()

    class Question(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static("📱 Avez-vous un smartphone ?")
            yield TileGrid(specs)
            yield Static("⌫ Retour   0 🤷 Je ne sais pas   Continuer ⏎")

    app: App[None] = App()
    times: dict[str, list[float]] = {"kitty": [], "sixel": [], "none": []}
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(rounds + 1):  # the first round fills the cache and is left out
            for drawing, samples in times.items():
                prepare_graphics(drawing)
                started = time.perf_counter()
                await app.push_screen(Question())
                await pilot.pause()
                samples.append(time.perf_counter() - started)
                app.pop_screen()
                await pilot.pause()
    prepare_graphics("none")
    return {drawing: statistics.median(samples[1:]) for drawing, samples in times.items()}


def measure(rounds: int) -> list[Row]:
    real_stdout = sys.__stdout__
    # Kitty graphics send the image straight to the terminal: nowhere, here.
    with open(os.devnull, "w", encoding="utf-8") as nowhere:
        sys.__stdout__ = nowhere  # type: ignore[misc]
        try:
            medians = asyncio.run(push_times(rounds))
        finally:
            sys.__stdout__ = real_stdout  # type: ignore[misc]
    emoji = medians["none"]
    return [
        Row(
            f"question screen drawn, 6 pictures (cached), {drawing}",
            medians[drawing],
            emoji,
            "s",
            f"≤ {TARGET:.1f}× baseline",
            medians[drawing] <= TARGET * emoji,
            "baseline: the same screen with emoji only, 80x24, headless",
        )
        for drawing in ("kitty", "sixel")
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(argv, __doc__, measure, quick=(3,), full=(30,))


if __name__ == "__main__":
    raise SystemExit(main())

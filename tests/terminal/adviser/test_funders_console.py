"""The funders' report in the console: the figures on screen, and the CSV files that
may leave the structure (no count under 5) or stay inside it (every count)."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import Input

from questionnaires.model import Questionnaire
from terminal.adviser.screens.funders import FundersScreen
from tests.terminal.adviser.console_driver import console, fill_demo_store, screen_text


def counts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as file:
        return [row["Nombre"] for row in csv.DictReader(file, delimiter=";")]


async def export(pilot: object, choice: str, path: Path) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press("f10", choice)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    field = app.screen.query_one("#answer", Input)
    field.value = str(path)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_the_report_shows_the_year_and_exports_without_small_counts(
    data_dir: Path, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    fill_demo_store(data_dir, questionnaire)  # 40 results, 4 followed people
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FundersScreen)
        text = screen_text(pilot)
        assert "du 01/01/2026 au 23/11/2026" in text
        assert "Diagnostics réalisés" in text and " 40 " in text
        public, internal = tmp_path / "financeurs.csv", tmp_path / "interne.csv"
        await export(pilot, "1", public)
        assert "Bilan enregistré" in str(app.screen.query_one("#scan-message").render())
        await export(pilot, "2", internal)
    shown = counts(public)
    assert "< 5" in shown
    assert not any(cell in {"1", "2", "3", "4"} for cell in shown)
    every = counts(internal)
    assert "< 5" not in every and "4" in every  # 4 followed people, in the structure only
    assert len(shown) == len(every)  # the same rows: only the small figures are hidden

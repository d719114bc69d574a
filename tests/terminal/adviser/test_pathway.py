"""Following a person: two diagnoses side by side, first and latest, across versions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable

from questionnaires.answers import Answer
from questionnaires.loading import DEFAULT_FILE, load_questionnaire
from questionnaires.model import Questionnaire
from questionnaires.payload import encode_payload
from terminal.adviser.app import AdviserApp
from terminal.adviser.screens.compare import CompareScreen
from terminal.adviser.screens.report import ReportScreen
from terminal.settings.model import KioskConfig
from tests.terminal.adviser.console_driver import (
    TODAY,
    result,
    screen_text,
    store_result,
    type_and_enter,
)

V2 = Path(__file__).parent.parent / "services" / "fixtures" / "default_v3.yaml"


def later_version(folder: Path) -> Path:
    """The fixture (made from version 1) as the version after the shipped one: the two
    must differ in number, or the adviser rightly takes them for one version."""
    later = load_questionnaire(DEFAULT_FILE).version + 1
    fixture = V2.read_text(encoding="utf-8")
    number = f"\nversion: {load_questionnaire(V2).version}\n"
    assert number in fixture
    path = folder / f"default_v{later}.yaml"
    path.write_text(fixture.replace(number, f"\nversion: {later}\n", 1), encoding="utf-8")
    return path


def rows(screen: CompareScreen, table: str) -> dict[str, list[str]]:
    """Each row of a comparison table by its first cell: the label."""
    found = screen.query_one(f"#compare-{table}", DataTable)
    out = {}
    for key in found.rows:
        cells = [str(cell) for cell in found.get_row(key)]
        out[cells[0]] = cells[1:]
    return out


async def test_first_and_latest_of_a_pathway_side_by_side_across_versions(
    data_dir: Path, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    later = later_version(tmp_path)
    v2 = load_questionnaire(later)
    assert (v2.id, v2.version) != (questionnaire.id, questionnaire.version)
    first_answers = {"smartphone": Answer(("none",)), "internet_home": Answer(("box",))}
    first = result(questionnaire, "K7MAQ", day=date(2026, 3, 2), seed=4)
    first = result(
        questionnaire,
        "K7MAQ",
        day=date(2026, 3, 2),
        answers={**first.answers, **first_answers},
    )
    latest = result(v2, "K7MBQ", day=date(2026, 11, 2), seed=5)
    middle = result(questionnaire, "K7MCQ", day=date(2026, 6, 2), seed=6)
    for res in (first, middle, latest):
        store_result(data_dir, res, person="P-0100")
    config = KioskConfig.model_validate({"data_dir": data_dir, "questionnaire": later})
    app = AdviserApp(config, today=lambda: TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_and_enter(pilot, encode_payload(latest))
        assert isinstance(app.screen, ReportScreen)
        assert "3 bilan(s) dans ce parcours" in screen_text(pilot)
        await pilot.press("f8")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        text = screen_text(pilot)
        assert "P-0100" in text and "2026-03-02" in text and "2026-11-02" in text
        assert "versions différentes" in text
        areas = rows(screen, "areas")
        safety = next(cells for label, cells in areas.items() if "protéger" in label)
        assert safety[-1].startswith("∅")  # renamed area: not asked on one side, not a fall
        items = rows(screen, "items")
        home = next(cells for label, cells in items.items() if "maison" in label.lower())
        assert home[-1].startswith("∅")  # internet_home is gone in version 2
        phone = next(cells for label, cells in items.items() if "Pas de téléphone" in label)
        assert phone[0] == "Oui"
        # Any two on request: the first and the middle one.
        await pilot.press("f9", "1")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert "2026-06-02" in screen_text(pilot) and "2026-11-02" not in screen_text(pilot)

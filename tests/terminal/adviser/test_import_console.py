"""F4 in the console: a kiosk's export, from a USB key, into this PC's results."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from questionnaires.model import Questionnaire
from storage import ResultStore, export_store
from terminal.adviser.screens.home import HomeScreen
from tests.terminal.adviser.console_driver import console, fill_demo_store, scan_message


async def import_file(pilot: object, path: Path) -> str:
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press("f4")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    app.screen.query_one("#answer", Input).value = f"'{path}'"  # as a dropped file
    await pilot.press("enter")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    return scan_message(pilot)  # type: ignore[arg-type]


async def test_importing_a_usb_key_export_twice_adds_once(
    data_dir: Path, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    kiosk = tmp_path / "kiosk"
    fill_demo_store(kiosk, questionnaire, count=9)
    export = tmp_path / "usb" / "bilans.json"
    export.parent.mkdir()
    with export.open("w", encoding="utf-8") as file:
        export_store(ResultStore(kiosk), "json", file)
    lines = export.read_text(encoding="utf-8").splitlines()
    lines[3] = "{not json"
    export.write_text("\n".join(lines), encoding="utf-8")
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        said = await import_file(pilot, export)
        assert said.startswith("✖ 8 résultat(s) importé(s), 0 déjà sur ce PC.")
        assert said.endswith("1 ligne(s) abîmée(s) ignorée(s)\u00a0: 4.")
        home = app.screen
        assert isinstance(home, HomeScreen) and len(home._records) == 8  # the list shows them
        said = await import_file(pilot, export)
        assert said.startswith("✖ 0 résultat(s) importé(s), 8 déjà sur ce PC.")
        said = await import_file(pilot, tmp_path / "usb")
        folder = tmp_path / "usb"
        assert (
            said
            == f"✖ {folder} est un dossier\u00a0: choisissez le fichier exporté qui s'y trouve."
        )
    assert ResultStore(data_dir).count() == 8

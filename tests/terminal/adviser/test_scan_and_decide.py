"""The console as an adviser uses it: scan, read, save, decide, attach to a pathway."""

from __future__ import annotations

from pathlib import Path

from questionnaires.model import Questionnaire
from questionnaires.payload import encode_payload
from questionnaires.result import format_result_code
from storage import ResultStore
from terminal.adviser.screens.home import HomeScreen
from terminal.adviser.screens.report import ReportScreen
from tests.terminal.adviser.console_driver import (
    console,
    result,
    scan_message,
    screen_text,
    store_result,
    type_and_enter,
)


def damaged(payload: str) -> str:
    """Three symbols changed: more than the check symbols can repair."""
    chars = list(payload)
    for index in (6, 12, 20):
        chars[index] = "Z" if chars[index] != "Z" else "Y"
    return "".join(chars)


async def test_a_scanner_burst_opens_the_report_then_a_damaged_code_is_refused(
    data_dir: Path, questionnaire: Questionnaire
) -> None:
    person = result(questionnaire, "K7M4Q")
    payload = encode_payload(person)
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await type_and_enter(pilot, payload)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.opened.result.code == person.code
        text = screen_text(pilot)
        assert format_result_code(person.code) in text
        assert "Pas encore enregistré ici" in text  # the person agreed: F5 saves
        assert "Résultat K7M-4Q" in scan_message(pilot)
        await type_and_enter(pilot, damaged(payload))
        assert app.screen is screen  # the report stays; nothing else was opened
        assert scan_message(pilot).startswith("✖ ")
        assert screen.scan.field.value == ""  # ready for the next scan
        assert app.focused is screen.scan.field


async def test_saving_deciding_and_attaching_are_stored(
    data_dir: Path, questionnaire: Questionnaire
) -> None:
    person = result(questionnaire, "K7M5Q")
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_and_enter(pilot, encode_payload(person))
        await pilot.press("f5")
        await pilot.pause()
        store = ResultStore(data_dir)
        assert store.find(person.code) is not None
        assert "Enregistré sur ce PC" in screen_text(pilot)
        await pilot.press("f6", "3")  # procedures done together
        await pilot.pause()
        record = store.find(person.code)
        assert record is not None
        assert record["orientation"] == {"kind": "together", "date": "2026-11-23"}
        assert "Démarches ensemble" in screen_text(pilot)
        await pilot.press("f6", "6")  # changed mind: none for now
        await pilot.pause()
        assert store.find(person.code)["orientation"]["kind"] == "none"  # type: ignore[index]
        await pilot.press("f7")
        await type_and_enter(pilot, "Jean Dupont")  # a name: refused
        assert "n'est pas une référence de parcours" in scan_message(pilot)
        assert "person" not in store.find(person.code)  # type: ignore[operator]
        await pilot.press("f7")
        await type_and_enter(pilot, "P-0042")
        assert store.find(person.code)["person"] == "P-0042"  # type: ignore[index]
        assert "Parcours P-0042" in screen_text(pilot)
        assert app.focused is app.screen.query_one("#scan")


async def test_a_result_without_consent_cannot_be_kept(
    data_dir: Path, questionnaire: Questionnaire
) -> None:
    person = result(questionnaire, "K7M6Q", consent=False)
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_and_enter(pilot, encode_payload(person))
        assert "n'a pas accepté" in screen_text(pilot)
        await pilot.press("f5", "f6", "f7")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)  # no modal opened
        assert ResultStore(data_dir).find(person.code) is None


async def test_a_short_code_opens_a_saved_result_and_a_typo_is_refused(
    data_dir: Path, questionnaire: Questionnaire
) -> None:
    person = result(questionnaire, "K7M7Q")
    store_result(data_dir, person)
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_and_enter(pilot, person.code.lower())
        assert isinstance(app.screen, ReportScreen)
        assert "Enregistré sur ce PC" in screen_text(pilot)
        typo = person.code[:2] + ("A" if person.code[2] != "A" else "B") + person.code[3:]
        await type_and_enter(pilot, typo)
        assert scan_message(pilot).startswith("✖ ")
        assert app.screen.opened.result.code == person.code  # type: ignore[attr-defined]


async def test_a_us_scanner_on_a_french_keyboard_still_opens_the_right_result(
    data_dir: Path, questionnaire: Questionnaire
) -> None:
    person = result(questionnaire, "K7M8Q")
    payload = encode_payload(person)
    as_typed = payload.translate(str.maketrans("1234567890QAWZM", "&é\"'(-è_çàAQZW?"))
    assert as_typed != payload
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_and_enter(pilot, as_typed)
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.opened.result.code == person.code
        await type_and_enter(pilot, damaged(as_typed))  # and a damaged one is still refused
        assert scan_message(pilot).startswith("✖ ")


async def test_the_path_of_a_phone_photo_opens_the_report(
    data_dir: Path, questionnaire: Questionnaire, tmp_path: Path
) -> None:
    from tests.terminal.services.photos import jpeg, noisy, qr_picture, scaled, tilted

    person = result(questionnaire, "K7M9Q")
    photo = tmp_path / "photo du ticket.jpg"  # a space, as phones name files
    photo.write_bytes(jpeg(noisy(tilted(scaled(qr_picture(encode_payload(person)), 1.7), 6))))
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await type_and_enter(pilot, f"'{photo}'")  # quoted, as a dropped file is
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.opened.result.code == person.code
        await type_and_enter(pilot, str(tmp_path / "nothing here.png"))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert scan_message(pilot) == "✖ Fichier introuvable : nothing here.png"


async def test_two_codes_scanned_back_to_back_stay_two_codes(
    data_dir: Path, questionnaire: Questionnaire
) -> None:
    """A scanner types faster than the console reads: every key of both scans is queued
    before the first is handled. Enter (a binding) must not fall behind the letters of
    the next code, which would glue the two codes into one refused code."""
    from textual import events

    first, second = result(questionnaire, "K7M4Q"), result(questionnaire, "H3N8R", seed=2)
    app = console(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        for payload in (encode_payload(first), encode_payload(second)):
            for char in payload:
                app.post_message(events.Key(char, char))
            app.post_message(events.Key("enter", "\r"))
        wanted = format_result_code(second.code)
        for _ in range(100):  # a busy machine reads the keys slowly: until the last scan
            await pilot.pause(0.1)
            if "abîmé" in scan_message(pilot) or wanted in screen_text(pilot):
                break
        assert "abîmé" not in scan_message(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert wanted in screen_text(pilot)  # the last scan

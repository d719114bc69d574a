"""A wrong clock or an unusable data folder: nothing deleted, nobody left without a code.

The kiosk runs with Pilot here, with its clock pinned; `test_fake_clock.py` moves the
clock of real processes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from questionnaires.library import QuestionnaireLibrary
from questionnaires.model import Questionnaire
from questionnaires.payload import decode_payload
from questionnaires.report import adviser_report, report_json
from storage import ResultStore
from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.welcome import WelcomeScreen
from terminal.services.saving import SaveStatus
from terminal.ui.qr_code import QRCodeView
from tests.conftest import SHORT_FILE
from tests.functional.kiosk_driver import answer_all, hand_over, start, wait_ready
from tests.functional.qr_pixels import decode_qr

STORED = {"AAAAAA": "2026-10-02", "BBBBBB": "2026-11-20"}


def seed(data_dir: Path, results: dict[str, str] = STORED) -> None:
    store = ResultStore(data_dir)
    for code, day in results.items():
        store.save({"code": code, "date": day, "created_at": f"{day}T10:00:00", "answers": {}})


def staff_note(app: KioskApp) -> str:
    screen = app.screen
    assert isinstance(screen, WelcomeScreen)
    note = screen.query_one("#welcome-staff")
    return str(note.render()) if note.has_class("-visible") else ""


@pytest.mark.parametrize(
    ("today", "why"),
    [
        (date(2028, 11, 23), "every stored result"),  # two years ahead
        (date(2026, 3, 1), "before the newest stored result"),  # a clock gone back
        (date(1999, 12, 31), "implausible"),
        (date(2310, 6, 1), "implausible"),
    ],
)
async def test_a_wrong_clock_deletes_nothing_and_tells_staff(
    make_app: Callable[..., KioskApp],
    data_dir: Path,
    today: date,
    why: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    seed(data_dir)
    app = make_app(today=today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert app.ready and app.load_problem is None  # sessions still run
        note = staff_note(app)
        assert today.isoformat() in note
        if why == "implausible":
            assert "ne sont pas enregistrés" in note and "ne sont pas effacés" in note
        else:
            assert "n'ont pas été effacés" in note
    assert sorted(r["code"] for r in ResultStore(data_dir).records()) == sorted(STORED)
    assert why in caplog.text  # the log says it too (test_fake_clock: in the real file)


async def test_the_purge_runs_when_the_clock_is_sound(
    make_app: Callable[..., KioskApp], data_dir: Path
) -> None:
    seed(data_dir, {**STORED, "OLD001": "2025-06-30"})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert staff_note(app) == ""
    assert sorted(r["code"] for r in ResultStore(data_dir).records()) == sorted(STORED)


async def test_the_period_applies_while_the_kiosk_runs(
    make_app: Callable[..., KioskApp], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("terminal.kiosk.app.RETENTION_EVERY_SECONDS", 0.3)
    seed(data_dir)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        seed(data_dir, {"OLD001": "2025-01-10"})  # e.g. restored from an old backup
        assert ResultStore(data_dir).count() == 3
        await pilot.pause(0.8)
        await app.workers.wait_for_complete()
    assert sorted(r["code"] for r in ResultStore(data_dir).records()) == sorted(STORED)


@pytest.mark.parametrize("today", [date(1970, 1, 1), date(2310, 6, 1), date(2024, 2, 29)])
async def test_any_date_still_gives_the_person_a_code(
    make_short_app: Callable[..., KioskApp],
    short_questionnaire: Questionnaire,
    data_dir: Path,
    today: date,
) -> None:
    app = make_short_app(today=today)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        walk = await answer_all(pilot, short_questionnaire, {})
        handover = await hand_over(pilot)
        # Filed under a false date it would be purged too early: not saved, and said so.
        assert handover.status is SaveStatus.NOT_SAVED
        scanned = decode_qr(app.screen.query_one(QRCodeView))
    decoded = decode_payload(scanned, QuestionnaireLibrary.load([SHORT_FILE]).find)
    assert decoded.answers == walk.answers
    result = decoded.result("fr")
    in_range = date(2020, 1, 1) < today < date(2199, 6, 1)
    assert result.known_day == (today if in_range else None)
    if not in_range:
        assert "inconnue (l'horloge de la borne était fausse)" in adviser_report(result)
        assert report_json(result)["date"] is None
    assert ResultStore(data_dir).count() == 0


async def test_an_unusable_data_folder_is_shown_to_staff(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire, tmp_path: Path
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    app = make_short_app(data_dir=blocker)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert "ne peut pas enregistrer" in staff_note(app)
        assert str(blocker) in staff_note(app)
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {})
        assert (await hand_over(pilot)).status is SaveStatus.NOT_SAVED


async def test_a_save_waits_for_a_busy_store_and_says_it_is_saving(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire, data_dir: Path
) -> None:
    from filelock import FileLock

    app = make_short_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {})
        await pilot.press("enter")
        await pilot.pause()
        # Another kiosk holds the results for longer than the old 5 s limit.
        lock = FileLock(str(data_dir / "results" / ".lock"))
        lock.acquire()
        try:
            await pilot.press("enter")
            await pilot.pause(6.0)
            proceed = app.screen.query_one("#proceed")
            assert "Enregistrement" in str(proceed.render())
        finally:
            lock.release()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.status is SaveStatus.SAVED  # type: ignore[attr-defined]
    assert ResultStore(data_dir).count() == 1

"""The questionnaire the kiosk uses: a newly published version at the next welcome
screen, never in the middle of someone's answers; a bad file never replaces a good one,
and only staff hear of it. And the preview, which saves nothing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from textual.pilot import Pilot

from questionnaires.library import Library
from questionnaires.loading import DEFAULT_FILE
from questionnaires.model import Questionnaire
from questionnaires.typography import cell_width
from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.preview import PreviewScreen
from terminal.kiosk.screens.question import QuestionScreen
from terminal.kiosk.screens.result import ResultScreen
from terminal.kiosk.screens.welcome import WelcomeScreen
from terminal.services.in_use import kiosk_statuses
from terminal.settings.model import KioskConfig
from tests.conftest import DEFAULT_TEXT, NOW, TODAY, facilitator_copy
from tests.functional.kiosk_driver import UNKNOWN, answer_all, settle, start, wait_ready

WATCH = 0.1  # seconds between two looks for a new questionnaire, in these tests


def version(folder: Path, number: int, title: str | None = None) -> Path:
    return facilitator_copy(folder / f"v{number}.yaml", number, title=title)


def kiosk(config: KioskConfig) -> KioskApp:
    return KioskApp(config, today=lambda: TODAY, now=lambda: NOW, watch_every=WATCH)


async def looked(pilot: Pilot[None]) -> None:
    """Long enough for the kiosk to look for a new questionnaire and read it."""
    for _ in range(4):
        await pilot.pause(WATCH * 3)
        await settle(pilot)


@pytest.fixture
def config(data_dir: Path) -> KioskConfig:
    return KioskConfig.model_validate({"data_dir": data_dir, "input_guard_seconds": 0})


async def test_a_published_version_is_used_from_the_next_welcome_screen(
    config: KioskConfig, tmp_path: Path
) -> None:
    library = Library(config.data_dir / "questionnaires")
    library.publish(version(tmp_path / "work", 4, "Version trois"), NOW)
    app = kiosk(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert app.questionnaire is not None and app.questionnaire.version == 4
        # Someone starts; meanwhile a facilitator publishes version 5.
        await start(pilot)
        assert isinstance(app.screen, QuestionScreen)
        library.publish(version(tmp_path / "work", 5, "Version quatre"), NOW)
        await looked(pilot)
        assert app.session.diagnosis.questionnaire.version == 4  # never mid-answers
        assert app.questionnaire is not None and app.questionnaire.version == 4
        app.end_session()  # they walk away; the next person gets version 5
        await looked(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.questionnaire is not None and app.questionnaire.version == 5
        await start(pilot)
        assert app.session.diagnosis.questionnaire.title.fr == "Version quatre"
    [status] = kiosk_statuses(config)
    assert (status["id"], status["version"]) == ("diagnum_default", 5)


async def test_at_the_welcome_screen_a_new_version_is_taken_at_once(
    config: KioskConfig, tmp_path: Path
) -> None:
    app = kiosk(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert app.questionnaire is not None and app.questionnaire.version == 3  # shipped
        Library(config.data_dir / "questionnaires").publish(version(tmp_path, 4), NOW)
        await looked(pilot)
        assert app.questionnaire is not None and app.questionnaire.version == 4


async def test_a_bad_file_never_replaces_the_running_one_and_only_staff_hear(
    data_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The kiosk's settings name a file a facilitator edits by hand."""
    path = version(tmp_path, 4)
    config = KioskConfig.model_validate(
        {"data_dir": data_dir, "questionnaire": path, "input_guard_seconds": 0}
    )
    app = kiosk(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert app.questionnaire is not None and app.questionnaire.version == 4
        caplog.set_level(logging.WARNING)
        path.write_text(DEFAULT_TEXT.replace("section: equipment", "section: equipement", 1))
        await looked(pilot)
        assert app.questionnaire is not None and app.questionnaire.version == 4
        assert app.load_problem is None  # the public sees a working kiosk
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        shown = "\n".join(str(w.render()) for w in welcome.query("Static"))
        assert "equipement" not in shown and "pas prête" not in shown
        await start(pilot)
        assert isinstance(app.screen, QuestionScreen)  # sessions go on
    assert any(
        "refused, the kiosk keeps diagnum_default version 4" in r.message for r in caplog.records
    )
    [status] = kiosk_statuses(config)
    assert status["version"] == 4
    assert status["refused"]["path"] == str(path)
    assert "equipement" in status["refused"]["problems"][0]


async def test_a_file_changed_in_place_keeps_its_first_content(
    data_dir: Path, tmp_path: Path
) -> None:
    """Version 4 was used; then its wording changes without a new number: the kiosk goes
    on with the version it kept, so codes made with version 4 mean one thing."""
    path = version(tmp_path, 4, "Le premier titre")
    config = KioskConfig.model_validate(
        {"data_dir": data_dir, "questionnaire": path, "input_guard_seconds": 0}
    )
    app = kiosk(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        version(tmp_path, 4, "Un autre titre")
        await looked(pilot)
        assert app.questionnaire is not None
        assert app.questionnaire.title.fr == "Le premier titre"
    [status] = kiosk_statuses(config)
    assert status["version"] == 4
    assert "a servi avec un autre contenu" in status["refused"]["problems"][0]
    assert "was used with other content" in status["refused"]["problems_en"][0]


async def test_a_kiosk_restarted_on_a_broken_file_keeps_its_last_version(
    data_dir: Path, tmp_path: Path
) -> None:
    path = version(tmp_path, 4)
    config = KioskConfig.model_validate(
        {"data_dir": data_dir, "questionnaire": path, "input_guard_seconds": 0}
    )
    app = kiosk(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
    path.write_text("id: [oops\n", encoding="utf-8")
    again = kiosk(config)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert again.load_problem is None
        assert again.questionnaire is not None and again.questionnaire.version == 4
        await start(pilot)
        assert isinstance(again.screen, QuestionScreen)


async def test_the_preview_walks_the_file_shows_the_rules_and_saves_nothing(
    data_dir: Path, questionnaire: Questionnaire
) -> None:
    config = KioskConfig.model_validate(
        {"data_dir": data_dir, "input_guard_seconds": 0, "locked": True}
    )
    app = KioskApp(config, today=lambda: TODAY, now=lambda: NOW, preview=DEFAULT_FILE)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        banner = app.screen.query_one(".preview-banner")
        assert "Aperçu de default.yaml" in str(banner.render())
        plan = {"smartphone": ["none"], "barriers": ["reading", "fear"], "mandate": UNKNOWN}
        await answer_all(pilot, questionnaire, plan)
        assert isinstance(app.screen, ResultScreen)
        for _ in range(app.screen.pages):
            await pilot.press("enter")
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        rules = screen.query_one("#preview-rules")
        shown = str(rules.render()).replace("\u00a0", " ")
        assert "1. 🔌 Trouver un téléphone ou un ordinateur à petit prix" in shown
        assert "parce que : Smartphone : Pas de téléphone" in shown
        assert "Difficultés : Lire et écrire" in shown
        # Which next steps the person's result shows (the first three), and which not.
        assert shown.count("✔ sur son résultat") == 3
        assert "pas sur son résultat (il en montre 3)" in shown
        # Wrapped by the screen to its own width: each reason stays under its step.
        assert max(cell_width(line) for line in shown.splitlines()) <= rules.content_region.width
        assert all(line.startswith("       ") for line in shown.splitlines() if "parce que" in line)
        await pilot.press("enter")  # "Recommencer": thank you, then the welcome again
        await pilot.press("space")
        await looked(pilot)
        assert app.questionnaire is not None
        assert app.in_use is not None and app.in_use.path == DEFAULT_FILE  # still the file tried
        await pilot.press("ctrl+q")  # a facilitator's try always quits, even locked
    assert app.return_code == 0
    assert not data_dir.exists()  # no result, no cache, no library: nothing at all


async def test_a_published_file_edited_by_hand_is_not_used(
    config: KioskConfig, tmp_path: Path
) -> None:
    """Someone edits a published version's file: its number would mean two things. The
    kiosk uses the version before it, and tells staff."""
    library = Library(config.data_dir / "questionnaires")
    library.publish(version(tmp_path / "work", 4, "Version trois"), NOW)
    four = library.publish(version(tmp_path / "work", 5, "Version quatre"), NOW)
    four.path.chmod(0o644)
    four.path.write_text(four.path.read_text().replace("Version quatre", "Retouchée"))
    app = kiosk(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert app.questionnaire is not None and app.questionnaire.title.fr == "Version trois"
    [status] = kiosk_statuses(config)
    assert "was changed after it was published" in status["refused"]["problems_en"][0]

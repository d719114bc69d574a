"""The whole self-diagnosis with Pilot, as a person does it, at the two kiosk sizes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events

from questionnaires.answers import Answer
from questionnaires.library import QuestionnaireLibrary
from questionnaires.model import Questionnaire
from questionnaires.payload import decode_payload
from questionnaires.result import answer_from_json
from storage import ResultStore
from terminal.i18n import translate
from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.consent import ConsentScreen
from terminal.kiosk.screens.handover import HandoverScreen, SaveStatus
from terminal.kiosk.screens.language import LanguageScreen
from terminal.kiosk.screens.question import QuestionScreen
from terminal.kiosk.screens.restart import RestartScreen
from terminal.kiosk.screens.result import ResultScreen
from terminal.kiosk.screens.still_there import StillThereScreen
from terminal.kiosk.screens.thanks import ThanksScreen
from terminal.kiosk.screens.welcome import WelcomeScreen
from terminal.kiosk.widgets.nav_bar import NavButton
from terminal.kiosk.widgets.tile import Tile
from terminal.settings.model import KioskConfig
from terminal.ui.bidi import visual_lines
from terminal.ui.qr_code import QRCodeView
from tests.conftest import SHORT_FILE, TODAY
from tests.functional.kiosk_driver import (
    UNKNOWN,
    answer_all,
    hand_over,
    screen_text,
    settle,
    start,
    wait_out_guard,
    wait_ready,
)
from tests.functional.qr_pixels import decode_qr

SIZES = [(80, 24), (60, 20)]

# A person with a shared phone, no e-mail, who can do little alone.
PLAN: dict[str, list[str] | str] = {
    "smartphone": ["shared"],
    "devices": ["nothing"],
    "internet_home": ["phone_only"],
    "mobile_data": ["runs_out"],
    "email": ["none"],
    "use_smartphone": ["with_help"],
    "photo_document": UNKNOWN,
    "video_call": ["alone"],
    "web_search": ["with_help"],
    "online_form": ["cant"],
    "online_procedures": ["cant"],
    "barriers": ["reading", "cost", "fear"],
    "wishes": ["phone", "procedures"],
    "mandate": ["accepts"],
    "contact": ["call", "whatsapp", "email"],
}


@pytest.mark.parametrize("size", SIZES)
async def test_whole_flow_stores_and_hands_over_exactly_the_answers(
    size: tuple[int, int],
    make_app: Callable[..., KioskApp],
    questionnaire: Questionnaire,
    data_dir: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await start(pilot)
        walk = await answer_all(pilot, questionnaire, PLAN, default="last")
        # Skip logic from the file: no e-mail, so no e-mail skill questions.
        assert "read_send_email" not in walk.seen
        assert "attach_document" not in walk.seen
        assert "mobile_data" in walk.seen
        handover = await hand_over(pilot)
        assert handover.status is SaveStatus.SAVED
        code = handover.result.code

        # What is stored is what was answered, and it is on disk now.
        record = ResultStore(data_dir).find(code)
        assert record is not None
        stored = {qid: answer_from_json(v) for qid, v in record["answers"].items()}
        assert stored == walk.answers
        assert record["date"] == TODAY.isoformat()
        assert record["payload"] == handover.payload

        # The QR code on screen, read by a real decoder, gives the same answers.
        qr = app.screen.query_one(QRCodeView)
        scanned = decode_qr(qr)
        assert scanned == handover.payload
        decoded = decode_payload(scanned, QuestionnaireLibrary.load().find)
        assert decoded.answers == walk.answers
        assert decoded.code == code
        assert decoded.day == TODAY

        # The whole QR code is on screen, quiet zone included.
        assert qr.region.right <= size[0] and qr.region.bottom <= size[1]
        assert qr.region.height == (qr.matrix.size + 1) // 2

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        assert not app.session.started
        await pilot.press("space")  # a second tap on "Terminer": the thank-you stays
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
        await wait_out_guard(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert len(app.screen_stack) == 1


async def test_saying_no_still_gives_the_result_and_stores_nothing(
    make_app: Callable[..., KioskApp], questionnaire: Questionnaire, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, consent=False)
        walk = await answer_all(pilot, questionnaire, {})
        handover = await hand_over(pilot)
        assert handover.status is SaveStatus.NOT_KEPT
        text = screen_text(app)
        assert "ne sont pas gardées" in text
        assert "Prenez ce code en photo" in text
        decoded = decode_payload(
            decode_qr(app.screen.query_one(QRCodeView)), QuestionnaireLibrary.load().find
        )
        assert decoded.answers == walk.answers
    assert ResultStore(data_dir).count() == 0


async def test_a_failed_save_is_never_called_saved(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the data directory should be")
    app = make_short_app(data_dir=blocker)
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {})
        handover = await hand_over(pilot)
        assert handover.status is SaveStatus.NOT_SAVED
        text = screen_text(app)
        assert "Enregistré" not in text
        assert "Pas enregistré" in text
        assert decode_qr(app.screen.query_one(QRCodeView)) == handover.payload


@pytest.mark.parametrize("size", SIZES)
async def test_every_question_fits_the_screen(
    size: tuple[int, int], make_app: Callable[..., KioskApp], questionnaire: Questionnaire
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        while isinstance(app.screen, QuestionScreen):
            width, height = size
            for widget in app.screen.query("Tile, NavButton, .question-text, .hint"):
                region = widget.region
                assert region.right <= width and region.bottom <= height, widget
                assert region.height >= 1 and region.width >= 8, widget
            for tile in app.screen.query(Tile):
                lines = tile.render().plain.split("\n") if hasattr(tile.render(), "plain") else []
                assert tile.content_region.height >= 2, (tile, lines)
            # 'I don't know' and Back are always visible.
            assert app.screen.query_one("#dont_know").region.bottom <= height
            assert app.screen.query_one("#back").region.bottom <= height
            # Tick everything a multi-choice allows: the longest result to show.
            if app.screen.multi:
                for number, tile in enumerate(app.screen.query(Tile), start=1):
                    if not tile.spec.key.startswith("nothing"):
                        await pilot.press(str(number))
                await pilot.press("enter")
            else:
                await pilot.press("1")
            await pilot.pause()
        # Both pages of the result fit without scrolling at both sizes.
        for page in (1, 2):
            screen = app.screen
            assert isinstance(screen, ResultScreen) and screen.page == page
            body = screen.query_one("#result-body")
            assert body.virtual_size.height <= body.content_region.height, page
            await pilot.press("enter")
            await pilot.pause()


async def test_back_keeps_answers_and_follows_new_skip_logic(
    make_app: Callable[..., KioskApp], questionnaire: Questionnaire
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("1")  # smartphone: own
        await pilot.pause()
        await pilot.press("1", "3", "enter")  # devices: computer, printer
        await pilot.pause()
        await pilot.press("backspace")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.id == "devices"
        ticked = {t.spec.key for t in screen.query(Tile) if t.selected}
        assert ticked == {"computer", "printer"}
        await pilot.press("backspace")
        await pilot.pause()
        # Change to "no phone": the mobile data question disappears from the path.
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("enter")  # devices kept as they were
        await pilot.pause()
        await pilot.press("1")  # internet at home
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.id == "email"
        assert app.session.diagnosis.answers["devices"] == Answer(("computer", "printer"))


async def test_exclusive_choice_clears_the_others(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1", "2", "4")  # computer, tablet, then "none of these"
        await pilot.pause()
        assert {t.spec.key for t in app.screen.query(Tile) if t.selected} == {"nothing"}
        await pilot.press("3")
        await pilot.pause()
        assert {t.spec.key for t in app.screen.query(Tile) if t.selected} == {"printer"}


async def test_touch_works_on_every_tile(
    make_app: Callable[..., KioskApp], questionnaire: Questionnaire, data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        walk = await answer_all(pilot, questionnaire, {}, default="last", touch=True)
        handover = await hand_over(pilot)
        record = ResultStore(data_dir).find(handover.result.code)
        assert record is not None
        assert {q: answer_from_json(v) for q, v in record["answers"].items()} == walk.answers


async def test_english_is_complete(
    make_app: Callable[..., KioskApp], questionnaire: Questionnaire
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, language=2)
        assert app.session.diagnosis.language == "en"
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        text = screen_text(app)
        assert "Do you have a smartphone?" in text
        assert "Question 1 of" in text
        assert "I don't know" in str(app.screen.query_one("#dont_know").label)


async def test_back_past_the_first_question_asks_before_wiping(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        await pilot.press("1")  # answers the first question...
        await pilot.pause()
        await pilot.press("backspace")  # ...back to it...
        await pilot.pause()
        await pilot.press("backspace")  # ...and back again: "start again?"
        await pilot.pause()
        assert isinstance(app.screen, RestartScreen)
        assert "Tout recommencer" in screen_text(app)
        await pilot.press("enter")  # the safe answer: go on, nothing lost
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.answer_to("smartphone") is not None
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.press("1")  # "yes, erase everything"
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not app.session.started
        assert len(app.screen_stack) == 1


async def test_idle_kiosk_asks_then_wipes_the_session(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app(idle_seconds=10, still_there_seconds=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await pilot.pause()
        app._ask_still_there()  # what the 10 s timer calls
        await pilot.pause()
        assert "toujours là" in screen_text(app)
        await pilot.press("space")  # "yes, I'm here": nothing lost
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "smartphone" in app.session.diagnosis.answers
        app._ask_still_there()
        await pilot.pause()
        await pilot.pause(5.5)
        assert isinstance(app.screen, WelcomeScreen)
        assert not app.session.started


async def test_any_key_restarts_the_idle_timer(data_dir: Path) -> None:
    # A short timeout, below what the settings allow, to keep the test quick.
    config = KioskConfig.model_construct(
        data_dir=data_dir, idle_seconds=0.6, still_there_seconds=5, input_guard_seconds=0
    )
    app = KioskApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for _ in range(4):  # a person still answering: 1.2 s with no prompt
            await pilot.pause(0.3)
            await pilot.press("x")
        assert not isinstance(app.screen, StillThereScreen)
        await pilot.pause(0.9)  # then nothing: the prompt comes
        assert isinstance(app.screen, StillThereScreen)


async def test_quit_key_only_when_not_locked(make_app: Callable[..., KioskApp]) -> None:
    app = make_app(locked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running


async def test_a_broken_questionnaire_shows_staff_why(
    make_app: Callable[..., KioskApp], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ncode: DG\nversion: 1\n", encoding="utf-8")
    app = make_app(questionnaire=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "pas prête" in screen_text(app)
        assert "broken.yaml" in screen_text(app)


async def test_held_keys_answer_one_question_only(make_app: Callable[..., KioskApp]) -> None:
    app = make_app(input_guard_seconds=0.4)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.pause(0.5)
        for _ in range(4):  # a key held down: four repeats at once, as a terminal sends them
            app.post_message(events.Key("1", "1"))
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.id == "devices"
        assert not any(t.selected for t in screen.query(Tile))
        await pilot.pause(0.5)
        await pilot.press("2")
        await pilot.pause()
        assert {t.spec.key for t in screen.query(Tile) if t.selected} == {"tablet"}


async def test_multi_choice_needs_a_tick_or_i_dont_know(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        await pilot.press("1", "enter")  # phone; then Enter with nothing ticked
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.id == "devices"
        assert "au moins une réponse" in screen_text(app)
        await pilot.press("0")
        await pilot.pause()
        await pilot.press("backspace")
        await pilot.pause()
        screen = app.screen  # rebuilt from the kept answer
        assert isinstance(screen, QuestionScreen) and screen.question.id == "devices"
        dont_know = screen.query_one("#dont_know", NavButton)
        assert "✔" in dont_know.label
        assert dont_know.has_class("-selected")


async def test_enter_keeps_the_marked_language(make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        assert app.session.language == "fr"


async def test_a_taken_result_code_is_replaced_not_lost(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire, data_dir: Path
) -> None:
    ResultStore(data_dir).save(
        {"code": "K7M4Q0", "date": "2026-11-01", "created_at": "2026-11-01T09:00:00"}
    )
    app = make_short_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        walk = await answer_all(pilot, short_questionnaire, {})
        handover = await hand_over(pilot)
        assert handover.status is SaveStatus.SAVED
        assert handover.result.code == "K7M5Q4"
        short = QuestionnaireLibrary.load([SHORT_FILE])
        decoded = decode_payload(decode_qr(app.screen.query_one(QRCodeView)), short.find)
        assert decoded.code == "K7M5Q4" and decoded.answers == walk.answers
    assert ResultStore(data_dir).count() == 2


async def test_start_up_applies_the_retention_period(
    make_app: Callable[..., KioskApp], data_dir: Path
) -> None:
    store = ResultStore(data_dir)
    store.save({"code": "OLD000", "date": "2024-06-01", "created_at": "2024-06-01T09:00:00"})
    store.save({"code": "NEW000", "date": "2026-10-01", "created_at": "2026-10-01T09:00:00"})
    app = make_app(retention_months=12)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
    assert [r["code"] for r in ResultStore(data_dir).records()] == ["NEW000"]


async def test_a_damaged_results_file_is_set_aside_and_saving_goes_on(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire, data_dir: Path
) -> None:
    ResultStore(data_dir).save(
        {"code": "AAAAAA", "date": "2026-11-02", "created_at": "2026-11-02T09:00:00"}
    )
    month = data_dir / "results" / "2026-11.json"
    month.write_text('{"_default": {"1": {"code": "AAAA', encoding="utf-8")  # hand-edited
    app = make_short_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {})
        handover = await hand_over(pilot)
        assert handover.status is SaveStatus.SAVED
    assert ResultStore(data_dir).find(handover.result.code) is not None
    assert list((data_dir / "results").glob("2026-11.json.corrupt-*"))


async def test_a_double_tap_on_the_language_never_gives_consent(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app(input_guard_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen)
        # A long guard from here: however slow the machine, the second tap comes within
        # it, even before the consent screen has shown (it is pushed, then shown).
        app.config.__dict__["input_guard_seconds"] = 5
        await pilot.press("1", "1")  # French, and the same key again at once
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        assert app.session.consent is None


async def test_repeated_enter_never_skips_the_qr_code(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire
) -> None:
    app = make_short_app(input_guard_seconds=0.4)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        app.config.__dict__["input_guard_seconds"] = 0  # answer quickly...
        await answer_all(pilot, short_questionnaire, {})
        app.config.__dict__["input_guard_seconds"] = 0.4  # ...then a held Enter
        await pilot.pause(0.5)
        for _ in range(6):
            await pilot.press("enter")
            await pilot.pause(0.1)
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen | ResultScreen)
        assert not isinstance(app.screen, ThanksScreen)


async def test_a_late_save_never_shows_a_code_to_the_next_person(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire
) -> None:
    app = make_short_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer_all(pilot, short_questionnaire, {})
        await pilot.press("enter")  # page 2
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        session = app.session
        app.end_session()  # the kiosk was wiped while the save was still running
        await pilot.pause()
        app._show_handover(screen.result, "X", SaveStatus.SAVED, session)
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_an_untick_and_a_none_of_these_say_what_they_did(
    make_app: Callable[..., KioskApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        await pilot.press("1")  # own smartphone: the devices question, multiple choice
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.id == "devices"
        assert "Plusieurs réponses possibles" in screen_text(app)
        for key in ("1", "2", "4"):  # a computer, a tablet, then "none of these"
            await pilot.press(key)
            await pilot.pause()
        assert [t.selected for t in screen.query(Tile)] == [False, False, False, True]
        assert "«\xa0Rien de tout ça\xa0» enlève les autres réponses" in screen_text(app)
        await pilot.press("4")  # a second tap unticks it, and says so
        await pilot.pause()
        assert not any(t.selected for t in screen.query(Tile))
        assert "«\xa0Rien de tout ça\xa0» n'est plus choisi" in screen_text(app)


async def test_a_tick_names_the_exclusive_choice_it_cleared_among_two(
    make_app: Callable[..., KioskApp], tmp_path: Path
) -> None:
    """Two "none of these"-like choices: a computer ticked after the second one names
    the second, the one it really unticked."""
    text = SHORT_FILE.read_text(encoding="utf-8")
    nothing = "      - id: nothing\n"
    assert text.count(nothing) == 1
    prefer_not = (
        "      - id: prefer_not\n"
        '        media: {emoji: "🤐"}\n'
        '        label: {fr: "Je préfère ne pas dire", en: "I would rather not say", '
        'ar: "أفضل ألا أقول"}\n'
        "        exclusive: true\n"
    )
    path = tmp_path / "two_exclusive.yaml"
    path.write_text(text.replace(nothing, prefer_not + nothing), encoding="utf-8")
    app = make_app(questionnaire=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("1")  # own smartphone: the devices question
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.id == "devices"
        for key in ("4", "1"):  # "none of these" (the second exclusive), then a computer
            await pilot.press(key)
            await pilot.pause()
        assert [t.selected for t in screen.query(Tile)] == [True, False, False, False]
        assert "«\xa0Rien de tout ça\xa0» enlève les autres réponses" in screen_text(app)


async def test_the_thank_you_after_an_arabic_session_reads_from_the_right(
    make_short_app: Callable[..., KioskApp], short_questionnaire: Questionnaire
) -> None:
    """The session is wiped by then: the screen keeps only its language, from the start."""
    app = make_short_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, language=3)
        await answer_all(pilot, short_questionnaire, {})
        await hand_over(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ThanksScreen)
        assert not app.session.started
        assert screen.has_class("-rtl")
        assert visual_lines(translate("ar", "thanks.title"), "ar", 80) in screen_text(app)

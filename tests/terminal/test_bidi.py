"""Arabic for a terminal: shaped into its contextual forms, reordered for the cells, wrapped
in reading order; French and English untouched."""

from __future__ import annotations

from collections.abc import Callable

from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.consent import ConsentScreen
from terminal.kiosk.screens.language import LanguageScreen
from terminal.ui.bidi import is_rtl, shape, visual, visual_lines
from tests.functional.kiosk_driver import screen_text, wait_ready

LAM_ALEF = "\ufefb"  # لا as one ligature, isolated


def reversed_words(text: str) -> str:
    """What an Arabic-only phrase looks like in the cells: shaped, then mirrored whole."""
    return shape(text)[::-1]


def test_only_right_to_left_languages_are_touched() -> None:
    assert is_rtl("ar") and not is_rtl("fr") and not is_rtl("en")
    for text in ("Avez-vous un smartphone\u00a0?", "With WhatsApp (CAF) 12", ""):
        assert visual(text, "fr") == text
        assert visual(text, "en") == text
        assert visual_lines(text, "fr", 10) == text
    assert visual("Ctrl+Q", "ar") == "Ctrl+Q"  # no Arabic letter: nothing to do


def test_letters_take_their_joined_forms() -> None:
    # beh initial, yeh medial, teh final: "بيت" (house) joined as one word.
    assert shape("بيت") == "\ufe91\ufef4\ufe96"
    # Alef joins the letter before it, never the one after: "باب" is beh-alef | beh.
    assert shape("باب") == "\ufe91\ufe8e\ufe8f"
    assert shape("لا") == LAM_ALEF
    assert shape("الإنترنت")[1] == "\ufef9"  # lam with alef with hamza below, isolated


def test_a_sentence_reads_right_to_left_with_its_number_and_latin_word_left_to_right() -> None:
    assert visual("من", "ar") == "\ufee6\ufee3"  # meem initial then noon final, reversed
    assert visual("لا 12", "ar") == "12 " + LAM_ALEF
    sentence = "اتصل بي على WhatsApp 3 مرات"
    expected = (
        reversed_words("مرات")
        + " WhatsApp 3 "
        + reversed_words("على")
        + " "
        + reversed_words("بي")
        + " "
        + reversed_words("اتصل")
    )
    assert visual(sentence, "ar") == expected


def test_brackets_and_guillemets_face_the_right_way() -> None:
    shown = visual("الصندوق (CAF)", "ar")
    assert shown == "(CAF) " + reversed_words("الصندوق")
    assert visual("«لا أعرف»", "ar").startswith("«") and visual("«لا أعرف»", "ar").endswith("»")


def test_a_vowel_mark_stays_after_its_letter() -> None:
    shown = visual("لديّ", "ar")
    assert shown.index("\u0651") == shown.index("\ufef1") + 1  # shadda after its yeh


def test_wrapped_lines_come_in_reading_order_each_reordered() -> None:
    text = "اتصل بي على WhatsApp مرتين في الأسبوع"
    lines = visual_lines(text, "ar", 14).split("\n")
    assert len(lines) == 3
    assert all(len(line) <= 14 for line in lines)
    # The first line holds the start of the sentence, shown at its right end.
    assert lines[0].endswith(reversed_words("اتصل"))
    assert "WhatsApp" in lines[1]
    assert lines[2].startswith(reversed_words("الأسبوع"))


def test_a_no_break_space_keeps_its_words_on_one_line() -> None:
    text = "اختر إجابة، أو «لا\u00a0أعرف»."
    lines = visual_lines(text, "ar", 12).split("\n")
    assert any("\u00a0" in line and "«" in line and "»" in line for line in lines)


def test_lines_are_cached() -> None:
    visual.cache_clear()
    for _ in range(3):
        visual("السؤال 4 من 18", "ar")
    assert visual.cache_info().hits == 2


def test_a_character_newer_than_pythons_tables_never_breaks_a_line() -> None:
    """🛜 (Unicode 15) has no bidi class in Python 3.11: the line still comes out, the
    emoji kept, instead of an error that would stop the kiosk."""
    line = "❌\xa0لا\xa0إنترنت    \U0001f6dc\xa0بدون\xa0باقة   "
    shown = visual(line, "ar")
    assert "\U0001f6dc" in shown and "❌" in shown
    assert shown.index("\U0001f6dc") < shown.index("❌")  # read from the right: ❌ first


async def test_the_language_screen_reads_the_same_after_an_arabic_back(
    make_app: Callable[..., KioskApp],
) -> None:
    """Arabic chosen, then Back from the consent screen: the language screen is shown
    again in an Arabic session, and each name still reads in its own direction."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen)
        first = screen_text(app)
        await pilot.press("3")  # العربية
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen) and app.session.language == "ar"
        app.screen.refresh(layout=True)  # as a resize or a hover draws it again
        await pilot.pause()
        again = screen_text(app)
        assert visual("العربية", "ar") in again
        assert again == first

"""The kiosk theme's contrast, computed from the colours the screens really use: every
text at least 7:1 against its background (WCAG AAA), every outline of a tile or a
button at least 3:1 against what surrounds it (WCAG 1.4.11)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.color import Color
from textual.widget import Widget

from questionnaires.model import Questionnaire
from terminal.kiosk.app import KioskApp
from terminal.kiosk.screens.restart import RestartScreen
from terminal.kiosk.screens.still_there import StillThereScreen
from terminal.kiosk.widgets.nav_bar import NavButton
from terminal.kiosk.widgets.tile import Tile
from tests.functional.kiosk_driver import answer_in_the_session, hand_over, start, wait_ready

TEXT_RATIO = 7.0
OUTLINE_RATIO = 3.0


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_ratio_is_the_wcag_one() -> None:
    assert round(ratio(Color(0, 0, 0), Color(255, 255, 255)), 1) == 21.0
    # The review's figure for the old main button (#ddedf9 on #0178d4).
    assert round(ratio(Color.parse("#ddedf9"), Color.parse("#0178d4")), 2) == 3.78


def shown(app: KioskApp) -> Iterator[Widget]:
    for widget in app.screen.query("*"):
        if widget.display and widget.visible and widget.region.area:
            yield widget


def problems(app: KioskApp, where: str) -> list[str]:
    found = []
    for widget in shown(app):
        parent_background, _, background, color = widget.colors
        text = background + color  # a see-through text colour, as it is drawn
        if str(widget.render()).strip() and ratio(text, background) < TEXT_RATIO:
            found.append(f"{where}: {widget!r} text {ratio(text, background):.2f}:1")
        if isinstance(widget, Tile | NavButton):
            edge = widget.styles.border_top[1]
            outline = ratio(parent_background + edge, parent_background)
            # The edge of a filled button is its background; of an outlined one, its border.
            filled = ratio(background, parent_background)
            if max(outline, filled) < OUTLINE_RATIO:
                found.append(f"{where}: {widget!r} outline {max(outline, filled):.2f}:1")
    return found


async def test_every_text_and_outline_of_the_public_screens(
    make_app: Callable[..., KioskApp], questionnaire: Questionnaire
) -> None:
    app = make_app()
    found: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        found += problems(app, "welcome")
        await pilot.press("space")
        await pilot.pause()
        found += problems(app, "language")
        await pilot.press("1")
        await pilot.pause()
        found += problems(app, "consent")
        await pilot.press("1")  # yes: the first question
        await pilot.pause()
        found += problems(app, "question")
        await pilot.press("1")  # chosen: the selected tile's colours
        await pilot.pause()
        await pilot.press("backspace")
        await pilot.pause()
        found += problems(app, "question, chosen")
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, RestartScreen)
        found += problems(app, "start again?")
        await pilot.press("2")
        await pilot.pause()
        app._ask_still_there()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        found += problems(app, "still there?")
        await pilot.press("space")
        await pilot.pause()
        await answer_in_the_session(pilot, questionnaire, {})
        found += problems(app, "result")
        await hand_over(pilot)
        found += problems(app, "hand-over")
    assert found == []


async def test_the_check_finds_the_old_themes_faults(make_app: Callable[..., KioskApp]) -> None:
    """The same check under Textual's dark theme, the kiosk's old one, finds the
    review's fault: the main button's words on its blue."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("backspace")  # answered: "Continuer" is the bright button
        await pilot.pause()
        app.theme = "textual-dark"
        await pilot.pause()
        found = problems(app, "question")
    assert any("id='proceed'" in p and " text " in p for p in found), found

"""The facilitators' editor, driven with Pilot as a facilitator does: problems follow the
text, choosing one moves the cursor, and saving, testing and publishing are real."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from questionnaires.library import CURRENT, Library
from terminal.editor.app import EditorApp
from terminal.editor.screens.confirm import Confirm
from terminal.editor.screens.lines import LinesScreen
from terminal.editor.screens.versions import VersionsScreen
from terminal.services.editing import draft_path, file_to_edit
from terminal.settings.model import KioskConfig
from tests.conftest import DEFAULT_TEXT, NEW, SHIPPED, facilitator_copy

SIZE = (100, 30)


@pytest.fixture
def config(data_dir: Path) -> KioskConfig:
    return KioskConfig.model_validate({"data_dir": data_dir})


def copy(tmp_path: Path, text: str = DEFAULT_TEXT, version: int = NEW) -> Path:
    """The shipped text, given a version of its own: by default, one never published."""
    return facilitator_copy(tmp_path / "work" / "ours.yaml", version, text=text)


async def checked(pilot: Pilot[None]) -> None:
    """Until the text on screen has been checked."""
    app = pilot.app
    assert isinstance(app, EditorApp)
    for _ in range(100):
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        if app.checks is not None and app._checked_text == app.editor.text:
            return
    raise AssertionError("the text was never checked")


def problems_shown(app: EditorApp) -> list[str]:
    """Each problem as the list draws it, on one line."""
    listing = app.editor.query_one("#problems", OptionList)
    shown = []
    for index in range(listing.option_count):
        console = Console(width=400, record=True, file=io.StringIO())
        console.print(listing.get_option_at_index(index).prompt)
        shown.append(" ".join(console.export_text().split()).replace("\u00a0", " "))
    return shown


def title(app: EditorApp) -> str:
    return str(app.editor.query_one("#problems-title", Static).render())


async def test_problems_follow_the_text_and_lead_to_their_line(
    config: KioskConfig, tmp_path: Path
) -> None:
    path = copy(tmp_path, DEFAULT_TEXT.replace("section: equipment", "section: equipement", 1))
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        shown = problems_shown(app)
        assert len(shown) == 1
        line = DEFAULT_TEXT.splitlines().index("    section: equipment") + 1
        assert shown[0].startswith(f"✘ {line}:14 section inconnue")
        assert "1 erreur(s)" in title(app)
        # Enter on the problem: the cursor goes to its line and column, in the text.
        await pilot.press("f2", "enter")
        source = app.editor.query_one("#source", TextArea)
        assert source.has_focus
        assert source.cursor_location == (line - 1, 13)
        # The facilitator fixes it by typing; the list empties a moment later.
        await pilot.press("delete", "delete", "delete", "delete", "delete", "delete")
        await pilot.press("delete", "delete", "delete", "delete")
        for char in "equipment":
            await pilot.press(char)
        await checked(pilot)
        assert app.editor.text == path.read_text().replace("equipement", "equipment", 1)
        assert problems_shown(app) == []
        assert "Aucun problème" in title(app)
        # Not saved yet: the status says so; Ctrl+S saves, whole.
        status = app.editor.query_one("#editor-status", Static)
        assert "pas encore enregistré" in str(status.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == app.editor.text
        assert "pas encore enregistré" not in str(status.render())


async def test_the_cases_run_from_the_editor(config: KioskConfig, tmp_path: Path) -> None:
    path = copy(tmp_path)
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LinesScreen)
        text = "\n".join(str(w.render()) for w in screen.query(Static))
        assert "les 5 cas donnent ce qui est attendu" in text
        assert text.count("✔ ") == 5
        await pilot.press("escape")
        assert not isinstance(app.screen, LinesScreen)


async def test_publishing_asks_then_keeps_a_new_version(
    config: KioskConfig, tmp_path: Path
) -> None:
    path = copy(tmp_path)
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")  # "Publier" has the focus
        await app.workers.wait_for_complete()
        await pilot.pause()
    library = Library(config.data_dir / "questionnaires")
    [published] = library.published()
    assert published.version == NEW
    assert json.loads((library.folder / CURRENT).read_text()) == {
        "id": "diagnum_default",
        "version": NEW,
    }


async def test_a_file_with_errors_is_never_published(config: KioskConfig, tmp_path: Path) -> None:
    path = copy(tmp_path, DEFAULT_TEXT.replace("kind: multi", "kind: multiple", 1))
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)
        assert app.editor.query_one("#problems", OptionList).has_focus
        await pilot.press("f4")  # nor are its cases run
        await pilot.pause()
        assert not isinstance(app.screen, LinesScreen)
    assert Library(config.data_dir / "questionnaires").published() == []


async def versions_shown(pilot: Pilot[None]) -> list[str]:
    await pilot.press("f9")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, VersionsScreen)
    lines = screen.query_one(OptionList)
    return [str(lines.get_option_at_index(i).prompt) for i in range(lines.option_count)]


async def test_going_back_to_a_published_version_or_a_shipped_one(
    config: KioskConfig, tmp_path: Path
) -> None:
    library = Library(config.data_dir / "questionnaires")
    library.publish(copy(tmp_path, version=NEW))
    changed = DEFAULT_TEXT.replace('"Mon bilan numérique"', '"Notre bilan"', 1)
    path = copy(tmp_path, changed, version=NEW + 1)
    library.publish(path)
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        shown = await versions_shown(pilot)
        assert shown[0].startswith(f"▶ version {NEW + 1}")
        assert shown[1].startswith(f"  version {NEW}")
        assert shown[2:] == [  # the ones Diagnum came with, to go back to
            f"  version {v} · livrée avec Diagnum" for v in range(SHIPPED, 0, -1)
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
        current = library.current()
        assert current is not None and current.version == NEW
        assert (await versions_shown(pilot))[1].startswith(f"▶ version {NEW}")
        await pilot.press("down", "down", "enter")  # the latest shipped with Diagnum
        await pilot.pause()
        message = str(app.editor.query_one("#editor-message", Static).render())
        assert f"version {SHIPPED}" in message
    current = library.current()
    assert current is not None and current.version == SHIPPED and not current.builtin  # kept


async def test_quitting_with_changes_asks_first(config: KioskConfig, tmp_path: Path) -> None:
    path = copy(tmp_path)
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        await pilot.press("end", "x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")  # cancel: still editing, nothing lost
        await pilot.pause()
        assert app.editor.text.startswith(
            "# yaml-language-server: $schema=questionnaire.schema.jsonx"
        )
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#answer-drop")
    assert path.read_text(encoding="utf-8") == copy(tmp_path).read_text(encoding="utf-8")


def test_without_a_file_the_editor_works_on_a_draft(config: KioskConfig) -> None:
    path = file_to_edit(config, None)
    assert path == draft_path(config)
    assert path.read_text(encoding="utf-8") == DEFAULT_TEXT  # the questionnaire in use
    assert (path.parent / "questionnaire.schema.json").exists()  # for other editors too
    path.write_text("# my work\n", encoding="utf-8")
    assert file_to_edit(config, None).read_text(encoding="utf-8") == "# my work\n"  # kept


def test_enter_keeps_the_indentation_of_yaml() -> None:
    from terminal.editor.widgets.yaml_area import next_indent

    assert next_indent("    kind: single") == "    "
    assert next_indent("  - id: town_hall") == "    "  # under "id", not under "-"
    assert next_indent("    choices:") == "      "  # a group opens
    assert next_indent("    # a comment:") == "    "


async def test_typing_a_new_choice_lines_up(config: KioskConfig, tmp_path: Path) -> None:
    path = copy(tmp_path)
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        source = app.editor.query_one("#source", TextArea)
        line = app.editor.text.splitlines().index("      - id: own")
        source.cursor_location = (line, len("      - id: own"))
        await pilot.press("enter")
        for char in "summary":
            await pilot.press(char)
        assert app.editor.text.splitlines()[line + 1] == "        summary"


async def test_a_message_quoting_markup_never_breaks_the_editor(
    config: KioskConfig, tmp_path: Path
) -> None:
    path = copy(tmp_path, DEFAULT_TEXT.replace("kind: multi", 'kind: "[/x]"', 1))
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        assert any("[/x]" in line for line in problems_shown(app))
    assert app.return_code in (None, 0)


def test_the_editor_refuses_what_it_must_not_edit(config: KioskConfig, tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: {fr: é}\n".encode("latin-1"))
    library = Library(config.data_dir / "questionnaires")
    published = library.publish(copy(tmp_path))
    for target, expected in (
        (latin, "is not UTF-8 text"),
        (published.path, "is a published version"),
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "terminal",
                "--data-dir",
                str(config.data_dir),
                "editor",
                str(target),
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2
        assert expected in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


async def test_keys_typed_in_a_burst_land_in_order(config: KioskConfig, tmp_path: Path) -> None:
    """A fast typist, or a slow machine: every key arrives before the first is handled.
    Deleting keys (bindings) must not fall behind the letters typed after them."""
    from textual import events

    path = copy(tmp_path)
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        source = app.editor.query_one("#source", TextArea)
        row = app.editor.text.splitlines().index("      - id: own")
        source.cursor_location = (row, len("      - id: own"))
        keys = ["backspace"] * 3 + list("mine") + ["left", "left", "delete"] + list("XY")
        for key in keys:  # all queued at once, as a terminal delivers a burst
            character = key if len(key) == 1 else None
            app.post_message(events.Key(key, character))
        await pilot.pause(0.2)
        assert app.editor.text.splitlines()[row] == "      - id: miXYe"


async def test_finding_words_and_going_to_a_line(config: KioskConfig, tmp_path: Path) -> None:
    from terminal.ui.ask_text import AskText

    path = copy(tmp_path)
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        source = app.editor.query_one("#source", TextArea)
        lines = app.editor.text.splitlines()
        first = next(i for i, line in enumerate(lines) if "smartphone" in line.lower())
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, AskText)
        await pilot.press(*"SMARTPHONE", "enter")  # any case
        await pilot.pause()
        assert source.has_focus and source.selection.start[0] == first
        assert source.selected_text.lower() == "smartphone"
        await pilot.press("ctrl+f", "enter")  # the same words: the next place
        await pilot.pause()
        assert source.selection.start > (first, 0)
        await pilot.press("ctrl+f", *"pigeon voyageur", "enter")
        await pilot.pause()
        message = str(app.editor.query_one("#editor-message", Static).render())
        assert "pigeon voyageur" in message and "nulle part" in message
        await pilot.press("ctrl+g", "1", "2", "0", "enter")
        await pilot.pause()
        assert source.cursor_location == (119, 0) and source.has_focus
        await pilot.press("ctrl+g", *"99999", "enter")  # beyond the end: the last line
        await pilot.pause()
        assert source.cursor_location[0] == source.document.line_count - 1


async def test_escape_keeps_typing_in_the_text_and_the_list_says_where_keys_go(
    config: KioskConfig, tmp_path: Path
) -> None:
    path = copy(tmp_path, DEFAULT_TEXT.replace("kind: multi", "kind: multiple", 1))
    app = EditorApp(config, path)
    async with app.run_test(size=SIZE) as pilot:
        await checked(pilot)
        source = app.editor.query_one("#source", TextArea)
        await pilot.press("escape", "x")
        assert source.has_focus and app.editor.text.startswith("x# yaml")
        await pilot.press("f5")  # refused: the list of problems takes the keys, and says so
        await pilot.pause()
        listing = app.editor.query_one("#problems", OptionList)
        assert listing.has_focus
        assert app.editor.query_one("#problems-panel").has_class("-focused")
        hint = str(app.editor.query_one("#problems-hint", Static).render())
        assert "Entrée" in hint and "revenir au texte" in hint
        message = str(app.editor.query_one("#editor-message", Static).render())
        assert "Corrigez d'abord les erreurs" in message
        await pilot.press("z")  # a letter here is not lost silently
        message = str(app.editor.query_one("#editor-message", Static).render())
        assert "liste des problèmes" in message and "z" not in app.editor.text[:3]
        await pilot.press("escape")
        assert source.has_focus
        assert not app.editor.query_one("#problems-panel").has_class("-focused")

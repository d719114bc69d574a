"""`diagnum editor [FILE]`: the facilitators' editor, on a file or on the draft."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from terminal.cli.base import fail

if TYPE_CHECKING:
    from terminal.settings.model import KioskConfig


def run_editor(
    file: str | None,
    config: KioskConfig,
    config_file: Path | None = None,
    *,
    idle_exit: float | None = None,
) -> int:
    from questionnaires.library import PUBLISHED
    from terminal.logs import start_logging

    start_logging(config.data_dir)
    from terminal.editor.app import EditorApp
    from terminal.services.editing import file_to_edit

    try:
        path = file_to_edit(config, Path(file) if file else None)
    except OSError as error:
        return fail(f"the draft cannot be made in {config.data_dir} ({error.strerror})")
    published = (config.data_dir / "questionnaires" / PUBLISHED).resolve()
    if path.resolve().is_relative_to(published):
        return fail(
            f"{path} is a published version: it never changes, so that old codes keep their "
            "meaning. Run diagnum editor alone to work on a draft of it"
        )
    if path.exists() and not path.is_file():
        return fail(f"{path} is not a file")
    if path.exists():
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return fail(f"{path} is not UTF-8 text: save it as UTF-8, then open it again")
        except OSError as error:
            return fail(f"{path} cannot be read ({error.strerror})")
    EditorApp(config, path, config_file=config_file, idle_exit=idle_exit).run()
    return 0

"""`diagnum editor [FILE]`: the facilitators' editor, on a file or on the draft."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from terminal.cli.base import fail

if TYPE_CHECKING:
    from terminal.settings.model import KioskConfig


def run_editor(file: str | None, config: KioskConfig) -> int:
    from terminal.logs import start_logging

    start_logging(config.data_dir)
    from terminal.editor.app import EditorApp
    from terminal.services.editing import file_to_edit

    try:
        path = file_to_edit(config, Path(file) if file else None)
    except OSError as error:
        return fail(f"the draft cannot be made in {config.data_dir} ({error.strerror})")
    if path.exists() and not path.is_file():
        return fail(f"{path} is not a file")
    EditorApp(config, path).run()
    return 0

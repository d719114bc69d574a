"""`diagnum` with no command: the kiosk, restarted at the welcome screen if it fails."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from terminal.cli.base import fail
from terminal.settings.source import ConfigSource

if TYPE_CHECKING:
    from terminal.settings.model import KioskConfig

# A kiosk that keeps crashing is broken, not unlucky: stop and say so.
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 60.0


def run_preview(
    path: Path, config: KioskConfig, *, language: str = "fr", shown_as: str | None = None
) -> int:
    """The kiosk's walk on one file, to try it: nothing is saved, nothing is kept."""
    from terminal.cli.base import fix_first, usable
    from terminal.kiosk.app import KioskApp

    if usable(path, language) is None:
        return fix_first(path, language)
    from terminal.kiosk.widgets.picture import prepare_graphics

    prepare_graphics(config.graphics)
    KioskApp(config, preview=path, preview_name=shown_as).run()
    return 0


def run_kiosk(source: ConfigSource, *, staff_access: bool = True) -> int:
    """Run the kiosk; if it ever fails, log why and start again at the welcome screen.

    Without staff access (each tablet of `diagnum serve`) no key opens the PIN pad."""
    from terminal.logs import start_logging

    log_folder = start_logging(source.data_dir_hint())
    from rich.console import Console

    from terminal.kiosk.app import KioskApp

    # Asked once, before any app runs (textual-image's rule); a bad value means "auto",
    # and the settings' check tells staff about it.
    from terminal.kiosk.widgets.picture import prepare_graphics

    prepare_graphics(str(source.early_setting("graphics") or "auto"))
    crashes: list[float] = []
    while True:
        app = KioskApp(source, staff_access=staff_access)
        with open(os.devnull, "w", encoding="utf-8") as nowhere:
            # Textual prints a failure's traceback with its local variables, which hold
            # the person's answers: nowhere. The app logs where it failed instead.
            app.error_console = Console(file=nowhere, markup=False, highlight=False)
            app.run()
        if not app.return_code:
            return 0
        now = time.monotonic()
        crashes = [t for t in crashes if now - t < RESTART_WINDOW_SECONDS] + [now]
        logging.getLogger("diagnum").error("kiosk failed, restarting (%d)", len(crashes))
        if len(crashes) >= MAX_RESTARTS:
            where = f"; see the log in {log_folder}" if log_folder else ""
            return fail(f"the kiosk failed {len(crashes)} times in a minute{where}")

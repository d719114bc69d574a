"""`diagnum adviser`: the adviser's console, on its own on the adviser's PC."""

from __future__ import annotations

from typing import TYPE_CHECKING

from terminal.cli.base import fail

if TYPE_CHECKING:
    from terminal.settings.model import KioskConfig


def run_adviser(config: KioskConfig, *, idle_exit: float | None = None) -> int:
    import os

    from rich.console import Console

    from terminal.adviser.app import AdviserApp
    from terminal.logs import start_logging

    log_folder = start_logging(config.data_dir)
    app = AdviserApp(config, idle_exit=idle_exit)
    with open(os.devnull, "w", encoding="utf-8") as nowhere:
        # Textual's report of a failure shows local variables: people's answers. The
        # app logs where it failed instead (see AdviserApp._handle_exception).
        app.error_console = Console(file=nowhere, markup=False, highlight=False)
        app.run()
    if app.return_code:
        where = f"; see the log in {log_folder}" if log_folder else ""
        return fail(f"the console stopped after an error{where}")
    return 0

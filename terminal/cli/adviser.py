"""`diagnum adviser`: the adviser's console, on its own on the adviser's PC."""

from __future__ import annotations

from typing import TYPE_CHECKING

from terminal.cli.base import fail

if TYPE_CHECKING:
    from terminal.settings.model import KioskConfig


def run_adviser(config: KioskConfig) -> int:
    from terminal.adviser.app import AdviserApp
    from terminal.logs import start_logging

    start_logging(config.data_dir)
    app = AdviserApp(config)
    app.run()
    if app.return_code:
        return fail("the console stopped after an error; see the log")
    return 0

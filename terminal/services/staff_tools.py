"""What the kiosk's staff menu opens: the adviser's console and the editor, each in
its own process on the kiosk's terminal, and an export of the results.

A separate process keeps the public kiosk safe: whatever happens in the console or
the editor, the kiosk comes back when it ends, and the memory it used goes with it.
Both close themselves after the staff idle time (`--idle-exit`).
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from storage import ResultStore, export_file
from terminal.settings.source import diagnum_command

if TYPE_CHECKING:
    from terminal.settings.model import KioskConfig
    from terminal.settings.source import ConfigSource

TOOLS = ("console", "editor")
EXPORTS = "exports"


class ToolError(Exception):
    """A staff tool that could not run; the message is one line for staff."""


def tool_command(tool: str, config: KioskConfig, source: ConfigSource | None) -> list[str]:
    """The command line of ``tool`` with the kiosk's own settings."""
    if tool not in TOOLS:
        raise ToolError(f"unknown staff tool {tool!r}")
    config_file = None if source is None else source.config_file
    command = diagnum_command(config.data_dir, config_file, config.questionnaire)
    idle = ["--idle-exit", f"{config.staff_idle_seconds:g}"]
    return [*command, "adviser" if tool == "console" else "editor", *idle]


def run_tool(tool: str, config: KioskConfig, source: ConfigSource | None) -> str | None:
    """Run ``tool`` until it ends; what staff should be told, or None if all went well."""
    try:
        done = subprocess.run(tool_command(tool, config, source), check=False)
    except OSError as error:
        raise ToolError(f"{tool}: {error.strerror or error}") from None
    if done.returncode not in (0, 130):
        return f"{tool}: exit code {done.returncode} (see the log)"
    return None


def export_results(data_dir: Path, today: date) -> tuple[Path, int]:
    """Every saved result as CSV in the data folder's `exports/`; (file, how many)."""
    folder = data_dir / EXPORTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"diagnum-results-{today.isoformat()}.csv"
    return path, export_file(ResultStore(data_dir), "csv", path)

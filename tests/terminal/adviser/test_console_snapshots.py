"""Snapshots of the console at an adviser's size and at 80×24 (pinned data and date).

Update after an intended change with:
pytest tests/terminal/adviser/test_console_snapshots.py --snapshot-update -n 0
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from questionnaires.model import Questionnaire
from questionnaires.payload import encode_payload
from tests.terminal.adviser.console_driver import console, fill_demo_store, type_and_enter

Steps = Callable[[Pilot[None]], Awaitable[None]]


def scan_first(payload: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await type_and_enter(pilot, payload)

    return steps


async def on_funders(pilot: Pilot[None]) -> None:
    await pilot.press("f3")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)


async def on_compare(pilot: Pilot[None]) -> None:
    await type_and_enter(pilot, "P-0001")  # not a code: refused, the list stays
    await pilot.press("f2")
    await pilot.pause()


def steady(steps: Steps | None) -> Steps:
    """The steps, then a cursor that stops blinking: a snapshot must not depend on when
    it is taken."""

    async def run(pilot: Pilot[None]) -> None:
        if steps is not None:
            await steps(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", [(100, 40), (80, 24)], ids=["desk", "small"])
@pytest.mark.parametrize("view", ["home", "report", "funders"])
def test_console_snapshots(
    snap_compare: Any,
    data_dir: Path,
    questionnaire: Questionnaire,
    view: str,
    size: tuple[int, int],
) -> None:
    saved = fill_demo_store(data_dir, questionnaire)
    steps: dict[str, Steps | None] = {
        "home": None,
        "report": scan_first(encode_payload(saved[1])),
        "funders": on_funders,
    }
    app = console(data_dir)
    assert snap_compare(app, terminal_size=size, run_before=steady(steps[view]))

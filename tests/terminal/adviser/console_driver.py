"""Drive the adviser's console with Pilot: real settings, a real data folder, real codes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from questionnaires.answers import Answer
from questionnaires.flow import random_answers
from questionnaires.model import Questionnaire
from questionnaires.payload import encode_payload
from questionnaires.result import Result, complete_result_code
from terminal.adviser.app import AdviserApp
from terminal.settings.model import KioskConfig

TODAY = date(2026, 11, 23)


def console(data_dir: Path, today: date = TODAY) -> AdviserApp:
    config = KioskConfig.model_validate({"data_dir": data_dir})
    return AdviserApp(config, today=lambda: today)


def result(
    questionnaire: Questionnaire,
    code: str,
    *,
    consent: bool | None = True,
    day: date = TODAY,
    answers: dict[str, Answer] | None = None,
    seed: int = 1,
) -> Result:
    import random

    sheet = answers if answers is not None else random_answers(questionnaire, random.Random(seed))
    full = complete_result_code(code)
    return Result.finish(questionnaire, sheet, "fr", day, code=full, consent=consent)


def store_result(data_dir: Path, res: Result, **extra: object) -> None:
    """Save as a kiosk would (and add adviser fields such as person or orientation)."""
    from storage import ResultStore

    record = res.to_record(encode_payload(res), datetime.combine(res.day, datetime.min.time()))
    record.update(extra)
    ResultStore(data_dir).save(record)


async def type_and_enter(pilot: Pilot[None], text: str) -> None:
    """As a USB scanner does: one key per character, then Enter."""
    keys = ["space" if c == " " else c for c in text]
    await pilot.press(*keys, "enter")
    await pilot.pause()


def scan_message(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#scan-message", Static).render())


def screen_text(pilot: Pilot[None]) -> str:
    """Every text on the screen shown: its Statics, and the report's lines."""
    from terminal.adviser.widgets.report_view import ReportView

    texts = [str(s.render()) for s in pilot.app.screen.query(Static)]
    for report in pilot.app.screen.query(ReportView):
        texts += report.lines
    return "\n".join(texts)


ORIENTATION_CYCLE = ("workshop", "equipment", "together", "mandate", "training", "none")


def fill_demo_store(data_dir: Path, questionnaire: Questionnaire, count: int = 40) -> list[Result]:
    """A structure's year: ``count`` results from January to November 2026, the same at
    every run; every third one oriented, the first eight followed as four pathways."""
    import random
    from datetime import timedelta

    from questionnaires.checksum import CROCKFORD

    saved = []
    for n in range(count):
        draw = random.Random(1000 + n)
        prefix = "".join(draw.choice(CROCKFORD) for _ in range(5))
        day = date(2026, 1, 5) + timedelta(days=(n * 37) % 320)
        res = result(questionnaire, prefix, day=day, seed=n)
        extra: dict[str, object] = {}
        if n % 3 == 0:
            kind = ORIENTATION_CYCLE[(n // 3) % len(ORIENTATION_CYCLE)]
            extra["orientation"] = {"kind": kind, "date": day.isoformat()}
        if n < 8:
            extra["person"] = f"P-{n % 4:04d}"
        store_result(data_dir, res, **extra)
        saved.append(res)
    return saved

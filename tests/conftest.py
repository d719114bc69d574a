"""Shared fixtures: the real default questionnaire, a real data directory, a pinned clock."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from questionnaires.answers import Answer
from questionnaires.loading import DEFAULT_FILE, load_questionnaire
from questionnaires.model import Questionnaire
from questionnaires.payload import encode_payload
from questionnaires.result import Result, complete_result_code
from terminal.kiosk.app import KioskApp
from terminal.settings.model import KioskConfig


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two test workers per core (`-n auto`): much of the suite waits on real
    subprocesses, terminals and fsync rather than computing, so a second worker per
    core keeps the cores busy (measured on 2 cores: 9 min 05 s with 2 workers,
    7 min 16 s with 4; see docs/performance.md)."""
    return min(8, 2 * (os.cpu_count() or 1))


TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 30, 0)


# Four questions, for the tests whose subject is not the questions (the hand-over, the
# clock, the disk, the wipe): each walk is five times quicker than the default's.
SHORT_FILE = Path(__file__).parent / "fixtures" / "short.yaml"

DEFAULT_TEXT = DEFAULT_FILE.read_text(encoding="utf-8")
SHIPPED = load_questionnaire(DEFAULT_FILE).version  # the version Diagnum comes with
NEW = SHIPPED + 1  # the next one a facilitator publishes
DEFAULT_TITLE = '"Mon bilan numérique"'


def facilitator_copy(
    path: Path, version: int, *, text: str = DEFAULT_TEXT, title: str | None = None
) -> Path:
    """The shipped questionnaire (or ``text``, a variant of it) at another version, and
    with another title if given, written to ``path``: a facilitator's own copy."""
    shipped = f"\nversion: {SHIPPED}\n"
    assert shipped in text  # a replace that finds nothing would test the shipped file
    adapted = text.replace(shipped, f"\nversion: {version}\n", 1)
    if title is not None:
        assert DEFAULT_TITLE in adapted
        adapted = adapted.replace(DEFAULT_TITLE, f'"{title}"', 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(adapted, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(DEFAULT_FILE)


@pytest.fixture(scope="session")
def short_questionnaire() -> Questionnaire:
    return load_questionnaire(SHORT_FILE)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_app(data_dir: Path) -> Callable[..., KioskApp]:
    def factory(*, today: date = TODAY, **settings: object) -> KioskApp:
        settings.setdefault("data_dir", data_dir)
        settings.setdefault("input_guard_seconds", 0)  # Pilot types faster than anyone
        config = KioskConfig.model_validate(settings)
        # Codes with their check symbol, as the kiosk draws them: K7M-4Q0, then others.
        codes = iter(complete_result_code(f"K7M{c}Q") for c in "456789ABCDEFGHJKMN")
        now = NOW if today == TODAY else datetime.combine(today, NOW.time())
        return KioskApp(config, today=lambda: today, now=lambda: now, new_code=lambda: next(codes))

    return factory


@pytest.fixture
def make_short_app(make_app: Callable[..., KioskApp]) -> Callable[..., KioskApp]:
    """A kiosk on the short questionnaire (`SHORT_FILE`)."""

    def factory(**settings: object) -> KioskApp:
        settings.setdefault("questionnaire", SHORT_FILE)
        return make_app(**settings)

    return factory


@pytest.fixture
def payload(questionnaire: Questionnaire) -> str:
    """A real result's code: a basic phone, a computer, no e-mail, "I don't know" elsewhere."""
    answers = {
        "smartphone": Answer(("basic",)),
        "devices": Answer(("computer",)),
        "internet_home": Answer.dont_know(),
        "email": Answer(("none",)),
    }
    for question in questionnaire.questions:
        if question.id not in answers and question.id not in {
            "mobile_data",
            "use_smartphone",
            "read_send_email",
            "attach_document",
        }:
            answers[question.id] = Answer.dont_know()
    return encode_payload(Result(questionnaire, "K7M4QX", date(2026, 11, 23), answers))

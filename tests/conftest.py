"""Shared fixtures: the real default questionnaire, a real data directory, a pinned clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from questionnaires.loading import DEFAULT_FILE, load_questionnaire
from questionnaires.model import Questionnaire
from terminal.app import KioskApp
from terminal.config import KioskConfig

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 30, 0)


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(DEFAULT_FILE)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_app(data_dir: Path) -> Callable[..., KioskApp]:
    def factory(**settings: object) -> KioskApp:
        settings.setdefault("data_dir", data_dir)
        settings.setdefault("input_guard_seconds", 0)  # Pilot types faster than anyone
        config = KioskConfig.model_validate(settings)
        codes = iter(f"K7M4Q{c}" for c in "0123456789ABCDEFGH")
        return KioskApp(config, today=lambda: TODAY, now=lambda: NOW, new_code=lambda: next(codes))

    return factory

"""Fixtures for the storage tests: a fresh store in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import ResultStore


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> ResultStore:
    return ResultStore(data_dir)

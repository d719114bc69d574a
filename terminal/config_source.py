"""Where the settings come from, without validating them yet.

The kiosk must show its welcome screen at once, so the pydantic model (`terminal.config`)
is only built in the background. Start-up needs one thing earlier: where to log.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from terminal.config import KioskConfig

APP_NAME = "diagnum"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_config_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def config_file_path(config_file: Path | None, env: Mapping[str, str]) -> Path | None:
    """The settings file in use: the flag, DIAGNUM_CONFIG, or the platform's file if any."""
    named = env.get("DIAGNUM_CONFIG")
    path = config_file or (Path(named) if named else None)
    if path is None and default_config_file().is_file():
        path = default_config_file()
    return path


@dataclass(frozen=True)
class ConfigSource:
    config_file: Path | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    environ: Mapping[str, str] | None = None

    def load(self) -> KioskConfig:
        """The validated settings; raises `ConfigError` with one clear line."""
        from terminal.config import load_config

        env = None if self.environ is None else dict(self.environ)
        return load_config(self.config_file, dict(self.overrides), env)

    def data_dir_hint(self) -> Path:
        """The data directory as configured, before validation (for the log file)."""
        env = os.environ if self.environ is None else self.environ
        if self.overrides.get("data_dir"):
            return Path(self.overrides["data_dir"])
        if env.get("DIAGNUM_DATA_DIR"):
            return Path(env["DIAGNUM_DATA_DIR"])
        path = config_file_path(self.config_file, env)
        if path is not None:
            import tomllib

            try:
                value = tomllib.loads(path.read_text(encoding="utf-8")).get("data_dir")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                value = None
            if isinstance(value, str) and value:
                return Path(value)
        return default_data_dir()

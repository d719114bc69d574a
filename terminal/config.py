"""Kiosk settings: a validated model, read from a TOML file, the environment and flags.

Precedence: command-line flag > environment variable > config file > default.
A bad file or value gives one clear line: the commands stop, the kiosk shows it to staff.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from terminal.config_source import config_file_path, default_data_dir


class ConfigError(Exception):
    """A configuration that cannot be used; the message is one line for staff."""


class KioskConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir)
    # None: the questionnaire shipped with Diagnum.
    questionnaire: Path | None = None
    retention_months: int = Field(default=12, ge=1, le=120)
    # After this long without a touch, ask "are you still there?"; then wipe.
    idle_seconds: float = Field(default=180, ge=10)
    still_there_seconds: float = Field(default=30, ge=5)
    # After a new question appears, keys are ignored this long: a held key or a
    # double tap must not answer several questions at once.
    input_guard_seconds: float = Field(default=0.4, ge=0, le=2)
    # A public kiosk has no quit key at all; staff set this in the config file.
    locked: bool = False

    @property
    def questionnaire_files(self) -> list[Path]:
        """Where the questionnaires that decode a code are: the configured file first,
        then the structure's own folder, then the ones shipped with Diagnum."""
        from questionnaires.loading import BUILTIN_DIR

        first = [self.questionnaire] if self.questionnaire else []
        return [*first, self.data_dir / "questionnaires", BUILTIN_DIR]


def load_config(
    config_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> KioskConfig:
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config_file_path(config_file, env)
    if path is not None:
        values.update(_read_toml(path))
    if env.get("DIAGNUM_DATA_DIR"):
        values["data_dir"] = env["DIAGNUM_DATA_DIR"]
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return KioskConfig.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "configuration"
        source = f" in {path}" if path else ""
        raise ConfigError(f"Setting '{where}'{source}: {first['msg']}.") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"The configuration file {path} does not exist.") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"The configuration file {path} is not valid TOML: {error}.") from None
    except OSError as error:
        raise ConfigError(
            f"The configuration file {path} cannot be read: {error.strerror}."
        ) from None

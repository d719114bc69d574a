"""Where the settings come from, read safely, without validating them yet.

The kiosk must show its welcome screen at once, so the pydantic model (`terminal.settings.model`)
is only built in the background. Start-up needs one thing earlier: where to log.

A settings file is staff input, so it is read defensively: it must be a regular file
(a FIFO would hang the kiosk, `/dev/zero` would fill its memory) of at most
`MAX_SETTINGS_BYTES`, in UTF-8, and any TOML problem is one line naming the file.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from terminal.printable import printable

APP_NAME = "diagnum"
# A real settings file is a few hundred bytes.
MAX_SETTINGS_BYTES = 64 * 1024


class ConfigError(Exception):
    """A configuration that cannot be used; the message is one line for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(message))


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_config_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def setting_path(value: object, name: str) -> Path:
    """A path setting: non-empty text or path, ``~`` expanded. Raises ``ValueError``."""
    if not isinstance(value, str | os.PathLike):
        raise ValueError(f"'{name}' must be a folder or file path in quotes")
    text = os.fspath(value)
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"'{name}' must not be empty")
    if "\x00" in text:
        raise ValueError(f"'{name}' contains a NUL character")
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~someone" for a user this machine does not have
        raise ValueError(f"'{name}' starts with an unknown user's home folder") from None


def config_file_path(config_file: Path | None, env: Mapping[str, str]) -> Path | None:
    """The settings file in use: the flag, DIAGNUM_CONFIG, or the platform's file if any."""
    named = env.get("DIAGNUM_CONFIG")
    try:
        path = setting_path(config_file or named, "--config") if config_file or named else None
        if path is None and default_config_file().is_file():
            path = default_config_file()
    except ValueError as error:
        raise ConfigError(f"The configuration file: {error}.") from None
    except OSError:
        path = None  # the platform's config folder cannot be read: no file there
    return path


def read_settings_file(path: Path) -> dict[str, Any]:
    """The TOML table in ``path``; `ConfigError` (one line) for any bad file."""
    content = _read_regular_file(path)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"The configuration file {path} is not UTF-8 text (byte {error.start + 1}): "
            "save it again as UTF-8."
        ) from None
    if "\x00" in text:
        raise ConfigError(f"The configuration file {path} contains a NUL character.")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"The configuration file {path} is not valid TOML: {error}.") from None
    except RecursionError:
        raise ConfigError(f"The configuration file {path} is nested too deeply.") from None
    except ValueError as error:  # e.g. an integer of thousands of digits
        reason = str(error).split(":")[0]
        raise ConfigError(f"The configuration file {path} has a bad value ({reason}).") from None


def _read_regular_file(path: Path) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ConfigError(f"The configuration file {path} does not exist.") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ConfigError(f"The configuration file {path} cannot be read: {reason}.") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ConfigError(
                f"The configuration file {path} is not a regular file (a folder, a device "
                "or a pipe): point the setting at a .toml file."
            )
        chunks, size = [], 0
        while size <= MAX_SETTINGS_BYTES and (chunk := os.read(fd, 16384)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise ConfigError(
            f"The configuration file {path} cannot be read: {error.strerror}."
        ) from None
    finally:
        os.close(fd)
    if size > MAX_SETTINGS_BYTES:
        raise ConfigError(
            f"The configuration file {path} is larger than {MAX_SETTINGS_BYTES // 1024} KB: "
            "it cannot be a Diagnum settings file."
        )
    return b"".join(chunks)


@dataclass(frozen=True)
class ConfigSource:
    config_file: Path | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    environ: Mapping[str, str] | None = None

    def data_dir_hint(self) -> Path:
        """The data directory as configured, before validation (for the log file).

        Never raises: a bad setting is reported later, by `load`, to staff.
        """
        env = os.environ if self.environ is None else self.environ
        candidates: list[object] = [self.overrides.get("data_dir"), env.get("DIAGNUM_DATA_DIR")]
        try:
            path = config_file_path(self.config_file, env)
            if path is not None:
                candidates.append(read_settings_file(path).get("data_dir"))
        except (ConfigError, OSError):
            pass
        for value in candidates:
            if value:
                try:
                    return setting_path(value, "data_dir")
                except ValueError:
                    break
        return default_data_dir()

"""Where the settings come from, read safely, without validating them yet.

The kiosk must show its welcome screen at once, so the pydantic model (`terminal.settings.model`)
is only built in the background. Start-up needs one thing earlier: where to log.

A settings file is staff input, so it is read defensively: it must be a regular file
(a FIFO would hang the kiosk, `/dev/zero` would fill its memory) of at most
`MAX_SETTINGS_BYTES`, in UTF-8, and any TOML problem is one line naming the file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
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


def diagnum_command(
    data_dir: Path, config_file: Path | None, questionnaire: Path | None = None
) -> list[str]:
    """Diagnum run again with these settings: a staff tool, a facilitator's try, the
    kiosk in a browser tab. The options then the command are added by the caller."""
    command = [sys.executable, "-m", "terminal", "--data-dir", str(data_dir)]
    if config_file is not None:
        command += ["--config", str(config_file)]
    if questionnaire is not None:
        command += ["--questionnaire", str(questionnaire)]
    return command


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


def writable_config_file(config_file: Path | None, env: Mapping[str, str]) -> Path:
    """The settings file a command changes: the one in use, or the platform's file
    (which may not exist yet)."""
    return config_file_path(config_file, env) or default_config_file()


def read_settings_file(path: Path) -> dict[str, Any]:
    """The TOML table in ``path``; `ConfigError` (one line) for any bad file."""
    return parse_settings(read_settings_text(path), path)


def read_settings_text(path: Path) -> str:
    """The text of the settings file ``path``; `ConfigError` (one line) if it cannot be."""
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
    return text


def parse_settings(text: str, path: Path) -> dict[str, Any]:
    """The TOML table in ``text``, read from ``path``; `ConfigError` for bad TOML."""
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


def update_settings_file(path: Path, name: str, value: str | None) -> None:
    """Set one top-level setting in the file at ``path`` (remove it, with None), keeping
    every other line and comment; the file is made if missing. Raises `ConfigError`.

    The file may hold the staff PIN's hash, and a short PIN is found from its hash by
    trying them all, so other users never get to read it: a new file is 0600, and an
    existing one keeps its owner, its group and their rights, not the others'.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = path.resolve()  # a symbolic link stays one: its target is changed
    text = read_settings_text(path) if path.exists() else ""
    parse_settings(text, path)  # the same errors as the kiosk would give
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise ConfigError(f"The configuration file {path} cannot be changed: {error}.") from None
    if value is None:
        document.pop(name, None)
    else:
        document[name] = value
    _write_private(path, tomlkit.dumps(document).encode("utf-8"))


def _write_private(path: Path, data: bytes) -> None:
    from storage.atomic import atomic_writer
    from storage.errors import StorageError

    try:
        kept = os.stat(path)
    except OSError:
        kept = None
    mode = 0o600 if kept is None else stat.S_IMODE(kept.st_mode) & 0o770
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with atomic_writer(path, action=f"write the configuration file {path.name}") as sink:
            os.fchmod(sink.fd, mode)
            if kept is not None:
                with contextlib.suppress(PermissionError):  # only root gives a file away
                    os.fchown(sink.fd, kept.st_uid, kept.st_gid)
            sink.write(data)
    except StorageError as error:
        raise ConfigError(str(error)) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError(f"The configuration file {path} cannot be written: {reason}.") from None


@dataclass(frozen=True)
class ConfigSource:
    config_file: Path | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    environ: Mapping[str, str] | None = None

    @property
    def env(self) -> Mapping[str, str]:
        """The environment these settings are read in: the given one, else the process's."""
        return os.environ if self.environ is None else self.environ

    def early_setting(self, name: str) -> object:
        """One setting as configured (flag or file), before validation, for
        what must be decided before the app starts. Never raises: None if unknown."""
        if self.overrides.get(name) is not None:
            return self.overrides[name]
        try:
            path = config_file_path(self.config_file, self.env)
            return None if path is None else read_settings_file(path).get(name)
        except (ConfigError, OSError):
            return None

    def data_dir_hint(self) -> Path:
        """The data directory as configured, before validation (for the log file).

        Never raises: a bad setting is reported later, by `load`, to staff.
        """
        env = self.env
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

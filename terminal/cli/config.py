"""`diagnum config …`: the settings in effect, and the staff PIN.

    show        the settings in effect and the file they come from; the PIN only as
                "set" or "not set"
    set-pin     the PIN typed twice at a terminal, or one line of standard input
                (`echo 1234 | diagnum config set-pin`); only its salted hash is written,
                into the configuration file, keeping its other lines and comments
    clear-pin   remove the PIN: nobody opens staff access until a new one is set

The PIN and its hash are never printed. Every failure is one line, and exit 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from terminal.cli.base import fail, note
from terminal.printable import printable
from terminal.settings.source import ConfigError, ConfigSource, writable_config_file

if TYPE_CHECKING:
    import argparse

    from terminal.settings.model import KioskConfig

STAFF_KEY = "F12"
# A PIN line is at most 8 digits; a longer line is refused without reading it all.
_MAX_LINE_BYTES = 64


def config_command(args: argparse.Namespace, source: ConfigSource) -> int:
    try:
        if args.action == "show":
            return show(source)
        path = writable_config_file(source.config_file, dict(source.env))
        if args.action == "set-pin":
            return set_pin(path)
        return clear_pin(path)
    except ConfigError as error:
        return fail(str(error))


def show(source: ConfigSource) -> int:
    from terminal.settings.model import load_settings
    from terminal.settings.source import config_file_path

    config = load_settings(source)
    path = config_file_path(source.config_file, dict(source.env))
    print(f"# configuration file: {printable(str(path)) if path else 'none (the defaults)'}")
    for line in setting_lines(config):
        print(line)
    return 0


def setting_lines(config: KioskConfig) -> list[str]:
    """Each setting as `name = value`, in TOML; the PIN only as "set" or "not set"."""
    import tomlkit

    lines = []
    for name in type(config).model_fields:
        value = getattr(config, name)
        if name == "staff_pin" or value is None:
            lines.append(f"# {name}: {'set' if value else 'not set'}")
            continue
        shown = tomlkit.item(str(value) if isinstance(value, Path) else value).as_string()
        lines.append(printable(f"{name} = {shown}"))
    return lines


def set_pin(path: Path) -> int:
    from terminal.services.staff_pin import PinError, hash_pin
    from terminal.settings.source import update_settings_file

    try:
        hashed = hash_pin(read_pin())
    except PinError as error:
        return fail(f"{error}; nothing was changed.")
    update_settings_file(path, "staff_pin", hashed)
    print(
        f"The staff PIN is set in {printable(str(path))}. At the kiosk, press "
        f"{STAFF_KEY}, then type it on the PIN pad."
    )
    _check_still_loads(path)
    return 0


def clear_pin(path: Path) -> int:
    from terminal.settings.source import update_settings_file

    if not path.exists():
        print(f"No staff PIN is set ({printable(str(path))} does not exist).")
        return 0
    update_settings_file(path, "staff_pin", None)
    print(
        f"The staff PIN is removed from {printable(str(path))}: staff access stays "
        "closed until diagnum config set-pin sets a new one."
    )
    _check_still_loads(path)
    return 0


def _check_still_loads(path: Path) -> None:
    """The PIN is written; say so if another setting of the file is wrong."""
    from terminal.settings.model import load_config

    try:
        load_config(path)
    except ConfigError as error:
        note(f"the kiosk will refuse this file until it is fixed: {error}")


def read_pin() -> str:
    """The new PIN: typed twice, unseen, at a terminal; otherwise one line of standard
    input. Raises `PinError`, the PIN never in its message."""
    import getpass

    from terminal.services.staff_pin import PinError, validate_pin

    stdin = sys.stdin
    if stdin is None:
        raise PinError("no PIN: standard input is closed")
    if not stdin.isatty():
        return validate_pin(_line(stdin.buffer.readline(_MAX_LINE_BYTES + 1)))
    try:
        first = validate_pin(getpass.getpass("New staff PIN (4 to 8 digits): "))
        again = getpass.getpass("The same PIN again: ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise PinError("no PIN was given") from None
    if again != first:
        raise PinError("the two PINs are not the same")
    return first


def _line(raw: bytes) -> str:
    from terminal.services.staff_pin import PinError

    if not raw.strip():
        raise PinError("no PIN on standard input (one line of 4 to 8 digits)")
    if len(raw) > _MAX_LINE_BYTES:
        raise PinError("the PIN must have 4 to 8 digits")
    try:
        return raw.decode("ascii").strip()
    except UnicodeDecodeError:
        raise PinError("the PIN must be made of digits 0 to 9 only") from None

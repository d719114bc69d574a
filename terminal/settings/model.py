"""Kiosk settings: a validated model, read from a TOML file, the environment and flags.

Precedence: command-line flag > environment variable > config file > default.

Every value is checked for its exact type, without coercion (`true` is not a number,
`"yes"` is not a boolean), numbers must be finite and within the documented range, and
paths must be non-empty, with `~` expanded. A bad file or value gives one clear line
naming the setting: the commands stop with it, the kiosk shows it to staff.
"""

from __future__ import annotations

import difflib
import math
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

from terminal.settings.source import (
    ConfigError,
    ConfigSource,
    config_file_path,
    default_data_dir,
    read_settings_file,
    setting_path,
)

__all__ = ["ConfigError", "KioskConfig", "load_config", "load_settings"]

DataDir = Annotated[Path, BeforeValidator(lambda value: setting_path(value, "data_dir"))]
QuestionnaireFile = Annotated[
    Path, BeforeValidator(lambda value: setting_path(value, "questionnaire"))
]


def _stored_pin(value: str) -> str:
    # The PIN check's own parser: a hash it cannot use is refused here, at start-up,
    # not found out as "wrong code" at the pad.
    from terminal.services.staff_pin import is_stored_pin

    if not is_stored_pin(value):
        raise ValueError("not a staff PIN hash")
    return value


StoredPin = Annotated[str, AfterValidator(_stored_pin)]


def seconds(default: float, low: float, high: float) -> Any:
    """A duration setting: the bounds it checks are the ones its message states."""
    return Field(
        default=default,
        ge=low,
        le=high,
        allow_inf_nan=False,
        description=f"a number of seconds from {low:g} to {high:g}",
    )


class KioskConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    data_dir: DataDir = Field(default_factory=default_data_dir)
    # None: the questionnaire shipped with Diagnum.
    questionnaire: QuestionnaireFile | None = None
    # Each description is the rule a bad value is told, beside the bounds it states.
    retention_months: int = Field(
        default=12, ge=1, le=120, description="a whole number of months from 1 to 120"
    )
    # After this long without a touch, ask "are you still there?"; then wipe.
    idle_seconds: float = seconds(180, 10, 3600)
    still_there_seconds: float = seconds(30, 5, 600)
    # After a new question appears, keys are ignored this long: a held key or a
    # double tap must not answer several questions at once.
    input_guard_seconds: float = seconds(0.4, 0, 2)
    # A public kiosk has no quit key at all; staff set this in the config file.
    locked: bool = Field(default=False, description="true or false, without quotes")
    # How the answer tiles draw their pictures: "auto" asks the terminal (kitty, foot,
    # WezTerm draw them), "kitty" or "sixel" forces a protocol, "none" shows emoji only.
    graphics: Literal["auto", "kitty", "sixel", "none"] = Field(
        default="auto", description='"auto", "kitty", "sixel" or "none", in quotes'
    )
    # Read each question aloud as soon as it appears (the speaker tile works either way).
    read_aloud: bool = Field(default=False, description="true or false, without quotes")
    # The staff PIN, only as a salted scrypt hash: set it with `diagnum config set-pin`.
    staff_pin: StoredPin | None = Field(
        default=None,
        description="a hash written by `diagnum config set-pin`, never the PIN itself",
    )
    # Staff screens opened at the kiosk close after this long without a touch.
    staff_idle_seconds: float = seconds(180, 10, 3600)
    # The CUPS queue that prints the ticket of a person without a phone; None: no
    # printer, no ticket, and nothing said about printing. The rule is CUPS's own
    # for queue names (lpadmin), with no control or invisible characters either.
    printer: str | None = Field(
        default=None,
        min_length=1,
        max_length=127,
        pattern=r"^[^\s/#\p{C}]+$",
        description="the name of a CUPS printer queue: 1 to 127 characters, without "
        'spaces, "/" or "#"',
    )

    @property
    def questionnaire_files(self) -> list[Path]:
        """Where the questionnaires that decode a code are: the versions kept in the
        library first (never changed, so a file edited in place cannot misread an old
        code), then the configured file, the structure's own files, and the ones
        shipped with Diagnum."""
        from questionnaires.library import PUBLISHED
        from questionnaires.loading import BUILTIN_DIR

        folder = self.data_dir / "questionnaires"
        first = [self.questionnaire] if self.questionnaire else []
        return [folder / PUBLISHED, *first, folder, BUILTIN_DIR]

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


def load_settings(source: ConfigSource) -> KioskConfig:
    """The validated settings from a source; raises `ConfigError` with one clear line."""
    return load_config(source.config_file, dict(source.overrides), dict(source.env))


def load_config(
    config_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> KioskConfig:
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config_file_path(config_file, env)
    if path is not None:
        values.update(read_settings_file(path))
    if env.get("DIAGNUM_DATA_DIR"):
        values["data_dir"] = env["DIAGNUM_DATA_DIR"]
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return KioskConfig.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        name = ".".join(str(p) for p in first["loc"]) or "configuration"
        source = f" in {path}" if path else ""
        found = _as_toml(first.get("input"))
        raise ConfigError(
            f"Setting '{name}'{source} {_rule(name, first)} (found {found})."
        ) from None


def _rule(name: str, error: Any) -> str:
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(name, KioskConfig.model_fields, n=1)
        hint = f": did you mean '{close[0]}'?" if close else ""
        return f"is not a Diagnum setting{hint}"
    field = KioskConfig.model_fields.get(name)
    if field is not None and field.description:
        return f"must be {field.description}"
    return str(error["msg"]).removeprefix("Value error, ").replace(f"'{name}' ", "")


def _as_toml(value: object) -> str:
    """How staff wrote the value in their TOML file, kept short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int) and abs(value) > 10**12:
        return f"a number of {len(str(abs(value)))} digits"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"

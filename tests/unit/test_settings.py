"""Strict settings: every bad value or bad file is one line naming it, never a guess.

The hostile files are built here: wrong types, `inf`, non-UTF-8 bytes, a NUL, huge
numbers, deep nesting, a FIFO, a device, a folder, an oversize file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from terminal.cli import main
from terminal.settings.model import ConfigError, KioskConfig, load_config
from terminal.settings.source import MAX_SETTINGS_BYTES, ConfigSource


def settings_file(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("line", "setting", "found"),
    [
        # A boolean is not a number: `true` used to mean one month, and deleted results.
        ("retention_months = true", "retention_months", "true"),
        ("retention_months = 0", "retention_months", "0"),
        ("retention_months = 12.0", "retention_months", "12.0"),
        ('retention_months = "12"', "retention_months", "'12'"),
        ('locked = "yes"', "locked", "'yes'"),
        ("locked = 1", "locked", "1"),
        ("idle_seconds = inf", "idle_seconds", "inf"),
        ("idle_seconds = nan", "idle_seconds", "nan"),
        ("idle_seconds = 1e400", "idle_seconds", "inf"),
        ("idle_seconds = 5", "idle_seconds", "5"),
        ("idle_seconds = 86400", "idle_seconds", "86400"),
        ("still_there_seconds = -inf", "still_there_seconds", "-inf"),
        ("input_guard_seconds = false", "input_guard_seconds", "false"),
        ('data_dir = ""', "data_dir", "''"),
        ('data_dir = "   "', "data_dir", "'   '"),
        ("data_dir = 5", "data_dir", "5"),
        ('questionnaire = ""', "questionnaire", "''"),
        ('printer = ""', "printer", "''"),
        ('printer = "Accueil HP"', "printer", "'Accueil HP'"),
        ('printer = "accueil/2"', "printer", "'accueil/2'"),
        ('printer = "a\\tb"', "printer", "'a\\tb'"),
        ("printer = 5", "printer", "5"),
        ("printer = true", "printer", "true"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_setting(
    tmp_path: Path, line: str, setting: str, found: str
) -> None:
    path = settings_file(tmp_path, line + "\n")
    message = refusal(path)
    assert f"Setting '{setting}'" in message
    assert str(path) in message
    assert f"(found {found})" in message


def test_the_documented_ranges_are_accepted(tmp_path: Path) -> None:
    path = settings_file(
        tmp_path,
        "retention_months = 120\nidle_seconds = 10\nstill_there_seconds = 600\n"
        "input_guard_seconds = 0\nlocked = true\n",
    )
    config = load_config(path, environ={})
    assert (config.retention_months, config.idle_seconds, config.locked) == (120, 10.0, True)
    assert config.printer is None  # no printer: no ticket, and no error either
    for name in ("Accueil", "HP_LaserJet-2", "accueil@serveur", "x" * 127):
        path = settings_file(tmp_path, f'printer = "{name}"\n')
        assert load_config(path, environ={}).printer == name
    assert "Setting 'printer'" in refusal(settings_file(tmp_path, f'printer = "{"x" * 128}"\n'))


def test_the_readme_example_is_valid_and_names_every_setting(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    load_config(settings_file(tmp_path, example), environ={})
    for name in KioskConfig.model_fields:
        assert f"\n{name} = " in f"\n{example}", name


def test_a_misspelt_setting_gets_a_suggestion(tmp_path: Path) -> None:
    message = refusal(settings_file(tmp_path, "retention_month = 3\n"))
    assert "did you mean 'retention_months'" in message


def test_a_home_folder_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    config = load_config(settings_file(tmp_path, 'data_dir = "~/diagnum"\n'), environ={})
    assert config.data_dir == tmp_path / "diagnum"
    assert ConfigSource(tmp_path / "config.toml", environ={}).data_dir_hint() == config.data_dir


def test_flags_and_environment_are_checked_too(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'data_dir'"):
        load_config(None, {"data_dir": ""}, {"DIAGNUM_CONFIG": ""})
    config = load_config(None, {"locked": True}, {"DIAGNUM_DATA_DIR": str(tmp_path)})
    assert config.locked is True
    assert config.data_dir == tmp_path
    # The tests build settings from Python values: paths and ints are fine there.
    assert KioskConfig.model_validate({"data_dir": tmp_path, "idle_seconds": 60}).idle_seconds == 60


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"data_dir = '\xff\xfe'\n", "is not UTF-8 text (byte 13)"),
        (b"locked = true\x00\n", "contains a NUL character"),
        ("retention_months = 1" + "0" * 5000 + "\n", "has a bad value"),
        # Within the size limit, deep enough to exhaust Python's recursion.
        ("x = " + "[" * 30_000 + "]" * 30_000 + "\n", "nested too deeply"),
        ("x = " + "[" * 50_000 + "]" * 50_000 + "\n", "larger than 64 KB"),
        ("locked = true\n" + "#" * MAX_SETTINGS_BYTES, "larger than 64 KB"),
        ("locked = \n", "is not valid TOML"),
    ],
)
def test_a_hostile_settings_file_is_one_line(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    assert expected in refusal(settings_file(tmp_path, content))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)  # nobody writes to it: reading would wait forever
    assert "is not a regular file" in refusal(fifo)
    assert ConfigSource(fifo, environ={}).data_dir_hint()  # and no hang either


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it() -> None:
    assert "is not a regular file" in refusal(Path("/dev/zero"))


def test_a_folder_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "is not a regular file" in refusal(tmp_path)
    assert "does not exist" in refusal(tmp_path / "missing.toml")


def test_the_data_dir_hint_never_raises(tmp_path: Path) -> None:
    for content in (b"\xff", b"data_dir = ''", b"data_dir = 5", b"["):
        path = settings_file(tmp_path, content)
        assert ConfigSource(path, environ={}).data_dir_hint().is_absolute()


@pytest.mark.parametrize("command", [["decode", "K7M4QX"], ["results", "export"]])
def test_the_commands_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = settings_file(tmp_path, "retention_months = true\n")
    assert main(["--config", str(path), *command]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("diagnum: Setting 'retention_months'")
    assert captured.out == ""


@pytest.mark.parametrize(
    ("flags", "setting"),
    [
        (["--data-dir", ""], "data_dir"),
        (["--questionnaire", ""], "questionnaire"),
        (["--data-dir", "~nosuchuser-diagnum/x"], "data_dir"),
        (["--config", "~nosuchuser-diagnum/c.toml"], "--config"),
    ],
)
def test_an_empty_or_unknown_path_from_a_flag_is_refused(
    flags: list[str], setting: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*flags, "results", "export"]) == 2
    err = capsys.readouterr().err
    assert setting in err and len(err.strip().splitlines()) == 1


def test_a_kiosk_with_an_unknown_home_folder_still_finds_where_to_log() -> None:
    source = ConfigSource(None, {"data_dir": "~nosuchuser-diagnum/x"}, environ={})
    assert source.data_dir_hint().is_absolute()


def test_every_rule_told_to_staff_states_the_real_bounds() -> None:
    from annotated_types import Ge, Le

    for name, field in KioskConfig.model_fields.items():
        bounds = [m.ge for m in field.metadata if isinstance(m, Ge)]
        bounds += [m.le for m in field.metadata if isinstance(m, Le)]
        for bound in bounds:
            assert f" {bound:g} " in f" {field.description} ", name

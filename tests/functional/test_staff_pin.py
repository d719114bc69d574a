"""The staff PIN: its hash, the lockout after wrong PINs, and `diagnum config`."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.pty_session import PtySession
from terminal.services.staff_pin import (
    FIRST_LOCK_SECONDS,
    GUARD_FILE,
    MAX_LOCK_SECONDS,
    PinError,
    PinGuard,
    Verdict,
    check_pin,
    hash_pin,
)
from terminal.settings.model import ConfigError, KioskConfig, load_config

ROOT = Path(__file__).resolve().parents[2]
PIN = "2468"


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN)


class Clock:
    """Wall-clock seconds that only move when a test says so."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# -- the hash ------------------------------------------------------------------


def test_the_hash_has_the_format_the_setting_accepts(stored: str) -> None:
    assert re.fullmatch(r"scrypt\$16384\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}", stored)
    assert KioskConfig(staff_pin=stored).staff_pin == stored


def test_only_the_right_pin_matches(stored: str) -> None:
    assert check_pin(PIN, stored)
    assert not check_pin("2469", stored)
    assert not check_pin("02468", stored)
    assert not check_pin("", stored)


MALFORMED = [
    "",
    "2468",
    "scrypt$16384$8$1$abc$def",
    "bcrypt$16384$8$1$" + "0" * 32 + "$" + "0" * 64,
    "scrypt$16383$8$1$" + "0" * 32 + "$" + "0" * 64,  # n not a power of two
    "scrypt$1073741824$8$1$" + "0" * 32 + "$" + "0" * 64,  # a gigabyte per check
    "scrypt$16384$8$999$" + "0" * 32 + "$" + "0" * 64,  # minutes per check
]


@pytest.mark.parametrize("malformed", [None, *MALFORMED])
def test_a_malformed_stored_value_never_matches(malformed: str | None) -> None:
    assert check_pin(PIN, malformed) is False


@pytest.mark.parametrize("malformed", MALFORMED)
def test_a_setting_the_pin_check_cannot_use_is_refused_with_the_file(
    tmp_path: Path, malformed: str
) -> None:
    """Refused when the settings are read, naming the file and the command, instead of
    "wrong code" at the pad for ever."""
    config = tmp_path / "config.toml"
    config.write_text(f'staff_pin = "{malformed}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(config, environ={})
    said = str(refused.value)
    assert said.startswith(f"Setting 'staff_pin' in {config} must be a hash written by")
    assert "`diagnum config set-pin`" in said


def test_a_wrong_parameter_in_a_real_hash_never_matches(stored: str) -> None:
    assert not check_pin(PIN, stored.replace("$8$1$", "$8$2$"))
    assert not check_pin(PIN, stored[:-1] + ("0" if stored[-1] != "0" else "1"))


def test_two_hashes_of_one_pin_have_different_salts(stored: str) -> None:
    again = hash_pin(PIN)
    assert again != stored
    assert again.split("$")[4] != stored.split("$")[4]
    assert check_pin(PIN, again)


@pytest.mark.parametrize(
    ("pin", "said"),
    [
        ("123", "4 to 8 digits"),
        ("123456789", "4 to 8 digits"),
        ("12a4", "digits 0 to 9"),
        ("12 34", "digits 0 to 9"),
        ("١٢٣٤", "digits 0 to 9"),  # Arabic-Indic digits: not on the PIN pad
        ("", "digits 0 to 9"),
    ],
)
def test_a_pin_is_4_to_8_digits(pin: str, said: str) -> None:
    with pytest.raises(PinError, match=said):
        hash_pin(pin)


# -- the lockout ---------------------------------------------------------------


def test_five_wrong_pins_lock_out_for_a_growing_delay(tmp_path: Path, stored: str) -> None:
    clock = Clock()
    guard = PinGuard(tmp_path, clock=clock)
    assert guard.locked_for() == 0
    lefts = [guard.attempt("0000", stored).tries_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    fifth = guard.attempt("0000", stored)
    assert fifth.verdict is Verdict.LOCKED and fifth.locked_seconds == 30
    # While locked even the right PIN is refused, unchecked.
    clock.now += 29
    assert guard.attempt(PIN, stored).verdict is Verdict.LOCKED
    assert guard.locked_for() == pytest.approx(1)
    delays = []
    for _ in range(8):
        clock.now += guard.locked_for()
        assert guard.locked_for() == 0
        delays.append(guard.attempt("1111", stored).locked_seconds)
    assert delays == [60, 120, 240, 480, 900, 900, 900, 900]
    assert MAX_LOCK_SECONDS == 900


def test_the_right_pin_opens_and_starts_the_count_again(tmp_path: Path, stored: str) -> None:
    clock = Clock()
    guard = PinGuard(tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("0000", stored)
    clock.now += FIRST_LOCK_SECONDS
    assert guard.attempt(PIN, stored).ok
    assert guard.attempt("0000", stored).tries_left == 4


def test_no_pin_set_opens_nothing(tmp_path: Path) -> None:
    guard = PinGuard(tmp_path, clock=Clock())
    outcome = guard.attempt(PIN, None)
    assert not outcome.ok and outcome.tries_left == 4


def test_the_lockout_survives_a_restart(tmp_path: Path, stored: str) -> None:
    clock = Clock()
    guard = PinGuard(tmp_path, clock=clock)
    for _ in range(3):
        guard.attempt("0000", stored)
    # The kiosk restarts: the count goes on where it was.
    assert PinGuard(tmp_path, clock=clock).attempt("0000", stored).tries_left == 1
    PinGuard(tmp_path, clock=clock).attempt("0000", stored)
    clock.now += 10
    after_reboot = PinGuard(tmp_path, clock=clock)
    assert after_reboot.locked_for() == pytest.approx(20)
    assert after_reboot.attempt(PIN, stored).verdict is Verdict.LOCKED


def test_a_clock_set_backwards_never_locks_for_ever(tmp_path: Path, stored: str) -> None:
    clock = Clock()
    guard = PinGuard(tmp_path, clock=clock)
    for _ in range(5):
        guard.attempt("0000", stored)
    clock.now -= 365 * 24 * 3600
    for restarted in (guard, PinGuard(tmp_path, clock=clock)):
        assert 0 < restarted.locked_for() <= FIRST_LOCK_SECONDS
    clock.now += FIRST_LOCK_SECONDS
    assert PinGuard(tmp_path, clock=clock).attempt(PIN, stored).ok


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"[]",
        b'{"failures": -1, "locked_until": 0}',
        b'{"failures": 9, "locked_until": 0}',
        b'{"failures": 2, "locked_until": NaN}',
        b'{"failures": true, "locked_until": 0}',
        b"\xff\xfe",
        b"[" * 100_000,
    ],
)
def test_a_damaged_lockout_file_locks_for_the_first_delay(
    tmp_path: Path, stored: str, content: bytes
) -> None:
    (tmp_path / GUARD_FILE).write_bytes(content)
    clock = Clock()
    guard = PinGuard(tmp_path, clock=clock)
    assert guard.locked_for() == FIRST_LOCK_SECONDS
    assert guard.attempt(PIN, stored).verdict is Verdict.LOCKED
    # Not for ever: the file is whole again, and the delay ends.
    assert json.loads((tmp_path / GUARD_FILE).read_text())["failures"] == 5
    clock.now += FIRST_LOCK_SECONDS
    assert PinGuard(tmp_path, clock=clock).attempt(PIN, stored).ok


def test_a_folder_in_place_of_the_lockout_file_locks(tmp_path: Path, stored: str) -> None:
    (tmp_path / GUARD_FILE).mkdir()
    guard = PinGuard(tmp_path, clock=Clock())
    assert guard.locked_for() == FIRST_LOCK_SECONDS  # and the kiosk goes on
    assert guard.attempt(PIN, stored).verdict is Verdict.LOCKED


# -- diagnum config ------------------------------------------------------------


def diagnum(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, with its own config and data folders."""
    return subprocess.run(
        [sys.executable, "-m", "terminal", *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        env=isolated(home),
    )


def isolated(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIAGNUM_")}
    return {
        **env,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }


SETTINGS = """\
# The hall's kiosk.
locked = true  # no quit key
printer = "accueil"

# Staff screens close after two minutes.
staff_idle_seconds = 120
"""


def test_set_pin_from_stdin_writes_only_the_hash(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    config.chmod(0o644)
    done = diagnum("--config", str(config), "config", "set-pin", home=tmp_path, stdin="2468\n")
    assert done.returncode == 0, done.stderr
    text = config.read_text(encoding="utf-8")
    assert text.startswith(SETTINGS)  # every other line and comment kept
    settings = load_config(config, environ={})
    assert settings.staff_pin is not None
    assert PIN not in text.replace(settings.staff_pin, "")  # a hash may hold any digits
    assert settings.locked and settings.printer == "accueil"
    assert settings.staff_idle_seconds == 120
    assert settings.staff_pin is not None and check_pin(PIN, settings.staff_pin)
    # Neither the PIN nor its hash is ever printed; the hash is not readable by others.
    assert PIN not in done.stdout + done.stderr
    assert settings.staff_pin not in done.stdout + done.stderr
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    assert "F12" in done.stdout


def test_set_pin_makes_the_default_config_file_private(tmp_path: Path) -> None:
    done = diagnum("config", "set-pin", home=tmp_path, stdin="12345678")
    assert done.returncode == 0, done.stderr
    made = tmp_path / "config" / "diagnum" / "config.toml"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    settings = load_config(made, environ={})
    assert check_pin("12345678", settings.staff_pin)
    # A second PIN replaces the first.
    assert diagnum("config", "set-pin", home=tmp_path, stdin="9999").returncode == 0
    again = load_config(made, environ={}).staff_pin
    assert check_pin("9999", again) and not check_pin("12345678", again)
    assert made.read_text().count("staff_pin") == 1


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("12a4\n", "the PIN must be made of digits 0 to 9 only; nothing was changed."),
        ("123\n", "the PIN must have 4 to 8 digits; nothing was changed."),
        ("", "no PIN on standard input (one line of 4 to 8 digits); nothing was changed."),
    ],
)
def test_set_pin_refuses_a_bad_pin_in_one_line(tmp_path: Path, typed: str, said: str) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    done = diagnum("--config", str(config), "config", "set-pin", home=tmp_path, stdin=typed)
    assert done.returncode == 2
    assert done.stderr == f"diagnum: {said}\n"
    assert config.read_text(encoding="utf-8") == SETTINGS


def test_set_pin_says_why_a_file_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    target = tmp_path / "a-file" / "kiosk.toml"
    done = diagnum("--config", str(target), "config", "set-pin", home=tmp_path, stdin="2468")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "cannot be written" in done.stderr


def test_set_pin_refuses_a_file_that_is_not_toml(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("locked = \n", encoding="utf-8")
    done = diagnum("--config", str(config), "config", "set-pin", home=tmp_path, stdin="2468")
    assert done.returncode == 2
    assert done.stderr.startswith(f"diagnum: The configuration file {config} is not valid TOML")
    assert config.read_text(encoding="utf-8") == "locked = \n"


def test_show_and_clear_pin(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    diagnum("--config", str(config), "config", "set-pin", home=tmp_path, stdin=PIN)
    hashed = load_config(config, environ={}).staff_pin
    assert hashed is not None
    shown = diagnum("--config", str(config), "config", "show", home=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert f"# configuration file: {config}" in shown.stdout
    assert "# staff_pin: set\n" in shown.stdout
    assert 'printer = "accueil"\n' in shown.stdout and "staff_idle_seconds = 120" in shown.stdout
    assert hashed not in shown.stdout and "scrypt" not in shown.stdout
    cleared = diagnum("--config", str(config), "config", "clear-pin", home=tmp_path)
    assert cleared.returncode == 0, cleared.stderr
    assert config.read_text(encoding="utf-8") == SETTINGS
    assert load_config(config, environ={}).staff_pin is None
    shown = diagnum("--config", str(config), "config", "show", home=tmp_path)
    assert "# staff_pin: not set\n" in shown.stdout


def set_pin_at_a_terminal(
    config: Path, home: Path, first: str, again: str, said: str
) -> tuple[int, str]:
    """`config set-pin` on a real terminal: the two PINs typed, until ``said`` shows;
    its exit code and what the terminal showed."""
    typed = PtySession(
        ["-m", "terminal", "--config", str(config), "config", "set-pin"],
        cwd=ROOT,
        env=isolated(home),
    )
    try:
        typed.wait_for("New staff PIN (4 to 8 digits):", timeout=60)
        typed.press(first + "\r")
        typed.wait_for("The same PIN again:", timeout=30)
        typed.press(again + "\r")
        typed.wait_for(said, timeout=30)
        typed.process.wait(timeout=30)
    finally:
        code = typed.close()
    return code, typed.text


def test_set_pin_at_a_terminal_asks_twice_unseen(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    code, shown = set_pin_at_a_terminal(config, tmp_path, PIN, PIN, "The staff PIN is set")
    assert code == 0
    assert PIN not in shown.replace(str(config), "")  # not even echoed
    assert check_pin(PIN, load_config(config, environ={}).staff_pin)


def test_set_pin_at_a_terminal_refuses_two_different_pins(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    other = PIN[:-1] + str((int(PIN[-1]) + 1) % 10)
    said = "the two PINs are not the same; nothing was changed."
    code, _ = set_pin_at_a_terminal(config, tmp_path, PIN, other, said)
    assert code == 2
    assert not config.exists()

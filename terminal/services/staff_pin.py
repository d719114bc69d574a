"""The staff PIN: a salted scrypt hash in the settings, and a lockout after wrong PINs.

The PIN opens the staff menu of a kiosk standing alone in a public hall, so anyone may
try PINs at it. It is never stored, only `hash_pin`'s salted scrypt hash (the
`staff_pin` setting); `check_pin` compares in constant time. A 4-digit PIN has only
10,000 values, so `PinGuard` makes guessing slow: after `MAX_TRIES` wrong PINs in a row
access is locked for `FIRST_LOCK_SECONDS`, and each further wrong PIN locks it again for
twice as long, up to `MAX_LOCK_SECONDS`. A right PIN starts the count again.

The count and the end of the lockout are kept in a small JSON file in the data dir,
so switching the kiosk off and on does not reset them.

Clock: the end of a lockout is a wall-clock time (`time.time`), the only clock that
goes on across a reboot (the monotonic clock restarts at zero). A wall clock set
backwards would make the lockout end far in the future, so a lockout never lasts
longer than its own delay from now: a lockout end further away than that is brought
back to now + delay (and written back). A clock set forwards ends a lockout early;
nobody at a locked public kiosk can set its clock.

Threads: `attempt` runs scrypt (about 50 ms, 16 MiB) and writes the file with an fsync:
call it from a worker thread, never on the interface's thread. A `PinGuard` is safe
to share between threads.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from storage.atomic import atomic_write, read_bytes
from storage.errors import StorageError

__all__ = [
    "FIRST_LOCK_SECONDS",
    "GUARD_FILE",
    "MAX_LOCK_SECONDS",
    "MAX_TRIES",
    "Outcome",
    "PinError",
    "PinGuard",
    "Verdict",
    "check_pin",
    "hash_pin",
    "is_stored_pin",
    "validate_pin",
]

MIN_DIGITS, MAX_DIGITS = 4, 8
# scrypt's cost: about 50 ms and 16 MiB per check on a small PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2**14, 8, 1, 16, 32
# Bounds on a stored hash's own parameters: a hand-edited setting must not make one
# check take minutes or gigabytes.
_MAX_N, _MAX_R, _MAX_P = 2**17, 16, 4
_MAX_MEMORY = 256 * 1024 * 1024

MAX_TRIES = 5
FIRST_LOCK_SECONDS = 30.0
MAX_LOCK_SECONDS = 15 * 60.0
GUARD_FILE = "staff-pin-guard.json"

_DIGITS = re.compile(r"[0-9]+")
_STORED = re.compile(r"scrypt\$(\d{1,7})\$(\d{1,3})\$(\d{1,3})\$([0-9a-f]{32})\$([0-9a-f]{64})")

log = logging.getLogger("diagnum")


class PinError(ValueError):
    """A PIN that cannot be set; the message is one line for staff."""


def validate_pin(pin: str) -> str:
    """The PIN if it is 4 to 8 digits (0 to 9); `PinError` otherwise."""
    if not _DIGITS.fullmatch(pin):
        raise PinError("the PIN must be made of digits 0 to 9 only")
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise PinError(f"the PIN must have {MIN_DIGITS} to {MAX_DIGITS} digits")
    return pin


def hash_pin(pin: str) -> str:
    """`scrypt$N$r$p$<salt hex>$<hash hex>`, with a new random salt each time."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(validate_pin(pin), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def is_stored_pin(stored: str) -> bool:
    """Whether `stored` is a hash `check_pin` can use (the `staff_pin` setting's check)."""
    return _stored_parameters(stored) is not None


def check_pin(pin: str, stored: str | None) -> bool:
    """Whether `pin` is the one `stored` was made from; False for any malformed value."""
    parameters = _stored_parameters(stored or "")
    if parameters is None or not _DIGITS.fullmatch(pin):
        return False
    n, r, p, salt, expected = parameters
    try:
        key = _scrypt(pin, salt, n, r, p)
    except (ValueError, MemoryError):  # memory refused
        return False
    return hmac.compare_digest(key, expected)


def _stored_parameters(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    """N, r, p, the salt and the key of a stored hash; None unless well formed, with
    parameters a check can afford (a power of two for N)."""
    match = _STORED.fullmatch(stored)
    if match is None:
        return None
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= _MAX_R and 0 < p <= _MAX_P):
        return None
    return n, r, p, bytes.fromhex(match.group(4)), bytes.fromhex(match.group(5))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=_MAX_MEMORY, dklen=KEY_BYTES
    )


def lock_seconds(failures: int) -> float:
    """How long access stays locked after `failures` wrong PINs in a row."""
    if failures < MAX_TRIES:
        return 0.0
    doublings = min(failures - MAX_TRIES, 16)  # 2**16 × 30 s is far past the cap
    return min(FIRST_LOCK_SECONDS * 2.0**doublings, MAX_LOCK_SECONDS)


class Verdict(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    UNCHECKED = "unchecked"  # it could not be checked: unreadable settings, say


@dataclass(frozen=True)
class Outcome:
    """What one PIN typed at the pad gave."""

    verdict: Verdict
    # WRONG: wrong PINs still allowed before a lockout.
    tries_left: int = 0
    # LOCKED: whole seconds until a PIN is tried again (this PIN was not even
    # checked, or it was the wrong one that started the lockout).
    locked_seconds: int = 0

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK

    @classmethod
    def unchecked(cls) -> Outcome:
        """Not opened, because the PIN could not be checked; not counted as wrong."""
        return cls(Verdict.UNCHECKED)

    @classmethod
    def locked(cls, seconds: float) -> Outcome:
        return cls(Verdict.LOCKED, locked_seconds=max(1, math.ceil(seconds)))


class PinGuard:
    """Checks PINs against the stored hash, and locks out after wrong ones.

    `folder` is the data dir; `clock` gives wall-clock seconds (tests pass a fake).
    """

    def __init__(self, folder: Path, *, clock: Callable[[], float] = time.time) -> None:
        self._path = folder / GUARD_FILE
        self._clock = clock
        self._lock = threading.Lock()
        self._failures, self._locked_until = self._load()

    def locked_for(self) -> float:
        """Seconds until a PIN is tried again; 0 when one may be typed now."""
        with self._lock:
            return self._remaining()

    def attempt(self, pin: str, stored: str | None) -> Outcome:
        """Check one PIN against the `staff_pin` setting (about 50 ms: call it from a
        worker thread). No PIN set: no PIN opens, and wrong ones still count."""
        with self._lock:
            remaining = self._remaining()
            if remaining > 0:
                return Outcome.locked(remaining)
            if check_pin(pin, stored):
                if self._failures:
                    self._set(0, 0.0)
                return Outcome(Verdict.OK)
            failures = self._failures + 1
            delay = lock_seconds(failures)
            self._set(failures, self._clock() + delay if delay else 0.0)
            if delay:
                return Outcome.locked(delay)
            return Outcome(Verdict.WRONG, tries_left=MAX_TRIES - failures)

    def _remaining(self) -> float:
        if not self._locked_until:
            return 0.0
        now = self._clock()
        delay = lock_seconds(self._failures) or FIRST_LOCK_SECONDS
        if self._locked_until - now > delay:
            # The clock went backwards: never longer than the delay from now.
            self._set(self._failures, now + delay)
        return max(0.0, self._locked_until - now)

    def _set(self, failures: int, locked_until: float) -> None:
        self._failures, self._locked_until = failures, locked_until
        data = json.dumps({"failures": failures, "locked_until": locked_until})
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self._path, data.encode(), action="keep the count of wrong PINs")
        except (StorageError, OSError) as error:
            # The lockout still holds while the kiosk runs; only a restart forgets it.
            log.warning("the count of wrong staff PINs is not kept: %s", error)

    def _load(self) -> tuple[int, float]:
        try:
            raw = read_bytes(self._path)
            if raw is None:
                return 0, 0.0
            return _parse_state(raw)
        except (StorageError, OSError, ValueError, RecursionError) as error:
            # Damaged or unreadable: locked for the first delay, never unlocked for good.
            log.warning("the count of wrong staff PINs is unreadable (%s): locked", error)
            failures, until = MAX_TRIES, self._clock() + FIRST_LOCK_SECONDS
            self._set(failures, until)
            return failures, until


def _parse_state(raw: bytes) -> tuple[int, float]:
    """The count and lockout end in the file; `ValueError` for anything else."""
    if len(raw) > 4096:  # the file is some 40 bytes
        raise ValueError("too large")
    state = json.loads(raw.decode("utf-8"))
    if not isinstance(state, dict):
        raise ValueError("not a JSON object")
    failures, until = state.get("failures"), state.get("locked_until")
    if type(failures) is not int or not 0 <= failures <= 10**6:
        raise ValueError("bad count")
    if not isinstance(until, int | float) or isinstance(until, bool):
        raise ValueError("bad lockout end")
    if not math.isfinite(until) or until < 0 or (failures >= MAX_TRIES and not until):
        raise ValueError("bad lockout end")
    return failures, float(until)

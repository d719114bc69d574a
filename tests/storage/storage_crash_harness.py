"""Power-cut simulation: a child process writes results, the parent SIGKILLs it.

Run as a script, this module is the child: it saves, updates, deletes and
purges results in a loop and prints one line *before* each call (``> S code``)
and one line *after* the call returned (``S code``), flushing each time. A
completed line is a promise the store made ("this result is saved").

Imported, it provides :func:`run_rounds` for the test suite and for
``benchmarks/storage.py --crash-rounds``: each round starts a child, kills it at
a random moment, then reopens the store and checks that it loads, reports no
damage, and keeps every promise (acknowledged saves present, acknowledged
deletes and purges not resurrected, acknowledged updates visible).

Random moments rarely fall inside an update or a purge of a large month, the
longest writes. :func:`run_focused_round` aims at them: the child only updates
(``U``) or purges (``P``) a month prefilled with :data:`BIG_MONTH_SIZE` results,
and the parent kills it shortly after it announces a chosen call.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from storage import ResultStore

PURGE_CUTOFF = date(2021, 1, 1)
_RECENT_MONTHS = ("2026-01", "2026-02", "2026-03")
_OLD_MONTHS = ("2020-05", "2020-11")

#: Results in the month a focused round updates or purges (a file of about 750 KB).
BIG_MONTH_SIZE = 1500
_BIG_MONTH = "2020-05"
#: The focused purges, day by day through the big month, then past its end.
FOCUS_CUTOFFS = [f"{_BIG_MONTH}-{day:02d}" for day in range(2, 29)] + ["2020-06-01"]


def _record(code: str, day: str, rng: random.Random) -> dict[str, object]:
    return {
        "code": code,
        "date": day,
        "created_at": f"{day}T10:{rng.randrange(60):02d}:00+01:00",
        "questionnaire": "crash-test",
        "questionnaire_version": "1",
        "language": "fr",
        "answers": {f"q{i:02d}": [rng.choice("abcde")] for i in range(20)},
        "levels": {"mobility": rng.randrange(5), "digital": rng.randrange(5)},
    }


def child_main(data_dir: Path, round_no: int) -> None:
    """Write forever (until killed), announcing and acknowledging each call."""
    store = ResultStore(data_dir)
    rng = random.Random(round_no)
    mine: list[str] = []
    counter = 0

    def say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    say("READY")
    while True:
        counter += 1
        roll = rng.random()
        if roll < 0.55 or len(mine) < 3:
            code = f"R{round_no}N{counter}"
            month = rng.choice(_OLD_MONTHS if rng.random() < 0.2 else _RECENT_MONTHS)
            day = f"{month}-{rng.randint(1, 28):02d}"
            say(f"> S {code} {day}")
            store.save(_record(code, day, rng))
            say(f"S {code} {day}")
            mine.append(code)
        elif roll < 0.8:
            code = rng.choice(mine)
            say(f"> U {code} {counter}")
            store.update(code, {"note": counter})
            say(f"U {code} {counter}")
        elif roll < 0.95:
            code = mine.pop(rng.randrange(len(mine)))
            say(f"> D {code}")
            store.delete(code)
            say(f"D {code}")
        else:
            say(f"> P {PURGE_CUTOFF.isoformat()}")
            store.purge(PURGE_CUTOFF)
            say(f"P {PURGE_CUTOFF.isoformat()}")


@dataclass
class Expectation:
    """What the store promised about one code."""

    day: str
    present: bool | None = None  # None: a call was cut, either outcome is fine
    notes: set[int | None] = field(default_factory=lambda: {None})  # acceptable "note"


@dataclass
class CrashReport:
    rounds: int = 0
    passed: int = 0
    acknowledged: int = 0
    failures: list[str] = field(default_factory=list)


def _apply(lines: list[str], state: dict[str, Expectation]) -> tuple[int, set[str]]:
    """Replay the child's transcript into *state*.

    Returns the number of acknowledged calls and the codes the round touched.
    """
    acknowledged = 0
    touched: set[str] = set()
    pending: list[str] | None = None
    for line in lines:
        parts = line.split()
        if not parts or parts[0] == "READY":
            continue
        call = parts[1:] if parts[0] == ">" else parts
        if call[0] in {"S", "U", "D"}:
            touched.add(call[1])
        if parts[0] == ">":
            pending = parts[1:]
            kind = pending[0]
            if kind == "S":
                state[pending[1]] = Expectation(day=pending[2], present=None)
            continue
        acknowledged += 1
        pending = None
        kind = parts[0]
        if kind == "S":
            state[parts[1]] = Expectation(day=parts[2], present=True)
        elif kind == "U":
            state[parts[1]].notes = {int(parts[2])}
        elif kind == "D":
            state[parts[1]].present = False
        elif kind == "P":
            for expectation in state.values():
                if expectation.day < parts[1]:
                    expectation.present = False
    if pending is not None:  # the call the kill interrupted: either outcome is allowed
        kind = pending[0]
        if kind == "U":
            state[pending[1]].notes.add(int(pending[2]))
        elif kind == "D":
            state[pending[1]].present = None
        elif kind == "P":
            for expectation in state.values():
                if expectation.day < pending[1] and expectation.present:
                    expectation.present = None
    return acknowledged, touched


def check_store(
    data_dir: Path, state: dict[str, Expectation], probe: set[str] | None = None
) -> list[str]:
    """Every broken promise or sign of damage, as readable messages.

    Presence is checked for every code through ``records()``; ``find()`` is
    called for the codes in *probe* (all codes if ``None``).
    """
    failures: list[str] = []
    results = data_dir / "results"
    for path in sorted(results.glob("*.json")):
        try:
            json.loads(path.read_bytes())
        except ValueError as exc:
            failures.append(f"{path.name} is not valid JSON: {exc}")
    failures.extend(f"set-aside file {p.name}" for p in results.glob("*.corrupt-*"))
    try:
        store = ResultStore(data_dir)
        listed = {record["code"]: record for record in store.records()}
        if store.count() != len(listed):
            failures.append(f"count() {store.count()} != len(records()) {len(listed)}")
        for code, expectation in state.items():
            found = listed.get(code)
            if (probe is None or code in probe) and store.find(code) != found:
                failures.append(f"{code}: find() and records() disagree")
            if expectation.present is True and found is None:
                failures.append(f"{code}: acknowledged save lost")
            elif expectation.present is False and found is not None:
                failures.append(f"{code}: acknowledged delete/purge resurrected")
            elif found is not None and found.get("note") not in expectation.notes:
                allowed = sorted(map(str, expectation.notes))
                failures.append(f"{code}: note {found.get('note')!r} not in {allowed}")
        failures.extend(f"problem reported: {note}" for note in store.problems)
    except Exception as exc:  # any error reopening the store is a failure
        failures.append(f"store unusable after the kill: {exc!r}")
    return failures


def run_rounds(
    data_dir: Path, rounds: int, *, seed: int = 0, max_delay: float = 0.25
) -> CrashReport:
    """Run *rounds* kill rounds on one growing data directory."""
    rng = random.Random(seed)
    state: dict[str, Expectation] = {}
    report = CrashReport()
    for round_no in range(rounds):
        child = subprocess.Popen(
            [sys.executable, __file__, str(data_dir), str(round_no)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()
        if first.strip() != "READY":
            child.kill()
            child.wait()
            report.failures.append(f"round {round_no}: child did not start: {first!r}")
            report.rounds += 1
            continue
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(child.pid, signal.SIGKILL)
        output = child.stdout.read()
        child.wait()
        child.stdout.close()
        # A line cut by the kill has no newline: it is not an acknowledgement.
        lines = output.split("\n")[:-1]
        acknowledged, touched = _apply(lines, state)
        report.acknowledged += acknowledged
        # find() every code this round touched, and a sample of older ones.
        probe = touched | set(rng.sample(sorted(state), min(30, len(state))))
        failures = check_store(data_dir, state, probe)
        report.rounds += 1
        if failures:
            report.failures.extend(f"round {round_no}: {failure}" for failure in failures)
        else:
            report.passed += 1
    return report


def prefill_big_month(data_dir: Path, seed: int) -> dict[str, Expectation]:
    """Write the big month and two recent results directly, index them, return their state.

    Saving them one by one would take minutes: each save rewrites the month.
    """
    rng = random.Random(seed)
    results = data_dir / "results"
    results.mkdir(parents=True, exist_ok=True)
    state: dict[str, Expectation] = {}
    lines = []
    for number in range(BIG_MONTH_SIZE):
        code, day = f"B{number}", f"{_BIG_MONTH}-{number % 28 + 1:02d}"
        record = {**_record(code, day, rng), "schema": 1}
        lines.append(f"\n{json.dumps(str(number + 1))}: {json.dumps(record)}")
        state[code] = Expectation(day=day, present=True)
    (results / f"{_BIG_MONTH}.json").write_text('{\n"_default": {' + ",".join(lines) + "}\n}\n")
    store = ResultStore(data_dir)
    store.rebuild_index()
    for code in ("KEEP1", "KEEP2"):
        store.save(_record(code, "2026-01-15", rng))
        state[code] = Expectation(day="2026-01-15", present=True)
    return state


def focused_child_main(data_dir: Path, kind: str, seed: int) -> None:
    """Update (``U``) or purge (``P``) the big month until killed."""
    store = ResultStore(data_dir)
    rng = random.Random(seed)

    def say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    say("READY")
    if kind == "P":
        for cutoff in FOCUS_CUTOFFS:
            say(f"> P {cutoff}")
            store.purge(date.fromisoformat(cutoff))
            say(f"P {cutoff}")
    counter = 0
    while kind == "U":
        counter += 1
        code = f"B{rng.randrange(BIG_MONTH_SIZE)}"
        say(f"> U {code} {counter}")
        # Two fields: an interrupted update must leave both or neither.
        store.update(code, {"note": counter, "note_copy": counter})
        say(f"U {code} {counter}")
    time.sleep(3600)  # every purge done: wait for the kill


@dataclass
class FocusedRound:
    failures: list[str]
    acknowledged: int
    cut_call: str | None  # the call the kill interrupted ("> U B17 4"), if any


def run_focused_round(data_dir: Path, kind: str, seed: int) -> FocusedRound:
    """Prefill, start a child doing only *kind* calls, kill it inside one, check the store."""
    rng = random.Random(seed)
    state = prefill_big_month(data_dir, seed)
    # The kill comes after the chosen call is announced, within about its duration.
    target = rng.randint(2, 8)
    window = 0.04 if kind == "P" else 0.008
    child = subprocess.Popen(
        [sys.executable, __file__, "focus", str(data_dir), kind, str(seed)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    lines: list[str] = []
    announced = 0
    while announced < target:
        line = child.stdout.readline()
        if not line.endswith("\n"):
            break  # the child died on its own: the checks below will say why
        lines.append(line[:-1])
        announced += line.startswith(f"> {kind} ")
    time.sleep(rng.uniform(0.0, window))
    os.kill(child.pid, signal.SIGKILL)
    lines.extend(child.stdout.read().split("\n")[:-1])  # a cut line is no acknowledgement
    child.wait()
    child.stdout.close()
    acknowledged, touched = _apply(lines, state)
    failures = [] if lines and lines[0] == "READY" else [f"child did not start: {lines[:1]}"]
    probe = touched | set(rng.sample(sorted(state), 30))
    failures.extend(check_store(data_dir, state, probe))
    failures.extend(_purged_codes_still_indexed(data_dir, state))
    failures.extend(_half_updates(data_dir))
    cut = lines[-1] if lines and lines[-1].startswith("> ") else None
    return FocusedRound(failures, acknowledged, cut)


def _purged_codes_still_indexed(data_dir: Path, state: dict[str, Expectation]) -> list[str]:
    """An acknowledged purge or delete leaves no index entry behind."""
    indexed: set[str] = set()
    for shard in (data_dir / "results" / "index").glob("[0-9][0-9].json"):
        indexed.update(json.loads(shard.read_bytes()))
    return [
        f"{code}: purged or deleted, still in the index"
        for code, expectation in state.items()
        if expectation.present is False and code in indexed
    ]


def _half_updates(data_dir: Path) -> list[str]:
    return [
        f"{record['code']}: half updated ({record.get('note')!r}, {record.get('note_copy')!r})"
        for record in ResultStore(data_dir).records()
        if record.get("note") != record.get("note_copy")
    ]


if __name__ == "__main__":
    if sys.argv[1] == "focus":
        focused_child_main(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        child_main(Path(sys.argv[1]), int(sys.argv[2]))

"""Benchmark of the results store against plain TinyDB, and kill-test runner.

    python benchmarks/storage.py                  # 0, 10,000 and 100,000 stored results
    python benchmarks/storage.py --quick          # small smoke run (used by the tests)
    python benchmarks/storage.py --crash-rounds 500

History is pre-filled by writing month files directly, spread over the 24
months up to today (the way a few years of use look), not by thousands of
saves. Plain TinyDB (default ``JSONStorage``, one file) is measured in the same
run on the same number of records; at large sizes it gets fewer samples because
each of its inserts rewrites the whole history.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

if __name__ == "__main__":
    # This file is named like the package it measures: drop its own folder from
    # the import path, and use the checkout's package.
    _HERE = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]
    sys.path.insert(0, str(_HERE.parent))

from tinydb import TinyDB

from storage import ResultStore
from storage.index import CodeIndex, fingerprint
from storage.layout import INDEX_DIRNAME, RESULTS_DIRNAME, month_filename

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
AREAS = ("mobility", "digital", "health", "housing", "language", "training")
HISTORY_MONTHS = 24
HARNESS = Path(__file__).resolve().parent.parent / "tests" / "storage" / "storage_crash_harness.py"


def make_record(code: str, day: date, rng: random.Random) -> dict[str, Any]:
    """A realistic result: 30 questions, 6 areas (about 800 bytes of JSON)."""
    return {
        "code": code,
        "date": day.isoformat(),
        "created_at": f"{day.isoformat()}T{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:00Z",
        "questionnaire": "diagnostic-emploi",
        "questionnaire_version": "1.3",
        "language": "fr",
        "schema": 1,
        "answers": {
            f"q{number:02d}": rng.sample("abcde", rng.randint(1, 2)) for number in range(30)
        },
        "levels": {area: rng.randrange(5) for area in AREAS},
    }


def history_days(today: date) -> list[date]:
    """One day in each of the HISTORY_MONTHS months up to *today*'s month."""
    days = []
    year, month = today.year, today.month
    for _ in range(HISTORY_MONTHS):
        days.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return days


class CodeSource:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            code = "".join(self.rng.choices(ALPHABET, k=6))
            if code not in self.used:
                self.used.add(code)
                return code


def prefill(
    data_dir: Path, plain_path: Path, count: int, codes: CodeSource, rng: random.Random
) -> list[str]:
    """Write *count* results as month files (plus index) and as one plain TinyDB file."""
    results = data_dir / RESULTS_DIRNAME
    results.mkdir(parents=True)
    months: dict[str, dict[str, dict[str, Any]]] = {}
    plain: dict[str, dict[str, Any]] = {}
    starts = history_days(date.today())
    all_codes = []
    for number in range(count):
        first = starts[number % HISTORY_MONTHS]
        day = first.replace(day=rng.randint(1, 28))
        if day > date.today():
            day = date.today()
        record = make_record(codes.new(), day, rng)
        all_codes.append(record["code"])
        docs = months.setdefault(day.strftime("%Y-%m"), {})
        docs[str(len(docs) + 1)] = record
        plain[str(number + 1)] = record
    entries: dict[str, str] = {}
    verified = {}
    for month, docs in months.items():
        path = results / month_filename(month)
        lines = ",".join(f"\n{json.dumps(key)}: {json.dumps(doc)}" for key, doc in docs.items())
        path.write_text('{\n"_default": {' + lines + "}\n}\n")
        entries.update({doc["code"]: month for doc in docs.values()})
        stamp = fingerprint(path)
        assert stamp is not None
        verified[month] = stamp
    CodeIndex(results / INDEX_DIRNAME).rebuild(entries, verified)
    plain_path.write_text(json.dumps({"_default": plain}) if plain else "")
    return all_codes


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(count: int, samples: int, plain_samples: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    codes = CodeSource(rng)
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="diagnum-bench-") as directory:
        root = Path(directory)
        data_dir, plain_path = root / "data", root / "plain.json"
        existing = prefill(data_dir, plain_path, count, codes, rng)
        this_month = data_dir / RESULTS_DIRNAME / month_filename(today.strftime("%Y-%m"))
        in_month = json.loads(this_month.read_text())["_default"] if this_month.exists() else {}
        row: dict[str, float] = {"n": count, "month": len(in_month)}

        store = ResultStore(data_dir)
        row["cold"] = timed(lambda: store.save(make_record(codes.new(), today, rng)))
        saves = [
            timed(lambda: store.save(make_record(codes.new(), today, rng))) for _ in range(samples)
        ]
        row["p50"], row["p95"] = percentile(saves, 0.5), percentile(saves, 0.95)

        # Two kiosks taking turns: each save follows the other's, so no cache helps.
        other = ResultStore(data_dir)
        turns = [
            timed(lambda kiosk=kiosk: kiosk.save(make_record(codes.new(), today, rng)))
            for kiosk in [store, other] * max(2, samples // 4)
        ]
        row["two"] = percentile(turns, 0.5)

        recent = list(codes.used - set(existing))
        row["find_recent"] = percentile(
            [timed(lambda: store.find(rng.choice(recent))) for _ in range(samples)], 0.5
        )
        if existing:
            console = ResultStore(data_dir)
            finds = [
                timed(lambda: console.find(rng.choice(existing)))
                for _ in range(max(5, samples // 2))
            ]
            row["find_any"], row["find_any95"] = percentile(finds, 0.5), percentile(finds, 0.95)
        row["find_missing"] = percentile(
            [timed(lambda: store.find("NOSUCH")) for _ in range(samples)], 0.5
        )

        # The kiosk checks the purge plan at start-up: it should cost what count() costs.
        cutoff = date(today.year - 1, today.month, 1)
        row["count_cold"] = timed(ResultStore(data_dir).count)
        row["plan_cold"] = timed(lambda: ResultStore(data_dir).purge_plan(cutoff))
        store.count()
        row["count_warm"] = timed(store.count)
        row["plan_warm"] = timed(lambda: store.purge_plan(cutoff))

        plain = TinyDB(plain_path)
        inserts = [
            timed(lambda: plain.insert(make_record(codes.new(), today, rng)))
            for _ in range(plain_samples)
        ]
        plain.close()
        row["tinydb_p50"], row["tinydb_p95"] = percentile(inserts, 0.5), percentile(inserts, 0.95)
        row["plain_samples"] = plain_samples
    return row


def print_table(rows: list[dict[str, float]], samples: int) -> None:
    print(f"\nSave latency, ms ({samples} saves each; plain TinyDB: samples as shown)")
    header = (
        f"{'stored':>9} {'in month':>8} | "
        f"{'ours p50':>8} {'p95':>7} {'first':>7} {'2 kiosks':>8} | "
        f"{'TinyDB p50':>10} {'p95':>8} {'n':>3} | {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{int(row['n']):>9,} {int(row['month']):>8,} | "
            f"{row['p50']:>8.1f} {row['p95']:>7.1f} {row['cold']:>7.1f} "
            f"{row['two']:>8.1f} | {row['tinydb_p50']:>10.1f} {row['tinydb_p95']:>8.1f} "
            f"{int(row['plain_samples']):>3} | {row['tinydb_p50'] / row['p50']:>5.1f}x"
        )
    print("\nfind(code) latency, ms (p50; 'any' = random stored code, month not cached)")
    header = f"{'stored':>9} | {'just saved':>10} | {'any p50':>8} {'any p95':>8} | {'unknown':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        any50 = f"{row['find_any']:>8.1f}" if "find_any" in row else f"{'-':>8}"
        any95 = f"{row['find_any95']:>8.1f}" if "find_any95" in row else f"{'-':>8}"
        print(
            f"{int(row['n']):>9,} | {row['find_recent']:>10.2f} | {any50} {any95} | "
            f"{row['find_missing']:>8.2f}"
        )
    print("\ncount() and purge_plan(), ms (cold = fresh process; warm = files unchanged since)")
    header = (
        f"{'stored':>9} | {'count cold':>10} {'plan cold':>10} | "
        f"{'count warm':>10} {'plan warm':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{int(row['n']):>9,} | {row['count_cold']:>10.1f} {row['plan_cold']:>10.1f} | "
            f"{row['count_warm']:>10.2f} {row['plan_warm']:>10.2f}"
        )
    print(
        "\nin month = results already in the current month file (the cost of a save "
        "follows this, not the total); "
        "first = first save of a fresh process (parses the current month); "
        "2 kiosks = two stores saving in turn on one directory; "
        "ratio = TinyDB p50 / ours p50."
    )


def load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("storage_crash_harness", HARNESS)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {HARNESS}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def run_crash_rounds(rounds: int, seed: int) -> bool:
    harness = load_harness()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="diagnum-crash-") as directory:
        report = harness.run_rounds(Path(directory) / "data", rounds, seed=seed)
    elapsed = time.monotonic() - started
    print(
        f"\nKill test: {report.passed}/{report.rounds} rounds passed, "
        f"{report.acknowledged} acknowledged calls checked, {elapsed:.1f} s"
    )
    for failure in report.failures[:20]:
        print(f"  FAIL {failure}")
    return bool(report.passed == report.rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes, few samples")
    parser.add_argument("--samples", type=int, help="saves measured per size")
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of stored results")
    parser.add_argument("--crash-rounds", type=int, default=0, help="run the kill test N times")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    sizes = args.sizes or ([0, 300] if args.quick else [0, 10_000, 100_000])
    samples = args.samples or (5 if args.quick else 60)
    python = sys.version.split()[0]
    print(f"Diagnum storage benchmark, {datetime.now():%Y-%m-%d %H:%M}, Python {python}")
    rows = []
    for size in sizes:
        plain_samples = samples if size <= 1_000 else (10 if size <= 20_000 else 5)
        plain_samples = min(plain_samples, samples)
        started = time.monotonic()
        rows.append(measure(size, samples, plain_samples, args.seed))
        print(
            f"  measured {size:,} stored results in {time.monotonic() - started:.1f} s", flush=True
        )
    print_table(rows, samples)
    ok = True
    if args.crash_rounds:
        ok = run_crash_rounds(args.crash_rounds, args.seed)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

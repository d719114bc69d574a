"""The adviser's console at a network's scale: 100,000 results over two years.

python benchmarks/console.py [--quick]

- open the console and draw the funders' report for the two years, against a plain
  ``json.load`` of the same month files (target: at most 2×);
- a scan to its report drawn, against a bare ``push_screen`` of a one-label screen in
  the same app (target: at most 1.5×).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reports import make_records
from benchmarks.table import Row, run_alone
from questionnaires.loading import DEFAULT_FILE, load_questionnaire
from storage.index import CodeIndex, fingerprint
from storage.layout import INDEX_DIRNAME, RESULTS_DIRNAME, month_filename

OPEN_TARGET = 2.0
SCAN_TARGET = 1.5
EXPORT_TARGET = 2.0
# Memory of an export with ten times the results: flat means well under 10×.
EXPORT_MEMORY_TARGET = 1.5


def write_store(data_dir: Path, records: list[dict[str, Any]]) -> list[Path]:
    """The records as month files and their index, as the store writes them."""
    results = data_dir / RESULTS_DIRNAME
    results.mkdir(parents=True)
    months: dict[str, dict[str, dict[str, Any]]] = {}
    for record in records:
        docs = months.setdefault(record["date"][:7], {})
        docs[str(len(docs) + 1)] = {**record, "schema": 1}
    paths, entries, verified = [], {}, {}
    for month, docs in months.items():
        path = results / month_filename(month)
        # The store's own layout: one document per line (see storage.atomic).
        lines = ",".join(f"\n{json.dumps(key)}: {json.dumps(doc)}" for key, doc in docs.items())
        path.write_text('{\n"_default": {' + lines + "}\n}\n", encoding="utf-8")
        entries.update({doc["code"]: month for doc in docs.values()})
        stamp = fingerprint(path)
        assert stamp is not None
        verified[month] = stamp
        paths.append(path)
    CodeIndex(results / INDEX_DIRNAME).rebuild(entries, verified)
    return paths


def load_plain(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with path.open(encoding="utf-8") as file:
            total += len(json.load(file)["_default"])
    return total


def median(samples: list[float]) -> float:
    return statistics.median(samples)


async def open_and_report(data_dir: Path) -> float:
    """Seconds from starting the console to the funders' report drawn."""
    from datetime import date

    from terminal.adviser.app import AdviserApp
    from terminal.adviser.screens.funders import FundersScreen
    from terminal.settings.model import KioskConfig

    config = KioskConfig.model_validate({"data_dir": data_dir})
    started = time.perf_counter()
    app = AdviserApp(config, today=lambda: date(2026, 12, 31))
    async with app.run_test(size=(100, 40)) as pilot:
        app.funders_period = "all"
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FundersScreen)
        return time.perf_counter() - started


async def scan_vs_push(data_dir: Path, payloads: list[str]) -> tuple[float, float]:
    """Median seconds: a scan to its report drawn; a bare screen pushed and drawn."""
    from textual.screen import Screen
    from textual.widgets import Static

    from terminal.adviser.app import AdviserApp
    from terminal.adviser.messages import Scanned
    from terminal.adviser.screens.report import ReportScreen
    from terminal.settings.model import KioskConfig

    class Bare(Screen[None]):
        def compose(self) -> Any:
            yield Static("Baseline")

    config = KioskConfig.model_validate({"data_dir": data_dir})
    app = AdviserApp(config)
    scans, pushes = [], []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for payload in payloads:
            started = time.perf_counter()
            app.post_message(Scanned(payload))
            await pilot.pause()
            assert isinstance(app.screen, ReportScreen)
            scans.append(time.perf_counter() - started)
            app.pop_screen()
            await pilot.pause()
            started = time.perf_counter()
            app.push_screen(Bare())
            await pilot.pause()
            pushes.append(time.perf_counter() - started)
            app.pop_screen()
            await pilot.pause()
    return median(scans), median(pushes)


def real_payloads(count: int) -> list[str]:
    import random

    from questionnaires.flow import random_answers
    from questionnaires.payload import encode_payload
    from questionnaires.result import Result

    questionnaire = load_questionnaire(DEFAULT_FILE)
    rng = random.Random(3)
    from datetime import date

    return [
        encode_payload(
            Result.finish(questionnaire, random_answers(questionnaire, rng), "fr", date(2026, 5, 4))
        )
        for _ in range(count)
    ]


def export_peak(data_dir: Path) -> tuple[float, int]:
    """Seconds and peak traced bytes of `diagnum results export --format json`'s work."""
    import os
    import tracemalloc

    from storage import ResultStore, export_store

    store = ResultStore(data_dir)
    with open(os.devnull, "w", encoding="utf-8") as nowhere:
        started = time.perf_counter()
        export_store(store, "json", nowhere)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        try:
            export_store(store, "json", nowhere)
            return seconds, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def measure_export(questionnaire: Any, data_dir: Path, plain: float, count: int) -> list[Row]:
    seconds, peak = export_peak(data_dir)
    with tempfile.TemporaryDirectory() as folder:
        # The same months, each as full: memory is one month's, whatever the history.
        records = make_records(questionnaire, count)
        first_months = sorted({r["date"][:7] for r in records})[:3]
        write_store(Path(folder), [r for r in records if r["date"][:7] in first_months])
        _, small_peak = export_peak(Path(folder))
    return [
        Row(
            f"results export (JSON), {count:,} results",
            seconds,
            plain,
            "s",
            f"≤ {EXPORT_TARGET:.1f}× baseline",
            seconds <= EXPORT_TARGET * plain,
            "baseline: json.load of the same month files",
        ),
        Row(
            f"export memory, 24 months vs 3 months of {count:,}",
            peak / 2**20,
            small_peak / 2**20,
            "MiB",
            f"≤ {EXPORT_MEMORY_TARGET:.1f}× baseline",
            peak <= EXPORT_MEMORY_TARGET * small_peak,
            "peak traced memory; baseline: the export of 3 of those months only",
        ),
    ]


def measure(count: int, rounds: int, scans: int) -> list[Row]:
    questionnaire = load_questionnaire(DEFAULT_FILE)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        paths = write_store(data_dir, make_records(questionnaire, count))
        load_plain(paths)  # both read from the page cache
        plain = median([_timed(lambda: load_plain(paths)) for _ in range(rounds)])
        whole = median([asyncio.run(open_and_report(data_dir)) for _ in range(rounds)])
        scan, push = asyncio.run(scan_vs_push(data_dir, real_payloads(scans)))
        exported = measure_export(questionnaire, data_dir, plain, count)
    return [
        Row(
            f"console open → funders' report drawn, {count:,} results",
            whole,
            plain,
            "s",
            f"≤ {OPEN_TARGET:.1f}× baseline",
            whole <= OPEN_TARGET * plain,
            "baseline: json.load of the same 24 month files",
        ),
        Row(
            "scan → report drawn",
            scan,
            push,
            "s",
            f"≤ {SCAN_TARGET:.1f}× baseline",
            scan <= SCAN_TARGET * push,
            "baseline: push_screen of a one-label screen in the same app",
        ),
        *exported,
    ]


def _timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    return run_alone(argv, __doc__, measure, quick=(2_000, 1, 3), full=(100_000, 3, 15))


if __name__ == "__main__":
    raise SystemExit(main())

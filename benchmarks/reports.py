"""The funders' report over a large store, next to reading the same records as JSON.

    python benchmarks/reports.py           # 100,000 records over 24 months, 5 rounds
    python benchmarks/reports.py --quick   # 5,000 records, 2 rounds (a smoke run)

The records are built quickly from a pool of real ones (random paths through the
default questionnaire, made by `Result.finish` and `Result.to_record`), each copy with
its own code, day, pathway reference (two in five) and orientation (one in two). The
baseline is `json.loads` of the same records' JSON text, measured in the same run: what
opening the store costs at least. The report's one pass reads the parsed records, as
`store.scan` will hand them; the end-to-end target is "open + report ≤ 2× json.load",
so the pass alone must stay well under one json.load.
"""

from __future__ import annotations

import gc
import json
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.table import Row, median_seconds, run_alone  # noqa: E402
from questionnaires.flow import random_answers  # noqa: E402
from questionnaires.loading import DEFAULT_FILE, load_questionnaire  # noqa: E402
from questionnaires.model import Questionnaire  # noqa: E402
from questionnaires.result import CROCKFORD, Result, complete_result_code  # noqa: E402
from terminal.services.funders import build_funders_report, count_for_funders  # noqa: E402
from terminal.services.orientation import ORIENTATIONS  # noqa: E402

FIRST_DAY = date(2025, 1, 1)
DAYS = 730  # 24 months
POOL = 400  # distinct real answer sets the records are copied from
# The pass alone must leave room for opening the store within 2× json.load.
REPORT_TARGET = 0.5


def real_pool(questionnaire: Questionnaire, rng: random.Random) -> list[dict[str, Any]]:
    created = datetime(2026, 11, 23, 10, 30)
    pool = []
    for _ in range(POOL):
        result = Result.finish(questionnaire, random_answers(questionnaire, rng), "fr", FIRST_DAY)
        payload = "".join(rng.choice(CROCKFORD) for _ in range(60))  # a QR payload's size
        pool.append(result.to_record(payload, created))
    return pool


def make_records(questionnaire: Questionnaire, count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` stored records over 24 months; about 3 diagnoses per followed person."""
    rng = random.Random(seed)
    pool = real_pool(questionnaire, rng)
    records = []
    for index in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        record = dict(rng.choice(pool))
        record["code"] = complete_result_code("".join(rng.choice(CROCKFORD) for _ in range(5)))
        record["date"] = day.isoformat()
        record["created_at"] = f"{day.isoformat()}T10:{index % 60:02d}:00"
        if rng.random() < 0.4:
            record["person"] = f"P-{rng.randrange(count // 8 + 1):05d}"
        if rng.random() < 0.5:
            kind = rng.choice(ORIENTATIONS)
            record["orientation"] = {"kind": kind, "date": day.isoformat()}
        records.append(record)
    return records


def measure(count: int, rounds: int) -> list[Row]:
    questionnaire = load_questionnaire(DEFAULT_FILE)
    text = json.dumps(make_records(questionnaire, count), ensure_ascii=False)
    records = json.loads(text)
    since, until = FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1)
    loading = median_seconds(lambda: json.loads(text), rounds)
    # json.loads of many objects spends most of its time in the garbage collector: the
    # baseline without it is the strictest comparison.
    gc.disable()
    try:
        bare = median_seconds(lambda: json.loads(text), rounds)
    finally:
        gc.enable()
    counting = median_seconds(
        lambda: count_for_funders(records, questionnaire, since=since, until=until), rounds
    )
    whole = median_seconds(
        lambda: build_funders_report(records, questionnaire, since=since, until=until), rounds
    )
    size = len(text.encode()) / count
    return [
        Row(
            f"funders' report, {count:,} records",
            whole,
            loading,
            "s",
            f"≤ {REPORT_TARGET:.2f}× baseline",
            whole <= REPORT_TARGET * loading,
            f"{1e6 * whole / count:.1f} µs a record, of which the one pass "
            f"{1e6 * counting / count:.1f} µs; baseline: json.loads of the same records "
            f"({size:,.0f} bytes each, {1e6 * loading / count:.1f} µs a record)",
        ),
        Row(
            "funders' report vs json.loads without GC",
            whole,
            bare,
            "s",
            "≤ 1.00× baseline",
            whole <= bare,
            f"baseline: the same json.loads with the garbage collector off "
            f"({1e6 * bare / count:.1f} µs a record)",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(argv, __doc__, measure, quick=(5_000, 2), full=(100_000, 5))


if __name__ == "__main__":
    raise SystemExit(main())

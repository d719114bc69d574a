"""Decoding a batch of codes, next to reading the same results as JSON.

    python benchmarks/decoding.py           # 10,000 distinct real codes, 7 rounds
    python benchmarks/decoding.py --quick   # 1,000 codes, 2 rounds (a smoke run)

The codes are real: random paths through the default questionnaire, each made by
`Result.finish` and `encode_payload`, all distinct. The baseline is `json.loads` of the
same results in their stored form (`Result.to_record`, about 1.1 KB each), measured in
the same run: what `diagnum decode` reads instead when it finds a short code on disk.
Each figure is the median of the rounds; the ratio is what to compare between
machines. `benchmarks/run.py` includes these rows.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.table import Row, run_alone  # noqa: E402
from questionnaires.checksum import checks_hold  # noqa: E402
from questionnaires.flow import random_answers  # noqa: E402
from questionnaires.library import QuestionnaireLibrary  # noqa: E402
from questionnaires.loading import DEFAULT_FILE, load_questionnaire  # noqa: E402
from questionnaires.model import Questionnaire  # noqa: E402
from questionnaires.payload import decode_payload, encode_payload  # noqa: E402
from questionnaires.result import CROCKFORD, Result, complete_result_code  # noqa: E402

# Decoding unpacks and checks every answer against the questionnaire (its choices and
# its path) where json.loads only parses: a tenth of its rate reads 10,000 codes in
# about a second. Format 1's decoder (before the layout cache) managed ≈ 0.05×.
DECODE_TARGET = 0.10


def real_results(
    questionnaire: Questionnaire, count: int, rng: random.Random
) -> list[tuple[Result, str]]:
    """``count`` results with distinct codes, as the kiosk makes them."""
    made: dict[str, Result] = {}
    while len(made) < count:
        code = complete_result_code("".join(rng.choice(CROCKFORD) for _ in range(5)))
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        result = Result.finish(
            questionnaire,
            random_answers(questionnaire, rng),
            rng.choice(["fr", "en"]),
            day,
            code=code,
            consent=rng.choice([True, False]),
        )
        made.setdefault(encode_payload(result), result)
    return [(result, payload) for payload, result in made.items()]


def rate(batch: list[str], read: Callable[[str], object], rounds: int) -> float:
    """Items per second: the median of ``rounds`` passes over the whole batch."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for item in batch:
            read(item)
        times.append(time.perf_counter() - started)
    return len(batch) / statistics.median(times)


def measure(count: int, rounds: int) -> list[Row]:
    questionnaire = load_questionnaire(DEFAULT_FILE)
    lookup = QuestionnaireLibrary([questionnaire], []).find
    results = real_results(questionnaire, count, random.Random(11))
    payloads = [payload for _, payload in results]
    created = datetime(2026, 11, 23, 10, 30)
    records = [json.dumps(r.to_record(p, created), ensure_ascii=False) for r, p in results]
    size = statistics.mean(len(text.encode()) for text in records)
    # The decoded results must be the ones encoded, or the figure means nothing.
    for (result, _), payload in zip(results[:200], payloads[:200], strict=True):
        assert decode_payload(payload, lookup).result() == result

    def decode(payload: str) -> object:
        return decode_payload(payload, lookup)

    baseline = rate(records, json.loads, rounds)
    decoded = rate(payloads, decode, rounds)
    checked = rate(payloads, checks_hold, rounds)
    return [
        Row(
            f"decode {count:,} codes",
            decoded,
            baseline,
            "codes/s",
            f"≥ {DECODE_TARGET:.2f}× baseline",
            decoded >= DECODE_TARGET * baseline,
            f"{1e6 / decoded:.0f} µs a code; baseline: json.loads of the same results "
            f"as stored ({size:,.0f} bytes each)",
        ),
        Row(
            "decode: the Reed–Solomon check alone",
            checked,
            decoded,
            "codes/s",
            "info",
            True,
            f"{1e6 / checked:.0f} µs a code, {decoded / checked:.0%} of a decode; "
            "baseline: the whole decode",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    return run_alone(argv, __doc__, measure, quick=(1_000, 2), full=(10_000, 7))


if __name__ == "__main__":
    raise SystemExit(main())

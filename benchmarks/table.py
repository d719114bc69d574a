"""The plain-text table every benchmark prints: aligned columns, one row per figure."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass
class Row:
    """One measured figure beside its baseline from the same run."""

    figure: str
    value: float
    baseline: float
    unit: str
    target: str
    met: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("nan")


def median_seconds(action: Callable[[], object], rounds: int) -> float:
    """The median time of ``rounds`` runs of ``action``, in seconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def print_columns(header: Sequence[str], lines: Sequence[Sequence[object]]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for line in lines:
        print(" | ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)))


def show(value: float, unit: str) -> str:
    """A figure in its unit: seconds as milliseconds, the rest as measured."""
    if unit == "s":
        return f"{value * 1000:.0f} ms"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:,.0f} {unit}".strip()


def print_table(rows: list[Row]) -> None:
    """Every row beside its baseline, then the notes that say what each baseline is."""
    header = ("figure", "diagnum", "baseline", "ratio", "target", "met")
    lines = [
        (
            r.figure,
            show(r.value, r.unit),
            show(r.baseline, r.unit),
            f"{r.ratio:.2f}×",
            r.target,
            "yes" if r.met else "NO",
        )
        for r in rows
    ]
    print_columns(header, lines)
    notes = [f"- {r.figure}: {r.note}" for r in rows if r.note]
    if notes:
        print("\n" + "\n".join(notes))


def run_alone(
    argv: list[str] | None,
    description: str | None,
    measure: Callable[..., list[Row]],
    *,
    quick: tuple[int, ...],
    full: tuple[int, ...],
) -> int:
    """One benchmark module on its own: ``measure(*full)``, or ``measure(*quick)``
    with --quick (the smoke run of the tests), then its table."""
    parser = argparse.ArgumentParser(description=(description or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"a small run: {quick}")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print_table(measure(*(quick if args.quick else full)))
    print(f"\n({time.perf_counter() - started:.0f} s; {'quick' if args.quick else 'full'} run)")
    return 0

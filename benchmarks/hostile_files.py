"""What refusing a hostile questionnaire file costs, next to loading the default one.

    python benchmarks/hostile_files.py           # 15 samples per file
    python benchmarks/hostile_files.py --quick   # a smoke run with 3 samples

Each hostile file is built in a temporary folder, then refused by `load_questionnaire`
without a cache. Time is a median; peak memory is measured by tracemalloc in a run of
its own. Both are compared with loading the default questionnaire without a cache in
the same run: the ratio is what to compare between machines, not the absolute times.

Rows with the target "< 1 s" are files within the size and line limits: they show the
worst the other limits still let through, not a hostile file refused at once. The
last rows use a cache folder, as the kiosk and `diagnum decode` do.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.table import median_seconds, print_columns  # noqa: E402
from questionnaires.library import QuestionnaireLibrary  # noqa: E402
from questionnaires.loading import (  # noqa: E402
    DEFAULT_FILE,
    MAX_FILE_BYTES,
    MAX_LINES,
    MAX_NODES,
    QuestionnaireError,
    forget_loaded,
    load_questionnaire,
)

DEFAULT_TEXT = DEFAULT_FILE.read_text(encoding="utf-8")
# Ratios against loading the default file in the same run (about 0.2 s here): a hostile
# file costs less than a real one; one within the limits costs at most a few real ones.
HOSTILE_TARGET = "≤ 1× default"
BOUNDED_TARGET = "≤ 5× default"


def billion_laughs() -> str:
    """9 levels of 9 aliases: a billion "lol" once expanded."""
    lines = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def nested_flow(levels: int) -> str:
    return "[" * levels + "]" * levels + "\n"


def nested_block(levels: int) -> str:
    return "".join(" " * level + "a:\n" for level in range(levels)) + " " * levels + "1\n"


@dataclass
class Hostile:
    name: str
    make: Callable[[Path], Path]  # builds the file in a folder, returns its path
    target: str = HOSTILE_TARGET


def text_file(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return make


def big_file(folder: Path) -> Path:
    path = folder / "big.yaml"
    with path.open("wb") as out:  # 10 MB: one line of comment repeated
        out.write((b"#" * 1023 + b"\n") * (10 * 1024))
    return path


def fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


def hostile_files() -> list[Hostile]:
    files = [
        Hostile("billion laughs (9 levels of 9 aliases)", text_file("bomb.yaml", billion_laughs())),
        Hostile("200 levels, flow style", text_file("flow200.yaml", nested_flow(200))),
        Hostile("5,000 levels, flow style", text_file("flow5000.yaml", nested_flow(5_000))),
        Hostile("200 levels, block style", text_file("block200.yaml", nested_block(200))),
        Hostile("5,000 levels, block sequence", text_file("dash5000.yaml", "- " * 5_000 + "x\n")),
        Hostile("10 MB file", big_file),
        Hostile("a folder", lambda folder: folder),
        Hostile("/dev/zero", lambda folder: Path("/dev/zero")),
        Hostile(
            "non-UTF-8 byte at the end",
            text_file("latin1.yaml", DEFAULT_TEXT.encode() + b"# caf\xe9\n"),
        ),
        Hostile("NUL byte at the end", text_file("nul.yaml", DEFAULT_TEXT + "# \x00\n")),
        # Within the size limit: bounded by the other limits, or parsed in full.
        Hostile(
            f"{MAX_NODES + 1:,} entries on one line",
            text_file("wide.yaml", "[" + "a," * MAX_NODES + "a]\n"),
            BOUNDED_TARGET,
        ),
        Hostile(
            f"{MAX_FILE_BYTES // 1024} KB of one-character comments",
            text_file("comments.yaml", "#\n" * (MAX_FILE_BYTES // 2)),
        ),
        Hostile(
            f"{MAX_LINES:,} comment lines, within the limits",
            text_file("lines.yaml", ("# " + "-" * 20 + "\n") * MAX_LINES),
            BOUNDED_TARGET,
        ),
    ]
    if hasattr(os, "mkfifo"):
        files.insert(6, Hostile("a named pipe (FIFO)", fifo))
    return [h for h in files if h.name != "/dev/zero" or Path("/dev/zero").exists()]


# -- measuring -----------------------------------------------------------------------


def refuse(path: Path, cache_dir: Path | None = None) -> None:
    try:
        load_questionnaire(path, cache_dir)
    except QuestionnaireError:
        return
    raise SystemExit(f"{path} was not refused")


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@dataclass
class Row:
    figure: str
    seconds: float
    peak: int
    target: str
    baseline: Row | None = None

    @property
    def time_ratio(self) -> float:
        return self.seconds / self.baseline.seconds if self.baseline else 1.0

    @property
    def memory_ratio(self) -> float:
        return self.peak / self.baseline.peak if self.baseline else 1.0

    @property
    def met(self) -> bool:
        limit = 1 if self.target == HOSTILE_TARGET else 5
        return self.time_ratio <= limit and self.memory_ratio <= limit


def measure(name: str, action: Callable[[], object], samples: int, target: str) -> Row:
    action()  # warm: imports, the disk cache
    return Row(name, median_seconds(action, samples), peak_bytes(action), target)


# -- the table ---------------------------------------------------------------------


def show_time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def show_memory(size: int) -> str:
    return f"{size / 1024:.0f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MiB"


def print_table(rows: list[Row]) -> None:
    header = ("figure", "time", "ratio", "peak memory", "ratio", "target", "met")
    lines = [
        (
            r.figure,
            show_time(r.seconds),
            f"{r.time_ratio:.3f}×",
            show_memory(r.peak),
            f"{r.memory_ratio:.3f}×",
            r.target,
            "" if r.baseline is None else ("yes" if r.met else "NO"),
        )
        for r in rows
    ]
    print_columns(header, lines)


def hostile_rows(work: Path, samples: int, default: Row) -> list[Row]:
    rows = []
    for hostile in hostile_files():
        path = hostile.make(work)
        row = measure(f"refuse: {hostile.name}", partial(refuse, path), samples, hostile.target)
        row.baseline = default
        rows.append(row)
    return rows


def cached_rows(work: Path, samples: int, default: Row) -> list[Row]:
    """With a cache folder: a refusal is remembered, and a library skips it at once."""
    cache = work / "cache"
    shipped = load_questionnaire(DEFAULT_FILE).version  # the one to find among the hostile
    library = partial(library_find, [work, DEFAULT_FILE], cache, shipped)
    rows = [
        measure(
            "refuse again, from the cache: billion laughs",
            partial(refuse, work / "bomb.yaml", cache),
            samples,
            HOSTILE_TARGET,
        ),
        measure(
            "decode: a library of all the files above, cached", library, samples, HOSTILE_TARGET
        ),
    ]
    for row in rows:
        row.baseline = default
    return rows


def first_load(path: Path) -> None:
    """Load as a new process does: this one remembers what it loaded before."""
    forget_loaded()
    load_questionnaire(path)


def library_find(places: list[Path], cache: Path, version: int) -> None:
    forget_loaded()  # from the verdicts on disk, as at a new start
    library = QuestionnaireLibrary.load(places, cache_dir=cache)
    if library.find("DG", version) is None or len(library.problems) < 10:
        raise SystemExit("the library did not skip the hostile files")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="3 samples per file")
    args = parser.parse_args(argv)
    samples = 3 if args.quick else 15
    work = Path(tempfile.mkdtemp(prefix="diagnum-hostile-"))
    try:
        started = time.perf_counter()
        default = measure(
            "default.yaml loaded, no cache (baseline)",
            partial(first_load, DEFAULT_FILE),
            samples,
            "",
        )
        rows = [default, *hostile_rows(work, samples, default)]
        rows += cached_rows(work, samples, default)
        print_table(rows)
        print(f"\n({time.perf_counter() - started:.0f} s; {'quick' if args.quick else 'full'} run)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())

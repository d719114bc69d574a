"""The facilitators' tools: checking as one types, importing a workbook, the kiosk's look
for a new version; each next to the least it could cost, measured in the same run.

    python benchmarks/questionnaires.py           # 9 rounds each
    python benchmarks/questionnaires.py --quick   # 2 rounds (a smoke run)

- Checking the default file (what the editor does a moment after each key, and what
  `validate` does): against parsing the YAML alone, which any check must do first.
- Importing the default questionnaire's workbook (`export`, then `import`: cells read,
  turned into a questionnaire, written as YAML, checked): against checking the YAML it
  writes, which an import must do anyway.
- The kiosk's look for a new version, every 5 seconds while nobody is there, when
  nothing changed: against the two `os.stat` calls it makes.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.table import Row, median_seconds, run_alone  # noqa: E402
from questionnaires.library import Library  # noqa: E402
from questionnaires.loading import (  # noqa: E402
    DEFAULT_FILE,
    _guarded_yaml_class,
    check_text,
    load_questionnaire,
)
from questionnaires.writing import yaml_text  # noqa: E402
from questionnaires.xlsform import read_workbook, to_sheets  # noqa: E402
from terminal.services.in_use import fingerprint  # noqa: E402
from terminal.services.spreadsheets import read_sheets, write_xlsx  # noqa: E402
from terminal.settings.model import KioskConfig  # noqa: E402

CHECK_TARGET = 1.5  # × parsing the YAML alone
IMPORT_TARGET = 1.5  # × checking the YAML written
WATCH_TARGET = 10.0  # × two os.stat calls (it also opens current.json)


def interleaved(
    action: Callable[[], object], baseline: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Both medians, the two measured in turn so that both see the same machine load."""
    ours, base = [], []
    for _ in range(rounds):
        ours.append(median_seconds(action, 1))
        base.append(median_seconds(baseline, 1))
    return statistics.median(ours), statistics.median(base)


def measure(rounds: int) -> list[Row]:
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="diagnum-bench-q-"))
    library = Library(work / "data" / "questionnaires")
    library.check(check_text(text, DEFAULT_FILE))  # what Diagnum ships: read once

    def check() -> None:
        checked = check_text(text, DEFAULT_FILE)
        library.check(checked)

    def parse() -> None:
        _guarded_yaml_class()().load(text)

    checking, parsing = interleaved(check, parse, rounds)
    workbook = work / "default.xlsx"
    write_xlsx(to_sheets(load_questionnaire(DEFAULT_FILE)), workbook)
    written = yaml_text(read_workbook(read_sheets(workbook))[0])

    def import_workbook() -> None:
        data, _ = read_workbook(read_sheets(workbook))
        check_text(yaml_text(data), DEFAULT_FILE)

    importing, reading = interleaved(
        import_workbook, lambda: check_text(written, DEFAULT_FILE), rounds
    )
    config = KioskConfig.model_validate({"data_dir": work / "data"})
    watched = [work / "data" / "questionnaires" / "current.json", DEFAULT_FILE]
    looking, stating = interleaved(
        lambda: [fingerprint(config) for _ in range(100)],
        lambda: [[_stat(p) for p in watched] for _ in range(100)],
        rounds,
    )
    return [
        Row(
            "check as typed (editor), default file",
            checking,
            parsing,
            "s",
            f"≤ {CHECK_TARGET}× YAML parse",
            checking <= CHECK_TARGET * parsing,
            "baseline: parsing the same YAML, without any check",
        ),
        Row(
            "import the default workbook (xlsx)",
            importing,
            reading,
            "s",
            f"≤ {IMPORT_TARGET}× its check",
            importing <= IMPORT_TARGET * reading,
            "baseline: checking the questionnaire file the import writes",
        ),
        Row(
            "look for a new version, nothing changed",
            looking / 100 * 1e6,
            stating / 100 * 1e6,
            "µs",
            f"≤ {WATCH_TARGET}× 2 os.stat",
            looking <= WATCH_TARGET * stating,
            "baseline: the two os.stat calls the look needs; it runs every 5 s",
        ),
    ]


def _stat(path: Path) -> object:
    try:
        return os.stat(path)
    except OSError:
        return None


if __name__ == "__main__":
    raise SystemExit(run_alone(None, __doc__, measure, quick=(2,), full=(9,)))

"""Child processes for the concurrency test: two kiosks and an adviser console.

``python storage_workers.py writer DATA_DIR PREFIX N`` saves N results.
``python storage_workers.py reader DATA_DIR STOP_FILE`` reads in a loop until
STOP_FILE exists, then prints how many reads it did. Any exception makes the
process exit non-zero with the traceback on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from storage import ResultStore


def writer_record(prefix: str, number: int) -> dict[str, object]:
    """The result a writer saves as its *number*-th (tests rebuild it to compare)."""
    # Same month for both writers so that they really contend for one file.
    day = f"2026-11-{number % 28 + 1:02d}"
    return {
        "code": f"{prefix}{number:04d}",
        "date": day,
        "created_at": f"{day}T09:00:{number % 60:02d}",
        "answers": {"q1": [prefix], "q2": [str(number)]},
    }


def writer(data_dir: Path, prefix: str, count: int) -> None:
    store = ResultStore(data_dir, lock_timeout=30)
    for number in range(count):
        store.save(writer_record(prefix, number))


def reader(data_dir: Path, stop_file: Path) -> None:
    store = ResultStore(data_dir, lock_timeout=30)
    reads = 0
    while not stop_file.exists():
        listed = store.records()
        codes = [record["code"] for record in listed]
        if len(set(codes)) != len(codes):
            raise AssertionError("duplicate records listed")
        if listed and store.find(listed[-1]["code"]) is None:
            raise AssertionError(f"{listed[-1]['code']} listed but not found")
        store.count()
        reads += 1
    if store.problems:
        raise AssertionError(f"problems reported: {store.problems}")
    print(reads)


if __name__ == "__main__":
    role, directory = sys.argv[1], Path(sys.argv[2])
    if role == "writer":
        writer(directory, sys.argv[3], int(sys.argv[4]))
    else:
        reader(directory, Path(sys.argv[3]))

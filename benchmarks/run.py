"""Diagnum's benchmark suite: every figure next to a baseline measured in the same run.

    python benchmarks/run.py           # the full table (about four minutes on 2 cores)
    python benchmarks/run.py --quick   # a smoke run with few samples (used by the tests)

Timings are taken on a real pseudo-terminal (80x24), from the key sent to the text
drawn, so they include Textual's rendering and the terminal output. Each figure is a
median (p95 where it matters); the ratio to a baseline measured in the same run is what
to compare between machines, not the absolute times.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.console import measure as measure_console  # noqa: E402
from benchmarks.decoding import measure as measure_decoding  # noqa: E402
from benchmarks.pictures import measure as measure_pictures  # noqa: E402
from benchmarks.pty_session import PtySession  # noqa: E402
from benchmarks.questionnaires import measure as measure_questionnaires  # noqa: E402
from benchmarks.reports import measure as measure_reports  # noqa: E402
from benchmarks.table import Row, print_table  # noqa: E402
from questionnaires.answers import Answer  # noqa: E402
from questionnaires.flow import Diagnosis, fullest_answers  # noqa: E402
from questionnaires.loading import DEFAULT_FILE, load_questionnaire  # noqa: E402
from questionnaires.model import QuestionKind, Questionnaire  # noqa: E402
from terminal.kiosk.app import AFTER_SESSION_SECONDS  # noqa: E402
from terminal.kiosk.screens.thanks import ThanksScreen  # noqa: E402

BASELINE = str(ROOT / "benchmarks" / "baseline_app.py")
THANKS_GUARD = ThanksScreen.MIN_GUARD_SECONDS
ENTER = "\r"
GUARD_PAUSE = 0.5  # the kiosk ignores keys for 0.4 s after a new question, on purpose


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def kiosk_args(data_dir: Path, config: Path | None = None) -> list[str]:
    args = ["-m", "terminal", "--data-dir", str(data_dir)]
    return [*args, "--config", str(config)] if config else args


def fast_config(directory: Path) -> Path:
    """A benchmark setting: no input guard, so sessions can be typed at machine speed."""
    path = directory / "bench.toml"
    path.write_text("input_guard_seconds = 0\n", encoding="utf-8")
    return path


# -- 1. cold start -----------------------------------------------------------


def cold_start(args: list[str], drawn: str, answered: str) -> tuple[float, float]:
    """(first paint, first key answered), seconds from process start."""
    session = PtySession(args, cwd=ROOT)
    try:
        session.wait_for(drawn)
        painted = session.seen_at - session.started
        session.send(" ")
        session.wait_for(answered)
        return painted, session.seen_at - session.started
    finally:
        session.close()


def measure_cold_start(runs: int, data_dir: Path) -> list[Row]:
    kiosk = kiosk_args(data_dir)
    base = [BASELINE, "label"]
    cold_start(kiosk, "Mon bilan", "Français")  # warm the disk cache and questionnaire cache
    cold_start(base, "Baseline ready", "Baseline answered")
    ours, theirs = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        ours.append(cold_start(kiosk, "Mon bilan", "Français"))
        theirs.append(cold_start(base, "Baseline ready", "Baseline answered"))
    paint = statistics.median(p for p, _ in ours), statistics.median(p for p, _ in theirs)
    ready = statistics.median(r for _, r in ours), statistics.median(r for _, r in theirs)
    return [
        Row("cold start: welcome drawn", paint[0], paint[1], "s", "info", True),
        Row(
            "cold start: first key answered",
            ready[0],
            ready[1],
            "s",
            "≤ 1.15× baseline",
            ready[0] <= 1.15 * ready[1],
            f"p95 {percentile([r for _, r in ours], 0.95):.3f} s",
        ),
    ]


# -- 2. answer to next question -------------------------------------------------


def answer_keys(questionnaire: Questionnaire) -> list[tuple[str | None, str]]:
    """Per question, (a key to press first or None, the key that moves on)."""
    diagnosis = Diagnosis(questionnaire)
    steps: list[tuple[str | None, str]] = []
    question = diagnosis.first_question()
    while question is not None:
        multi = question.kind is QuestionKind.MULTI
        steps.append(("1", ENTER) if multi else (None, "1"))
        first = questionnaire.choices_of(question)[0].id
        diagnosis.answer(question.id, Answer((first,)))
        question = diagnosis.next_question(question.id)
    return steps


def start_kiosk_session(
    session: PtySession, *, consent: bool = True, guard: float, rest: float = 0.0
) -> None:
    """Welcome, language, consent; ``guard``: the pause the kiosk needs between screens;
    ``rest``: the welcome screen's pause after someone else's session."""
    time.sleep(rest)
    for key, shown in (
        (" ", "Français"),
        ("1", "accord"),
        ("1" if consent else "2", "Question 1 sur"),
    ):
        at = session.mark()
        session.send(key)
        session.wait_for(shown, after=at)
        time.sleep(guard)


def measure_answer_to_next(samples: int, data_dir: Path, questionnaire: Questionnaire) -> Row:
    steps = answer_keys(questionnaire)[: samples + 1]
    ours: list[float] = []
    theirs: list[float] = []
    kiosk = PtySession(kiosk_args(data_dir), cwd=ROOT)
    base = PtySession([BASELINE, "tiles", "4"], cwd=ROOT)
    try:
        kiosk.wait_for("Mon bilan")
        base.wait_for("Question 1 sur")
        time.sleep(0.5)
        # Generous pauses: the background start-up may still be running here.
        start_kiosk_session(kiosk, guard=2 * GUARD_PAUSE)
        # Interleaved, one answer each, so both programs see the same machine load.
        for number, (first, moving) in enumerate(steps[:-1], start=1):
            time.sleep(GUARD_PAUSE)
            if first is not None:
                kiosk.send(first)
                kiosk.read(0.1)
            at = kiosk.mark()
            sent = kiosk.send(moving)
            kiosk.wait_for(f"Question {number + 1} sur", after=at)
            ours.append(kiosk.seen_at - sent)
            time.sleep(GUARD_PAUSE)
            at = base.mark()
            sent = base.send("1")
            base.wait_for(f"Question {number + 1} sur", after=at)
            theirs.append(base.seen_at - sent)
    finally:
        kiosk.close()
        base.close()
    value, baseline = statistics.median(ours), statistics.median(theirs)
    return Row(
        "answer → next question drawn",
        value,
        baseline,
        "s",
        "≤ 1.5× baseline",
        value <= 1.5 * baseline,
        f"p95 {percentile(ours, 0.95) * 1000:.0f} ms; baseline: push_screen of 4 tiles",
    )


# -- 3. finish to QR code -------------------------------------------------------


def load_storage_benchmark() -> ModuleType:
    path = ROOT / "benchmarks" / "storage.py"
    spec = importlib.util.spec_from_file_location("storage_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def finish_to_qr(
    data_dir: Path, questionnaire: Questionnaire, sessions: int, *, consent: bool
) -> tuple[list[float], int]:
    """Times from "see my code" to the QR screen drawn, and the peak RSS (KiB) at the end.
    With more than one session, the first warms up and is not counted; a single session
    (the quick run, a smoke test) is counted."""
    steps = answer_keys(questionnaire)
    config = fast_config(data_dir.parent)
    done = "Enregistr" if consent else "pas gardées"
    samples: list[float] = []
    session = PtySession(kiosk_args(data_dir, config), cwd=ROOT)
    try:
        session.wait_for("Mon bilan")
        time.sleep(0.5)
        warm_up = 1 if sessions > 1 else 0
        for number in range(sessions + warm_up):
            # Until the settings are loaded the kiosk uses its default input guard.
            start_kiosk_session(
                session,
                consent=consent,
                guard=0 if number else 2 * GUARD_PAUSE,
                rest=AFTER_SESSION_SECONDS + 0.05 if number else 0.0,
            )
            for number, (first, moving) in enumerate(steps, start=1):
                if first is not None:
                    session.send(first)
                    session.read(0.02)
                at = session.mark()
                session.send(moving)
                after = f"Question {number + 1} sur" if number < len(steps) else "La suite"
                session.wait_for(after, after=at)
            at = session.mark()
            session.send(ENTER)
            session.wait_for("Voir mon code", after=at)
            session.read(0.05)
            at = session.mark()
            sent = session.send(ENTER)
            session.wait_for(done, after=at)
            samples.append(session.seen_at - sent)
            at = session.mark()
            session.send(ENTER)
            session.wait_for("Merci", after=at)
            time.sleep(THANKS_GUARD + 0.05)  # quicker taps are ignored: nothing skips it
            at = session.mark()
            session.send(" ")
            session.wait_for("Mon bilan", after=at)
            session.read(0.1)
        return samples[warm_up:], session.peak_rss_kib()
    finally:
        session.close()


def measure_finish_to_qr(
    sizes: list[int], sessions: int, work: Path, questionnaire: Questionnaire
) -> tuple[list[Row], int]:
    prefill = load_storage_benchmark()
    rng = random.Random(7)
    codes = prefill.CodeSource(rng)
    base_dir = work / "qr-baseline" / "data"
    base_dir.parent.mkdir(parents=True)
    baseline, _ = finish_to_qr(base_dir, questionnaire, sessions, consent=False)
    rows, peak = [], 0
    for size in sizes:
        data_dir = work / f"qr-{size}" / "data"
        data_dir.parent.mkdir(parents=True)
        if size:
            prefill.prefill(data_dir, data_dir.parent / "plain.json", size, codes, rng)
        samples, rss = finish_to_qr(data_dir, questionnaire, sessions, consent=True)
        if size == 0:
            peak = rss
        p50 = statistics.median(samples)
        rows.append(
            Row(
                f"finish → QR drawn, saved+fsynced, {size:,} stored",
                p50,
                statistics.median(baseline),
                "s",
                "p50 ≤ 50 ms, flat",
                p50 <= 0.050,
                f"p95 {percentile(samples, 0.95) * 1000:.0f} ms; baseline: same path, not saved",
            )
        )
    return rows, peak


# -- 4. QR size -----------------------------------------------------------------


def measure_qr_size(questionnaire: Questionnaire) -> list[Row]:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    from questionnaires.payload import encode_payload
    from questionnaires.qr import make_qr
    from questionnaires.result import Result, answer_to_json

    result = Result(questionnaire, "ZZZZZZ", date(2199, 1, 1), fullest_answers(questionnaire))
    ours = make_qr(encode_payload(result))
    record = {
        "v": 1,
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "date": result.day.isoformat(),
        "code": result.code,
        "answers": {q: answer_to_json(a) for q, a in result.answers.items()},
    }
    text = json.dumps(record, separators=(",", ":"))
    plain = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    plain.add_data(text)
    plain.make(fit=True)
    plain_size = len(plain.get_matrix())
    cells = ours.size * ((ours.size + 1) // 2)
    plain_cells = plain_size * ((plain_size + 1) // 2)
    return [
        Row(
            "QR version, worst case (every box ticked)",
            ours.version,
            int(plain.version),
            "",
            "≤ 3",
            ours.version <= 3,
            f"baseline: the same answers as {len(text)}-byte JSON",
        ),
        Row(
            "QR screen cells (quiet zone included)",
            cells,
            plain_cells,
            "cells",
            "fits 60×20",
            ours.size <= 60 and (ours.size + 1) // 2 <= 20,
            f"{ours.size}×{(ours.size + 1) // 2} vs {plain_size}×{(plain_size + 1) // 2}",
        ),
    ]


# -- 5. memory -----------------------------------------------------------------


def measure_baseline_memory() -> int:
    session = PtySession([BASELINE, "label"], cwd=ROOT)
    try:
        session.wait_for("Baseline ready")
        session.send(" ")
        session.wait_for("Baseline answered")
        session.read(0.3)
        return session.peak_rss_kib()
    finally:
        session.close()


# -- the table ---------------------------------------------------------------------


def _measure(section: str, quick: bool, work: Path) -> list[Row]:
    """The rows of one part of the suite."""
    questionnaire = load_questionnaire(DEFAULT_FILE)
    if section == "start":
        runs, answers = (2, 3) if quick else (15, 20)
        print("measuring cold start…", file=sys.stderr)
        rows = measure_cold_start(runs, work / "cold")
        print("measuring answer → next question…", file=sys.stderr)
        return [*rows, measure_answer_to_next(answers, work / "answers", questionnaire)]
    if section == "finish":
        sizes, sessions = ([0, 300], 1) if quick else ([0, 10_000, 100_000], 8)
        print("measuring finish → QR (pre-filling stores)…", file=sys.stderr)
        rows, peak = measure_finish_to_qr(sizes, sessions, work, questionnaire)
        base_peak = measure_baseline_memory()
        memory = Row(
            "peak RSS after a full questionnaire",
            peak / 1024,
            base_peak / 1024,
            "MiB",
            "≤ 1.3× baseline",
            peak <= 1.3 * base_peak,
            "baseline: the bare one-label Textual app after one key",
        )
        return [*rows, *measure_qr_size(questionnaire), memory]
    if section == "decoding":
        print("measuring decoding a batch of codes…", file=sys.stderr)
        return measure_decoding(*((1_000, 2) if quick else (10_000, 7)))
    if section == "reports":
        print("measuring the funders' report…", file=sys.stderr)
        return measure_reports(*((5_000, 2) if quick else (100_000, 5)))
    if section == "console":
        print("measuring the adviser's console (writing the results first)…", file=sys.stderr)
        return measure_console(*((2_000, 1, 3) if quick else (100_000, 3, 15)))
    if section == "pictures":
        print("measuring question screens with pictures…", file=sys.stderr)
        return measure_pictures(3 if quick else 30)
    print("measuring the facilitators' tools…", file=sys.stderr)
    return measure_questionnaires(2 if quick else 9)


SECTIONS = ("start", "finish", "decoding", "reports", "console", "questionnaires", "pictures")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Diagnum benchmarks, with same-run baselines.")
    parser.add_argument("--quick", action="store_true", help="few samples, small stores")
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="measure only these parts (repeatable)"
    )
    args = parser.parse_args(argv)
    wanted = set(args.only or SECTIONS)
    work = Path(tempfile.mkdtemp(prefix="diagnum-bench-"))
    try:
        started = time.perf_counter()
        rows = [
            row
            for section in SECTIONS
            if section in wanted
            for row in _measure(section, args.quick, work)
        ]
        print_table(rows)
        print(f"\n({time.perf_counter() - started:.0f} s; {'quick' if args.quick else 'full'} run)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())

"""A corpus of facilitators' mistakes: each file says where its mistake is, and what a
facilitator must read about it (in English here; every message is in French too).

Each file in broken_questionnaires/ starts with ``# expect: LINE:COL message`` (an
error: the file is refused) or ``# warning: LINE:COL message`` (told, not fatal).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from questionnaires.loading import DEFAULT_FILE, check_file

CORPUS = Path(__file__).parent / "broken_questionnaires"
FILES = sorted(CORPUS.glob("*.yaml"))
EXPECTED = re.compile(rb"^# (expect|warning): (\d+):(\d+) (.+)$", re.MULTILINE)
ROOT = Path(__file__).resolve().parents[2]
# What a facilitator must never read: a program's words.
PROGRAMMERS = ("Traceback", "Input should", "pydantic", "ruamel", "Value error", "<scalar>")


def expectation(path: Path) -> tuple[bool, int, int, str]:
    """(is a warning, line, column, message) from the file's first lines."""
    found = EXPECTED.search(path.read_bytes()[:400])
    assert found, f"{path.name} says nothing of its mistake"
    kind, line, column, message = found.groups()
    return kind == b"warning", int(line), int(column), message.decode()


def test_the_corpus_covers_many_mistakes() -> None:
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_mistake_is_told_at_its_place(path: Path) -> None:
    warning, line, column, message = expectation(path)
    checked = check_file(path)
    told = [p.text("en") for p in checked.problems]
    matching = [p for p in checked.problems if message in p.text("en")]
    assert matching, told
    problem = matching[0]
    assert (problem.line, problem.column) == (line, column), problem.text("en")
    assert problem.warning is warning
    # A warning never refuses the file; an error always does.
    assert checked.ok is warning
    french = problem.text("fr")
    assert french.startswith(f"ligne {line}, colonne {column}")
    assert french != problem.text("en")
    for text in (*told, *(p.text("fr") for p in checked.problems)):
        assert not any(word in text for word in PROGRAMMERS), text


def test_validate_prints_each_problem_at_its_place(tmp_path: Path) -> None:
    """One real run over the whole corpus: one line per problem, FILE:LINE:COL: message."""
    command = [sys.executable, "-m", "terminal", "--data-dir", str(tmp_path)]
    done = subprocess.run(
        [*command, "questionnaire", "validate", "--lang", "en", *map(str, FILES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    printed = done.stdout.splitlines()
    for path in FILES:
        warning, line, column, message = expectation(path)
        start = f"{path}:{line}:{column}: " + ("warning: " if warning else "")
        assert any(out.startswith(start) and message in out for out in printed), start
    assert "Traceback" not in done.stdout + done.stderr
    assert "files have errors" in done.stderr


def test_validate_passes_a_good_file_and_speaks_french(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "terminal", "--data-dir", str(tmp_path)]
    good = subprocess.run(
        [*command, "questionnaire", "validate", str(DEFAULT_FILE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout == ""  # not one problem, not even a warning
    assert "aucune erreur" in good.stderr
    bad = subprocess.run(
        [*command, "questionnaire", "validate", str(CORPUS / "16-unknown-section.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "16-unknown-section.yaml:53:14: section inconnue : « equipement »" in bad.stdout.replace(
        "\u00a0", " "
    )

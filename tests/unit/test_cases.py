"""Facilitators' tests of their rules: the default file's typical people pass, and a case
that fails says which, why, and what the rules did instead."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from questionnaires.cases import case_lines, run_cases, summary_line
from questionnaires.loading import DEFAULT_FILE, check_text
from questionnaires.model import Questionnaire

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TEXT = DEFAULT_FILE.read_text(encoding="utf-8")


def test_the_default_file_ships_cases_for_its_typical_people(questionnaire: Questionnaire) -> None:
    outcomes = run_cases(questionnaire)
    assert len(outcomes) >= 5
    assert all(outcome.passed for outcome in outcomes), [case_lines(o) for o in outcomes]
    names = " ".join(o.case.name for o in outcomes)
    assert "Pas de téléphone" in names and "autonome" in names
    assert summary_line(outcomes, "en") == f"all {len(outcomes)} cases give what is expected"


def changed(old: str, new: str) -> Questionnaire:
    assert old in DEFAULT_TEXT
    checked = check_text(DEFAULT_TEXT.replace(old, new, 1), DEFAULT_FILE)
    assert checked.ok and checked.questionnaire is not None, [str(p) for p in checked.errors]
    return checked.questionnaire


def test_a_failing_case_says_what_differs_and_why() -> None:
    # A facilitator's change: the literacy workshop now asks for the fear barrier too.
    questionnaire = changed(
        "when: {all: [{question: barriers, any_of: [reading]}, {question: barriers, "
        "none_of: [language]}]}",
        "when: {all: [{question: barriers, any_of: [reading]}, {question: barriers, "
        "none_of: [fear]}]}",
    )
    outcomes = run_cases(questionnaire)
    failed = [o for o in outcomes if not o.passed]
    assert [o.case.name for o in failed] == ["Pas de téléphone, répond souvent « Je ne sais pas »"]
    lines = case_lines(failed[0], "en")
    assert lines[0].startswith("✘ Pas de téléphone")
    assert (
        "next steps the person sees: get_equipped, check_equipment, aidant_does_it; " in (lines[1])
    )
    assert "expected get_equipped, check_equipment, literacy" in lines[1]
    # Then what the rules gave, each step with the answers that made it apply.
    report = "\n".join(lines)
    assert "What the rules gave:" in report
    assert "1. 🔌 Get a low-cost phone or computer" in report
    assert "because: Smartphone: No phone" in report
    assert summary_line(outcomes, "fr") == "1 cas sur 5 ne donnent pas ce qui est attendu"


def test_levels_and_channels_are_checked_too() -> None:
    questionnaire = changed("      channels: [sms, phone_call]", "      channels: [phone_call]")
    [failed] = [o for o in run_cases(questionnaire) if not o.passed]
    assert [f.en for f in failed.failures] == ["channels: sms, phone_call; expected phone_call"]
    questionnaire = changed("levels: {devices: 1, procedures: 0}", "levels: {devices: 2}")
    [failed] = [o for o in run_cases(questionnaire) if not o.passed]
    assert [f.en for f in failed.failures] == ["level of 'devices': 1; expected 2"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "terminal", *args], cwd=cwd, capture_output=True, text=True
    )


def test_the_test_command(tmp_path: Path) -> None:
    done = run("--data-dir", str(tmp_path), "questionnaire", "test", str(DEFAULT_FILE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("✔ ") == 5
    assert "les 5 cas donnent ce qui est attendu" in done.stderr
    broken = tmp_path / "edited.yaml"
    broken.write_text(
        DEFAULT_TEXT.replace("levels: {devices: 1, procedures: 0}", "levels: {devices: 3}")
    )
    done = run("--data-dir", str(tmp_path), "questionnaire", "test", str(broken), "--lang", "en")
    assert done.returncode == 2
    assert "✘ Téléphone simple" in done.stdout
    assert "level of 'devices': 1; expected 3" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    # A file with an error runs no case, and says where the error is.
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(DEFAULT_TEXT.replace("section: equipment", "section: equip", 1))
    done = run("--data-dir", str(tmp_path), "questionnaire", "test", str(wrong), "--lang", "en")
    assert done.returncode == 2
    assert f"{wrong}:" in done.stderr and "unknown section 'equip'" in done.stderr

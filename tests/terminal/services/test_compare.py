"""Two diagnoses of one person side by side, within one version and across two: the
fixture's version 3 drops version 1's internet_home, adds computer_access and renames
the area safety to security. What only one side has is shown as such, never as a step
back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from questionnaires.library import QuestionnaireLibrary
from questionnaires.loading import BUILTIN_DIR, load_questionnaire
from questionnaires.model import Questionnaire
from terminal.services.compare import (
    Change,
    Comparison,
    Holding,
    ItemComparison,
    Verdict,
    compare,
    finder,
    first_and_latest,
)

V2_FILE = Path(__file__).parent / "fixtures" / "default_v3.yaml"


@pytest.fixture(scope="module")
def v1() -> Questionnaire:
    return load_questionnaire(BUILTIN_DIR / "default-v1.yaml")


@pytest.fixture(scope="module")
def v2() -> Questionnaire:
    """The later version (3), against version 1."""
    return load_questionnaire(V2_FILE)


def stored(
    version: int, day: str, answers: dict[str, Any], levels: dict[str, Any]
) -> dict[str, Any]:
    return {
        "code": f"C{version}{day[-2:]}",
        "date": day,
        "created_at": f"{day}T10:00:00",
        "questionnaire": "diagnum_default",
        "questionnaire_version": version,
        "answers": answers,
        "levels": levels,
    }


# Version 1, at the start of the pathway: a simple phone, nothing else.
BEFORE = stored(
    1,
    "2026-01-10",
    {"smartphone": ["basic"], "devices": ["nothing"], "internet_home": ["none"], "email": ["none"]},
    {"devices": 0, "communicate": 0, "procedures": 0, "safety": 0, "jobs": 2},
)
# Version 3, months later: equipped; unsure about e-mail.
AFTER = stored(
    3,
    "2026-06-20",
    {
        "smartphone": ["own"],
        "devices": ["computer"],
        "computer_access": ["yes_nearby"],
        "mobile_data": ["enough"],
        "email": "unknown",
    },
    {"devices": 1, "communicate": None, "procedures": 0, "security": 1, "jobs": 1},
)


@pytest.fixture(scope="module")
def across(v1: Questionnaire, v2: Questionnaire) -> Comparison:
    library = QuestionnaireLibrary([v1, v2])
    return compare(BEFORE, AFTER, v2, find=finder(library.questionnaires))


def item(comparison: Comparison, question: str, choice: str) -> ItemComparison:
    return next(i for i in comparison.items if (i.question_id, i.choice_id) == (question, choice))


def test_levels_across_versions(across: Comparison) -> None:
    rows = {a.area_id: a for a in across.areas}
    # Current (v2) order first, then the area only version 1 had.
    assert list(rows) == ["devices", "communicate", "procedures", "security", "jobs", "safety"]
    assert rows["devices"].verdict is Verdict.PROGRESSED  # 0 -> 1
    assert rows["communicate"].verdict is Verdict.NOT_ENOUGH  # no level after: not a fall
    assert rows["communicate"].after_words == "À voir ensemble"
    assert rows["procedures"].verdict is Verdict.UNCHANGED
    assert rows["jobs"].verdict is Verdict.REGRESSED  # 2 -> 1: a real step back
    assert rows["jobs"].verdict_words == "En recul"


def test_an_area_in_one_version_only_is_not_asked_on_one_side(across: Comparison) -> None:
    rows = {a.area_id: a for a in across.areas}
    safety, security = rows["safety"], rows["security"]
    assert (safety.in_before, safety.in_after, safety.verdict) == (True, False, Verdict.NOT_ASKED)
    assert safety.label == "Se protéger"  # from version 1: the current file lost it
    assert safety.after_words == "Pas dans cette version"
    assert (security.in_before, security.in_after) == (False, True)
    assert security.verdict is Verdict.NOT_ASKED
    assert security.label == "Sécurité en ligne"


def test_a_removed_question_is_shown_missing_not_lost(across: Comparison) -> None:
    box = item(across, "internet_home", "none")
    assert (box.before, box.after) == (Holding.HAS, Holding.NOT_IN_VERSION)
    assert box.change is Change.NOT_ASKED  # not "lost": version 2 does not ask it
    assert box.label == "Pas d'internet à la maison"  # named by version 1's file
    assert box.change_words == "Pas posé d’un côté"
    assert not any(
        i.change is Change.LOST for i in across.items if i.question_id == "internet_home"
    )


def test_an_added_question_is_not_a_gain(across: Comparison) -> None:
    nearby = item(across, "computer_access", "yes_nearby")
    assert (nearby.before, nearby.after) == (Holding.NOT_IN_VERSION, Holding.HAS)
    assert nearby.change is Change.NOT_ASKED


def test_equipment_gained_lost_same_unknown_and_skipped(across: Comparison) -> None:
    assert item(across, "smartphone", "own").change is Change.GAINED
    assert item(across, "smartphone", "basic").change is Change.LOST
    assert item(across, "smartphone", "shared").change is Change.SAME  # had not, has not
    assert item(across, "devices", "computer").change is Change.GAINED
    assert item(across, "devices", "tablet").change is Change.SAME
    # "I don't know" after: neither a loss nor a gain.
    assert item(across, "email", "none").change is Change.UNKNOWN
    assert item(across, "email", "opens_it").after is Holding.UNKNOWN
    # Mobile data: not asked before (a simple phone), so nothing to compare.
    enough = item(across, "mobile_data", "enough")
    assert (enough.before, enough.after) == (Holding.SKIPPED, Holding.HAS)
    assert enough.change is Change.NOT_ASKED


def test_items_in_the_current_files_order(across: Comparison) -> None:
    questions = list(dict.fromkeys(i.question_id for i in across.items))
    assert questions == [
        "smartphone",
        "devices",
        "computer_access",
        "mobile_data",
        "email",
        "internet_home",
    ]


def test_same_version_in_english(questionnaire: Questionnaire) -> None:
    later = dict(BEFORE, date="2026-03-01", levels={**BEFORE["levels"], "devices": 2})
    comparison = compare(BEFORE, later, questionnaire, lang="en")
    assert comparison.same_version
    devices = comparison.areas[0]
    assert (devices.before_words, devices.after_words) == ("Discovering", "Almost on my own")
    assert devices.verdict_words == "Progressed"
    assert all(i.change is Change.SAME for i in comparison.items if i.question_id != "mobile_data")


def test_first_and_latest_by_day_then_time_saved() -> None:
    morning = dict(BEFORE, code="M", date="2026-03-01", created_at="2026-03-01T09:00:00")
    evening = dict(BEFORE, code="E", date="2026-03-01", created_at="2026-03-01T17:00:00")
    older = dict(BEFORE, code="O", date="2026-02-01", created_at="2026-02-01T18:00:00")
    pair = first_and_latest([evening, older, morning])
    assert pair is not None
    assert (pair[0]["code"], pair[1]["code"]) == ("O", "E")
    assert first_and_latest([older]) is None


def test_ids_a_version_continues_line_up_across_versions(v1: Questionnaire, tmp_path: Path) -> None:
    """The same version 3, had its facilitator said what it continues: the area security
    continues safety, and a renamed question continues email."""
    text = V2_FILE.read_text(encoding="utf-8")
    text = text.replace("    - id: security\n", "    - id: security\n      continues: safety\n", 1)
    text = text.replace("  - id: email\n", "  - id: email_address\n    continues: email\n", 1)
    text = text.replace("question: email,", "question: email_address,")
    path = tmp_path / "v3.yaml"
    path.write_text(text, encoding="utf-8")
    v3 = load_questionnaire(path)
    after = {**AFTER, "answers": {**AFTER["answers"], "email_address": ["opens_it"]}}
    del after["answers"]["email"]
    comparison = compare(BEFORE, after, v3, find=finder([v1, v3]))
    rows = {a.area_id: a for a in comparison.areas}
    assert "safety" not in rows
    security = rows["security"]
    assert (security.in_before, security.in_after) == (True, True)
    assert security.verdict is Verdict.PROGRESSED  # safety 0 then security 1
    opens = item(comparison, "email_address", "opens_it")
    assert (opens.before, opens.after, opens.change) == (
        Holding.HAS_NOT,
        Holding.HAS,
        Change.GAINED,
    )
    assert not any(i.question_id == "email" for i in comparison.items)

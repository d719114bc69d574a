"""The format a facilitator edits: plain YAML, a JSON Schema for editors, every part of
the result taken from the file, no questionnaire id written in Python."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from ruamel.yaml import YAML

from questionnaires.answers import Answer
from questionnaires.loading import DEFAULT_FILE, check_text
from questionnaires.model import Questionnaire
from questionnaires.report import equipment_lines, summary
from questionnaires.result import Result
from questionnaires.schema import SCHEMA_FILE, json_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TEXT = DEFAULT_FILE.read_text(encoding="utf-8")


def test_every_yaml_tool_reads_the_default_file_alike() -> None:
    """PyYAML (YAML 1.1, as many editors) and ruamel (YAML 1.2, Diagnum's) agree."""
    assert yaml.safe_load(DEFAULT_TEXT) == YAML(typ="safe", pure=True).load(DEFAULT_TEXT)


def test_the_default_file_points_editors_to_its_schema() -> None:
    first = DEFAULT_TEXT.splitlines()[0]
    assert first == "# yaml-language-server: $schema=questionnaire.schema.json"
    assert (DEFAULT_FILE.parent / "questionnaire.schema.json") == SCHEMA_FILE


def test_the_shipped_schema_is_the_one_diagnum_makes() -> None:
    # After a change to questionnaires/model.py: diagnum questionnaire schema -o this file.
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_the_schema_accepts_the_default_file_and_refuses_a_mistake() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    data = yaml.safe_load(DEFAULT_TEXT)
    assert list(validator.iter_errors(data)) == []
    data["questions"][0]["lable"] = data["questions"][0].pop("text")
    data["questions"][1]["kind"] = "singel"
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("lable" in m for m in messages), messages
    assert any("singel" in m for m in messages), messages


def descriptions_missing(node: Any, path: str = "") -> list[str]:
    missing = []
    if isinstance(node, dict):
        for name, field in node.get("properties", {}).items():
            if "description" not in field:
                missing.append(f"{path}.{name}")
        for key, value in node.items():
            missing += descriptions_missing(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            missing += descriptions_missing(value, path)
    return missing


def test_every_field_of_the_schema_says_what_it_is_for() -> None:
    schema = json_schema()
    assert descriptions_missing(schema) == []
    fields = sum(len(d.get("properties", {})) for d in schema["$defs"].values())
    assert fields > 60


def test_the_schema_command_prints_and_writes_it(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "terminal", "--data-dir", str(tmp_path), "questionnaire"]
    printed = subprocess.run(
        [*command, "schema"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(printed.stdout) == json_schema()
    target = tmp_path / "questionnaire.schema.json"
    subprocess.run([*command, "schema", "-o", str(target)], cwd=ROOT, check=True)
    assert target.read_text(encoding="utf-8") == schema_text()


# -- what the screens and reports show comes from the file ------------------------------


def prefixed(node: Any, key: str = "") -> Any:
    """The data with every id, and every reference to one, written x_<id>."""
    if isinstance(node, dict):
        # Keyed by ids: a case's answers, and the levels it expects per area.
        by_id = key == "answers" or (
            key == "levels" and all(isinstance(v, int | str) for v in node.values())
        )
        inner = "any_of" if key == "answers" else None  # the choices a case picked
        return {
            (f"x_{n}" if by_id else n): prefixed(value, inner or n) for n, value in node.items()
        }
    if isinstance(node, list):
        return [prefixed(item, key) for item in node]
    if isinstance(node, str) and key in _REFERENCES and node != "dont_know":
        return f"x_{node}"
    return node


_REFERENCES = {
    "id", "section", "area", "question", "channel", "any_of", "none_of", "fallback_channel",
    "equipment", "answers", "next_steps", "offered", "not_offered", "channels",
}  # fmt: skip


@pytest.fixture(scope="module")
def elsewhere() -> Questionnaire:
    """The default file with every id renamed, as a facilitator may rename any: nothing
    of what the result shows may be lost, so Python holds no questionnaire id."""
    data = prefixed(yaml.safe_load(DEFAULT_TEXT))
    data["result"]["pages"] = [["equipment", "levels"], ["channels", "next_steps"]]
    questionnaire = Questionnaire.model_validate(data)
    checked = check_text(yaml.safe_dump(data, allow_unicode=True), DEFAULT_FILE)
    assert checked.ok, [str(p) for p in checked.errors]
    return questionnaire


def test_renamed_ids_lose_nothing_of_the_result(
    elsewhere: Questionnaire, questionnaire: Questionnaire
) -> None:
    import random

    from questionnaires.flow import random_answers

    assert elsewhere.equipment_sections == ("x_equipment",)
    assert [q.id for q in elsewhere.equipment_questions][:2] == ["x_smartphone", "x_devices"]
    rng = random.Random(3)
    for _ in range(30):
        answers = random_answers(questionnaire, rng)
        moved = {
            f"x_{qid}": Answer(tuple(f"x_{c}" for c in a.choices), a.unknown)
            for qid, a in answers.items()
        }
        first = Result(questionnaire, "K7M4QX", date(2026, 11, 30), answers)
        second = Result(elsewhere, "K7M4QX", date(2026, 11, 30), moved)
        assert second.scores.channels == tuple(f"x_{c}" for c in first.scores.channels)
        assert second.scores.all_next_steps == tuple(f"x_{s}" for s in first.scores.all_next_steps)
        assert list(second.scores.levels.values()) == list(first.scores.levels.values())
        assert equipment_lines(second, "fr") == equipment_lines(first, "fr")
        assert summary(second) == summary(first)
        assert second.can_photograph == first.can_photograph


def test_the_order_of_the_results_parts_comes_from_the_file() -> None:
    text = DEFAULT_TEXT.replace(
        "    - [equipment, levels]\n    - [channels, next_steps]\n",
        "    - [next_steps, channels]\n    - [levels]\n    - [equipment, answers]\n",
    )
    checked = check_text(text, DEFAULT_FILE)
    assert checked.ok and checked.questionnaire is not None
    questionnaire = checked.questionnaire
    assert questionnaire.result_pages == (
        ("next_steps", "channels"),
        ("levels",),
        ("equipment", "answers"),
    )
    result = Result(questionnaire, "K7M4QX", date(2026, 11, 30), {"smartphone": Answer(("own",))})
    heads = [
        mark
        for line in summary(result)
        for mark in ("📦", "📞", "🧭", "➡")
        if line.startswith(mark)
    ]
    assert heads == ["➡", "📞", "🧭", "📦"]

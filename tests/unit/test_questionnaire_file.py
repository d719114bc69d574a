"""The questionnaire file: the default is complete, and a facilitator's mistakes are explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from questionnaires.loading import DEFAULT_FILE, QuestionnaireError, load_questionnaire
from questionnaires.model import QuestionKind, Questionnaire

DEFAULT_TEXT = DEFAULT_FILE.read_text(encoding="utf-8")


def test_default_covers_what_the_adviser_needs(questionnaire: Questionnaire) -> None:
    ids = {q.id for q in questionnaire.questions}
    assert {"smartphone", "devices", "internet_home", "mobile_data", "email"} <= ids
    assert {"barriers", "wishes", "mandate", "contact"} <= ids
    skills = [q for q in questionnaire.questions if q.kind is QuestionKind.SCALE]
    assert len(skills) >= 10
    assert all(q.digcomp and q.pix for q in skills)
    assert questionnaire.languages == ("fr", "en", "ar")
    devices = questionnaire.question("devices")
    assert devices.kind is QuestionKind.MULTI
    assert len(questionnaire.scoring.levels) == 4


def test_every_pictogram_is_one_wide_emoji(questionnaire: Questionnaire) -> None:
    # A variation selector or a narrow symbol shifts the tile layout on many terminals.
    pictograms = re.findall(r'emoji: "(.+?)"', DEFAULT_TEXT)
    assert len(pictograms) > 60
    for pictogram in pictograms:
        assert "\ufe0f" not in pictogram and "\u200d" not in pictogram, pictogram
        assert cell_len(pictogram) == 2, pictogram


def test_texts_are_short_enough_for_a_tile(questionnaire: Questionnaire) -> None:
    for question in questionnaire.questions:
        for choice in questionnaire.choices_of(question):
            for language in questionnaire.languages:
                assert len(choice.label.in_language(language)) <= 48, choice.id


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def edited(old: str, new: str) -> str:
    assert old in DEFAULT_TEXT
    return DEFAULT_TEXT.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - id: tablet\n", "  - id: computer\n", "two choices of 'devices' have the id"),
        (
            'label: {fr: "Un ordinateur", en: "A computer", ar: "حاسوب"}',
            'label: {fr: "Un ordinateur", ar: "حاسوب"}',
            "no text in English (en:)",
        ),
        (
            'label: {fr: "Oui, à moi", en: "Yes, my own"',
            "label: {fr: Oui, à moi, en: Yes",
            "between quotes",
        ),
        (
            "show_if: {question: smartphone, any_of: [own, shared]}",
            "show_if: {question: smartphone, any_of: [own, borrowed]}",
            "has no choice 'borrowed'",
        ),
        (
            "show_if: {question: email, none_of: [none]}",
            "show_if: {question: contact, none_of: [email]}",
            "may only read questions asked before: 'contact' comes later",
        ),
        ("    area: devices\n", "    area: gardening\n", "unknown area 'gardening'"),
        ("version: 3\n", "version: zero\n", "'version' should be a whole number"),
        ("fallback_channel: in_person", "fallback_channel: pigeon", "unknown channel 'pigeon'"),
        (
            "when: {area: safety, at_most: 1}",
            "when: {question: barriers, at_most: 1}",
            "at_least/at_most need a scale question",
        ),
        (
            "any_of: [video]}, {not: {channel: video}}]",
            "any_of: [video]}, {not: {channel: in_person}}]",
            "channel 'in_person' is not above this one",
        ),
        (
            "show_if: {question: email, none_of: [none]}",
            "show_if: {channel: email}",
            "this condition cannot read channels",
        ),
    ],
)
def test_mistakes_are_explained_with_their_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = edited(old, new)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, text))
    problems = caught.value.problems
    found = [p for p in problems if expected in p.text("en")]
    assert found, [p.text("en") for p in problems]
    changed = DEFAULT_TEXT.count("\n", 0, DEFAULT_TEXT.index(old)) + 1  # the edited line
    assert found[0].line == changed, found[0].text("en")
    message = str(caught.value)
    assert "edited.yaml" in message and "ligne" in message  # French for the kiosk's staff
    assert "Traceback" not in message


def test_a_forgotten_item_line_is_suggested(tmp_path: Path) -> None:
    """A next step's "- id:" line forgotten, its fields typed under the rule above: the
    message says where the mistake likely is, not the list of a condition's fields."""
    step = DEFAULT_TEXT.split("    - id: read_and_speak_french\n", 1)[1].split("    - id:")[0]
    text = edited(
        f"      when: {{question: barriers, any_of: [cost]}}\n    - id: read_and_speak_french\n"
        f"{step}",
        "      when:\n        question: barriers\n        any_of: [cost]\n"
        + "".join(f"  {line}\n" for line in step.splitlines()),
    )
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, text))
    [problem] = [p for p in caught.value.problems if "'media'" in p.text("en")]
    assert text.splitlines()[(problem.line or 0) - 1].strip().startswith("media:")
    assert "is a field of another part" in problem.text("en")
    assert "- id: …" in problem.text("fr") and "any_of, none_of" not in problem.text("en")


def test_line_numbers_point_at_the_mistake(tmp_path: Path) -> None:
    text = edited("  - id: tablet\n", "  - id: computer\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, text))
    first = caught.value.problems[0]
    assert first.line is not None
    assert text.splitlines()[first.line - 1].strip() == "- id: computer"
    assert first.column == 13  # the id, after "- id: "


def test_broken_yaml_gives_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, "id: x\nquestions: [\n  - {id: a\n"))
    assert re.match(r"line \d+, column \d+", caught.value.problems[0].text("en"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "does not exist"), (b"\xff\xfe\x00", "not UTF-8"), (b"- a\n- b\n", "should start")],
)
def test_unusable_files(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "q.yaml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert expected in caught.value.problems[0].text("en")

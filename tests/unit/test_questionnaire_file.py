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
    assert questionnaire.languages == ("fr", "en")
    devices = questionnaire.question("devices")
    assert devices.kind is QuestionKind.MULTI
    assert len(questionnaire.scoring.levels) == 4


def test_every_pictogram_is_one_wide_emoji(questionnaire: Questionnaire) -> None:
    # A variation selector or a narrow symbol shifts the tile layout on many terminals.
    pictograms = re.findall(r'pictogram: "(.+?)"', DEFAULT_TEXT)
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
        ("  - id: tablet\n", "  - id: computer\n", "two choices have the same id"),
        (
            "label: {fr: Un ordinateur, en: A computer}",
            "label: {fr: Un ordinateur}",
            "no text in en",
        ),
        (
            'label: {fr: "Oui, à moi", en: "Yes, my own"}',
            "label: {fr: Oui, à moi, en: Yes}",
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
            "only read earlier questions",
        ),
        ("    area: devices\n", "    area: gardening\n", "unknown area 'gardening'"),
        ("version: 1\n", "version: zero\n", "version"),
        ("fallback_channel: in_person", "fallback_channel: pigeon", "not a channel"),
        (
            "when: {area: safety, at_most: 1}",
            "when: {question: barriers, at_most: 1}",
            "need a scale question",
        ),
        (
            "any_of: [video]}, {not: {channel: video}}]",
            "any_of: [video]}, {not: {channel: in_person}}]",
            "channel in_person is unknown or not above it",
        ),
        (
            "show_if: {question: email, none_of: [none]}",
            "show_if: {channel: email}",
            "show_if cannot read area levels or channels",
        ),
    ],
)
def test_mistakes_are_explained_with_their_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, edited(old, new)))
    message = str(caught.value)
    assert expected in message
    assert "edited.yaml" in message
    assert "Traceback" not in message


def test_line_numbers_point_at_the_mistake(tmp_path: Path) -> None:
    text = edited("  - id: tablet\n", "  - id: computer\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, text))
    line = int(re.search(r"line (\d+)", str(caught.value)).group(1))  # type: ignore[union-attr]
    assert "id: devices" in text.splitlines()[line - 1] or "choices" in str(caught.value)


def test_broken_yaml_gives_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match=r"line \d+, column \d+"):
        load_questionnaire(write(tmp_path, "id: x\nquestions: [\n  - {id: a\n"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "does not exist"), (b"\xff\xfe\x00", "not UTF-8"), (b"- a\n- b\n", "should start")],
)
def test_unusable_files(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "q.yaml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(QuestionnaireError, match=expected):
        load_questionnaire(path)

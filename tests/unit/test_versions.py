"""Versions: publishing keeps every version used, so old codes still decode after an edit;
a version changed in place is caught, and validation asks for a new number."""

from __future__ import annotations

import json
import wave
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image

from questionnaires.flow import random_answers
from questionnaires.library import (
    CURRENT,
    Library,
    PublishError,
    QuestionnaireLibrary,
    VersionChanged,
    content_hash,
)
from questionnaires.loading import check_file, load_questionnaire
from questionnaires.payload import decode_payload, encode_payload
from questionnaires.result import Result, complete_result_code
from terminal.services.lookup import Decoder
from terminal.settings.model import KioskConfig
from tests.conftest import DEFAULT_TEXT, NEW, facilitator_copy

NOW = datetime(2026, 11, 30, 9, 0)


def ours(folder: Path, version: int = NEW, *, text: str = DEFAULT_TEXT, edit: str = "") -> Path:
    """A structure's own copy of the default questionnaire, as a facilitator keeps it."""
    return facilitator_copy(folder / "ours.yaml", version, text=text, title=edit or None)


def with_media(folder: Path) -> Path:
    """A copy whose first choice has a picture and a recording, both real files."""
    (folder / "images").mkdir(parents=True)
    Image.new("RGB", (64, 64), (30, 120, 200)).save(folder / "images" / "own.png")
    (folder / "voix").mkdir()
    with wave.open(str(folder / "voix" / "own.wav"), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(16000)
        sound.writeframes(b"\0\0" * 1600)
    text = DEFAULT_TEXT.replace(
        '      - id: own\n        media: {emoji: "📱"}',
        '      - id: own\n        media:\n          emoji: "📱"\n          image: images/own.png\n'
        "          audio: {fr: voix/own.wav}",
        1,
    )
    return ours(folder, text=text)


TOWN_HALL = """  - id: town_hall
    kind: single
    section: help
    media: {emoji: "🏢"}
    text:
      fr: "Connaissez-vous le site de la mairie ?"
      en: "Do you know the town hall's site?"
      ar: "هل تعرف موقع البلدية؟"
    choices:
      - id: knows
        media: {emoji: "✅"}
        label: {fr: "Oui", en: "Yes", ar: "نعم"}
      - id: does_not_know
        media: {emoji: "❓"}
        label: {fr: "Non", en: "No", ar: "لا"}

"""


def with_town_hall(text: str) -> str:
    """A local procedure added, as a facilitator would: a new question before contact."""
    marker = "  # ------------------------------------------------------------------ contact"
    return text.replace(marker, TOWN_HALL + marker, 1)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "data" / "questionnaires")


def test_publishing_keeps_the_file_and_its_media_and_makes_it_current(
    tmp_path: Path, library: Library
) -> None:
    source = with_media(tmp_path / "work")
    version = library.publish(source, NOW)
    assert (version.id, version.version) == ("diagnum_default", 4)
    assert version.folder == library.folder / "published" / "diagnum_default" / "v0004"
    assert (version.folder / "questionnaire.yaml").read_bytes() == source.read_bytes()
    assert (version.folder / "images" / "own.png").read_bytes() == (
        tmp_path / "work" / "images" / "own.png"
    ).read_bytes()
    assert (version.folder / "voix" / "own.wav").exists()
    assert check_file(version.path).ok  # the copy stands on its own, media included
    current = json.loads((library.folder / CURRENT).read_text(encoding="utf-8"))
    assert current == {"id": "diagnum_default", "version": 4}
    assert library.current() == version
    # Publishing the same content again changes nothing.
    assert library.publish(source, NOW) == version
    assert len(library.published()) == 1


def test_a_published_version_changed_in_place_is_refused(tmp_path: Path, library: Library) -> None:
    library.publish(ours(tmp_path / "work"), NOW)
    edited = ours(tmp_path / "work", edit="Mon bilan, revu")
    with pytest.raises(PublishError) as refused:
        library.publish(edited, NOW)
    assert "Raise the version to 5" in refused.value.words.en
    assert "Passez la version à 5" in refused.value.words.fr
    # Validation says it too, at the version's line.
    checked = check_file(edited)
    [problem] = library.check(checked)
    assert problem.line == DEFAULT_TEXT.splitlines().index("version: 3") + 1
    assert "already published on 2026-11-30 with other content" in problem.text("en")
    # With a new number, it is a new version beside the old one.
    library.publish(ours(tmp_path / "work", 5, edit="Mon bilan, revu"), NOW)
    assert [v.version for v in library.published()] == [5, 4]


def test_a_changed_picture_is_a_change_of_content(tmp_path: Path, library: Library) -> None:
    source = with_media(tmp_path / "work")
    questionnaire = load_questionnaire(source)
    before = content_hash(questionnaire, source.parent)
    library.publish(source, NOW)
    Image.new("RGB", (64, 64), (200, 30, 30)).save(tmp_path / "work" / "images" / "own.png")
    assert content_hash(questionnaire, source.parent) != before
    with pytest.raises(PublishError, match="Raise the version to 5"):
        library.publish(source, NOW)


def test_comments_and_cases_are_not_content(tmp_path: Path, library: Library) -> None:
    library.publish(ours(tmp_path / "work"), NOW)
    text = "# A note for the team.\n" + DEFAULT_TEXT.replace("cases:\n", "cases: []\nold:\n")
    text = DEFAULT_TEXT.replace("# Texts follow", "# Our structure's copy.\n# Texts follow")
    text = text[: text.index("\ncases:")] + "\n"
    assert library.publish(ours(tmp_path / "work", text=text), NOW).version == 4


def test_the_shipped_default_cannot_change_in_place(tmp_path: Path, library: Library) -> None:
    edited = tmp_path / "copy.yaml"
    edited.write_text(DEFAULT_TEXT.replace('"Mon bilan numérique"', '"Notre bilan"'), "utf-8")
    problems = library.check(check_file(edited))
    assert problems and "shipped with Diagnum" in problems[0].text("en")
    unchanged = tmp_path / "same.yaml"
    unchanged.write_text(DEFAULT_TEXT, "utf-8")
    assert library.check(check_file(unchanged)) == []


def test_a_version_below_the_published_ones_and_a_taken_code_are_refused(
    tmp_path: Path, library: Library
) -> None:
    library.publish(ours(tmp_path / "work", 6), NOW)
    with pytest.raises(PublishError, match="below version 6"):
        library.publish(ours(tmp_path / "work", 5), NOW)
    other = DEFAULT_TEXT.replace("id: diagnum_default", "id: our_own", 1)
    with pytest.raises(PublishError, match="code DG is already the code"):
        library.publish(ours(tmp_path / "other", 1, text=other), NOW)


def test_going_back_to_the_previous_version(tmp_path: Path, library: Library) -> None:
    library.publish(ours(tmp_path / "work", 4), NOW)
    library.publish(ours(tmp_path / "work", 5, edit="Nouveau titre"), NOW)
    assert library.current() is not None and library.current().version == 5  # type: ignore[union-attr]
    library.use("diagnum_default", 4)
    current = library.current()
    assert current is not None and current.version == 4
    with pytest.raises(PublishError, match="there is no version 9 of 'diagnum_default'"):
        library.use("diagnum_default", 9)


def test_going_back_to_the_version_shipped_with_diagnum(tmp_path: Path, library: Library) -> None:
    library.publish(ours(tmp_path / "work", 4), NOW)
    choosable = [(v.version, v.builtin) for v in library.choosable() if v.id == "diagnum_default"]
    assert choosable == [(4, False), (3, True), (2, True), (1, True)]
    back = library.use("diagnum_default", 3, NOW)
    # Kept as published, its date today, and the kiosk's choice now.
    assert (back.version, back.builtin, back.published_at) == (3, False, NOW.isoformat())
    assert library.current() == back and library.intact(back)
    shipped = next(v for v in library.shipped() if v.version == 3)
    assert back.hash == shipped.hash
    assert back.path.read_bytes() == shipped.path.read_bytes()
    assert [v.version for v in library.choosable() if v.id == "diagnum_default"] == [4, 3, 2, 1]


def test_a_version_kept_under_an_older_hash_scheme_is_still_itself(
    tmp_path: Path, library: Library
) -> None:
    """A manifest written before the way of hashing changed: its version is neither
    refused nor flagged as changed; its hash comes again from its kept copy."""
    path = ours(tmp_path / "work", 4)
    kept = library.publish(path, NOW)
    manifest_path = kept.folder / "published.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest.update(hash="0" * 64, hash_scheme="diagnum-content-0")
    manifest_path.chmod(0o644)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    again = library.published_version("diagnum_default", 4)
    assert again is not None and again.hash == kept.hash and again.published_at == kept.published_at
    assert library.intact(again)
    assert library.publish(path, NOW) == again  # the same content: only made current
    assert library.check(check_file(path)) == []


def test_an_invalid_file_is_never_published(tmp_path: Path, library: Library) -> None:
    broken = ours(
        tmp_path / "work", text=DEFAULT_TEXT.replace("section: equipment", "section: x", 1)
    )
    with pytest.raises(PublishError) as refused:
        library.publish(broken, NOW)
    assert "unknown section 'x'" in refused.value.words.en
    assert f"{broken}:" in refused.value.words.en  # where, as validate says it
    assert library.published() == [] and not (library.folder / CURRENT).exists()


def test_the_kiosk_keeps_a_configured_file_and_wins_over_an_edit_in_place(
    tmp_path: Path, library: Library
) -> None:
    path = ours(tmp_path / "work")
    questionnaire = load_questionnaire(path)
    kept = library.keep(questionnaire, path, NOW)
    assert kept.version == 4 and library.current() is None  # kept, not made current
    assert library.keep(questionnaire, path, NOW) == kept
    edited = ours(tmp_path / "work", edit="Changé sans changer la version")
    with pytest.raises(VersionChanged) as changed:
        library.keep(load_questionnaire(edited), edited, NOW)
    assert changed.value.kept == kept


def test_old_codes_decode_after_the_file_is_edited(tmp_path: Path) -> None:
    """A result made with version 4 of a structure's file; the file then becomes version
    5 with a local question added. The old code still reads, with version 4's questions."""
    import random

    data_dir = tmp_path / "data"
    path = ours(tmp_path / "work", 4)
    config = KioskConfig.model_validate({"data_dir": data_dir, "questionnaire": path})
    v3 = load_questionnaire(path)
    Library(data_dir / "questionnaires").keep(v3, path, NOW)
    answers = random_answers(v3, random.Random(7))
    code = encode_payload(Result(v3, complete_result_code("K7M4Q"), date(2026, 11, 30), answers))
    path.write_text(with_town_hall(DEFAULT_TEXT.replace("version: 3\n", "version: 5\n", 1)))
    assert load_questionnaire(path).question("town_hall").section == "help"
    result = Decoder(config, "fr").result(code)
    assert result.questionnaire.version == 4
    assert result.answers == answers
    decoded = decode_payload(code, QuestionnaireLibrary.load(config.questionnaire_files).find)
    assert decoded.answers == answers


def test_the_kiosk_never_keeps_an_edited_copy_of_a_shipped_version(
    tmp_path: Path, library: Library
) -> None:
    """A copy of default.yaml, a title changed, version 3 kept: version 3 is Diagnum's."""
    path = ours(tmp_path / "work", 3, edit="Un titre à nous")
    with pytest.raises(VersionChanged) as changed:
        library.keep(load_questionnaire(path), path, NOW)
    assert changed.value.kept.builtin
    assert library.published() == []


def test_old_codes_read_with_the_kept_copy_not_a_file_edited_in_place(tmp_path: Path) -> None:
    import random

    data_dir = tmp_path / "data"
    path = ours(tmp_path / "work", 4)
    config = KioskConfig.model_validate({"data_dir": data_dir, "questionnaire": path})
    v3 = load_questionnaire(path)
    Library(data_dir / "questionnaires").keep(v3, path, NOW)
    answers = random_answers(v3, random.Random(5))
    code = encode_payload(Result(v3, complete_result_code("K7M4Q"), date(2026, 11, 30), answers))
    # Edited in place, version 4 kept: a question added shifts every answer after it.
    path.write_text(with_town_hall(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = Decoder(config, "fr").result(code)
    assert "town_hall" not in {q.id for q in result.questionnaire.questions}
    assert result.answers == answers


def test_a_published_file_is_read_only(tmp_path: Path, library: Library) -> None:
    version = library.publish(with_media(tmp_path / "work"), NOW)
    assert not version.path.stat().st_mode & 0o222
    assert not (version.folder / "images" / "own.png").stat().st_mode & 0o222

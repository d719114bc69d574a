"""Settings precedence and clear errors; the kiosk's words exist in every language."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminal.i18n import (
    MESSAGES,
    PERSON_CATALOGUES,
    STAFF_CATALOGUES,
    STAFF_LANGUAGES,
    UI_LANGUAGES,
)
from terminal.settings.model import ConfigError, load_config


def test_flag_beats_environment_beats_file(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text('data_dir = "/from/file"\nretention_months = 6\n')
    env = {"DIAGNUM_DATA_DIR": "/from/env"}
    assert load_config(config_file, {}, env).data_dir == Path("/from/env")
    assert load_config(config_file, {"data_dir": Path("/flag")}, env).data_dir == Path("/flag")
    assert load_config(config_file, {}, {}).retention_months == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("retention_months = 0\n", "retention_months"),
        ("idle_seconds = 'soon'\n", "idle_seconds"),
        ("colour = 'blue'\n", "colour"),
        ("retention_months = [\n", "not valid TOML"),
    ],
)
def test_bad_configuration_is_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(text)
    with pytest.raises(ConfigError, match=expected) as caught:
        load_config(config_file, {}, {})
    assert "\n" not in str(caught.value).strip()


def test_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", {}, {})


def test_every_word_exists_in_every_language() -> None:
    """The person's words (kiosk, reports) in every language of the person; the staff's
    faces (adviser, editor) in French and English, Arabic falling back to French."""
    for catalogue in PERSON_CATALOGUES:
        assert tuple(catalogue) == UI_LANGUAGES
    for catalogue in STAFF_CATALOGUES:
        assert tuple(catalogue) == STAFF_LANGUAGES
    for catalogue in (*PERSON_CATALOGUES, *STAFF_CATALOGUES):
        french = set(catalogue["fr"])
        for language, words in catalogue.items():
            assert set(words) == french, language
            assert all(text.strip() for text in words.values()), language


def test_every_language_fills_the_same_blanks() -> None:
    from string import Formatter

    def blanks(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    for key, french in MESSAGES["fr"].items():
        for language, words in MESSAGES.items():
            if key in words:
                assert blanks(words[key]) == blanks(french), (language, key)

"""Hostile or wrong questionnaire files are refused quickly, with a readable, located reason.

Every hostile file is built here, in a temporary folder: none is kept in the repository.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from ruamel.yaml import YAML

from benchmarks.hostile_files import billion_laughs
from questionnaires import loading
from questionnaires.library import QuestionnaireLibrary
from questionnaires.loading import (
    BUILTIN_DIR,
    DEFAULT_FILE,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_LINES,
    MAX_NODES,
    QuestionnaireError,
    forget_loaded,
    load_questionnaire,
)
from questionnaires.model import Questionnaire

DEFAULT_TEXT = DEFAULT_FILE.read_text(encoding="utf-8")
V1_TEXT = (BUILTIN_DIR / "default-v1.yaml").read_text(encoding="utf-8")
LOCATED = re.compile(r"line \d+, column \d+: ")


def nested(levels: int, style: str) -> str:
    if style == "flow sequence":
        return "[" * levels + "]" * levels + "\n"
    if style == "flow mapping":
        return "{a: " * levels + "1" + "}" * levels + "\n"
    if style == "block sequence":
        return "- " * levels + "x\n"  # compact: one line, each "- " a level deeper
    return "".join(" " * level + "a:\n" for level in range(levels)) + " " * levels + "1\n"


def refused(path: Path, cache_dir: Path | None = None) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path, cache_dir)
    return caught.value


def english(error: QuestionnaireError) -> list[str]:
    """The problems as an English-speaking facilitator reads them."""
    return [problem.text("en") for problem in error.problems]


def said(error: QuestionnaireError) -> str:
    return "; ".join(english(error))


def assert_readable(error: QuestionnaireError, located: bool = True) -> None:
    message = said(error)
    assert error.problems, message
    assert str(error)  # in French too
    for unwanted in ("Traceback", "ruamel", "<unicode string>", "Error:", "\n"):
        assert unwanted not in message, message
    if located:
        assert LOCATED.match(english(error)[0]), message


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- the guards change nothing for real files ---------------------------------------


def test_the_default_file_loads_as_without_the_guards() -> None:
    plain = Questionnaire.model_validate(YAML(typ="rt", pure=True).load(DEFAULT_TEXT))
    assert load_questionnaire(DEFAULT_FILE) == plain


def test_a_file_at_the_size_limit_still_loads(tmp_path: Path) -> None:
    assert len(DEFAULT_TEXT.encode()) * 4 < MAX_FILE_BYTES
    padding = MAX_FILE_BYTES - len(DEFAULT_TEXT.encode())
    text = DEFAULT_TEXT + ("#" * 99 + "\n") * (padding // 100) + "#" * (padding % 100 - 1) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    assert load_questionnaire(write(tmp_path, "at-limit.yaml", text)).code == "DG"
    error = refused(write(tmp_path, "past-limit.yaml", text + "\n"))
    assert "larger than" in said(error)


# -- YAML aliases: the billion laughs ------------------------------------------------


def test_billion_laughs_is_refused_before_it_expands(tmp_path: Path) -> None:
    text = billion_laughs()
    assert len(text) < 1000
    error = refused(write(tmp_path, "bomb.yaml", text))
    assert_readable(error)
    assert english(error)[0].startswith("line 1, column 4: '&a'")
    assert "write the text out in full" in said(error)


def test_an_alias_is_refused_with_its_place(tmp_path: Path) -> None:
    text = DEFAULT_TEXT.replace('  en: "My digital check-up"\n', "  en: *title\n", 1)
    error = refused(write(tmp_path, "alias.yaml", text))
    assert_readable(error)
    line = int(re.match(r"line (\d+)", english(error)[0]).group(1))  # type: ignore[union-attr]
    assert "*title" in text.splitlines()[line - 1]
    assert "'*title' repeats text written elsewhere" in english(error)[0]
    assert "write the text out in full" in english(error)[0]


def test_a_merge_of_a_big_anchor_is_refused_at_the_anchor(tmp_path: Path) -> None:
    # Merge keys (<<: *base) need an anchor: refused there, nothing is ever copied.
    anchor = "base: &base {" + ", ".join(f"k{i}: v" for i in range(50)) + "}\n"
    error = refused(write(tmp_path, "merge.yaml", anchor + "x: {<<: *base}\n" * 1000))
    assert_readable(error)
    assert "'&base'" in english(error)[0]


# -- nesting ---------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [200, 5_000])
@pytest.mark.parametrize("style", ["flow sequence", "flow mapping", "block sequence"])
def test_deep_nesting_is_refused_with_its_place(tmp_path: Path, levels: int, style: str) -> None:
    error = refused(write(tmp_path, "deep.yaml", nested(levels, style)))
    assert_readable(error)
    assert f"nests more than {MAX_DEPTH} levels" in english(error)[0]


def test_deep_block_mapping_is_refused_with_its_place(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "deep.yaml", nested(200, "block mapping")))
    assert_readable(error)
    # The first level too many is the one shown, not the end of the file.
    assert english(error)[0].startswith(f"line {MAX_DEPTH}, column {MAX_DEPTH}: ")


def test_nesting_inside_a_questionnaire_points_at_its_line(tmp_path: Path) -> None:
    text = DEFAULT_TEXT.replace("version: 3\n", "version: " + nested(200, "flow sequence"), 1)
    error = refused(write(tmp_path, "deep.yaml", text))
    line = int(re.match(r"line (\d+)", english(error)[0]).group(1))  # type: ignore[union-attr]
    assert text.splitlines()[line - 1].startswith("version: [[[")


def test_five_thousand_levels_deep_block_mapping_is_too_large(tmp_path: Path) -> None:
    # Written with indentation, 5,000 levels need 12 MB: the size limit refuses it first.
    error = refused(write(tmp_path, "deep.yaml", nested(5_000, "block mapping")))
    assert_readable(error, located=False)
    assert "larger than" in said(error)


def test_too_many_entries_are_refused_with_their_place(tmp_path: Path) -> None:
    text = "[" + "a," * (MAX_NODES + 10) + "a]\n"
    assert len(text) < MAX_FILE_BYTES
    error = refused(write(tmp_path, "wide.yaml", text))
    assert_readable(error)
    assert f"more than {MAX_NODES:,} entries" in english(error)[0]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_too_many_lines_are_refused(tmp_path: Path, newline: str) -> None:
    text = ("#" + newline) * MAX_LINES
    assert "should start" in said(refused(write(tmp_path, "long.yaml", text)))
    error = refused(write(tmp_path, "long.yaml", text + "#"))
    assert_readable(error)
    assert english(error)[0].startswith(f"line {MAX_LINES + 1}, column 1: ")
    assert f"more than {MAX_LINES:,} lines" in english(error)[0]


# -- what is not a questionnaire file at all ---------------------------------------------


def test_oversize_file_is_refused_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = count_parses(monkeypatch)
    error = refused(write(tmp_path, "big.yaml", "#" * MAX_FILE_BYTES + "\n"))
    assert_readable(error, located=False)
    assert f"larger than {MAX_FILE_BYTES // 1024} KB" in said(error)
    assert parses == []


def test_a_file_bigger_than_it_says_is_read_only_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Like a file still being written, or one under /proc: fstat gives a size of 0.
    path = write(tmp_path, "growing.yaml", ("#" * 99 + "\n") * (100 * 1024))
    real_fstat, real_read = os.fstat, os.read
    read: list[int] = []

    def fstat(descriptor: int) -> Any:
        status = real_fstat(descriptor)
        return SimpleNamespace(st_mode=status.st_mode, st_size=0)

    def counting_read(descriptor: int, size: int) -> bytes:
        chunk = real_read(descriptor, size)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "fstat", fstat)
    monkeypatch.setattr(os, "read", counting_read)
    error = refused(path)
    monkeypatch.undo()
    assert "larger than" in said(error)
    assert sum(read) == MAX_FILE_BYTES + 1


def run_briefly(action: Callable[[], object]) -> BaseException | None:
    """Run ``action`` in a thread, so a file that blocks fails the test instead of hanging it."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            action()
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "reading the file blocked"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    error = run_briefly(lambda: load_questionnaire(fifo))
    assert isinstance(error, QuestionnaireError)
    assert_readable(error, located=False)
    assert "this is a named pipe, not a questionnaire file" in said(error)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_never_read() -> None:
    error = run_briefly(lambda: load_questionnaire(Path("/dev/zero")))
    assert isinstance(error, QuestionnaireError)
    assert_readable(error, located=False)
    assert "this is a device, not a questionnaire file" in said(error)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path)
    assert_readable(error, located=False)
    assert "this is a folder, not a questionnaire file" in said(error)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id: x\ncode: DG\ntitle: caf\xe9\n", "line 3, column 11: the file is not UTF-8 text"),
        (b"id: x\ncode: D\x00G\n", "line 2, column 8: the file contains a character"),
        (b"id: x\nwhen: 2001-02-30\n", "line 2, column 7: this value cannot be read"),
        (b"version: " + b"9" * 5000 + b"\n", "line 1, column 10: this value cannot be read"),
    ],
    ids=["not UTF-8", "NUL byte", "impossible date", "huge number"],
)
def test_unreadable_bytes_are_located(tmp_path: Path, content: bytes, expected: str) -> None:
    error = refused(write(tmp_path, "odd.yaml", content))
    assert_readable(error)
    assert english(error)[0].startswith(expected)


# -- no exception escapes -------------------------------------------------------------


class Exploding:
    """A YAML loader that fails the way a parser could, after reading part of the file."""

    failure: BaseException = RecursionError()

    def __init__(self) -> None:
        self.last_mark: Any = None

    def load(self, text: str) -> Any:
        self.last_mark = SimpleNamespace(line=4, column=2)  # where the parser had got to
        raise self.failure


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (MemoryError(), "too large to be read"),
        (ValueError("bad value"), "this value cannot be read (bad value)"),
    ],
)
def test_parser_failures_become_questionnaire_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException, expected: str
) -> None:
    monkeypatch.setattr(Exploding, "failure", failure)
    monkeypatch.setattr(loading, "_guarded_yaml_class", lambda: Exploding)
    error = refused(write(tmp_path, "q.yaml", DEFAULT_TEXT))
    assert_readable(error)
    assert english(error)[0].startswith("line 5, column 3: ")
    assert expected in said(error)


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (KeyError("choices"), "the file could not be checked ('choices')"),
    ],
)
def test_validator_failures_become_questionnaire_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, expected: str
) -> None:
    def explode(data: Any) -> Questionnaire:
        raise failure

    monkeypatch.setattr(Questionnaire, "model_validate", explode)
    error = refused(write(tmp_path, "q.yaml", DEFAULT_TEXT))
    assert_readable(error, located=False)
    assert expected in said(error)


def test_running_out_of_memory_is_not_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Exploding, "failure", MemoryError())
    monkeypatch.setattr(loading, "_guarded_yaml_class", lambda: Exploding)
    path = write(tmp_path, "q.yaml", DEFAULT_TEXT)
    assert "too large to be read" in said(refused(path, tmp_path / "cache"))
    assert list((tmp_path / "cache").glob("refused-*.json")) == []
    monkeypatch.undo()
    assert load_questionnaire(path, tmp_path / "cache").code == "DG"


# -- the cache of refusals ----------------------------------------------------------------


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the YAML parser is asked to read, from now on."""
    calls: list[Path] = []
    parse = loading._parse_yaml

    def counting(content: bytes, path: Path) -> Any:
        calls.append(path)
        return parse(content, path)

    monkeypatch.setattr(loading, "_parse_yaml", counting)
    return calls


def test_a_refusal_is_remembered_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    bomb = write(tmp_path, "bomb.yaml", billion_laughs())
    parses = count_parses(monkeypatch)
    first = refused(bomb, cache)
    assert len(list(cache.glob("refused-*.json"))) == 1
    second = refused(bomb, cache)
    assert second.problems == first.problems
    assert parses == [bomb]  # the second refusal came from the cache
    bomb.write_text(billion_laughs() + "# edited\n", encoding="utf-8")
    refused(bomb, cache)
    assert parses == [bomb, bomb]  # new bytes, new verdict


def test_a_damaged_refusal_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bomb = write(tmp_path, "bomb.yaml", billion_laughs())
    first = refused(bomb, cache)
    for damaged in ("not json", '{"problems": [1, 2]}', '{"problems": []}', "[]"):
        [remembered] = cache.glob("refused-*.json")
        remembered.write_text(damaged, encoding="utf-8")
        assert refused(bomb, cache).problems == first.problems


def test_a_refusal_is_never_taken_for_a_good_file(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = write(tmp_path, "q.yaml", billion_laughs())
    refused(path, cache)
    path.write_text(DEFAULT_TEXT, encoding="utf-8")
    assert load_questionnaire(path, cache).code == "DG"


# -- the library ---------------------------------------------------------------------


def library_folder(tmp_path: Path) -> Path:
    """A structure's folder: a bomb sorted first, then the file of version 1."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    write(folder, "0-bomb.yaml", billion_laughs())
    write(folder, "diagnum-v1.yaml", V1_TEXT)
    return folder


def current_version(tmp_path: Path) -> Path:
    return write(tmp_path, "current.yaml", DEFAULT_TEXT)


def test_a_bomb_in_the_folder_does_not_stop_decoding(tmp_path: Path) -> None:
    places = [current_version(tmp_path), library_folder(tmp_path)]
    library = QuestionnaireLibrary.load(places, cache_dir=tmp_path / "cache")
    found = library.find("DG", 1)
    assert found is not None and found.version == 1
    assert library.find("DG", 3) is not None
    assert library.find("DG", 4) is None
    note = library.problems[0].replace("\u00a0", " ")  # French spacing
    assert len(library.problems) == 1
    assert "0-bomb.yaml" in note and "« &a »" in note and "ligne 1, colonne 4" in note


def test_a_second_library_does_not_parse_the_bad_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    places = [current_version(tmp_path), library_folder(tmp_path)]
    cache = tmp_path / "cache"
    parses = count_parses(monkeypatch)
    QuestionnaireLibrary.load(places, cache_dir=cache).find("DG", 1)
    assert [path.name for path in parses] == ["current.yaml", "0-bomb.yaml", "diagnum-v1.yaml"]
    assert len(list(cache.glob("refused-*.json"))) == 1
    parses.clear()
    again = QuestionnaireLibrary.load(places, cache_dir=cache)
    assert again.find("DG", 1) is not None
    assert parses == []
    assert len(again.problems) == 1 and "0-bomb.yaml" in again.problems[0]


def test_the_same_bytes_are_parsed_once_in_a_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = current_version(tmp_path)
    parses = count_parses(monkeypatch)
    first = load_questionnaire(path)
    assert load_questionnaire(path) is first
    assert parses == [path]
    # The verdict for the next start is still written, from what the process knows.
    cache = tmp_path / "cache"
    assert load_questionnaire(path, cache) is first
    assert len(list(cache.glob("questionnaire-*.json"))) == 1
    assert parses == [path]
    # A damaged verdict is replaced by the next process that parses the file.
    (kept,) = cache.glob("questionnaire-*.json")
    kept.write_text("not json", encoding="utf-8")
    forget_loaded()  # as a new process
    assert load_questionnaire(path, cache) == first
    assert parses == [path, path]
    assert Questionnaire.model_validate_json(kept.read_bytes()) == first
    # Changed bytes are read for what they now say.
    path.write_text(DEFAULT_TEXT.replace("\nversion: 3\n", "\nversion: 4\n"), encoding="utf-8")
    assert load_questionnaire(path).version == 4
    assert parses == [path, path, path]


def test_files_are_read_only_as_far_as_the_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    places = [current_version(tmp_path), library_folder(tmp_path)]
    parses = count_parses(monkeypatch)
    library = QuestionnaireLibrary.load(places)
    assert library.find("DG", 3) is not None
    assert [path.name for path in parses] == ["current.yaml"]
    assert library.find("DG", 3) is not None
    assert len(parses) == 1  # already read: not read again
    assert len(library.problems) == 1  # asking for the notes reads the rest
    assert [q.version for q in library.questionnaires] == [3, 1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_among_the_places_is_noted_not_read(tmp_path: Path) -> None:
    folder = library_folder(tmp_path)
    os.mkfifo(folder / "pipe.yaml")
    os.mkfifo(tmp_path / "configured.yaml")
    library = QuestionnaireLibrary.load([tmp_path / "configured.yaml", folder])
    outcome = run_briefly(lambda: library.find("DG", 3))
    assert outcome is None
    notes = library.problems
    assert len(notes) == 3
    assert "configured.yaml: ligne 1, colonne 1 : c'est un tube nommé" in notes[0]
    assert "pipe.yaml: ligne 1, colonne 1 : c'est un tube nommé" in notes[2]


def test_a_missing_place_is_silently_skipped(tmp_path: Path) -> None:
    library = QuestionnaireLibrary.load([tmp_path / "absent", DEFAULT_FILE])
    assert library.find("DG", 3) is not None
    assert library.problems == []


def test_a_library_built_by_hand_still_finds() -> None:
    questionnaire = load_questionnaire(DEFAULT_FILE)
    library = QuestionnaireLibrary([questionnaire], [])
    assert library.find("DG", 3) is questionnaire
    assert library.problems == [] and library.questionnaires == [questionnaire]

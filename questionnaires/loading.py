"""Read questionnaire files and explain, in plain words and with a line number, what is wrong.

Facilitators edit these files by hand. A mistake must never reach the kiosk as a
crash: `load_questionnaire` raises `QuestionnaireError` with one message per problem.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from questionnaires.model import Questionnaire

BUILTIN_DIR = Path(__file__).parent / "files"
DEFAULT_FILE = BUILTIN_DIR / "default.yaml"


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used; ``problems`` lists each mistake."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path.name}: " + "; ".join(problems))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise QuestionnaireError(path, ["the file does not exist"]) from None
    except OSError as error:
        raise QuestionnaireError(path, [f"the file cannot be read ({error.strerror})"]) from None


def _parse_yaml(content: bytes, path: Path) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise QuestionnaireError(path, ["the file is not UTF-8 text"]) from None
    try:
        return YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise QuestionnaireError(path, [f"{where}{error.problem or 'not valid YAML'}"]) from None
    except YAMLError as error:
        raise QuestionnaireError(path, [f"not valid YAML ({error})"]) from None


def _line_of(data: Any, location: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the deepest part of ``location`` the YAML tree still has."""
    line = None
    node = data
    for key in location:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                if isinstance(key, int) and isinstance(node, list):
                    line = lc.item(key)[0] + 1
                elif isinstance(key, str) and isinstance(node, dict) and key in node:
                    line = lc.key(key)[0] + 1
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def _describe(data: Any, errors: Iterable[Any]) -> list[str]:
    problems = []
    for error in errors:
        location = tuple(error["loc"])
        path = " → ".join(str(part) for part in location) or "the file"
        line = _line_of(data, location)
        where = f"line {line} ({path})" if line else path
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(f"{where}: {message}")
    return problems


def parse_questionnaire(data: Any, path: Path) -> Questionnaire:
    if not isinstance(data, dict):
        raise QuestionnaireError(path, ["the file should start with 'id:', 'code:', 'version:'…"])
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as error:
        raise QuestionnaireError(path, _describe(data, error.errors())) from None


def load_questionnaire(path: Path, cache_dir: Path | None = None) -> Questionnaire:
    """Read and check a questionnaire file.

    With ``cache_dir``, the checked questionnaire is also kept as JSON, named by a hash
    of the file's bytes: the next start reads that in a few milliseconds instead of
    parsing YAML again. Any change to the file gives a new hash, so a stale cache is
    never used; a cache that cannot be read or written is simply ignored.
    """
    # Read once: the cache is named after exactly the bytes that were checked.
    content = _read_bytes(path)
    cached = None
    if cache_dir is not None:
        cached = cache_dir / f"questionnaire-{hashlib.sha256(content).hexdigest()[:24]}.json"
        try:
            return Questionnaire.model_validate_json(cached.read_bytes())
        except (OSError, ValidationError):
            pass
    questionnaire = parse_questionnaire(_parse_yaml(content, path), path)
    if cached is not None:
        _write_cache(cached, questionnaire)
    return questionnaire


def _write_cache(cached: Path, questionnaire: Questionnaire) -> None:
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_text(questionnaire.model_dump_json(by_alias=True), encoding="utf-8")
        os.replace(temporary, cached)
    except OSError:
        pass  # a cache is an optimisation, never a reason to fail


@dataclass
class QuestionnaireLibrary:
    """Every questionnaire this copy of Diagnum knows, to decode any QR code it meets.

    A questionnaire that was edited keeps its old versions' files, so codes printed
    months ago still decode.
    """

    questionnaires: list[Questionnaire]
    problems: list[str]

    @classmethod
    def load(cls, places: Iterable[Path] = (BUILTIN_DIR,)) -> QuestionnaireLibrary:
        """Files or folders, in order of preference: the first match of a code wins."""
        found: list[Questionnaire] = []
        problems: list[str] = []
        for path in _yaml_files(places):
            try:
                found.append(load_questionnaire(path))
            except QuestionnaireError as error:
                problems.append(str(error))
        return cls(found, problems)

    def find(self, code: str, version: int) -> Questionnaire | None:
        for questionnaire in self.questionnaires:
            if questionnaire.code == code and questionnaire.version == version:
                return questionnaire
        return None


def _yaml_files(places: Iterable[Path]) -> Iterator[Path]:
    """Questionnaire files: a file as given, or the YAML files of a folder."""
    for place in places:
        if place.is_file():
            yield place
        elif place.is_dir():
            try:
                yield from sorted(p for p in place.iterdir() if p.suffix in {".yaml", ".yml"})
            except OSError:
                continue  # an unreadable folder holds nothing we can use

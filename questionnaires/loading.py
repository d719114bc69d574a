"""Read questionnaire files and explain, in plain words and with a line number, what is wrong.

Facilitators edit these files by hand. A mistake must never reach the kiosk as a
crash: `load_questionnaire` raises `QuestionnaireError` with one message per problem.

A file may also be hostile or simply the wrong one (a folder, a pipe, a huge log, a
YAML "billion laughs"). Every file is read with bounds, so refusing it costs
milliseconds: only regular files, at most `MAX_FILE_BYTES` and `MAX_LINES`, no
YAML anchors or aliases, at most `MAX_DEPTH` levels and `MAX_NODES` entries, the
last three checked while parsing, in a single pass. A refusal is cached like a
success, so a bad file among the old versions does not slow every decode.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pydantic
from pydantic import ValidationError

from questionnaires.model import Questionnaire

BUILTIN_DIR = Path(__file__).parent / "files"
DEFAULT_FILE = BUILTIN_DIR / "default.yaml"

# Far more than a questionnaire needs, so that refusing a file never costs much more
# than loading a large real one. The default file is 21 KB with two languages (a
# third adds about a third): 128 KB is six times that.
MAX_FILE_BYTES = 128 * 1024
# The default file nests 11 levels (a label inside a choice inside a question).
MAX_DEPTH = 32
# Keys and values: the default file holds about 1,900, a third language adds 300.
# Parsing costs about 0.1 ms each, so this bounds the time to refuse a file of
# short entries (128 KB of "[a,a,…]" would take 5 s to parse in full).
MAX_NODES = 8_000
# The default file has 560 lines. Blank and comment lines cost no entry but time
# and memory to parse (128 KB of "#" lines: 0.3 s and 29 MB).
MAX_LINES = 5_000

logger = logging.getLogger(__name__)


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used; ``problems`` lists each mistake."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path.name}: " + "; ".join(problems))


class _PassingTrouble(QuestionnaireError):
    """A refusal for want of memory or stack, which may not happen again: never cached."""


# -- reading the bytes, with bounds ---------------------------------------------------

_NOT_A_FILE = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_file(mode: int) -> str | None:
    """What the path is instead of an ordinary file, or None if it is one."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _NOT_A_FILE if test(mode)), "not an ordinary file")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; never blocks on a pipe, never reads past the size limit."""
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise QuestionnaireError(path, ["the file does not exist"]) from None
    except OSError as error:
        raise QuestionnaireError(path, [f"the file cannot be read ({error.strerror})"]) from None
    try:
        status = os.fstat(descriptor)
        what = _not_a_file(status.st_mode)
        if what is not None:
            raise QuestionnaireError(path, [f"this is {what}, not a questionnaire file"])
        # st_size may lie (a file still growing, /proc): read one byte past the limit.
        too_large = status.st_size > MAX_FILE_BYTES
        content = b"" if too_large else _read_at_most(descriptor, status.st_size)
    except OSError as error:
        raise QuestionnaireError(path, [f"the file cannot be read ({error.strerror})"]) from None
    finally:
        os.close(descriptor)
    if too_large or len(content) > MAX_FILE_BYTES:
        raise QuestionnaireError(path, [_TOO_LARGE])
    return content


def _read_at_most(descriptor: int, expected: int) -> bytes:
    """At most one byte past the size limit; ``expected``: the size the file says it has."""
    chunks: list[bytes] = []
    left = MAX_FILE_BYTES + 1
    # Ask for the expected size first: os.read allocates all it is asked for.
    while chunk := os.read(descriptor, min(left, expected + 1)):
        chunks.append(chunk)
        left -= len(chunk)
        expected = 8 * 1024  # the file grew since fstat: read on by chunks
    return b"".join(chunks)


_TOO_LARGE = (
    f"the file is larger than {MAX_FILE_BYTES // 1024} KB, far more than a questionnaire "
    "needs: is it the right file?"
)


# -- parsing the YAML, with bounds ----------------------------------------------------


def _where(line: int, column: int) -> str:
    """The place of a problem, 0-based in, as a facilitator's editor shows it."""
    return f"line {line + 1}, column {column + 1}: "


def _where_in_text(text: str, index: int) -> str:
    line_start = text.rfind("\n", 0, index) + 1
    return _where(text.count("\n", 0, index), index - line_start)


def _decode(content: bytes, path: Path) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        # Count characters, not bytes, so the column matches what an editor shows.
        start = content.rfind(b"\n", 0, error.start) + 1
        column = len(content[start : error.start].decode("utf-8", "replace"))
        where = _where(content.count(b"\n", 0, error.start), column)
        message = "the file is not UTF-8 text: save it as UTF-8 in your editor"
        raise QuestionnaireError(path, [where + message]) from None


def _unexpected(path: Path, where: str, error: Exception, failed: str) -> QuestionnaireError:
    """An unexpected exception, told without a traceback; ``failed``: what could not be done."""
    if isinstance(error, RecursionError):
        return _PassingTrouble(path, [f"{where}the file is nested too deeply to be read"])
    if isinstance(error, MemoryError):
        return _PassingTrouble(path, [f"{where}the file is too large to be read"])
    # e.g. "day is out of range for month"; drop the advice meant for programmers.
    detail = str(error).split(";")[0].strip() or type(error).__name__
    return QuestionnaireError(path, [f"{where}{failed} ({detail})"])


def _line_count(text: str) -> int:
    """Lines as YAML counts them: any of its line breaks, \r\n as one."""
    breaks = sum(text.count(mark) for mark in ("\n", "\r", "\x85", "\u2028", "\u2029"))
    ended = text.endswith(("\n", "\r", "\x85", "\u2028", "\u2029"))
    return breaks - text.count("\r\n") + (0 if ended else 1)


def _parse_yaml(content: bytes, path: Path) -> Any:
    text = _decode(content, path)
    if _line_count(text) > MAX_LINES:
        raise QuestionnaireError(path, [_where(MAX_LINES, 0) + _TOO_LONG])
    yaml = _guarded_yaml_class()()
    try:
        return yaml.load(text)
    except Exception as error:  # RecursionError, MemoryError, ValueError from a value…
        raise _explain(path, text, yaml.last_mark, error) from None


def _explain(path: Path, text: str, last_mark: Any, error: Exception) -> QuestionnaireError:
    """The parser's exception as a located problem; ``last_mark``: the last node met."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        where = _where(mark.line, mark.column) if mark else ""
        return QuestionnaireError(path, [where + (error.problem or error.context or "not YAML")])
    if isinstance(error, ReaderError):
        where = _where_in_text(text, error.position)
        message = f"the file contains a character that is not allowed (U+{error.character:04X})"
        return QuestionnaireError(path, [f"{where}{message}: delete it"])
    if isinstance(error, YAMLError):
        return QuestionnaireError(path, [f"not valid YAML ({error})"])
    where = _where(last_mark.line, last_mark.column) if last_mark else ""
    return _unexpected(path, where, error, "this value cannot be read")


@functools.cache
def _guarded_yaml_class() -> Any:
    """A round-trip YAML loader that refuses what a questionnaire never needs.

    Built on first use: importing ruamel.yaml costs start-up time.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.events import AliasEvent
    from ruamel.yaml.scanner import RoundTripScanner

    class Refused(MarkedYAMLError):
        def __init__(self, mark: Any, problem: str) -> None:
            super().__init__(problem=problem, problem_mark=mark)

    class GuardedScanner(RoundTripScanner):
        def fetch_flow_collection_start(self, token_class: Any, to_push: str) -> None:
            # Refuse here, not only in the composer: on one line, the scanner looks
            # ahead through every open [ or {, which grows quadratically.
            if self.flow_level >= MAX_DEPTH:
                raise Refused(self.reader.get_mark(), _TOO_DEEP)
            super().fetch_flow_collection_start(token_class, to_push)

    class GuardedComposer(Composer):
        """Checks each node as the parser meets it, before building anything from it."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            self.loader.last_mark = event.start_mark
            if isinstance(event, AliasEvent):
                raise Refused(event.start_mark, _ALIAS.format(name=event.anchor))
            if event.anchor is not None:
                raise Refused(event.start_mark, _ANCHOR.format(name=event.anchor))
            if self.depth >= MAX_DEPTH:
                raise Refused(event.start_mark, _TOO_DEEP)
            self.loader.nodes += 1
            if self.loader.nodes > MAX_NODES:
                raise Refused(event.start_mark, _TOO_MANY)
            return super().compose_node(parent, index)

    class GuardedConstructor(RoundTripConstructor):
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            # Where a value that cannot be built (a 30th of February) is.
            self.loader.last_mark = node.start_mark
            return super().construct_object(node, deep=deep)

    class GuardedYAML(YAML):
        def __init__(self) -> None:
            super().__init__(typ="rt", pure=True)
            self.Scanner = GuardedScanner
            self.Composer = GuardedComposer
            self.Constructor = GuardedConstructor
            self.last_mark: Any = None
            self.nodes = 0

    return GuardedYAML


_ALIAS = (
    "'*{name}' repeats text written elsewhere (a YAML alias), which a questionnaire does "
    "not allow: write the text out in full (or put it between quotes if the * is part of it)"
)
_ANCHOR = (
    "'&{name}' marks text to repeat elsewhere (a YAML anchor), which a questionnaire does "
    "not allow: write the text out in full each time, without '&' or '*' "
    "(or put it between quotes if the & is part of it)"
)
_TOO_LONG = (
    f"the file has more than {MAX_LINES:,} lines, far more than a questionnaire needs: "
    "is it the right file?"
)
_TOO_DEEP = (
    f"the file nests more than {MAX_DEPTH} levels deep, far more than a questionnaire "
    "needs: check the indentation, and that every [ and { is closed"
)
_TOO_MANY = (
    f"the file holds more than {MAX_NODES:,} entries, far more than a questionnaire "
    "needs: is it the right file?"
)


# -- checking the questionnaire --------------------------------------------------------


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
    except Exception as error:  # a check that fails must not crash the kiosk either
        logger.info("checking %s failed", path, exc_info=True)
        raise _unexpected(path, "", error, "the file could not be checked") from None


# -- loading, with a cache of both verdicts -------------------------------------------


def load_questionnaire(path: Path, cache_dir: Path | None = None) -> Questionnaire:
    """Read and check a questionnaire file.

    With ``cache_dir``, the verdict is kept, named by a hash of the file's bytes: a
    checked questionnaire as JSON, or a refused file's problems. The next start reads
    that in a few milliseconds instead of parsing YAML again. Any change to the file
    gives a new hash, so a stale cache is never used; a cache that cannot be read or
    written is simply ignored.
    """
    # Read once: the cache is named after exactly the bytes that were checked.
    content = _read_bytes(path)
    if cache_dir is None:
        return parse_questionnaire(_parse_yaml(content, path), path)
    digest = hashlib.sha256(content).digest()
    cached = cache_dir / f"questionnaire-{digest.hex()[:24]}.json"
    try:
        return Questionnaire.model_validate_json(cached.read_bytes())
    except (OSError, ValidationError):
        pass
    refused = cache_dir / f"refused-{_refusal_key(digest)}.json"
    problems = _read_refusal(refused)
    if problems:
        raise QuestionnaireError(path, problems)
    try:
        questionnaire = parse_questionnaire(_parse_yaml(content, path), path)
    except QuestionnaireError as error:
        if not isinstance(error, _PassingTrouble):
            _write_atomically(refused, json.dumps({"problems": error.problems}))
        raise
    _write_atomically(cached, questionnaire.model_dump_json(by_alias=True))
    return questionnaire


@functools.cache
def _checks_fingerprint() -> bytes:
    """What decides a refusal besides the file: this package's code and pydantic's.

    Part of a refusal's cache name, so an upgrade that accepts more files never
    keeps refusing one from a stale cache.
    """
    digest = hashlib.sha256(pydantic.VERSION.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(source.name.encode())
    return digest.digest()


def _refusal_key(content_digest: bytes) -> str:
    return hashlib.sha256(_checks_fingerprint() + content_digest).hexdigest()[:24]


def _read_refusal(refused: Path) -> list[str]:
    """The problems found the last time these bytes were checked, or [] if unknown."""
    try:
        problems = json.loads(refused.read_bytes())["problems"]
    except (OSError, ValueError, TypeError, KeyError):
        return []
    if isinstance(problems, list) and all(isinstance(p, str) for p in problems):
        return problems
    return []


def _write_atomically(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass  # a cache is an optimisation, never a reason to fail


# -- every questionnaire, to decode old codes -------------------------------------------


class QuestionnaireLibrary:
    """Every questionnaire this copy of Diagnum knows, to decode any QR code it meets.

    A questionnaire that was edited keeps its old versions' files, so codes printed
    months ago still decode. Files are read only as far as `find` needs, in order of
    preference, so a broken file further down costs nothing when a match comes first.
    """

    def __init__(
        self,
        questionnaires: Iterable[Questionnaire] = (),
        problems: Iterable[str] = (),
        *,
        pending: Iterable[Path] = (),
        cache_dir: Path | None = None,
    ) -> None:
        self._found = list(questionnaires)
        self._problems = list(problems)
        self._pending = iter(pending)
        self._cache_dir = cache_dir

    @classmethod
    def load(
        cls, places: Iterable[Path] = (BUILTIN_DIR,), *, cache_dir: Path | None = None
    ) -> QuestionnaireLibrary:
        """Files or folders, in order of preference: the first match of a code wins.

        With ``cache_dir``, each file's verdict is cached (see `load_questionnaire`),
        so a broken file is not parsed again at every decode.
        """
        return cls(pending=_yaml_files(places), cache_dir=cache_dir)

    @property
    def questionnaires(self) -> list[Questionnaire]:
        """Every questionnaire that loads (this reads every file)."""
        self._read_all()
        return list(self._found)

    @property
    def problems(self) -> list[str]:
        """One note per file that does not load, naming it and its first problem."""
        self._read_all()
        return list(self._problems)

    def find(self, code: str, version: int) -> Questionnaire | None:
        for questionnaire in [*self._found]:
            if questionnaire.code == code and questionnaire.version == version:
                return questionnaire
        for questionnaire in self._read_more():
            if questionnaire.code == code and questionnaire.version == version:
                return questionnaire
        return None

    def _read_more(self) -> Iterator[Questionnaire]:
        """The questionnaires of the files not read yet, one file at a time."""
        for path in self._pending:
            try:
                questionnaire = load_questionnaire(path, self._cache_dir)
            except QuestionnaireError as error:
                self._problems.append(_note(error))
                continue
            self._found.append(questionnaire)
            yield questionnaire

    def _read_all(self) -> None:
        for _ in self._read_more():
            pass


def _note(error: QuestionnaireError) -> str:
    more = len(error.problems) - 1
    return f"{error.path}: {error.problems[0]}" + (f" (and {more} more)" if more > 0 else "")


def _yaml_files(places: Iterable[Path]) -> Iterator[Path]:
    """Questionnaire files: a file as given, or the YAML files of a folder."""
    for place in places:
        if place.is_dir():
            try:
                yield from sorted(p for p in place.iterdir() if p.suffix in {".yaml", ".yml"})
            except OSError:
                continue  # an unreadable folder holds nothing we can use
        elif place.exists():
            yield place  # even a pipe or a device: refused with a note, never read

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

import difflib
import functools
import hashlib
import json
import logging
import os
import re
import stat
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import pydantic
from pydantic import BaseModel, ValidationError

from questionnaires.checks import check
from questionnaires.model import Questionnaire
from questionnaires.problems import (
    Finding,
    Loc,
    Problem,
    Words,
    WordsError,
    did_you_mean,
    errors,
)

BUILTIN_DIR = Path(__file__).parent / "files"
DEFAULT_FILE = BUILTIN_DIR / "default.yaml"

# Far more than a questionnaire needs, so that refusing a file never costs much more
# than loading a large real one. The default file is 36 KB with two languages and its
# test cases (a third language adds about a quarter): 256 KB is seven times that.
MAX_FILE_BYTES = 256 * 1024
# The default file nests 11 levels (a label inside a choice inside a question).
MAX_DEPTH = 32
# Keys and values: the default file holds about 3,200 (1,900 without its test cases),
# a third language adds 300. Parsing costs about 0.1 ms each, so this bounds the time
# to refuse a file of short entries (256 KB of "[a,a,…]" would take 10 s in full).
MAX_NODES = 8_000
# The default file has 880 lines. Blank and comment lines cost no entry but time
# and memory to parse (256 KB of "#" lines: 0.6 s and 58 MB).
MAX_LINES = 5_000

logger = logging.getLogger(__name__)


class QuestionnaireError(Exception):
    """A questionnaire file that cannot be used; ``problems`` lists each mistake."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path.name}: " + "; ".join(str(p) for p in problems))


class _PassingTrouble(QuestionnaireError):
    """A refusal for want of memory or stack, which may not happen again: never cached."""


# -- reading the bytes, with bounds ---------------------------------------------------

_NOT_A_FILE = (
    (stat.S_ISDIR, Words("un dossier", "a folder")),
    (stat.S_ISFIFO, Words("un tube nommé", "a named pipe")),
    (stat.S_ISCHR, Words("un périphérique", "a device")),
    (stat.S_ISBLK, Words("un périphérique", "a device")),
    (stat.S_ISSOCK, Words("une prise (socket)", "a socket")),
)
_MISSING = Words("le fichier n'existe pas", "the file does not exist")


def _not_a_file(mode: int) -> Words | None:
    """What the path is instead of an ordinary file, or None if it is one."""
    if stat.S_ISREG(mode):
        return None
    other = Words("pas un fichier ordinaire", "not an ordinary file")
    return next((what for test, what in _NOT_A_FILE if test(mode)), other)


def _not_questionnaire(what: Words) -> Words:
    return Words(
        f"c'est {what.fr}, pas un fichier de questionnaire",
        f"this is {what.en}, not a questionnaire file",
    )


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; never blocks on a pipe, never reads past the size limit."""
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise QuestionnaireError(path, [Problem(_MISSING, 1, 1)]) from None
    except OSError as error:
        raise QuestionnaireError(path, [_cannot_read(error)]) from None
    try:
        status = os.fstat(descriptor)
        what = _not_a_file(status.st_mode)
        if what is not None:
            raise QuestionnaireError(path, [Problem(_not_questionnaire(what), 1, 1)])
        # st_size may lie (a file still growing, /proc): read one byte past the limit.
        too_large = status.st_size > MAX_FILE_BYTES
        content = b"" if too_large else _read_at_most(descriptor, status.st_size)
    except OSError as error:
        raise QuestionnaireError(path, [_cannot_read(error)]) from None
    finally:
        os.close(descriptor)
    if too_large or len(content) > MAX_FILE_BYTES:
        raise QuestionnaireError(path, [Problem(_TOO_LARGE, 1, 1)])
    return content


def _cannot_read(error: OSError) -> Problem:
    why = error.strerror or type(error).__name__
    message = Words(f"le fichier ne peut pas être lu ({why})", f"the file cannot be read ({why})")
    return Problem(message, 1, 1)


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


_TOO_LARGE = Words(
    f"le fichier dépasse {MAX_FILE_BYTES // 1024} Ko, bien plus qu'un questionnaire : "
    "est-ce le bon fichier ?",
    f"the file is larger than {MAX_FILE_BYTES // 1024} KB, far more than a questionnaire "
    "needs: is it the right file?",
)


# -- parsing the YAML, with bounds ----------------------------------------------------


def _at(line: int, column: int, message: Words) -> Problem:
    """A problem at a 0-based place, as a facilitator's editor shows it (from 1)."""
    return Problem(message, line + 1, column + 1)


def _at_index(text: str, index: int, message: Words) -> Problem:
    line_start = text.rfind("\n", 0, index) + 1
    return _at(text.count("\n", 0, index), index - line_start, message)


def _decode(content: bytes, path: Path) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        # Count characters, not bytes, so the column matches what an editor shows.
        start = content.rfind(b"\n", 0, error.start) + 1
        column = len(content[start : error.start].decode("utf-8", "replace"))
        message = Words(
            "le fichier n'est pas du texte UTF-8 : enregistrez-le en UTF-8 dans votre éditeur",
            "the file is not UTF-8 text: save it as UTF-8 in your editor",
        )
        line = content.count(b"\n", 0, error.start)
        raise QuestionnaireError(path, [_at(line, column, message)]) from None


def _unexpected(
    path: Path, where: tuple[int, int] | None, error: Exception, failed: Words
) -> QuestionnaireError:
    """An unexpected exception, told without a traceback; ``failed``: what could not be
    done; ``where``: the 0-based place last read, if known."""

    def located(message: Words) -> list[Problem]:
        return [_at(*where, message) if where else Problem(message, 1, 1)]

    if isinstance(error, RecursionError):
        deep = Words(
            "le fichier est trop imbriqué pour être lu", "the file is nested too deeply to be read"
        )
        return _PassingTrouble(path, located(deep))
    if isinstance(error, MemoryError):
        large = Words("le fichier est trop gros pour être lu", "the file is too large to be read")
        return _PassingTrouble(path, located(large))
    # e.g. "day is out of range for month"; drop the advice meant for programmers.
    detail = str(error).split(";")[0].strip() or type(error).__name__
    return QuestionnaireError(path, located(failed + Words.same(f" ({detail})")))


def _line_count(text: str) -> int:
    """Lines as YAML counts them: any of its line breaks, \r\n as one."""
    breaks = sum(text.count(mark) for mark in ("\n", "\r", "\x85", "\u2028", "\u2029"))
    ended = text.endswith(("\n", "\r", "\x85", "\u2028", "\u2029"))
    return breaks - text.count("\r\n") + (0 if ended else 1)


def _parse_yaml(content: bytes, path: Path) -> Any:
    text = _decode(content, path)
    if _line_count(text) > MAX_LINES:
        raise QuestionnaireError(path, [_at(MAX_LINES, 0, _TOO_LONG)])
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
        problem = str(error.problem or error.context or "not YAML")
        mark = error.problem_mark or error.context_mark
        if "end of stream" in problem and "quoted" in str(error.context or ""):
            mark = error.context_mark or mark  # where the quote opened, not the file's end
        plain = getattr(error, "words", None)
        message = plain if isinstance(plain, Words) else plain_words(problem)
        place = _at(mark.line, mark.column, message) if mark else Problem(message, 1, 1)
        return QuestionnaireError(path, [place])
    if isinstance(error, ReaderError):
        code = f"U+{error.character:04X}"
        message = Words(
            f"le fichier contient un caractère interdit ({code}) : effacez-le",
            f"the file contains a character that is not allowed ({code}): delete it",
        )
        return QuestionnaireError(path, [_at_index(text, error.position, message)])
    if isinstance(error, YAMLError):
        message = Words(f"YAML non valide ({error})", f"not valid YAML ({error})")
        return QuestionnaireError(path, [Problem(message, 1, 1)])
    where = (last_mark.line, last_mark.column) if last_mark else None
    failed = Words("cette valeur ne peut pas être lue", "this value cannot be read")
    return _unexpected(path, where, error, failed)


# What the YAML parser says, and what a facilitator needs to read instead.
_PLAIN_WORDS = (
    (
        "mapping values are not allowed",
        Words(
            "un « : » suivi d'une espace dans un texte, ou une ligne mal alignée : mettez "
            'tout le texte entre guillemets, par exemple fr: "Par exemple : un CV"',
            "a ':' followed by a space inside a text, or a line indented wrongly: put the "
            'whole text between quotes, e.g. fr: "Par exemple : un CV"',
        ),
    ),
    (
        "but got ':'",
        Words(
            "un « : » suivi d'une espace entre { } : mettez le texte entre guillemets, par "
            'exemple {fr: "Horaires : 9 h", en: "Hours: 9 am"} ; ou il manque une }',
            "a ':' followed by a space inside { }: put the text between quotes, e.g. "
            '{fr: "Horaires : 9 h", en: "Hours: 9 am"}; or a } is missing',
        ),
    ),
    (
        "but got '<stream end>'",
        Words(
            "un { ou un [ n'est jamais fermé ; ou un « # » dans un texte, qui commence un "
            "commentaire : mettez le texte entre guillemets",
            "a { or [ is never closed; or a '#' inside a text, which starts a comment: put "
            "the text between quotes",
        ),
    ),
    (
        "but got '<scalar>'",
        Words(
            "un guillemet ouvert et pas fermé, ou un } ou un ] qui manque avant ici : "
            "vérifiez les guillemets et les accolades de la ligne, et de celle d'avant",
            "a quote opened and not closed, or a } or ] missing before here: check the "
            "quotes and brackets of this line, and of the line before",
        ),
    ),
    (
        "but got '['",
        Words(
            "un [ ou un { dans un texte : mettez le texte entre guillemets",
            "a [ or { inside a text: put the text between quotes",
        ),
    ),
    (
        "but got '{'",
        Words(
            "un [ ou un { dans un texte : mettez le texte entre guillemets",
            "a [ or { inside a text: put the text between quotes",
        ),
    ),
    (
        "found character '\\t'",
        Words(
            "une tabulation : décalez les lignes avec des espaces seulement (2 par niveau)",
            "a tab character: indent with spaces only (2 per level)",
        ),
    ),
    (
        "end of stream",
        Words(
            "un texte ouvert par un guillemet (\" ou ') n'est jamais fermé : ajoutez le "
            "guillemet de fin",
            "a text opened with a quote (\" or ') is never closed: add the closing quote",
        ),
    ),
    (
        "that cannot start any token",
        Words(
            "un texte ne peut pas commencer par ce caractère : mettez-le entre guillemets",
            "a text cannot start with this character: put the text between quotes",
        ),
    ),
    (
        "but found '<scalar>'",
        Words(
            "du texte après un guillemet fermant, ou une ligne mal alignée : mettez tout le "
            "texte entre les guillemets, et alignez les champs",
            "text after a closing quote, or a line indented wrongly: put the whole text "
            "between the quotes, and line the fields up",
        ),
    ),
    (
        "but found '?'",
        Words(
            "un élément de liste (« - ») et un champ (« nom: ») au même niveau : alignez-les "
            "comme les lignes autour",
            "a list item ('- ') and a field ('name:') at the same indentation: line them "
            "up as the lines around them",
        ),
    ),
    (
        "expected <block end>",
        Words(
            "les décalages ne sont pas alignés : commencez cette ligne à la même colonne "
            "que les autres champs de son groupe",
            "the indentation does not line up: start this line at the same column as the "
            "other fields of its group",
        ),
    ),
    (
        "could not find expected ':'",
        Words(
            "un champ sans « : », ou un texte qui continue à la ligne : mettez les textes "
            "longs entre guillemets, sur une ligne",
            "a field without ':', or a text that goes on the next line: put long texts "
            "between quotes on one line",
        ),
    ),
)


def plain_words(problem: str) -> Words:
    """The YAML parser's problem in words a facilitator understands."""
    twice = re.search(r'found duplicate key "([^"]*)"', problem)
    if twice:
        name = twice.group(1)
        return Words(
            f"« {name} » est écrit deux fois au même endroit : gardez-en un ; ou, s'il "
            "commence un nouvel élément d'une liste, ajoutez sa ligne « - id: … » au-dessus",
            f"'{name}' is written twice in the same place: keep one; or, if it starts a new "
            "item of a list, add its '- id: …' line above it",
        )
    for found, words in _PLAIN_WORDS:
        if found in problem:
            return words
    return Words(f"YAML non valide : {problem}", f"not valid YAML: {problem}")


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
        def __init__(self, mark: Any, words: Words) -> None:
            super().__init__(problem=words.en, problem_mark=mark)
            self.words = words  # already in a facilitator's words

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
                raise Refused(event.start_mark, _alias(event.anchor))
            if event.anchor is not None:
                raise Refused(event.start_mark, _anchor(event.anchor))
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
            # Quoted texts stay marked, so a plain one another tool would misread is found.
            self.preserve_quotes = True
            self.Scanner = GuardedScanner
            self.Composer = GuardedComposer
            self.Constructor = GuardedConstructor
            self.last_mark: Any = None
            self.nodes = 0

    return GuardedYAML


def _alias(name: str) -> Words:
    return Words(
        f"« *{name} » répète un texte écrit ailleurs (un alias YAML), ce qu'un questionnaire "
        "n'accepte pas : écrivez le texte en entier (ou mettez-le entre guillemets si le * en "
        "fait partie)",
        f"'*{name}' repeats text written elsewhere (a YAML alias), which a questionnaire does "
        "not allow: write the text out in full (or put it between quotes if the * is part of "
        "it)",
    )


def _anchor(name: str) -> Words:
    return Words(
        f"« &{name} » marque un texte à répéter ailleurs (une ancre YAML), ce qu'un "
        "questionnaire n'accepte pas : écrivez le texte en entier chaque fois, sans « & » ni "
        "« * » (ou mettez-le entre guillemets si le & en fait partie)",
        f"'&{name}' marks text to repeat elsewhere (a YAML anchor), which a questionnaire "
        "does not allow: write the text out in full each time, without '&' or '*' (or put it "
        "between quotes if the & is part of it)",
    )


_TOO_LONG = Words(
    f"le fichier a plus de {MAX_LINES:,} lignes, bien plus qu'un questionnaire : est-ce le "
    "bon fichier ?".replace(",", "\u202f"),
    f"the file has more than {MAX_LINES:,} lines, far more than a questionnaire needs: is "
    "it the right file?",
)
_TOO_DEEP = Words(
    f"le fichier est imbriqué sur plus de {MAX_DEPTH} niveaux, bien plus qu'un "
    "questionnaire : vérifiez les décalages, et que chaque [ et { est fermé",
    f"the file nests more than {MAX_DEPTH} levels deep, far more than a questionnaire "
    "needs: check the indentation, and that every [ and { is closed",
)
_TOO_MANY = Words(
    f"le fichier a plus de {MAX_NODES:,} éléments, bien plus qu'un questionnaire : est-ce "
    "le bon fichier ?".replace(",", "\u202f"),
    f"the file holds more than {MAX_NODES:,} entries, far more than a questionnaire needs: "
    "is it the right file?",
)


# -- where a place of the questionnaire is in the file ---------------------------------


def locate(data: Any, loc: Loc) -> tuple[int, int] | None:
    """The 1-based (line, column) of the deepest part of ``loc`` the YAML tree has: a
    value for a plain value, the key for a list or a group, an item for a list item."""
    position = None
    node = data
    for index, part in enumerate(loc):
        lc = getattr(node, "lc", None)
        last = index == len(loc) - 1
        try:
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                child = node[part]
                if lc is not None:
                    scalar = not isinstance(child, dict | list)
                    position = lc.value(part) if last and scalar else lc.key(part)
                node = child
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                if lc is not None:
                    position = lc.item(part)
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    if position is None:
        return None
    return position[0] + 1, position[1] + 1


def _problem(data: Any, loc: Loc, message: Words, warning: bool = False) -> Problem:
    place = locate(data, loc) or (1, 1)
    return Problem(message, place[0], place[1], warning)


# -- pydantic's words in a facilitator's words ------------------------------------------

_PATTERNS = {
    r"^[a-z][a-z0-9_]{0,39}$": Words(
        "n'est pas un id : des minuscules, des chiffres et des _, en commençant par une "
        "lettre (par exemple ma_question)",
        "is not an id: write lowercase letters, digits and _, starting with a letter "
        "(e.g. my_question)",
    ),
    r"^[a-z]{2}$": Words(
        "n'est pas un code de langue : deux minuscules, comme fr ou en",
        "is not a language code: two lowercase letters, like fr or en",
    ),
    r"^[0-9A-HJKMNP-TV-Z]{2}$": Words(
        "n'est pas un code de questionnaire : 2 caractères parmi 0-9 et les majuscules A-Z "
        "sans I, L, O ni U",
        "is not a questionnaire code: 2 characters among 0-9 and the capitals A-Z without "
        "I, L, O and U",
    ),
    r"^[1-5]\.[1-6]$": Words(
        "n'est pas un code DigComp 2.2 : un domaine 1-5, un point, une compétence, par "
        'exemple "2.1" (entre guillemets)',
        'is not a DigComp 2.2 code: an area 1-5, a dot, a competence, e.g. "2.1" (between quotes)',
    ),
    r"^[1-5]\.[1-4]$": Words(
        'n\'est pas un code Pix : par exemple "2.1" (entre guillemets)',
        'is not a Pix code: e.g. "2.1" (between quotes)',
    ),
}
_TEXT = Words(
    "devrait être un texte : mettez-le entre guillemets", "should be a text: put it between quotes"
)
_WHOLE = Words("devrait être un nombre entier", "should be a whole number")
_NUMBER = Words("devrait être un nombre", "should be a number")
_BOOLEAN = Words("devrait valoir true ou false", "should be true or false")
_LIST = Words(
    "devrait être une liste : une ligne « - » par élément, ou [a, b]",
    "should be a list: one '- ' line per item, or [a, b]",
)
_GROUP = Words(
    "devrait être un groupe de champs, un « nom: valeur » par ligne",
    "should be a group of fields, one 'name: value' per line",
)
_TYPES = {
    "string_type": _TEXT,
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "int_from_float": _WHOLE,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "finite_number": _NUMBER,
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "dict_type": _GROUP,
    "model_type": _GROUP,
    "model_attributes_type": _GROUP,
    "string_too_short": Words("est vide : écrivez un texte", "is empty: write a text"),
}


@functools.cache
def _elsewhere_fields() -> frozenset[str]:
    """Every field name of every part of a questionnaire file."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    waiting: list[type[BaseModel]] = [Questionnaire]
    while waiting:
        model = waiting.pop()
        if model in seen:
            continue
        seen.add(model)
        names.update(_field_names(model))
        waiting += [m for i in model.model_fields.values() if (m := _inner_model(i.annotation))]
    return frozenset(names)


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model a place of the file is read into, when the place names one."""
    model: type[BaseModel] | None = Questionnaire
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = next((i for n, i in model.model_fields.items() if (i.alias or n) == part), None)
        if info is None:
            return None
        model = _inner_model(info.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _field_description(loc: Loc) -> str | None:
    if not loc or not isinstance(loc[-1], str):
        return None
    model = _model_at(loc[:-1])
    if model is None:
        return None
    info = next((i for n, i in model.model_fields.items() if (i.alias or n) == loc[-1]), None)
    return None if info is None else info.description


def _clean_loc(data: Any, error: Mapping[str, Any]) -> Loc:
    """The error's place in the file: pydantic adds the names of the types it tried
    (``'list[constrained-str]'``), which the file does not have."""
    loc: list[str | int] = []
    node = data
    parts = list(error["loc"])
    for index, part in enumerate(parts):
        if _has(node, part):
            node = node[part]
        elif not ((error["type"] == "missing" and index == len(parts) - 1) or part == "[key]"):
            continue  # a type pydantic tried; kept: the missing field, a wrong key
        loc.append(part)
    return tuple(loc)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _explain_error(loc: Loc, errors: list[Mapping[str, Any]]) -> Words:
    """One message for every error pydantic found at one place."""
    error = errors[0]
    kind = str(error["type"])
    name = str(loc[-1]) if loc else "?"
    found = error.get("input")
    context = error.get("ctx", {})
    if kind == "missing":
        description = _field_description(loc)
        return Words(
            f"il manque « {name} »",
            f"'{name}' is missing" + (f": {_lower_first(description)}" if description else ""),
        )
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        known = _field_names(model) if model else []
        hint = did_you_mean(name, known)
        if not hint.en and name in _elsewhere_fields():
            # A field of another part, here: a line too far in, or an item's "- id:"
            # line forgotten above it (its fields then join the item before).
            hint = Words(
                f" : « {name} » est un champ d'une autre partie. Vérifiez le retrait de la "
                "ligne (les espaces au début), ou s'il manque une ligne « - id: … » au-dessus",
                f": '{name}' is a field of another part. Check how far in the line starts, "
                "or whether an item's '- id: …' line is missing above it",
            )
        elif not hint.en and known:
            listed = ", ".join(known)
            hint = Words(f" (ici : {listed})", f" (here: {listed})")
        return (
            Words(f"« {name} » n'est pas un champ possible ici", f"'{name}' is not a field here")
            + hint
        )
    if kind in ("enum", "literal_error"):
        expected = str(context.get("expected", ""))
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        french = expected.replace(" or ", " ou ")
        return Words(
            f"« {found} » n'est pas l'un de {french}", f"'{found}' is not one of {expected}"
        ) + did_you_mean(str(found), choices)
    if kind == "string_pattern_mismatch":
        rule = _PATTERNS.get(str(context.get("pattern", "")))
        if rule is None:
            rule = Words("n'a pas la forme attendue", "does not have the expected form")
        return Words(f"« {found} » ", f"'{found}' ") + rule
    if kind in _BOUNDS:
        return _bound(name, kind, context, found)
    if kind == "string_too_long":
        most = error.get("ctx", {}).get("max_length")
        if loc and loc[-1] == "emoji":
            return Words(
                f"« {found} » n'est pas un seul emoji : un emoji combiné décale les cases sur "
                "beaucoup de terminaux ; choisissez-en un simple",
                f"'{found}' is not one emoji: a combined emoji shifts the tiles on many "
                "terminals; choose a simple one",
            )
        return Words(
            f"« {name} » est trop long (au plus {most} caractères)",
            f"'{name}' is too long (at most {most} characters)",
        )
    if kind in ("too_short", "too_long"):
        most = kind == "too_long"
        limit = context.get("max_length" if most else "min_length")
        return Words(
            f"« {name} » a besoin {'au plus' if most else 'au moins'} de {limit} éléments",
            f"'{name}' needs {'at most' if most else 'at least'} {limit} items",
        )
    if kind == "value_error":
        return _value_error(error)
    if len(errors) > 1:
        description = _field_description(loc)
        if description:
            return Words(
                f"« {name} » n'a pas la forme attendue",
                f"'{name}' should be: {_lower_first(description)}",
            )
    shown = Words("rien", "nothing") if found is None else Words.same(f"'{found}'")
    if kind in _TYPES:
        return (
            Words(f"« {name} » ", f"'{name}' ")
            + _TYPES[kind]
            + Words(" (trouvé : ", " (found ")
            + shown
            + Words.same(")")
        )
    return Words.same(f"'{name}': {error['msg']}")


def _misspelt(
    loc: Loc, group: list[Mapping[str, Any]], grouped: Mapping[Loc, list[Mapping[str, Any]]]
) -> bool:
    """A missing field whose misspelling is there ("lable" for "label"): the misspelt
    one is told, with "did you mean", and this one would only repeat it."""
    if group[0]["type"] != "missing" or not loc:
        return False
    near = [
        str(other[-1])
        for other, errors in grouped.items()
        if other[:-1] == loc[:-1] and errors[0]["type"] == "extra_forbidden"
    ]
    return bool(difflib.get_close_matches(str(loc[-1]), near, n=1, cutoff=0.6))


def _value_error(error: Mapping[str, Any]) -> Words:
    """A check of the model itself (`questionnaires.model`) said no: its words."""
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, WordsError):
        return cause.words
    return Words.same(str(error["msg"]).removeprefix("Value error, "))


_BOUNDS = {
    "greater_than_equal": ("au moins", "at least", "ge"),
    "greater_than": ("plus de", "more than", "gt"),
    "less_than_equal": ("au plus", "at most", "le"),
    "less_than": ("moins de", "less than", "lt"),
}


def _bound(name: str, kind: str, context: Mapping[str, Any], found: Any) -> Words:
    french, english, key = _BOUNDS[kind]
    limit = context.get(key)
    return Words(
        f"« {name} » devrait valoir {french} {limit} (trouvé : {found})",
        f"'{name}' should be {english} {limit} (found {found})",
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# -- what other YAML tools would read differently -----------------------------------------

# Words YAML 1.1 (PyYAML and many editors) reads as true/false, and times as numbers.
_OLD_BOOLEANS = re.compile(r"^(y|yes|n|no|on|off)$", re.IGNORECASE)
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")


def portability(data: Any) -> list[Problem]:
    """Warnings where another YAML tool would read the file differently, or not at all,
    and where the file uses a form of an older Diagnum."""
    found: list[Problem] = []
    _look(data, False, found)
    old = [p for p in found if p.message == _OLD_PICTOGRAM]
    if len(old) > 1:  # once is enough to say it
        count = len(old)
        more = _OLD_PICTOGRAM + Words(
            f" ({count} endroits, le premier ici)", f" ({count} places, the first here)"
        )
        found = [p for p in found if p not in old[1:]]
        found[found.index(old[0])] = Problem(more, old[0].line, old[0].column, True)
    return found


def _look(node: Any, in_flow: bool, found: list[Problem]) -> None:
    flow = in_flow or _is_flow(node)
    items: Iterable[tuple[Any, Any]] = ()
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    for key, value in items:
        if key == "pictogram" and isinstance(node, dict) and isinstance(value, str):
            found.append(Problem(_OLD_PICTOGRAM, *_position(node, key, value=False), True))
        if type(value) is str:
            message = _plain_trouble(value, flow)
            if message:
                found.append(Problem(message, *_position(node, key), True))
        else:
            _look(value, flow, found)


def _is_flow(node: Any) -> bool:
    attribute = getattr(node, "fa", None)
    return bool(attribute is not None and attribute.flow_style())


def _position(node: Any, key: Any, *, value: bool = True) -> tuple[int | None, int | None]:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None, None
    try:
        if isinstance(node, list):
            line, column = lc.item(key)
        else:
            line, column = lc.value(key) if value else lc.key(key)
    except (KeyError, IndexError, TypeError):
        return None, None
    return line + 1, column + 1


def _plain_trouble(text: str, in_flow: bool) -> Words | None:
    """Why a text written without quotes may be read wrongly elsewhere, or None."""
    if _OLD_BOOLEANS.match(text):
        return Words(
            f'd\'autres outils YAML lisent {text} comme vrai ou faux : écrivez "{text}" entre '
            "guillemets",
            f'other YAML tools read {text} as true or false: write "{text}" between quotes',
        )
    if _SEXAGESIMAL.match(text):
        return Words(
            f'd\'autres outils YAML lisent {text} comme un nombre : écrivez "{text}" entre '
            "guillemets",
            f'other YAML tools read {text} as a number: write "{text}" between quotes',
        )
    if in_flow and "?" in text:
        shown = _clip(text)
        return Words(
            f"d'autres outils YAML ne savent pas lire un « ? » dans un texte entre {{ }} ou "
            f'[ ] : écrivez "{shown}" entre guillemets',
            f"other YAML tools cannot read a '?' in a text inside {{ }} or [ ]: write "
            f'"{shown}" between quotes',
        )
    return None


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


_OLD_PICTOGRAM = Words(
    "pictogram est l'ancienne façon de donner l'emoji : écrivez media: {emoji: \"…\"} (media "
    "peut aussi donner une image et un enregistrement)",
    'pictogram is the older way to give the emoji: write media: {emoji: "…"} (media can '
    "also hold a picture and a recording)",
)


# -- checking a questionnaire -------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """A questionnaire file and every problem found in it."""

    path: Path
    questionnaire: Questionnaire | None  # None when it could not be read at all
    problems: tuple[Problem, ...]
    # The parsed file, to give a later finding its line (see `problem_at`).
    data: Any = field(default=None, repr=False, compare=False)

    def problem_at(self, loc: Loc, message: Words, warning: bool = False) -> Problem:
        """A problem at a place of this file, found by a check that came later."""
        return _problem(self.data, loc, message, warning)

    @property
    def ok(self) -> bool:
        return self.questionnaire is not None and not errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)


def findings_of(
    data: Any, folder: Path | None, *, lenient_media: bool = False
) -> tuple[Questionnaire | None, list[Finding]]:
    """The questionnaire a file's data makes, and every mistake at its place (keys and
    list positions, not yet lines): the shapes first, then what reads across them.
    ``folder``: where media files are looked for (None: not looked at)."""
    if not isinstance(data, dict):
        return None, [Finding((), _NOT_A_QUESTIONNAIRE)]
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as error:
        grouped: dict[Loc, list[Mapping[str, Any]]] = {}
        for item in error.errors():
            grouped.setdefault(_clean_loc(data, item), []).append(item)
        return None, [
            Finding(loc, _explain_error(loc, group))
            for loc, group in grouped.items()
            if not _misspelt(loc, group, grouped)
        ]
    findings = check(questionnaire, folder)
    if lenient_media:
        findings = [Finding(f.loc, f.message, f.warning or _is_media(f)) for f in findings]
    return questionnaire, findings


def check_data(
    data: Any, path: Path, *, media: bool = True, lenient_media: bool = False
) -> Checked:
    """Every problem of a parsed file, at its line: its shapes, then what reads across
    it, then what other YAML tools would read differently.

    ``media``: look at the media files too (beside ``path``); ``lenient_media``: a
    missing or broken media file is only a warning (the kiosk shows the emoji)."""
    try:
        questionnaire, findings = findings_of(
            data, path.parent if media else None, lenient_media=lenient_media
        )
    except Exception as error:  # a check that fails must not crash the kiosk either
        logger.info("checking %s failed", path, exc_info=True)
        failed = _unexpected(path, None, error, _NOT_CHECKED)
        return Checked(path, None, tuple(failed.problems))
    located = [_problem(data, f.loc, f.message, f.warning) for f in findings]
    warnings = portability(data) if isinstance(data, dict) else []
    ordered = sorted((*located, *warnings), key=lambda p: (p.line or 0, p.column or 0))
    return Checked(path, questionnaire, tuple(ordered), data)


def _is_media(finding: Finding) -> bool:
    return "media" in finding.loc


def check_text(text: str, path: Path, *, media: bool = True) -> Checked:
    """Every problem of a questionnaire's text, as if it were the file at ``path`` (the
    editor checks what is typed before it is saved)."""
    return check_bytes(text.encode("utf-8", "surrogatepass"), path, media=media)


def check_bytes(content: bytes, path: Path, *, media: bool = True) -> Checked:
    """Every problem of a file's bytes (read once: what is checked is what is kept)."""
    try:
        if len(content) > MAX_FILE_BYTES:
            raise QuestionnaireError(path, [Problem(_TOO_LARGE, 1, 1)])
        data = _parse_yaml(content, path)
    except QuestionnaireError as error:
        return Checked(path, None, tuple(error.problems))
    return check_data(data, path, media=media)


def check_file(path: Path, *, media: bool = True) -> Checked:
    try:
        content = _read_bytes(path)
    except QuestionnaireError as error:
        return Checked(path, None, tuple(error.problems))
    return check_bytes(content, path, media=media)


def parse_questionnaire(data: Any, path: Path, *, lenient_media: bool = True) -> Questionnaire:
    """The questionnaire of a parsed file, or `QuestionnaireError` with its errors."""
    checked = check_data(data, path, lenient_media=lenient_media)
    if checked.questionnaire is None or checked.errors:
        raise QuestionnaireError(path, checked.errors)
    return checked.questionnaire  # warnings are for facilitators: validate, the editor


_NOT_A_QUESTIONNAIRE = Words(
    "le fichier devrait commencer par « id: », « code: », « version: »…",
    "the file should start with 'id:', 'code:', 'version:'…",
)
_NOT_CHECKED = Words("le fichier n'a pas pu être vérifié", "the file could not be checked")


# -- loading, with a cache of both verdicts -------------------------------------------


def load_questionnaire(path: Path, cache_dir: Path | None = None) -> Questionnaire:
    """Read and check a questionnaire file, for use (the kiosk, decoding, reports).

    A media file that is missing is only logged: the kiosk shows the emoji instead,
    and `diagnum questionnaire validate` says it. With ``cache_dir``, the verdict is
    kept, named by a hash of the file's bytes and of the checks' code: a checked
    questionnaire as JSON, or a refused file's problems. The next start reads that in
    a few milliseconds instead of parsing YAML again. Any change to the file or to
    Diagnum gives a new name, so a stale verdict is never used; a cache that cannot be
    read or written is simply ignored.
    """
    # Read once: the cache is named after exactly the bytes that were checked.
    content = _read_bytes(path)
    digest = hashlib.sha256(content).digest()
    with _LOADED_LOCK:
        questionnaire = _LOADED.get((path, digest))
    if questionnaire is None:
        questionnaire = _load_bytes(content, digest, path, cache_dir)
        with _LOADED_LOCK:  # the kiosk loads in more than one thread
            _LOADED[(path, digest)] = questionnaire
            while len(_LOADED) > _LOADED_AT_MOST:
                del _LOADED[next(iter(_LOADED))]  # the oldest
    elif cache_dir is not None:
        # Known here, perhaps not yet on disk (first loaded without a cache folder).
        kept = _verdict_file(cache_dir, _cache_key(digest))
        if not kept.exists():
            _write_atomically(kept, questionnaire.model_dump_json(by_alias=True))
    return questionnaire


# The questionnaires this process has loaded, by file and content (a questionnaire is
# immutable): the kiosk reloads its file at start-up and when a version is published,
# the console and the tests decode codes again and again. A YAML parse costs about
# 0.4 s; the same bytes are not parsed twice. A few versions at most.
_LOADED: dict[tuple[Path, bytes], Questionnaire] = {}
_LOADED_AT_MOST = 16
_LOADED_LOCK = threading.Lock()


def forget_loaded() -> None:
    """Forget what this process has loaded: for measuring a first load, as a new
    process would do it (benchmarks, tests)."""
    with _LOADED_LOCK:
        _LOADED.clear()


def _load_bytes(content: bytes, digest: bytes, path: Path, cache_dir: Path | None) -> Questionnaire:
    """`load_questionnaire` once the bytes are read: from the verdict cache, or parsed."""
    if cache_dir is None:
        return parse_questionnaire(_parse_yaml(content, path), path)
    key = _cache_key(digest)
    cached = _verdict_file(cache_dir, key)
    try:
        return Questionnaire.model_validate_json(cached.read_bytes())
    except (OSError, ValidationError):
        pass
    refused = cache_dir / f"refused-{key}.json"
    problems = _read_refusal(refused)
    if problems:
        raise QuestionnaireError(path, problems)
    try:
        questionnaire = parse_questionnaire(_parse_yaml(content, path), path)
    except QuestionnaireError as error:
        if not isinstance(error, _PassingTrouble):
            kept = json.dumps({"problems": [p.to_json() for p in error.problems]})
            _write_atomically(refused, kept)
        raise
    _write_atomically(cached, questionnaire.model_dump_json(by_alias=True))  # or replaced
    return questionnaire


def _verdict_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"questionnaire-{key}.json"


@functools.cache
def _checks_fingerprint() -> bytes:
    """What decides a verdict besides the file: this package's code and pydantic's.

    Part of every cache name, so an upgrade that checks differently never reuses a
    verdict of the code before it.
    """
    digest = hashlib.sha256(pydantic.VERSION.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(source.name.encode())
    return digest.digest()


def _cache_key(content_digest: bytes) -> str:
    return hashlib.sha256(_checks_fingerprint() + content_digest).hexdigest()[:24]


def _read_refusal(refused: Path) -> list[Problem]:
    """The problems found the last time these bytes were checked, or [] if unknown."""
    try:
        kept = json.loads(refused.read_bytes())["problems"]
    except (OSError, ValueError, TypeError, KeyError):
        return []
    if not isinstance(kept, list):
        return []
    problems = [Problem.from_json(p) for p in kept]
    return [p for p in problems if p is not None] if all(problems) else []


def _write_atomically(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Two threads (the kiosk's start and its look for a new version) may write it.
        temporary = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass  # a cache is an optimisation, never a reason to fail

"""The one JSON parser for every file the store reads, turning any damage into ``CorruptFile``.

Month files, index shards, the index's ``months.json`` and backup manifests
all go through :func:`parse_json`. Plain ``json.loads`` lets some damage
escape as other exceptions (a number of more than 4,300 digits raises
``ValueError``, very deep nesting ``RecursionError``) or accepts content the
store could not write back (``NaN``, ``1e999``) or hand on (nesting deep enough
to break exports). Here every such case is a :class:`CorruptFile` naming the
file and the damage, so callers handle one exception.

The store never writes an empty file, so an empty or blank file is damage too.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from storage.errors import CorruptFile

#: Deepest nesting accepted. Records nest three levels; the margin keeps any
#: accepted value far from Python's recursion limit when it is exported.
MAX_DEPTH = 100


# Deleting every other byte leaves each line's opening brackets: a C-speed count.
_ALL_BUT_OPENERS = bytes(byte for byte in range(256) if byte not in b"[{\n")


class _Rejected(Exception):
    """Raised from inside the parser's hooks to stop at a value the store cannot keep."""


def parse_json(raw: bytes, path: Path) -> Any:
    """The JSON value in *raw* (the content of *path*), or :class:`CorruptFile`."""
    if not raw:
        raise CorruptFile(path, "the file is empty")
    if raw.isspace():
        raise CorruptFile(path, "the file holds only blanks")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptFile(path, f"not UTF-8 text at byte {exc.start}") from exc
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise CorruptFile(path, f"invalid JSON: {exc}") from exc
    except _Rejected as exc:
        raise CorruptFile(path, str(exc)) from exc
    except ValueError as exc:  # int() refuses numbers of more than 4,300 digits
        raise CorruptFile(path, "a number is too long") from exc
    except RecursionError as exc:
        raise CorruptFile(path, f"nested more than {MAX_DEPTH} levels deep") from exc
    if _may_be_too_deep(raw, value) and nested_too_deep(value):
        raise CorruptFile(path, f"nested more than {MAX_DEPTH} levels deep")
    return value


def _reject_constant(name: str) -> Any:
    raise _Rejected(f"{name} is not a number the store can write back")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Rejected(f"the number {text[:20]} is too large")
    return value


def _may_be_too_deep(raw: bytes, value: Any) -> bool:
    """Cheap bound, to spare walking every value of a month (it costs more than parsing).

    In the layout the store writes (``storage.atomic``: one document per line),
    nesting cannot be deeper than the brackets opened on one line. That holds
    only if no document spans lines, which the line count confirms: each table
    adds a header line and one line per document. Brackets inside strings only
    make the bound looser. Any other layout (edited by hand, stock TinyDB) is
    walked. A file crafted to keep the count with a document spanning lines
    would get through; only deliberate tampering produces one.
    """
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return False
    openers_by_line = raw.translate(None, _ALL_BUT_OPENERS).split(b"\n")
    if max(map(len, openers_by_line)) > MAX_DEPTH:
        return True
    return len(openers_by_line) != _lines_of_store_layout(value)


def _lines_of_store_layout(value: Any) -> int:
    """Lines (after a split on newlines) of *value* written the way the store writes."""
    if not isinstance(value, dict) or not all(isinstance(table, dict) for table in value.values()):
        return -1
    return sum(len(table) + 1 for table in value.values()) + 3


def nested_too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether objects and arrays in *value* nest more than *limit* levels."""
    # Iterative: a recursive walk would itself hit the recursion limit.
    stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False

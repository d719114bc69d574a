"""A questionnaire's data written as YAML the way the default file is: plain to read.

Used when a questionnaire is made by Diagnum (from a spreadsheet, say). Every text is
between double quotes, so no French ":", "?" or "," can be misread, by Diagnum or by
any other YAML tool; ids stay bare; short groups (a text in each language, a rule on
one question) sit on one line, longer ones are indented.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE = re.compile(r"^[a-z][a-z0-9_]*$")
# Words some YAML tools read as true, false or nothing: always quoted.
_AMBIGUOUS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
ONE_LINE = 88  # characters a group may take on one line, indentation included
_GAPS = {"sections", "scale", "questions", "result", "scoring", "cases"}
# Within a group, these come first (the id names it), the rest as the data has them.
_FIRST = ("id", "name", "kind", "section", "area", "digcomp", "pix", "value")


def _ordered(value: Mapping[str, Any]) -> dict[str, Any]:
    first = {key: value[key] for key in _FIRST if key in value}
    return {**first, **{key: item for key, item in value.items() if key not in first}}


def yaml_text(data: Mapping[str, Any], comments: Sequence[str] = ()) -> str:
    """The YAML of a questionnaire's data, with comment lines at the top."""
    lines = [f"# {line}".rstrip() for line in comments]
    for key, value in data.items():
        if key in _GAPS:
            lines.append("")
        lines += _entry(key, value, 0)
    return "\n".join(lines) + "\n"


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _BARE.match(text) and text not in _AMBIGUOUS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str | None:
    """The value on one line, or None when it holds a list of groups."""
    if isinstance(value, Mapping):
        parts = []
        for key, item in value.items():
            inner = _flow(item)
            if inner is None:
                return None
            parts.append(f"{scalar(key)}: {inner}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list | tuple):
        parts = []
        for item in value:
            inner = _flow(item)
            if inner is None:
                return None
            parts.append(inner)
        return "[" + ", ".join(parts) + "]"
    return scalar(value)


def _entry(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, Mapping):
        value = _ordered(value)
    one_line = _flow(value)
    groups = isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value)
    short = one_line is not None and len(pad + scalar(key)) + 2 + len(one_line) <= ONE_LINE
    if (
        one_line is not None
        and not groups
        and (short or not isinstance(value, Mapping | list | tuple))
    ):
        return [f"{pad}{scalar(key)}: {one_line}"]
    if isinstance(value, Mapping):
        lines = [f"{pad}{scalar(key)}:"]
        for inner_key, inner in value.items():
            lines += _entry(inner_key, inner, indent + 2)
        return lines
    lines = [f"{pad}{scalar(key)}:"]
    for item in value:
        lines += _item(item, indent + 2)
    return lines


def _item(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, Mapping):
        value = _ordered(value)
    if not isinstance(value, Mapping):
        one_line = _flow(value)
        if one_line is not None and len(pad) + 2 + len(one_line) <= ONE_LINE:
            return [f"{pad}- {one_line}"]
        return [f"{pad}-", *_item_body(value, indent + 2)]
    one_line = _flow(value)
    if one_line is not None and len(pad) + 2 + len(one_line) <= ONE_LINE and len(value) <= 2:
        return [f"{pad}- {one_line}"]
    lines: list[str] = []
    for index, (key, inner) in enumerate(value.items()):
        entry = _entry(key, inner, indent + 2)
        if index == 0:
            entry[0] = f"{pad}- {entry[0].lstrip()}"
        lines += entry
    return lines


def _item_body(value: Any, indent: int) -> list[str]:
    lines: list[str] = []
    for item in value:
        lines += _item(item, indent)
    return lines

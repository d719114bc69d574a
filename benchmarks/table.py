"""The plain-text table every benchmark prints: aligned columns, one row per figure."""

from __future__ import annotations

from collections.abc import Sequence


def print_columns(header: Sequence[str], lines: Sequence[Sequence[object]]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for line in lines:
        print(" | ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)))

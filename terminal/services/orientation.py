"""What the adviser decided for a person, and the pathway reference they follow them by.

Both are kept in the result's stored record, so they are backed up, exported, imported
and purged with it:

- ``"orientation"``: ``{"kind": one of ORIENTATIONS, "date": "YYYY-MM-DD"}``;
- ``"person"``: the adviser's own pseudonymous reference (a pathway number).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

#: The orientations funders count, in the order the console offers them.
ORIENTATIONS: tuple[str, ...] = (
    "workshop",  # a digital workshop
    "equipment",  # help to get equipped
    "together",  # procedures done together in the digital space
    "mandate",  # procedures done on the person's behalf (Aidants Connect)
    "training",  # online training
    "none",  # none for now
)

ORIENTATION_FIELD = "orientation"
PERSON_FIELD = "person"

# A pathway number: letters, digits and - _ . /, with at least one digit, so that a
# name typed by mistake is refused.
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,23}")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Orientation:
    kind: str
    day: date

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "date": self.day.isoformat()}


def orientation_of(record: Mapping[str, Any]) -> Orientation | None:
    """The orientation stored in a record; ``None`` when absent or unreadable."""
    value = record.get(ORIENTATION_FIELD)
    if not isinstance(value, Mapping) or value.get("kind") not in ORIENTATIONS:
        return None
    try:
        day = date.fromisoformat(str(value.get("date")))
    except ValueError:
        return None
    return Orientation(str(value["kind"]), day)


def person_of(record: Mapping[str, Any]) -> str | None:
    """The pathway reference stored in a record, if any."""
    value = record.get(PERSON_FIELD)
    return value if isinstance(value, str) and value else None


def check_person_reference(text: str) -> str:
    """The reference, trimmed; ``ValueError`` if it could be a name or is not one token."""
    reference = text.strip()
    if not _REFERENCE.fullmatch(reference) or not _DIGIT.search(reference):
        raise ValueError(reference)
    return reference

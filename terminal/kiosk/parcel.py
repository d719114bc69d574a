"""A person's data (or a staff PIN) handed to a worker thread once, then forgotten.

Textual keeps a finished worker, and the arguments it was started with, alive a while
longer: in its pending messages and in the contexts of its task; it also logs a
worker's arguments. A result passed as an argument would outlive the wipe after the
thank-you screen. Passed in a parcel, it is taken out when the work starts, the worker
holds nothing of the person after that, and its log shows `Parcel(...)`.
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Parcel(Generic[T]):
    __slots__ = ("_content",)

    def __init__(self, content: T) -> None:
        self._content: T | None = content

    def take(self) -> T:
        """The content, once: a second take is a bug in the caller."""
        content, self._content = self._content, None
        if content is None:
            raise RuntimeError("this parcel was already taken")
        return content

    def __repr__(self) -> str:
        # Workers log their arguments: never the person's answers.
        return "Parcel(...)"

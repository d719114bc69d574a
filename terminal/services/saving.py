"""What happened to a result when the person reached the QR code."""

from __future__ import annotations

from enum import Enum


class SaveStatus(Enum):
    SAVED = "saved"
    NOT_KEPT = "not_kept"  # the person said no: nothing stored, on purpose
    NOT_SAVED = "not_saved"  # the store failed: say so, never claim "saved"

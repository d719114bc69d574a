"""Turn a payload into QR code modules: alphanumeric mode, error correction M.

Kept apart from any screen so the benchmarks and the tests can check the size the
default questionnaire needs.
"""

from __future__ import annotations

from dataclasses import dataclass

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@dataclass(frozen=True)
class QRMatrix:
    version: int
    modules: tuple[tuple[bool, ...], ...]  # True = dark, quiet zone included

    @property
    def size(self) -> int:
        return len(self.modules)


def make_qr(payload: str, quiet_zone: int = QUIET_ZONE) -> QRMatrix:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    from qrcode.util import MODE_ALPHA_NUM, QRData

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=quiet_zone)
    # Our payloads are Crockford base 32: the compact alphanumeric mode always fits.
    code.add_data(QRData(payload.encode("ascii"), mode=MODE_ALPHA_NUM))
    code.make(fit=True)
    rows = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
    return QRMatrix(version=int(code.version), modules=rows)

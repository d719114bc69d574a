"""The adviser's scan field: typed codes pass through, images are read by the real zxing-cpp.

The pictures are made here with Pillow (see photos.py): a QR code drawn by
questionnaires.qr, then tilted, noisy, blurred, compressed or inverted as a phone's
photo of the kiosk's screen or of the ticket would be. The ticket is the real PDF.
"""

from __future__ import annotations

import os
import struct
import sys
import threading
import zlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from questionnaires.answers import Answer
from questionnaires.model import Questionnaire
from questionnaires.payload import encode_payload
from questionnaires.result import Result
from terminal.services.scan import (
    _MESSAGES,
    MAX_PIXELS,
    Scan,
    ScanError,
    named_path,
    read_scan,
)
from terminal.services.ticket import ticket_pdf
from tests.terminal.services import photos


@pytest.fixture(scope="module")
def result(questionnaire: Questionnaire) -> Result:
    answers = {q.id: Answer.dont_know() for q in questionnaire.questions}
    answers |= {"smartphone": Answer(("none",)), "devices": Answer(("nothing",))}
    answers |= {"email": Answer(("none",)), "barriers": Answer(("reading",))}
    return Result.finish(questionnaire, answers, "fr", date(2026, 11, 23), code="K7M4QX")


@pytest.fixture(scope="module")
def payload(result: Result) -> str:
    return encode_payload(result)


@pytest.fixture(scope="module")
def qr(payload: str) -> Image.Image:
    return photos.qr_picture(payload)


def saved(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def refusal(text: str) -> ScanError:
    with pytest.raises(ScanError) as caught:
        read_scan(text)
    return caught.value


# -- Typed and scanned codes -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "2DG0 10F6 MB1T K4HR",  # by hand, in groups: the decoder normalises it
        "K7M-4QX",  # a short code
        "2dg010f6mb1tk4hrneshmkzee2ppnj2985p",  # a scanner burst in lower case
        "2DG0.10F6",  # dots are no file suffix
        "2DG0/10F6",  # a slash mistyped in a code: the decoder says it is no code
    ],
)
def test_a_typed_or_scanned_code_is_handed_on_as_it_is(typed: str) -> None:
    assert read_scan(f" {typed}\r\n") == Scan(typed, None)


def test_nothing_entered_is_said() -> None:
    assert refusal("  \n").reason == "empty"


# -- Pictures that must read -------------------------------------------------------------


def photo_cases(qr: Image.Image, payload: str) -> dict[str, bytes]:
    return {
        "clean.png": photos.png(qr),
        "shrunk.png": photos.png(photos.scaled(qr, 0.3)),  # about 2.4 pixels a module
        "enlarged.png": photos.png(photos.scaled(qr, 6)),
        "tilted.png": photos.png(photos.tilted(qr, 7)),
        "noisy.png": photos.png(photos.noisy(photos.blurred(qr), amplitude=80)),
        # Small and very noisy: zxing-cpp alone misses it; smoothed first, it reads.
        "grainy.png": photos.png(photos.noisy(photos.blurred(photos.scaled(qr, 0.5), 1), 160)),
        # Modules 1.3 pixels wide, a little blurred: read once enlarged.
        "tiny.png": photos.png(photos.blurred(photos.qr_picture(payload, 1).resize((43, 43)), 0.5)),
        "compressed.jpg": photos.jpeg(qr, quality=20),
        "dark-theme.png": photos.png(photos.dark_theme(qr)),
        "phone.jpg": photos.jpeg(photos.phone_photo(qr), quality=60),
        "screen.webp": _webp(photos.tilted(photos.scaled(qr, 2), -4)),
    }


def _webp(image: Image.Image) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, "WEBP", quality=50)
    return out.getvalue()


def test_photos_of_the_screen_or_the_ticket_give_the_exact_code(
    tmp_path: Path, qr: Image.Image, payload: str
) -> None:
    for name, data in photo_cases(qr, payload).items():
        path = saved(tmp_path, name, data)
        assert read_scan(str(path)) == Scan(payload, path), name


def test_a_transparent_screenshot_reads_on_white(
    tmp_path: Path, qr: Image.Image, payload: str
) -> None:
    # Black modules on a transparent background: transparent must not become black.
    rgba = Image.new("RGBA", qr.size, (0, 0, 0, 0))
    rgba.putalpha(photos.dark_theme(qr))
    path = saved(tmp_path, "screenshot.png", photos.png(rgba))
    assert read_scan(str(path)).text == payload


def test_the_printed_ticket_reads_as_a_scan_and_as_a_pdf(
    tmp_path: Path, result: Result, payload: str
) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    pdf = saved(tmp_path, "ticket.pdf", ticket_pdf(result, payload, "fr", saved=True))
    document = pdfium.PdfDocument(pdf.read_bytes())
    try:  # a flat-bed scan at 200 dpi, in colour
        page = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    scanned = saved(tmp_path, "scan.jpg", photos.jpeg(page, quality=70))
    assert read_scan(str(scanned)).text == payload
    assert read_scan(str(pdf)) == Scan(payload, pdf)


def test_a_pdf_without_pypdfium2_says_what_to_do(
    tmp_path: Path, result: Result, payload: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = saved(tmp_path, "ticket.pdf", ticket_pdf(result, payload, "fr", saved=True))
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # as in a kiosk's install
    error = refusal(str(pdf))
    assert error.reason == "pdf"
    assert "enregistrez le ticket en image ou scannez-le" in error.message("fr")


def test_the_diagnum_code_is_chosen_beside_another_qr_code(
    tmp_path: Path, qr: Image.Image, payload: str
) -> None:
    poster = photos.qr_picture("https://example.org")
    path = saved(tmp_path, "desk.png", photos.png(photos.side_by_side(poster, qr)))
    assert read_scan(str(path)).text == payload


# -- Paths as terminals paste them -------------------------------------------------------


def test_a_dropped_file_is_found_however_the_terminal_quotes_it(
    tmp_path: Path, qr: Image.Image, payload: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Photos du téléphone"
    folder.mkdir()
    path = saved(folder, "IMG 0042 (1).png", photos.png(qr))
    monkeypatch.setenv("HOME", str(tmp_path))
    escaped = str(path).replace(" ", "\\ ").replace("(", "\\(").replace(")", "\\)")
    uri = path.as_uri()
    assert "%20" in uri
    for entered in [
        str(path),
        f"'{path}' ",  # GNOME Terminal, with its trailing space
        f'"{path}"',
        escaped,  # bash-style escapes
        uri,
        f"'{uri}'",
        "~/Photos du téléphone/IMG 0042 (1).png",
    ]:
        assert read_scan(entered) == Scan(payload, path), entered


def test_a_relative_image_name_is_a_file_not_a_code(
    tmp_path: Path, qr: Image.Image, payload: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(tmp_path, "code.PNG", photos.png(qr))
    monkeypatch.chdir(tmp_path)
    assert read_scan("code.PNG").text == payload
    assert refusal("other.jpg").reason == "not_found"


def test_several_dropped_files_are_refused(tmp_path: Path, qr: Image.Image) -> None:
    first = saved(tmp_path, "a.png", photos.png(qr))
    second = saved(tmp_path, "b.png", photos.png(qr))
    assert named_path(f"'{first}' '{second}'") is not None  # the console says "reading"
    assert refusal(f"'{first}' '{second}'").reason == "several_files"


@pytest.mark.parametrize(
    "text", ["file://[x/a.png", "'unbalanced.png", "a\0b.png", "~nobody_x/a.png"]
)
def test_the_interface_can_ask_about_any_text_without_an_error(text: str) -> None:
    assert named_path(text) is not None
    assert refusal(text).reason == "not_found"


# -- Refusals ------------------------------------------------------------------------------


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels in a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_files_that_are_no_usable_image_are_each_said(tmp_path: Path) -> None:
    blank = Image.new("L", (800, 600), 230)
    ImageDraw.Draw(blank).rectangle((100, 100, 300, 300), fill=20)  # a shape, no code
    cases: dict[str, tuple[bytes | None, str]] = {
        "missing.png": (None, "not_found"),
        "notes.png": (b"Rendez-vous mardi 10 h\n", "not_image"),
        "empty.jpg": (b"", "not_image"),
        "cut.png": (photos.png(photos.scaled(blank, 2))[:400], "damaged"),
        "bomb.png": (png_header(100_000, 100_000), "too_big"),  # Pillow's own guard
        "huge.png": (png_header(8_000, 7_000), "too_big"),  # 56 megapixels: our cap
        "IMG_0001.HEIC": (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "heic"),
        "blank.png": (photos.png(blank), "no_qr"),
    }
    for name, (data, reason) in cases.items():
        path = tmp_path / name if data is None else saved(tmp_path, name, data)
        assert refusal(str(path)).reason == reason, name
    assert MAX_PIXELS < 8_000 * 7_000


def test_a_foreign_qr_code_is_refused_with_what_it_holds(tmp_path: Path) -> None:
    path = saved(tmp_path, "poster.png", photos.png(photos.qr_picture("https://example.org")))
    error = refusal(str(path))
    assert error.reason == "not_diagnum"
    assert error.message("fr") == (
        "Ce QR code n'est pas un code Diagnum (il contient « https://example.org »)."
    )


def test_two_different_diagnum_codes_are_not_guessed_between(
    tmp_path: Path, qr: Image.Image, questionnaire: Questionnaire, result: Result
) -> None:
    other = Result.finish(questionnaire, result.answers, "fr", date(2026, 11, 24), code="K7M4Q0")
    twin = photos.qr_picture(encode_payload(other))
    path = saved(tmp_path, "two.png", photos.png(photos.side_by_side(qr, twin)))
    assert refusal(str(path)).reason == "several_codes"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert refusal(f"{tmp_path}/").reason == "folder"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "photo.png"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def scan() -> None:
        try:
            read_scan(str(fifo))
        except ScanError as error:
            outcome.append(error.reason)

    reader = threading.Thread(target=scan, daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "read_scan blocked on a FIFO"
    assert outcome == ["not_a_file"]


def test_every_refusal_is_one_line_in_french_and_in_english() -> None:
    values = {"name": "IMG_0042.jpg", "limit": 50, "text": "https://example.org", "count": 2}
    for reason in _MESSAGES:
        error = ScanError(reason, **values)
        french, english = error.message("fr"), error.message("en")
        assert french != english
        assert "\n" not in french + english
        assert str(error) == english
    assert ScanError("no_qr").message() == (
        "Aucun QR code trouvé dans cette image : reprenez la photo plus près et bien en face."
    )

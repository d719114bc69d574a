"""What the adviser's scan field received: a typed or scanned code, or a photo of one.

The console's one scan field gets a USB scanner's burst of keys, a code typed by hand,
or the path of an image dropped into the terminal (a photo of the kiosk's screen or of
the printed ticket, from a phone or a USB key). `read_scan` tells them apart: a code is
handed on as it is, for `questionnaires.payload` to check; an image is searched for a
Diagnum QR code with zxing-cpp, and its text handed on the same way.

Every failure is a `ScanError` with one line for the adviser, in French or in English,
never a traceback: a missing file, a folder, a FIFO (never opened), a file that is not
an image, one too big to decode safely, or no Diagnum QR code in it.
"""

from __future__ import annotations

import importlib
import math
import os
import shlex
import stat
import struct
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from questionnaires.payload import PayloadError, decode_payload, normalize_payload
from questionnaires.result import short_code_is_valid

if TYPE_CHECKING:
    from PIL import Image

# Refused before any pixel is decoded: a 50-megapixel photo is already twice what a
# phone takes, and a small file can claim billions of pixels (a decompression bomb).
MAX_PIXELS = 50_000_000
MAX_PDF_BYTES = 20_000_000
# zxing-cpp finds a QR code faster and as surely in a photo this size: a phone's
# 12-megapixel photo is shrunk to about 2 megapixels for the fallbacks.
WORKING_SIDE = 1600
SMALL_SIDE = 600  # below this, modules may be 1 or 2 pixels wide: enlarge once
PDF_DPI = 150
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF")
# How a path dropped into a terminal, or typed, begins; a code never does.
_PATH_STARTS = ("/", "~", "./", "../", "'", '"', "file:")
_IMAGE_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".pdf", ".heic", ".heif",
}  # fmt: skip
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")

_MESSAGES = {
    "empty": ("Rien n'a été saisi.", "Nothing was entered."),
    "not_found": ("Fichier introuvable : {name}", "File not found: {name}"),
    "several_files": (
        "Plusieurs fichiers déposés : déposez une seule photo à la fois.",
        "Several files were dropped: drop one photo at a time.",
    ),
    "folder": (
        "{name} est un dossier : choisissez la photo elle-même.",
        "{name} is a folder: pick the photo itself.",
    ),
    "not_a_file": (
        "{name} n'est pas un fichier ordinaire : choisissez une photo (PNG, JPEG, WebP).",
        "{name} is not a regular file: pick a photo (PNG, JPEG, WebP).",
    ),
    "unreadable": (
        "{name} ne peut pas être lu : vérifiez les droits d'accès ou la clé USB.",
        "{name} cannot be read: check its permissions or the USB key.",
    ),
    "not_image": (
        "{name} n'est pas une image : choisissez une photo (PNG, JPEG, WebP).",
        "{name} is not an image: pick a photo (PNG, JPEG, WebP).",
    ),
    "heic": (
        "{name} est une photo HEIC (iPhone), que Diagnum ne lit pas : envoyez-la en JPEG.",
        "{name} is a HEIC photo (iPhone), which Diagnum cannot read: send it as JPEG.",
    ),
    "pdf": (
        "{name} est un PDF, que Diagnum ne lit pas ici : "
        "enregistrez le ticket en image ou scannez-le.",
        "{name} is a PDF, which Diagnum cannot read here: save the ticket as an image or scan it.",
    ),
    "too_big": (
        "{name} est une image trop grande (plus de {limit} mégapixels) : "
        "réduisez-la ou recadrez-la.",
        "{name} is too big an image (over {limit} megapixels): shrink or crop it.",
    ),
    "damaged": (
        "{name} est une image abîmée ou incomplète.",
        "{name} is a damaged or incomplete image.",
    ),
    "no_qr": (
        "Aucun QR code trouvé dans cette image : reprenez la photo plus près et bien en face.",
        "No QR code found in this image: take the photo closer and straight.",
    ),
    "not_diagnum": (
        "Ce QR code n'est pas un code Diagnum (il contient « {text} »).",
        "This QR code is not a Diagnum code (it holds “{text}”).",
    ),
    "several_codes": (
        "Cette image contient {count} codes Diagnum différents : "
        "photographiez un seul ticket ou un seul écran.",
        "This image holds {count} different Diagnum codes: photograph one ticket or one screen.",
    ),
}


class ScanError(ValueError):
    """What was entered gives no code; `message` is one line for the adviser.

    ``reason`` is a key of the messages above, for callers that react to one failure;
    ``str()`` is the English line, for logs."""

    def __init__(self, reason: str, **values: object) -> None:
        self.reason = reason
        self.values = values
        super().__init__(self.message("en"))

    def message(self, language: str = "fr") -> str:
        french, english = _MESSAGES[self.reason]
        return (english if language == "en" else french).format(**self.values)


@dataclass(frozen=True)
class Scan:
    """A code to decode: ``text`` as typed or scanned, or as read in the QR code of
    ``image`` (None when it was typed). Nothing is checked yet: `decode_payload` and
    the short-code lookup do that, and say why a code is refused."""

    text: str
    image: Path | None = None


def read_scan(text: str) -> Scan:
    """What the scan field received -> the code to decode, or `ScanError`.

    Decoding a photo takes up to about a second: call this off the interface's thread."""
    entered = text.strip()
    if not entered:
        raise ScanError("empty")
    path = named_path(entered)
    if path is None:
        return Scan(entered)
    if not _exists(path) and sum(_exists(w) for w in _unquoted_words(entered)) > 1:
        raise ScanError("several_files")
    return read_image(path)


def named_path(text: str) -> Path | None:
    """The file ``text`` names, whether it exists or not; None when it is a code.

    Quick (no file is opened) and never raises: the interface may ask it first, to say
    "reading the photo". Terminals paste a dropped file quoted ('/media/usb/IMG 1.jpg'),
    with backslashes (/media/usb/IMG\\ 1.jpg) or as a URI (file:///media/usb/IMG%201.jpg)."""
    entered = text.strip()
    candidates = _path_candidates(entered)
    for candidate in candidates:
        if _exists(candidate):
            return candidate
    if not _looks_like_path(entered):
        return None  # a code, even one mistyped with a slash: the decoder says why
    return candidates[-1]


def _looks_like_path(text: str) -> bool:
    if text.startswith(_PATH_STARTS):
        return True
    return Path(text.rstrip("'\" ")).suffix.lower() in _IMAGE_SUFFIXES


def _unquoted_words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unbalanced quote: only strip the outer ones
        return [text.strip("'\"")]


def _path_candidates(text: str) -> list[Path]:
    """Readings of ``text`` as a path, the most literal first (a name may hold a quote)."""
    words = _unquoted_words(text)
    readings = [text, *([" ".join(words)] if words else [])]
    readings = [_from_uri(r) for r in readings]
    return [_expand(r) for r in dict.fromkeys(readings)]


def _from_uri(text: str) -> str:
    if not text.lower().startswith("file:"):
        return text
    try:
        return unquote(urlsplit(text).path)
    except ValueError:  # not a URI after all ("file://[")
        return text


def _expand(text: str) -> Path:
    try:
        return Path(text).expanduser()
    except RuntimeError:  # no home directory to expand ~ to
        return Path(text)


def _exists(path: Path | str) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL character
        return False
    return True


def read_image(path: Path) -> Scan:
    """The Diagnum code in the QR code of the image (or PDF ticket) at ``path``."""
    with _open_regular_file(path) as file:
        image = _load(file, path.name)
    # A photo's EXIF rotation is left alone: zxing-cpp reads a QR code at any angle.
    return Scan(_find_code(_gray(image)), path)


def _open_regular_file(path: Path) -> IO[bytes]:
    """Open only a regular file: a FIFO would block, a device could do anything."""
    name = path.name or str(path)
    mode = _os_call(name, lambda: os.stat(path).st_mode)
    if stat.S_ISDIR(mode):
        raise ScanError("folder", name=name)
    if not stat.S_ISREG(mode):
        raise ScanError("not_a_file", name=name)
    # Non-blocking, and checked again once open: the path may have changed since.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = _os_call(name, lambda: os.open(path, flags))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ScanError("not_a_file", name=name)
    return os.fdopen(fd, "rb")


def _os_call(name: str, call: Callable[[], int]) -> int:
    """``call()``, its failure said for the adviser."""
    try:
        return call()
    except (FileNotFoundError, NotADirectoryError, ValueError):  # ValueError: a NUL
        raise ScanError("not_found", name=name) from None
    except OSError:
        raise ScanError("unreadable", name=name) from None


def _load(file: IO[bytes], name: str) -> Image.Image:
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return _pdf_page(file, name)
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        raise ScanError("heic", name=name)
    return _decoded_image(file, name)


def _decoded_image(file: IO[bytes], name: str) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    too_big = ScanError("too_big", name=name, limit=MAX_PIXELS // 1_000_000)
    try:
        with warnings.catch_warnings():
            # Pillow warns past 89 megapixels: refused below, and said on the screen.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file, formats=IMAGE_FORMATS)  # reads the header only
    except Image.DecompressionBombError:
        raise too_big from None
    except (UnidentifiedImageError, ValueError, SyntaxError, EOFError, struct.error):
        raise ScanError("not_image", name=name) from None
    if image.width * image.height > MAX_PIXELS:
        raise too_big
    try:
        image.load()
    except Image.DecompressionBombError:
        raise too_big from None
    # Pillow's decoders fail on a truncated or hostile file in these ways.
    except (OSError, ValueError, SyntaxError, EOFError, struct.error):
        raise ScanError("damaged", name=name) from None
    return image


def _pdf_page(file: IO[bytes], name: str) -> Image.Image:
    """The first page of a PDF (the ticket `diagnum ticket --pdf` writes), as pixels.

    pypdfium2 is only a test dependency: without it, the adviser is told what to do."""
    try:
        pdfium: Any = importlib.import_module("pypdfium2")
    except ImportError:
        raise ScanError("pdf", name=name) from None
    data = file.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise ScanError("too_big", name=name, limit=MAX_PIXELS // 1_000_000)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ScanError("damaged", name=name) from None
    try:
        if len(document) == 0:
            raise ScanError("damaged", name=name)
        page = document[0]
        width, height = page.get_size()  # in points
        # A huge page is rendered smaller, never past the pixel cap.
        scale = min(PDF_DPI / 72, math.sqrt(MAX_PIXELS / max(1.0, width * height)))
        image: Image.Image = page.render(scale=scale, grayscale=True).to_pil()
        return image
    finally:
        document.close()


def _gray(image: Image.Image) -> Image.Image:
    """Grayscale, a transparent background made white (as the screen shows it)."""
    from PIL import Image

    if image.mode == "L":
        return image
    if "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, "white")
        image = Image.alpha_composite(white, rgba)
    return image.convert("L")


def _find_code(gray: Image.Image) -> str:
    """The Diagnum code in the image, trying ever harder only while none is found."""
    others: list[str] = []
    for image, binarizer in _attempts(gray):
        texts = _read_qr_codes(image, binarizer)
        codes = _diagnum_codes(texts)
        if len(codes) > 1:
            raise ScanError("several_codes", count=len(codes))
        if codes:
            return codes[0]
        others += [t for t in texts if t not in others]
    if others:
        raise ScanError("not_diagnum", text=_shown(others[0]))
    raise ScanError("no_qr")


def _attempts(gray: Image.Image) -> Iterator[tuple[Image.Image, str]]:
    """The image as it is (a clean one reads at once), then versions that help
    zxing-cpp with a photo: smaller, enlarged, smoothed, thresholded, inverted."""
    from PIL import ImageFilter, ImageOps

    yield gray, "LocalAverage"
    work = _shrunk(gray)
    if work is not gray:
        yield work, "LocalAverage"
    if max(work.size) < SMALL_SIDE:  # modules of 1 or 2 pixels
        yield work.resize((work.width * 2, work.height * 2), _resampling("BICUBIC")), "LocalAverage"
    smooth = work.filter(ImageFilter.GaussianBlur(1))  # sensor noise, a screen's pixel grid
    yield smooth, "LocalAverage"
    yield work, "GlobalHistogram"  # uneven light
    yield _thresholded(smooth), "FixedThreshold"
    # zxing-cpp 3 tries inverted codes itself; older versions need the help.
    yield ImageOps.invert(work), "LocalAverage"


def _resampling(name: str) -> Any:
    from PIL import Image

    return getattr(Image.Resampling, name)


def _shrunk(gray: Image.Image) -> Image.Image:
    side = max(gray.size)
    if side <= WORKING_SIDE:
        return gray
    ratio = WORKING_SIDE / side
    size = (max(1, round(gray.width * ratio)), max(1, round(gray.height * ratio)))
    return gray.resize(size, _resampling("LANCZOS"))


def _thresholded(gray: Image.Image) -> Image.Image:
    """Black and white at Otsu's threshold, after stretching the contrast."""
    from PIL import ImageOps

    stretched = ImageOps.autocontrast(gray, cutoff=1)
    cut = _otsu(stretched.histogram())
    return stretched.point(lambda value: 255 if value > cut else 0)


def _otsu(histogram: list[int]) -> int:
    """The grey level that best splits the pixels into two classes (Otsu, 1979)."""
    total = sum(histogram)
    weighted = sum(level * count for level, count in enumerate(histogram))
    best, cut = -1.0, 127
    below = below_weighted = 0
    for level, count in enumerate(histogram[:255]):
        below += count
        below_weighted += level * count
        above = total - below
        if below == 0 or above == 0:
            continue
        mean_gap = below_weighted / below - (weighted - below_weighted) / above
        spread = below * above * mean_gap * mean_gap
        if spread > best:
            best, cut = spread, level
    return cut


def _read_qr_codes(image: Image.Image, binarizer: str) -> list[str]:
    import zxingcpp

    # zxing-cpp 2 and 3 both take one format here; only 3's stubs want BarcodeFormats.
    qr_only: Any = zxingcpp.BarcodeFormat.QRCode
    found = zxingcpp.read_barcodes(
        image,
        formats=qr_only,
        try_rotate=True,
        try_downscale=True,
        binarizer=getattr(zxingcpp.Binarizer, binarizer),
    )
    return [str(barcode.text) for barcode in found]


def _no_questionnaire(code: str, version: int) -> None:
    return None


def _diagnum_rank(text: str) -> int:
    """2: a full code whose checks hold, 1: a short code or a newer format's, 0: none.

    The payload's checks come before its questionnaire: a lookup that finds none
    tells a real code ("questionnaire" refused) from any other text."""
    try:
        decode_payload(text, _no_questionnaire)
    except PayloadError as error:
        if error.reason == "questionnaire":
            return 2
        # A newer Diagnum's code (the decoder says to update), or digits and letters
        # that only look like one: below a code whose checks hold.
        if error.reason == "format":
            return 1
    return 1 if short_code_is_valid(normalize_payload(text)) else 0


def _diagnum_codes(texts: list[str]) -> list[str]:
    """The best-ranked Diagnum codes among ``texts``, one per distinct code."""
    ranked = {normalize_payload(t): (_diagnum_rank(t), t) for t in texts}
    best = max((rank for rank, _ in ranked.values()), default=0)
    return [text for rank, text in ranked.values() if best and rank == best]


def _shown(text: str) -> str:
    """Some of a foreign QR code's text, printable and short enough for one line."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return printable if len(printable) <= 40 else printable[:39] + "…"


# A USB scanner set to a US layout, on a French (AZERTY) PC, types what the French
# keys at the same places give: "&é\"'(-è_çà" for the digits, A and Q swapped, Z and
# W swapped, "?" for M (shift and the key of M on a US keyboard).
_AZERTY_TO_US = str.maketrans("&é\"'(-è_çàAQZW?", "1234567890QAWZM")


def as_if_us_layout(text: str) -> str:
    """What a US-layout scanner meant, when an AZERTY PC typed ``text``. Only a guess:
    the caller keeps it only if the code's check characters hold."""
    return text.translate(_AZERTY_TO_US)

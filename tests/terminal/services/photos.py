"""Photo-like pictures of a QR code: what an adviser's scan field really receives.

A phone's photo of the kiosk's screen or of a ticket is tilted, on a background,
noisy, a little blurred and JPEG-compressed; a screenshot of a dark terminal is
white on black. Each helper does one of these with Pillow, the same way every run.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageChops, ImageFilter, ImageOps

from questionnaires.qr import make_qr

BACKGROUND = 150  # a grey desk, or the kiosk's frame around the code


def qr_picture(text: str, module: int = 8) -> Image.Image:
    """The QR code of ``text`` as questionnaires.qr draws it: black on white, ``module``
    pixels a module, its quiet zone included. Any other text (a web address) is drawn
    by qrcode in the mode it needs."""
    try:
        modules = make_qr(text).modules
    except ValueError:  # not Crockford: not Diagnum's alphanumeric mode
        import qrcode

        code = qrcode.QRCode(border=4)
        code.add_data(text)
        modules = tuple(tuple(row) for row in code.get_matrix())
    small = Image.new("L", (len(modules), len(modules)), 255)
    small.putdata([0 if dark else 255 for row in modules for dark in row])
    return small.resize((small.width * module, small.height * module), Image.Resampling.NEAREST)


def scaled(image: Image.Image, factor: float) -> Image.Image:
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, Image.Resampling.BICUBIC)


def tilted(image: Image.Image, degrees: float, margin: int = 80) -> Image.Image:
    """Turned by ``degrees`` on a grey background, as a hand-held phone sees it."""
    framed = ImageOps.expand(image, border=margin, fill=BACKGROUND)
    return framed.rotate(
        degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=BACKGROUND
    )


def noisy(image: Image.Image, amplitude: int = 60, seed: int = 7) -> Image.Image:
    """Sensor noise, roughly Gaussian (the mean of two uniform draws), the same every
    run; ``amplitude`` is its full width in grey levels."""
    draw = random.Random(seed)
    gray = image.convert("L")
    size = gray.size

    def uniform() -> Image.Image:
        return Image.frombytes("L", size, draw.randbytes(size[0] * size[1]))

    noise = ImageChops.add(uniform(), uniform(), scale=2.0)  # mean of the two, about 128
    noise = noise.point(lambda v: round(128 + (v - 128) * amplitude / 128))
    return ImageChops.add(gray, noise, scale=1.0, offset=-128)


def blurred(image: Image.Image, radius: float = 1.5) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius))


def jpeg(image: Image.Image, quality: int = 35) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def dark_theme(image: Image.Image) -> Image.Image:
    """White on black, as a screenshot of a terminal in a dark theme."""
    return ImageOps.invert(image.convert("L"))


def side_by_side(left: Image.Image, right: Image.Image) -> Image.Image:
    both = Image.new("L", (left.width + right.width, max(left.height, right.height)), 255)
    both.paste(left.convert("L"), (0, 0))
    both.paste(right.convert("L"), (left.width, 0))
    return both


def phone_photo(image: Image.Image) -> Image.Image:
    """All at once: tilted 7°, enlarged to a phone's 4000 pixels, blurred and noisy."""
    photo = tilted(image, 7)
    photo = scaled(photo, 4000 / photo.width)
    return noisy(blurred(photo, 3.0), amplitude=50)

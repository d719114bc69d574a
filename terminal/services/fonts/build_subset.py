"""Rebuild the fonts of the printed ticket from their upstream files (a maintainer's tool).

The ticket needs a text font with the French accents and a monochrome emoji font for
the questionnaire's pictograms. The kiosk ships trimmed copies, made here with
fontTools (a dependency of fpdf2), so the package stays small:

- ``DejaVuSans.ttf`` and ``DejaVuSans-Bold.ttf``: DejaVu Sans 2.37 (Debian's
  ``fonts-dejavu-core``, /usr/share/fonts/truetype/dejavu), cut down to the Latin
  letters, punctuation and common symbols (the kiosk speaks French and English).
  Licence: the Bitstream Vera and Arev licence, which the font carries itself (name
  ID 13), written out to ``LICENSE-DejaVu.txt``.
- ``NotoEmoji-Regular.ttf``: Noto Emoji 3.002 (``NotoEmoji[wght].ttf`` from the Noto
  Emoji project or Google Fonts), the regular weight of the variable font, with every
  pictogram it has (a facilitator may choose any of them), without the layout tables
  that only a text shaper would use. Licence: SIL Open Font License 1.1, with no
  reserved font name, in ``OFL-NotoEmoji.txt``.
- ``NotoSansArabic-Regular.ttf`` and ``NotoSansArabic-Bold.ttf``: Noto Sans Arabic 2.005
  (Debian's ``fonts-noto-core``, /usr/share/fonts/truetype/noto), cut down to the
  Arabic letters, their presentation forms, and the digits and punctuation between
  them, for the ticket in Arabic. Unlike the others it keeps its layout tables (GSUB,
  GPOS): the ticket shapes Arabic with HarfBuzz (fpdf2's text shaping), which needs
  them to join the letters. Licence: SIL Open Font License 1.1, with no reserved font
  name, in ``OFL-NotoSansArabic.txt``.

Every glyph of a pictogram is kept, not only those of the default questionnaire:
an edited questionnaire must print its pictograms too.

    python terminal/services/fonts/build_subset.py --dejavu /usr/share/fonts/truetype/dejavu \\
        --noto-emoji 'NotoEmoji[wght].ttf' --noto-arabic /usr/share/fonts/truetype/noto
"""

from __future__ import annotations

import argparse
from pathlib import Path

HERE = Path(__file__).resolve().parent

# What the ticket's words may need, in any language a questionnaire may add.
TEXT_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B (é, è, ç, œ, « »)
    (0x02B0, 0x036F),  # spacing modifiers, combining accents
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x20CF),  # punctuation (’ … – —), super/subscripts, currency (€)
    (0x2100, 0x21FF),  # letterlike, number forms, arrows
    (0x2460, 0x24FF),  # enclosed numbers
    (0x25A0, 0x27BF),  # geometric shapes (● ○), miscellaneous symbols, dingbats (✔)
    (0xFFFD, 0xFFFD),
]
# The ticket in Arabic: letters, presentation forms, and what comes between them.
ARABIC_RANGES = [
    (0x0020, 0x0040),  # space, digits, punctuation
    (0x00A0, 0x00BB),  # no-break space, « »
    (0x0600, 0x06FF),  # Arabic
    (0x200C, 0x200F),  # joiners and direction marks
    (0x2010, 0x2026),  # dashes, quotes, …
    (0xFDF2, 0xFDF2),  # the ligature of Allah (Forms-A holds little else MSA needs)
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
]


def _subset(source: Path, target: Path, unicodes: set[int] | None, *, layout: bool = False) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    if "fvar" in font:
        from fontTools.varLib import instancer

        font = instancer.instantiateVariableFont(font, {"wght": 400})
    options = subset.Options()
    # fpdf2 lays out Latin glyph by glyph; Arabic is shaped, and needs its features.
    options.layout_features = ["*"] if layout else []
    options.name_IDs = ["*"]  # keep the copyright and licence the font carries
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False  # printers and PDF viewers do not need it
    cmap = font.getBestCmap()
    wanted = set(cmap) if unicodes is None else unicodes & set(cmap)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(target)
    print(f"{target.name}: {len(wanted)} characters, {target.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dejavu", type=Path, required=True, help="folder of DejaVuSans.ttf")
    parser.add_argument("--noto-emoji", type=Path, required=True, help="NotoEmoji[wght].ttf")
    parser.add_argument(
        "--noto-arabic", type=Path, required=True, help="folder of NotoSansArabic-Regular.ttf"
    )
    args = parser.parse_args()
    text = {c for low, high in TEXT_RANGES for c in range(low, high + 1)}
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        _subset(args.dejavu / name, HERE / name, text)
    _subset(args.noto_emoji, HERE / "NotoEmoji-Regular.ttf", None)
    arabic = {c for low, high in ARABIC_RANGES for c in range(low, high + 1)}
    for name in ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"):
        _subset(args.noto_arabic / name, HERE / name, arabic, layout=True)

    from fontTools.ttLib import TTFont

    notice = TTFont(args.dejavu / "DejaVuSans.ttf")["name"].getDebugName(13)
    header = "DejaVu Sans 2.37 (DejaVuSans.ttf, DejaVuSans-Bold.ttf: trimmed copies, see "
    header += "build_subset.py)\n\n"
    (HERE / "LICENSE-DejaVu.txt").write_text(header + notice.strip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

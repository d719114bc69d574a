"""The printed ticket: the take-home sheet for a person who cannot photograph the screen.

One A4 page, portrait: most integration structures print on an office A4 printer,
and a CUPS queue prints an A4 PDF as it is, where a smaller page would be scaled or
placed in a corner depending on the driver. The words are large (16 to 28 pt, 40 pt
for the short code; the French words beside another language are smaller) and the QR
code is 70 mm wide with its quiet zone, about 2 mm a module: a phone reads it from
arm's length, and a worn copy still scans. The sheet folds in four into a pocket.

It holds the title, the date, the short code when the result was saved, the QR code
with the full code under it, "show this paper to your adviser" and the first next
steps with their pictograms, in the person's language (French words are added when
it is not French, for the desk). Nothing else: no answers in words, no name.

Fonts: DejaVu Sans for the words (accents, €, ’) and Noto Emoji, monochrome, for the
pictograms; both ship in ``terminal/services/fonts`` (see ``build_subset.py`` there for where
they come from, and their licences). fpdf2 embeds only the glyphs a ticket uses.

A ticket in Arabic adds Noto Sans Arabic and turns on fpdf2's text shaping (HarfBuzz):
it joins the letters and lays each line out right to left, numbers and Latin words
("WhatsApp", the code) left to right inside it. Its lines are aligned to the right,
and its pictograms stand at the right of their step. The words are given in reading
order; nothing here reorders them by hand.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from terminal.i18n import has_rtl, is_rtl, translate

if TYPE_CHECKING:
    from fpdf import FPDF

    from questionnaires.result import Result

FONTS = Path(__file__).resolve().parent / "fonts"
TEXT_FONT = "dejavu"
EMOJI_FONT = "notoemoji"
ARABIC_FONT = "notoarabic"

PAGE_WIDTH = 210.0  # A4 portrait, in millimetres
MARGIN = 18.0
QR_WIDTH = 70.0  # quiet zone included
COLUMN_GAP = 8.0
GREY = 90  # the French words beside another language, and the labels
# Characters that only choose how a pictogram looks (emoji or text style): the
# ticket has one style, and no font draws them.
_PRESENTATION = str.maketrans("", "", "\ufe0e\ufe0f")


def grouped(payload: str, size: int = 4) -> str:
    """The full code in groups of four, easier to copy by hand."""
    return " ".join(payload[i : i + size] for i in range(0, len(payload), size))


def ticket_pdf(result: Result, payload: str, language: str = "fr", *, saved: bool) -> bytes:
    """The ticket of ``result`` as a PDF; ``payload`` is the code the QR code holds.

    ``saved``: the result is stored on this kiosk, so its short code finds it again.
    Otherwise (the person said no, or saving failed) the short code would find
    nothing: the ticket says that the paper is the only way back to the result.
    """
    from fpdf import FPDF

    from questionnaires.report import next_step_lines
    from questionnaires.result import format_result_code

    def t(key: str, **values: object) -> str:
        return translate(language, key, **values)

    def french(key: str) -> str | None:
        """The French words too, when the person reads another language."""
        return None if language == "fr" else translate("fr", key)

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    # A fixed date: the same result always gives the same file, and the PDF's own
    # metadata tells nothing about when the person came.
    pdf.set_creation_date(datetime(2020, 1, 1))
    pdf.set_margins(MARGIN, 15, MARGIN)
    pdf.set_auto_page_break(auto=False)
    pdf.add_font(TEXT_FONT, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(TEXT_FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_font(EMOJI_FONT, "", FONTS / "NotoEmoji-Regular.ttf")
    rtl = is_rtl(language)
    if rtl:
        _add_arabic(pdf)
    else:
        pdf.set_fallback_fonts([EMOJI_FONT], exact_match=False)
    pdf.add_page()
    write = _Writer(pdf, rtl=rtl)
    width = PAGE_WIDTH - 2 * MARGIN

    write.line(t("ticket.title"), 28, bold=True)
    write.line(french("ticket.title"), 14, grey=True)
    day = result.known_day
    date_text = (
        t("ticket.date_unknown") if day is None else t("ticket.date", day=day.strftime("%d/%m/%Y"))
    )
    write.line(date_text, 16)
    pdf.ln(6)

    top = pdf.get_y()
    _draw_qr(pdf, payload, MARGIN, top, QR_WIDTH)
    side = MARGIN + QR_WIDTH + COLUMN_GAP
    side_width = PAGE_WIDTH - MARGIN - side
    pdf.set_xy(side, top + 2)
    if saved:
        write.line(t("ticket.code"), 16, x=side, w=side_width, grey=True)
        pdf.set_x(side)
        pdf.set_font(TEXT_FONT, "B", 40)
        pdf.cell(side_width, 20, format_result_code(result.code), border=1, align="C")
        pdf.ln(24)
    write.line(t("ticket.show"), 20, bold=True, x=side, w=side_width)
    write.line(french("ticket.show"), 14, grey=True, x=side, w=side_width)
    if not saved:
        pdf.ln(3)
        write.line(t("ticket.only_way"), 16, x=side, w=side_width)
        write.line(french("ticket.only_way"), 12, grey=True, x=side, w=side_width)

    pdf.set_y(max(pdf.get_y(), top + QR_WIDTH) + 2)
    write.line(t("ticket.full_code"), 14, grey=True)
    write.line(grouped(payload), 16)
    pdf.ln(8)

    steps = next_step_lines(result, language)
    if steps:
        write.line(t("ticket.next"), 20, bold=True)
        pdf.ln(2)
    for step in steps:
        y = pdf.get_y()
        pdf.set_font(EMOJI_FONT, "", 24)
        pdf.set_xy(PAGE_WIDTH - MARGIN - 16 if rtl else MARGIN, y)
        # A ZWJ sequence: its first part.
        pdf.cell(16, 11, write.clean(step.pictogram)[:1], align="R" if rtl else "L")
        text_x = MARGIN if rtl else MARGIN + 16
        write.line(step.text, 18, x=text_x, w=width - 16, top=y + 1)
        pdf.set_y(max(pdf.get_y(), y + 11) + 3)
    return bytes(pdf.output())


def _add_arabic(pdf: FPDF) -> None:
    """Noto Sans Arabic first, then DejaVu for what it lacks (Latin letters), then the
    pictograms; shaped by HarfBuzz, so that the letters join and the lines read from
    right to left."""
    pdf.add_font(ARABIC_FONT, "", FONTS / "NotoSansArabic-Regular.ttf")
    pdf.add_font(ARABIC_FONT, "B", FONTS / "NotoSansArabic-Bold.ttf")
    pdf.set_fallback_fonts([TEXT_FONT, EMOJI_FONT], exact_match=False)
    pdf.set_text_shaping(True, direction="rtl")


def write_ticket(
    result: Result, payload: str, path: Path, language: str = "fr", *, saved: bool
) -> None:
    """Write the ticket to ``path`` in one go: never a half-written PDF.

    Raises ``storage.StorageError`` (with the reason) when the file cannot be written.
    """
    from storage.atomic import atomic_write

    data = ticket_pdf(result, payload, language, saved=saved)
    atomic_write(path, data, action="write the ticket")


class _Writer:
    """Lines of text at the current position, each in its size, wrapped to the column."""

    def __init__(self, pdf: FPDF, *, rtl: bool = False) -> None:
        from fpdf.fonts import TTFFont

        self.pdf = pdf
        self.font = ARABIC_FONT if rtl else TEXT_FONT
        self.align = "R" if rtl else "L"
        self.known: set[int] = set()
        for font in pdf.fonts.values():
            if isinstance(font, TTFFont):
                self.known |= set(font.cmap)

    def clean(self, text: str) -> str:
        """Only what the fonts can draw: never an empty box on the person's paper."""
        text = text.translate(_PRESENTATION)
        return "".join(c for c in text if ord(c) in self.known or c in "\n")

    def line(
        self,
        text: str | None,
        size: float,
        *,
        bold: bool = False,
        grey: bool = False,
        x: float | None = None,
        w: float | None = None,
        top: float | None = None,
    ) -> None:
        if not text:
            return
        pdf = self.pdf
        pdf.set_font(self.font, "B" if bold else "", size)
        if self.align == "R":
            # The French words for the desk read left to right, under the Arabic.
            direction = "rtl" if has_rtl(text) else "ltr"
            pdf.set_text_shaping(True, direction=direction, script=None, language=None)
        pdf.set_text_color(GREY if grey else 0)
        if top is not None:
            pdf.set_y(top)
        pdf.set_x(MARGIN if x is None else x)
        width = PAGE_WIDTH - 2 * MARGIN if w is None else w
        pdf.multi_cell(width, size * 0.45, self.clean(text), align=self.align)
        pdf.set_text_color(0)


def _draw_qr(pdf: FPDF, payload: str, x: float, y: float, width: float) -> None:
    """The QR code as filled black squares, its white quiet zone included in ``width``."""
    from questionnaires.qr import make_qr

    modules = make_qr(payload).modules
    module = width / len(modules)
    pdf.set_fill_color(0)
    for row_number, row in enumerate(modules):
        start = None
        for column, dark in enumerate((*row, False)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                # One rectangle per run of dark modules, a hair taller so the rows
                # leave no pale seam where a renderer rounds.
                pdf.rect(
                    x + start * module,
                    y + row_number * module,
                    (column - start) * module,
                    module + 0.02,
                    style="F",
                )
                start = None

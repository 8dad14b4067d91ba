"""Print-ready PDF sheets of cards: four cards per A4 (landscape), cut along shared lines
marked in the margins. Cards are drawn as vector text with the embedded font (crisp at any
size, small files) from the same layout as the PNG, with the logo stored once per file.

Cards come from an iterator of layouts and are drawn page by page; reportlab keeps the
finished (small, vector) pages until it writes the file, about 5 KB per card, which is why
sheets are made per location. Pure: no Django.
"""

import functools
import io
from collections.abc import Iterable
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from backend.common.fonts import FONT_FILES
from campaigns.compliments.card_layout import CARD_HEIGHT, CARD_WIDTH, LOGO_BOX, CardLayout

SHEET_WIDTH, SHEET_HEIGHT = landscape(A4)  # points
COLUMNS, ROWS = 2, 2
CARDS_PER_SHEET = COLUMNS * ROWS
CUT_MARK_LENGTH = 5 * mm
CUT_MARK_GAP = 1.5 * mm
LOGO_SLOT = LOGO_BOX  # mm, square


@functools.cache
def register_fonts() -> dict[str, str]:
    """The project's TTF files as reportlab fonts (embedded as subsets in every PDF)."""
    names = {}
    for weight, path in FONT_FILES.items():
        name = f"SourceSansPro-{weight}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        names[weight] = name
    return names


def _origin():
    left = (SHEET_WIDTH - COLUMNS * CARD_WIDTH * mm) / 2
    bottom = (SHEET_HEIGHT - ROWS * CARD_HEIGHT * mm) / 2
    return left, bottom


def _cut_marks(canvas: Canvas) -> None:
    left, bottom = _origin()
    right = left + COLUMNS * CARD_WIDTH * mm
    top = bottom + ROWS * CARD_HEIGHT * mm
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.25)
    for column in range(COLUMNS + 1):
        x = left + column * CARD_WIDTH * mm
        canvas.line(x, top + CUT_MARK_GAP, x, top + CUT_MARK_GAP + CUT_MARK_LENGTH)
        canvas.line(x, bottom - CUT_MARK_GAP, x, bottom - CUT_MARK_GAP - CUT_MARK_LENGTH)
    for row in range(ROWS + 1):
        y = bottom + row * CARD_HEIGHT * mm
        canvas.line(left - CUT_MARK_GAP, y, left - CUT_MARK_GAP - CUT_MARK_LENGTH, y)
        canvas.line(right + CUT_MARK_GAP, y, right + CUT_MARK_GAP + CUT_MARK_LENGTH, y)


LOGO_FORM = "campaign-logo"


def _logo_form(canvas: Canvas, logo_png: bytes) -> str:
    """The logo as a form drawn once per file: drawing the image per card would make
    reportlab read and hash it again for every card (most of the time a sheet takes)."""
    side = LOGO_SLOT * mm
    canvas.beginForm(LOGO_FORM, lowerx=0, lowery=0, upperx=side, uppery=side)
    canvas.drawImage(
        ImageReader(io.BytesIO(logo_png)),
        0,
        0,
        side,
        side,
        mask="auto",
        preserveAspectRatio=True,
        anchor="c",
    )
    canvas.endForm()
    return LOGO_FORM


def _draw_card(canvas: Canvas, layout: CardLayout, x0: float, y0: float, logo, fonts) -> None:
    """Draws ``layout`` with its top-left corner at (x0, y0) in points (PDF y grows upwards)."""

    def y(top_mm):
        return y0 - top_mm * mm

    for box in layout.boxes:
        canvas.setFillColor(box.colour)
        if box.radius:
            canvas.roundRect(
                x0 + box.x * mm,
                y(box.y + box.height),
                box.width * mm,
                box.height * mm,
                box.radius * mm,
                stroke=0,
                fill=1,
            )
        else:
            canvas.rect(
                x0 + box.x * mm, y(box.y + box.height), box.width * mm, box.height * mm, 0, 1
            )
    for line in layout.lines:
        canvas.setFillColor(line.colour)
        canvas.setFont(fonts[line.weight], line.size * mm)
        canvas.drawString(x0 + line.x * mm, y(line.baseline), line.text)
    if logo is not None and layout.logo is not None:
        slot = layout.logo
        canvas.saveState()
        canvas.translate(x0 + slot.x * mm, y(slot.y + slot.height))
        canvas.doForm(logo)
        canvas.restoreState()


def print_sheets_pdf(
    layouts: Iterable[CardLayout], output: BinaryIO, *, logo_png: bytes | None, title: str
) -> int:
    """Writes the sheets to ``output``; returns the number of cards."""
    fonts = register_fonts()
    canvas = Canvas(output, pagesize=(SHEET_WIDTH, SHEET_HEIGHT), pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Dienst-DNA")
    logo = _logo_form(canvas, logo_png) if logo_png else None
    left, bottom = _origin()
    count = 0
    for layout in layouts:
        slot = count % CARDS_PER_SHEET
        if slot == 0 and count:
            canvas.showPage()
        if slot == 0:
            _cut_marks(canvas)
        column, row = slot % COLUMNS, slot // COLUMNS
        x0 = left + column * CARD_WIDTH * mm
        y0 = bottom + (ROWS - row) * CARD_HEIGHT * mm
        _draw_card(canvas, layout, x0, y0, logo, fonts)
        count += 1
    if count == 0:
        canvas.setFont(fonts["regular"], 14)
        canvas.drawString(20 * mm, SHEET_HEIGHT - 30 * mm, "Geen kaarten voor deze vestiging.")
    canvas.showPage()
    canvas.save()
    return count

"""Handout lists for the volunteers of one location, as CSV and as PDF: which card and gift
goes to whom. Pure: rows in, bytes out. No sender appears here at all: the list is for
handing out, and an anonymous sender must not be revealed by it.
"""

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from backend.common.fonts import text_width
from campaigns.compliments.print_sheets import register_fonts

CSV_HEADER = ("kaartnummer", "ontvanger", "afdeling", "cadeau", "uitgereikt")


@dataclass(frozen=True)
class HandoutRow:
    card_number: int
    recipient: str
    department: str
    gift: str
    handed_out: str  # local date and time, or "" when not yet


def handout_csv(rows: Iterable[HandoutRow]) -> str:
    """Semicolons, as Dutch spreadsheets expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([row.card_number, row.recipient, row.department, row.gift, row.handed_out])
    return buffer.getvalue()


PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 15 * mm
TOP = PAGE_HEIGHT - 18 * mm
BOTTOM = 18 * mm
ROW_HEIGHT = 7 * mm
COLUMNS = (  # (title, x offset in mm, width in mm)
    ("Kaart", 0, 16),
    ("Ontvanger", 16, 62),
    ("Afdeling", 78, 50),
    ("Cadeau", 128, 26),
    ("Uitgereikt", 154, 26),
)
FONT_SIZE = 9.5


def _fit(text: str, width_mm: float) -> str:
    width = width_mm * mm - 2 * mm
    if text_width(text, "regular", FONT_SIZE) <= width:
        return text
    while text and text_width(text + "…", "regular", FONT_SIZE) > width:
        text = text[:-1]
    return text + "…"


def handout_pdf(rows: Iterable[HandoutRow], output: BinaryIO, *, title: str, subtitle: str) -> int:
    """A4 pages with a table (header repeated on every page), an empty box to tick per card
    and the totals per gift at the end; written page by page. Returns the number of rows."""
    fonts = register_fonts()
    canvas = Canvas(output, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Dienst-DNA")
    gifts: Counter[str] = Counter()
    page = 0

    def start_page():
        nonlocal page
        page += 1
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(fonts["bold"], 14)
        canvas.drawString(LEFT, TOP, title)
        canvas.setFont(fonts["regular"], 10)
        canvas.drawString(LEFT, TOP - 6 * mm, f"{subtitle} · blad {page}")
        y = TOP - 15 * mm
        canvas.setFont(fonts["semibold"], FONT_SIZE)
        for name, x, _width in COLUMNS:
            canvas.drawString(LEFT + x * mm, y, name)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, y - 2 * mm, PAGE_WIDTH - LEFT, y - 2 * mm)
        return y - ROW_HEIGHT

    y = start_page()
    count = 0
    for row in rows:
        if y < BOTTOM:
            canvas.showPage()
            y = start_page()
        canvas.setFont(fonts["regular"], FONT_SIZE)
        values = (str(row.card_number), row.recipient, row.department, row.gift)
        for (_name, x, width), value in zip(COLUMNS, values, strict=False):
            canvas.drawString(LEFT + x * mm, y, _fit(value, width))
        x_done = LEFT + COLUMNS[4][1] * mm
        if row.handed_out:
            canvas.drawString(x_done, y, _fit(row.handed_out, COLUMNS[4][2]))
        else:
            canvas.setLineWidth(0.6)
            canvas.rect(x_done, y - 0.8 * mm, 3.6 * mm, 3.6 * mm, stroke=1, fill=0)
        canvas.setLineWidth(0.2)
        canvas.line(LEFT, y - 2.3 * mm, PAGE_WIDTH - LEFT, y - 2.3 * mm)
        gifts[row.gift or "geen cadeau"] += 1
        count += 1
        y -= ROW_HEIGHT
    if y < BOTTOM + (len(gifts) + 2) * ROW_HEIGHT:
        canvas.showPage()
        y = start_page()
    y -= ROW_HEIGHT / 2
    canvas.setFont(fonts["semibold"], FONT_SIZE)
    canvas.drawString(LEFT, y, f"Totaal: {count} kaarten")
    canvas.setFont(fonts["regular"], FONT_SIZE)
    for gift, number in sorted(gifts.items()):
        y -= ROW_HEIGHT * 0.8
        canvas.drawString(LEFT, y, f"{gift}: {number}")
    canvas.showPage()
    canvas.save()
    return count

"""Paints a card layout as a PNG with Pillow: the card the recipient sees on their phone.

Pure: a layout and the logo in, PNG bytes out; no Django, no files.
"""

import io

from PIL import Image, ImageDraw

from backend.common.fonts import load_font
from campaigns.compliments.card_layout import CardLayout

SCREEN_PIXELS_PER_MM = 8  # 1080 x 760 pixels: sharp on a phone, quick to draw and send


def card_png(
    layout: CardLayout, logo: Image.Image | None = None, *, scale=SCREEN_PIXELS_PER_MM
) -> bytes:
    image = card_image(layout, logo, scale=scale)
    buffer = io.BytesIO()
    # Flat colours compress well even at a low level; level 9 costs time and saves little.
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


def card_image(layout: CardLayout, logo: Image.Image | None = None, *, scale=SCREEN_PIXELS_PER_MM):
    size = (round(layout.width * scale), round(layout.height * scale))
    image = Image.new("RGB", size, "#FFFFFF")
    draw = ImageDraw.Draw(image)
    for box in layout.boxes:
        corners = [
            round(box.x * scale),
            round(box.y * scale),
            round((box.x + box.width) * scale) - 1,
            round((box.y + box.height) * scale) - 1,
        ]
        if box.radius:
            draw.rounded_rectangle(corners, radius=round(box.radius * scale), fill=box.colour)
        else:
            draw.rectangle(corners, fill=box.colour)
    for line in layout.lines:
        font = load_font(line.weight, max(1, round(line.size * scale)))
        draw.text(
            (line.x * scale, line.baseline * scale),
            line.text,
            font=font,
            fill=line.colour,
            anchor="ls",
        )
    if logo is not None and layout.logo is not None:
        slot = layout.logo
        fitted = logo.copy()
        fitted.thumbnail((round(slot.width * scale), round(slot.height * scale)))
        left = round(slot.x * scale + (slot.width * scale - fitted.width) / 2)
        top = round(slot.y * scale + (slot.height * scale - fitted.height) / 2)
        image.paste(fitted, (left, top), fitted if fitted.mode == "RGBA" else None)
    return image

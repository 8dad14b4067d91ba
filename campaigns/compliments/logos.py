"""A campaign logo, checked and normalised with Pillow: bytes in, bytes out, no files.

Only real PNG, JPEG or WebP images within the limits are accepted; the stored logo is a PNG
of at most LOGO_MAX_SIDE pixels, without metadata, so every card and sheet embeds a small,
known file.
"""

import io

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 20_000_000  # judged from the header, before anything is decoded
LOGO_MAX_SIDE = 512
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


class LogoRejected(ValueError):
    """The upload is not a logo we can use; the message says why, for people."""


def normalised_logo(data: bytes) -> bytes:
    if len(data) > LOGO_MAX_BYTES:
        raise LogoRejected(_("The logo is larger than 2 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in LOGO_FORMATS:
                raise LogoRejected(_("The logo must be a PNG, JPEG or WebP image."))
            if probe.width * probe.height > LOGO_MAX_PIXELS:
                raise LogoRejected(_("The logo has too many pixels (at most 20 million)."))
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            logo = image.convert("RGBA")
    except LogoRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise LogoRejected(_("This file is not a readable image.")) from exc
    logo.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    buffer = io.BytesIO()
    logo.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def logo_image(data: bytes) -> Image.Image:
    """A stored (already normalised) logo, opened for pasting."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.convert("RGBA")

"""A campaign logo, checked and normalised with Pillow: bytes in, bytes out, no files.

The header, pixel-count and structure checks are the shared ones for every upload
(backend.common.images.inspect_image); a logo is in addition a PNG, JPEG or WebP of at most
2 MB. The stored logo is a PNG of at most LOGO_MAX_SIDE pixels, without metadata, so every
card and sheet embeds a small, known file.
"""

import io

from django.utils.translation import gettext as _
from PIL import Image

from backend.common.images import ImageRejected, inspect_image

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


class LogoRejected(ValueError):
    """The upload is not a logo we can use; the message says why, for people."""


def _reason(code: str) -> str:
    if code == "unsupported_format":
        return _("The logo must be a PNG, JPEG or WebP image.")
    if code == "too_many_pixels":
        return _("The logo has too many pixels.")
    return _("This file is not a readable image.")


def normalised_logo(data: bytes) -> bytes:
    if len(data) > LOGO_MAX_BYTES:
        raise LogoRejected(_("The logo is larger than 2 MB."))
    try:
        inspect_image(data)
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in LOGO_FORMATS:
                raise ImageRejected("unsupported_format")
            image.load()
            logo = image.convert("RGBA")
    except ImageRejected as exc:
        raise LogoRejected(_reason(exc.code)) from exc
    except (OSError, ValueError) as exc:  # pixel data that the header did not betray
        raise LogoRejected(_reason("broken_image")) from exc
    logo.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    buffer = io.BytesIO()
    logo.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def logo_image(data: bytes) -> Image.Image:
    """A stored (already normalised) logo, opened for pasting."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.convert("RGBA")

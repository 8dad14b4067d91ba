"""Validate and process uploaded images (lesson pictures, report attachments).

Pure Pillow, no Django: callers pass the uploaded bytes to :func:`process_image` and store
the bytes it returns. Uploads are untrusted, so everything that can be checked from the
file header (byte size, format, pixel count) is checked before any pixel data is decoded,
and every output is a fresh re-encode that carries no metadata (no EXIF/GPS, XMP,
comments or ICC profile).
"""

import contextlib
import hashlib
import io
import logging
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MB
MAX_PIXELS = 40_000_000  # width*height allowed for an upload
VARIANT_WIDTHS = (480, 960, 1440)  # phone widths; never upscale
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}  # Pillow format names; animated rejected

WEBP_MEDIA_TYPE = "image/webp"
JPEG_MEDIA_TYPE = "image/jpeg"

# Encoder settings. None of them writes a timestamp, so equal input gives equal output.
_WEBP_VARIANT_OPTIONS = {"quality": 80, "method": 4}
_JPEG_VARIANT_OPTIONS = {"quality": 82, "progressive": True, "optimize": True}
_WEBP_ORIGINAL_OPTIONS = {"lossless": True}
_JPEG_ORIGINAL_OPTIONS = {"quality": 90, "progressive": True, "optimize": True}

# Exceptions Pillow raises for data it identified but cannot decode (truncated files, bad
# checksums, corrupt chunks). Kept narrow so bugs in this module are not reported to
# editors as "broken image".
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)

RejectionCode = Literal[
    "too_large",
    "too_many_pixels",
    "not_an_image",
    "unsupported_format",
    "broken_image",
    "animated_image",
]

# Fixed English strings (no interpolation) so callers can use them as gettext msgids.
_REJECTION_MESSAGES: dict[RejectionCode, str] = {
    "too_large": "The file is too large. The maximum is 10 MB.",
    "too_many_pixels": "The image has too many pixels. The maximum is 40 megapixels.",
    "not_an_image": "The file is not an image.",
    "unsupported_format": "This image format is not supported. Use JPEG, PNG, WebP or GIF.",
    "broken_image": "The image file is damaged or incomplete.",
    "animated_image": "Animated images are not supported.",
}


class ImageRejected(Exception):
    """The upload cannot be used; ``code`` is for programs, ``message`` for people."""

    def __init__(self, code: RejectionCode) -> None:
        self.code = code
        self.message = _REJECTION_MESSAGES[code]
        super().__init__(self.message)


@dataclass(frozen=True)
class ImageVariant:
    width: int
    height: int
    media_type: str  # WEBP_MEDIA_TYPE or JPEG_MEDIA_TYPE
    data: bytes = field(repr=False)  # keep reprs (logs, test failures) readable

    @property
    def extension(self) -> str:
        return {WEBP_MEDIA_TYPE: "webp", JPEG_MEDIA_TYPE: "jpg"}[self.media_type]


@dataclass(frozen=True)
class ProcessedImage:
    width: int  # of the normalised original (EXIF orientation applied)
    height: int
    original: ImageVariant  # full size: lossless WebP if it has transparency, else JPEG
    variants: tuple[ImageVariant, ...]  # by width ascending, WebP before JPEG per width
    sha256: str  # hex digest of the uploaded bytes, for de-duplication


@dataclass(frozen=True)
class ImageHeader:
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def inspect_image(data: bytes) -> ImageHeader:
    """Check an upload from its header alone (byte size, format, pixel count, structure)
    without decoding any pixel data: cheap enough to run on every image of a pack first.

    Raises :class:`ImageRejected` when the upload cannot be used.
    """
    # Cheap checks first: never hand oversized or empty input to a decoder.
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected("too_large")
    if not data:
        raise ImageRejected("not_an_image")
    with _pillow_problems_as_rejections():
        return _check_header_and_integrity(data)


def process_image(data: bytes) -> ProcessedImage:
    """Validate an upload and return its metadata-free original and phone-sized variants.

    Raises :class:`ImageRejected` when the upload cannot be used.
    """
    inspect_image(data)
    with _pillow_problems_as_rejections():
        image = _decode_normalised(data)

    return ProcessedImage(
        width=image.width,
        height=image.height,
        original=_encode_original(image),
        variants=tuple(_encode_variants(image)),
        sha256=hashlib.sha256(data).hexdigest(),
    )


@contextlib.contextmanager
def _pillow_problems_as_rejections() -> Iterator[None]:
    """Turn Pillow's errors and warnings about the uploaded data into ImageRejected.

    Pillow's own decompression-bomb guard (based on the global ``Image.MAX_IMAGE_PIXELS``,
    which other code may change) runs inside ``Image.open`` and warns or raises before we
    can look at the size, so both forms are mapped to ``too_many_pixels`` here. Other
    warnings about the data (e.g. corrupt EXIF) are logged instead of leaking to callers.
    Note: ``warnings.catch_warnings`` changes process-wide state and is not thread-safe
    before Python 3.14.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageRejected("too_many_pixels") from exc
        except UnidentifiedImageError as exc:  # subclass of OSError, so check it first
            raise ImageRejected("not_an_image") from exc
        except _DECODE_ERRORS as exc:
            raise ImageRejected("broken_image") from exc
        finally:
            for warning in caught:
                logger.info("Pillow warning while reading an upload: %s", warning.message)


def _accepted_format(image: Image.Image) -> str | None:
    # Pillow reports JPEGs with a Multi-Picture (MPF) segment, which many phone cameras
    # write for previews or depth maps, as "MPO". They are ordinary JPEGs to people;
    # the first frame is the photo.
    image_format = "JPEG" if image.format == "MPO" else image.format
    return image_format if image_format in ACCEPTED_FORMATS else None


def _check_header_and_integrity(data: bytes) -> ImageHeader:
    """Reject by header (format, pixel count, animation), then verify the file structure."""
    with Image.open(io.BytesIO(data)) as image:
        if _accepted_format(image) is None:
            raise ImageRejected("unsupported_format")
        # Pillow has only parsed the header here; our limit is independent of (and stricter
        # than the default of) Image.MAX_IMAGE_PIXELS.
        if image.width * image.height > MAX_PIXELS:
            raise ImageRejected("too_many_pixels")
        header = ImageHeader(width=image.width, height=image.height)
        # verify() checks e.g. PNG chunk checksums, which load() does not; it must be the
        # first call after open and leaves the image unusable, hence the second open later.
        image.verify()
    return header


def _decode_normalised(data: bytes) -> Image.Image:
    """Decode the upload into an upright, sRGB, RGB or RGBA image without metadata."""
    with Image.open(io.BytesIO(data)) as image:
        if image.format != "MPO" and getattr(image, "is_animated", False):
            raise ImageRejected("animated_image")
        image.load()  # truncated or corrupt pixel data fails here
        upright = ImageOps.exif_transpose(image)  # a copy; rotation/mirroring from EXIF

    icc_profile = upright.info.get("icc_profile")
    # Bring palette, 16-bit, two-channel and tRNS-transparent images to RGB(A) first; keep
    # RGB/RGBA/L/CMYK as decoded, because their ICC profile describes exactly that data.
    if upright.mode not in ("RGB", "RGBA", "L", "CMYK") or "transparency" in upright.info:
        upright = _to_rgb_or_rgba(upright)
    if icc_profile:
        upright = _to_srgb(upright, icc_profile)
    normalised = _to_rgb_or_rgba(upright)

    # Transparency that is never used would only force the bigger lossless original.
    if normalised.mode == "RGBA" and normalised.getchannel("A").getextrema() == (255, 255):
        normalised = normalised.convert("RGB")

    # Savers fall back to image.info for some metadata (the JPEG saver copies the source's
    # COM comment, for example), so start the outputs from an empty info dict.
    normalised.info = {}
    return normalised


def _to_rgb_or_rgba(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode.startswith("I"):
        # 16-bit greyscale PNGs decode as "I;16"; Pillow's convert() clips instead of
        # scaling, which would turn almost every pixel white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """Convert from the embedded colour profile to sRGB, the colour space we output.

    Untagged output is shown as sRGB, so dropping e.g. a Display P3 profile without
    converting would shift colours. A profile that cannot be read or does not match the
    image data is ignored, as browsers do.
    """
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(
            image,
            source_profile,
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (OSError, ImageCms.PyCMSError) as exc:
        logger.info("Ignoring an unusable ICC profile in an upload: %s", exc)
        return image


def _variant_widths(original_width: int) -> list[int]:
    """Phone widths below the original, plus the original width when it is not wider than
    the largest variant, so that the largest variant never upscales or goes missing."""
    widths = [width for width in VARIANT_WIDTHS if width < original_width]
    if original_width <= max(VARIANT_WIDTHS):
        widths.append(original_width)
    return widths


def _encode_variants(image: Image.Image) -> Iterator[ImageVariant]:
    for width in _variant_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        # Always resize from the full normalised image for the best quality per size;
        # reducing_gap lets Pillow first shrink by an integer factor, which is much faster
        # for large uploads and visually the same.
        resized = (
            image
            if width == image.width
            else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        yield _encode(resized, "WEBP", _WEBP_VARIANT_OPTIONS)
        yield _encode(_without_alpha(resized), "JPEG", _JPEG_VARIANT_OPTIONS)


def _encode_original(image: Image.Image) -> ImageVariant:
    if image.mode == "RGBA":
        return _encode(image, "WEBP", _WEBP_ORIGINAL_OPTIONS)
    return _encode(image, "JPEG", _JPEG_ORIGINAL_OPTIONS)


def _without_alpha(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: show transparent areas as white, like a lesson page."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, image).convert("RGB")


def _encode(image: Image.Image, image_format: str, options: dict[str, object]) -> ImageVariant:
    buffer = io.BytesIO()
    # No exif/icc_profile/xmp arguments: the output carries no metadata at all.
    image.save(buffer, image_format, **options)
    return ImageVariant(
        width=image.width,
        height=image.height,
        media_type=WEBP_MEDIA_TYPE if image_format == "WEBP" else JPEG_MEDIA_TYPE,
        data=buffer.getvalue(),
    )

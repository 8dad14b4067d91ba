"""Tests for backend.common.images with real, in-memory Pillow images (no database)."""

import hashlib
import io
import random
import struct
import warnings
import zlib

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw

from backend.common.images import (
    MAX_UPLOAD_BYTES,
    ImageRejected,
    ImageVariant,
    ProcessedImage,
    process_image,
)

RED = (255, 0, 0)
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)


# --- Input builders -------------------------------------------------------------------


def _gradient_rgb(size: tuple[int, int]) -> Image.Image:
    """Cheap non-flat content: a horizontal and a vertical gradient plus a constant."""
    horizontal = Image.linear_gradient("L").rotate(90).resize(size)
    vertical = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (horizontal, vertical, Image.new("L", size, 128)))


def _encode(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _close_to(pixel, expected, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


def _assert_no_metadata(image: Image.Image) -> None:
    assert not image.getexif()
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
        assert key not in image.info


def _assert_matches_file(variant: ImageVariant, expected_mode: str) -> Image.Image:
    """The variant's declared format and size agree with the bytes, which carry no metadata."""
    image = _open(variant.data)
    expected_format = {"image/webp": "WEBP", "image/jpeg": "JPEG"}[variant.media_type]
    assert image.format == expected_format
    assert image.size == (variant.width, variant.height)
    assert image.mode == expected_mode
    _assert_no_metadata(image)
    return image


def _summary(processed: ProcessedImage) -> list[tuple[int, int, str]]:
    return [(v.width, v.height, v.media_type) for v in processed.variants]


def _phone_photo_jpeg() -> bytes:
    """3000x2000 as stored by a camera held upright: EXIF Orientation=6 (rotate 90° CW to
    display), GPS position, XMP and a comment. A red block marks the stored top-left."""
    image = _gradient_rgb((3000, 2000))
    ImageDraw.Draw(image).rectangle((0, 0, 299, 299), fill=RED)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 22.0, 12.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 53.0, 40.1),
    }
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>'
    return _encode(image, "JPEG", quality=85, exif=exif, xmp=xmp, comment=b"editor's laptop")


def _transparent_png(size=(600, 400)) -> bytes:
    """Left half fully transparent (stored as transparent *black*), right half opaque."""
    image = _gradient_rgb(size).convert("RGBA")
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1] - 1), fill=(0, 0, 0, 0))
    return _encode(image, "PNG")


def _png_with_claimed_size(width: int, height: int) -> bytes:
    """A valid tiny PNG whose IHDR claims another size (with a correct CRC): a bomb header."""
    data = bytearray(_encode(Image.new("1", (1, 1)), "PNG"))
    ihdr = data.index(b"IHDR")
    struct.pack_into(">II", data, ihdr + 4, width, height)
    chunk_end = ihdr + 4 + 13
    struct.pack_into(">I", data, chunk_end, zlib.crc32(data[ihdr:chunk_end]))
    return bytes(data)


def _red_blue_swapped_icc_profile() -> bytes:
    """Pillow's sRGB profile with the red and blue primaries swapped: an RGB profile whose
    colours differ from sRGB in an unmistakable way."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (tag_count,) = struct.unpack_from(">I", profile, 128)
    entries = {}
    for index in range(tag_count):
        position = 132 + 12 * index
        signature, offset, size = struct.unpack_from(">4sII", profile, position)
        entries[signature] = (position, offset, size)
    red_position, red_offset, red_size = entries[b"rXYZ"]
    blue_position, blue_offset, blue_size = entries[b"bXYZ"]
    struct.pack_into(">4sII", profile, red_position, b"rXYZ", blue_offset, blue_size)
    struct.pack_into(">4sII", profile, blue_position, b"bXYZ", red_offset, red_size)
    return bytes(profile)


def _rejection_code(data: bytes) -> str:
    with pytest.raises(ImageRejected) as excinfo:
        process_image(data)
    return excinfo.value.code


@pytest.fixture(scope="module")
def phone_photo() -> bytes:
    return _phone_photo_jpeg()


@pytest.fixture(scope="module")
def processed_phone_photo(phone_photo) -> ProcessedImage:
    return process_image(phone_photo)


# --- Large photo: orientation, metadata, variants -------------------------------------


def test_phone_photo_input_really_carries_the_metadata_we_strip(phone_photo):
    # Guards the tests below against passing because the input had nothing to strip.
    image = Image.open(io.BytesIO(phone_photo))
    assert image.size == (3000, 2000)
    assert image.getexif()[ExifTags.Base.Orientation] == 6
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "xmp", "comment"} <= image.info.keys()


def test_phone_photo_gets_upright_variants_in_webp_and_jpeg(processed_phone_photo):
    # Orientation 6 turns the stored 3000x2000 into a 2000x3000 portrait.
    assert (processed_phone_photo.width, processed_phone_photo.height) == (2000, 3000)
    assert _summary(processed_phone_photo) == [
        (480, 720, "image/webp"),
        (480, 720, "image/jpeg"),
        (960, 1440, "image/webp"),
        (960, 1440, "image/jpeg"),
        (1440, 2160, "image/webp"),
        (1440, 2160, "image/jpeg"),
    ]
    for variant in processed_phone_photo.variants:
        _assert_matches_file(variant, expected_mode="RGB")


def test_phone_photo_orientation_moves_the_stored_top_left_to_the_top_right(
    processed_phone_photo,
):
    for variant in processed_phone_photo.variants:
        image = _open(variant.data)
        assert _close_to(image.getpixel((image.width - 5, 5)), RED, tolerance=40)
        assert not _close_to(image.getpixel((5, 5)), RED, tolerance=40)


def test_phone_photo_original_is_a_clean_full_size_jpeg(processed_phone_photo):
    original = processed_phone_photo.original
    assert (original.width, original.height, original.media_type) == (2000, 3000, "image/jpeg")
    assert original.extension == "jpg"
    _assert_matches_file(original, expected_mode="RGB")


def test_phone_photo_metadata_appears_in_no_output_bytes(processed_phone_photo):
    for variant in (processed_phone_photo.original, *processed_phone_photo.variants):
        assert b"Exif\x00\x00" not in variant.data  # JPEG APP1 EXIF header
        assert b"EXIF" not in variant.data  # WebP EXIF chunk
        assert b"PhoneCam" not in variant.data
        assert b"editor's laptop" not in variant.data
        assert b"adobe:ns:meta" not in variant.data


def test_sha256_is_of_the_uploaded_bytes(phone_photo, processed_phone_photo):
    assert processed_phone_photo.sha256 == hashlib.sha256(phone_photo).hexdigest()


# --- Transparency ---------------------------------------------------------------------


def test_transparent_png_keeps_alpha_in_webp_and_is_white_in_jpeg():
    processed = process_image(_transparent_png())

    assert (processed.width, processed.height) == (600, 400)
    assert _summary(processed) == [
        (480, 320, "image/webp"),
        (480, 320, "image/jpeg"),
        (600, 400, "image/webp"),
        (600, 400, "image/jpeg"),
    ]
    for variant in processed.variants:
        if variant.media_type == "image/webp":
            assert variant.extension == "webp"
            image = _assert_matches_file(variant, expected_mode="RGBA")
            assert image.getpixel((10, 10))[3] == 0
            assert image.getpixel((variant.width - 10, 10))[3] == 255
        else:
            image = _assert_matches_file(variant, expected_mode="RGB")
            assert _close_to(image.getpixel((10, 10)), WHITE)


def test_transparent_png_original_is_lossless_webp_with_the_same_alpha():
    source = _open(_transparent_png())
    original = process_image(_transparent_png()).original

    assert (original.media_type, original.extension) == ("image/webp", "webp")
    image = _assert_matches_file(original, expected_mode="RGBA")
    assert image.getchannel("A").tobytes() == source.getchannel("A").tobytes()


def test_png_with_an_unused_alpha_channel_is_treated_as_opaque():
    processed = process_image(_encode(_gradient_rgb((500, 300)).convert("RGBA"), "PNG"))

    assert processed.original.media_type == "image/jpeg"
    assert _open(processed.variants[0].data).mode == "RGB"


# --- Formats and modes ----------------------------------------------------------------


def test_static_palette_gif_is_accepted():
    gif = _encode(_gradient_rgb((700, 350)).convert("P", palette=Image.Palette.ADAPTIVE), "GIF")
    assert Image.open(io.BytesIO(gif)).mode == "P"

    processed = process_image(gif)

    assert _summary(processed) == [
        (480, 240, "image/webp"),
        (480, 240, "image/jpeg"),
        (700, 350, "image/webp"),
        (700, 350, "image/jpeg"),
    ]
    for variant in processed.variants:
        _assert_matches_file(variant, expected_mode="RGB")


def test_gif_transparency_becomes_alpha():
    image = Image.new("P", (100, 50), 0)
    image.putpalette([*WHITE, *RED])
    ImageDraw.Draw(image).rectangle((50, 0, 99, 49), fill=1)
    processed = process_image(_encode(image, "GIF", transparency=0))

    webp = _open(processed.variants[0].data)
    assert webp.mode == "RGBA"
    assert webp.getpixel((10, 10))[3] == 0
    assert _close_to(webp.getpixel((90, 10)), (*RED, 255))


def test_16_bit_greyscale_png_is_scaled_not_clipped():
    image = Image.new("I;16", (200, 100), 0x2000)  # 1/8 grey in 16 bits, stored as I;16
    processed = process_image(_encode(image, "PNG"))

    jpeg = _open(processed.variants[1].data)
    assert _close_to(jpeg.getpixel((50, 50)), (32, 32, 32), tolerance=3)


def test_cmyk_jpeg_is_converted_to_rgb():
    cmyk = Image.new("CMYK", (300, 200), (0, 255, 255, 0))  # red in CMYK
    processed = process_image(_encode(cmyk, "JPEG"))

    for variant in processed.variants:
        image = _assert_matches_file(variant, expected_mode="RGB")
        assert _close_to(image.getpixel((150, 100)), RED, tolerance=30)


def test_embedded_colour_profile_is_converted_to_srgb_and_dropped():
    # Under the swapped profile, the stored "red" channel means blue.
    image = Image.new("RGB", (300, 200), RED)
    processed = process_image(_encode(image, "PNG", icc_profile=_red_blue_swapped_icc_profile()))

    for variant in (processed.original, *processed.variants):
        output = _assert_matches_file(variant, expected_mode="RGB")
        assert _close_to(output.getpixel((150, 100)), BLUE, tolerance=30)


def test_unreadable_colour_profile_is_ignored():
    image = Image.new("RGB", (300, 200), RED)
    processed = process_image(_encode(image, "PNG", icc_profile=b"not an icc profile"))

    output = _assert_matches_file(processed.variants[0], expected_mode="RGB")
    assert _close_to(output.getpixel((150, 100)), RED, tolerance=30)


def test_mpo_jpeg_from_a_phone_is_accepted_as_a_photo():
    # Many phones write JPEGs with a Multi-Picture segment (e.g. a preview or depth map);
    # Pillow calls them "MPO" with n_frames > 1, but they are not animations.
    main, preview = Image.new("RGB", (800, 600), RED), Image.new("RGB", (160, 120), BLUE)
    mpo = _encode(main, "MPO", save_all=True, append_images=[preview])
    assert Image.open(io.BytesIO(mpo)).format == "MPO"

    processed = process_image(mpo)

    assert (processed.width, processed.height) == (800, 600)
    jpeg = _assert_matches_file(processed.variants[-1], expected_mode="RGB")
    assert _close_to(jpeg.getpixel((400, 300)), RED)


# --- Variant widths -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "expected_widths"),
    [
        (300, [300]),
        (480, [480]),
        (1000, [480, 960, 1000]),
        (1440, [480, 960, 1440]),
        (1441, [480, 960, 1440]),
    ],
)
def test_variant_widths_never_upscale(width, expected_widths):
    processed = process_image(_encode(_gradient_rgb((width, 10)), "JPEG"))

    assert [v.width for v in processed.variants[::2]] == expected_widths
    assert all(v.height == max(1, round(10 * v.width / width)) for v in processed.variants)


def test_very_wide_image_gets_at_least_one_pixel_of_height():
    processed = process_image(_encode(_gradient_rgb((2000, 1)), "PNG"))

    assert {(v.width, v.height) for v in processed.variants} == {(480, 1), (960, 1), (1440, 1)}


# --- Rejections -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "options"),
    [("GIF", {}), ("WEBP", {"lossless": True}), ("PNG", {})],  # PNG: an APNG
)
def test_animated_images_are_rejected(image_format, options):
    frames = [Image.new("RGB", (60, 40), colour) for colour in (RED, BLUE)]
    data = _encode(frames[0], image_format, save_all=True, append_images=frames[1:], **options)

    assert _rejection_code(data) == "animated_image"


def test_random_bytes_are_not_an_image():
    assert _rejection_code(random.Random(1234).randbytes(5000)) == "not_an_image"


def test_empty_upload_is_not_an_image():
    assert _rejection_code(b"") == "not_an_image"


def test_truncated_jpeg_is_broken():
    jpeg = _encode(_gradient_rgb((400, 300)), "JPEG")

    assert _rejection_code(jpeg[: len(jpeg) // 2]) == "broken_image"


def test_png_with_a_corrupted_data_chunk_is_broken():
    # Pillow's load() does not check chunk checksums and would decode whatever the chunk
    # holds; only verify() notices. Damaging the checksum itself keeps the data decodable.
    png = bytearray(_encode(_gradient_rgb((300, 200)), "PNG"))
    idat = png.index(b"IDAT")
    (idat_length,) = struct.unpack_from(">I", png, idat - 4)
    png[idat + 4 + idat_length] ^= 0xFF

    assert _rejection_code(bytes(png)) == "broken_image"


@pytest.mark.parametrize("image_format", ["TIFF", "BMP"])
def test_other_image_formats_are_unsupported(image_format):
    data = _encode(_gradient_rgb((60, 40)), image_format)

    assert _rejection_code(data) == "unsupported_format"


def test_upload_over_10_mb_is_rejected_before_reading_it():
    assert _rejection_code(b"\x89PNG" + bytes(MAX_UPLOAD_BYTES)) == "too_large"


def test_upload_of_exactly_10_mb_is_not_too_large():
    assert _rejection_code(bytes(MAX_UPLOAD_BYTES)) == "not_an_image"


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (8000, 8000),  # 64 MP: above our limit, below Pillow's default bomb limit
        (10000, 10000),  # 100 MP: Pillow warns (DecompressionBombWarning)
        (20000, 20000),  # 400 MP: Pillow raises DecompressionBombError
    ],
)
@pytest.mark.parametrize("pillow_limit", ["default", None, 10**12])
def test_decompression_bombs_are_rejected_without_warnings(
    width, height, pillow_limit, monkeypatch
):
    # Our limit must hold whatever other code set as Pillow's global limit.
    if pillow_limit != "default":
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", pillow_limit)
    bomb = _png_with_claimed_size(width, height)
    assert len(bomb) < 200

    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        assert _rejection_code(bomb) == "too_many_pixels"

    assert escaped == []


def test_a_stricter_pillow_limit_set_elsewhere_is_honoured_without_warnings(monkeypatch):
    # 1.2 MP is fine for us, but Pillow now warns (DecompressionBombWarning) about it.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    png = _encode(Image.new("RGB", (1200, 1000), RED), "PNG")

    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        assert _rejection_code(png) == "too_many_pixels"

    assert escaped == []


def test_pillow_warnings_about_the_data_do_not_escape():
    # Pillow warns (UserWarning) when a PNG announces an invalid animation.
    png = bytearray(_encode(Image.new("RGB", (20, 20), RED), "PNG"))
    actl = b"acTL" + struct.pack(">II", 0, 0)  # zero frames is invalid
    chunk = struct.pack(">I", 8) + actl + struct.pack(">I", zlib.crc32(actl))
    idat = png.index(b"IDAT") - 4
    png[idat:idat] = chunk

    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        processed = process_image(bytes(png))

    assert escaped == []
    assert processed.width == 20


def test_rejection_carries_a_code_and_a_readable_message():
    with pytest.raises(ImageRejected) as excinfo:
        process_image(b"")

    assert excinfo.value.code == "not_an_image"
    assert str(excinfo.value) == excinfo.value.message == "The file is not an image."


# --- Determinism ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "builder", [_transparent_png, lambda: _encode(_gradient_rgb((1000, 700)), "JPEG")]
)
def test_same_upload_gives_byte_identical_outputs(builder):
    data = builder()

    assert process_image(data) == process_image(data)

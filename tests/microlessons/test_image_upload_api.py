import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from microlessons.models import LessonImage
from tests.helpers import assert_problem
from tests.microlessons.builders import png_bytes


def jpeg_with_gps(width=2400, height=1600):
    image = Image.new("RGB", (width, height), (20, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Telefoon"  # camera make
    exif.get_ifd(0x8825)[2] = (52.0, 13.0, 0.0)  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def post_image(client, data, name="foto.jpg"):
    return client.post(
        "/api/v1/afbeeldingen",
        {"bestand": SimpleUploadedFile(name, data), "beschrijving": "Een balie"},
        format="multipart",
    )


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return (
        [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]
        if os.path.exists(root)
        else []
    )


def test_upload_is_stripped_and_resized_for_phones(editor_client, settings):
    response = post_image(editor_client, jpeg_with_gps())
    assert response.status_code == 201
    body = response.json()
    assert (body["breedte"], body["hoogte"]) == (2400, 1600)
    assert {(v["breedte"], v["mediatype"]) for v in body["varianten"]} == {
        (w, t) for w in (480, 960, 1440) for t in ("image/webp", "image/jpeg")
    }
    for variant in body["varianten"]:
        served = editor_client.get(variant["url"].removeprefix("http://testserver"))
        image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
        assert image.width == variant["breedte"]
        assert image.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[variant["mediatype"]]
        assert not image.getexif()
    original = LessonImage.objects.get()
    with open(os.path.join(settings.MEDIA_ROOT, original.original.name), "rb") as handle:
        assert not Image.open(handle).getexif()


def test_same_file_twice_is_stored_once(editor_client):
    data = png_bytes()
    first = post_image(editor_client, data, "a.png").json()
    second = post_image(editor_client, data, "b.png").json()
    assert first["uuid"] == second["uuid"]
    assert LessonImage.objects.count() == 1


def bomb_png():
    """A tiny file that claims 30,000 x 30,000 pixels."""
    buffer = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, code",
    [
        (b"dit is geen plaatje", "not_an_image"),
        (jpeg_with_gps()[:5000], "broken_image"),
        (b"\xff" * (10 * 1024 * 1024 + 1), "too_large"),
        (bomb_png(), "too_many_pixels"),
    ],
    ids=["not-an-image", "truncated", "oversized", "decompression-bomb"],
)
def test_bad_images_are_a_400_and_store_nothing(editor_client, settings, data, code):
    response = post_image(editor_client, data)
    body = assert_problem(response, 400, code)
    assert body["invalidParams"][0]["name"] == "bestand"
    assert not LessonImage.objects.exists()
    assert stored_files(settings) == []


def test_missing_fields_are_listed(editor_client, db):
    body = assert_problem(editor_client.post("/api/v1/afbeeldingen", {}, format="multipart"), 400)
    assert {p["name"] for p in body["invalidParams"]} == {"bestand", "beschrijving"}


def test_only_editors_upload(employee_client, db):
    assert_problem(post_image(employee_client, png_bytes()), 403)

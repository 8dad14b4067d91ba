"""Issue 7.8: a 7 MB pack of 40 highly compressed 40-megapixel PNGs tied up a worker for 31 s
and ended in an HTML 500. The pixels of a whole pack are bounded from the image headers,
before anything is decoded, and the answer is a 400 problem."""

import base64
import io
import json
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.organisations.roles import Role
from microlessons.content_packs import MAX_PACK_PIXELS, check_pack
from microlessons.models import LessonImage, Module
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.helpers import assert_problem
from tests.microlessons.builders import lesson, pack


@pytest.fixture(scope="module")
def forty_megapixels():
    """An 8000 x 5000 PNG of a few kilobytes: cheap to send, expensive to decode."""
    buffer = io.BytesIO()
    Image.new("1", (8000, 5000)).save(buffer, "PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@pytest.fixture(scope="module")
def undecodable_forty_megapixels():
    """A PNG whose header and chunk checksums are right but whose pixel data is no zlib
    stream: checking it from the header passes, decoding it fails."""
    header = struct.pack(">IIBBBBB", 8000, 5000, 1, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"geen pixels")
    return base64.b64encode(data + _chunk(b"IEND", b"")).decode()


def _bomb_pack(image, count):
    blocks = [
        {"soort": "afbeelding", "afbeelding": f"foto-{n}", "alternatieveTekst": "Foto"}
        for n in range(count)
    ]
    return pack(
        "zwaar",
        lesson_list=[lesson("zwaar-l", extra_blocks=blocks)],
        images={f"foto-{n}": {"beschrijving": "Foto", "inhoud": image} for n in range(count)},
    )


def test_a_pack_whose_images_together_are_too_big_is_refused_before_decoding(
    zeventerpen, undecodable_forty_megapixels
):
    checked = check_pack(_bomb_pack(undecodable_forty_megapixels, 40), organisation=zeventerpen)
    image_problems = {
        path: [problem.code for problem in problems]
        for path, problems in checked.problems.by_path.items()
        if path.startswith("afbeeldingen")
    }
    # Only the total is reported: had any image been decoded, it would be "broken_image".
    assert image_problems == {"afbeeldingen": ["too_many_pixels"]}
    assert MAX_PACK_PIXELS < 40 * 40_000_000


def test_within_the_bound_a_broken_image_is_still_found(zeventerpen, undecodable_forty_megapixels):
    checked = check_pack(_bomb_pack(undecodable_forty_megapixels, 1), organisation=zeventerpen)
    codes = [p.code for p in checked.problems.by_path["afbeeldingen.foto-0.inhoud"]]
    assert codes == ["broken_image"]


def test_the_api_answers_such_a_pack_with_a_400_problem(zeventerpen, forty_megapixels):
    editor = EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])
    upload = SimpleUploadedFile(
        "zwaar.json", json.dumps(_bomb_pack(forty_megapixels, 40)).encode(), "application/json"
    )
    response = client_for(editor).post(
        "/api/v1/inhoudspakketten", {"pakket": upload}, format="multipart"
    )
    body = assert_problem(response, 400, "invalid_content_pack")
    assert {"afbeeldingen"} <= {p["name"] for p in body["invalidParams"]}
    assert not Module.objects.exists() and not LessonImage.objects.exists()

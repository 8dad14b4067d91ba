import base64
import contextlib
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, transaction

from backend.common.errors import InvalidInput
from backend.organisations.roles import Role
from microlessons.content_packs import module_export, module_import
from microlessons.models import Block, LessonImage, LessonVersion, Module
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.helpers import assert_problem
from tests.microlessons.builders import lesson, pack, png_bytes


@pytest.fixture
def rich_pack():
    image_block = {"soort": "afbeelding", "afbeelding": "loket", "alternatieveTekst": "Het loket"}
    tip = {"soort": "tip", "tekst": "Kijk de inwoner aan."}
    return pack(
        "rijk",
        lesson_list=[
            lesson("rijk-l0", questions=2, extra_blocks=[image_block, tip]),
            lesson("rijk-l1", questions=3, seconds=240),
        ],
        images={
            "loket": {"beschrijving": "Loket", "inhoud": base64.b64encode(png_bytes()).decode()}
        },
    )


def normalised(exported):
    """Images are re-encoded on import (metadata is always stripped, JPEG is lossy), so images
    compare by name, description and pixel size; everything else must be identical."""
    from PIL import Image

    exported = json.loads(json.dumps(exported))
    for image in exported["afbeeldingen"].values():
        size = Image.open(io.BytesIO(base64.b64decode(image.pop("inhoud")))).size
        image["pixels"] = list(size)
    return exported


def test_round_trip_between_organisations_is_equal(zeventerpen, oosterdijk, rich_pack):
    original = module_import(pack=rich_pack, organisation=zeventerpen)
    exported = module_export(module=original)
    copy = module_import(pack=exported, organisation=oosterdijk)
    assert copy.owner == oosterdijk
    assert normalised(module_export(module=copy)) == normalised(exported)
    assert exported["module"]["lessen"][0]["blokken"][1]["soort"] == "afbeelding"


def test_invalid_pack_lists_every_problem_and_imports_nothing(zeventerpen, rich_pack):
    broken = json.loads(json.dumps(rich_pack))
    broken["module"]["sleutel"] = "Geen Sleutel!"
    first, second = broken["module"]["lessen"]
    first["geschatteDuurSeconden"] = 900
    first["blokken"][1]["afbeelding"] = "bestaat-niet"
    second["sleutel"] = first["sleutel"]
    second["blokken"][1]["vraag"]["opties"][0]["juist"] = "ja"
    second["blokken"][2]["vraag"]["opties"] = []
    broken["afbeeldingen"]["kapot"] = {
        "beschrijving": "x",
        "inhoud": base64.b64encode(b"geen plaatje").decode(),
    }
    counts = (Module.objects.count(), LessonVersion.objects.count(), LessonImage.objects.count())
    with pytest.raises(InvalidInput) as error:
        module_import(pack=broken, organisation=zeventerpen)
    problems = error.value.params
    assert {
        "module.sleutel",
        "module.lessen.0.geschatteDuurSeconden",
        "module.lessen.0.blokken.1.afbeelding",
        "module.lessen.1.sleutel",
        "module.lessen.1.blokken.1.vraag.opties.0.juist",
        "module.lessen.1.blokken.2.vraag.opties",
        "afbeeldingen.kapot.inhoud",
    } <= problems.keys()
    assert (
        Module.objects.count(),
        LessonVersion.objects.count(),
        LessonImage.objects.count(),
    ) == counts


def test_text_with_a_nul_character_is_a_problem_not_a_crash(zeventerpen, rich_pack):
    """PostgreSQL cannot store NUL; the check must catch it before anything is written."""
    rich_pack["module"]["titel"] = "Module\x00"
    rich_pack["module"]["lessen"][1]["blokken"][0]["tekst"] = "Uitleg\x00"
    with pytest.raises(InvalidInput) as error:
        module_import(pack=rich_pack, organisation=zeventerpen)
    assert {"module.titel", "module.lessen.1.blokken.0.tekst"} <= set(error.value.params)
    assert not Module.objects.exists()


def test_a_failure_halfway_leaves_nothing_behind(zeventerpen, rich_pack, monkeypatch, settings):
    """Even an error after validation (here: the database fails while storing the options, after
    images, lessons, blocks and questions were written) rolls everything back, files included;
    an image that was already there keeps its files."""
    from pathlib import Path

    from microlessons.image_uploads import lesson_image_create

    earlier = lesson_image_create(owner=zeventerpen, data=png_bytes(64, 64), description="Eerder")
    rich_pack["afbeeldingen"]["eerder"] = {
        "beschrijving": "Eerder",
        "inhoud": base64.b64encode(png_bytes(64, 64)).decode(),
    }
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*.*"))
    import microlessons.content_packs as packs

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patched:
        patched.setattr(packs.QuestionOption.objects, "bulk_create", database_gone)
        with pytest.raises(OperationalError):
            module_import(pack=rich_pack, organisation=zeventerpen)
    assert not Module.objects.exists() and not Block.objects.exists()
    assert list(LessonImage.objects.all()) == [earlier]
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*.*")) == files_before
    # Not vacuous: the same import, when nothing fails, does store new files.
    module_import(pack=rich_pack, organisation=zeventerpen)
    assert len(list(Path(settings.MEDIA_ROOT).rglob("*.*"))) > len(files_before)


def test_same_module_key_twice_is_refused(zeventerpen, rich_pack):
    module_import(pack=rich_pack, organisation=zeventerpen)
    with pytest.raises(InvalidInput) as error:
        module_import(pack=rich_pack, organisation=zeventerpen)
    assert "module.sleutel" in error.value.params


def upload(pack_dict):
    return SimpleUploadedFile("pakket.json", json.dumps(pack_dict).encode(), "application/json")


def test_editor_exports_and_imports_through_the_api(
    zeventerpen, oosterdijk, editor_client, rich_pack
):
    module = module_import(pack=rich_pack, organisation=zeventerpen)
    response = editor_client.get(f"/api/v1/modules/{module.uuid}/inhoudspakket")
    assert response.status_code == 200
    exported = json.loads(response.content)
    other_editor = client_for(EmployeeFactory(organisation=oosterdijk, roles=[Role.CONTENT_EDITOR]))
    created = other_editor.post(
        "/api/v1/inhoudspakketten", {"pakket": upload(exported)}, format="multipart"
    )
    assert created.status_code == 201
    assert Module.objects.get(uuid=created.json()["uuid"]).owner == oosterdijk


def test_api_import_reports_every_problem(editor_client, rich_pack):
    rich_pack["module"]["lessen"] = []
    rich_pack["versie"] = 9
    response = editor_client.post(
        "/api/v1/inhoudspakketten", {"pakket": upload(rich_pack)}, format="multipart"
    )
    body = assert_problem(response, 400, "invalid_content_pack")
    assert {p["name"] for p in body["invalidParams"]} >= {"versie", "module.lessen"}
    assert not Module.objects.exists()


def test_api_import_rejects_non_json(editor_client, db):
    bad = SimpleUploadedFile("pakket.json", b"\xff\xfe niet json", "application/json")
    assert_problem(
        editor_client.post("/api/v1/inhoudspakketten", {"pakket": bad}, format="multipart"), 400
    )


def test_learners_cannot_use_editor_endpoints(employee_client, module):
    assert_problem(employee_client.get(f"/api/v1/modules/{module.uuid}/inhoudspakket"), 403)
    files = {"pakket": upload(pack("x"))}
    assert_problem(employee_client.post("/api/v1/inhoudspakketten", files, format="multipart"), 403)


def _mutations(node, path=()):
    """Every field of the pack replaced, one at a time, by a value of another JSON type."""
    children = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in children:
        for replacement in ([], {}, 7, None, True, "tekst", ["lijst"], {"a": ["b"]}):
            if type(replacement) is not type(value):
                yield (*path, key), replacement
        if isinstance(value, dict | list):
            yield from _mutations(value, (*path, key))


def test_a_pack_of_any_shape_is_answered_with_problems_never_a_crash(zeventerpen, rich_pack):
    rich_pack["afbeeldingen"]["loket"]["inhoud"] = base64.b64encode(png_bytes(20, 20)).decode()
    tried = 0
    for path, replacement in _mutations(rich_pack):
        broken = json.loads(json.dumps(rich_pack))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = replacement
        with transaction.atomic(), contextlib.suppress(InvalidInput):
            module_import(pack=broken, organisation=zeventerpen)
            transaction.set_rollback(True)  # a mutation that is still valid leaves nothing
        tried += 1
    assert tried > 300
    assert not Module.objects.exists()


def test_export_names_an_image_lost_from_storage_instead_of_failing(
    zeventerpen, editor_client, rich_pack
):
    from django.core.files.storage import default_storage

    module = module_import(pack=rich_pack, organisation=zeventerpen)
    image = LessonImage.objects.get(owner=zeventerpen)
    default_storage.delete(image.original.name)  # e.g. a database restored without its media

    response = editor_client.get(f"/api/v1/modules/{module.uuid}/inhoudspakket")

    body = assert_problem(response, 409, "image_missing")
    assert str(image.uuid) in body["detail"]

import base64

from microlessons.authoring import lesson_draft_create, lesson_version_publish
from tests.microlessons.builders import import_module, lesson, png_bytes


def test_module_download_has_every_lesson_with_content(employee_client, module):
    response = employee_client.get(f"/api/v1/modules/{module.uuid}/offline-pakket")
    assert response.status_code == 200
    body = response.json()
    assert len(body["lessen"]) == 3
    question_block = next(b for b in body["lessen"][0]["blokken"] if b["soort"] == "vraag")
    assert {"juist", "feedback"} <= question_block["vraag"]["opties"][0].keys()


def test_etag_gives_304_until_something_changes(employee_client, module):
    url = f"/api/v1/modules/{module.uuid}/offline-pakket"
    etag = employee_client.get(url)["ETag"]
    unchanged = employee_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag

    lesson_obj = module.lessons.first()
    lesson_version_publish(version=lesson_draft_create(lesson=lesson_obj))
    changed = employee_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_download_carries_image_variant_urls(employee_client, zeventerpen):
    image_block = {"soort": "afbeelding", "afbeelding": "balie", "alternatieveTekst": "De balie"}
    module = import_module(
        zeventerpen,
        "met-beeld",
        lesson_list=[lesson("met-beeld-l0", extra_blocks=[image_block])],
        images={
            "balie": {
                "beschrijving": "Balie",
                "inhoud": base64.b64encode(png_bytes(1600, 900)).decode(),
            }
        },
    )
    body = employee_client.get(f"/api/v1/modules/{module.uuid}/offline-pakket").json()
    block = next(b for b in body["lessen"][0]["blokken"] if b["soort"] == "afbeelding")
    variants = block["afbeelding"]["varianten"]
    assert {v["mediatype"] for v in variants} == {"image/webp", "image/jpeg"}
    assert {v["breedte"] for v in variants} == {480, 960, 1440}
    assert all(v["url"].startswith("http://testserver/media/") for v in variants)
    assert block["alternatieveTekst"] == "De balie"
    served = employee_client.get(variants[0]["url"].removeprefix("http://testserver"))
    assert served.status_code == 200


def test_module_list_and_download_query_counts_are_constant(employee_client, zeventerpen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert employee_client.get(path).status_code == 200
        return len(captured)

    small = import_module(zeventerpen, "klein", lessons=2, questions=1)
    counts_small = (
        queries("/api/v1/modules"),
        queries(f"/api/v1/modules/{small.uuid}/offline-pakket"),
    )
    big = import_module(zeventerpen, "groot", lessons=20, questions=4)
    counts_big = (queries("/api/v1/modules"), queries(f"/api/v1/modules/{big.uuid}/offline-pakket"))
    assert counts_big == counts_small

import base64

import pytest

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


# --- the ETag follows every edit that changes what is served (issue 8.5) -----------------------


def _reorder_lessons(module, org):
    from microlessons.lesson_editing import lesson_save

    first, second = module.lessons.order_by("position")[:2]
    first.position, second.position = second.position, first.position
    lesson_save(lesson=first, organisation=org)
    lesson_save(lesson=second, organisation=org)


def _relink_learning_goals(module, org):
    from microlessons.lesson_editing import learning_goal_save, lesson_save
    from microlessons.models import LearningGoal

    goal = learning_goal_save(
        goal=LearningGoal(module=module, key="nieuw-doel", title="Nieuw doel"), organisation=org
    )
    lesson_obj = module.lessons.order_by("position").first()
    lesson_save(lesson=lesson_obj, organisation=org, learning_goals=[goal])


def _rename_learning_goal(module, org):
    from microlessons.lesson_editing import learning_goal_save

    goal = module.learning_goals.first()
    goal.title = "Een andere naam voor het doel"
    learning_goal_save(goal=goal, organisation=org)


def _edit_module_description(module, org):
    from microlessons.lesson_editing import module_save

    module.description = "Een nieuwe beschrijving."
    module_save(module=module, organisation=org)


def _publish_a_new_version(module, org):
    lesson_version_publish(version=lesson_draft_create(lesson=module.lessons.first()))


def _edit_image_description(module, org):
    from microlessons.image_uploads import lesson_image_update
    from microlessons.models import LessonImage

    image = LessonImage.objects.get(owner=org)
    lesson_image_update(image=image, description="Een andere beschrijving", organisation=org)


EDITS = [
    _reorder_lessons,
    _relink_learning_goals,
    _rename_learning_goal,
    _edit_module_description,
    _publish_a_new_version,
    _edit_image_description,
]


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__.strip("_") for edit in EDITS])
def test_every_kind_of_edit_changes_the_offline_etag(employee_client, zeventerpen, edit):
    image_block = {"soort": "afbeelding", "afbeelding": "balie", "alternatieveTekst": ""}
    image = {"beschrijving": "Balie", "inhoud": base64.b64encode(png_bytes(600, 400)).decode()}
    module = import_module(
        zeventerpen,
        "etag",
        lesson_list=[lesson("etag-l0", extra_blocks=[image_block]), lesson("etag-l1")],
        images={"balie": image},
    )
    url = f"/api/v1/modules/{module.uuid}/offline-pakket"
    etag = employee_client.get(url)["ETag"]
    assert employee_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    edit(module, zeventerpen)

    changed = employee_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_etag_is_the_same_for_the_same_package(employee_client, module):
    url = f"/api/v1/modules/{module.uuid}/offline-pakket"
    assert employee_client.get(url)["ETag"] == employee_client.get(url)["ETag"]

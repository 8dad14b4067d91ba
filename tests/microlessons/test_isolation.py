import uuid

import pytest
from django.utils import timezone

from tests.helpers import assert_problem
from tests.microlessons.builders import first_question, import_module


@pytest.fixture
def foreign_module(oosterdijk):
    return import_module(oosterdijk, "oosterdijks", lessons=1, questions=1)


def test_another_organisations_content_is_404(employee_client, foreign_module):
    lesson = foreign_module.lessons.get()
    assert_problem(employee_client.get(f"/api/v1/lessen/{lesson.uuid}"), 404)
    assert_problem(employee_client.get(f"/api/v1/modules/{foreign_module.uuid}"), 404)
    assert_problem(
        employee_client.get(f"/api/v1/modules/{foreign_module.uuid}/offline-pakket"), 404
    )
    assert employee_client.get("/api/v1/modules").json() == []
    assert employee_client.get("/api/v1/mij/vandaag").json()["les"] is None


def test_answering_another_organisations_question_is_404(employee_client, foreign_module):
    question = first_question(foreign_module.lessons.get())
    response = employee_client.post(
        "/api/v1/mij/antwoorden",
        {
            "uuid": str(uuid.uuid4()),
            "vraag": str(question.uuid),
            "gekozenOpties": [str(question.options.first().uuid)],
            "beantwoordOp": timezone.now().isoformat(),
        },
        format="json",
    )
    assert_problem(response, 404, "unknown_question")
    lesson = foreign_module.lessons.get()
    response = employee_client.post(
        "/api/v1/mij/voltooiingen",
        {
            "uuid": str(uuid.uuid4()),
            "les": str(lesson.uuid),
            "versie": 1,
            "voltooidOp": timezone.now().isoformat(),
        },
        format="json",
    )
    assert_problem(response, 404, "unknown_lesson_version")


def test_editor_cannot_export_another_organisations_module(editor_client, foreign_module):
    assert_problem(editor_client.get(f"/api/v1/modules/{foreign_module.uuid}/inhoudspakket"), 404)


def test_shared_content_is_visible_to_every_organisation(employee_client, outsider_client, db):
    shared = import_module(None, "voor-iedereen", lessons=1, questions=1)
    lesson = shared.lessons.get()
    assert employee_client.get(f"/api/v1/lessen/{lesson.uuid}").status_code == 200
    assert outsider_client.get(f"/api/v1/lessen/{lesson.uuid}").status_code == 200


def test_learner_records_are_private(employee_client, outsider_client, module):
    question = first_question(module.lessons.first())
    employee_client.post(
        "/api/v1/mij/antwoorden",
        {
            "uuid": str(uuid.uuid4()),
            "vraag": str(question.uuid),
            "gekozenOpties": [str(question.options.get(is_correct=True).uuid)],
            "beantwoordOp": timezone.now().isoformat(),
        },
        format="json",
    )
    changes = outsider_client.get("/api/v1/mij/wijzigingen").json()
    assert changes["kaarten"] == [] and changes["voltooiingen"] == []

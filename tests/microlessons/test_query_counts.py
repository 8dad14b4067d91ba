"""Query counts of the learning and editing endpoints do not grow with the data.

Each test measures one endpoint on a small and on a much larger data set (more lessons, more
questions per lesson, more records of the learner) and asserts the same number of queries."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microlessons.content_packs import module_export
from microlessons.learner_events import AnswerEvent, CompletionEvent, record_learner_events
from tests.microlessons.builders import ago, bulk_lessons, import_module


def queries_for(call) -> int:
    """Queries of one call; a bulk insert counts once even where the database needs several
    statements for it (SQLite binds at most 999 values per statement, PostgreSQL 65,535)."""
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code in (200, 201), response.content[:500]
    statements = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("INSERT INTO "):
            sql = sql.split(" (", 1)[0]
            if statements and statements[-1] == sql:
                continue
        statements.append(sql)
    return len(statements)


def learn_everything(employee, module):
    """Answers every question and completes every lesson of the module, a day apart."""
    events = []
    for lesson in module.lessons.select_related("published_version"):
        version = lesson.published_version
        for question in version.questions.prefetch_related("options"):
            right = next(o for o in question.options.all() if o.is_correct)
            events.append(AnswerEvent(uuid.uuid4(), question.uuid, (right.uuid,), ago(days=3)))
        events.append(CompletionEvent(uuid.uuid4(), lesson.uuid, version.number, ago(days=3)))
    record_learner_events(employee=employee, events=events)


@pytest.fixture
def small_and_big(zeventerpen):
    small = import_module(zeventerpen, "klein", lessons=2, questions=1, position=0)
    big = import_module(zeventerpen, "groot", lessons=3, questions=5, position=1)
    bulk_lessons(big, 120)
    return small, big


def test_learner_history_endpoints(employee_client, employee, small_and_big):
    small, big = small_and_big
    paths = ("/api/v1/mij/voltooiingen", "/api/v1/mij/wijzigingen", "/api/v1/mij")
    learn_everything(employee, small)
    before = [queries_for(lambda p=p: employee_client.get(p)) for p in paths]
    learn_everything(employee, big)
    after = [queries_for(lambda p=p: employee_client.get(p)) for p in paths]
    assert employee_client.get("/api/v1/mij/voltooiingen").json()["aantal"] == 125
    assert len(employee_client.get("/api/v1/mij/wijzigingen").json()["kaarten"]) == 137
    assert after == before


def test_module_detail(employee_client, small_and_big):
    small, big = small_and_big
    get = employee_client.get
    assert queries_for(lambda: get(f"/api/v1/modules/{small.uuid}")) == queries_for(
        lambda: get(f"/api/v1/modules/{big.uuid}")
    )


def test_content_pack_export_and_import(editor_client, oosterdijk, small_and_big):
    small, big = small_and_big
    get = editor_client.get
    assert queries_for(lambda: get(f"/api/v1/modules/{small.uuid}/inhoudspakket")) == queries_for(
        lambda: get(f"/api/v1/modules/{big.uuid}/inhoudspakket")
    )

    def import_pack(module, key):
        exported = module_export(module=module)
        exported["module"]["sleutel"] = key
        upload = SimpleUploadedFile("pakket.json", json.dumps(exported).encode())
        return editor_client.post(
            "/api/v1/inhoudspakketten", {"pakket": upload}, format="multipart"
        )

    assert queries_for(lambda: import_pack(small, "klein-2")) == queries_for(
        lambda: import_pack(big, "groot-2")
    )

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from microlessons.learner_events import AnswerEvent, CompletionEvent, record_learner_events
from microlessons.models import AnswerRecord, LessonCompletion, Module
from tests.helpers import assert_problem
from tests.microlessons.builders import ago, bulk_lessons, first_question, import_module


def complete(employee, lesson, at=None):
    record_learner_events(
        employee=employee,
        events=[
            CompletionEvent(
                uuid.uuid4(), lesson.uuid, lesson.published_version.number, at or timezone.now()
            )
        ],
    )


def answer(employee, question, *, correct=True, at=None):
    option = question.options.filter(is_correct=correct).first()
    record_learner_events(
        employee=employee,
        events=[AnswerEvent(uuid.uuid4(), question.uuid, (option.uuid,), at or timezone.now())],
    )


def test_today_offers_the_first_lesson_of_the_path(employee_client, module):
    first = module.lessons.order_by("position").first()
    body = employee_client.get("/api/v1/mij/vandaag").json()
    assert body["les"]["uuid"] == str(first.uuid)
    assert body["les"]["blokken"][0]["soort"] == "tekst"
    assert body["herhalingen"] == [] and body["openstaandeHerhalingen"] == 0
    assert body["tijdbudgetSeconden"] == 300
    assert body["geplandeSeconden"] == 120


def test_completed_lessons_move_the_path_on(employee_client, employee, module):
    lessons = list(module.lessons.order_by("position"))
    complete(employee, lessons[0])
    body = employee_client.get("/api/v1/mij/vandaag").json()
    assert body["les"]["uuid"] == str(lessons[1].uuid)
    assert body["lessenVandaagVoltooid"] == 1


def test_due_reviews_fill_the_budget_after_the_new_lesson(employee_client, employee, zeventerpen):
    module = import_module(zeventerpen, "herhaal", lessons=2, questions=8, seconds=180)
    first = module.lessons.order_by("position").first()
    for question in first.published_version.questions.all():
        answer(employee, question, at=ago(days=5))
    complete(employee, first, at=ago(days=5))
    body = employee_client.get("/api/v1/mij/vandaag").json()
    assert body["openstaandeHerhalingen"] == 8
    # 300 s budget: the 180 s lesson plus four 30 s reviews.
    assert body["les"] is not None
    assert len(body["herhalingen"]) == 4
    assert body["geplandeSeconden"] == 300
    review = body["herhalingen"][0]
    assert review["vraag"]["opties"] and review["kaart"]["vervaltOp"].endswith("Z")

    only_reviews = employee_client.get("/api/v1/mij/vandaag?tijdbudget=120").json()
    assert only_reviews["les"] is None and len(only_reviews["herhalingen"]) == 4


def test_budget_must_be_sensible(employee_client, db):
    body = assert_problem(employee_client.get("/api/v1/mij/vandaag?tijdbudget=5"), 400)
    assert body["invalidParams"][0]["name"] == "tijdbudget"
    assert_problem(employee_client.get("/api/v1/mij/vandaag?tijdbudget=veel"), 400)


def test_today_is_the_local_calendar_day(employee, module):
    from microlessons.today import today_session

    employee.time_zone = "Pacific/Auckland"
    late_utc = datetime.datetime(2026, 6, 1, 20, 0, tzinfo=datetime.UTC)  # already 2 June there
    assert today_session(employee=employee, now=late_utc).date == datetime.date(2026, 6, 2)


def test_reviews_use_the_current_wording_of_a_question(employee_client, employee, module):
    from microlessons.authoring import lesson_draft_create, lesson_version_publish

    lesson = module.lessons.order_by("position").first()
    question = first_question(lesson)
    answer(employee, question, correct=False, at=ago(days=3))
    draft = lesson_draft_create(lesson=lesson)
    draft.questions.filter(key=question.key).update(prompt="Nieuwe formulering?")
    lesson_version_publish(version=draft)
    review = employee_client.get("/api/v1/mij/vandaag").json()["herhalingen"][0]
    assert review["vraag"]["tekst"] == "Nieuwe formulering?"
    # ... while the learner's record stays pinned to the version they answered.
    assert AnswerRecord.objects.get().question == question


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.slow
def test_today_and_lesson_detail_query_counts_are_constant(employee_client, employee, zeventerpen):
    """10 versus 1,000 lessons and reviews, with room in the budget for every planned review,
    and next lessons with one versus six questions: the number of queries stays the same."""
    budget = "/api/v1/mij/vandaag?tijdbudget=1800"
    import_module(zeventerpen, "kort", lessons=1, questions=1, position=0)
    small = bulk_lessons(Module.objects.get(key="kort"), 9)
    answer_all(employee, small[:3])
    detail_small = (
        f"/api/v1/lessen/{Module.objects.get(key='kort').lessons.order_by('position').first().uuid}"
    )
    counts_small = (_queries(employee_client, budget), _queries(employee_client, detail_small))
    assert len(employee_client.get(budget).json()["herhalingen"]) == 3

    Module.objects.filter(key="kort").update(position=1)
    long = import_module(zeventerpen, "lang", lessons=1, questions=6, position=0)
    answer_all(employee, bulk_lessons(long, 991))
    detail_big = f"/api/v1/lessen/{long.lessons.order_by('position').first().uuid}"
    counts_big = (_queries(employee_client, budget), _queries(employee_client, detail_big))
    body = employee_client.get(budget).json()
    assert len(body["les"]["blokken"]) == 7 and len(body["herhalingen"]) > 30
    assert body["openstaandeHerhalingen"] == 994
    assert counts_big == counts_small


def answer_all(employee, lessons):
    events = []
    for lesson in lessons:
        question = lesson.published_version.questions.get()
        right = question.options.get(is_correct=True)
        events.append(AnswerEvent(uuid.uuid4(), question.uuid, (right.uuid,), ago(days=4)))
    record_learner_events(employee=employee, events=events)


def test_modules_list_shows_progress(employee_client, employee, module):
    complete(employee, module.lessons.order_by("position").first())
    [listed] = employee_client.get("/api/v1/modules").json()
    assert [lesson["voltooid"] for lesson in listed["lessen"]] == [True, False, False]


def test_completion_history_is_paginated_newest_first(employee_client, employee, module):
    for n, lesson in enumerate(module.lessons.order_by("position")):
        complete(employee, lesson, at=ago(hours=10 - n))
    body = employee_client.get("/api/v1/mij/voltooiingen?paginaGrootte=2").json()
    assert body["aantal"] == 3 and len(body["resultaten"]) == 2
    assert LessonCompletion.objects.count() == 3

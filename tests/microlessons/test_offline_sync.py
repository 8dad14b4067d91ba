import datetime
import random
import uuid

import pytest
from django.utils import timezone

from microlessons.models import ActivityDay, AnswerRecord, LessonCompletion, ReviewCard
from tests.conftest import client_for
from tests.helpers import assert_problem
from tests.microlessons.builders import ago


def answer_event(question, *, correct=True, at=None):
    option = question.options.filter(is_correct=correct).first()
    return {
        "soort": "antwoord",
        "uuid": str(uuid.uuid4()),
        "vraag": str(question.uuid),
        "gekozenOpties": [str(option.uuid)],
        "beantwoordOp": (at or timezone.now()).isoformat(),
    }


def completion_event(lesson, at=None):
    return {
        "soort": "voltooiing",
        "uuid": str(uuid.uuid4()),
        "les": str(lesson.uuid),
        "versie": lesson.published_version.number,
        "voltooidOp": (at or timezone.now()).isoformat(),
    }


def sync(client, events):
    return client.post("/api/v1/mij/synchronisaties", {"gebeurtenissen": events}, format="json")


@pytest.fixture
def offline_week(module):
    """A week of offline answers and completions over several questions."""
    events = []
    lessons = list(module.lessons.order_by("position"))
    for day in range(7):
        for lesson in lessons:
            for question in lesson.published_version.questions.all():
                events.append(
                    answer_event(
                        question,
                        correct=(day + question.pk) % 3 != 0,
                        at=ago(days=7 - day, minutes=question.pk),
                    )
                )
        events.append(completion_event(lessons[day % len(lessons)], at=ago(days=7 - day)))
    return events


def card_states(employee):
    return sorted(
        ReviewCard.objects.filter(employee=employee).values_list(
            "lesson_id",
            "question_key",
            "state",
            "stability",
            "difficulty",
            "due",
            "last_review",
            "review_count",
            "lapse_count",
        )
    )


def test_replaying_a_batch_ten_times_keeps_one_record_per_event(
    employee_client, employee, offline_week
):
    first = sync(employee_client, offline_week)
    assert first.status_code == 200
    assert first.json()["verwerkt"] == len(offline_week)
    for _ in range(9):
        again = sync(employee_client, offline_week).json()
        assert again["dubbel"] == len(offline_week) and again["verwerkt"] == 0
    answers = [e for e in offline_week if e["soort"] == "antwoord"]
    assert AnswerRecord.objects.filter(employee=employee).count() == len(answers)
    assert LessonCompletion.objects.filter(employee=employee).count() == 7
    assert ActivityDay.objects.filter(employee=employee).count() == 7


def test_shuffled_order_from_two_devices_gives_the_same_cards(
    employee, zeventerpen, offline_week, module
):
    from tests.factories import EmployeeFactory

    in_order = client_for(employee)
    sync(in_order, offline_week)

    twin = EmployeeFactory(organisation=zeventerpen)
    phone, tablet = client_for(twin), client_for(twin)
    shuffled = offline_week[:]
    random.Random(7).shuffle(shuffled)
    half = len(shuffled) // 2
    sync(tablet, shuffled[half:])  # the later half arrives first, from another device
    sync(phone, shuffled[:half])
    sync(phone, shuffled[: half // 2])  # and a partial retry

    def comparable(states):
        return [state[1:] for state in states]  # lesson ids are equal, cards belong to each learner

    assert comparable(card_states(twin)) == comparable(card_states(employee))


def test_bad_items_are_reported_and_good_items_kept(employee_client, employee, module):
    question = module.lessons.order_by("position").first().published_version.questions.first()
    good = answer_event(question)
    future = answer_event(question, at=timezone.now() + datetime.timedelta(days=1))
    old = answer_event(question, at=ago(days=400))
    unknown = {**answer_event(question), "vraag": str(uuid.uuid4())}
    malformed = {"soort": "antwoord", "uuid": "geen-uuid", "gekozenOpties": "x"}
    strange = {"soort": "iets-anders", "uuid": str(uuid.uuid4())}
    body = sync(employee_client, [good, future, old, unknown, malformed, strange]).json()
    assert (body["verwerkt"], body["afgewezen"]) == (1, 5)
    codes = [row["code"] for row in body["resultaten"]]
    assert codes == [
        None,
        "future_timestamp",
        "timestamp_too_old",
        "unknown_question",
        "invalid",
        "invalid",
    ]
    assert body["resultaten"][1]["invalidParams"][0]["name"] == "beantwoordOp"
    assert {p["name"] for p in body["resultaten"][4]["invalidParams"]} >= {
        "uuid",
        "vraag",
        "beantwoordOp",
    }
    assert body["resultaten"][0]["antwoord"]["juist"] is True
    assert AnswerRecord.objects.filter(employee=employee).count() == 1


@pytest.mark.parametrize(
    "item",
    [
        {"soort": ["antwoord"], "uuid": [1]},
        {"soort": {"antwoord": True}, "uuid": {"a": 1}},
        {"soort": "voltooiing", "uuid": "x" * 10_000, "les": 5, "versie": "een"},
        {"soort": "antwoord", "uuid": None, "gekozenOpties": [{"x": 1}], "duurMs": []},
        {},
    ],
)
def test_items_of_any_shape_are_rejected_one_by_one(employee_client, employee, module, item):
    question = module.lessons.first().published_version.questions.first()
    body = sync(employee_client, [item, answer_event(question)]).json()
    rejected, accepted = body["resultaten"]
    assert (rejected["status"], rejected["code"]) == ("afgewezen", "invalid")
    assert rejected["uuid"] is None  # nothing usable to echo
    assert rejected["invalidParams"] and accepted["status"] == "verwerkt"
    assert AnswerRecord.objects.filter(employee=employee).count() == 1


def test_reused_id_with_other_content_is_rejected_in_a_batch(employee_client, module):
    question = module.lessons.first().published_version.questions.first()
    event = answer_event(question)
    sync(employee_client, [event])
    changed = {
        **event,
        "gekozenOpties": [str(question.options.filter(is_correct=False).first().uuid)],
    }
    body = sync(employee_client, [changed]).json()
    assert body["resultaten"][0]["code"] == "conflict"


@pytest.mark.parametrize("payload", [{}, {"gebeurtenissen": []}, {"gebeurtenissen": "x"}, []])
def test_malformed_batch_is_a_400(employee_client, db, payload):
    assert_problem(employee_client.post("/api/v1/mij/synchronisaties", payload, format="json"), 400)


def test_too_many_events_is_a_400(employee_client, module):
    question = module.lessons.first().published_version.questions.first()
    body = assert_problem(sync(employee_client, [answer_event(question)] * 501), 400)
    assert body["invalidParams"][0]["name"] == "gebeurtenissen"
    assert not AnswerRecord.objects.exists()


def test_oversized_body_is_a_413(employee_client, db, settings):
    settings.API_MAX_JSON_BYTES = 1000
    response = employee_client.post(
        "/api/v1/mij/synchronisaties", {"gebeurtenissen": [{"x": "y" * 2000}]}, format="json"
    )
    assert_problem(response, 413, "request_too_large")


def test_delta_pull_returns_only_what_changed(employee_client, employee, module):
    lessons = list(module.lessons.order_by("position"))
    q1, q2 = lessons[0].published_version.questions.all()[:2]
    sync(employee_client, [answer_event(q1), completion_event(lessons[0])])

    first = employee_client.get("/api/v1/mij/wijzigingen").json()
    assert [card["vraagSleutel"] for card in first["kaarten"]] == [q1.key]
    assert len(first["voltooiingen"]) == 1
    assert first["reeks"]["huidig"] == 1

    nothing = employee_client.get(f"/api/v1/mij/wijzigingen?cursor={first['cursor']}").json()
    assert nothing["kaarten"] == [] and nothing["voltooiingen"] == []

    sync(employee_client, [answer_event(q2)])
    later = employee_client.get(f"/api/v1/mij/wijzigingen?cursor={nothing['cursor']}").json()
    assert [card["vraagSleutel"] for card in later["kaarten"]] == [q2.key]
    assert later["voltooiingen"] == []


def test_foreign_or_forged_cursor_is_a_400(employee_client, zeventerpen, module):
    from tests.factories import EmployeeFactory

    other_cursor = (
        client_for(EmployeeFactory(organisation=zeventerpen))
        .get("/api/v1/mij/wijzigingen")
        .json()["cursor"]
    )
    for cursor in (other_cursor, "vervalst", other_cursor[:-3] + "abc"):
        response = employee_client.get(f"/api/v1/mij/wijzigingen?cursor={cursor}")
        assert_problem(response, 400, "invalid_cursor")


def test_batch_query_count_does_not_grow_with_the_batch(employee_client, zeventerpen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.microlessons.builders import import_module

    module = import_module(zeventerpen, "veel", lessons=5, questions=10)
    questions = [
        q for lesson in module.lessons.all() for q in lesson.published_version.questions.all()
    ]

    def queries_for(events):
        with CaptureQueriesContext(connection) as captured:
            assert sync(employee_client, events).status_code == 200
        return len(captured)

    sync(employee_client, [answer_event(questions[0], at=ago(hours=3))])  # the learner's first sync
    small = [answer_event(q, at=ago(hours=2)) for q in questions[1:5]]
    large = [answer_event(q, at=ago(hours=1)) for q in questions[5:50]]
    assert queries_for(large) == queries_for(small)
    assert queries_for(large) == queries_for(small)  # replays too

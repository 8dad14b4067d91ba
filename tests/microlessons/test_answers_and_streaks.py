import datetime
import uuid

import pytest
from django.utils import timezone

from microlessons.models import ActivityDay, AnswerRecord, LessonCompletion, ReviewCard
from tests.helpers import assert_problem
from tests.microlessons.builders import ago, first_question


def post_answer(client, question, options=None, *, at=None, event_id=None):
    options = options if options is not None else [question.options.get(is_correct=True)]
    return client.post(
        "/api/v1/mij/antwoorden",
        {
            "uuid": str(event_id or uuid.uuid4()),
            "vraag": str(question.uuid),
            "gekozenOpties": [str(o.uuid) for o in options],
            "beantwoordOp": (at or timezone.now()).isoformat(),
        },
        format="json",
    )


@pytest.fixture
def question(module):
    return first_question(module.lessons.order_by("position").first())


def test_correct_answer_gets_feedback_and_a_review_card(employee_client, employee, question):
    right = question.options.get(is_correct=True)
    response = post_answer(employee_client, question, [right])
    assert response.status_code == 201
    body = response.json()
    assert body["juist"] is True
    assert body["juisteOpties"] == [str(right.uuid)]
    assert body["feedback"] == [
        {"optie": str(right.uuid), "juist": True, "feedback": right.feedback}
    ]
    assert body["uitleg"] == question.explanation
    card = ReviewCard.objects.get(employee=employee)
    assert body["kaart"]["uuid"] == str(card.uuid)
    assert body["kaart"]["fase"] == "herhalen"
    assert card.due - card.last_review >= datetime.timedelta(days=1)  # once a day, no minutes


def test_wrong_answer_is_marked_and_comes_back_sooner(employee_client, employee, question):
    wrong = question.options.filter(is_correct=False).first()
    body = post_answer(employee_client, question, [wrong]).json()
    assert body["juist"] is False
    assert body["feedback"][0]["feedback"] == wrong.feedback
    wrong_card = ReviewCard.objects.get(employee=employee)
    other_question = question.version.questions.exclude(pk=question.pk).get()
    post_answer(employee_client, other_question)
    right_card = ReviewCard.objects.get(employee=employee, question_key=other_question.key)
    assert wrong_card.due < right_card.due  # the rating follows correctness


def test_replaying_an_answer_gives_the_same_result_once(employee_client, employee, question):
    event_id = uuid.uuid4()
    at = ago(minutes=3)
    first = post_answer(employee_client, question, at=at, event_id=event_id)
    again = post_answer(employee_client, question, at=at, event_id=event_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert AnswerRecord.objects.filter(employee=employee).count() == 1


def test_same_id_with_another_answer_is_a_conflict(employee_client, employee, question):
    event_id = uuid.uuid4()
    post_answer(employee_client, question, event_id=event_id)
    wrong = question.options.filter(is_correct=False).first()
    response = post_answer(employee_client, question, [wrong], event_id=event_id)
    assert_problem(response, 409, "conflict")
    assert AnswerRecord.objects.get(employee=employee).is_correct is True


def test_future_timestamp_is_rejected_with_a_clear_code(employee_client, employee, question):
    response = post_answer(
        employee_client, question, at=timezone.now() + datetime.timedelta(hours=1)
    )
    body = assert_problem(response, 400, "future_timestamp")
    assert body["invalidParams"][0]["name"] == "beantwoordOp"
    assert not AnswerRecord.objects.exists()


def test_option_of_another_question_is_rejected(employee_client, question):
    other = question.version.questions.exclude(pk=question.pk).get()
    response = post_answer(employee_client, question, [other.options.first()])
    assert_problem(response, 400, "invalid_option")


def test_two_options_on_a_single_choice_question_is_rejected(employee_client, question):
    response = post_answer(employee_client, question, list(question.options.all()[:2]))
    assert_problem(response, 400, "one_option_expected")


def test_unknown_question_is_404(employee_client, db):
    response = employee_client.post(
        "/api/v1/mij/antwoorden",
        {
            "uuid": str(uuid.uuid4()),
            "vraag": str(uuid.uuid4()),
            "gekozenOpties": [str(uuid.uuid4())],
            "beantwoordOp": timezone.now().isoformat(),
        },
        format="json",
    )
    assert_problem(response, 404, "unknown_question")


def test_invalid_answer_body_lists_every_field(employee_client, db):
    response = employee_client.post(
        "/api/v1/mij/antwoorden", {"uuid": "nope", "gekozenOpties": []}, format="json"
    )
    body = assert_problem(response, 400)
    assert {p["name"] for p in body["invalidParams"]} == {
        "uuid",
        "vraag",
        "gekozenOpties",
        "beantwoordOp",
    }


def test_completion_is_recorded_once_and_pinned_to_its_version(employee_client, employee, module):
    lesson = module.lessons.order_by("position").first()
    payload = {
        "uuid": str(uuid.uuid4()),
        "les": str(lesson.uuid),
        "versie": 1,
        "voltooidOp": ago(minutes=1).isoformat(),
        "duurSeconden": 170,
    }
    assert (
        employee_client.post("/api/v1/mij/voltooiingen", payload, format="json").status_code == 201
    )
    assert (
        employee_client.post("/api/v1/mij/voltooiingen", payload, format="json").status_code == 200
    )
    completion = LessonCompletion.objects.get(employee=employee)
    assert completion.version == lesson.published_version
    history = employee_client.get("/api/v1/mij/voltooiingen").json()
    assert history["aantal"] == 1
    assert history["resultaten"][0]["duurSeconden"] == 170


def test_completion_of_unknown_version_is_404(employee_client, module):
    lesson = module.lessons.first()
    response = employee_client.post(
        "/api/v1/mij/voltooiingen",
        {
            "uuid": str(uuid.uuid4()),
            "les": str(lesson.uuid),
            "versie": 7,
            "voltooidOp": timezone.now().isoformat(),
        },
        format="json",
    )
    assert_problem(response, 404, "unknown_lesson_version")


def test_streak_counts_local_calendar_days(employee_client, employee, question):
    # 23:50 in Amsterdam on 1 March is 22:50 UTC: it counts for 1 March, even if synced later.
    employee.time_zone = "Europe/Amsterdam"
    employee.save()
    late_evening = datetime.datetime(
        2026, 3, 1, 23, 50, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    from microlessons.learner_events import AnswerEvent, record_learner_events

    record_learner_events(
        employee=employee,
        events=[
            AnswerEvent(
                uuid.uuid4(),
                question.uuid,
                (question.options.get(is_correct=True).uuid,),
                late_evening,
            )
        ],
        now=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
    )
    assert list(ActivityDay.objects.values_list("local_date", flat=True)) == [
        datetime.date(2026, 3, 1)
    ]
    assert AnswerRecord.objects.get().occurred_at == datetime.datetime(
        2026, 3, 1, 22, 50, tzinfo=datetime.UTC
    )


def test_streak_shown_today_follows_answers(employee_client, employee, question):
    for days_ago in (2, 1, 0):
        post_answer(employee_client, question, at=ago(days=days_ago))
    streak = employee_client.get("/api/v1/mij/vandaag").json()["reeks"]
    assert streak["huidig"] == 3 and streak["vandaagActief"] is True

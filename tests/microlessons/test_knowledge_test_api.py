"""The knowledge test through the API: practice with feedback, measurement inside the window
only and without any hint of the right answers before submission, one counted measurement."""

import datetime
import uuid

import pytest
from django.utils import timezone

from microlessons.models import KnowledgeAnswer, KnowledgeTestAttempt
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.helpers import assert_problem
from tests.microlessons.builders import import_module
from tests.microlessons.practice_builders import import_test, window


@pytest.fixture
def topics(zeventerpen):
    return [import_module(zeventerpen, f"onderwerp-{n}", lessons=1, questions=1) for n in range(3)]


@pytest.fixture
def test(zeventerpen, topics):
    return import_test(zeventerpen, topics)


def begin(client, test, kind):
    return client.post(
        "/api/v1/mij/toetspogingen",
        {"uuid": str(uuid.uuid4()), "toets": str(test.uuid), "soort": kind},
        format="json",
    )


def answer(client, attempt, question, options):
    return client.post(
        f"/api/v1/mij/toetspogingen/{attempt['uuid']}/antwoorden",
        {"vraag": question["uuid"], "gekozenOpties": options},
        format="json",
    )


def right_options(question_uuid):
    from microlessons.models import KnowledgeOption

    return [
        str(o.uuid)
        for o in KnowledgeOption.objects.filter(question__uuid=question_uuid, is_correct=True)
    ]


def wrong_option(question_uuid):
    from microlessons.models import KnowledgeOption

    return [
        str(
            KnowledgeOption.objects.filter(question__uuid=question_uuid, is_correct=False)
            .first()
            .uuid
        )
    ]


def test_the_list_shows_the_open_window(employee_client, test, zeventerpen):
    assert employee_client.get("/api/v1/kennistoetsen").json()[0]["meting"]["venster"] is None
    window(zeventerpen, test)
    listed = employee_client.get("/api/v1/kennistoetsen").json()[0]
    assert listed["aantalVragen"] == 6 and len(listed["onderwerpen"]) == 3
    assert listed["meting"]["venster"]["naam"] == "Meting" and not listed["meting"]["alGemeten"]


def test_practice_gives_feedback_per_answer_and_a_result_per_topic(employee_client, test):
    attempt = begin(employee_client, test, "oefenen").json()
    questions = attempt["vragen"]
    first = answer(
        employee_client, attempt, questions[0], right_options(questions[0]["uuid"])
    ).json()
    assert first["juist"] is True and first["feedback"] and first["uitleg"]
    for question in questions[1:]:
        answer(employee_client, attempt, question, wrong_option(question["uuid"]))
    done = employee_client.post(f"/api/v1/mij/toetspogingen/{attempt['uuid']}/inlevering").json()
    result = done["uitslag"]
    assert result["percentage"] == round(100 / 6, 1) and result["telt"] is False
    per_topic = {r["onderwerp"]["titel"]: r for r in result["perOnderwerp"]}
    assert sorted(r["aantalGoed"] for r in per_topic.values()) == [0, 0, 1]
    assert all(r["aantalVragen"] == 2 for r in per_topic.values())


def test_a_measurement_needs_an_open_window(employee_client, test, zeventerpen):
    assert_problem(begin(employee_client, test, "meting"), 400, "no_open_window")
    window(zeventerpen, test, opens_days=-10, closes_days=-1)  # closed
    assert_problem(begin(employee_client, test, "meting"), 400, "no_open_window")
    window(zeventerpen, test, opens_days=1, closes_days=5, name="Later")  # not yet open
    assert_problem(begin(employee_client, test, "meting"), 400, "no_open_window")
    assert not KnowledgeTestAttempt.objects.exists()


FORBIDDEN_BEFORE_SUBMISSION = {
    "juist",
    "juisteOpties",
    "feedback",
    "uitleg",
    "uitslag",
    "percentage",
    "telt",
}


def _walk(node, path=""):
    """Every (path, key, value) of a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}.{index}")


def _carries_no_answer(body, right):
    for path, key, value in _walk(body):
        assert not (key in FORBIDDEN_BEFORE_SUBMISSION and value not in (None, [], "")), (path, key)
        assert not (
            isinstance(value, str)
            and value in right
            and key != "uuid"
            and "gekozen" not in path
            and key != "mijnAntwoord"
        ), (path, key)


def test_no_response_of_a_measurement_carries_a_right_answer_before_submission(
    employee_client, test, zeventerpen
):
    window(zeventerpen, test)
    right = {option for q in test.questions.all() for option in right_options(q.uuid)}
    started = begin(employee_client, test, "meting")
    assert started.status_code == 201
    attempt = started.json()
    responses = [started]
    for question in attempt["vragen"]:
        responses.append(answer(employee_client, attempt, question, wrong_option(question["uuid"])))
    responses.append(employee_client.get(f"/api/v1/mij/toetspogingen/{attempt['uuid']}"))
    responses.append(employee_client.get("/api/v1/kennistoetsen"))
    for response in responses:
        assert response.status_code in (200, 201)
        body = response.json()
        _carries_no_answer(body, right)
        for _path, key, value in _walk(body):
            if key == "opties":
                for option in value:
                    assert set(option) == {"uuid", "tekst"}  # no 'juist', no feedback
    done = employee_client.post(f"/api/v1/mij/toetspogingen/{attempt['uuid']}/inlevering").json()
    assert done["uitslag"]["telt"] is True  # afterwards: the result
    assert {q["vraag"] for q in done["uitslag"]["vragen"]} == {q["uuid"] for q in attempt["vragen"]}


def test_only_the_first_submitted_measurement_counts(employee_client, test, zeventerpen):
    window(zeventerpen, test)
    first = begin(employee_client, test, "meting").json()
    second = begin(employee_client, test, "meting").json()
    employee_client.post(f"/api/v1/mij/toetspogingen/{second['uuid']}/inlevering")
    employee_client.post(f"/api/v1/mij/toetspogingen/{first['uuid']}/inlevering")
    counts = dict(KnowledgeTestAttempt.objects.values_list("uuid", "counts_for_measurement"))
    assert counts == {uuid.UUID(second["uuid"]): True, uuid.UUID(first["uuid"]): False}
    assert employee_client.get("/api/v1/kennistoetsen").json()[0]["meting"]["alGemeten"] is True


def test_answers_after_the_window_closed_are_refused(employee_client, test, zeventerpen):
    open_window = window(zeventerpen, test)
    attempt = begin(employee_client, test, "meting").json()
    open_window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    open_window.save()
    question = attempt["vragen"][0]
    assert_problem(
        answer(employee_client, attempt, question, wrong_option(question["uuid"])),
        400,
        "window_closed",
    )
    refused = employee_client.post(f"/api/v1/mij/toetspogingen/{attempt['uuid']}/inlevering")
    assert_problem(refused, 400, "window_closed")
    assert not KnowledgeAnswer.objects.exists()


def test_answers_for_another_attempt_or_test_are_refused(
    employee_client, test, zeventerpen, topics
):
    attempt = begin(employee_client, test, "oefenen").json()
    other_test = import_test(zeventerpen, topics[:1], key="andere")
    other = begin(employee_client, other_test, "oefenen").json()
    foreign_question = other["vragen"][0]
    refused = answer(
        employee_client, attempt, foreign_question, wrong_option(foreign_question["uuid"])
    )
    assert_problem(refused, 400, "question_not_in_test")
    colleague = client_for(EmployeeFactory(organisation=zeventerpen))
    question = attempt["vragen"][0]
    assert_problem(answer(colleague, attempt, question, wrong_option(question["uuid"])), 404)
    assert not KnowledgeAnswer.objects.exists()


def test_a_submitted_attempt_no_longer_changes(employee_client, test):
    attempt = begin(employee_client, test, "oefenen").json()
    employee_client.post(f"/api/v1/mij/toetspogingen/{attempt['uuid']}/inlevering")
    question = attempt["vragen"][0]
    refused = answer(employee_client, attempt, question, right_options(question["uuid"]))
    assert_problem(refused, 400, "attempt_submitted")


def test_starting_again_with_the_same_uuid_is_safe(employee_client, test):
    body = {"uuid": str(uuid.uuid4()), "toets": str(test.uuid), "soort": "oefenen"}
    first = employee_client.post("/api/v1/mij/toetspogingen", body, format="json")
    again = employee_client.post("/api/v1/mij/toetspogingen", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert_problem(
        employee_client.post(
            "/api/v1/mij/toetspogingen", {**body, "soort": "meting"}, format="json"
        ),
        409,
    )


def test_query_counts_are_constant_in_questions_tests_and_attempts(
    employee_client, test, zeventerpen, topics
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert employee_client.get(path).status_code == 200
        return len(captured)

    window(zeventerpen, test)
    attempt = begin(employee_client, test, "oefenen").json()
    small = (
        queries("/api/v1/kennistoetsen"),
        queries(f"/api/v1/mij/toetspogingen/{attempt['uuid']}"),
    )
    more_topics = [
        import_module(zeventerpen, f"extra-{n}", lessons=1, questions=1) for n in range(3)
    ]
    bigger = import_test(zeventerpen, [*topics, *more_topics], key="groot")
    window(zeventerpen, bigger)
    for _n in range(3):
        begin(employee_client, test, "oefenen")
    big_attempt = begin(employee_client, bigger, "meting").json()
    for question in big_attempt["vragen"]:
        answer(employee_client, big_attempt, question, wrong_option(question["uuid"]))
    employee_client.post(f"/api/v1/mij/toetspogingen/{big_attempt['uuid']}/inlevering")
    big = (
        queries("/api/v1/kennistoetsen"),
        queries(f"/api/v1/mij/toetspogingen/{big_attempt['uuid']}"),
    )
    assert big == small

"""Issue 9.1: each learner sees a question's options in an order of their own, the same every
time; answers stay keyed by option id."""

from django.utils import timezone

from microlessons.option_order import options_in_learner_order
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.microlessons.builders import first_question


def _option_ids(client, lesson_obj):
    body = client.get(f"/api/v1/lessen/{lesson_obj.uuid}").json()
    question = next(b["vraag"] for b in body["blokken"] if b["soort"] == "vraag")
    return [option["uuid"] for option in question["opties"]]


def test_a_learner_sees_the_same_order_every_time(employee_client, module):
    lesson_obj = module.lessons.first()
    assert _option_ids(employee_client, lesson_obj) == _option_ids(employee_client, lesson_obj)


def test_learners_see_different_orders(zeventerpen, module):
    lesson_obj = module.lessons.first()
    orders = {
        tuple(_option_ids(client_for(EmployeeFactory(organisation=zeventerpen)), lesson_obj))
        for _learner in range(8)
    }
    assert len(orders) > 1
    stored = {str(o.uuid) for o in first_question(lesson_obj).options.all()}
    assert all(set(order) == stored for order in orders)


def test_the_order_is_the_same_in_today_the_lesson_and_the_offline_package(employee_client, module):
    lesson_obj = module.lessons.order_by("position").first()
    from_lesson = _option_ids(employee_client, lesson_obj)
    today = employee_client.get("/api/v1/mij/vandaag").json()["les"]
    from_today = next(b["vraag"] for b in today["blokken"] if b["soort"] == "vraag")
    package = employee_client.get(f"/api/v1/modules/{module.uuid}/offline-pakket").json()
    offline = next(b["vraag"] for b in package["lessen"][0]["blokken"] if b["soort"] == "vraag")
    assert [o["uuid"] for o in from_today["opties"]] == from_lesson
    assert [o["uuid"] for o in offline["opties"]] == from_lesson


def test_answers_are_checked_by_option_id_whatever_the_order(employee_client, module):
    lesson_obj = module.lessons.first()
    question = first_question(lesson_obj)
    correct = question.options.get(is_correct=True)
    response = employee_client.post(
        "/api/v1/mij/antwoorden",
        {
            "uuid": "7d9f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
            "vraag": str(question.uuid),
            "gekozenOpties": [str(correct.uuid)],
            "beantwoordOp": timezone.now().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["juist"] is True


def test_the_order_depends_on_learner_and_question_only():
    class Option:
        def __init__(self, uuid):
            self.uuid = uuid

    options = [Option(f"optie-{n}") for n in range(5)]
    first = options_in_learner_order(options, learner_uuid="a", question_uuid="q")
    again = options_in_learner_order(list(reversed(options)), learner_uuid="a", question_uuid="q")
    assert [o.uuid for o in first] == [o.uuid for o in again]

"""Short simulations in today's session (within the time budget) and in the module's offline
package, so they work offline too."""

import uuid

import pytest
from django.utils import timezone

from microlessons.simulation_play import ChoiceMade, simulation_attempt_start
from tests.microlessons.practice_builders import choice, import_simulation, simulation_data


@pytest.fixture
def short(zeventerpen, module):
    return import_simulation(zeventerpen, module, key="kort", seconds=90)


def _long_steps(length):
    """A chain of ``length`` conversation steps (begin, s1, s2, ...), each also able to stop."""
    keys = ["begin", *(f"s{n}" for n in range(1, length))]
    following = [*keys[1:], "einde"]
    steps = [
        {
            "sleutel": key,
            "soort": "gesprek",
            "tekst": f"Stap {key}",
            "keuzes": [choice(f"door-{key}", after), choice(f"stop-{key}", "einde")],
        }
        for key, after in zip(keys, following, strict=True)
    ]
    return [*steps, {"sleutel": "einde", "soort": "einde", "titel": "Klaar", "tekst": "."}]


def test_a_short_simulation_is_offered_today_with_the_whole_conversation(employee_client, short):
    today = employee_client.get("/api/v1/mij/vandaag").json()
    assert today["simulatie"]["uuid"] == str(short.uuid)
    assert {step["sleutel"] for step in today["simulatie"]["stappen"]} >= {"begin", "midden"}
    assert today["geplandeSeconden"] == today["les"]["geschatteDuurSeconden"] + 90


def test_long_simulations_are_not_a_daily_snippet(employee_client, zeventerpen, module):
    import_simulation(zeventerpen, module, key="lang", steps=None)
    from microlessons.simulation_import import simulation_import

    data = simulation_data("heel-lang", module.key, steps=_long_steps(6))
    simulation_import(data=data, organisation=zeventerpen)
    offered = employee_client.get("/api/v1/mij/vandaag").json()["simulatie"]
    assert offered["sleutel"] == "lang"  # two steps; the six-step one never


def test_it_must_fit_in_the_time_that_is_left(employee_client, short):
    # 120 s lesson + 90 s simulation > 150 s: the lesson only
    today = employee_client.get("/api/v1/mij/vandaag?tijdbudget=150").json()
    assert today["les"] is not None and today["simulatie"] is None


def test_after_todays_lesson_the_simulation_comes_before_another_lesson(
    employee_client, module, short
):
    lesson = module.lessons.order_by("position").first()
    completion = {
        "uuid": str(uuid.uuid4()),
        "les": str(lesson.uuid),
        "versie": 1,
        "voltooidOp": timezone.now().isoformat(),
        "duurSeconden": 150,
    }
    assert (
        employee_client.post("/api/v1/mij/voltooiingen", completion, format="json").status_code
        == 201
    )
    # 150 s: room for the 90 s simulation or the next 120 s lesson, not both
    today = employee_client.get("/api/v1/mij/vandaag?tijdbudget=150").json()
    assert today["simulatie"]["uuid"] == str(short.uuid) and today["les"] is None
    assert today["lessenVandaagVoltooid"] == 1
    roomy = employee_client.get("/api/v1/mij/vandaag?tijdbudget=300").json()
    assert roomy["simulatie"] is not None and roomy["les"] is not None


def test_a_done_simulation_is_not_offered_again(employee_client, employee, short):
    first = short.published_version.steps.get(key="begin").choices.get(key="doorsturen")
    simulation_attempt_start(
        employee=employee,
        attempt_uuid=uuid.uuid4(),
        simulation_uuid=short.uuid,
        started_at=timezone.now(),
        path=[ChoiceMade(uuid.uuid4(), first.uuid, timezone.now())],
    )
    assert employee_client.get("/api/v1/mij/vandaag").json()["simulatie"] is None


def test_the_offline_package_carries_the_modules_simulations(employee_client, module, short):
    package = employee_client.get(f"/api/v1/modules/{module.uuid}/offline-pakket").json()
    assert [s["uuid"] for s in package["simulaties"]] == [str(short.uuid)]
    conversation = package["simulaties"][0]
    begin = next(step for step in conversation["stappen"] if step["sleutel"] == "begin")
    assert {"feedback", "volgendeStap", "effect"} <= begin["keuzes"][0].keys()
    assert conversation["grenzen"]["procesjuistheid"] == {"laagst": 0, "hoogst": 3}


def test_a_new_simulation_changes_the_offline_etag(employee_client, zeventerpen, module):
    url = f"/api/v1/modules/{module.uuid}/offline-pakket"
    etag = employee_client.get(url)["ETag"]
    import_simulation(zeventerpen, module, key="nieuw")
    assert employee_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_today_query_count_stays_constant_with_simulations(employee_client, zeventerpen, module):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            employee_client.get("/api/v1/mij/vandaag")
        return len(captured)

    import_simulation(zeventerpen, module, key="een", seconds=90)
    few = queries()
    for n in range(5):
        import_simulation(zeventerpen, module, key=f"meer-{n}", seconds=90)
    assert queries() == few

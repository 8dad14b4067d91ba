"""Playing a simulation through the API: one choice at a time or a whole offline path; the
server scores from the path; bad choices and tampered paths change nothing."""

import datetime
import uuid

import pytest
from django.utils import timezone

from microlessons.models import SimulationAttempt, SimulationAttemptChoice
from microlessons.simulation_authoring import (
    simulation_draft_create,
    simulation_version_publish,
)
from tests.helpers import assert_problem
from tests.microlessons.practice_builders import import_simulation


@pytest.fixture
def simulation(zeventerpen, module):
    return import_simulation(zeventerpen, module)


def now():
    return timezone.now().isoformat()


def choice_uuid(simulation, key, version=None):
    version = version or simulation.published_version
    return str(next(c.uuid for s in version.steps.all() for c in s.choices.all() if c.key == key))


def start(client, simulation, **extra):
    body = {"uuid": str(uuid.uuid4()), "simulatie": str(simulation.uuid), "gestartOp": now()}
    return client.post("/api/v1/mij/simulatiepogingen", {**body, **extra}, format="json")


def choose(client, attempt_uuid, choice, made=None):
    return client.post(
        f"/api/v1/mij/simulatiepogingen/{attempt_uuid}/keuzes",
        {"uuid": made or str(uuid.uuid4()), "keuze": choice, "gekozenOp": now()},
        format="json",
    )


def test_the_list_and_the_whole_conversation(employee_client, simulation):
    listed = employee_client.get("/api/v1/simulaties").json()
    assert [s["uuid"] for s in listed] == [str(simulation.uuid)]
    assert listed[0]["aantalStappen"] == 2 and listed[0]["kanaal"] == "balie"
    whole = employee_client.get(f"/api/v1/simulaties/{simulation.uuid}").json()
    assert {step["sleutel"] for step in whole["stappen"]} == {
        "begin",
        "midden",
        "einde-goed",
        "einde-half",
        "einde-weg",
    }
    assert whole["grenzen"]["klanttevredenheid"] == {"laagst": -2, "hoogst": 5}


def test_playing_choice_by_choice_to_an_ending_gives_the_scores_and_the_debrief(
    employee_client, simulation
):
    started = start(employee_client, simulation)
    assert started.status_code == 201
    attempt = started.json()
    assert attempt["status"] == "bezig" and attempt["huidigeStap"]["sleutel"] == "begin"

    middle = choose(employee_client, attempt["uuid"], choice_uuid(simulation, "vragen"))
    assert middle.status_code == 201 and middle.json()["huidigeStap"]["sleutel"] == "midden"
    ended = choose(employee_client, attempt["uuid"], choice_uuid(simulation, "beloven")).json()

    assert ended["status"] == "afgerond" and ended["huidigeStap"]["sleutel"] == "einde-half"
    result = ended["resultaat"]
    # satisfaction: 2 + 1 = 3 between -2 and 5; lead time: -1 - 2 = -3 between -3 and 1
    assert result["scores"]["klanttevredenheid"] == round(100 * 5 / 7, 1)
    assert result["scores"]["doorlooptijd"] == 0.0
    assert result["einde"]["titel"] == "Half" and result["einde"]["nabespreking"] == "Het duurt."
    costly = result["duursteKeuzes"]
    assert costly[0]["tekst"] == "Keuze beloven" and costly[0]["totaalVerlies"] > 0


def test_sending_the_same_choice_again_is_safe(employee_client, simulation):
    attempt = start(employee_client, simulation).json()
    made = str(uuid.uuid4())
    first = choose(employee_client, attempt["uuid"], choice_uuid(simulation, "vragen"), made)
    again = choose(employee_client, attempt["uuid"], choice_uuid(simulation, "vragen"), made)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert SimulationAttemptChoice.objects.count() == 1
    other = choose(employee_client, attempt["uuid"], choice_uuid(simulation, "doorsturen"), made)
    assert_problem(other, 409, "conflict")


def test_a_choice_of_another_step_is_refused_and_changes_nothing(employee_client, simulation):
    attempt = start(employee_client, simulation).json()
    refused = choose(employee_client, attempt["uuid"], choice_uuid(simulation, "oplossen"))
    body = assert_problem(refused, 400, "choice_not_in_current_step")
    assert body["invalidParams"][0]["name"] == "keuze"
    stored = SimulationAttempt.objects.get(uuid=attempt["uuid"])
    assert stored.current_step.key == "begin" and not stored.made_choices.exists()


def test_a_choice_after_the_ending_is_refused(employee_client, simulation):
    attempt = start(employee_client, simulation).json()
    choose(employee_client, attempt["uuid"], choice_uuid(simulation, "doorsturen"))
    refused = choose(employee_client, attempt["uuid"], choice_uuid(simulation, "vragen"))
    assert_problem(refused, 400, "simulation_ended")
    assert SimulationAttemptChoice.objects.count() == 1


def _path(simulation, *keys, version=None):
    return [
        {
            "uuid": str(uuid.uuid4()),
            "keuze": choice_uuid(simulation, key, version),
            "gekozenOp": now(),
        }
        for key in keys
    ]


def test_an_offline_path_is_checked_and_scored_by_the_server(employee_client, simulation):
    response = start(
        employee_client,
        simulation,
        pad=_path(simulation, "vragen", "oplossen"),
        scores={"klanttevredenheid": 100},  # a client's own numbers are never read
    )
    assert response.status_code == 201
    attempt = response.json()
    assert attempt["status"] == "afgerond"
    assert attempt["resultaat"]["scores"]["klanttevredenheid"] == 100.0
    assert attempt["resultaat"]["scores"]["kosten"] == 0.0  # -1 is the worst cost here
    assert attempt["resultaat"]["duursteKeuzes"] == [] or all(
        c["totaalVerlies"] > 0 for c in attempt["resultaat"]["duursteKeuzes"]
    )


@pytest.mark.parametrize(
    "keys",
    [
        ("oplossen",),  # skips the first step
        ("vragen",),  # stops before an ending
        ("doorsturen", "vragen"),  # goes on after the ending
        ("vragen", "doorsturen"),  # a choice of another step
    ],
)
def test_a_tampered_offline_path_is_refused_and_nothing_is_stored(
    employee_client, simulation, keys
):
    response = start(employee_client, simulation, pad=_path(simulation, *keys))
    assert_problem(response, 400, "invalid_path")
    assert not SimulationAttempt.objects.exists()
    assert not SimulationAttemptChoice.objects.exists()


def test_a_path_with_a_choice_of_another_simulation_is_refused(
    employee_client, simulation, zeventerpen, module
):
    other = import_simulation(zeventerpen, module, key="ander")
    path = _path(simulation, "vragen") + _path(other, "oplossen")
    assert_problem(start(employee_client, simulation, pad=path), 400, "invalid_path")
    assert not SimulationAttempt.objects.exists()


def test_a_path_from_the_future_is_refused(employee_client, simulation):
    path = _path(simulation, "doorsturen")
    path[0]["gekozenOp"] = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    assert_problem(start(employee_client, simulation, pad=path), 400, "future_timestamp")


def test_starting_twice_with_the_same_uuid_is_safe(employee_client, simulation):
    body = {
        "uuid": str(uuid.uuid4()),
        "simulatie": str(simulation.uuid),
        "gestartOp": now(),
        "pad": _path(simulation, "doorsturen"),
    }
    first = employee_client.post("/api/v1/mij/simulatiepogingen", body, format="json")
    again = employee_client.post("/api/v1/mij/simulatiepogingen", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert SimulationAttempt.objects.count() == 1
    changed = {**body, "pad": _path(simulation, "vragen", "oplossen")}
    assert_problem(
        employee_client.post("/api/v1/mij/simulatiepogingen", changed, format="json"), 409
    )


def test_an_attempt_stays_on_its_version_when_a_new_one_is_published(employee_client, simulation):
    attempt = start(employee_client, simulation).json()
    old_version = simulation.published_version
    draft = simulation_draft_create(simulation=simulation)
    simulation_version_publish(version=draft)
    simulation.refresh_from_db()
    assert simulation.published_version.number == 2

    # online: the running attempt goes on with version 1's choices
    going_on = choose(
        employee_client, attempt["uuid"], choice_uuid(simulation, "doorsturen", old_version)
    )
    assert going_on.status_code == 201 and going_on.json()["versie"] == 1
    # offline: a path played on version 1 is scored with version 1
    offline = start(
        employee_client,
        simulation,
        versie=1,
        pad=_path(simulation, "doorsturen", version=old_version),
    )
    assert offline.status_code == 201 and offline.json()["versie"] == 1
    # and a path of version 1 does not pass for version 2
    wrong = start(
        employee_client, simulation, pad=_path(simulation, "doorsturen", version=old_version)
    )
    assert_problem(wrong, 400, "invalid_path")


def test_my_attempts_list_their_scores(employee_client, simulation):
    start(employee_client, simulation, pad=_path(simulation, "doorsturen"))
    start(employee_client, simulation)
    listed = employee_client.get("/api/v1/mij/simulatiepogingen").json()
    assert listed["aantal"] == 2
    assert {item["status"] for item in listed["resultaten"]} == {"bezig", "afgerond"}
    done = next(item for item in listed["resultaten"] if item["status"] == "afgerond")
    assert done["scores"]["klanttevredenheid"] == 0.0


def test_query_counts_are_constant_in_the_number_of_attempts_and_steps(
    employee_client, simulation, zeventerpen, module
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert employee_client.get(path).status_code == 200
        return len(captured)

    attempt = start(employee_client, simulation, pad=_path(simulation, "doorsturen")).json()
    small = (
        queries("/api/v1/simulaties"),
        queries(f"/api/v1/simulaties/{simulation.uuid}"),
        queries("/api/v1/mij/simulatiepogingen"),
        queries(f"/api/v1/mij/simulatiepogingen/{attempt['uuid']}"),
    )
    for n in range(4):
        other = import_simulation(zeventerpen, module, key=f"meer-{n}")
        start(employee_client, other, pad=_path(other, "vragen", "oplossen"))
    long_attempt = start(
        employee_client, simulation, pad=_path(simulation, "vragen", "beloven")
    ).json()
    big = (
        queries("/api/v1/simulaties"),
        queries(f"/api/v1/simulaties/{simulation.uuid}"),
        queries("/api/v1/mij/simulatiepogingen"),
        queries(f"/api/v1/mij/simulatiepogingen/{long_attempt['uuid']}"),
    )
    assert big == small

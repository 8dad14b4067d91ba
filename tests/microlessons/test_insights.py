"""Insights for the organisation: groups only; a department of four is hidden in every view and
in the CSV, and cannot be recovered by subtracting from the total; constant query counts."""

import csv
import datetime
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.organisations.roles import Role
from microlessons.knowledge_test_attempts import (
    knowledge_answer,
    knowledge_test_attempt_start,
    knowledge_test_submit,
)
from microlessons.models import ActivityDay
from microlessons.simulation_play import ChoiceMade, simulation_attempt_start
from tests.conftest import client_for
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.helpers import admin_client, assert_problem
from tests.microlessons.builders import import_module
from tests.microlessons.practice_builders import import_simulation, import_test, window

SIZES = {"Klein": 4, "Midden": 6, "Groot": 9, "Ruim": 7}


@pytest.fixture
def world(zeventerpen):
    topics = [
        import_module(zeventerpen, f"onderwerp-{n}", lessons=1, questions=1) for n in range(2)
    ]
    test = import_test(zeventerpen, topics)
    meting = window(zeventerpen, test)
    simulation = import_simulation(zeventerpen, topics[0])
    return {"test": test, "window": meting, "simulation": simulation}


def _take_part(employee, world, *, right=True):
    attempt, _ = knowledge_test_attempt_start(
        employee=employee, attempt_uuid=uuid.uuid4(), test_uuid=world["test"].uuid, kind="meting"
    )
    for question in world["test"].questions.all():
        options = question.options.filter(is_correct=right) or question.options.all()
        knowledge_answer(
            employee=employee,
            attempt_uuid=attempt.uuid,
            question_uuid=question.uuid,
            chosen_option_uuids=[o.uuid for o in options][
                : 1 if question.kind == "enkele_keuze" else None
            ],
        )
    knowledge_test_submit(employee=employee, attempt_uuid=attempt.uuid)
    simulation = world["simulation"]
    first = simulation.published_version.steps.get(key="begin").choices.get(key="doorsturen")
    simulation_attempt_start(
        employee=employee,
        attempt_uuid=uuid.uuid4(),
        simulation_uuid=simulation.uuid,
        started_at=timezone.now(),
        path=[ChoiceMade(uuid.uuid4(), first.uuid, timezone.now())],
    )


def _populate(zeventerpen, world, sizes=SIZES):
    people = {}
    for name, size in sizes.items():
        department = DepartmentFactory(organisation=zeventerpen, name=name)
        people[name] = [
            EmployeeFactory(organisation=zeventerpen, department=department) for _n in range(size)
        ]
        for employee in people[name]:
            _take_part(employee, world, right=name != "Klein")
    return people


@pytest.fixture
def viewer(zeventerpen):
    return client_for(EmployeeFactory(organisation=zeventerpen, roles=[Role.INSIGHTS_VIEWER]))


VIEWS = [
    "/api/v1/inzichten/kennistoets",
    "/api/v1/inzichten/simulaties",
    "/api/v1/inzichten/deelname",
]


def _row(table, name):
    return next(row for row in table["rijen"] if row["naam"] == name)


@pytest.mark.parametrize("path", VIEWS)
def test_a_department_of_four_is_hidden_and_cannot_be_subtracted(viewer, zeventerpen, world, path):
    _populate(zeventerpen, world)
    table = viewer.get(path).json()
    small = _row(table, "Klein")
    assert all(
        c["onderdrukt"] and c["waarde"] is None and c["aantal"] is None for c in small["cellen"]
    )
    # per column: never exactly one hidden value beside a shown total
    for index, column in enumerate(table["kolommen"]):
        hidden = [row["naam"] for row in table["rijen"] if row["cellen"][index]["onderdrukt"]]
        assert len(hidden) != 1, (column, hidden)
        total = table["totaal"]["cellen"][index]
        if not total["onderdrukt"]:
            assert len(hidden) >= 2  # Klein and one more
    assert "Groot" not in [
        row["naam"] for row in table["rijen"] if row["cellen"][0]["onderdrukt"]
    ]  # the largest stays visible


def test_the_csv_hides_the_same_cells(viewer, zeventerpen, world):
    _populate(zeventerpen, world)
    json_table = viewer.get("/api/v1/inzichten/kennistoets").json()
    response = viewer.get("/api/v1/inzichten/export", {"weergave": "kennistoets"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name["Klein"][1:]) == {"niet getoond (kleine groep)"}
    hidden_json = {row["naam"] for row in json_table["rijen"] if row["cellen"][0]["onderdrukt"]}
    hidden_csv = {name for name, row in by_name.items() if row[1] == "niet getoond (kleine groep)"}
    assert hidden_json == hidden_csv and len(hidden_csv) == 2


def test_nothing_individual_even_for_the_organisation_admin(zeventerpen, world, org_admin):
    _populate(zeventerpen, world, {"Klein": 1, "Groot": 9})
    assert_problem(client_for(org_admin).get("/api/v1/inzichten/kennistoets"), 403)
    viewer = client_for(EmployeeFactory(organisation=zeventerpen, roles=[Role.INSIGHTS_VIEWER]))
    table = viewer.get("/api/v1/inzichten/kennistoets").json()
    names = {row["naam"] for row in table["rijen"]}
    assert names == {"Klein", "Groot"}  # departments, never people
    assert _row(table, "Klein")["totaal"]["onderdrukt"]


def test_results_per_department_and_topic(viewer, zeventerpen, world):
    _populate(zeventerpen, world)
    table = viewer.get("/api/v1/inzichten/kennistoets").json()
    assert _row(table, "Groot")["totaal"] == {
        "kolom": "totaal",
        "waarde": 100.0,
        "aantal": 9,
        "onderdrukt": False,
    }
    assert table["totaal"]["totaal"]["aantal"] == 26
    assert table["minimumGroep"] == 5 and table["eenheid"] == "procent"


def test_the_trend_follows_the_measurement_windows(viewer, zeventerpen, world):
    _populate(zeventerpen, world, {"Groot": 9})
    table = viewer.get("/api/v1/inzichten/trend").json()
    assert [row["naam"] for row in table["rijen"]] == ["Meting"]
    assert table["rijen"][0]["totaal"]["waarde"] == 100.0


def test_without_a_window_the_last_closed_one_is_shown_else_the_open_one(
    viewer, zeventerpen, world
):
    world["window"].name = "Meting nu"
    world["window"].save()
    assert "Meting nu" in viewer.get("/api/v1/inzichten/kennistoets").json()["titel"]
    window(zeventerpen, world["test"], opens_days=-90, closes_days=-60, name="Voorjaar")
    window(zeventerpen, world["test"], opens_days=-50, closes_days=-20, name="Najaar")
    assert "Najaar" in viewer.get("/api/v1/inzichten/kennistoets").json()["titel"]


def test_the_organisation_sets_the_smallest_group(viewer, zeventerpen, world):
    _populate(zeventerpen, world)
    zeventerpen.insights_min_group_size = 10
    zeventerpen.save()
    table = viewer.get("/api/v1/inzichten/kennistoets").json()
    assert all(c["onderdrukt"] for row in table["rijen"] for c in row["cellen"])


def test_bad_parameters_are_a_400_and_no_data_a_404(viewer, zeventerpen, world):
    assert_problem(viewer.get("/api/v1/inzichten/kennistoets", {"meetvenster": "kapot"}), 400)
    assert_problem(
        viewer.get("/api/v1/inzichten/kennistoets", {"meetvenster": str(uuid.uuid4())}), 404
    )
    assert_problem(
        viewer.get("/api/v1/inzichten/export", {"weergave": "simulaties", "toets": "geen-uuid"}),
        400,
    )
    assert_problem(viewer.get("/api/v1/inzichten/export", {"weergave": "alles"}), 400)
    world["window"].delete()
    assert_problem(viewer.get("/api/v1/inzichten/kennistoets"), 404)


def test_another_organisations_window_is_refused(viewer, oosterdijk):
    foreign_module = import_module(oosterdijk, "elders", lessons=1, questions=1)
    foreign = window(oosterdijk, import_test(oosterdijk, [foreign_module]))
    response = viewer.get("/api/v1/inzichten/kennistoets", {"meetvenster": str(foreign.uuid)})
    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize(
    "path",
    [
        *VIEWS,
        "/api/v1/inzichten/trend",
        "/api/v1/inzichten/export?weergave=kennistoets",
        "/admin/inzichten/",
        "/admin/inzichten/deelname.csv",
    ],
)
def test_query_counts_are_constant_in_employees_and_attempts(viewer, zeventerpen, world, path):
    client = viewer
    if path.startswith("/admin/"):
        client = admin_client(
            EmployeeFactory(organisation=zeventerpen, roles=[Role.INSIGHTS_VIEWER])
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    _populate(zeventerpen, world, {"Een": 5})
    few = queries()
    _populate(zeventerpen, world, {"Twee": 8, "Drie": 6})
    ActivityDay.objects.bulk_create(
        (
            ActivityDay(employee=e, local_date=timezone.localdate() - datetime.timedelta(days=9))
            for e in zeventerpen.employee_set.all()
        ),
        ignore_conflicts=True,
    )
    assert queries() == few

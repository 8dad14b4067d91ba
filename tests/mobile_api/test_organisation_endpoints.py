import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DepartmentFactory, EmployeeFactory, LocationFactory
from tests.helpers import assert_problem


def test_colleagues_are_only_those_of_the_own_organisation(employee_client, employee, outsider):
    response = employee_client.get("/api/v1/medewerkers")
    assert response.status_code == 200
    uuids = {colleague["uuid"] for colleague in response.json()["resultaten"]}
    assert str(employee.uuid) in uuids
    assert str(outsider.uuid) not in uuids


def test_colleague_search_matches_name_and_department(employee_client, zeventerpen):
    department = DepartmentFactory(organisation=zeventerpen, name="Handhaving")
    EmployeeFactory(organisation=zeventerpen, first_name="Özlem", last_name="Kaya")
    EmployeeFactory(organisation=zeventerpen, last_name="Visser", department=department)
    names = lambda query: {  # noqa: E731
        c["naam"]
        for c in employee_client.get(f"/api/v1/medewerkers?zoek={query}").json()["resultaten"]
    }
    assert names("özlem") == {"Özlem Kaya"}
    assert names("OZLEM kay") == {"Özlem Kaya"}  # accents and case do not matter
    assert {n.split()[-1] for n in names("handhaving")} == {"Visser"}


def test_colleagues_are_paginated(employee_client, zeventerpen):
    EmployeeFactory.create_batch(4, organisation=zeventerpen)
    body = employee_client.get("/api/v1/medewerkers?paginaGrootte=2&pagina=2").json()
    assert body["aantal"] == 5
    assert len(body["resultaten"]) == 2
    assert "pagina=3" in body["volgende"]


def test_page_out_of_range_is_a_404_problem(employee_client):
    assert_problem(employee_client.get("/api/v1/medewerkers?pagina=9"), 404)


def test_invalid_page_parameters_are_a_400_naming_both(employee_client):
    body = assert_problem(
        employee_client.get("/api/v1/medewerkers?pagina=nul&paginaGrootte=-1"), 400
    )
    assert {param["name"] for param in body["invalidParams"]} == {"pagina", "paginaGrootte"}


@pytest.mark.parametrize(
    "collection, make",
    [
        ("medewerkers", lambda org: EmployeeFactory(organisation=org)),
        ("afdelingen", lambda org: DepartmentFactory(organisation=org)),
        ("vestigingen", lambda org: LocationFactory(organisation=org)),
    ],
)
def test_another_organisations_objects_are_404(
    employee_client, outsider_client, zeventerpen, oosterdijk, collection, make
):
    own, foreign = make(zeventerpen), make(oosterdijk)
    assert employee_client.get(f"/api/v1/{collection}/{own.uuid}").status_code == 200
    assert_problem(employee_client.get(f"/api/v1/{collection}/{foreign.uuid}"), 404, "not_found")
    assert_problem(outsider_client.get(f"/api/v1/{collection}/{own.uuid}"), 404, "not_found")
    listed = {o["uuid"] for o in outsider_client.get(f"/api/v1/{collection}").json()["resultaten"]}
    assert str(own.uuid) not in listed


def test_location_shows_its_address(employee_client, zeventerpen):
    location = LocationFactory(
        organisation=zeventerpen,
        name="Stadswinkel",
        street_address="Kerkstraat 12",
        postal_code="7411 BC",
        city="Zeventerpen",
    )
    body = employee_client.get(f"/api/v1/vestigingen/{location.uuid}").json()
    assert body == {
        "uuid": str(location.uuid),
        "naam": "Stadswinkel",
        "adres": "Kerkstraat 12",
        "postcode": "7411 BC",
        "plaats": "Zeventerpen",
    }


@pytest.mark.parametrize("collection", ["medewerkers", "afdelingen", "vestigingen"])
def test_list_query_count_is_constant(employee_client, zeventerpen, collection):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert employee_client.get(f"/api/v1/{collection}").status_code == 200
        return len(queries)

    baseline = count()
    EmployeeFactory.create_batch(25, organisation=zeventerpen)
    assert count() == baseline

from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.organisations.roles import Role
from mobile_api.tokens import token_issue
from tests.conftest import client_for
from tests.factories import EmployeeFactory


def test_mij_shows_the_employee_with_organisation_placement_and_roles(zeventerpen):
    employee = EmployeeFactory(
        organisation=zeventerpen,
        first_name="Zoë",
        name_prefix="van der",
        last_name="Linden",
        roles=[Role.CONTENT_EDITOR, Role.RULE_COACH],
    )
    body = client_for(employee).get("/api/v1/mij").json()
    assert body["naam"] == "Zoë van der Linden"
    assert body["organisatie"] == {
        "uuid": str(zeventerpen.uuid),
        "naam": "Zeventerpen",
        "tijdzone": "Europe/Amsterdam",
    }
    assert body["afdeling"]["naam"] == employee.department.name
    assert body["vestiging"]["naam"] == employee.location.name
    assert body["rollen"] == ["medewerker", "ontregelcoach", "redacteur"]
    assert body["taal"] == "nl"
    assert body["gebruikersnaam"] == employee.user.username


def test_mij_without_department_or_location(zeventerpen):
    employee = EmployeeFactory(organisation=zeventerpen, department=None, location=None)
    body = client_for(employee).get("/api/v1/mij").json()
    assert body["afdeling"] is None and body["vestiging"] is None


def _queries_for_mij(employee):
    client = client_for(employee)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/mij").status_code == 200
    return len(queries)


def test_mij_query_count_is_constant(zeventerpen):
    small = EmployeeFactory(organisation=zeventerpen)
    baseline = _queries_for_mij(small)

    big = EmployeeFactory(organisation=zeventerpen, roles=list(Role))
    for _ in range(20):
        token_issue(employee=big)
    EmployeeFactory.create_batch(30, organisation=zeventerpen)
    assert _queries_for_mij(big) == baseline
    assert baseline <= 3

import pytest

from backend.organisations.roles import Role
from tests.conftest import client_for
from tests.factories import EmployeeFactory


@pytest.fixture
def reporter(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, first_name="Rik", last_name="Vermeulen-Arslan")


@pytest.fixture
def coach(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, roles=[Role.RULE_COACH])


@pytest.fixture
def reporter_client(reporter):
    return client_for(reporter)


@pytest.fixture
def coach_client(coach):
    return client_for(coach)


def report_body(**changes):
    body = {
        "regel": "Voor een parkeervergunning moet een uittreksel van de BRP op papier mee.",
        "waarTegengekomen": "Aanvraag parkeervergunning aan de balie",
        "gevolg": "Inwoners moeten twee keer komen; de gemeente heeft de gegevens zelf al.",
        "beter": "Zelf de BRP raadplegen.",
        "herkomst": "eigen_organisatie",
        "privacy": "met_naam",
    }
    body.update(changes)
    return body


def submit(client, **changes):
    response = client.post("/api/v1/regelmeldingen", report_body(**changes))
    assert response.status_code == 201, response.json()
    return response.json()


def step(client, uuid, action, **fields):
    return client.post(f"/api/v1/regelmeldingen/{uuid}/stappen", {"actie": action, **fields})

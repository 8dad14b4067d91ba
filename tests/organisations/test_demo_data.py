import pytest
from django.core.management import CommandError, call_command

from backend.organisations.models import Department, Employee, Location, Organisation
from backend.organisations.roles import Role
from tests.openapi_validation import ContractCheckingClient

DEMO_ACCOUNTS = [
    "demo-medewerker",
    "demo-redacteur",
    "demo-organisator",
    "demo-coach",
    "demo-analist",
    "demo-beheerder",
    "demo-oosterdijk",
]


@pytest.fixture
def demo(demo_data, db):
    pass


def test_demo_data_describes_zeventerpen_and_oosterdijk(demo):
    zeventerpen = Organisation.objects.get(slug="zeventerpen")
    departments = set(
        Department.objects.filter(organisation=zeventerpen).values_list("name", flat=True)
    )
    assert {
        "Publiekszaken/KCC",
        "Sociaal Domein",
        "Handhaving",
        "Vergunningen",
        "Juridische Zaken",
    } <= departments
    assert Location.objects.filter(organisation=zeventerpen).count() >= 10
    people = Employee.objects.filter(organisation=zeventerpen)
    assert 45 <= people.count() <= 60
    held = set(people.values_list("roles__role", flat=True))
    assert held == set(Role.values)
    assert Organisation.objects.filter(slug="oosterdijk").exists()


def test_demo_data_is_idempotent(demo):
    counts = (Organisation.objects.count(), Employee.objects.count(), Location.objects.count())
    call_command("load_demo_data")
    assert (
        Organisation.objects.count(),
        Employee.objects.count(),
        Location.objects.count(),
    ) == counts


@pytest.mark.parametrize("username", DEMO_ACCOUNTS)
def test_every_demo_account_signs_in(demo, username):
    response = ContractCheckingClient().post(
        "/api/v1/tokens", {"gebruikersnaam": username, "wachtwoord": "zeventerpen"}, format="json"
    )
    assert response.status_code == 201


def test_demo_oosterdijk_sees_no_zeventerpen_colleague(demo):
    client = ContractCheckingClient()
    token = client.post(
        "/api/v1/tokens",
        {"gebruikersnaam": "demo-oosterdijk", "wachtwoord": "zeventerpen"},
        format="json",
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    zeventerpen_person = Employee.objects.get(user__username="demo-medewerker")
    assert client.get(f"/api/v1/medewerkers/{zeventerpen_person.uuid}").status_code == 404


def test_demo_command_refuses_production_mode(db, settings):
    before = Organisation.objects.count()
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo_data")
    assert Organisation.objects.count() == before

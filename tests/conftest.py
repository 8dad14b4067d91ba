import base64
import json
import time

import pytest

from backend.organisations.roles import Role
from mobile_api.tokens import token_issue
from tests.factories import EmployeeFactory, OrganisationFactory
from tests.openapi_validation import ContractCheckingClient

FIREBASE_TEST_PROJECT = "dienst-dna-test"
FAST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # to check hashes made outside tests
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a third of a second per password by design; tests make hundreds."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and processed images of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api_client():
    """A client whose every /api/v1 response must match the committed OpenAPI document."""
    return ContractCheckingClient()


@pytest.fixture
def zeventerpen(db):
    return OrganisationFactory(name="Zeventerpen", slug="zeventerpen")


@pytest.fixture
def oosterdijk(db):
    return OrganisationFactory(name="Oosterdijk", slug="oosterdijk")


@pytest.fixture
def employee(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, first_name="Noël", last_name="Hendriks")


@pytest.fixture
def outsider(oosterdijk):
    """An employee of the other municipality."""
    return EmployeeFactory(organisation=oosterdijk)


def client_for(employee):
    _token, raw = token_issue(employee=employee, device_name="pytest")
    client = ContractCheckingClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def employee_client(employee):
    return client_for(employee)


@pytest.fixture
def outsider_client(outsider):
    return client_for(outsider)


@pytest.fixture
def org_admin(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen, roles=[Role.ORGANISATION_ADMIN])


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture
def firebase_emulator(monkeypatch, settings):
    """The real Firebase Admin SDK in Auth-emulator mode: it accepts unsigned ID tokens.

    Returns a function that mints such a token for a Firebase user id.
    """
    monkeypatch.setenv("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099")
    settings.FIREBASE_PROJECT_ID = FIREBASE_TEST_PROJECT

    def mint(uid, *, expires_in=3600, project=FIREBASE_TEST_PROJECT, **claims):
        now = int(time.time())
        payload = {
            "iss": f"https://securetoken.google.com/{project}",
            "aud": project,
            "sub": uid,
            "iat": now - 10,
            "auth_time": now - 10,
            "exp": now + expires_in,
            **claims,
        }
        return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}."

    return mint


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """`make run`'s demo data, loaded once for a test module and removed after it (loading
    draws and processes every picture: seconds, not milliseconds). Tests that use it also ask
    for ``db``, so what a test changes is rolled back and the next test sees the demo as loaded."""
    from django.core.management import call_command
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        with django_db_blocker.unblock():
            call_command("load_demo_data", verbosity=0)
        yield
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)

"""Issue 8.8: every user-facing text of the API is proper Dutch (a 429 read "Aanvraag was
verstikt. Expected available in 20 seconds."), English where the user asks for it. Each error
kind is asked for in Dutch and in English; the Dutch answer must differ from the English one
and contain no English."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.openapi_validation import ContractCheckingClient

# Words that are English and not Dutch ("is", "was" and "in" are both).
ENGLISH = re.compile(
    r"\b(the|are|expected|available|please|request|this|not|field|must|you|"
    r"seconds|invalid|allowed|found|required|throttled|credentials)\b",
    re.IGNORECASE,
)


def _texts(body):
    yield body["title"]
    yield body["detail"]
    for param in body.get("invalidParams", []):
        yield param["reason"]


def _employee(zeventerpen, roles=()):
    return client_for(EmployeeFactory(organisation=zeventerpen, roles=list(roles)))


ERROR_KINDS = {
    "400 invalid input": lambda c, z: c.post("/api/v1/mij/antwoorden", {}, format="json"),
    "400 bad query": lambda c, z: c.get("/api/v1/mij/vandaag?tijdbudget=veel"),
    "401 not signed in": lambda c, z: ContractCheckingClient().get("/api/v1/mij"),
    "401 unknown token": lambda c, z: ContractCheckingClient(
        HTTP_AUTHORIZATION="Bearer ddna_bestaat-niet"
    ).get("/api/v1/mij"),
    "401 wrong password": lambda c, z: ContractCheckingClient().post(
        "/api/v1/tokens", {"gebruikersnaam": "niemand", "wachtwoord": "fout"}, format="json"
    ),
    "403 role": lambda c, z: c.post(
        "/api/v1/afbeeldingen", {"bestand": SimpleUploadedFile("x.png", b"x")}, format="multipart"
    ),
    "404 unknown id": lambda c, z: c.get("/api/v1/lessen/3f2b6c1e-9d4a-4e7b-8c5d-0a1b2c3d4e5f"),
    "404 no such address": lambda c, z: c.get("/api/v1/bestaat-niet"),
    "405 method": lambda c, z: c.delete("/api/v1/mij"),
    "413 too large": lambda c, z: c.generic(
        "POST", "/api/v1/mij/antwoorden", "x" * (3 * 1024 * 1024), content_type="application/json"
    ),
    "415 content type": lambda c, z: c.generic(
        "POST", "/api/v1/mij/antwoorden", "a=b", content_type="text/plain"
    ),
}


@pytest.mark.parametrize("kind", list(ERROR_KINDS))
def test_every_error_kind_speaks_dutch_and_english_on_request(zeventerpen, kind):
    client = _employee(zeventerpen)
    answers = {}
    for language in ("en", "nl"):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        response = ERROR_KINDS[kind](client, zeventerpen)
        assert response.status_code >= 400
        answers[language] = list(_texts(response.json()))
    for dutch, english in zip(answers["nl"], answers["en"], strict=True):
        assert not ENGLISH.search(dutch), (kind, dutch)
        assert dutch != english or not ENGLISH.search(english), (kind, dutch)


def test_throttled_sign_in_speaks_dutch(api_client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"tokens": "1/minute"},
    }
    for _attempt in range(2):
        response = api_client.post(
            "/api/v1/tokens",
            {"gebruikersnaam": "niemand", "wachtwoord": "fout"},
            format="json",
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert response.status_code == 429
    for text in _texts(response.json()):
        assert not ENGLISH.search(text), text
    assert "seconden" in response.json()["detail"]


def test_lockout_speaks_dutch(api_client, employee, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = api_client.post(
            "/api/v1/tokens",
            {"gebruikersnaam": employee.user.username, "wachtwoord": "fout"},
            format="json",
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert response.status_code == 429
    for text in _texts(response.json()):
        assert not ENGLISH.search(text), text


def test_a_client_that_asks_for_another_format_gets_json(employee_client):
    response = employee_client.get("/api/v1/mij", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"

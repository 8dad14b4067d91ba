import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path

from tests.helpers import assert_problem


def test_trailing_slash_is_a_404_problem_not_a_redirect(employee_client):
    response = employee_client.get("/api/v1/mij/")
    assert_problem(response, 404, "not_found")


def test_unknown_path_is_a_404_problem(employee_client):
    assert_problem(employee_client.get("/api/v1/bestaat-niet"), 404, "not_found")
    assert_problem(Client().get("/bestaat-niet"), 404, "not_found")


def test_wrong_method_is_a_405_problem_with_allow_header(employee_client):
    response = employee_client.delete("/api/v1/mij")
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_wrong_method_outside_drf_is_a_problem_too(db):
    response = Client().post("/api/v1/openapi.json")
    assert_problem(response, 405)


def test_invalid_body_lists_every_field_error_at_once(api_client, db):
    response = api_client.post("/api/v1/tokens", {"apparaatnaam": 12}, format="json")
    body = assert_problem(response, 400, "invalid")
    problems = {(p["name"], p["code"]) for p in body["invalidParams"]}
    assert problems == {
        ("gebruikersnaam", "required"),
        ("wachtwoord", "required"),
        ("apparaatnaam", "invalid"),
    }


def test_wrong_types_are_rejected_not_converted(api_client, db):
    response = api_client.post(
        "/api/v1/tokens", {"gebruikersnaam": 123, "wachtwoord": ["x"]}, format="json"
    )
    body = assert_problem(response, 400)
    assert {p["name"] for p in body["invalidParams"]} == {"gebruikersnaam", "wachtwoord"}


def test_malformed_json_is_a_400_problem(api_client, db):
    response = api_client.generic(
        "POST", "/api/v1/tokens", "{not json", content_type="application/json"
    )
    assert_problem(response, 400, "parse_error")


def test_other_content_types_are_a_415_problem(api_client, db):
    response = api_client.post(
        "/api/v1/tokens", "gebruikersnaam=a&wachtwoord=b", content_type="text/plain"
    )
    assert_problem(response, 415, "unsupported_media_type")


def _crash(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("api/v1/crash", _crash)]
handler500 = "mobile_api.problems.handler500"


@override_settings(ROOT_URLCONF=__name__)
def test_unexpected_error_is_a_500_problem_without_internals(db):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/crash")
    body = assert_problem(response, 500, "server_error")
    assert "secret" not in response.content.decode()
    assert response["API-Version"] == settings.API_VERSION
    assert body["instance"] == "/api/v1/crash"


@pytest.mark.parametrize("path", ["/api/v1/mij", "/api/v1/mij/", "/api/v1/openapi.json"])
def test_every_response_has_version_and_security_headers(api_client, db, path):
    response = api_client.get(path)
    assert response["API-Version"] == settings.API_VERSION
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_problem_texts_follow_the_requested_language(api_client, db):
    dutch = api_client.get("/api/v1/mij").json()
    english = api_client.get("/api/v1/mij", HTTP_ACCEPT_LANGUAGE="en").json()
    assert dutch["code"] == english["code"] == "not_authenticated"
    assert dutch["title"] == "Je bent niet aangemeld."
    assert english["title"] == "You are not signed in."

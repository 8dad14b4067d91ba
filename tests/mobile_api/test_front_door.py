"""Issue 8.12: `make run` printed /api/v1/ (a 404), and `/` and `/api/v1` were 404 too."""

import pytest
from django.test import Client

from tests.openapi_validation import ContractCheckingClient


def test_the_api_root_links_to_the_document_the_docs_and_the_main_resources(db):
    response = ContractCheckingClient().get("/api/v1")
    assert response.status_code == 200
    body = response.json()
    assert body["versie"]
    links = body["links"]
    assert links["openapi"] == "http://testserver/api/v1/openapi.json"
    assert links["documentatie"] == "http://testserver/api/v1/docs"
    for name in ("openapi", "documentatie", "redoc"):
        assert Client().get(links[name]).status_code == 200
    for name in ("mij", "vandaag", "modules", "medewerkers"):
        assert Client().get(links[name]).status_code == 401  # there, behind sign-in


def test_the_api_root_with_a_trailing_slash_is_a_404_as_everywhere(db):
    assert ContractCheckingClient().get("/api/v1/").status_code == 404


def test_the_front_page_says_what_this_is_in_dutch_and_links_on(db):
    response = Client().get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="nl">' in page and "gemeentemedewerkers" in page
    for target in ('href="/api/v1/docs"', 'href="/admin/"', 'href="/api/v1"'):
        assert target in page
    assert "demo-medewerker" in page  # the embedded default shows the demo sign-ins


@pytest.mark.parametrize("production", [True])
def test_production_shows_no_demo_sign_ins(db, settings, production):
    settings.PRODUCTION = production
    page = Client().get("/").content.decode()
    assert "demo-medewerker" not in page and "zeventerpen</code>" not in page

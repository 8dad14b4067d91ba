import yaml
from django.conf import settings
from django.test import Client


def test_openapi_json_is_public_and_readable_from_any_origin(api_client, db):
    response = api_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["API-Version"] == settings.API_VERSION
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/mij" in document["paths"]


def test_openapi_yaml_has_the_same_content(api_client, db):
    as_json = api_client.get("/api/v1/openapi.json").json()
    response = api_client.get("/api/v1/openapi.yaml")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert yaml.safe_load(response.content) == as_json


def test_served_document_equals_the_committed_one(api_client, db):
    from tests.openapi_validation import SCHEMA_PATH

    assert api_client.get("/api/v1/openapi.json").json() == yaml.safe_load(SCHEMA_PATH.read_text())


def test_swagger_ui_and_redoc_are_served_without_internet(db):
    client = Client()
    for page in ("/api/v1/docs", "/api/v1/redoc"):
        response = client.get(page)
        assert response.status_code == 200
        html = response.content.decode()
        assert "cdn." not in html and "unpkg" not in html, page
        assert "/static/drf_spectacular_sidecar/" in html, page
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200

"""What the document allows, the server accepts; what it forbids, the server refuses with 400.

The cases come from the committed document: every query parameter with a minimum, maximum or
maxLength is tried on and just past its bounds, and every path id that matches nothing (in the
right format or not) is a 404, never a 400."""

import pytest

from backend.organisations.roles import Role
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.openapi_validation import committed_document

DOCUMENT = committed_document()


def _bounded_query_parameters():
    for path, item in DOCUMENT["paths"].items():
        if "{" in path or "get" not in item:
            continue
        for parameter in item["get"].get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter.get("in") != "query":
                continue
            if {"minimum", "maximum", "maxLength"} & schema.keys():
                required = {
                    p["name"]: p["schema"]["enum"][0]
                    for p in item["get"]["parameters"]
                    if p.get("required") and "enum" in p.get("schema", {})
                }
                yield pytest.param(
                    path, parameter["name"], schema, required, id=f"{path}?{parameter['name']}"
                )


def _inside_and_outside(schema):
    inside, outside = [], []
    if "minimum" in schema:
        inside.append(schema["minimum"])
        outside.append(schema["minimum"] - 1)
    if "maximum" in schema:
        inside.append(schema["maximum"])
        outside.append(schema["maximum"] + 1)
    if "maxLength" in schema:
        inside.append("a" * schema["maxLength"])
        outside.append("a" * (schema["maxLength"] + 1))
    return inside, outside


@pytest.mark.parametrize("path, name, schema, required", list(_bounded_query_parameters()))
def test_query_limits_in_the_document_are_the_servers(zeventerpen, path, name, schema, required):
    client = client_for(EmployeeFactory(organisation=zeventerpen, roles=list(Role)))
    inside, outside = _inside_and_outside(schema)
    for value in inside:
        response = client.get(f"/api/v1{path}", {**required, name: value})
        assert response.status_code == 200, (name, value, response.content[:300])
    for value in outside:
        response = client.get(f"/api/v1{path}", {**required, name: value})
        assert response.status_code == 400, (name, value, response.status_code)
        assert name in {p["name"] for p in response.json()["invalidParams"]}


def _operations_with_an_id():
    for path, item in DOCUMENT["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete") and "{uuid}" in path:
                yield pytest.param(path, method, id=f"{method.upper()} {path}")


@pytest.mark.parametrize("path, method", list(_operations_with_an_id()))
@pytest.mark.parametrize(
    "identifier",
    [
        "0" * 36,
        "00000000-0000-0000-0000-000000000000",
        "3f2b6c1e-9d4a-4e7b-8c5d-0a1b2c3d4e5f",
        "niet-een-id",
    ],
)
def test_an_id_that_matches_nothing_is_a_404(zeventerpen, path, method, identifier):
    client = client_for(EmployeeFactory(organisation=zeventerpen, roles=list(Role)))
    response = getattr(client, method)(f"/api/v1{path.replace('{uuid}', identifier)}")
    assert response.status_code == 404, (identifier, response.status_code)
    assert response["Content-Type"] == "application/problem+json"

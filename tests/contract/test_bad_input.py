"""Every write operation in the committed document, fed bad input: a 4xx problem+json answer,
never a 500, and no table gains or loses a row.

The bodies are derived from each operation's request schema, so a new endpoint is covered as
soon as it is in the document."""

import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.organisations.roles import Role
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.openapi_validation import committed_document

DOCUMENT = committed_document()
# Bookkeeping that bad input may legitimately touch: failed sign-ins are counted (lockout).
BOOKKEEPING_APPS = {"axes", "sessions", "admin"}


def schema_ref(ref):
    return ref.removeprefix("#/").split("/")


def resolve(schema):
    while "$ref" in schema:
        target = DOCUMENT
        for part in schema_ref(schema["$ref"]):
            target = target[part]
        schema = target
    return schema


def wrong_value(schema):
    """A value of the wrong type (or format) for ``schema``."""
    schema = resolve(schema)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if schema.get("format") == "uuid":
        return "geen-uuid"
    if schema.get("format") == "date-time":
        return "gisteren rond de middag"
    return {
        "string": {"tekst": "in een object"},
        "integer": "veel",
        "number": "veel",
        "boolean": "misschien",
        "array": "geen lijst",
        "object": 42,
    }.get(kind, 42)


def _is_plain_text(schema):
    schema = resolve(schema)
    return schema.get("type") == "string" and "format" not in schema and "enum" not in schema


def _write_operations():
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if method in ("post", "put", "patch") and "requestBody" in operation:
                yield pytest.param(path, method, operation, id=f"{method.upper()} {path}")


def _bodies(operation):
    content = operation["requestBody"]["content"]
    media_type, spec = next(iter(content.items()))
    schema = resolve(spec["schema"])
    properties = schema.get("properties", {})
    if media_type == "multipart/form-data":
        garbage = SimpleUploadedFile("kapot.bin", b"\x00\xffgeen inhoud", "application/x-kapot")
        deep = SimpleUploadedFile("diep.json", b"[" * 50_000 + b"]" * 50_000, "application/json")
        yield "empty form", {}, "multipart"
        yield "garbage files", dict.fromkeys(properties, garbage), "multipart"
        yield "files of JSON nested 50,000 deep", dict.fromkeys(properties, deep), "multipart"
        yield "json instead of a form", {"x": 1}, "json"
        yield "a multipart body cut off", BROKEN_MULTIPART, "broken-multipart"
        return
    yield "empty object", {}, "json"
    yield "broken JSON", '{"a": ', "raw"
    yield "JSON nested 50,000 deep", "[" * 50_000 + "]" * 50_000, "raw"
    yield "a list", [], "json"
    yield "a string", "tekst", "json"
    yield "null", None, "json"
    wrong = {name: wrong_value(prop) for name, prop in properties.items()}
    yield "every field of the wrong type", wrong, "json"
    texts = [name for name, prop in properties.items() if _is_plain_text(prop)]
    if texts:  # PostgreSQL cannot store NUL: it must be refused before any query
        yield "text with a NUL character", dict.fromkeys(texts, "voor\x00na"), "json"
        # Sent escaped ("\\ud800"): the JSON is valid, the text it decodes to is not.
        yield "text with a lone surrogate", json.dumps(dict.fromkeys(texts, "voor\ud800na")), "raw"
        yield "text with a right-to-left override", dict.fromkeys(texts, "voor\u202ean"), "json"
        yield "text with a right-to-left mark", dict.fromkeys(texts, "voor\u200fna"), "json"
    yield "plain text instead of JSON", "regel=alles", "text"
    for name in properties:
        yield f"only {name} wrong", {name: wrong[name]}, "json"


BROKEN_MULTIPART = (
    b'--grens\r\nContent-Disposition: form-data; name="bestand"; filename="a.png"\r\n'
    b"Content-Type: image/png\r\n\r\n\x89PNG\r\n"
)


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in BOOKKEEPING_APPS
    }


@pytest.mark.parametrize("path, method, operation", list(_write_operations()))
def test_bad_bodies_get_a_problem_and_change_nothing(zeventerpen, path, method, operation):
    client = client_for(EmployeeFactory(organisation=zeventerpen, roles=list(Role)))
    url = "/api/v1" + path.replace("{uuid}", "00000000-0000-4000-8000-000000000000")
    before = row_counts()
    for label, body, body_format in _bodies(operation):
        if body_format == "raw":
            response = client.generic(method.upper(), url, body, content_type="application/json")
        elif body_format == "text":
            response = client.generic(method.upper(), url, body, content_type="text/plain")
        elif body_format == "broken-multipart":
            response = client.generic(
                method.upper(), url, body, content_type="multipart/form-data; boundary=grens"
            )
        elif body_format == "json":
            response = getattr(client, method)(
                url, body if body is not None else "null", format="json"
            )
        else:
            response = getattr(client, method)(url, body, format="multipart")
        assert 400 <= response.status_code < 500, (label, response.status_code, response.content)
        assert response["Content-Type"] == "application/problem+json", label
        assert row_counts() == before, label


@pytest.mark.parametrize(
    "query",
    [
        "/mij/vandaag?tijdbudget=veel",
        "/mij/vandaag?tijdbudget=-5",
        "/mij/vandaag?tijdbudget=1e9",
        "/mij/voltooiingen?pagina=nul",
        "/mij/voltooiingen?paginaGrootte=-1",
        "/mij/voltooiingen?pagina=99999",
        "/medewerkers?pagina=0",
        "/medewerkers?paginaGrootte=veel",
        "/medewerkers?pagina=last",
        "/mij/wijzigingen?cursor=kapot",
        "/mij/wijzigingen?cursor=" + "a" * 5000,
        "/medewerkers?zoek=voor%00na",
        "/mij/vandaag?tijdbudget=300&onbekend%00=1",
        "/medewerkers?pagina=99999999999999999999999",
        "/medewerkers?paginaGrootte=100000",
        "/mij/notificaties?paginaGrootte=99999999999999999999",
        "/mij/notificaties?pagina=" + "9" * 400,
        "/regelmeldingen/suggesties?tekst=" + "x" * 600,
    ],
)
def test_bad_query_parameters_get_a_problem(employee_client, query):
    response = employee_client.get("/api/v1" + query)
    assert 400 <= response.status_code < 500, (query, response.status_code)
    assert response["Content-Type"] == "application/problem+json"

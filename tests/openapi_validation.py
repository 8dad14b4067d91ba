"""Validates every /api/v1 response of the test suite against the committed OpenAPI document."""

import functools
import json
from pathlib import Path

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from rest_framework.test import APIClient

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "openapi" / "openapi.yaml"
API_PREFIX = "/api/v1/"
# Served by the API but deliberately not described as operations: the YAML twin of
# /openapi.json (named in its description) and the two HTML viewers of the document.
UNDOCUMENTED = {"/api/v1/openapi.yaml", "/api/v1/docs", "/api/v1/redoc"}


@functools.cache
def committed_document() -> dict:
    """The committed OpenAPI document as plain data (treat as read-only)."""
    return yaml.safe_load(SCHEMA_PATH.read_text())


@functools.cache
def committed_openapi() -> OpenAPI:
    spec = yaml.safe_load(SCHEMA_PATH.read_text())
    spec["servers"] = [{"url": "http://testserver/api/v1"}]  # the test client's host
    config = Config(
        extra_media_type_deserializers={
            "application/problem+json": json.loads,
            "application/vnd.oai.openapi+json": json.loads,
            "text/csv": lambda body, **_parameters: (
                body.decode() if isinstance(body, bytes) else body
            ),
        }
    )
    return OpenAPI.from_dict(spec, config=config)


class _RequestByConcretePath(DjangoOpenAPIRequest):
    # DRF routers use regex routes that openapi-core cannot translate: match the real path.
    @property
    def path_pattern(self):
        return None

    # The API's root /api/v1 is the document's "/" under the server URL /api/v1.
    @property
    def path(self):
        return API_PREFIX if self.request.path == API_PREFIX.rstrip("/") else self.request.path

    # Only responses are validated; a streamed (multipart) request body cannot be read twice.
    @property
    def body(self):
        return b""


class ContractViolation(AssertionError):
    pass


def _must_be_a_problem(request, response):
    if not response["Content-Type"].startswith("application/problem+json"):
        raise ContractViolation(
            f"{request.method} {request.path} is not in the OpenAPI document and answered "
            f"{response.status_code} {response['Content-Type']}, not problem+json"
        )
    if response.status_code not in (404, 405):
        raise ContractViolation(
            f"{request.method} {request.path} is not in the OpenAPI document but answered "
            f"{response.status_code}"
        )


def validate_api_response(response):
    request = response.wsgi_request
    if not (request.path + "/").startswith(API_PREFIX) or request.path in UNDOCUMENTED:
        return
    if request.path.endswith("/"):
        # No documented path ends in a slash; the root "/" is /api/v1 (see /core/no-trailing-slash)
        _must_be_a_problem(request, response)
        return
    try:
        committed_openapi().validate_response(
            _RequestByConcretePath(request), DjangoOpenAPIResponse(response)
        )
    except (PathNotFound, OperationNotFound):
        # Not in the contract (a wrong method, an unknown path): must still be a problem.
        _must_be_a_problem(request, response)
    except Exception as exc:
        raise ContractViolation(
            f"{request.method} {request.path} answered {response.status_code} in a way the "
            f"committed OpenAPI document does not allow: {exc!r}\n{getattr(exc, '__cause__', '')}"
        ) from exc


class ContractCheckingClient(APIClient):
    def request(self, **kwargs):
        response = super().request(**kwargs)
        validate_api_response(response)
        return response

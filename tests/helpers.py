"""Helpers shared by many test modules (fixtures live in conftest.py)."""

from django.test import Client

from tests.openapi_validation import ContractCheckingClient


def assert_problem(response, status, code=None):
    """The response is an application/problem+json answer with this status (and code)."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if code:
        assert body["code"] == code, body
    return body


def admin_client(user_or_employee) -> Client:
    """A Django test client signed in to the admin as this user (or employee's user)."""
    user = getattr(user_or_employee, "user", user_or_employee)
    client = Client()
    client.force_login(user)
    return client


def bearer_client(token: str) -> ContractCheckingClient:
    """An API client that sends ``Authorization: Bearer <token>``."""
    client = ContractCheckingClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client

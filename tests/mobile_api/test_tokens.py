from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mobile_api.models import ApiToken
from mobile_api.tokens import token_issue
from tests.conftest import client_for
from tests.factories import PASSWORD, EmployeeFactory, UserFactory
from tests.helpers import assert_problem


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        "/api/v1/tokens",
        {"gebruikersnaam": username, "wachtwoord": password, **extra},
        format="json",
    )


def test_sign_in_gives_a_working_token_with_expiry(api_client, employee, settings):
    response = sign_in(api_client, employee.user.username, apparaatnaam="Pixel 8")
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("ddna_")
    assert body["apparaatnaam"] == "Pixel 8"
    stored = ApiToken.objects.get(uuid=body["uuid"])
    assert stored.key_hash != body["token"]  # only the hash is kept
    lifetime = stored.expires_at - stored.created_at
    assert abs(lifetime - settings.API_TOKEN_LIFETIME) < timedelta(seconds=5)

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert api_client.get("/api/v1/mij").status_code == 200


def test_wrong_password_is_a_401_problem(api_client, employee):
    response = sign_in(api_client, employee.user.username, "wrong")
    assert_problem(response, 401, "invalid_credentials")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not ApiToken.objects.exists()


def test_unknown_user_and_account_without_employee_get_the_same_401(api_client, db):
    UserFactory(username="operator")  # an installation operator, not an employee
    assert_problem(sign_in(api_client, "operator"), 401, "invalid_credentials")
    assert_problem(sign_in(api_client, "nobody"), 401, "invalid_credentials")


def test_inactive_employee_cannot_sign_in(api_client, employee):
    employee.user.is_active = False
    employee.user.save()
    assert_problem(sign_in(api_client, employee.user.username), 401, "invalid_credentials")


def test_wrong_passwords_are_throttled_even_for_the_right_password(api_client, employee, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(api_client, employee.user.username, "wrong").status_code == 401
    locked = sign_in(api_client, employee.user.username, "wrong")
    assert_problem(locked, 429, "login_locked")
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    # Once locked, the right password does not help either.
    assert_problem(sign_in(api_client, employee.user.username), 429, "login_locked")
    assert not ApiToken.objects.exists()


def test_lockout_is_per_username_and_address(api_client, employee, zeventerpen, settings):
    colleague = EmployeeFactory(organisation=zeventerpen)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(api_client, employee.user.username, "wrong")
    assert sign_in(api_client, colleague.user.username).status_code == 201


def test_successful_sign_in_resets_the_failure_count(api_client, employee, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(api_client, employee.user.username, "wrong")
    assert sign_in(api_client, employee.user.username).status_code == 201
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(api_client, employee.user.username, "wrong").status_code == 401


def test_sign_in_requests_are_rate_limited_per_address(api_client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"tokens": "3/minute"},
    }
    statuses = [sign_in(api_client, f"user-{n}").status_code for n in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert_problem(sign_in(api_client, "user-5"), 429, "throttled")


def test_expired_token_is_a_401_problem(employee):
    token, raw = token_issue(employee=employee)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    from tests.openapi_validation import ContractCheckingClient

    client = ContractCheckingClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.get("/api/v1/mij")
    assert_problem(response, 401, "token_expired")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_sign_out_revokes_the_token(employee):
    token, raw = token_issue(employee=employee)
    from tests.openapi_validation import ContractCheckingClient

    client = ContractCheckingClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.delete(f"/api/v1/tokens/{token.uuid}").status_code == 204
    assert_problem(client.get("/api/v1/mij"), 401, "token_revoked")


def test_unknown_token_is_a_401_problem(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer ddna_not-a-real-token")
    assert_problem(api_client.get("/api/v1/mij"), 401, "unknown_token")


def test_malformed_authorization_header_is_a_401_problem(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    assert_problem(api_client.get("/api/v1/mij"), 401, "invalid_header")


def test_no_credentials_is_a_401_problem(api_client, db):
    assert_problem(api_client.get("/api/v1/mij"), 401, "not_authenticated")


def test_stale_token_does_not_block_signing_in_again(api_client, employee):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer ddna_revoked-long-ago")
    assert sign_in(api_client, employee.user.username).status_code == 201


def test_list_shows_only_own_active_tokens(employee, zeventerpen):
    client = client_for(employee)
    old, _raw = token_issue(employee=employee, device_name="oud")
    ApiToken.objects.filter(pk=old.pk).update(revoked_at=timezone.now())
    token_issue(employee=EmployeeFactory(organisation=zeventerpen))
    response = client.get("/api/v1/tokens")
    assert response.status_code == 200
    assert [t["apparaatnaam"] for t in response.json()] == ["pytest"]
    assert "token" not in response.json()[0]


def test_token_list_query_count_is_constant(employee):
    client = client_for(employee)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/tokens").status_code == 200
        return len(captured)

    one_device = queries()
    for number in range(30):
        token_issue(employee=employee, device_name=f"telefoon {number}")
    assert queries() == one_device
    assert len(client.get("/api/v1/tokens").json()) == 31


@pytest.mark.parametrize("whose", ["colleague", "outsider"])
def test_cannot_revoke_someone_elses_token(employee, zeventerpen, oosterdijk, whose):
    other = EmployeeFactory(organisation=zeventerpen if whose == "colleague" else oosterdijk)
    token, _raw = token_issue(employee=other)
    response = client_for(employee).delete(f"/api/v1/tokens/{token.uuid}")
    assert_problem(response, 404, "not_found")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_malformed_token_id_is_a_404_problem(employee_client):
    assert_problem(employee_client.delete("/api/v1/tokens/not-a-uuid"), 404)

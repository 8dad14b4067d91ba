"""Firebase ID tokens, checked by the real Firebase Admin SDK in Auth-emulator mode."""

from tests.factories import EmployeeFactory
from tests.helpers import assert_problem, bearer_client

bearer = bearer_client


def test_known_identity_signs_in_as_that_employee(firebase_emulator, zeventerpen):
    employee = EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    response = bearer(firebase_emulator("fb-noel")).get("/api/v1/mij")
    assert response.status_code == 200
    assert response.json()["uuid"] == str(employee.uuid)


def test_unknown_identity_is_a_401_and_creates_nobody(firebase_emulator, zeventerpen):
    from django.contrib.auth import get_user_model

    from backend.organisations.models import Employee

    EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-known")
    users_before = get_user_model().objects.count()
    response = bearer(firebase_emulator("fb-stranger", email="x@example.org")).get("/api/v1/mij")
    assert_problem(response, 401, "unknown_identity")
    assert get_user_model().objects.count() == users_before
    assert Employee.objects.count() == 1


def test_expired_id_token_is_a_401(firebase_emulator, zeventerpen):
    EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    response = bearer(firebase_emulator("fb-noel", expires_in=-60)).get("/api/v1/mij")
    assert_problem(response, 401, "token_expired")


def test_token_of_another_firebase_project_is_a_401(firebase_emulator, zeventerpen):
    EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    token = firebase_emulator("fb-noel", project="someone-elses-project")
    assert_problem(bearer(token).get("/api/v1/mij"), 401, "invalid_token")


def test_garbage_is_a_401(firebase_emulator, db):
    assert_problem(bearer("not.a.jwt").get("/api/v1/mij"), 401, "invalid_token")


def test_inactive_employee_with_firebase_identity_is_a_401(firebase_emulator, zeventerpen):
    employee = EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    employee.user.is_active = False
    employee.user.save()
    assert_problem(bearer(firebase_emulator("fb-noel")).get("/api/v1/mij"), 401, "account_inactive")


def test_firebase_tokens_are_refused_when_no_project_is_configured(settings, db):
    settings.FIREBASE_PROJECT_ID = ""
    response = bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").get("/api/v1/mij")
    assert_problem(response, 401, "firebase_not_configured")


def test_without_the_emulator_unsigned_tokens_are_rejected(
    firebase_emulator, zeventerpen, monkeypatch
):
    """Outside emulator mode the SDK demands a Google signature: an unsigned token never passes."""
    EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    token = firebase_emulator("fb-noel")
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST")
    assert_problem(bearer(token).get("/api/v1/mij"), 401, "invalid_token")

"""Issue 7.5: after a password reset the old API tokens kept working for up to 30 days. A
password change, deactivation or role removal ends every earlier sign-in (API tokens and
Firebase ID tokens); with Firebase, revocation is checked where the organisation asks, and
failed Firebase sign-ins are limited like failed passwords."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import firebase_admin
import pytest

from backend.organisations.roles import Role
from backend.organisations.services import (
    employee_set_active,
    employee_set_password,
    employee_set_roles,
)
from mobile_api.firebase import APP_NAME
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.helpers import assert_problem, bearer_client


@pytest.fixture
def signed_in(zeventerpen):
    employee = EmployeeFactory(organisation=zeventerpen, roles=[Role.CONTENT_EDITOR])
    return employee, client_for(employee)


def test_a_password_reset_by_the_admin_ends_the_old_tokens(signed_in, org_admin):
    employee, client = signed_in
    assert client.get("/api/v1/mij").status_code == 200
    employee_set_password(
        employee=employee, password="een-nieuw-wachtwoord-42", actor=org_admin.user
    )
    assert_problem(client.get("/api/v1/mij"), 401, "token_revoked")
    fresh = client_for(employee)  # signing in again works
    assert fresh.get("/api/v1/mij").status_code == 200
    assert len(fresh.get("/api/v1/tokens").json()) == 1  # the old token is not listed


def test_deactivation_ends_the_tokens(signed_in, org_admin):
    employee, client = signed_in
    employee_set_active(employee=employee, active=False, actor=org_admin.user)
    employee_set_active(employee=employee, active=True, actor=org_admin.user)
    assert_problem(client.get("/api/v1/mij"), 401, "token_revoked")


def test_removing_a_role_ends_the_tokens_adding_one_does_not(signed_in, org_admin):
    employee, client = signed_in
    employee_set_roles(
        employee=employee, roles=[Role.CONTENT_EDITOR, Role.RULE_COACH], actor=org_admin.user
    )
    assert client.get("/api/v1/mij").status_code == 200
    employee_set_roles(employee=employee, roles=[Role.RULE_COACH], actor=org_admin.user)
    assert_problem(client.get("/api/v1/mij"), 401, "token_revoked")


def test_the_admin_password_field_ends_the_tokens(signed_in, org_admin):
    from django.urls import reverse

    from tests.admin_pages import change_page_data
    from tests.helpers import admin_client

    employee, client = signed_in
    admin = admin_client(org_admin)
    url = reverse("admin:organisations_employee_change", args=[employee.pk])
    page = {**change_page_data(admin.get(url)), "new_password": "een-nieuw-wachtwoord-42"}
    assert admin.post(url, page).status_code == 302
    assert_problem(client.get("/api/v1/mij"), 401, "token_revoked")


def test_a_firebase_sign_in_from_before_the_reset_is_refused(firebase_emulator, zeventerpen):
    employee = EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    earlier = firebase_emulator("fb-noel", auth_time=int(time.time()) - 600)
    assert bearer_client(earlier).get("/api/v1/mij").status_code == 200
    employee_set_password(employee=employee, password="een-nieuw-wachtwoord-42")
    assert_problem(bearer_client(earlier).get("/api/v1/mij"), 401, "token_revoked")
    later = firebase_emulator("fb-noel", auth_time=int(time.time()) + 1)
    assert bearer_client(later).get("/api/v1/mij").status_code == 200


class _FakeFirebaseAuth(BaseHTTPRequestHandler):
    """The Auth emulator's accounts:lookup, answering from ``users`` (uid -> record)."""

    users: dict = {}
    lookups: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        uid = body["localId"][0]
        type(self).lookups.append(uid)
        users = [self.users[uid]] if uid in self.users else []
        payload = json.dumps({"users": users}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_firebase_auth(firebase_emulator, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeFirebaseAuth)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("FIREBASE_AUTH_EMULATOR_HOST", f"127.0.0.1:{server.server_port}")
    _FakeFirebaseAuth.users, _FakeFirebaseAuth.lookups = {}, []
    _forget_firebase_app()  # the SDK keeps its HTTP client per app: start afresh for this address
    yield _FakeFirebaseAuth
    server.shutdown()
    _forget_firebase_app()


def _forget_firebase_app():
    with contextlib.suppress(ValueError):
        firebase_admin.delete_app(firebase_admin.get_app(APP_NAME))


def test_firebase_revocation_is_asked_only_where_the_organisation_wants_it(
    fake_firebase_auth, firebase_emulator, zeventerpen
):
    EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    issued_at = int(time.time()) - 60
    token = firebase_emulator("fb-noel", iat=issued_at)
    fake_firebase_auth.users["fb-noel"] = {
        "localId": "fb-noel",
        "disabled": False,
        "validSince": str(issued_at + 30),
    }
    assert bearer_client(token).get("/api/v1/mij").status_code == 200
    assert fake_firebase_auth.lookups == []  # not asked

    zeventerpen.firebase_check_revoked = True
    zeventerpen.save()
    assert_problem(bearer_client(token).get("/api/v1/mij"), 401, "token_revoked")
    assert fake_firebase_auth.lookups == ["fb-noel"]

    fake_firebase_auth.users["fb-noel"]["validSince"] = str(issued_at - 30)
    assert bearer_client(token).get("/api/v1/mij").status_code == 200
    fake_firebase_auth.users["fb-noel"]["disabled"] = True
    assert_problem(bearer_client(token).get("/api/v1/mij"), 401, "token_revoked")


def test_failed_firebase_sign_ins_are_limited_per_address_and_identity(
    firebase_emulator, zeventerpen, settings
):
    EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    forged = firebase_emulator("fb-noel", project="iemand-anders")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        assert_problem(bearer_client(forged).get("/api/v1/mij"), 401, "invalid_token")
    locked = bearer_client(firebase_emulator("fb-noel")).get("/api/v1/mij")
    assert_problem(locked, 429, "login_locked")
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()

    EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-collega")
    colleague = bearer_client(firebase_emulator("fb-collega")).get("/api/v1/mij")
    assert colleague.status_code == 200  # the same office address, another colleague


def test_expired_firebase_tokens_do_not_count_as_failures(firebase_emulator, zeventerpen, settings):
    EmployeeFactory(organisation=zeventerpen, firebase_uid="fb-noel")
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        expired = firebase_emulator("fb-noel", expires_in=-60)
        assert_problem(bearer_client(expired).get("/api/v1/mij"), 401, "token_expired")
    assert bearer_client(firebase_emulator("fb-noel")).get("/api/v1/mij").status_code == 200


def test_changing_ones_own_password_in_the_admin_ends_the_other_sign_ins(signed_in):
    from django.urls import reverse

    from tests.factories import PASSWORD
    from tests.helpers import admin_client

    employee, client = signed_in
    response = admin_client(employee).post(
        reverse("admin:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "een-nieuw-wachtwoord-42",
            "new_password2": "een-nieuw-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    assert_problem(client.get("/api/v1/mij"), 401, "token_revoked")

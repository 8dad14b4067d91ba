"""Issues 7.3 and 7.4: a made-up X-Forwarded-For bypassed the sign-in throttle, and behind a
proxy anyone could lock anyone out. The client address is the socket address without proxies,
the Nth address from the right with N trusted proxies, for DRF and django-axes alike."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from backend.common.client_address import client_ip_address
from tests.factories import PASSWORD
from tests.helpers import assert_problem

ATTACKER, VICTIM_HOME, PROXY = "198.51.100.7", "192.0.2.44", "10.0.0.1"


def sign_in(client, username, password, **headers):
    return client.post(
        "/api/v1/tokens",
        {"gebruikersnaam": username, "wachtwoord": password},
        format="json",
        **headers,
    )


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "", "203.0.113.9"),
        (0, "1.2.3.4", "203.0.113.9"),  # no proxy of ours: the header is the client's word
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the client's own prefix is ignored
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        (2, "1.2.3.4", "1.2.3.4"),  # fewer entries than proxies: the leftmost
        (1, "geen-adres", "203.0.113.9"),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected


def test_a_made_up_forwarded_for_does_not_escape_the_sign_in_rate_limit(api_client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [
        sign_in(api_client, f"raad-{n}", "fout", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(25)
    ]
    assert statuses[:20] == [401] * 20
    assert statuses[20:] == [429] * 5


def test_a_made_up_forwarded_for_does_not_escape_the_lockout(api_client, employee, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(api_client, employee.user.username, "fout", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    locked = sign_in(api_client, employee.user.username, PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert_problem(locked, 429, "login_locked")


def test_behind_a_proxy_an_attacker_cannot_lock_out_a_colleague(api_client, employee, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(
            api_client,
            employee.user.username,
            "fout",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{VICTIM_HOME}, {ATTACKER}",
        )
    # The attacker (even pretending to be the victim's address) is locked out ...
    attacker = sign_in(
        api_client,
        employee.user.username,
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{VICTIM_HOME}, {ATTACKER}",
    )
    assert_problem(attacker, 429, "login_locked")
    # ... the colleague, signing in from home through the same proxy, is not.
    victim = sign_in(
        api_client,
        employee.user.username,
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=VICTIM_HOME,
    )
    assert victim.status_code == 201


def test_the_admin_sign_in_uses_the_same_client_address(employee, settings):
    from backend.organisations.roles import Role
    from backend.organisations.services import employee_set_roles

    employee_set_roles(employee=employee, roles=[Role.ORGANISATION_ADMIN])
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("admin:login")
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(url, {"username": employee.user.username, "password": "fout"})
    assert (
        attacker.post(url, {"username": employee.user.username, "password": PASSWORD}).status_code
        == 429
    )
    victim = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM_HOME)
    response = victim.post(url, {"username": employee.user.username, "password": PASSWORD})
    assert response.status_code == 302

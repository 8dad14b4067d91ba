"""Registering the phones that receive pushes: /api/v1/apparaten, signing out, and retiring
devices the app no longer refreshes."""

import datetime

import pytest

from backend.organisations.services import sessions_revoke
from mobile_api.models import ApiToken
from mobile_api.push.devices import devices_retire_stale, target_hash
from mobile_api.push.eligibility import reachable_devices_filter
from mobile_api.push.models import Device
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.helpers import assert_problem
from tests.push.conftest import device_for

URL = "/api/v1/apparaten"
TARGET = "fcm-registration-token:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx"


def _register(client, target=TARGET, **changes):
    body = {"doel": target, "platform": "android", "appVersie": "1.4.0", **changes}
    return client.post(URL, body)


def _days_ago(days):
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)


@pytest.fixture
def colleague(zeventerpen):
    return EmployeeFactory(organisation=zeventerpen)


# Registering


def test_registering_a_device_returns_it_with_201(employee, employee_client):
    response = _register(employee_client, appVersie="2.0.1", platform="ios")

    assert response.status_code == 201, response.json()
    body = response.json()
    device = Device.objects.get()
    assert body["uuid"] == str(device.uuid)
    assert body["platform"] == "ios"
    assert body["doelSoort"] == "token"
    assert body["appVersie"] == "2.0.1"
    assert body["laatstGezien"].endswith("Z")
    assert "doel" not in body
    assert device.employee == employee and device.active
    assert device.target == TARGET and device.target_hash == target_hash(TARGET)
    assert device.target_kind == Device.TargetKind.TOKEN


def test_the_app_version_may_be_left_out(employee_client):
    response = employee_client.post(URL, {"doel": TARGET, "platform": "web"})

    assert response.status_code == 201, response.json()
    assert response.json()["appVersie"] == ""


def test_registering_the_same_target_again_refreshes_the_one_device(employee, employee_client):
    first = _register(employee_client, appVersie="1.4.0").json()
    earlier = _days_ago(10)
    Device.objects.update(last_seen_at=earlier)

    again = _register(employee_client, appVersie="1.5.0")

    assert again.status_code == 200, again.json()
    assert again.json()["uuid"] == first["uuid"]
    assert again.json()["appVersie"] == "1.5.0"
    device = Device.objects.get()
    assert device.last_seen_at > earlier
    assert device.app_version == "1.5.0"
    assert device.employee == employee


def test_registering_a_removed_device_again_makes_it_active_with_201(employee_client):
    first = _register(employee_client).json()
    assert employee_client.delete(f"{URL}/{first['uuid']}").status_code == 204

    again = _register(employee_client)

    assert again.status_code == 201, again.json()
    device = Device.objects.get()
    assert str(device.uuid) == first["uuid"]
    assert device.active and device.deactivation_reason == "" and device.deactivated_at is None


def test_a_target_of_a_colleague_moves_to_the_caller(employee, employee_client, colleague):
    device_for(colleague, TARGET)

    response = _register(employee_client)

    assert response.status_code == 201, response.json()
    device = Device.objects.get()
    assert device.employee == employee and device.active
    assert not Device.objects.filter(employee=colleague).exists()


def test_a_target_of_another_organisation_moves_to_the_caller(employee, employee_client, outsider):
    device_for(outsider, TARGET, active=False, deactivation_reason="signed_out")

    response = _register(employee_client)

    assert response.status_code == 201, response.json()
    device = Device.objects.get()
    assert device.employee == employee
    assert device.active and device.deactivation_reason == ""
    assert client_for(outsider).get(URL).json() == []


def test_a_firebase_installation_id_can_be_registered(employee_client):
    response = _register(employee_client, "fid-cKmzD3zYQjWm", doelSoort="fid")

    assert response.status_code == 201, response.json()
    assert response.json()["doelSoort"] == "fid"
    assert Device.objects.get().target_kind == Device.TargetKind.INSTALLATION


def test_a_target_of_exactly_4096_characters_is_accepted(employee_client):
    target = "x" * 4096

    response = _register(employee_client, target)

    assert response.status_code == 201, response.json()
    assert Device.objects.get().target == target


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"doel": ""}, id="empty-target"),
        pytest.param({"doel": "   "}, id="whitespace-only-target"),
        pytest.param({"doel": "abc def"}, id="target-with-a-space"),
        pytest.param({"doel": " " + TARGET}, id="target-with-a-leading-space"),
        pytest.param({"doel": "abc\ndef"}, id="target-with-a-newline"),
        pytest.param({"doel": "x" * 4097}, id="target-of-4097-characters"),
        pytest.param({"doel": 12345}, id="number-as-target"),
        pytest.param({"doel": None}, id="null-target"),
        pytest.param({"platform": "symbian"}, id="unknown-platform"),
        pytest.param({"doelSoort": "apns"}, id="unknown-target-kind"),
        pytest.param({"appVersie": 2}, id="number-as-app-version"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(employee_client, changes):
    response = _register(employee_client, **changes)

    assert_problem(response, 400)
    assert not Device.objects.exists()


def test_a_missing_platform_is_refused(employee_client):
    assert_problem(employee_client.post(URL, {"doel": TARGET}), 400)
    assert not Device.objects.exists()


def test_a_missing_target_is_refused(employee_client):
    assert_problem(employee_client.post(URL, {"platform": "android"}), 400)
    assert not Device.objects.exists()


def test_registering_needs_a_sign_in(db, api_client):
    assert_problem(_register(api_client), 401)
    assert not Device.objects.exists()


# Listing


def test_the_list_shows_only_the_callers_active_devices(
    employee, employee_client, colleague, outsider
):
    mine = device_for(employee, "mine", last_seen_at=_days_ago(1))
    newer = device_for(employee, "mine-newer", platform="ios", last_seen_at=_days_ago(0))
    device_for(employee, "mine-removed", active=False, deactivation_reason="removed")
    device_for(colleague, "colleague")
    device_for(outsider, "outsider")

    response = employee_client.get(URL)

    assert response.status_code == 200
    assert [device["uuid"] for device in response.json()] == [str(newer.uuid), str(mine.uuid)]
    assert response.json()[0]["platform"] == "ios"


def test_without_devices_the_list_is_empty(employee_client):
    assert employee_client.get(URL).json() == []


# Removing


def test_removing_a_device_deactivates_it(employee, employee_client):
    device = device_for(employee)

    response = employee_client.delete(f"{URL}/{device.uuid}")

    assert response.status_code == 204
    device.refresh_from_db()
    assert not device.active
    assert device.deactivation_reason == Device.Deactivation.REMOVED
    assert device.deactivated_at is not None
    assert employee_client.get(URL).json() == []


def test_removing_a_device_twice_is_a_404(employee, employee_client):
    device = device_for(employee)
    employee_client.delete(f"{URL}/{device.uuid}")

    assert_problem(employee_client.delete(f"{URL}/{device.uuid}"), 404)


def test_a_colleagues_device_cannot_be_removed(employee_client, colleague):
    device = device_for(colleague)

    assert_problem(employee_client.delete(f"{URL}/{device.uuid}"), 404)

    device.refresh_from_db()
    assert device.active and device.deactivation_reason == ""


def test_a_device_of_another_organisation_cannot_be_removed(employee_client, outsider):
    device = device_for(outsider)

    assert_problem(employee_client.delete(f"{URL}/{device.uuid}"), 404)

    device.refresh_from_db()
    assert device.active


# Signing out


def test_signing_out_stops_pushes_to_the_phone_that_signed_in(employee):
    phone_client, tablet_client = client_for(employee), client_for(employee)
    phone = _register(phone_client, "phone-target").json()
    tablet = _register(tablet_client, "tablet-target").json()
    phone_token = Device.objects.get(uuid=phone["uuid"]).api_token
    tablet_token = Device.objects.get(uuid=tablet["uuid"]).api_token
    assert phone_token is not None and tablet_token is not None and phone_token != tablet_token
    assert set(ApiToken.objects.filter(employee=employee)) >= {phone_token, tablet_token}

    response = phone_client.delete(f"/api/v1/tokens/{phone_token.uuid}")

    assert response.status_code == 204
    phone_device = Device.objects.get(uuid=phone["uuid"])
    tablet_device = Device.objects.get(uuid=tablet["uuid"])
    assert not phone_device.active
    assert phone_device.deactivation_reason == Device.Deactivation.SIGNED_OUT
    assert tablet_device.active and tablet_device.deactivation_reason == ""
    assert [device["uuid"] for device in tablet_client.get(URL).json()] == [tablet["uuid"]]


def test_signing_out_another_sign_in_stops_pushes_to_that_phone_only(employee):
    phone_client, tablet_client = client_for(employee), client_for(employee)
    phone = _register(phone_client, "phone-target").json()
    tablet = _register(tablet_client, "tablet-target").json()
    phone_token = Device.objects.get(uuid=phone["uuid"]).api_token

    response = tablet_client.delete(f"/api/v1/tokens/{phone_token.uuid}")

    assert response.status_code == 204
    assert not Device.objects.get(uuid=phone["uuid"]).active
    assert Device.objects.get(uuid=tablet["uuid"]).active


def test_a_device_registered_again_after_signing_in_again_follows_the_new_sign_in(employee):
    old_client = client_for(employee)
    _register(old_client)
    old_token = Device.objects.get().api_token
    new_client = client_for(employee)
    _register(new_client)
    new_token = Device.objects.get().api_token
    assert new_token != old_token

    new_client.delete(f"/api/v1/tokens/{old_token.uuid}")

    assert Device.objects.get().active  # the phone moved to the new sign-in


def _reachable(device):
    now = datetime.datetime.now(datetime.UTC)
    return Device.objects.filter(reachable_devices_filter(now), pk=device.pk).exists()


def test_ending_all_sign_ins_stops_pushes_to_the_phones_registered_with_them(employee):
    client = client_for(employee)
    _register(client)
    device = Device.objects.get()
    assert _reachable(device)

    sessions_revoke(employee=employee)

    assert_problem(client.get(URL), 401, "token_revoked")
    assert not _reachable(device)


def test_a_phone_registered_again_after_all_sign_ins_ended_is_reachable(employee):
    _register(client_for(employee))
    sessions_revoke(employee=employee)

    response = _register(client_for(employee))

    assert response.status_code in (200, 201), response.json()
    assert _reachable(Device.objects.get())


def test_a_revoked_sign_in_makes_its_phone_unreachable(employee):
    client = client_for(employee)
    _register(client)
    device = Device.objects.get()

    client.delete(f"/api/v1/tokens/{device.api_token.uuid}")

    assert not _reachable(device)


# Retiring stale devices


def test_a_device_not_seen_for_61_days_is_deactivated_as_stale(employee):
    now = datetime.datetime.now(datetime.UTC)
    stale = device_for(employee, "stale", last_seen_at=now - datetime.timedelta(days=61))
    recent = device_for(employee, "recent", last_seen_at=now - datetime.timedelta(days=59))

    assert devices_retire_stale(now=now) == 1

    stale.refresh_from_db()
    recent.refresh_from_db()
    assert not stale.active
    assert stale.deactivation_reason == Device.Deactivation.STALE
    assert stale.deactivated_at == now
    assert recent.active and recent.deactivation_reason == ""


def test_retiring_twice_changes_nothing_more(employee):
    now = datetime.datetime.now(datetime.UTC)
    stale = device_for(employee, "stale", last_seen_at=now - datetime.timedelta(days=61))
    devices_retire_stale(now=now)

    assert devices_retire_stale(now=now + datetime.timedelta(hours=1)) == 0

    stale.refresh_from_db()
    assert stale.deactivated_at == now

"""The dispatcher with the real Firebase Admin SDK against the loopback FCM: what each kind of
FCM error does to the device and to the notification."""

import datetime
import itertools
import logging
from datetime import timedelta

import pytest

from mobile_api.push.dispatch import notifications_dispatch
from mobile_api.push.fcm import FcmPushBackend
from mobile_api.push.models import DeliveryAttempt, Device, Notification, PushPause
from tests.push.conftest import at, device_for, inbox_notification

S = Notification.Status
NOW = at(2026, 12, 1, 9, 0)


@pytest.fixture
def fake(request):
    return request.getfixturevalue("fcm_settings")


def due(employee, expires_in=datetime.timedelta(days=7), kind="compliment_received"):
    """A notification due at NOW that has not been pushed yet."""
    return inbox_notification(
        employee,
        kind=kind,
        status=S.PENDING,
        inbox_at=None,
        scheduled_for=NOW,
        expires_at=NOW + expires_in,
    )


def dispatch(moment=NOW):
    return notifications_dispatch(backend=FcmPushBackend(), now=moment, worker="test")


def test_a_push_carries_the_notification_its_kind_and_its_expiry(fake, employee):
    phone = device_for(employee, target="ok-phone")
    notification = due(employee)

    dispatch()

    message = fake.requests_to(phone.target)[0]["message"]
    assert message["data"] == {
        "notificatieId": str(notification.uuid),
        "soort": "compliment_ontvangen",
        "link": "/complimenten/ontvangen",
    }
    assert message["notification"]["title"] == notification.title
    assert message["apns"]["headers"]["apns-priority"] == "10"  # news, not a reminder
    assert message["android"]["collapse_key"] == "compliment_ontvangen"
    notification.refresh_from_db()
    assert notification.status == S.SENT
    attempt = DeliveryAttempt.objects.get()
    assert attempt.message_id.startswith("projects/")


def test_an_unregistered_device_is_retired_after_one_failure(fake, employee):
    gone = device_for(employee, target="unreg-old-phone")
    kept = device_for(employee, target="ok-new-phone")
    due(employee)

    dispatch()

    gone.refresh_from_db()
    assert (gone.active, gone.deactivation_reason) == (False, "unregistered")
    assert Notification.objects.get().status == S.SENT  # the other phone got it
    due(employee)
    dispatch(NOW + datetime.timedelta(days=1))
    assert fake.hits[gone.target] == 1  # never asked again
    assert fake.hits[kept.target] == 2


def test_a_target_fcm_calls_invalid_is_retired(fake, employee):
    device = device_for(employee, target="badtoken-typo")
    due(employee)

    dispatch()

    device.refresh_from_db()
    assert (device.active, device.deactivation_reason) == (False, "invalid_target")
    assert Notification.objects.get().status == S.FAILED


def test_a_refused_payload_fails_the_notification_keeps_the_device_and_logs(fake, employee, caplog):
    device = device_for(employee, target="badpayload-phone")
    due(employee)

    with caplog.at_level(logging.ERROR, logger="mobile_api.push.fcm"):
        dispatch()

    device.refresh_from_db()
    assert device.active
    notification = Notification.objects.get()
    assert notification.status == S.FAILED
    assert DeliveryAttempt.objects.get().outcome == "payload_invalid"
    assert any("payload_invalid" in record.getMessage() for record in caplog.records)


def test_a_429_pauses_all_sending_for_at_least_its_retry_after(fake, employee, zeventerpen):
    from tests.factories import EmployeeFactory

    device_for(employee, target="quota-phone")
    colleague = EmployeeFactory(organisation=zeventerpen)
    other = device_for(colleague, target="ok-colleague")
    first = due(employee)

    dispatch(NOW)

    assert fake.hits["quota-phone"] == 1  # not retried (nor slept on) inside the SDK
    pause = PushPause.objects.get()
    assert pause.until >= NOW + datetime.timedelta(seconds=30)  # FCM's Retry-After
    first.refresh_from_db()
    assert first.status == S.PENDING
    assert first.next_attempt_at >= pause.until
    # While paused nothing goes out, not even someone else's push that falls due.
    second = due(colleague)
    Notification.objects.filter(pk=second.pk).update(scheduled_for=NOW + timedelta(seconds=5))
    for seconds in (10, 20, 29):
        dispatch(NOW + timedelta(seconds=seconds))
    assert sum(fake.hits.values()) == 1
    # After the pause the rest goes out.
    dispatch(pause.until + timedelta(seconds=1))
    assert fake.hits[other.target] == 1
    assert Notification.objects.get(pk=second.pk).status == S.SENT


def test_a_503_that_recovers_is_sent_once(fake, employee):
    device_for(employee, target="flaky-phone")
    due(employee)

    dispatch()

    assert Notification.objects.get().status == S.SENT
    assert list(DeliveryAttempt.objects.values_list("outcome", flat=True)) == ["ok"]
    assert fake.hits["flaky-phone"] == 3  # two 503s answered inside the SDK, then 200


@pytest.mark.parametrize("target", ["down-phone", "internal-phone"])
def test_fcm_down_is_retried_with_backoff_until_the_notification_expires_never_after(
    fake, employee, target
):
    device_for(employee, target=target)
    notification = due(employee, expires_in=datetime.timedelta(minutes=20))
    moments = []

    moment = NOW
    while moment <= NOW + datetime.timedelta(minutes=40):
        before = fake.hits[target]
        dispatch(moment)
        if fake.hits[target] > before:
            moments.append(moment)
        moment += datetime.timedelta(minutes=1)

    notification.refresh_from_db()
    assert notification.status == S.EXPIRED
    assert len(moments) >= 3  # the first try and retries 1 and 5 minutes later
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(moments)]
    assert gaps == sorted(gaps)  # backing off
    assert max(moments) < notification.expires_at
    assert Device.objects.get().active

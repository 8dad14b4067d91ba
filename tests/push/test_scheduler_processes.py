"""The scheduler as processes, on PostgreSQL, against the loopback FCM: killed mid-send and
restarted, or two of them at once, no push goes out twice and none is lost."""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from backend.outbox.models import OutboxEvent
from backend.outbox.services import outbox_event_record
from mobile_api.push.models import DeliveryAttempt, Device, Notification
from mobile_api.push.preferences import preferences_update
from tests.factories import DepartmentFactory, EmployeeFactory, LocationFactory
from tests.push.conftest import device_for
from tests.push.fake_fcm import PROJECT_ID, fake_fcm  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 20

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="several scheduler processes share the work through PostgreSQL's row locks",
    ),
]


@pytest.fixture
def colleagues(transactional_db, zeventerpen):
    """Employees who each just received a compliment; every fifth has a second phone."""
    department = DepartmentFactory(organisation=zeventerpen)
    location = LocationFactory(organisation=zeventerpen)
    now = datetime.datetime.now(datetime.UTC)
    people = []
    for n in range(90):
        person = EmployeeFactory(organisation=zeventerpen, department=department, location=location)
        preferences_update(employee=person, quiet_hours=False)
        device_for(person)
        if n % 5 == 0:
            device_for(person, platform="ios")
        outbox_event_record(
            kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED,
            employee=person,
            subject_uuid=uuid.uuid4(),
            deliver_after=now - datetime.timedelta(minutes=1),
        )
        people.append(person)
    return people


def _environment(fake):
    database = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "FIREBASE_AUTH_EMULATOR_HOST"}
    env.update(
        DJANGO_SETTINGS_MODULE="backend.settings",
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        FIREBASE_PROJECT_ID=PROJECT_ID,
        FIREBASE_CREDENTIALS_FILE=str(fake.credentials_file),
        FCM_ENDPOINT_OVERRIDE=fake.url,
        PUSH_BACKEND="mobile_api.push.fcm.FcmPushBackend",
        PUSH_TICK_SECONDS="1",
        PUSH_LEASE_SECONDS="4",
        PUSH_CLAIM_BATCH="30",
        PUSH_SEND_CHUNK=str(CHUNK),
        # Anything google-auth tries beyond loopback goes to the fake, which refuses it.
        HTTPS_PROXY=fake.url,
        HTTP_PROXY=fake.url,
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def _scheduler(fake):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler"],
        cwd=ROOT,
        env=_environment(fake),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for(condition, what, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting until {what}")


def _all_done():
    return (
        Notification.objects.count() > 0
        and not Notification.objects.filter(status__in=["pending", "sending"]).exists()
        and not OutboxEvent.objects.filter(dispatched_at__isnull=True).exists()
    )


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        _out, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    return err.decode()


def _assert_every_device_got_exactly_one_push(fake, colleagues):
    targets = set(Device.objects.values_list("target", flat=True))
    assert set(fake.hits) == targets
    assert max(fake.hits.values()) == 1, [t for t, n in fake.hits.items() if n > 1]
    compliments = Notification.objects.filter(kind="compliment_received")
    assert compliments.filter(status="sent").count() == len(colleagues)


def test_a_scheduler_killed_mid_send_and_restarted_sends_nothing_twice_and_loses_nothing(
    fake_fcm,  # noqa: F811
    colleagues,
):
    fake_fcm.reset()
    fake_fcm.hold_seconds = 2.0  # FCM is slow to answer: the kill lands mid-send
    first = _scheduler(fake_fcm)
    try:
        _wait_for(lambda: len(fake_fcm.requests) >= CHUNK, "the first chunk reached FCM")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        _stop(first)
    assert len(fake_fcm.requests) == CHUNK  # the rest never left
    assert DeliveryAttempt.objects.filter(outcome="in_flight").count() == CHUNK

    fake_fcm.hold_seconds = 0
    second = _scheduler(fake_fcm)
    try:
        _wait_for(_all_done, "every notification is done")
    finally:
        log = _stop(second)

    _assert_every_device_got_exactly_one_push(fake_fcm, colleagues)
    # The pushes in flight at the kill count as sent (FCM had them) and were not repeated.
    assert DeliveryAttempt.objects.filter(outcome="unknown").count() == CHUNK
    assert DeliveryAttempt.objects.exclude(outcome__in=["ok", "unknown"]).count() == 0
    assert "Handed back" in log


def test_two_schedulers_at_once_share_the_work_without_sending_anything_twice(
    fake_fcm,  # noqa: F811
    colleagues,
):
    fake_fcm.reset()
    fake_fcm.hold_seconds = 0.05
    schedulers = [_scheduler(fake_fcm), _scheduler(fake_fcm)]
    try:
        _wait_for(_all_done, "every notification is done")
    finally:
        logs = [_stop(process) for process in schedulers]

    _assert_every_device_got_exactly_one_push(fake_fcm, colleagues)
    assert DeliveryAttempt.objects.filter(outcome="ok").count() == Device.objects.count()
    compliments = Notification.objects.filter(kind="compliment_received")
    assert compliments.count() == len(colleagues)  # planned once each, by either process
    assert all("Dispatched" in log for log in logs), logs

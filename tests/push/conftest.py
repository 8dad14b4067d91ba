import datetime
import uuid
import zoneinfo

import pytest

from microlessons.models import ActivityDay
from mobile_api.push.backends import LogPushBackend
from mobile_api.push.devices import target_hash
from mobile_api.push.dispatch import notifications_dispatch
from mobile_api.push.models import Device, Notification
from mobile_api.push.planning import notifications_plan

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour=0, minute=0, tz=AMSTERDAM) -> datetime.datetime:
    """A frozen moment, given in local time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=tz)


def device_for(employee, target=None, **fields) -> Device:
    target = target or f"token-{employee.pk}-{uuid.uuid4().hex[:12]}"
    return Device.objects.create(
        employee=employee,
        target=target,
        target_hash=target_hash(target),
        target_kind=fields.pop("target_kind", Device.TargetKind.TOKEN),
        platform=fields.pop("platform", Device.Platform.ANDROID),
        last_seen_at=fields.pop("last_seen_at", datetime.datetime.now(datetime.UTC)),
        **fields,
    )


def practise(employee, day: datetime.date):
    ActivityDay.objects.get_or_create(employee=employee, local_date=day)


def tick(now, backend=None):
    """One scheduler tick at a frozen moment: plan, then dispatch what is due."""
    notifications_plan(now=now)
    return notifications_dispatch(backend=backend or LogPushBackend(), now=now, worker="test")


@pytest.fixture
def log_backend():
    return LogPushBackend()


def inbox_notification(employee, kind="compliment_received", **fields) -> Notification:
    """A notification that already reached the employee's inbox."""
    now = datetime.datetime.now(datetime.UTC)
    return Notification.objects.create(
        organisation_id=employee.organisation_id,
        employee=employee,
        kind=kind,
        delivery_key=f"test:{uuid.uuid4()}",
        template="compliment-1",
        title="Je hebt een compliment gekregen",
        body="Een collega waardeert je.",
        link="/complimenten/ontvangen",
        scheduled_for=fields.pop("scheduled_for", now),
        expires_at=fields.pop("expires_at", now + datetime.timedelta(days=7)),
        status=fields.pop("status", Notification.Status.SENT),
        inbox_at=fields.pop("inbox_at", now),
        **fields,
    )


# The loopback FCM for every test here that asks for it by name.
from tests.push.fake_fcm import fake_fcm, fcm_settings  # noqa: E402, F401

"""Registering, moving and retiring the devices that receive pushes."""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction

from backend.organisations.models import Employee
from mobile_api.models import ApiToken
from mobile_api.push.models import Device

# FCM registration tokens are about 160 characters; Zulip and FCM accept up to 4096.
MAX_TARGET_LENGTH = 4096


def target_hash(target: str) -> str:
    return hashlib.sha256(target.encode()).hexdigest()


@transaction.atomic
def device_register(
    *,
    employee: Employee,
    target: str,
    target_kind: str,
    platform: str,
    app_version: str,
    api_token: ApiToken | None,
    now: datetime.datetime,
) -> tuple[Device, bool]:
    """Register a push target for ``employee``. Registering it again refreshes it; a target that
    belonged to someone else (a shared phone, a sign-in without sign-out) moves to the caller.
    Returns the device and whether it is new to this employee."""
    device = Device.objects.select_for_update().filter(target_hash=target_hash(target)).first()
    if device is None:
        device = Device.objects.create(
            employee=employee,
            target=target,
            target_hash=target_hash(target),
            target_kind=target_kind,
            platform=platform,
            app_version=app_version,
            api_token=api_token,
            last_seen_at=now,
        )
        return device, True
    new_here = device.employee_id != employee.pk or not device.active
    device.employee = employee
    device.target_kind = target_kind
    device.platform = platform
    device.app_version = app_version
    device.api_token = api_token
    device.last_seen_at = now
    device.active = True
    device.deactivated_at = None
    device.deactivation_reason = ""
    device.save()
    return device, new_here


def devices_deactivate(devices, *, reason: str, now: datetime.datetime) -> int:
    return devices.filter(active=True).update(
        active=False, deactivated_at=now, deactivation_reason=reason
    )


def device_remove(*, device: Device, now: datetime.datetime) -> None:
    devices_deactivate(
        Device.objects.filter(pk=device.pk), reason=Device.Deactivation.REMOVED, now=now
    )


def devices_sign_out(*, api_token: ApiToken, now: datetime.datetime) -> int:
    """Signing out of the app stops pushes to the phone it signed in on."""
    return devices_deactivate(
        Device.objects.filter(api_token=api_token), reason=Device.Deactivation.SIGNED_OUT, now=now
    )


def devices_retire_stale(*, now: datetime.datetime) -> int:
    """Deactivate devices the app has not refreshed for ``PUSH_DEVICE_STALE_DAYS`` (FCM calls a
    token stale after a month without contact)."""
    stale_before = now - datetime.timedelta(days=settings.PUSH_DEVICE_STALE_DAYS)
    return devices_deactivate(
        Device.objects.filter(last_seen_at__lt=stale_before),
        reason=Device.Deactivation.STALE,
        now=now,
    )


def devices_delete_inactive(*, organisation, now: datetime.datetime) -> int:
    """Delete the organisation's switched-off devices after its retention period."""
    before = now - datetime.timedelta(days=organisation.inactive_device_retention_days)
    deleted, _ = Device.objects.filter(
        employee__organisation=organisation, active=False, deactivated_at__lt=before
    ).delete()
    return deleted


def active_devices_of(employee: Employee):
    return Device.objects.filter(employee=employee, active=True).order_by("-last_seen_at", "pk")

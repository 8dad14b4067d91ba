"""Each organisation's retention periods, enforced by the scheduler's hourly job: citizens'
contact details, notifications, switched-off devices and audit entries, each after its own
period and only for its own organisation."""

import datetime

from backend.audit.models import AuditEntry
from campaigns.compliments.models import CitizenCompliment
from mobile_api.push.models import Device, Notification
from mobile_api.retention import retention_enforce
from mobile_api.scheduler import enforce_retention_periods
from tests.factories import EmployeeFactory
from tests.push.conftest import device_for, inbox_notification

NOW = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def test_every_kind_goes_after_its_own_organisations_period(zeventerpen, oosterdijk):
    zeventerpen.citizen_contact_retention_days = 30
    zeventerpen.notification_retention_days = 60
    zeventerpen.inactive_device_retention_days = 10
    zeventerpen.audit_retention_days = 365
    zeventerpen.save()
    here, there = (
        EmployeeFactory(organisation=zeventerpen),
        EmployeeFactory(organisation=oosterdijk),
    )

    def citizen(org, days):
        compliment = CitizenCompliment.objects.create(
            organisation=org, message="Fijn geholpen", contact_email="inwoner@example.org"
        )
        CitizenCompliment.objects.filter(pk=compliment.pk).update(created_at=days_ago(days))
        return compliment

    old_citizen, new_citizen, other_citizen = (
        citizen(zeventerpen, 31),
        citizen(zeventerpen, 29),
        citizen(oosterdijk, 31),  # Oosterdijk keeps the default 90 days
    )
    old_note = inbox_notification(here, scheduled_for=days_ago(61))
    waiting = inbox_notification(here, scheduled_for=days_ago(61), status="pending", inbox_at=None)
    other_note = inbox_notification(there, scheduled_for=days_ago(61))
    gone = device_for(here, active=False, deactivated_at=days_ago(11))
    kept = device_for(here, active=False, deactivated_at=days_ago(9))
    other_device = device_for(there, active=False, deactivated_at=days_ago(11))

    def audit(org, days):
        return AuditEntry.objects.create(
            organisation=org,
            action="changed",
            object_type="organisations.department",
            object_id="1",
            object_repr="Afdeling",
            at=days_ago(days),
        )

    old_audit, new_audit, other_audit = (
        audit(zeventerpen, 366),
        audit(zeventerpen, 364),
        audit(oosterdijk, 366),
    )

    removed = retention_enforce(now=NOW)

    assert removed["citizen_contact_details"] == 1
    assert CitizenCompliment.objects.get(pk=old_citizen.pk).contact_email == ""
    assert CitizenCompliment.objects.get(pk=new_citizen.pk).contact_email
    assert CitizenCompliment.objects.get(pk=other_citizen.pk).contact_email
    assert set(Notification.objects.values_list("pk", flat=True)) == {waiting.pk, other_note.pk}
    assert set(Device.objects.values_list("pk", flat=True)) == {kept.pk, other_device.pk}
    assert set(AuditEntry.objects.values_list("pk", flat=True)) == {new_audit.pk, other_audit.pk}
    assert old_note and gone and old_audit
    assert not any(retention_enforce(now=NOW).values())  # idempotent


def test_the_scheduler_runs_the_retention_job(db, settings):
    assert "enforce_retention_periods" in {job["id"] for job in settings.SCHEDULED_JOBS}
    enforce_retention_periods()  # and it runs without anything to do

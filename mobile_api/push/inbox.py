"""The employee's inbox of notifications, and reporting that one was opened."""

import datetime

from django.db import transaction
from django.db.models import QuerySet

from backend.organisations.models import Employee
from mobile_api.push.models import Notification


def inbox(*, employee: Employee, now: datetime.datetime) -> QuerySet[Notification]:
    """What reached the employee (pushed or not) within their organisation's retention
    period, newest first: nothing depends on a push arriving."""
    days = employee.organisation.notification_retention_days
    since = now - datetime.timedelta(days=days)
    return Notification.objects.filter(
        employee=employee, inbox_at__isnull=False, inbox_at__gte=since
    ).order_by("-inbox_at", "-pk")


def notifications_prune(*, organisation, now: datetime.datetime) -> int:
    """Delete the organisation's notifications (and their attempts) older than its retention
    period, except those still waiting to be sent."""
    before = now - datetime.timedelta(days=organisation.notification_retention_days)
    deleted, _ = (
        Notification.objects.filter(organisation=organisation, scheduled_for__lt=before)
        .exclude(status__in=[Notification.Status.PENDING, Notification.Status.SENDING])
        .delete()
    )
    return deleted


def inbox_item(*, employee: Employee, notification_uuid) -> Notification | None:
    return Notification.objects.filter(
        employee=employee, uuid=notification_uuid, inbox_at__isnull=False
    ).first()


@transaction.atomic
def notification_open(
    *, employee: Employee, notification_uuid, now: datetime.datetime
) -> Notification | None:
    """Record that the employee opened a notification; the first moment counts. Opening a
    reminder resets the back-off (see fatigue.py)."""
    notification = (
        Notification.objects.select_for_update()
        .filter(employee=employee, uuid=notification_uuid, inbox_at__isnull=False)
        .first()
    )
    if notification is not None and notification.opened_at is None:
        notification.opened_at = now
        notification.save(update_fields=["opened_at"])
    return notification

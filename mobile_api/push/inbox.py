"""The employee's inbox of notifications, and reporting that one was opened."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from backend.organisations.models import Employee
from mobile_api.push.models import Notification


def inbox(*, employee: Employee, now: datetime.datetime) -> QuerySet[Notification]:
    """What reached the employee (pushed or not), newest first: nothing depends on a push
    arriving."""
    since = now - datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    return Notification.objects.filter(
        employee=employee, inbox_at__isnull=False, inbox_at__gte=since
    ).order_by("-inbox_at", "-pk")


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

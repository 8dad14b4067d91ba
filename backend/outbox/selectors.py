import datetime

from django.db.models import QuerySet

from backend.outbox.models import OutboxEvent


def outbox_events_due(*, now: datetime.datetime) -> QuerySet[OutboxEvent]:
    """Events that may be delivered now and have not been: never one before its moment."""
    return OutboxEvent.objects.filter(dispatched_at__isnull=True, deliver_after__lte=now)

import datetime
import uuid

from backend.organisations.models import Employee
from backend.outbox.models import OutboxEvent


def outbox_event_record(
    *,
    kind: OutboxEvent.Kind,
    employee: Employee,
    subject_uuid: uuid.UUID,
    deliver_after: datetime.datetime,
) -> OutboxEvent:
    """Record that ``kind`` happened for ``employee``; call it inside the domain's own
    transaction. Recording the same event again changes nothing."""
    event, _created = OutboxEvent.objects.get_or_create(
        kind=kind,
        employee=employee,
        subject_uuid=subject_uuid,
        defaults={"organisation_id": employee.organisation_id, "deliver_after": deliver_after},
    )
    return event


def outbox_events_withdraw(*, kind: OutboxEvent.Kind, subject_uuid: uuid.UUID) -> int:
    """Withdraw events not yet dispatched (the thing they announce was taken back)."""
    deleted, _ = OutboxEvent.objects.filter(
        kind=kind, subject_uuid=subject_uuid, dispatched_at__isnull=True
    ).delete()
    return deleted

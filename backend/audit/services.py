"""Recording changes in the audit trail, and the two ways entries are ever touched again."""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from backend.audit.models import AuditEntry

# Never copied into the trail: secrets, derived values, and data with its own retention.
NOT_RECORDED = frozenset(
    {
        "password",
        "key_hash",
        "follow_code_hash",
        "target",
        "target_hash",
        "search_text",
        "content_digest",
        "fingerprint",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
)


def snapshot(obj: models.Model | None) -> dict | None:
    """The object's own fields as JSON values (relations as their ids)."""
    if obj is None:
        return None
    fields = [
        f.name
        for f in obj._meta.concrete_fields
        if f.name not in NOT_RECORDED and not isinstance(f, models.BinaryField)
    ]
    values = model_to_dict(obj, fields=fields)
    for field in obj._meta.concrete_fields:
        if field.name in values and isinstance(field, models.FileField):
            values[field.name] = str(values[field.name] or "")
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder, default=str))


def _organisation_id(obj, actor):
    for candidate in (obj, getattr(obj, "organisation", None)):
        if candidate is None:
            continue
        if candidate._meta.label_lower == "organisations.organisation":
            return candidate.pk
        organisation_id = getattr(candidate, "organisation_id", None) or getattr(
            candidate, "owner_id", None
        )
        if organisation_id:
            return organisation_id
    return getattr(actor, "organisation_id", None)


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    user=None,
    at: datetime.datetime | None = None,
) -> AuditEntry:
    """Record that ``actor`` (an employee, or None for an operator given as ``user``) did
    ``action`` to ``obj``; call it inside the change's own transaction."""
    identifier = getattr(obj, "uuid", None) or obj.pk
    return AuditEntry.objects.create(
        organisation_id=_organisation_id(obj, actor),
        actor=actor,
        actor_is_operator=actor is None and user is not None and user.is_superuser,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(identifier),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        at=at or timezone.now(),
    )


def audit_entries_expire(*, before: datetime.datetime, organisation_id=None) -> int:
    """The retention job: remove entries older than ``before``."""
    entries = AuditEntry.objects.filter(at__lt=before)
    if organisation_id is not None:
        entries = entries.filter(organisation_id=organisation_id)
    deleted, _ = models.QuerySet.delete(entries)
    return deleted


@transaction.atomic
def audit_entries_forget(*, employee_uuid, replacement: str) -> int:
    """AVG erasure: entries about an erased employee no longer name them."""
    entries = AuditEntry.objects.filter(
        object_type="organisations.employee", object_id=str(employee_uuid)
    )
    return models.QuerySet.update(entries, object_repr=replacement, before=None, after=None)

"""Every add, change and delete made in the admin goes into the audit trail, with the values
before and after. Admin actions that run a domain service are recorded by that service."""

from backend.audit.models import AuditEntry
from backend.audit.services import audit_record, snapshot


def _actor(request):
    return getattr(request.user, "employee", None)


class AuditedAdminMixin:
    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            # The stored state, before the form touches the object.
            request._audit_before = {**getattr(request, "_audit_before", {}), obj.pk: snapshot(obj)}
        return obj

    def log_addition(self, request, obj, message):
        audit_record(
            actor=_actor(request),
            user=request.user,
            action=AuditEntry.Action.CREATED,
            obj=obj,
            after=snapshot(obj),
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        before = getattr(request, "_audit_before", {}).get(obj.pk)
        obj.refresh_from_db()
        after = snapshot(obj)
        if after != before:
            audit_record(
                actor=_actor(request),
                user=request.user,
                action=AuditEntry.Action.CHANGED,
                obj=obj,
                before=before,
                after=after,
            )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit_record(
                actor=_actor(request),
                user=request.user,
                action=AuditEntry.Action.DELETED,
                obj=obj,
                before=snapshot(obj),
            )
        return super().log_deletions(request, queryset)

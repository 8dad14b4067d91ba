from django.contrib import admin

from backend.audit.models import AuditEntry
from backend.common.admin_scoping import OrganisationScopedAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(OrganisationScopedAdmin):
    """The organisation admin reads their own organisation's trail; nobody changes it."""

    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    readonly_fields = [
        "at", "actor", "actor_is_operator", "action", "object_type", "object_id",
        "object_repr", "before", "after",
    ]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

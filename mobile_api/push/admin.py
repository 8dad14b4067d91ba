"""The admin for nudges: an organisation's defaults, and a read-only view of notifications so an
organisation admin can answer "why did I (not) get a reminder?"."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backend.common.admin_scoping import OrganisationScopedAdmin, admin_organisation
from mobile_api.push.models import Notification, NudgeDefaults


@admin.register(NudgeDefaults)
class NudgeDefaultsAdmin(OrganisationScopedAdmin):
    list_display = ["organisation", "daily_time", "quiet_start", "quiet_end"]
    fieldsets = [
        (
            _("Times (each employee's own time zone)"),
            {
                "fields": [
                    "daily_time",
                    "streak_time",
                    "announcement_time",
                    "quiet_start",
                    "quiet_end",
                ]
            },
        ),
        (_("Frequency caps"), {"fields": ["max_engagement_per_day", "max_campaign_per_week"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if admin_organisation(request) is None:  # a superuser picks the organisation
            return [(None, {"fields": ["organisation"]}), *fieldsets]
        return fieldsets

    def has_add_permission(self, request):
        organisation = admin_organisation(request)
        if (
            organisation is not None
            and NudgeDefaults.objects.filter(organisation=organisation).exists()
        ):
            return False  # one row per organisation: change it instead
        return super().has_add_permission(request)


@admin.register(Notification)
class NotificationAdmin(OrganisationScopedAdmin):
    list_display = ["employee", "kind", "scheduled_for", "status", "skip_reason", "opened_at"]
    list_filter = ["kind", "status", "skip_reason"]
    search_fields = ["employee__search_text"]
    date_hierarchy = "scheduled_for"
    list_select_related = ["employee"]
    readonly_fields = [
        "employee",
        "kind",
        "title",
        "body",
        "link",
        "local_date",
        "scheduled_for",
        "expires_at",
        "status",
        "skip_reason",
        "attempts",
        "inbox_at",
        "sent_at",
        "opened_at",
        "last_error",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

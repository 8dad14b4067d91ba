from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "backend.audit"
    label = "audit"
    verbose_name = _("Audit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from backend.organisations.permissions import register_role_permissions
        from backend.organisations.roles import Role

        register_role_permissions(Role.ORGANISATION_ADMIN, {"audit.view_auditentry"})

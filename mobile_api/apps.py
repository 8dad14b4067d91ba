from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobileApiConfig(AppConfig):
    name = "mobile_api"
    verbose_name = _("Mobile API")

    def ready(self):
        from backend.organisations.permissions import register_role_permissions
        from backend.organisations.roles import Role
        from mobile_api import (  # noqa: F401  (registers deploy checks and security schemes)
            authentication,
            checks,
        )
        from mobile_api.cors import connect

        connect()
        register_role_permissions(
            Role.ORGANISATION_ADMIN,
            {
                "mobile_api.view_nudgedefaults",
                "mobile_api.add_nudgedefaults",
                "mobile_api.change_nudgedefaults",
                "mobile_api.view_notification",
            },
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MicrolessonsConfig(AppConfig):
    name = "microlessons"
    verbose_name = _("Microlessons")

    def ready(self):
        from backend.organisations.permissions import register_role_permissions
        from backend.organisations.roles import Role
        from microlessons import image_uploads  # noqa: F401  (deletes an image's files with it)
        from microlessons.permissions import (
            CONTENT_EDITOR_PERMISSIONS,
            ORGANISATION_ADMIN_PERMISSIONS,
        )

        register_role_permissions(Role.CONTENT_EDITOR, CONTENT_EDITOR_PERMISSIONS)
        register_role_permissions(Role.ORGANISATION_ADMIN, ORGANISATION_ADMIN_PERMISSIONS)

from django.contrib.admin.apps import AdminConfig


class DienstDnaAdminConfig(AdminConfig):
    """The admin with our own site class (kept apart: app configs load before models)."""

    default_site = "backend.admin_site.DienstDnaAdminSite"

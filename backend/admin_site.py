"""The Django admin in Dutch, open to superusers and to employees whose roles need it."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def may_use_admin(user) -> bool:
    if not user.is_active or user.is_anonymous:
        return False
    if user.is_superuser:
        return True
    employee = getattr(user, "employee", None)
    return employee is not None and employee.organisation.is_active and employee.works_in_admin()


class RoleAwareAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        if not may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class DienstDnaAdminSite(admin.AdminSite):
    site_header = _("Dienst-DNA administration")
    site_title = _("Dienst-DNA")
    index_title = _("Management")
    login_form = RoleAwareAuthenticationForm

    def has_permission(self, request):
        return may_use_admin(request.user)

"""The Django admin in Dutch, open to superusers and to employees whose roles need it."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
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
    # Django's own text speaks of a "staff account"; here the roles decide.
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct username and password. Both fields may be case-sensitive."
        ),
    }

    def confirm_login_allowed(self, user):
        if not may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class OwnPasswordChangeForm(AdminPasswordChangeForm):
    """Changing one's own password goes through the employee service, so it ends the
    employee's sign-ins on other devices, as every password change does."""

    def save(self, commit=True):
        from backend.organisations.services import employee_set_password

        employee = getattr(self.user, "employee", None)
        if employee is None or not commit:
            return super().save(commit=commit)
        employee_set_password(
            employee=employee, password=self.cleaned_data["new_password1"], actor=self.user
        )
        self.user.refresh_from_db(fields=["password"])
        return self.user


class DienstDnaAdminSite(admin.AdminSite):
    site_header = _("Dienst-DNA administration")
    site_title = _("Dienst-DNA")
    index_title = _("Management")
    login_form = RoleAwareAuthenticationForm

    def has_permission(self, request):
        return may_use_admin(request.user)

    def password_change(self, request, extra_context=None):
        from django.contrib.auth.views import PasswordChangeView
        from django.urls import reverse

        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=OwnPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)

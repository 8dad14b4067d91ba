"""The Django admin in Dutch, open to superusers and to employees whose roles need it.

Besides the model pages, apps can add pages of their own (``register_page``), for example the
insights: they appear in the index for those who may see them."""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class AdminPage:
    route: str  # below /admin/, e.g. "inzichten/"
    view: object
    name: str  # URL name in the admin namespace
    title: object
    section: object
    may_view: object  # user -> bool


class DienstDnaAdminSite(admin.AdminSite):
    site_header = _("Dienst-DNA administration")
    site_title = _("Dienst-DNA")
    index_title = _("Management")
    login_form = RoleAwareAuthenticationForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages: list[AdminPage] = []

    def has_permission(self, request):
        return may_use_admin(request.user)

    def register_page(self, page: AdminPage) -> None:
        self.pages.append(page)

    def get_urls(self):
        from django.urls import path

        own = [path(p.route, self.admin_view(p.view), name=p.name) for p in self.pages]
        return own + super().get_urls()

    def get_app_list(self, request, app_label=None):
        from django.urls import reverse

        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        sections: dict = {}
        for page in self.pages:
            if page.may_view(request.user):
                url = reverse(f"{self.name}:{page.name}")
                sections.setdefault(str(page.section), []).append(
                    {
                        "name": page.title,
                        "object_name": page.name,
                        "admin_url": url,
                        "add_url": None,
                        "view_only": True,
                        "perms": {"view": True},
                    }
                )
        for section, pages in sections.items():
            app_list.append(
                {
                    "name": section,
                    "app_label": section.lower(),
                    "app_url": pages[0]["admin_url"],
                    "has_module_perms": True,
                    "models": pages,
                }
            )
        return app_list

    def password_change(self, request, extra_context=None):
        from django.contrib.auth.views import PasswordChangeView
        from django.urls import reverse

        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=OwnPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)

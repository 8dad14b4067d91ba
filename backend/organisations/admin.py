from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from backend.organisations.admin_scoping import OrganisationScopedAdmin, admin_organisation
from backend.organisations.employee_import import (
    EXAMPLE_CSV,
    MAX_IMPORT_BYTES,
    ImportFileError,
    import_employees,
)
from backend.organisations.models import Department, Employee, EmployeeRole, Location, Organisation

User = get_user_model()


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = ""
    list_display = ["name", "slug", "time_zone", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return []
        return ["slug", "is_active"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}


@admin.register(Department)
class DepartmentAdmin(OrganisationScopedAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(Location)
class LocationAdmin(OrganisationScopedAdmin):
    list_display = ["name", "street_address", "city", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "city"]


class EmployeeRoleInline(admin.TabularInline):
    model = EmployeeRole
    extra = 1


class EmployeeAdminForm(forms.ModelForm):
    username = forms.CharField(label=_("username"), max_length=150)
    new_password = forms.CharField(
        label=_("new password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Leave empty to keep the current password (or to sign in only through Firebase)."
        ),
    )

    class Meta:
        model = Employee
        fields = [
            "organisation",
            "employee_number",
            "first_name",
            "name_prefix",
            "last_name",
            "email",
            "department",
            "location",
            "locale",
            "time_zone",
            "firebase_uid",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].initial = self.instance.user.username

    def clean_username(self):
        username = self.cleaned_data["username"]
        taken = User.objects.filter(username__iexact=username)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.user_id)
        if taken.exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password")
        if password:
            user = self.instance.user if self.instance.pk else User()
            validate_password(password, user)
        return password


class EmployeeImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.all(), required=False
    )
    file = forms.FileField(label=_("CSV file"))
    create_missing = forms.BooleanField(
        label=_("Create departments and locations that do not exist yet"), required=False
    )
    deactivate_absent = forms.BooleanField(
        label=_("This file lists all staff: deactivate employees who are not in it"),
        help_text=_(
            "They can no longer sign in; their data stays. You yourself are never deactivated."
        ),
        required=False,
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_organisation = organisation
        if organisation is not None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].required = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def target_organisation(self):
        return self.fixed_organisation or self.cleaned_data["organisation"]


@admin.register(Employee)
class EmployeeAdmin(OrganisationScopedAdmin):
    form = EmployeeAdminForm
    exclude = ["user"]  # the account is edited through the username and password fields
    inlines = [EmployeeRoleInline]
    list_display = ["full_name", "employee_number", "department", "location", "organisation"]
    list_filter = ["organisation", "department", "location", "roles__role"]
    search_fields = ["first_name", "last_name", "employee_number", "email", "user__username"]
    list_select_related = ["organisation", "department", "location"]
    change_list_template = "admin/organisations/employee/change_list.html"

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        user = obj.user if change else User()
        user.username = data["username"]
        user.first_name, user.last_name, user.email = obj.first_name, obj.last_name, obj.email
        if data.get("new_password"):
            user.set_password(data["new_password"])
        elif not change:
            user.set_unusable_password()
        user.save()
        obj.user = user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "importeren/",
                self.admin_site.admin_view(self.import_view),
                name="organisations_employee_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        organisation = admin_organisation(request)
        report = None
        if request.method == "POST":
            form = EmployeeImportForm(request.POST, request.FILES, organisation=organisation)
            if form.is_valid():
                try:
                    report = import_employees(
                        organisation=form.target_organisation(),
                        data=form.cleaned_data["file"].read(),
                        create_missing=form.cleaned_data["create_missing"],
                        deactivate_absent=form.cleaned_data["deactivate_absent"],
                        keep_user=request.user,
                    )
                except ImportFileError as exc:
                    form.add_error("file", str(exc))
                else:
                    messages.success(
                        request,
                        _(
                            "Import done: %(created)s created, %(updated)s updated, "
                            "%(unchanged)s unchanged, %(deactivated)s deactivated, "
                            "%(failed)s rows with errors."
                        )
                        % {
                            "created": report.created,
                            "updated": report.updated,
                            "unchanged": report.unchanged,
                            "deactivated": report.deactivated,
                            "failed": len(report.failed_lines),
                        },
                    )
        else:
            form = EmployeeImportForm(organisation=organisation)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import employees"),
            "form": form,
            "report": report,
            "example_csv": EXAMPLE_CSV,
        }
        return TemplateResponse(request, "admin/organisations/employee/import.html", context)

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backend.common.admin_scoping import (
    OrganisationScopedAdmin,
    admin_organisation,
    adopt_saved_row,
)
from backend.organisations.account_rights import may_manage_account
from backend.organisations.employee_import import (
    EXAMPLE_CSV,
    MAX_IMPORT_BYTES,
    ImportFileError,
    import_employees,
)
from backend.organisations.models import (
    Department,
    Employee,
    ErasureRequest,
    Location,
    Organisation,
)
from backend.organisations.personal_data import employee_erase
from backend.organisations.roles import Role
from backend.organisations.services import (
    UPDATABLE_FIELDS,
    employee_create,
    employee_set_active,
    employee_set_password,
    employee_update,
    refuse_unavailable_username,
)

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


class EmployeeAdminForm(forms.ModelForm):
    """The employee with their account: username, roles, active state and a new password.
    Saved through the employee services (EmployeeAdmin.save_model), never by the form."""

    username = forms.CharField(label=_("username"), max_length=150)
    extra_roles = forms.MultipleChoiceField(
        label=_("roles"),
        choices=[(role.value, role.label) for role in Role if role != Role.EMPLOYEE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every employee also has the role Employee; it cannot be taken away."),
    )
    is_active = forms.BooleanField(
        label=_("active"),
        required=False,
        initial=True,
        help_text=_("Inactive employees cannot sign in; their data stays."),
    )
    new_password = forms.CharField(
        label=_("new password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Leave empty to keep the current password (or to sign in only through Firebase). "
            "A new password ends the employee's sign-ins on every device."
        ),
    )

    class Meta:
        model = Employee
        fields = ["organisation", "employee_number", *UPDATABLE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].initial = self.instance.user.username
            self.fields["extra_roles"].initial = [
                role for role in self.instance.role_values() if role != Role.EMPLOYEE
            ]
            self.fields["is_active"].initial = self.instance.user.is_active
            # A username is the sign-in name people know; it stays as it was created.
            self.fields["username"].disabled = True

    def clean_username(self):
        username = self.cleaned_data["username"]
        if not self.instance.pk:
            try:
                refuse_unavailable_username(username)
            except ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["username"]) from exc
        return username

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password")
        if password:
            user = (
                self.instance.user
                if self.instance.pk
                else User(username=self.cleaned_data.get("username", ""))
            )
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
    clear_empty = forms.BooleanField(
        label=_("Empty cells clear the field"),
        help_text=_(
            "Without this, an empty cell leaves the field as it is. A column that is not in the "
            "file never changes anything."
        ),
        required=False,
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
    list_display = ["full_name", "employee_number", "department", "location", "organisation"]
    list_filter = ["organisation", "department", "location", "roles__role"]
    search_fields = ["first_name", "last_name", "employee_number", "email", "user__username"]
    list_select_related = ["organisation", "department", "location"]
    change_list_template = "admin/organisations/employee/change_list.html"

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("roles")

    def _manageable(self, request, obj):
        return obj is None or may_manage_account(request.user, obj.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._manageable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._manageable(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Shown, not changed: no password field on the page at all.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "new_password"]})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        roles = [Role.EMPLOYEE, *data["extra_roles"]]
        fields = {name: getattr(obj, name) for name in UPDATABLE_FIELDS}
        if change:
            employee = Employee.objects.select_related("user").get(pk=obj.pk)
            employee_update(employee=employee, actor=request.user, roles=roles, **fields)
            employee_set_active(employee=employee, active=data["is_active"], actor=request.user)
        else:
            employee = employee_create(
                organisation=obj.organisation,
                username=data["username"],
                employee_number=obj.employee_number,
                roles=roles,
                actor=request.user,
                **fields,
            )
            employee_set_active(employee=employee, active=data["is_active"], actor=request.user)
        if data.get("new_password"):
            employee_set_password(
                employee=employee, password=data["new_password"], actor=request.user
            )
        adopt_saved_row(obj, employee)

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
                dry_run = "_dry_run" in request.POST
                try:
                    report = import_employees(
                        organisation=form.target_organisation(),
                        data=form.cleaned_data["file"].read(),
                        create_missing=form.cleaned_data["create_missing"],
                        clear_empty=form.cleaned_data["clear_empty"],
                        deactivate_absent=form.cleaned_data["deactivate_absent"],
                        dry_run=dry_run,
                        actor=request.user,
                    )
                except ImportFileError as exc:
                    form.add_error("file", str(exc))
                else:
                    summary = _(
                        "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                        "%(deactivated)s deactivated, %(failed)s rows with errors."
                    ) % {
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                        "deactivated": report.deactivated,
                        "failed": len(report.failed_lines),
                    }
                    if dry_run:
                        messages.info(
                            request,
                            _("Trial run, nothing was saved. The import would do this: %(s)s")
                            % {"s": summary},
                        )
                    else:
                        messages.success(request, _("Import done: %(s)s") % {"s": summary})
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


@admin.register(ErasureRequest)
class ErasureRequestAdmin(OrganisationScopedAdmin):
    """Employees' requests to be forgotten; carrying one out cannot be undone."""

    list_display = ["employee", "requested_at", "carried_out_at", "carried_out_by"]
    list_filter = [("carried_out_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["employee", "requested_at", "carried_out_at", "carried_out_by"]
    fields = readonly_fields
    actions = ["carry_out"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Erase the personal data of the selected employees (cannot be undone)"),
        permissions=["change"],
    )
    def carry_out(self, request, queryset):
        actor = getattr(request.user, "employee", None)
        erased = 0
        for erasure in queryset.filter(carried_out_at__isnull=True).select_related("employee"):
            if actor is not None and erasure.employee_id == actor.pk:
                self.message_user(
                    request, _("Another admin must erase your own data."), messages.WARNING
                )
                continue
            employee_erase(employee=erasure.employee, now=timezone.now(), by=actor)
            erased += 1
        self.message_user(
            request,
            ngettext(
                "Erased the personal data of %(count)s employee.",
                "Erased the personal data of %(count)s employees.",
                erased,
            )
            % {"count": erased},
        )

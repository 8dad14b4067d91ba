"""Admin classes that only ever show the signed-in user's own organisation.

Superusers (the installation's operators) see every organisation. Everybody else sees and edits
only rows of their own organisation; another organisation's object is a 404, exactly as in the API.
"""

from django.http import Http404

from backend.common.admin_locking import OptimisticLockingAdmin


def admin_organisation(request):
    """The organisation an admin user works in, or None for a superuser (all organisations)."""
    if request.user.is_superuser:
        return None
    return request.user.employee.organisation


class OrganisationScopedAdmin(OptimisticLockingAdmin):
    # Path from the model to its organisation, e.g. "organisation" or "employee__organisation".
    organisation_path = "organisation"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        organisation = admin_organisation(request)
        if organisation is None:
            return queryset
        if self.organisation_path == "":
            return queryset.filter(pk=organisation.pk)
        return queryset.filter(**{self.organisation_path: organisation})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404  # never reveal whether the id exists elsewhere
        return obj

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        if admin_organisation(request) is not None and self.organisation_path == "organisation":
            excluded.append("organisation")
        return excluded

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        organisation = admin_organisation(request)
        if organisation is None or self.organisation_path != "organisation":
            return form_class

        class OrganisationBoundForm(form_class):
            """Sets the organisation before validation, so per-organisation uniqueness is
            checked on the form instead of failing in the database."""

            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.instance.organisation = organisation

            def _get_validation_exclusions(self):
                return super()._get_validation_exclusions() - {"organisation"}

        return OrganisationBoundForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        organisation = admin_organisation(request)
        related = db_field.related_model
        if organisation is not None and hasattr(related, "organisation"):
            kwargs["queryset"] = related._default_manager.filter(organisation=organisation)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        organisation = admin_organisation(request)
        if organisation is not None and self.organisation_path == "organisation":
            obj.organisation = organisation
        super().save_model(request, obj, form, change)

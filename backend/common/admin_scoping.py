"""Admin classes that only ever show what the signed-in user's organisation may see.

Superusers (the installation's operators) see every organisation. Everybody else sees and edits
only rows of their own organisation (and, for content, shared rows); another organisation's
object is a 404, exactly as in the API. The same scope limits every choice a form offers (a
foreign key, a many-to-many, a list filter): a relation that has no rule offers nothing, so a
new one cannot leak another organisation's names by default.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404

from backend.common.admin_audit import AuditedAdminMixin
from backend.common.admin_locking import OptimisticLockingAdmin
from backend.common.owned_content import DRAFT, visible_to
from backend.organisations.models import Organisation


def admin_organisation(request):
    """The organisation an admin user works in, or None for a superuser (all organisations)."""
    if request.user.is_superuser:
        return None
    return request.user.employee.organisation


def choices_for(model, organisation):
    """The rows of ``model`` that people of ``organisation`` may pick in a form or filter.

    A model can define ``choosable_by(organisation)`` for a narrower rule; otherwise rows of
    the organisation itself, or (for owned content) its own plus shared rows."""
    manager = model._default_manager
    if organisation is None:
        return manager.all()
    narrower = getattr(model, "choosable_by", None)
    if narrower is not None:
        return narrower(organisation)
    if model is Organisation:
        return manager.filter(pk=organisation.pk)
    field_names = {field.name for field in model._meta.get_fields()}
    if "organisation" in field_names:
        return manager.filter(organisation=organisation)
    if "owner" in field_names:
        return manager.filter(visible_to(organisation.pk))
    return manager.none()


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a relation that names only what the user's organisation may see."""

    def field_choices(self, field, request, model_admin):
        queryset = choices_for(field.related_model, admin_organisation(request))
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


class ScopedChoicesMixin:
    """Limits every foreign-key and many-to-many choice of a form (admin or inline)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault(
            "queryset", choices_for(db_field.related_model, admin_organisation(request))
        )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault(
            "queryset", choices_for(db_field.related_model, admin_organisation(request))
        )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedTabularInline(ScopedChoicesMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedChoicesMixin, admin.StackedInline):
    pass


class ScopedAdmin(AuditedAdminMixin, ScopedChoicesMixin, OptimisticLockingAdmin):
    """Shared by the organisation-scoped and the content admins: scoped choices and filters,
    and a 404 (never a redirect with a message) for what the user may not see, and every change
    in the audit trail.

    ``inline_writers`` (inline model -> (save, delete)) routes every inline row through the
    domain's services, called as ``save(instance, organisation)``; an inline that is not
    listed is read-only."""

    inline_writers: dict | None = None

    def save_formset(self, request, form, formset, change):
        if self.inline_writers is None:
            return super().save_formset(request, form, formset, change)
        # commit=False: the formset only collects what changed (the admin's change message
        # reads that); the services store it.
        changed = formset.save(commit=False)
        writers = self.inline_writers.get(formset.model)
        if writers is None:
            if changed or formset.deleted_objects:
                raise PermissionDenied  # a read-only inline cannot change anything
            return
        save, delete = writers
        organisation = admin_organisation(request)
        for instance in changed:
            save(instance, organisation)
        for instance in formset.deleted_objects:
            delete(instance, organisation)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404  # never reveal whether the id exists elsewhere
        return obj

    def get_list_filter(self, request):
        organisation = admin_organisation(request)
        filters = []
        for entry in super().get_list_filter(request):
            if not isinstance(entry, str):
                filters.append(entry)
                continue
            if organisation is not None and entry == "organisation":
                continue  # one organisation: nothing to filter on
            filters.append(self._scoped_filter(entry))
        return filters

    def _scoped_filter(self, name):
        try:
            field = get_fields_from_path(self.model, name)[-1]
        except FieldDoesNotExist:
            return name
        if field.is_relation:
            return (name, ScopedRelatedFieldListFilter)
        return name


class OrganisationScopedAdmin(ScopedAdmin):
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

    def save_model(self, request, obj, form, change):
        organisation = admin_organisation(request)
        if organisation is not None and self.organisation_path == "organisation":
            obj.organisation = organisation
        super().save_model(request, obj, form, change)


class OwnedContentAdmin(ScopedAdmin):
    """Content owned by an organisation or shared. Visibility: own organisation plus shared.
    Changes: own content only, and only drafts where the content has versions."""

    owner_path = "owner"  # from this model to the owning organisation
    draft_path = None  # from this model to its version's status, if it has one

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        organisation = admin_organisation(request)
        if organisation is None:
            return queryset
        return queryset.filter(visible_to(organisation.pk, path=self.owner_path))

    def owner_id_of(self, obj):
        *relations, owner_field = self.owner_path.split("__")
        for relation in relations:
            obj = getattr(obj, relation)
        return getattr(obj, f"{owner_field}_id")

    def may_change(self, request, obj) -> bool:
        organisation = admin_organisation(request)
        if self.owner_id_of(obj) != (organisation.pk if organisation else None):
            return False
        if self.draft_path:
            status = obj
            for part in self.draft_path.split("__"):
                status = getattr(status, part)
            return status == DRAFT
        return True

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_change(request, obj))

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        if admin_organisation(request) is not None and self.owner_path == "owner":
            excluded.append("owner")
        return excluded


def adopt_saved_row(obj, saved) -> None:
    """The admin goes on with the instance its form built (for messages, redirects, logs);
    make it the row that a service saved, so the admin never saves a model itself."""
    obj.__dict__.update(saved.__dict__)


def domain_error_message(exc) -> str:
    """A domain error as one line for an admin message: the message and every problem."""
    details = "; ".join(f"{path}: {' '.join(msgs)}" for path, msgs in exc.params.items())
    return f"{exc.message} {details}".strip()

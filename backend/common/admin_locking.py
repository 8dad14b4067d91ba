"""Optimistic locking for admin change pages.

Two editors who open the same page would otherwise overwrite each other without knowing: the
second save silently undoes the first. The change form carries the object's ``updated_at`` as it
was when the page was opened; a save whose page is older than the stored row is refused with a
form error, and nothing on the page (inlines included) is saved.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

EDIT_STAMP_FIELD = "edit_stamp"


def edit_stamp(updated_at) -> str:
    return updated_at.isoformat() if updated_at else ""


class EditStampForm(forms.ModelForm):
    edit_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[EDIT_STAMP_FIELD].initial = edit_stamp(
            getattr(self.instance, "updated_at", None)
        )

    def clean(self):
        # Checked before the form's own clean, which may already store things (images).
        if not self.instance._state.adding and self._changed_since_opened():
            raise forms.ValidationError(
                _(
                    "Someone else saved this %(name)s after you opened it. Open it again to "
                    "see their changes, then make yours."
                ),
                code="changed_meanwhile",
                params={"name": self.instance._meta.verbose_name},
            )
        return super().clean()

    def _changed_since_opened(self) -> bool:
        # Inside the admin's transaction: the row lock holds until this save commits, so two
        # saves of the same page cannot both pass the check (PostgreSQL; SQLite serialises).
        stored = (
            type(self.instance)
            ._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        return self.data.get(self.add_prefix(EDIT_STAMP_FIELD)) != edit_stamp(stored)


class OptimisticLockingAdmin(admin.ModelAdmin):
    """Refuses to save a change page that was opened before the object's last save."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not issubclass(self.form, EditStampForm):
            self.form = type(f"Stamped{self.form.__name__}", (EditStampForm, self.form), {})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        fields = [f for f in options["fields"] if f != EDIT_STAMP_FIELD]
        return [(name, {**options, "fields": [*fields, EDIT_STAMP_FIELD]}), *rest]

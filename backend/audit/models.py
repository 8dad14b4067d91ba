"""The audit trail: who changed what, when, with the values before and after.

Append-only: an entry is never changed and only the retention job removes entries (after the
organisation's retention period). One exception, required by the AVG: erasing an employee also
erases their name from entries about them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.organisations.models import Employee, Organisation


class AppendOnly(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit entries are never changed")

    def delete(self):
        raise AppendOnly("audit entries are removed only by audit_entries_expire")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        """Internal values; ``action`` also holds a domain step's own name (e.g. a triage
        decision)."""

        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_is_operator = models.BooleanField(_("by an operator of the installation"), default=False)
    action = models.CharField(_("what"), max_length=60)
    object_type = models.CharField(_("kind of object"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    at = models.DateTimeField(_("when"), db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_per_organisation")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit entries are removed only by audit_entries_expire")

"""Versioned content (lessons, simulations, knowledge tests): drafts that editors change, and
published versions that never change again, because learners' records point at them.

A published row refuses to be saved or deleted; rows inside a version (blocks, steps, choices,
options) ask ``refuse_if_published`` with their version's status before they change.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.common.errors import Conflict
from backend.common.owned_content import DRAFT


class VersionStatus(models.TextChoices):
    DRAFT = DRAFT, _("Draft")
    PUBLISHED = "published", _("Published")


class PublishedVersionChanged(Conflict):
    code = "published_version_immutable"
    title = _("A published version never changes; make a new draft.")


def refuse_if_published(version_status):
    if version_status == VersionStatus.PUBLISHED:
        raise PublishedVersionChanged()


class ImmutableWhenPublished(models.Model):
    """A status field, and no save or delete once the stored row is published."""

    Status = VersionStatus

    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus, default=VersionStatus.DRAFT
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        refuse_if_published(getattr(self, "_status_in_db", None))
        super().save(*args, **kwargs)
        self._status_in_db = self.status

    def delete(self, *args, **kwargs):
        refuse_if_published(getattr(self, "_status_in_db", None))
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._status_in_db = instance.__dict__.get("status")
        return instance

    @property
    def is_published(self):
        return self.status == VersionStatus.PUBLISHED

"""Content that belongs to one organisation, or to nobody: then it is shared with every
organisation (lessons today; simulations and tests next).

One home for the three rules every kind of owned content follows: who sees it
(``visible_to``), who changes it (``may_edit``) and what it may refer to (``usable_by``).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.common.models import BaseModel


class OwnedContent(BaseModel):
    owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("owner"),
        help_text=_("Empty: shared with every organisation."),
    )

    class Meta:
        abstract = True

    @property
    def is_shared(self):
        return self.owner_id is None


def unique_per_owner(fields, name):
    """Uniqueness within one owner, where 'no owner' (shared) counts as one owner too."""
    return [
        models.UniqueConstraint(
            fields=fields, condition=Q(owner__isnull=True), name=f"{name}_shared"
        ),
        models.UniqueConstraint(
            fields=[*fields, "owner"], condition=Q(owner__isnull=False), name=f"{name}_owned"
        ),
    ]


def visible_to(organisation_id, *, path: str = "owner") -> Q:
    """Shared content plus the organisation's own (``path`` leads to the owner)."""
    return Q(**{f"{path}__isnull": True}) | Q(**{f"{path}_id": organisation_id})


def may_edit(content, organisation) -> bool:
    """Editors change their own organisation's content; shared content only operators
    (organisation None) may change."""
    return content.owner_id == (organisation.pk if organisation else None)


def usable_by(referenced, owner_id) -> bool:
    """Whether content owned by ``owner_id`` (None: shared) may point at ``referenced``:
    shared things, or things of the same owner. Shared content may only use shared things,
    so it never drags one organisation's files into every other organisation."""
    return referenced.owner_id is None or referenced.owner_id == owner_id


# The status of a version that is still being written (internal value; every kind of
# versioned content uses it, shown to people as "Concept").
DRAFT = "draft"

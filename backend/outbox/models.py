"""What happened in a domain, written down for whoever delivers it (push, nudges).

A domain service records an event in the same transaction as the change itself, so an event
exists exactly when the change does; the push dispatcher reads the rows after commit. Events
that must not be told before a moment (a compliment before its delivery date) carry
``deliver_after``; nothing may read them earlier.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.organisations.models import Employee, OrganisationOwned


class OutboxEvent(OrganisationOwned):
    class Kind(models.TextChoices):
        """Internal values (English); the push texts are written where they are sent."""

        COMPLIMENT_RECEIVED = "compliment_received", _("Compliment received")
        CITIZEN_COMPLIMENT_RECEIVED = (
            "citizen_compliment_received",
            _("Compliment from a citizen received"),
        )
        RULE_REPORT_UPDATE = "rule_report_update", _("Update on a rule report")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind)
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="outbox_events",
        verbose_name=_("for employee"),
    )
    subject_uuid = models.UUIDField(_("about (UUID)"))
    deliver_after = models.DateTimeField(_("not before"))
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        ordering = ["deliver_after", "id"]
        indexes = [
            models.Index(
                fields=["deliver_after"],
                condition=models.Q(dispatched_at__isnull=True),
                name="outbox_event_waiting",
            )
        ]
        constraints = [
            # One event per thing that happened: a retried service cannot record it twice.
            models.UniqueConstraint(
                fields=["kind", "employee", "subject_uuid"], name="outbox_event_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.subject_uuid})"

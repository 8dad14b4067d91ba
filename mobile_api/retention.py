"""Enforcing each organisation's retention periods (AVG): the scheduler runs this hourly.

What goes, per organisation and after its own period: citizens' contact details on their
compliments, notifications, switched-off devices, and audit entries."""

import datetime
from collections import Counter

from backend.audit.services import audit_entries_expire
from backend.organisations.models import Organisation
from campaigns.compliments.citizen_compliments import citizen_contact_details_purge
from mobile_api.push.devices import devices_delete_inactive
from mobile_api.push.inbox import notifications_prune


def retention_enforce(*, now: datetime.datetime) -> Counter:
    """Idempotent; returns what was removed, by kind."""
    removed = Counter()
    for organisation in Organisation.objects.all():
        removed["citizen_contact_details"] += citizen_contact_details_purge(
            organisation=organisation, now=now
        )
        removed["notifications"] += notifications_prune(organisation=organisation, now=now)
        removed["devices"] += devices_delete_inactive(organisation=organisation, now=now)
        removed["audit_entries"] += audit_entries_expire(
            before=now - datetime.timedelta(days=organisation.audit_retention_days),
            organisation_id=organisation.pk,
        )
    return removed

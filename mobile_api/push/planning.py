"""Planning: turning what is due into notification rows, idempotently.

Every tick proposes what is due by now (catch-up safe: a late or missed tick loses nothing) and
stores it with ``INSERT … ON CONFLICT DO NOTHING`` on the delivery key, so several scheduler
processes, a restart or a re-run never plan a nudge twice.
"""

import datetime
import itertools
import logging

from django.db import transaction

from backend.organisations.models import Employee, Organisation
from backend.outbox.selectors import outbox_events_due
from mobile_api.push.models import Notification
from mobile_api.push.preferences import organisation_defaults
from mobile_api.push.producers import GROUP_PRODUCERS, Group, from_outbox

logger = logging.getLogger(__name__)
INSERT_BATCH = 1000
OUTBOX_BATCH = 500


def _store(notifications) -> int:
    stored = 0
    notifications = iter(notifications)
    while batch := list(itertools.islice(notifications, INSERT_BATCH)):
        Notification.objects.bulk_create(batch, ignore_conflicts=True)
        stored += len(batch)
    return stored


def groups_at(now: datetime.datetime):
    """Every (organisation, time zone) with active employees, as it is there at ``now``."""
    organisations = {
        o.pk: o
        for o in Organisation.objects.filter(is_active=True).select_related("nudge_defaults")
    }
    zones = (
        Employee.objects.filter(organisation__in=organisations.keys(), user__is_active=True)
        .values_list("organisation_id", "time_zone")
        .distinct()
        .order_by("organisation_id", "time_zone")
    )
    for organisation_id, time_zone in zones:
        organisation = organisations[organisation_id]
        yield Group(organisation, organisation_defaults(organisation), time_zone, now)


def outbox_plan(*, now: datetime.datetime) -> int:
    """Turn the domains' due outbox events into notifications and mark them dispatched, in one
    transaction per batch: an event becomes exactly one notification, and none is lost."""
    converted = 0
    while True:
        with transaction.atomic():
            events = list(
                outbox_events_due(now=now)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("deliver_after", "pk")[:OUTBOX_BATCH]
            )
            if not events:
                return converted
            _store(from_outbox(events, now))
            type(events[0]).objects.filter(pk__in=[e.pk for e in events]).update(dispatched_at=now)
            converted += len(events)


def notifications_plan(*, now: datetime.datetime) -> int:
    """One planning tick: everything due by ``now``. Returns the rows proposed."""
    proposed = outbox_plan(now=now)
    for group in groups_at(now):
        for producer in GROUP_PRODUCERS:
            proposed += _store(producer(group))
    if proposed:
        logger.info("Planned %s notifications", proposed)
    return proposed

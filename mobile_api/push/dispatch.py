"""Dispatching: claim due notifications, check them again, push them, record what happened.

1. Claim a batch in a short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several
   scheduler processes share the work without taking the same row).
2. Decide again (eligibility.py): skipped, expired, moved past quiet hours, or sent.
3. Write one ``in_flight`` attempt per device and commit, then push outside any transaction.
4. Record the outcome per device in one transaction: devices FCM no longer knows are
   deactivated, transient failures retried with backoff until the notification expires.

A process that dies mid-send leaves its claim and its in-flight attempts; ``claims_reap`` hands
the claim back once its lease ran out and marks those attempts ``unknown``. A device with an
unknown attempt is never pushed that notification again: FCM has no idempotency key, a second
copy is worse than none, and the inbox holds the notification anyway.
"""

import datetime
import logging
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from mobile_api.push.backends import FCM_LIMIT, PushMessage, PushResult
from mobile_api.push.eligibility import decide, reachable_devices_filter
from mobile_api.push.kinds import API_VALUE, CATALOGUE, Ration
from mobile_api.push.models import DeliveryAttempt, Device, Notification, PushPause

logger = logging.getLogger(__name__)
S = Notification.Status
Outcome = DeliveryAttempt.Outcome
DEACTIVATES = {
    Outcome.UNREGISTERED: Device.Deactivation.UNREGISTERED,
    Outcome.INVALID_TARGET: Device.Deactivation.INVALID_TARGET,
    Outcome.SENDER_MISMATCH: Device.Deactivation.SENDER_MISMATCH,
}
DONE_WITH_DEVICE = {Outcome.OK, Outcome.IN_FLIGHT, Outcome.UNKNOWN, *DEACTIVATES}
QUOTA_PAUSE = "fcm_quota"
MIN_QUOTA_PAUSE = datetime.timedelta(seconds=60)


@dataclass
class DispatchReport:
    claimed: int = 0
    pushes: Counter = field(default_factory=Counter)  # outcome -> count
    decided: Counter = field(default_factory=Counter)  # final status -> count

    def add(self, other: "DispatchReport"):
        self.claimed += other.claimed
        self.pushes.update(other.pushes)
        self.decided.update(other.decided)


def paused_until(now: datetime.datetime) -> datetime.datetime | None:
    pause = PushPause.objects.filter(name=QUOTA_PAUSE, until__gt=now).first()
    return pause.until if pause else None


def notifications_claim(*, now: datetime.datetime, worker: str, limit: int) -> list[Notification]:
    """Claim up to ``limit`` due notifications for ``worker`` (rows others hold are skipped)."""
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=S.PENDING, scheduled_for__lte=now)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("scheduled_for", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        Notification.objects.filter(pk__in=ids, status=S.PENDING).update(
            status=S.SENDING,
            lease_until=now + datetime.timedelta(seconds=settings.PUSH_LEASE_SECONDS),
            claimed_by=worker[:100],
            attempts=F("attempts") + 1,
        )
    return list(Notification.objects.filter(pk__in=ids, status=S.SENDING, claimed_by=worker[:100]))


def claims_reap(*, now: datetime.datetime) -> int:
    """Hand back claims whose lease ran out (their process died): attempts that were in flight
    become ``unknown``, the rest of the devices get their push on the next dispatch."""
    with transaction.atomic():
        expired = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=S.SENDING, lease_until__lt=now)
            .values_list("pk", flat=True)
        )
        if not expired:
            return 0
        DeliveryAttempt.objects.filter(
            notification_id__in=expired, outcome=Outcome.IN_FLIGHT
        ).update(outcome=Outcome.UNKNOWN, error="the sender stopped before FCM answered")
        Notification.objects.filter(pk__in=expired, status=S.SENDING).update(
            status=S.PENDING, lease_until=None, claimed_by="", next_attempt_at=now
        )
    logger.warning("Handed back %s notifications whose sender stopped mid-send", len(expired))
    return len(expired)


def retry_delay(attempt: int, jitter: float = 1.0) -> datetime.timedelta:
    """1, 5, then 15 minutes between attempts; ``jitter`` (1 to 1.2, one per batch) spreads
    the retries of different batches."""
    steps = settings.PUSH_RETRY_DELAYS
    seconds = steps[min(attempt - 1, len(steps) - 1)]
    return datetime.timedelta(seconds=seconds * jitter)


def _update_in_groups(model, objects, fields) -> None:
    """Store ``fields`` of ``objects``: one UPDATE per distinct set of values. A batch mostly
    shares its values (sent now, skipped for one reason), so this is a few statements where
    bulk_update would build a CASE per row and field."""
    groups = defaultdict(list)
    for obj in objects:
        groups[tuple(getattr(obj, field) for field in fields)].append(obj.pk)
    for values, pks in groups.items():
        model.objects.filter(pk__in=pks).update(**dict(zip(fields, values, strict=True)))


def _message(notification: Notification, device: Device) -> PushMessage:
    spec = CATALOGUE[notification.kind]
    return PushMessage(
        device_id=device.pk,
        platform=device.platform,
        target_kind=device.target_kind,
        target=device.target,
        title=notification.title,
        body=notification.body,
        data={
            "notificatieId": str(notification.uuid),
            "soort": API_VALUE[notification.kind],
            "link": notification.link,
        },
        collapse_key=API_VALUE[notification.kind],
        expires_at=notification.expires_at,
        engagement=spec.ration != Ration.STATUS,
    )


def _devices_to_push(notifications: list[Notification], now) -> dict[int, list[Device]]:
    """Per notification, the employee's reachable devices that still need this push."""
    employee_ids = {n.employee_id for n in notifications}
    devices = defaultdict(list)
    for device in Device.objects.filter(
        reachable_devices_filter(now), employee_id__in=employee_ids
    ):
        devices[device.employee_id].append(device)
    done = set(
        DeliveryAttempt.objects.filter(
            notification__in=notifications, outcome__in=DONE_WITH_DEVICE
        ).values_list("notification_id", "device_id")
    )
    return {
        n.pk: [d for d in devices[n.employee_id] if (n.pk, d.pk) not in done] for n in notifications
    }


def _apply_decisions(notifications, decisions, now, report) -> list[Notification]:
    """Store every decision that is not a push; returns the notifications to push."""
    to_push, retexted, not_pushed = [], [], []
    for n in notifications:
        decision = decisions[n.pk]
        if decision.send:
            if decision.text is not None:
                n.template, n.title, n.body = (
                    decision.text.template,
                    decision.text.title,
                    decision.text.body,
                )
                retexted.append(n)
            n.inbox_at = n.inbox_at or now
            to_push.append(n)
            continue
        n.lease_until, n.claimed_by = None, ""
        if decision.later is not None:
            n.status, n.scheduled_for, n.next_attempt_at = S.PENDING, decision.later, None
        else:
            n.status, n.skip_reason = decision.status, decision.reason
            report.decided[decision.status] += 1
        not_pushed.append(n)
    _update_in_groups(Notification, to_push, ["inbox_at"])
    _update_in_groups(Notification, retexted, ["template", "title", "body"])
    _update_in_groups(
        Notification,
        not_pushed,
        ["status", "skip_reason", "scheduled_for", "next_attempt_at", "lease_until", "claimed_by"],
    )
    return to_push


def _final_status(
    n: Notification, latest: dict[int, str], unreached: bool, retry_at
) -> tuple[str, object]:
    """The notification's status from the latest outcome on each of its devices; ``unreached``
    when some of its devices were not pushed in this round (FCM asked us to pause)."""
    outcomes = set(latest.values())
    retryable = outcomes & DeliveryAttempt.RETRYABLE
    if (retryable or unreached) and retry_at < n.expires_at:
        return S.PENDING, retry_at
    if outcomes & {Outcome.OK, Outcome.UNKNOWN}:
        return S.SENT, None
    if not outcomes:
        return (S.EXPIRED, None) if unreached else (S.INBOX_ONLY, None)
    if retryable or unreached:
        return S.EXPIRED, None
    return S.FAILED, None


def _attempts_start(chunk, *, worker: str, now) -> tuple[list, list[DeliveryAttempt]]:
    """Write the chunk's attempts as in flight, and commit, before anything leaves; only for
    notifications this worker still holds (a claim whose lease ran out may have gone to
    another process). Holding them renews the lease."""
    with transaction.atomic():
        owned = set(
            Notification.objects.select_for_update()
            .filter(pk__in={n.pk for n, _d in chunk}, status=S.SENDING, claimed_by=worker[:100])
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=owned).update(
            lease_until=now + datetime.timedelta(seconds=settings.PUSH_LEASE_SECONDS)
        )
        chunk = [(n, d) for n, d in chunk if n.pk in owned]
        numbers = {
            (notification_id, device_id): last
            for notification_id, device_id, last in DeliveryAttempt.objects.filter(
                notification__in=owned, device__in={d.pk for _n, d in chunk}
            )
            .values("notification_id", "device_id")
            .annotate(last=Max("attempt"))
            .values_list("notification_id", "device_id", "last")
        }
        attempts = [
            DeliveryAttempt(notification=n, device=d, attempt=numbers.get((n.pk, d.pk), 0) + 1)
            for n, d in chunk
        ]
        DeliveryAttempt.objects.bulk_create(attempts)
    return chunk, attempts


def _attempts_finish(attempts, results: list[PushResult], now, report) -> datetime.datetime | None:
    """Store each push's outcome and what it means for its device. Returns until when FCM
    asked us to pause, if it did. Attempts without a result (sending stopped) are removed:
    those pushes never left."""
    finished = []
    for attempt, result in zip(attempts, results, strict=False):
        attempt.outcome = result.outcome
        attempt.message_id = result.message_id[:200]
        attempt.error = result.error[:300]
        finished.append(attempt)
        report.pushes[result.outcome] += 1
    waits = [r.retry_after or 0 for r in results if r.outcome == Outcome.QUOTA]
    pause_until = None
    if waits or len(results) < len(attempts):
        pause_until = now + max(datetime.timedelta(seconds=max(waits, default=0)), MIN_QUOTA_PAUSE)
    with transaction.atomic():
        # Replaced rather than updated: every row has its own message id, and two multi-row
        # statements beat an UPDATE with a CASE per row.
        DeliveryAttempt.objects.filter(pk__in=[a.pk for a in attempts]).delete()
        for attempt in finished:
            attempt.pk = None
        DeliveryAttempt.objects.bulk_create(finished)
        for outcome, reason in DEACTIVATES.items():
            device_ids = [a.device_id for a in finished if a.outcome == outcome]
            if device_ids:
                Device.objects.filter(pk__in=device_ids, active=True).update(
                    active=False, deactivated_at=now, deactivation_reason=reason
                )
        if pause_until is not None:
            PushPause.objects.update_or_create(name=QUOTA_PAUSE, defaults={"until": pause_until})
            logger.warning("FCM asked us to slow down: no pushes before %s", pause_until)
    return pause_until


@transaction.atomic
def _notifications_finish(to_push, unreached: set[int], pause_until, *, worker, now, report):
    """Each pushed notification's status from all its attempts, for those this worker still
    holds, in one transaction."""
    owned = set(
        Notification.objects.select_for_update()
        .filter(pk__in=[n.pk for n in to_push], status=S.SENDING, claimed_by=worker[:100])
        .values_list("pk", flat=True)
    )
    to_push = [n for n in to_push if n.pk in owned]
    latest = defaultdict(dict)
    errors = {}
    history = (
        DeliveryAttempt.objects.filter(notification__in=to_push)
        .order_by("notification_id", "device_id", "attempt")
        .values_list("notification_id", "device_id", "outcome", "error")
    )
    for notification_id, device_id, outcome, error in history:
        latest[notification_id][device_id] = outcome
        if error:
            errors[notification_id] = error
    jitter = random.uniform(1.0, 1.2)
    for n in to_push:
        retry_at = max(now + retry_delay(n.attempts, jitter), pause_until or now)
        n.status, n.next_attempt_at = _final_status(n, latest[n.pk], n.pk in unreached, retry_at)
        n.lease_until, n.claimed_by = None, ""
        if n.status in (S.SENT, S.INBOX_ONLY) and n.sent_at is None:
            n.sent_at = now
        n.last_error = errors.get(n.pk, n.last_error)
        report.decided[n.status] += 1
    _update_in_groups(
        Notification,
        to_push,
        ["status", "next_attempt_at", "lease_until", "claimed_by", "sent_at", "last_error"],
    )


def dispatch_batch(*, backend, now: datetime.datetime, worker: str, limit: int) -> DispatchReport:
    """Claim one batch, decide, push chunk by chunk and record. An empty report means nothing
    was due. Each chunk's attempts are committed before it leaves, and its outcomes right after,
    so a process that dies loses at most the outcomes of the chunk in flight."""
    report = DispatchReport()
    if paused_until(now):
        return report
    notifications = notifications_claim(now=now, worker=worker, limit=limit)
    report.claimed = len(notifications)
    if not notifications:
        return report
    to_push = _apply_decisions(notifications, decide(notifications, now), now, report)
    devices_of = _devices_to_push(to_push, now)
    pushes = [(n, device) for n in to_push for device in devices_of[n.pk]]
    pause_until = None
    unreached: set[int] = set()
    size = min(settings.PUSH_SEND_CHUNK, FCM_LIMIT)
    for start in range(0, len(pushes), size):
        if pause_until is not None:  # FCM asked us to wait: the rest goes later
            unreached |= {n.pk for n, _device in pushes[start:]}
            break
        chunk, attempts = _attempts_start(pushes[start : start + size], worker=worker, now=now)
        if not chunk:
            continue
        results = backend.send([_message(n, device) for n, device in chunk])
        pause_until = _attempts_finish(attempts, results, now, report)
        unreached |= {n.pk for n, _device in chunk[len(results) :]}
    _notifications_finish(to_push, unreached, pause_until, worker=worker, now=now, report=report)
    return report


def notifications_dispatch(
    *, backend, now: datetime.datetime | None = None, worker: str, max_batches: int | None = None
) -> DispatchReport:
    """Dispatch batches until nothing is due (or FCM asked us to pause)."""
    report = DispatchReport()
    batches = 0
    while max_batches is None or batches < max_batches:
        moment = now or timezone.now()
        batch = dispatch_batch(
            backend=backend, now=moment, worker=worker, limit=settings.PUSH_CLAIM_BATCH
        )
        report.add(batch)
        batches += 1
        if not batch.claimed:
            break
    return report

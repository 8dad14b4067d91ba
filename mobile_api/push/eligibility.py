"""Checked again at send time, for a claimed batch: is this nudge still wanted now?

Preferences, quiet hours, practice, caps and the back-off may all have changed since planning.
A handful of queries per batch, whatever its size.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Max, Q

from backend.organisations.models import Employee
from microlessons.reminder_selectors import last_practice_days, practice_days_of
from mobile_api.push import fatigue
from mobile_api.push.kinds import CATALOGUE, Ration
from mobile_api.push.models import Notification
from mobile_api.push.preferences import EffectivePreferences, preferences_for_many
from mobile_api.push.texts import Text, pause_notice
from mobile_api.push.timing import local_date_of, outside_quiet_hours

S = Notification.Status
R = Notification.SkipReason
CAP_WINDOW = datetime.timedelta(days=7)
REMINDER_HISTORY = 20  # enough to cover two weeks of backing off
HISTORY_WINDOW = datetime.timedelta(days=fatigue.PAUSE_AFTER_DAYS + 14)
ENGAGEMENT_KINDS = [k for k, spec in CATALOGUE.items() if spec.ration == Ration.ENGAGEMENT]
CAPPED_KINDS = [k for k, spec in CATALOGUE.items() if spec.ration != Ration.STATUS]


@dataclass(frozen=True)
class Decision:
    """``send``; or a final ``status`` with a reason; or ``later`` (out of quiet hours)."""

    send: bool = False
    status: str = ""
    reason: str = ""
    later: datetime.datetime | None = None
    text: Text | None = None  # replaces the planned text (the pause notice)


SEND = Decision(send=True)


class _Counts:
    """What each employee already received, kept up to date as the batch is decided."""

    def __init__(self, employee_ids, preferences, now):
        self.now = now
        self.preferences = preferences
        self.sent = defaultdict(list)  # employee -> [(moment, ration)]
        received = Notification.objects.filter(
            employee_id__in=employee_ids, kind__in=CAPPED_KINDS, inbox_at__gte=now - CAP_WINDOW
        ).values_list("employee_id", "kind", "inbox_at")
        for employee_id, kind, moment in received:
            self.sent[employee_id].append((moment, CATALOGUE[kind].ration))

    def before(self, employee_id) -> fatigue.SentBefore:
        tz = self.preferences[employee_id].time_zone
        today = local_date_of(self.now, tz)
        sent = self.sent[employee_id]
        return fatigue.SentBefore(
            engagement_today=sum(1 for moment, _r in sent if local_date_of(moment, tz) == today),
            campaign_this_week=sum(1 for _m, ration in sent if ration == Ration.CAMPAIGN),
        )

    def add(self, employee_id, ration):
        self.sent[employee_id].append((self.now, ration))


@dataclass(frozen=True)
class _Reminder:
    local_date: datetime.date
    opened: bool
    template: str


def _reminder_histories(employee_ids, now) -> dict[int, list[_Reminder]]:
    """Each employee's reminders of the last weeks that reached them, newest first; an
    employee whose reminders paused longer ago gets just their last pause notice. (A run of
    ignored reminders ends in the pause notice after two weeks, so older ones never matter.)"""
    histories = defaultdict(list)
    recent = (
        Notification.objects.filter(
            employee_id__in=employee_ids,
            kind__in=ENGAGEMENT_KINDS,
            inbox_at__gte=now - HISTORY_WINDOW,
        )
        .order_by("employee_id", "-inbox_at")
        .values_list("employee_id", "local_date", "opened_at", "template")
    )
    for employee_id, day, opened_at, template in recent:
        if len(histories[employee_id]) < REMINDER_HISTORY:
            histories[employee_id].append(_Reminder(day, opened_at is not None, template))
    quiet = [pk for pk in employee_ids if pk not in histories]
    paused = (
        Notification.objects.filter(
            employee_id__in=quiet,
            kind__in=ENGAGEMENT_KINDS,
            template=fatigue.PAUSE_NOTICE_TEMPLATE,
            inbox_at__isnull=False,
            opened_at__isnull=True,
        )
        .values("employee_id")
        .annotate(last=Max("local_date"))
        .values_list("employee_id", "last")
    )
    for employee_id, day in paused:
        histories[employee_id] = [_Reminder(day, False, fatigue.PAUSE_NOTICE_TEMPLATE)]
    return histories


def _history(reminders: list[_Reminder], last_practice) -> fatigue.ReminderHistory:
    answered = [
        (r.local_date, r.opened or (last_practice is not None and last_practice >= r.local_date))
        for r in reminders
    ]
    return fatigue.ReminderHistory(
        ignored_in_a_row=fatigue.ignored_in_a_row(answered),
        ignored_since=fatigue.ignored_since(answered),
        last_reminder_on=reminders[0].local_date if reminders else None,
        last_was_pause_notice=bool(reminders)
        and reminders[0].template == fatigue.PAUSE_NOTICE_TEMPLATE,
    )


def decide(notifications: list[Notification], now: datetime.datetime) -> dict[int, Decision]:
    """A decision per notification id, in the order they fall due."""
    employee_ids = list({n.employee_id for n in notifications})
    preferences = preferences_for_many(employee_ids)
    active = set(
        Employee.objects.filter(
            pk__in=employee_ids, user__is_active=True, organisation__is_active=True
        ).values_list("pk", flat=True)
    )
    day_of = {n.pk: n.local_date for n in notifications if n.local_date}
    practised = practice_days_of(
        pairs=[(n.employee_id, n.local_date) for n in notifications if n.local_date]
    )
    counts = _Counts(employee_ids, preferences, now)
    histories = _reminder_histories(employee_ids, now)
    last_practice = last_practice_days(employee_ids=employee_ids)
    decisions = {}
    for n in sorted(notifications, key=lambda n: (n.scheduled_for, n.pk)):
        prefs: EffectivePreferences | None = preferences.get(n.employee_id)
        decision = _decide_one(
            n,
            prefs,
            now,
            active=n.employee_id in active,
            practised=(n.employee_id, day_of.get(n.pk)) in practised,
        )
        if decision.send and CATALOGUE[n.kind].ration != Ration.STATUS:
            decision = _rationed(n, prefs, counts, histories, last_practice, now)
        if decision.send:
            counts.add(n.employee_id, CATALOGUE[n.kind].ration)
        decisions[n.pk] = decision
    return decisions


def _decide_one(n, prefs, now, *, active: bool, practised: bool) -> Decision:
    spec = CATALOGUE[n.kind]
    if not active or prefs is None:
        return Decision(status=S.SKIPPED, reason=R.INACTIVE)
    if n.expires_at <= now:
        return Decision(status=S.EXPIRED, reason=R.TOO_LATE)
    if not prefs.wants(n.kind):
        return Decision(status=S.SKIPPED, reason=R.MUTED)
    if spec.skipped_when_practised and practised:
        return Decision(status=S.SKIPPED, reason=R.PRACTISED)
    allowed_at = outside_quiet_hours(now, prefs.time_zone, prefs.quiet)
    if allowed_at > now:
        if allowed_at >= n.expires_at:
            return Decision(status=S.EXPIRED, reason=R.QUIET_HOURS)
        return Decision(later=allowed_at)
    return SEND


def _rationed(n, prefs, counts, histories, last_practice, now) -> Decision:
    spec = CATALOGUE[n.kind]
    if fatigue.cap_reached(
        spec.ration,
        counts.before(n.employee_id),
        max_engagement_per_day=prefs.max_engagement_per_day,
        max_campaign_per_week=prefs.max_campaign_per_week,
    ):
        return Decision(status=S.SKIPPED, reason=R.CAP)
    if spec.ration != Ration.ENGAGEMENT:
        return SEND
    today = local_date_of(now, prefs.time_zone)
    history = _history(histories.get(n.employee_id, []), last_practice.get(n.employee_id))
    backoff = fatigue.backoff_decision(history, today)
    if backoff == fatigue.Backoff.SKIP:
        return Decision(status=S.SKIPPED, reason=R.IGNORED)
    if backoff == fatigue.Backoff.SEND_PAUSE_NOTICE:
        return Decision(send=True, text=pause_notice(locale=prefs.locale))
    return SEND


def reachable_devices_filter(now: datetime.datetime) -> Q:
    """Active devices whose sign-in still holds: not revoked or expired, and not from before the
    moment the employee's sign-ins were all ended (a password change, say)."""
    token_holds = Q(api_token__isnull=True) | Q(
        api_token__revoked_at__isnull=True, api_token__expires_at__gt=now
    )
    sessions_hold = (
        Q(employee__sessions_revoked_at__isnull=True)
        | Q(api_token__created_at__gte=F("employee__sessions_revoked_at"))
        | Q(api_token__isnull=True, last_seen_at__gte=F("employee__sessions_revoked_at"))
    )
    return Q(active=True) & token_holds & sessions_hold

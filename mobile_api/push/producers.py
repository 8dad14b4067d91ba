"""Where every push kind comes from: one producer per kind family, reading the domains'
selectors and outbox rows. Each producer returns notifications to plan; planning stores them
idempotently by their delivery key, so a producer may propose the same nudge on every tick.
"""

import datetime
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce

from backend.organisations.models import Employee, Organisation
from backend.outbox.models import OutboxEvent
from campaigns.compliments.selectors import campaigns_with_nomination_news, has_sent_in
from campaigns.rule_reports.selectors import (
    awaiting_triage_count,
    coaches_of,
    reports_of_steps,
    triage_weekday_of,
)
from microlessons.reminder_selectors import (
    due_review_counts,
    practised_on,
    streaks_at_risk,
    with_unfinished_path,
)
from mobile_api.push.kinds import CATALOGUE, DAILY_SLOT_KINDS, Kind
from mobile_api.push.models import Notification, NudgeDefaults
from mobile_api.push.preferences import EffectivePreferences, preferences_for_many
from mobile_api.push.texts import Text, day_rotation, text_for
from mobile_api.push.timing import (
    Window,
    end_of_local_day,
    event_window,
    local_date_of,
    local_time_of,
    same_day_window,
)

BATCH = 2000
OUTBOX_KIND = {
    OutboxEvent.Kind.COMPLIMENT_RECEIVED: Kind.COMPLIMENT_RECEIVED,
    OutboxEvent.Kind.CITIZEN_COMPLIMENT_RECEIVED: Kind.CITIZEN_COMPLIMENT_RECEIVED,
    OutboxEvent.Kind.RULE_REPORT_UPDATE: Kind.RULE_REPORT_UPDATE,
}
S = Notification.Status
R = Notification.SkipReason


@dataclass(frozen=True)
class Group:
    """The employees of one organisation in one time zone, as it is there now."""

    organisation: Organisation
    defaults: NudgeDefaults
    time_zone: str
    now: datetime.datetime

    @property
    def today(self) -> datetime.date:
        return local_date_of(self.now, self.time_zone)

    @property
    def time(self) -> datetime.time:
        return local_time_of(self.now, self.time_zone)

    def employees(self) -> QuerySet[Employee]:
        return Employee.objects.filter(
            organisation=self.organisation, time_zone=self.time_zone, user__is_active=True
        )


def notification(
    *,
    employee_id: int,
    organisation_id: int,
    kind: Kind,
    key: str,
    window: Window,
    text: Text,
    local_date: datetime.date | None = None,
    subject_uuid=None,
    skip_reason: str = "",
) -> Notification:
    spec = CATALOGUE[kind]
    return Notification(
        organisation_id=organisation_id,
        employee_id=employee_id,
        kind=kind,
        delivery_key=key,
        subject_uuid=subject_uuid,
        local_date=local_date,
        template=text.template,
        title=text.title[:120],
        body=text.body[:300],
        link=spec.link.format(subject=subject_uuid),
        scheduled_for=window.send_at,
        expires_at=window.expires_at,
        status=S.SKIPPED if skip_reason else S.PENDING,
        skip_reason=skip_reason,
    )


def skip_reason_for(
    kind: Kind, prefs: EffectivePreferences, window: Window, now, already: str = ""
) -> str:
    """Why a proposed nudge is stored as skipped at once ("" when it is to be sent): the
    domain's reason (``already``), the kind switched off, or no time left to send it in."""
    if already:
        return already
    if not prefs.wants(kind):
        return R.MUTED
    if not window.possible:
        return R.QUIET_HOURS
    if window.expires_at <= now:
        return R.TOO_LATE
    return ""


def _batches(queryset, size=BATCH) -> Iterator[list[int]]:
    # Read the ids first: the inserts that follow change what the query would return.
    ids = iter(list(queryset.order_by("pk").values_list("pk", flat=True)))
    while batch := list(itertools.islice(ids, size)):
        yield batch


def _not_planned(employees: QuerySet[Employee], **notification_filter) -> QuerySet[Employee]:
    planned = Notification.objects.filter(employee=OuterRef("pk"), **notification_filter)
    return employees.exclude(Exists(planned))


def daily_slot(group: Group) -> Iterator[Notification]:
    """At the employee's daily time: the daily lesson while their path has lessons left, else
    their reviews when some are due. One per local date, whichever it is."""
    today = group.today
    due_now = (
        group.employees()
        .annotate(
            nudge_time=Coalesce("nudge_preferences__daily_time", Value(group.defaults.daily_time))
        )
        .filter(nudge_time__lte=group.time)
    )
    candidates = _not_planned(due_now, local_date=today, kind__in=DAILY_SLOT_KINDS)
    end_of_day = end_of_local_day(today, group.time_zone)
    for ids in _batches(candidates):
        preferences = preferences_for_many(ids)
        practised = practised_on(employee_ids=ids, day=today)
        lessons_left = with_unfinished_path(organisation_id=group.organisation.pk, employee_ids=ids)
        reviews = due_review_counts(employee_ids=ids, until=end_of_day)
        for pk in ids:
            kind = (
                Kind.DAILY_LESSON if pk in lessons_left or pk not in reviews else Kind.REVIEWS_DUE
            )
            prefs = preferences[pk]
            skip = ""
            if pk not in lessons_left and pk not in reviews:
                skip = R.NOTHING_DUE
            elif pk in practised and prefs.wants(kind):
                skip = R.PRACTISED
            yield _daily(
                group, pk, prefs, kind, prefs.daily_time, "daily", skip, reviews.get(pk, 0)
            )


def streak_reminders(group: Group) -> Iterator[Notification]:
    """In the evening, for whoever would lose a running streak by not practising today."""
    if group.time < group.defaults.streak_time:
        return
    today = group.today
    candidates = _not_planned(
        streaks_at_risk(group.employees(), today=today),
        local_date=today,
        kind=Kind.STREAK_AT_RISK,
    )
    for ids in _batches(candidates):
        preferences = preferences_for_many(ids)
        for pk in ids:
            prefs = preferences[pk]
            yield _daily(group, pk, prefs, Kind.STREAK_AT_RISK, prefs.streak_time, "streak")


def _daily(group, pk, prefs, kind, at, slot, skip="", count=0) -> Notification:
    today = group.today
    window = same_day_window(today, at, prefs.time_zone, prefs.quiet)
    return notification(
        employee_id=pk,
        organisation_id=group.organisation.pk,
        kind=kind,
        key=f"{slot}:{pk}:{today.isoformat()}",
        window=window,
        text=text_for(kind, locale=prefs.locale, rotation=day_rotation(today, pk), count=count),
        local_date=today,
        skip_reason=skip_reason_for(kind, prefs, window, group.now, skip),
    )


def campaign_news(group: Group) -> Iterator[Notification]:
    """The morning a compliment campaign opens, and on its last day for who has not sent one."""
    if group.time < group.defaults.announcement_time:
        return
    day = group.organisation.local_date(group.now)
    for campaign in campaigns_with_nomination_news(organisation_id=group.organisation.pk, day=day):
        for kind, audience in (
            (Kind.CAMPAIGN_STARTED, group.employees()),
            (Kind.CAMPAIGN_CLOSING, group.employees().exclude(has_sent_in(campaign))),
        ):
            opens_or_closes = (
                campaign.nomination_starts_on
                if kind == Kind.CAMPAIGN_STARTED
                else campaign.nomination_ends_on
            )
            if opens_or_closes != day:
                continue
            candidates = _not_planned(audience, kind=kind, subject_uuid=campaign.uuid)
            for ids in _batches(candidates):
                preferences = preferences_for_many(ids)
                for pk in ids:
                    yield _announcement(group, pk, preferences[pk], kind, campaign, day)


def _announcement(group, pk, prefs: EffectivePreferences, kind, campaign, day) -> Notification:
    window = same_day_window(day, prefs.announcement_time, prefs.time_zone, prefs.quiet)
    return notification(
        employee_id=pk,
        organisation_id=group.organisation.pk,
        kind=kind,
        key=f"{kind}:{campaign.pk}:{pk}",
        window=window,
        text=text_for(kind, locale=prefs.locale, rotation=pk, name=campaign.name),
        local_date=day,
        subject_uuid=campaign.uuid,
        skip_reason=skip_reason_for(kind, prefs, window, group.now),
    )


def triage_reminders(group: Group) -> Iterator[Notification]:
    """On the weekly triage day, for the coaches, when reports are waiting."""
    if group.time < group.defaults.announcement_time:
        return
    organisation_id = group.organisation.pk
    today = group.today
    if today.weekday() != triage_weekday_of(organisation_id=organisation_id):
        return
    coaches = _not_planned(
        coaches_of(organisation_id=organisation_id).filter(pk__in=group.employees().values("pk")),
        local_date=today,
        kind=Kind.TRIAGE_REMINDER,
    )
    ids = list(coaches.values_list("pk", flat=True))
    waiting = awaiting_triage_count(organisation_id=organisation_id) if ids else 0
    if not waiting:
        return
    preferences = preferences_for_many(ids)
    for pk in ids:
        prefs = preferences[pk]
        window = same_day_window(today, prefs.announcement_time, prefs.time_zone, prefs.quiet)
        yield notification(
            employee_id=pk,
            organisation_id=organisation_id,
            kind=Kind.TRIAGE_REMINDER,
            key=f"triage:{pk}:{today.isoformat()}",
            window=window,
            text=text_for(
                Kind.TRIAGE_REMINDER,
                locale=prefs.locale,
                rotation=day_rotation(today, pk),
                count=waiting,
            ),
            local_date=today,
            skip_reason=skip_reason_for(Kind.TRIAGE_REMINDER, prefs, window, group.now),
        )


def from_outbox(events: Iterable[OutboxEvent], now: datetime.datetime) -> Iterator[Notification]:
    """What the domains recorded (a compliment delivered, a step on a rule report)."""
    events = list(events)
    preferences = preferences_for_many({event.employee_id for event in events})
    report_of_step = reports_of_steps(
        step_uuids=[e.subject_uuid for e in events if e.kind == OutboxEvent.Kind.RULE_REPORT_UPDATE]
    )
    for event in events:
        kind = OUTBOX_KIND[event.kind]
        prefs = preferences.get(event.employee_id)
        if prefs is None:
            continue
        lifetime = datetime.timedelta(hours=CATALOGUE[kind].expires_after_hours)
        window = event_window(event.deliver_after, prefs.time_zone, prefs.quiet, lifetime)
        subject = report_of_step.get(event.subject_uuid, event.subject_uuid)
        yield notification(
            employee_id=event.employee_id,
            organisation_id=event.organisation_id,
            kind=kind,
            key=f"outbox:{event.pk}",
            window=window,
            text=text_for(kind, locale=prefs.locale, rotation=event.pk),
            subject_uuid=subject,
            skip_reason=skip_reason_for(kind, prefs, window, now),
        )


# Every kind of the catalogue and the producer that plans it (a test checks that none is
# missing and that each producer really plans its kinds).
PRODUCERS = {
    daily_slot: (Kind.DAILY_LESSON, Kind.REVIEWS_DUE),
    streak_reminders: (Kind.STREAK_AT_RISK,),
    campaign_news: (Kind.CAMPAIGN_STARTED, Kind.CAMPAIGN_CLOSING),
    triage_reminders: (Kind.TRIAGE_REMINDER,),
    from_outbox: tuple(OUTBOX_KIND.values()),
}
GROUP_PRODUCERS = (daily_slot, streak_reminders, campaign_news, triage_reminders)

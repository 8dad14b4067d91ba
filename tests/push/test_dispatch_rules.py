"""Dispatching checks every nudge again at send time: quiet hours, caps, practice, the back-off,
preferences; and pushes each notification once per device, whatever happens mid-send."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.outbox.models import OutboxEvent
from backend.outbox.services import outbox_event_record
from mobile_api.push.backends import LogPushBackend
from mobile_api.push.dispatch import claims_reap, notifications_dispatch
from mobile_api.push.inbox import notification_open
from mobile_api.push.kinds import Kind
from mobile_api.push.models import DeliveryAttempt, Notification, NudgeDefaults
from mobile_api.push.planning import notifications_plan
from mobile_api.push.preferences import preferences_update
from mobile_api.tokens import token_issue, token_revoke
from tests.factories import CampaignFactory
from tests.microlessons.builders import import_module
from tests.push.conftest import at, device_for, practise, tick

S = Notification.Status
TUESDAY = datetime.date(2026, 12, 1)


@pytest.fixture
def module(zeventerpen):
    return import_module(zeventerpen, lessons=3)


def pushes_to(employee):
    return DeliveryAttempt.objects.filter(notification__employee=employee)


def compliment_event(employee, moment):
    outbox_event_record(
        kind=OutboxEvent.Kind.COMPLIMENT_RECEIVED,
        employee=employee,
        subject_uuid=uuid.uuid4(),
        deliver_after=moment,
    )


def test_the_daily_lesson_reaches_every_device_once(employee, module):
    phone, tablet = device_for(employee), device_for(employee, platform="ios")

    tick(at(2026, 12, 1, 8, 30))
    tick(at(2026, 12, 1, 8, 31))

    nudge = Notification.objects.get(kind=Kind.DAILY_LESSON)
    assert nudge.status == S.SENT
    assert nudge.inbox_at == nudge.sent_at == at(2026, 12, 1, 8, 30)
    assert sorted(pushes_to(employee).values_list("device_id", "outcome")) == sorted(
        [(phone.pk, "ok"), (tablet.pk, "ok")]
    )


def test_without_a_device_the_notification_still_reaches_the_inbox(employee, module):
    tick(at(2026, 12, 1, 8, 30))
    nudge = Notification.objects.get(kind=Kind.DAILY_LESSON)
    assert (nudge.status, nudge.inbox_at) == (S.INBOX_ONLY, at(2026, 12, 1, 8, 30))


def test_nothing_is_pushed_in_quiet_hours_it_waits_for_their_end(employee):
    device_for(employee)
    compliment_event(employee, at(2026, 12, 1, 22, 15))
    moment = at(2026, 12, 1, 22, 15)

    while moment < at(2026, 12, 2, 7, 30):
        tick(moment)
        assert not pushes_to(employee).exists(), moment
        moment += datetime.timedelta(minutes=15)
    tick(at(2026, 12, 2, 7, 30))

    assert pushes_to(employee).get().notification.kind == Kind.COMPLIMENT_RECEIVED


def test_quiet_hours_chosen_after_planning_hold_at_send_time(employee, module):
    device_for(employee)
    notifications_plan(now=at(2026, 12, 1, 8, 30))
    preferences_update(employee=employee, quiet_hours=(datetime.time(22), datetime.time(9)))

    tick(at(2026, 12, 1, 8, 30))
    assert not pushes_to(employee).exists()
    nudge = Notification.objects.get(kind=Kind.DAILY_LESSON)
    assert (nudge.status, nudge.scheduled_for) == (S.PENDING, at(2026, 12, 1, 9, 0))

    tick(at(2026, 12, 1, 9, 0))
    assert pushes_to(employee).count() == 1


def test_a_nudge_that_cannot_leave_quiet_hours_before_it_expires_expires(employee, module):
    device_for(employee)
    notifications_plan(now=at(2026, 12, 1, 8, 30))
    preferences_update(employee=employee, quiet_hours=(datetime.time(8), datetime.time(23)))

    tick(at(2026, 12, 1, 8, 30))

    nudge = Notification.objects.get(kind=Kind.DAILY_LESSON)
    assert (nudge.status, nudge.skip_reason) == (S.EXPIRED, "quiet_hours")
    assert not pushes_to(employee).exists()


def test_a_lesson_done_before_the_nudge_time_skips_the_nudge(employee, module):
    device_for(employee)
    notifications_plan(now=at(2026, 12, 1, 8, 30))
    practise(employee, TUESDAY)  # between planning and sending

    tick(at(2026, 12, 1, 8, 31))

    nudge = Notification.objects.get(kind=Kind.DAILY_LESSON)
    assert (nudge.status, nudge.skip_reason) == (S.SKIPPED, "practised")
    assert not pushes_to(employee).exists()
    assert nudge.inbox_at is None


def test_a_kind_switched_off_after_planning_is_not_sent(employee, module):
    device_for(employee)
    notifications_plan(now=at(2026, 12, 1, 8, 30))
    preferences_update(employee=employee, muted_kinds=[Kind.DAILY_LESSON])

    tick(at(2026, 12, 1, 8, 31))

    assert Notification.objects.get().skip_reason == "muted"
    assert not pushes_to(employee).exists()


def test_caps_hold_on_a_busy_day_but_status_news_still_goes_through(zeventerpen, employee, module):
    device_for(employee)
    # Three engagement nudges due at 10:00: the daily lesson, two campaigns opening.
    preferences_update(employee=employee, daily_time=datetime.time(10))
    for name in ("Valentijn 2027", "Dankjewel-week"):
        CampaignFactory(organisation=zeventerpen, name=name, nomination_starts_on=TUESDAY)
    practise(employee, TUESDAY - datetime.timedelta(days=1))
    practise(employee, TUESDAY - datetime.timedelta(days=2))
    compliment_event(employee, at(2026, 12, 1, 19, 0))

    for hour in (10, 19):  # the streak reminder and the compliment come at 19:00
        tick(at(2026, 12, 1, hour, 0))

    statuses = dict(Notification.objects.values_list("kind", "status").order_by("kind", "status"))
    sent = Notification.objects.filter(status=S.SENT)
    engagement = sent.exclude(kind=Kind.COMPLIMENT_RECEIVED)
    assert engagement.count() == 2  # the organisation's default cap
    assert Notification.objects.filter(status=S.SKIPPED, skip_reason="cap").count() == 2
    assert statuses[Kind.COMPLIMENT_RECEIVED] == S.SENT
    assert statuses[Kind.STREAK_AT_RISK] == S.SKIPPED


def test_the_organisation_sets_the_cap(zeventerpen, employee, module):
    NudgeDefaults.objects.create(organisation=zeventerpen, max_engagement_per_day=1)
    device_for(employee)
    practise(employee, TUESDAY - datetime.timedelta(days=1))
    practise(employee, TUESDAY - datetime.timedelta(days=2))
    CampaignFactory(organisation=zeventerpen, nomination_starts_on=TUESDAY)

    for hour in (8, 10, 19):
        tick(at(2026, 12, 1, hour, 30))

    assert Notification.objects.filter(status=S.SENT).count() == 1


def test_campaign_news_is_capped_per_week(zeventerpen, employee):
    device_for(employee)
    for n in range(4):
        day = TUESDAY + datetime.timedelta(days=n)
        CampaignFactory(organisation=zeventerpen, name=f"Campagne {n}", nomination_starts_on=day)
        tick(at(day.year, day.month, day.day, 10, 0))

    assert Notification.objects.filter(kind=Kind.CAMPAIGN_STARTED, status=S.SENT).count() == 3
    assert Notification.objects.filter(skip_reason="cap").count() == 1


def days_from(first: datetime.date, count: int):
    return [first + datetime.timedelta(days=n) for n in range(count)]


def test_ignored_reminders_come_less_often_and_an_open_brings_them_back(employee, module):
    device_for(employee)
    for day in days_from(TUESDAY, 5):
        tick(at(day.year, day.month, day.day, 8, 30))

    daily = Notification.objects.filter(kind=Kind.DAILY_LESSON).order_by("local_date")
    # Three ignored in a row: from then on every other day.
    assert [n.status for n in daily] == [S.SENT, S.SENT, S.SENT, S.SKIPPED, S.SENT]
    assert daily[3].skip_reason == "ignored"

    notification_open(employee=employee, notification_uuid=daily[4].uuid, now=at(2026, 12, 5, 9, 0))
    tick(at(2026, 12, 6, 8, 30))
    assert Notification.objects.get(local_date=datetime.date(2026, 12, 6)).status == S.SENT


def test_after_two_weeks_ignored_one_last_message_then_silence(employee, module):
    device_for(employee)
    for day in days_from(TUESDAY, 30):
        tick(at(day.year, day.month, day.day, 8, 30))

    sent = dict(Notification.objects.filter(status=S.SENT).values_list("local_date", "template"))
    # Daily, then every other day, then a week later, then the last message.
    assert [(day - TUESDAY).days for day in sorted(sent)] == [0, 1, 2, 4, 6, 13, 14]
    assert sent[TUESDAY + datetime.timedelta(days=14)] == "pauze"
    # Practising again starts the reminders again.
    practise(employee, datetime.date(2026, 12, 31))
    tick(at(2027, 1, 1, 8, 30))
    assert Notification.objects.get(local_date=datetime.date(2027, 1, 1)).status == S.SENT


def test_a_device_of_a_signed_out_session_gets_nothing(employee, module):
    token, _raw = token_issue(employee=employee, device_name="telefoon")
    device = device_for(employee, api_token=token)
    token_revoke(token=token)
    device.active = True  # even if the device row were still active
    device.save()

    tick(at(2026, 12, 1, 8, 30))

    assert not pushes_to(employee).exists()


class ProcessDied(BaseException):
    """Stands in for the process being killed: nothing in our code catches it."""


class DyingPushService:
    """A push service during which our process dies after the pushes left."""

    name = "dying"

    def send(self, messages):
        raise ProcessDied


def test_a_process_that_dies_mid_send_is_reaped_and_nothing_is_pushed_twice(
    zeventerpen, employee, module, settings
):
    settings.PUSH_LEASE_SECONDS = 60
    device_for(employee)
    notifications_plan(now=at(2026, 12, 1, 8, 30))
    with pytest.raises(ProcessDied):
        notifications_dispatch(
            backend=DyingPushService(), now=at(2026, 12, 1, 8, 30), worker="dying"
        )
    nudge = Notification.objects.get(kind=Kind.DAILY_LESSON)
    assert nudge.status == S.SENDING
    assert pushes_to(employee).get().outcome == "in_flight"

    # Before the lease runs out nobody touches it; afterwards it is handed back.
    assert claims_reap(now=at(2026, 12, 1, 8, 30) + datetime.timedelta(seconds=30)) == 0
    assert claims_reap(now=at(2026, 12, 1, 8, 32)) == 1
    notifications_dispatch(backend=LogPushBackend(), now=at(2026, 12, 1, 8, 32), worker="next")

    nudge.refresh_from_db()
    assert nudge.status == S.SENT
    assert list(pushes_to(employee).values_list("outcome", flat=True)) == ["unknown"]


def test_after_a_restart_the_devices_that_were_not_reached_still_get_their_push(employee, module):
    first = device_for(employee)
    notifications_plan(now=at(2026, 12, 1, 8, 30))
    with pytest.raises(ProcessDied):
        notifications_dispatch(
            backend=DyingPushService(), now=at(2026, 12, 1, 8, 30), worker="dying"
        )
    second = device_for(employee)  # registered while the first attempt hung

    claims_reap(now=at(2026, 12, 1, 9, 0))
    notifications_dispatch(backend=LogPushBackend(), now=at(2026, 12, 1, 9, 0), worker="next")

    assert dict(pushes_to(employee).values_list("device_id", "outcome")) == {
        first.pk: "unknown",
        second.pk: "ok",
    }


def test_dispatch_queries_do_not_grow_with_the_batch(zeventerpen, module):
    from tests.factories import EmployeeFactory

    def run(count, day):
        for _n in range(count):
            device_for(EmployeeFactory(organisation=zeventerpen))
        notifications_plan(now=at(2026, 12, day, 8, 30))
        with CaptureQueriesContext(connection) as captured:
            notifications_dispatch(
                backend=LogPushBackend(), now=at(2026, 12, day, 8, 30), worker="w"
            )
        return len(captured.captured_queries)

    few = run(3, 1)
    many = run(30, 2)
    assert Notification.objects.filter(status=S.SENT).count() == 3 + 33
    assert many == few


def test_reminders_stay_paused_long_after_the_last_message(employee, module):
    device_for(employee)
    for day in days_from(TUESDAY, 75):  # the pause notice comes on day 14
        tick(at(day.year, day.month, day.day, 8, 30))

    sent = Notification.objects.filter(status=S.SENT)
    assert sent.count() == 7
    assert sent.order_by("-local_date").first().template == "pauze"

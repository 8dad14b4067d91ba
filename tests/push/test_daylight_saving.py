"""Exactly one daily nudge per local date across both daylight-saving changes, for daily times
of 00:00, 02:30 and 08:00, in Amsterdam and New York: the case where a cron job in local time
skips a day in spring and fires twice in autumn. The scheduler ticks in UTC, every 30 minutes
of a frozen clock here, and each tick plans and dispatches what is due."""

import datetime
import zoneinfo

import pytest

from mobile_api.push.inbox import notification_open
from mobile_api.push.kinds import Kind
from mobile_api.push.models import DeliveryAttempt, Notification
from mobile_api.push.preferences import preferences_update
from tests.factories import EmployeeFactory
from tests.microlessons.builders import import_module
from tests.push.conftest import device_for, tick

DAILY_TIMES = (datetime.time(0, 0), datetime.time(2, 30), datetime.time(8, 0))
CHANGES = [
    pytest.param("Europe/Amsterdam", datetime.date(2026, 3, 29), id="amsterdam-spring"),
    pytest.param("Europe/Amsterdam", datetime.date(2026, 10, 25), id="amsterdam-autumn"),
    pytest.param("America/New_York", datetime.date(2026, 3, 8), id="new-york-spring"),
    pytest.param("America/New_York", datetime.date(2026, 11, 1), id="new-york-autumn"),
]


@pytest.mark.parametrize("zone, change_day", CHANGES)
def test_one_daily_nudge_per_local_date_across_a_clock_change(zeventerpen, zone, change_day):
    import_module(zeventerpen, lessons=5)
    learners = {}
    for daily_time in DAILY_TIMES:
        learner = EmployeeFactory(organisation=zeventerpen, time_zone=zone)
        # No quiet hours: the nudge goes at the chosen time itself, even in the night.
        preferences_update(employee=learner, daily_time=daily_time, quiet_hours=False)
        device_for(learner)
        learners[daily_time] = learner
    days = [change_day + datetime.timedelta(days=n) for n in (-1, 0, 1)]
    tz = zoneinfo.ZoneInfo(zone)
    moment = datetime.datetime.combine(days[0], datetime.time(), tz).astimezone(datetime.UTC)
    end = datetime.datetime.combine(days[-1] + datetime.timedelta(days=1), datetime.time(), tz)

    while moment < end:
        tick(moment)
        # The learner taps every nudge, so the back-off never thins them out.
        for sent in Notification.objects.filter(status="sent", opened_at__isnull=True):
            notification_open(employee=sent.employee, notification_uuid=sent.uuid, now=moment)
        moment += datetime.timedelta(minutes=30)

    for daily_time, learner in learners.items():
        nudges = Notification.objects.filter(employee=learner, kind=Kind.DAILY_LESSON)
        assert sorted(nudges.values_list("local_date", flat=True)) == days, daily_time
        for nudge in nudges:
            assert nudge.status == "sent"
            pushed_at = nudge.sent_at.astimezone(tz)
            assert pushed_at.date() == nudge.local_date
            expected = daily_time
            if nudge.local_date == change_day and daily_time == datetime.time(2, 30):
                expected = _after_the_skipped_hour(zone, change_day)
            assert pushed_at.time() == expected, (nudge.local_date, daily_time)
            # A repeated time counts at its first occurrence (fold=0).
            first = datetime.datetime.combine(nudge.local_date, expected, tz)
            assert nudge.sent_at == first.astimezone(datetime.UTC)
        assert DeliveryAttempt.objects.filter(notification__employee=learner).count() == 3


def _after_the_skipped_hour(zone, day):
    """02:30 exists on the autumn day (the first one counts); in spring it moves forward."""
    return datetime.time(3, 30) if day.month == 3 else datetime.time(2, 30)

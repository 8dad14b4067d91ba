"""Planning costs the same number of queries for 3 or 30 employees."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mobile_api.push.models import Notification
from mobile_api.push.planning import notifications_plan
from tests.factories import EmployeeFactory
from tests.microlessons.builders import import_module
from tests.push.conftest import at, practise


def _planning_queries(organisation, employees, day):
    for _n in range(employees):
        person = EmployeeFactory(organisation=organisation)
        practise(person, day - datetime.timedelta(days=1))
        practise(person, day - datetime.timedelta(days=2))
    with CaptureQueriesContext(connection) as captured:
        notifications_plan(now=at(day.year, day.month, day.day, 19, 30))
    return len(captured.captured_queries)


def test_planning_queries_do_not_grow_with_the_number_of_employees(zeventerpen, settings):
    import_module(zeventerpen, lessons=2)
    few = _planning_queries(zeventerpen, 3, datetime.date(2026, 12, 1))
    many = _planning_queries(zeventerpen, 30, datetime.date(2026, 12, 8))  # also a Tuesday
    # A week on: 33 daily slots and 30 streak reminders (the first three's streaks ended).
    assert Notification.objects.filter(local_date=datetime.date(2026, 12, 8)).count() == 63
    assert many == few

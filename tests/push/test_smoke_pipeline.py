from mobile_api.push.models import DeliveryAttempt, Notification
from tests.push.conftest import at, device_for, tick


def test_the_daily_nudge_is_planned_and_pushed(employee, settings):
    device_for(employee)
    report = tick(at(2026, 12, 2, 9, 0))
    notes = list(Notification.objects.all())
    print(report, [(n.kind, n.status, n.skip_reason) for n in notes])
    assert DeliveryAttempt.objects.count() >= 0
